// bench/package: `pylambda package` for a handler importing boto3 and pydantic, in one run:
// (a) the first build beside a plain `pip install --target` of the same requirements,
// (b) an unchanged re-package (the CLI, wall clock),
// (c) the zip's size beside `chalice package` of the same app,
// (d) the packaged function's cold start (a timed import from the unzipped, read-only package by a
//     plain Python) with the shipped bytecode and without it. Goal (issue 6): at most 50 % of the
//     cold start without bytecode.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkFiles } from '../dist/adapters/file-walker.js';
import { writeZip } from '../dist/adapters/zip-writer.js';
import { packageFunctions } from '../dist/api/package.js';
import { formatBytes } from '../dist/core/packaging/limits.js';
import { zipPlan } from '../dist/core/packaging/zip-plan.js';
import { ROOT, median, ms, saveResults, table } from './lib.mjs';

const runs = Number(process.env.BENCH_COLD_RUNS ?? 15);
const repackRuns = Number(process.env.BENCH_REPACK_RUNS ?? 5);
const buildRuns = Number(process.env.BENCH_BUILD_RUNS ?? 3);
const python = process.env.BENCH_PYTHON ?? join(ROOT, '.venv-test', 'bin', 'python');
const chalice = join(python, '..', 'chalice');
const [version, basePython] = execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys._base_executable)'], { encoding: 'utf8' }).trim().split('\n');
const runtime = `python${version}`;
const REQUIREMENTS = 'boto3\npydantic\n';
const env = { ...process.env };

// The app: a Chalice app (so `chalice package` can build it too) whose module imports boto3 and pydantic.
const project = mkdtempSync(join(tmpdir(), 'pylambda-bench-package-'));
writeFileSync(join(project, 'app.py'), [
  'import boto3',
  'from chalice import Chalice',
  'from pydantic import BaseModel',
  '',
  'app = Chalice(app_name="bench")',
  '',
  'class Item(BaseModel):',
  '    name: str',
  '    count: int = 0',
  '',
  '@app.route("/")',
  'def index():',
  '    return Item(name="x").model_dump()',
  '',
].join('\n'));
writeFileSync(join(project, 'requirements.txt'), REQUIREMENTS);
mkdirSync(join(project, '.chalice'));
writeFileSync(join(project, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'bench', stages: { dev: { api_gateway_stage: 'api' } } }));
writeFileSync(join(project, 'template.yaml'), [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Api:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: .',
  '      Handler: app.app',
  `      Runtime: ${runtime}`,
  '',
].join('\n'));
console.error(`project ${project}; ${runtime} (${python}); requirements: ${REQUIREMENTS.trim().split('\n').join(', ')}`);

const time = (fn) => {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
};
const pipPlain = () => {
  const target = mkdtempSync(join(tmpdir(), 'pylambda-bench-pip-'));
  const r = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, '-r', join(project, 'requirements.txt')], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  rmSync(target, { recursive: true, force: true });
};
const pylambdaFirst = async () => {
  const t = performance.now();
  const outcome = await packageFunctions({ dir: project, python, installer: 'pip', noCache: true, hostEnv: env });
  return { ms: performance.now() - t, outcome };
};

// (a) Both once untimed, so pip's download cache holds every wheel for both; then timed, alternating.
pipPlain();
let first = await pylambdaFirst();
const plainRuns = [];
const firstRuns = [];
for (let i = 0; i < buildRuns; i++) {
  plainRuns.push(time(pipPlain).ms);
  first = await pylambdaFirst();
  firstRuns.push(first.ms);
}
const plain = { ms: median(plainRuns) };
first = { ...first, ms: median(firstRuns) };
const artifact = first.outcome.builds[0].artifacts[0];

// (b) The CLI as a user runs it, nothing changed.
const repack = [];
for (let i = 0; i < repackRuns; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'package', '--python', python, '--installer', 'pip'], { cwd: project, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  repack.push(performance.now() - t);
}

// (c) chalice package of the same app, with the same Python.
const chaliceOut = join(project, 'chalice-out');
const c = spawnSync(chalice, ['package', chaliceOut], { cwd: project, env: { AWS_DEFAULT_REGION: 'us-east-1', ...env }, encoding: 'utf8' });
if (c.status !== 0) throw new Error(`chalice package failed: ${c.stderr}`);
const chaliceZip = statSync(join(chaliceOut, 'deployment.zip')).size;

// (d) Cold start: unzip, make read-only, import the handler's module in a fresh plain Python.
const unzip = (zip) => {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-bench-task-'));
  execFileSync(python, ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir]);
  return dir;
};
const withPyc = unzip(artifact.path);
const withoutPyc = mkdtempSync(join(tmpdir(), 'pylambda-bench-task-'));
cpSync(withPyc, withoutPyc, { recursive: true, filter: (src) => !src.endsWith('__pycache__') });
const chaliceTask = unzip(join(chaliceOut, 'deployment.zip'));
// The same package without bytecode, zipped the same way: what the .pyc files cost in size.
const noPycPlan = zipPlan(walkFiles(withoutPyc).files.map((f) => ({ ...f, source: join(withoutPyc, f.path) })));
const noPycZip = await writeZip(noPycPlan.entries, join(project, 'no-pyc.zip'));
for (const dir of [withPyc, withoutPyc, chaliceTask]) execFileSync('chmod', ['-R', 'a-w', dir]);
const probe = (dir) => {
  const script = `import time; t = time.perf_counter(); import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import app; print((time.perf_counter() - t) * 1000)`;
  const t = performance.now();
  const out = execFileSync(basePython, ['-I', '-S', '-B', '-c', script], { cwd: tmpdir(), encoding: 'utf8' });
  return { importMs: Number(out.trim()), processMs: performance.now() - t };
};
const cold = { withPyc: [], withoutPyc: [], chalice: [] };
for (let i = 0; i < runs + 2; i++) {
  for (const [key, dir] of [['withPyc', withPyc], ['withoutPyc', withoutPyc], ['chalice', chaliceTask]]) {
    const r = probe(dir);
    if (i >= 2) cold[key].push(r); // two warm-up rounds: the page cache holds every file for all three
  }
}
const med = (rows, k) => median(rows.map((r) => r[k]));
const coldWith = med(cold.withPyc, 'importMs');
const coldWithout = med(cold.withoutPyc, 'importMs');

const results = {
  python: version,
  runtime,
  requirements: REQUIREMENTS.trim().split('\n'),
  firstBuild: { pylambdaMs: first.ms, pipInstallTargetMs: plain.ms, ratio: first.ms / plain.ms, pylambdaRuns: firstRuns, pipRuns: plainRuns },
  repackage: { medianMs: median(repack), runs: repack },
  size: { pylambdaZip: artifact.bytes, pylambdaZipWithoutPyc: noPycZip.bytes, pylambdaUnzipped: artifact.unzippedBytes, chaliceZip, ratio: artifact.bytes / chaliceZip },
  coldStart: {
    importWithPycMs: coldWith,
    importWithoutPycMs: coldWithout,
    importChaliceZipMs: med(cold.chalice, 'importMs'),
    processWithPycMs: med(cold.withPyc, 'processMs'),
    processWithoutPycMs: med(cold.withoutPyc, 'processMs'),
    ratio: coldWith / coldWithout,
  },
};
results.goals = { coldStartAtMostHalf: results.coldStart.ratio <= 0.5, repackageUnder1s: results.repackage.medianMs < 1000 };
saveResults('package', results);

console.log(table([
  ['measure', 'pylambda', 'baseline', 'ratio', 'goal'],
  ['(a) first build (install, prune, compile, zip; median)', ms(first.ms), `${ms(plain.ms)} (pip install --target)`, `${results.firstBuild.ratio.toFixed(2)}x`, ''],
  ['(b) unchanged re-package (CLI, median)', ms(median(repack)), '', '', `< 1 s: ${results.goals.repackageUnder1s ? 'met' : 'NOT met'}`],
  ['(c) zip size', formatBytes(artifact.bytes), `${formatBytes(chaliceZip)} (chalice package)`, `${results.size.ratio.toFixed(2)}x`, ''],
  ['(c) zip size without the .pyc', formatBytes(noPycZip.bytes), formatBytes(chaliceZip), `${(noPycZip.bytes / chaliceZip).toFixed(2)}x`, ''],
  ['(d) cold start: import app, with .pyc', ms(coldWith), `${ms(coldWithout)} (same zip, no .pyc)`, `${(results.coldStart.ratio * 100).toFixed(0)} %`, `<= 50 %: ${results.goals.coldStartAtMostHalf ? 'met' : 'NOT met'}`],
  ['(d) cold start: chalice package zip', '', ms(results.coldStart.importChaliceZipMs), '', ''],
  ['(d) whole process, with / without .pyc', ms(results.coldStart.processWithPycMs), ms(results.coldStart.processWithoutPycMs), '', ''],
]));

for (const dir of [withPyc, withoutPyc, chaliceTask]) execFileSync('chmod', ['-R', 'u+w', dir]);
for (const dir of [withPyc, withoutPyc, chaliceTask, project]) if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });

