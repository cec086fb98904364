#!/usr/bin/env node
/**
 * bench/soak: pylambda dev and LocalFunction.invoke over a long run, sampled from outside. A correctness check, not a
 * timing: whatever grows without bound (RSS, live heap, open fds, processes, the state directory's entries, the
 * environments' TMPDIRs) shows as a last third above the first, and anything left after stop as a non-zero last column.
 *
 *   node bench/soak.mjs
 *   SOAK_SECONDS=300 SOAK_CONCURRENCY=6 SOAK_RELOAD_EVERY=100 SOAK_SAMPLE_MS=2000 SOAK_MODE=both|dev|lib
 *   SOAK_LIB_SECONDS=120 SOAK_PYTHON=.venv-test/bin/python
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { editProject } from './soak-project.mjs';
import { ROOT, scratchDirs, soaked, startDev } from './soak-run.mjs';
import { heapFileIn, sample, trendTable } from './soak-sample.mjs';
import { mixedKind, traffic } from './soak-traffic.mjs';

const env = process.env;
const SECONDS = Number(env.SOAK_SECONDS ?? 300);
const LIB_SECONDS = Number(env.SOAK_LIB_SECONDS ?? Math.ceil(SECONDS / 2));
const CONCURRENCY = Number(env.SOAK_CONCURRENCY ?? 6);
const RELOAD_EVERY = Number(env.SOAK_RELOAD_EVERY ?? 100);
const SAMPLE_MS = Number(env.SOAK_SAMPLE_MS ?? 2000);
const MODE = env.SOAK_MODE ?? 'both';
const PYTHON = env.SOAK_PYTHON ?? (existsSync(join(ROOT, '.venv-test/bin/python')) ? join(ROOT, '.venv-test/bin/python') : 'python3');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sampler(target) {
  const samples = [];
  const timer = setInterval(() => samples.push(sample(target)), SAMPLE_MS);
  return { samples, stop: () => clearInterval(timer) };
}

const clients = traffic(CONCURRENCY);

// --- dev -----------------------------------------------------------------------------------------

async function soakDev() {
  const scratch = scratchDirs('dev');
  const { run, events, urls, target } = await startDev(scratch, PYTHON);
  const sampling = sampler(target);
  const outcomes = {};
  let sent = 0;
  let reloads = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < deadline) {
      const n = sent++;
      if (n > 0 && n % RELOAD_EVERY === 0) editProject(scratch.project, ++reloads);
      const outcome = await clients.send(mixedKind(n), urls, n);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  }));
  sampling.stop();
  await sleep(4000);
  const settled = sample(target);
  run.child.kill('SIGINT');
  await run.exited;
  await sleep(500);
  const after = sample({ ...target, pid: -1 });
  console.log(`\ndev: ${sent} requests, ${reloads} reloads, ${events.filter((e) => e.type === 'reload').length} reload events, ${SECONDS} s, concurrency ${CONCURRENCY}`);
  console.log(`outcomes: ${JSON.stringify(outcomes)}`);
  console.log(`settled 4 s after the last request: ${JSON.stringify(settled)}`);
  const errors = events.filter((e) => e.type === 'error' || e.type === 'reload-failed');
  if (errors.length) console.log(`dev's errors: ${JSON.stringify(errors.slice(0, 5))}`);
  console.log(`\n${trendTable('dev', sampling.samples, after)}`);
  return scratch;
}

// --- the library ---------------------------------------------------------------------------------

async function soakLibrary() {
  const scratch = scratchDirs('lib');
  const run = soaked([join(ROOT, 'bench/soak-lib.mjs'), scratch.project, PYTHON, String(LIB_SECONDS), String(CONCURRENCY)], scratch.project, scratch);
  let output = '';
  run.child.stdout.on('data', (d) => (output += d));
  const target = { pid: run.child.pid, root: scratch.project, tmp: scratch.tmp, heapFile: heapFileIn(scratch.dir) };
  const sampling = sampler(target);
  // The child prints once it has shut its function down, then waits: what it holds then is what shutdown left.
  while (!output.includes('\n') && run.child.exitCode === null) await sleep(100);
  sampling.stop();
  await sleep(500);
  const after = sample(target);
  await run.exited;
  console.log(`\nLocalFunction.invoke: ${LIB_SECONDS} s, concurrency ${CONCURRENCY}: ${output.trim()} ${run.stderr().trim()}`);
  console.log(`\n${trendTable('LocalFunction', sampling.samples, after)}`);
  return scratch;
}

const dirs = [];
if (MODE !== 'lib') dirs.push(await soakDev());
if (MODE !== 'dev') dirs.push(await soakLibrary());
if (!env.SOAK_KEEP) for (const { dir } of dirs) rmSync(dir, { recursive: true, force: true });
clients.destroy();
