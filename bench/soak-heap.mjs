#!/usr/bin/env node
/**
 * bench/soak-heap: which of the soak's kinds of traffic leaves pylambda dev's heap larger. Starts dev as bench/soak.mjs
 * does, sends ONE kind of request (bench/soak-traffic.mjs's KINDS, or `reload`: an edit every 10 slow requests, so
 * reloads land while requests are in flight) in bursts, and takes a heap snapshot after a full collection before the
 * first burst and after each, then compares them (bench/soak-heap-diff.mjs). What grows in proportion to the bursts is
 * a leak; what grows by the first and not the second is warm-up (V8's code and feedback, caches filling).
 *
 *   node bench/soak-heap.mjs KIND [WARMUP,BURST1,BURST2=100,500,2000] [CONCURRENCY=6]
 *   SOAK_PYTHON=.venv-test/bin/python SOAK_KEEP=1 (keeps the snapshots, under $TMPDIR/pylambda-soak-heap-*)
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diff, heapTotals, isCode, readSnapshot } from './soak-heap-diff.mjs';
import { editProject } from './soak-project.mjs';
import { ROOT, scratchDirs, startDev } from './soak-run.mjs';
import { sample } from './soak-sample.mjs';
import { KINDS, traffic } from './soak-traffic.mjs';

const [kind, bursts = '100,500,2000', concurrency = '6'] = process.argv.slice(2);
if (!KINDS.includes(kind) && kind !== 'reload') {
  console.error(`usage: node bench/soak-heap.mjs ${[...KINDS, 'reload'].join('|')} [WARMUP,BURST1,BURST2] [CONCURRENCY]`);
  process.exit(2);
}
const [warmup, ...sizes] = bursts.split(',').map(Number);
const PYTHON = process.env.SOAK_PYTHON ?? (existsSync(join(ROOT, '.venv-test/bin/python')) ? join(ROOT, '.venv-test/bin/python') : 'python3');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const scratch = scratchDirs('heap');
const { run, events, urls, target } = await startDev(scratch, PYTHON, { SOAK_SNAPSHOT_DIR: scratch.dir });
const clients = traffic(Number(concurrency));
let sent = 0;
let reloads = 0;
const outcomes = {};

async function burst(count) {
  const end = sent + count;
  await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
    while (sent < end) {
      const n = sent++;
      if (kind === 'reload' && n % 10 === 0) editProject(scratch.project, ++reloads);
      const outcome = await clients.send(kind === 'reload' ? 'slow' : kind, urls, n);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  }));
  clients.destroy();
  // What a request's end starts (an environment's teardown after a crash, a timeout's kill) finishes.
  await sleep(4000);
}

let taken = 0;
async function snapshot() {
  const name = join(scratch.dir, `snapshot-${++taken}`);
  run.child.kill('SIGUSR2');
  while (!existsSync(`${name}.done`)) await sleep(100);
  return `${name}.heapsnapshot`;
}

await burst(warmup);
const paths = [await snapshot()];
for (const size of sizes) {
  const started = Date.now();
  await burst(size);
  paths.push(await snapshot());
  console.log(`burst of ${size} ${kind}: ${((Date.now() - started) / 1000).toFixed(1)} s, dev: ${JSON.stringify(sample(target))}`);
}
console.log(`outcomes: ${JSON.stringify(outcomes)}; ${reloads} edits, ${events.filter((e) => e.type === 'reload').length} reload events`);
const errors = events.filter((e) => e.type === 'error' || e.type === 'reload-failed');
if (errors.length) console.log(`dev's errors: ${JSON.stringify(errors.slice(0, 3))}`);
run.child.kill('SIGINT');
await run.exited;

const snaps = paths.map(readSnapshot);
const perRequest = (bytes, k) => `${bytes >= 0 ? '+' : ''}${bytes} B (${(bytes / sizes[k - 1]).toFixed(1)} B/request)`;
for (let k = 1; k < snaps.length; k++) {
  const [before, after] = [heapTotals(snaps[k - 1]), heapTotals(snaps[k])];
  console.log(`\nburst ${k} (${sizes[k - 1]} ${kind}): heap ${before.all} -> ${after.all} B, ${perRequest(after.all - before.all, k)}; V8's code and feedback ${perRequest(after.code - before.code, k)}, the rest ${perRequest(after.all - after.code - before.all + before.code, k)}`);
  for (const { c, count, size } of diff(snaps[k - 1], snaps[k], 400).filter((row) => !isCode(row.c)).slice(0, 15)) console.log(`  ${String(size).padStart(9)} B ${String(count).padStart(6)}  ${c}`);
}
if (process.env.SOAK_KEEP) console.log(`\nsnapshots: ${readdirSync(scratch.dir).filter((f) => f.endsWith('.heapsnapshot')).map((f) => `${join(scratch.dir, f)} (${statSync(join(scratch.dir, f)).size} B)`).join(', ')}`);
else rmSync(scratch.dir, { recursive: true, force: true });
