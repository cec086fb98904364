// bench/dev: `pylambda dev` beside `serverless offline` (serverless@3 + serverless-offline@13), `chalice
// local` and a bare baseline (a Node HTTP server handing each request to a persistent Python process per
// in-flight request over a pipe), all serving the same trivial handler, measured in one run:
// warm requests/s (autocannon, 1 and 10 connections), start-to-listening, first request (cold), and
// edit-to-new-code. Goals (issue 3): >= 1.5x serverless-offline at 1 connection and 2x at 10, >= 70 % of
// the bare baseline; listening in < 0.3 s; first request within 15 ms of the baseline's; reload < 0.3 s.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH, ROOT, saveResults, table } from './lib.mjs';

const PYTHON = process.env.BENCH_PYTHON ?? join(ROOT, '.venv-test', 'bin', 'python');
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const PEERS = join(BENCH, '.peers');
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : undefined;
const handler = (body) => `import json\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(${body})}\n`;

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-bench-dev-'));
  writeFileSync(join(dir, 'handler.py'), handler('{"ok": True}'));
  writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31\nResources:\n  Ping:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: handler.handler\n      MemorySize: 1024\n      Timeout: 30\n      Events:\n        Get:\n          Type: HttpApi\n          Properties: { Path: /ping, Method: get }\n`);
  writeFileSync(join(dir, 'serverless.yml'), 'service: bench\nframeworkVersion: "3"\nprovider:\n  name: aws\n  runtime: python3.12\nplugins:\n  - serverless-offline\nfunctions:\n  ping:\n    handler: handler.handler\n    events:\n      - httpApi: GET /ping\n');
  writeFileSync(join(dir, 'app.py'), 'from chalice import Chalice\n\napp = Chalice(app_name="bench")\n\n\n@app.route("/ping")\ndef ping():\n    return {"ok": True}\n');
  mkdirSync(join(dir, '.chalice'));
  writeFileSync(join(dir, '.chalice', 'config.json'), '{"version": "2.0", "app_name": "bench", "stages": {"dev": {"api_gateway_stage": "api"}}}\n');
  return dir;
}

const env = { ...process.env, PATH: `${join(ROOT, '.venv-test', 'bin')}:${process.env.PATH}`, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };

const SERVERS = {
  pylambda: (dir, port) => ({ argv: [process.execPath, join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--port', String(port), '--python', PYTHON], path: '/ping', edit: 'handler.py' }),
  'serverless-offline': (dir, port) => ({ argv: [process.execPath, join(PEERS, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--httpPort', String(port), '--lambdaPort', String(port + 1000), '--reloadHandler', '--noPrependStageInUrl'], cwd: dir, path: '/ping', edit: 'handler.py' }),
  'chalice local': (dir, port) => ({ argv: [join(ROOT, '.venv-test', 'bin', 'chalice'), 'local', '--port', String(port)], cwd: dir, path: '/ping', edit: 'app.py' }),
  baseline: (dir, port) => ({ argv: [process.execPath, join(BENCH, 'baseline', 'http-pipe-server.mjs'), String(port), PYTHON, dir, 'handler.handler'], path: '/ping', edit: undefined }),
};

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function start(name, dir, port) {
  const spec = SERVERS[name](dir, port);
  const t0 = performance.now();
  const child = spawn(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd ?? dir, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const deadline = Date.now() + 60_000;
  while (!(await canConnect(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not start: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const listeningMs = performance.now() - t0;
  const url = `http://127.0.0.1:${port}${spec.path}`;
  const t1 = performance.now();
  const first = await fetch(url);
  const firstBody = await first.text();
  const firstRequestMs = performance.now() - t1;
  if (first.status !== 200) throw new Error(`${name}: first request answered ${first.status} ${firstBody}`);
  return { child, url, spec, listeningMs, firstRequestMs, stop: () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } } };
}

/**
 * CPU time (user + system, in clock ticks of 10 ms) of a process and its descendants, by command name:
 * where each server spends the CPU its requests cost. Linux only (/proc); elsewhere, nothing.
 */
function treeCpu(rootPid) {
  const procs = [];
  let names;
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return {};
  }
  for (const pid of names) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // The main thread's context switches: how many times it waited (voluntary) or was put aside (involuntary).
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const switches = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0) + Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      procs.push({ pid: Number(pid), ppid: Number(fields[1]), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), user: Number(fields[11]), system: Number(fields[12]), switches });
    } catch { /* gone */ }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) { tree.add(p.pid); grew = true; }
  }
  const byPid = {};
  for (const p of procs) if (tree.has(p.pid)) byPid[p.pid] = { ...p, comm: p.pid === rootPid ? `${p.comm} (server)` : p.comm };
  return byPid;
}

/**
 * Per request, by command name, between two treeCpu snapshots: microseconds of CPU (user + system, and each),
 * and the main threads' context switches (a hand-off between processes is one on each side).
 */
function cpuPerRequest(before, after, requests) {
  const sums = {};
  for (const [pid, p] of Object.entries(after)) {
    const was = before[pid] ?? { user: 0, system: 0, switches: 0 };
    const sum = (sums[p.comm] ??= { user: 0, system: 0, switches: 0 });
    sum.user += p.user - was.user;
    sum.system += p.system - was.system;
    sum.switches += p.switches - was.switches;
  }
  const n = Math.max(1, requests);
  const us = (ticks) => Math.round((ticks * 10_000) / n);
  return Object.fromEntries(Object.entries(sums).map(([comm, s]) => [comm, { us: us(s.user + s.system), userUs: us(s.user), systemUs: us(s.system), switches: Number((s.switches / n).toFixed(2)) }]));
}

function load(url, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: DURATION, pipelining: 1 }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function editToNewCode(server, dir) {
  if (!server.spec.edit) return undefined;
  const file = join(dir, server.spec.edit);
  const body = server.spec.edit === 'app.py' ? 'from chalice import Chalice\n\napp = Chalice(app_name="bench")\n\n\n@app.route("/ping")\ndef ping():\n    return {"ok": "edited"}\n' : handler('{"ok": "edited"}');
  const t = performance.now();
  writeFileSync(file, body);
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const text = await (await fetch(server.url)).text();
      if (text.includes('edited')) return performance.now() - t;
    } catch { /* restarting */ }
    if (Date.now() > deadline) return Infinity;
    await new Promise((r) => setTimeout(r, 5));
  }
}

if (!existsSync(join(PEERS, 'node_modules', 'serverless-offline'))) {
  console.error('Installing serverless@3 and serverless-offline@13 into bench/.peers (once) ...');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', PEERS, 'serverless@3', 'serverless-offline@13'], { stdio: 'inherit' });
}

// The first fetch of a process sets up its HTTP client (~30 ms): do it before timing any server's first request.
await new Promise((resolve) => {
  const warm = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1', async () => {
    await (await fetch(`http://127.0.0.1:${warm.address().port}/`)).text();
    warm.close(resolve);
  });
});

const results = {};
let port = 4100;
for (const name of Object.keys(SERVERS)) {
  if (only && !only.includes(name)) continue;
  const dir = project();
  console.error(`${name}: starting ...`);
  const server = await start(name, dir, port);
  const r = { listeningMs: server.listeningMs, firstRequestMs: server.firstRequestMs };
  try {
    for (const connections of [1, 10]) {
      await load(server.url, connections); // warm-up: as many warm environments as connections
      const before = treeCpu(server.child.pid);
      const run = await load(server.url, connections);
      const cpuUs = cpuPerRequest(before, treeCpu(server.child.pid), run.requests.total);
      r[`c${connections}`] = { rps: run.requests.average, p50: run.latency.p50, p99: run.latency.p99, errors: run.errors + run.non2xx, cpuUsPerRequest: cpuUs };
    }
    r.editToNewCodeMs = await editToNewCode(server, dir);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  results[name] = r;
  port += 10;
}

// One start is one sample of a few tens of milliseconds on a machine whose timings move by as much: the
// servers that start fast (pylambda, the baseline) start BENCH_STARTS more times, alternating, each on a
// fresh project, and their listening and first-request times are the medians.
const STARTS = Number(process.env.BENCH_STARTS ?? 6);
const fast = ['pylambda', 'baseline'].filter((name) => results[name]);
const samples = Object.fromEntries(fast.map((name) => [name, { listeningMs: [results[name].listeningMs], firstRequestMs: [results[name].firstRequestMs] }]));
for (let i = 0; i < STARTS; i++) {
  for (const name of fast) {
    const dir = project();
    const server = await start(name, dir, port);
    server.stop();
    rmSync(dir, { recursive: true, force: true });
    samples[name].listeningMs.push(server.listeningMs);
    samples[name].firstRequestMs.push(server.firstRequestMs);
    port += 2;
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
for (const name of fast) {
  results[name].starts = samples[name];
  results[name].listeningMs = median(samples[name].listeningMs);
  results[name].firstRequestMs = median(samples[name].firstRequestMs);
}

const py = results.pylambda;
const sls = results['serverless-offline'];
const base = results.baseline;
const ratio = (a, b) => (a && b ? a / b : undefined);
const goals = py && {
  vsOffline1: ratio(py.c1.rps, sls?.c1.rps),
  vsOffline10: ratio(py.c10.rps, sls?.c10.rps),
  vsBaseline1: ratio(py.c1.rps, base?.c1.rps),
  vsBaseline10: ratio(py.c10.rps, base?.c10.rps),
  firstRequestOverBaselineMs: base ? py.firstRequestMs - base.firstRequestMs : undefined,
};
saveResults('dev', { python: PYTHON, durationSeconds: DURATION, results, goals });

const fmt = (v, d = 0) => (v === undefined ? '-' : v === Infinity ? 'never' : v.toFixed(d));
console.log(table([
  ['server', 'req/s (1 conn)', 'p50 ms', 'req/s (10 conn)', 'p50 ms', 'listening ms', 'first request ms', 'edit-to-new-code ms'],
  ...Object.entries(results).map(([name, r]) => [name, fmt(r.c1.rps), fmt(r.c1.p50, 1), fmt(r.c10.rps), fmt(r.c10.p50, 1), fmt(r.listeningMs), fmt(r.firstRequestMs, 1), fmt(r.editToNewCodeMs)]),
]));
console.log('\nCPU per request (us, user + system (user/system), by process) and context switches per request (of each main thread):');
for (const [name, r] of Object.entries(results)) {
  const show = (c) => Object.entries(r[c].cpuUsPerRequest ?? {}).map(([comm, p]) => `${comm} ${p.us} (${p.userUs}/${p.systemUs}), ${p.switches} sw`).join('; ');
  console.log(`  ${name}: at 1 connection ${show('c1')}\n  ${' '.repeat(name.length)}  at 10: ${show('c10')}`);
}
if (goals) {
  const x = (v) => (v === undefined ? '-' : `${v.toFixed(2)}x`);
  console.log(`\npylambda / serverless-offline: ${x(goals.vsOffline1)} at 1 connection (goal 1.5x), ${x(goals.vsOffline10)} at 10 (goal 2x)`);
  console.log(`pylambda / bare baseline: ${x(goals.vsBaseline1)} at 1 connection, ${x(goals.vsBaseline10)} at 10 (goal 0.70x)`);
  console.log(`start-to-listening ${fmt(py.listeningMs)} ms (goal < 300; medians of ${STARTS + 1} starts); first request ${fmt(goals.firstRequestOverBaselineMs, 1)} ms over the baseline's (goal <= 15); edit-to-new-code ${fmt(py.editToNewCodeMs)} ms (goal < 300)`);
}
