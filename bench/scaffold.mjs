// bench/scaffold: the cold start (Init Duration, median of 10, measured by `pylambda coldstart` as Lambda
// would: no bytecode of the project's own code unless it ships some) of every project `pylambda new`
// generates, beside the seed's targets: under 100 ms for a raw handler, under 200 ms for a Chalice app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureColdstart } from '../dist/api/coldstart.js';
import { createProject } from '../dist/api/new.js';
import { ROOT, saveResults, table } from './lib.mjs';

const PYTHON = process.env.BENCH_PYTHON ?? join(ROOT, '.venv-test', 'bin', 'python');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
const PROJECTS = [
  ['raw hello (REST)', { style: 'raw', example: 'hello', api: 'rest' }],
  ['raw hello (HTTP API)', { style: 'raw', example: 'hello', api: 'http' }],
  ['raw hello (ALB)', { style: 'raw', example: 'hello', api: 'alb' }],
  ['raw todo (REST)', { style: 'raw', example: 'todo', api: 'rest' }],
  ['chalice hello', { style: 'chalice', example: 'hello' }],
  ['chalice todo', { style: 'chalice', example: 'todo' }],
];

const work = mkdtempSync(join(tmpdir(), 'pylambda-bench-scaffold-'));
const rows = [];
try {
  for (const [label, choices] of PROJECTS) {
    const name = label.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '');
    const project = await createProject({ name, cwd: work, given: { ...choices, arch: 'x86_64' }, python: PYTHON, env: hostEnv });
    console.error(`${label}: ${RUNS} cold starts ...`);
    const report = await measureColdstart({ dir: project.dir, runs: RUNS, python: PYTHON, hostEnv });
    const target = choices.style === 'chalice' ? 200 : 100;
    const stats = report.runs.stats;
    const top = report.imports?.packages?.[0];
    rows.push({ label, median: stats.median, p90: stats.p90, target, met: stats.median < target, heaviest: top ? `${top.name} ${top.selfMs.toFixed(1)} ms` : '' });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
saveResults('scaffold', { python: PYTHON, runs: RUNS, rows });
console.log(table([
  ['project', 'Init Duration median', 'p90', 'seed target', 'met', 'heaviest package'],
  ...rows.map((r) => [r.label, `${r.median.toFixed(1)} ms`, `${r.p90.toFixed(1)} ms`, `< ${r.target} ms`, r.met ? 'yes' : 'NO', r.heaviest]),
]));
