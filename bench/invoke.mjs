// bench/invoke: warm invoke latency and throughput through pylambda beside a bare baseline (one
// persistent Python process reading JSON lines), and the cold start beside `python -c "import handler"`.
// Goals (issue 2): warm p50 at most 2x the baseline's; cold start at most the bare import + 30 ms.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { resolvePython } from '../dist/adapters/python.js';
import { LocalFunction } from '../dist/emulator/local-function.js';
import { BENCH, lineClient, median, ms, saveResults, table, timeInterleaved } from './lib.mjs';

const count = Number(process.env.BENCH_COUNT ?? 3000);
const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 20);
const taskRoot = join(BENCH, 'fixtures', 'trivial');
const python = await resolvePython(process.env.BENCH_PYTHON ?? 'python3');
const event = JSON.stringify({ path: '/', httpMethod: 'GET', headers: { accept: '*/*' } });
const fn = {
  id: 'Trivial', name: 'Trivial', handler: 'handler.handler', codeUri: '.', runtime: `python${python.version.split('.').slice(0, 2).join('.')}`,
  architecture: 'x86_64', memorySize: 1024, timeout: 30, environment: {}, events: [], source: { file: 'bench', path: 'Trivial' },
};
const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
console.error(`python ${python.version} (${python.executable}); ${count} warm invokes, ${coldRuns} cold starts`);

// Warm: pylambda and the bare baseline, in alternating blocks.
const local = new LocalFunction({ fn, taskRoot, python, hostEnv });
const bare = lineClient([python.executable, join(BENCH, 'baseline', 'jsonlines_runner.py'), taskRoot, 'handler.handler']);
const [warm, base] = await timeInterleaved([() => local.invoke({ payload: event }), () => bare.send(event)], count, 300);
await local.shutdown();
bare.close();

// Cold: a fresh environment's first invocation, beside a bare import of the handler module, interleaved.
const cold = [];
const imports = [];
const inits = [];
for (let i = 0; i < coldRuns; i++) {
  const f = new LocalFunction({ fn, taskRoot, python, hostEnv });
  const t = performance.now();
  const r = await f.invoke({ payload: event });
  cold.push(performance.now() - t);
  inits.push(r.report.initDurationMs);
  await f.shutdown();
  const u = performance.now();
  spawnSync(python.executable, ['-c', 'import handler'], { cwd: taskRoot, env: hostEnv });
  imports.push(performance.now() - u);
}

const results = {
  python: python.version,
  warm: { pylambda: { p50: warm.p50, p99: warm.p99, perSecond: warm.perSecond }, baseline: { p50: base.p50, p99: base.p99, perSecond: base.perSecond }, p50Ratio: warm.p50 / base.p50 },
  cold: { pylambdaFirstInvoke: median(cold), initDuration: median(inits), bareImport: median(imports), overheadMs: median(cold) - median(imports) },
};
results.goals = { warmP50AtMost2x: results.warm.p50Ratio <= 2, coldWithin30ms: results.cold.overheadMs <= 30 };
saveResults('invoke', results);

console.log(table([
  ['measure', 'pylambda', 'bare baseline', 'ratio / difference', 'goal'],
  ['warm p50', ms(warm.p50), ms(base.p50), `${results.warm.p50Ratio.toFixed(2)}x`, `<= 2x: ${results.goals.warmP50AtMost2x ? 'met' : 'NOT met'}`],
  ['warm p99', ms(warm.p99), ms(base.p99), `${(warm.p99 / base.p99).toFixed(2)}x`, ''],
  ['warm throughput (1 at a time)', `${warm.perSecond.toFixed(0)}/s`, `${base.perSecond.toFixed(0)}/s`, `${(warm.perSecond / base.perSecond).toFixed(2)}x`, ''],
  ['cold start (first invoke, median)', ms(median(cold)), ms(median(imports)), `${results.cold.overheadMs >= 0 ? '+' : ''}${results.cold.overheadMs.toFixed(1)} ms`, `<= +30 ms: ${results.goals.coldWithin30ms ? 'met' : 'NOT met'}`],
  ['Init Duration (median)', ms(median(inits)), '', '', ''],
]));
