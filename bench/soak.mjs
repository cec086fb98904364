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
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { editProject, writeProject } from './soak-project.mjs';
import { heapFileIn, sample, trendTable } from './soak-sample.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const SECONDS = Number(env.SOAK_SECONDS ?? 300);
const LIB_SECONDS = Number(env.SOAK_LIB_SECONDS ?? Math.ceil(SECONDS / 2));
const CONCURRENCY = Number(env.SOAK_CONCURRENCY ?? 6);
const RELOAD_EVERY = Number(env.SOAK_RELOAD_EVERY ?? 100);
const SAMPLE_MS = Number(env.SOAK_SAMPLE_MS ?? 2000);
const MODE = env.SOAK_MODE ?? 'both';
const PYTHON = env.SOAK_PYTHON ?? (existsSync(join(ROOT, '.venv-test/bin/python')) ? join(ROOT, '.venv-test/bin/python') : 'python3');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A child node process run with the heap probe and a TMPDIR of its own, sampled every SAMPLE_MS until `until` settles. */
function soaked(args, cwd, scratch) {
  const child = spawn(process.execPath, ['--expose-gc', '--import', join(ROOT, 'bench/soak-probe.mjs'), ...args], {
    cwd, env: { ...env, TMPDIR: scratch.tmp, SOAK_HEAP_FILE: heapFileIn(scratch.dir) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return { child, exited, stderr: () => stderr };
}

function scratchDirs(name) {
  const dir = mkdtempSync(join(tmpdir(), `pylambda-soak-${name}-`));
  const tmp = join(dir, 'tmp');
  const project = join(dir, 'project');
  mkdirSync(tmp);
  writeProject(project);
  return { dir, tmp, project };
}

function sampler(target) {
  const samples = [];
  const timer = setInterval(() => samples.push(sample(target)), SAMPLE_MS);
  return { samples, stop: () => clearInterval(timer) };
}

// --- requests ------------------------------------------------------------------------------------

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(url, { method = 'GET', body, agent = keepAlive, abortAfterMs, abortOnData } = {}) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, agent, headers: agent ? {} : { connection: 'close' }, timeout: 20_000 }, (res) => {
      res.on('data', () => {
        if (abortOnData) req.destroy();
      });
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('close', () => resolve(abortOnData ? 'aborted-response' : String(res.statusCode)));
    });
    req.on('error', () => resolve(abortAfterMs || abortOnData ? 'aborted' : 'error'));
    req.on('timeout', () => req.destroy());
    if (abortAfterMs) setTimeout(() => req.destroy(), abortAfterMs);
    req.end(body);
  });
}

/** A request whose body stops short: the client hangs up mid-request. */
function halfRequest(base) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`POST /h/ok HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(1000)}`);
      setTimeout(() => socket.destroy(), 30);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve('aborted-request'));
  });
}

function webSocket(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const done = (what) => {
      ws.terminate();
      resolve(what);
    };
    const timer = setTimeout(() => done('ws-timeout'), 10_000);
    ws.on('error', () => done('ws-error'));
    ws.on('open', () => ws.send(JSON.stringify({ action: 'x' })));
    ws.on('message', () => {
      clearTimeout(timer);
      if (Math.random() < 0.5) {
        ws.close();
        ws.once('close', () => resolve('ws'));
      } else done('ws-terminated');
    });
  });
}

/** One request of the mix, chosen by `n`. */
function nextRequest(urls, n) {
  const base = [urls.rest, urls.http, urls.alb, urls.url][n % 4];
  const prefix = base === urls.rest ? '/r' : base === urls.http ? '/h' : base === urls.alb ? '/a' : '/u';
  const agent = n % 3 === 0 ? false : keepAlive;
  const pick = Math.floor(n / 4) % 20;
  if (pick < 6) return request(`${base}${prefix}/ok`, { agent });
  if (pick === 6) return request(`${base}${prefix}/raise`, { agent });
  if (pick === 7) return request(`${base}${prefix}/crash`, { agent });
  if (pick === 8) return request(`${base}${prefix}/timeout`, { agent });
  if (pick === 9) return request(`${base}${prefix}/memory`, { agent });
  if (pick === 10) return request(`${base}${prefix}/print`, { agent });
  if (pick === 11) return request(`${base}${prefix}/slow`, { agent, abortAfterMs: 100 });
  if (pick === 12) return request(`${base}${prefix}/big`, { agent, abortOnData: true });
  if (pick === 13) return halfRequest(urls.http);
  if (pick === 14) return request(`${urls.http}/h/ok`, { method: 'POST', body: Buffer.alloc(11 * 1024 * 1024, 97), agent: false });
  if (pick === 15 || pick === 16) return webSocket(urls.ws);
  if (pick === 17) return request(`${urls.http}/inline`, { agent });
  return request(`${base}${prefix}/big`, { agent });
}

// --- dev -----------------------------------------------------------------------------------------

async function soakDev() {
  const scratch = scratchDirs('dev');
  const run = soaked([join(ROOT, 'bin/pylambda'), 'dev', '--port', '0', '--json', '--python', PYTHON], scratch.project, scratch);
  const events = [];
  let ready;
  const readyEvent = new Promise((r) => (ready = r));
  createInterface({ input: run.child.stdout }).on('line', (line) => {
    const event = JSON.parse(line);
    events.push(event);
    if (event.type === 'ready') ready(event);
  });
  const first = await Promise.race([readyEvent, run.exited.then(() => Promise.reject(new Error(`dev exited: ${run.stderr()}`)))]);
  const url = (kind) => first.endpoints.find((e) => e.kind === kind).url;
  const urls = { rest: `${url('rest')}/test`, http: url('http'), alb: url('alb'), url: url('url'), ws: `${first.webSockets[0].url}` };
  const target = { pid: run.child.pid, root: scratch.project, tmp: scratch.tmp, state: join(scratch.project, '.aws-sam', 'pylambda'), heapFile: heapFileIn(scratch.dir) };
  const sampling = sampler(target);
  const outcomes = {};
  let sent = 0;
  let reloads = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < deadline) {
      const n = sent++;
      if (n > 0 && n % RELOAD_EVERY === 0) editProject(scratch.project, ++reloads);
      const outcome = await nextRequest(urls, n);
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
keepAlive.destroy();
