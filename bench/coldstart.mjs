// bench/coldstart: pylambda coldstart's numbers beside a bare `python -X importtime` in the same run, and
// the wall time of `pylambda coldstart --runs 10` itself (issue 5).
//
// Like with like: Init Duration holds Python's start-up and the runtime client as well as the handler's
// imports, and `python -X importtime -c "import lambda_function"` holds only the import. So the bench
// compares the import of the handler module with its dependencies, measured three ways:
//   1. pylambda: Init Duration of the fixture minus Init Duration of a trivial handler, both measured
//      exactly as `pylambda coldstart` measures (a staged code directory, no bytecode writes, a new
//      execution environment per run), back to back in each round; the median of those differences,
//      so that a load that comes and goes on a shared machine hits both sides of a pair alike;
//   2. pylambda: the function's import time that `pylambda coldstart --json` attributes to the user
//      (imports.phases.user.ms, from its -X importtime run);
//   3. bare: `python -X importtime -c "import <the runtime's modules>; import lambda_function"`, the
//      cumulative time of the lambda_function line (the runtime's modules first, as they are already
//      loaded when pylambda's runtime imports the handler), PYTHONDONTWRITEBYTECODE=1, no __pycache__.
// Goals: 1 and 2 within 10 % of 3; the command's wall time under 2x the sum of the runs it measures.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePython } from '../dist/adapters/python.js';
import { measureRun } from '../dist/api/coldstart-runs.js';
import { cacheTag, stageCodeDirectory } from '../dist/api/coldstart-stage.js';
import { BENCH, ROOT, median, ms, saveResults, table } from './lib.mjs';

const rounds = Number(process.env.BENCH_COLD_RUNS ?? 30);
const wallRepeats = Number(process.env.BENCH_WALL_REPEATS ?? 3);
const testPython = join(ROOT, '.venv-test', 'bin', 'python');
const python = await resolvePython(process.env.BENCH_PYTHON ?? (existsSync(testPython) ? testPython : 'python3'));
const minor = python.version.split('.').slice(0, 2).join('.');
const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };

// A private copy of the fixture: nothing but its sources, whatever ran in the repository before.
const work = mkdtempSync(join(tmpdir(), 'pylambda-bench-coldstart-'));
const project = join(work, 'slow-project');
cpSync(join(ROOT, 'test', 'fixtures', 'coldstart', 'slow-project'), project, { recursive: true, filter: (src) => !src.includes('__pycache__') });
const fixtureFn = (id, handler) => ({
  id, name: id, handler, codeUri: '.', runtime: `python${minor}`, architecture: 'x86_64', memorySize: 256, timeout: 30,
  environment: {}, events: [], source: { file: 'bench', path: id },
});
const tag = cacheTag(python.version);
const slowStage = stageCodeDirectory(project, tag);
const trivialStage = stageCodeDirectory(join(BENCH, 'fixtures', 'trivial'), tag);
const event = Buffer.from('{}');
const slowInput = { fn: fixtureFn('Slow', 'lambda_function.lambda_handler'), taskRoot: slowStage.dir, python, hostEnv, event };
const trivialInput = { fn: fixtureFn('Trivial', 'handler.handler'), taskRoot: trivialStage.dir, python, hostEnv, event };

const RUNTIME_MODULES = 'import _socket, json, importlib.machinery, threading, time';
function bareImportMs() {
  const out = spawnSync(python.executable, ['-X', 'importtime', '-c', `${RUNTIME_MODULES}; import lambda_function`], {
    cwd: project, env: { ...hostEnv, PYTHONDONTWRITEBYTECODE: '1' }, encoding: 'utf8',
  });
  const line = out.stderr.split('\n').find((l) => /\|\s*lambda_function\s*$/.test(l));
  if (!line) throw new Error(`no import time line for lambda_function:\n${out.stderr.slice(-500)}`);
  return Number(line.split('|')[1]) / 1000;
}

console.error(`python ${python.version} (${python.executable}); ${rounds} rounds; wall time x${wallRepeats}`);
const slow = [];
const trivial = [];
const bare = [];
for (let i = 0; i < rounds; i++) {
  slow.push((await measureRun(slowInput, i + 1)).initDurationMs);
  trivial.push((await measureRun(trivialInput, i + 1)).initDurationMs);
  bare.push(bareImportMs());
}
await slowStage.remove();
await trivialStage.remove();

// The command itself, as a user runs it.
const walls = [];
let attributed = [];
let measuredSum = [];
for (let i = 0; i < wallRepeats; i++) {
  const started = performance.now();
  const out = spawnSync(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'coldstart', '--runs', '10', '--json', '--python', python.executable], {
    cwd: project, env: hostEnv, encoding: 'utf8',
  });
  walls.push(performance.now() - started);
  if (out.status !== 0) throw new Error(`pylambda coldstart failed (${out.status}):\n${out.stderr}`);
  const report = JSON.parse(out.stdout);
  attributed.push(report.imports.phases.user.ms);
  const { initDurationsMs, firstInvokeMs, warmInvokeMs } = report.runs;
  measuredSum.push(initDurationsMs.reduce((a, b) => a + b, 0) + initDurationsMs.length * (firstInvokeMs + (warmInvokeMs ?? 0)));
}
rmSync(work, { recursive: true, force: true });

const handlerImport = median(slow.map((ms, i) => ms - trivial[i]));
const wallMedian = median(walls);
const sumMedian = median(measuredSum);
const results = {
  python: python.version,
  rounds,
  fixture: 'test/fixtures/coldstart/slow-project (lambda_function -> src.handlers -> email.parser + slowpkg, an 80 ms sleep)',
  initDuration: { fixtureMedian: median(slow), trivialMedian: median(trivial) },
  handlerImport: {
    pylambdaInitDifference: handlerImport,
    pylambdaAttributed: median(attributed),
    bareImporttime: median(bare),
    differenceRatio: handlerImport / median(bare) - 1,
    attributedRatio: median(attributed) / median(bare) - 1,
  },
  wall: { runs: 10, commandMs: wallMedian, sumOfMeasuredRunsMs: sumMedian, ratio: wallMedian / sumMedian },
};
results.goals = {
  initDifferenceWithin10pct: Math.abs(results.handlerImport.differenceRatio) <= 0.1,
  attributedWithin10pct: Math.abs(results.handlerImport.attributedRatio) <= 0.1,
  wallUnder2x: results.wall.ratio < 2,
};
saveResults('coldstart', results);

const pct = (r) => `${r >= 0 ? '+' : ''}${(r * 100).toFixed(1)} %`;
const met = (ok) => (ok ? 'met' : 'NOT met');
console.log(table([
  ['measure', 'pylambda', 'bare python -X importtime', 'difference', 'goal'],
  ['handler import (Init Duration: fixture - trivial, median of pairs)', ms(handlerImport), ms(median(bare)), pct(results.handlerImport.differenceRatio), `within 10 %: ${met(results.goals.initDifferenceWithin10pct)}`],
  ['handler import (attributed by coldstart --json)', ms(median(attributed)), ms(median(bare)), pct(results.handlerImport.attributedRatio), `within 10 %: ${met(results.goals.attributedWithin10pct)}`],
  ['Init Duration, fixture / trivial handler (medians)', `${ms(median(slow))} / ${ms(median(trivial))}`, '', '', ''],
  ['`pylambda coldstart --runs 10` wall time', ms(wallMedian), `runs measured: ${ms(sumMedian)}`, `${results.wall.ratio.toFixed(2)}x`, `< 2x: ${met(results.goals.wallUnder2x)}`],
]));
