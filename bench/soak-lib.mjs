/**
 * The soak's library half (bench/soak.mjs runs it as a child, sampled from outside): LocalFunction.invoke in a loop,
 * with invocations that succeed, raise, crash and time out, then shutdown. argv: project dir, python, seconds, concurrency.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadProject, LocalFunction } from '../dist/index.js';

const [dir, executable, seconds, concurrency] = process.argv.slice(2);
const version = execFileSync(executable, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
const loaded = await loadProject({ dir, env: process.env });
const fn = loaded.project.functions.find((f) => f.id === 'HttpFunction');
const local = new LocalFunction({
  fn: { ...fn, timeout: 1 }, taskRoot: join(dir, 'src'), python: { executable, version }, hostEnv: process.env, idleTimeoutMs: 20_000,
  onLog: () => undefined, onError: (error) => console.error('background error:', error),
});
const kinds = ['ok', 'ok', 'ok', 'ok', 'print', 'raise', 'crash', 'timeout'];
const outcomes = {};
const deadline = Date.now() + Number(seconds) * 1000;
let sent = 0;
await Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (Date.now() < deadline) {
    const kind = kinds[sent++ % kinds.length];
    const result = await local.invoke({ payload: JSON.stringify({ rawPath: `/x/${kind}` }) });
    const key = `${kind}:${result.errorType ?? 'ok'}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
}));
await local.shutdown();
process.stdout.write(`${JSON.stringify({ outcomes })}\n`);
// Left for the sampler to read what is still open after shutdown.
setTimeout(() => undefined, 3000);
