import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction } from '../helpers.js';

/** pylambda's runtime client is standard library only and supports Python 3.9+: run it under each one here. */
const VERSIONS = ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'];

/** `pythonX.Y` on PATH, or one a version manager installed (pyenv keeps them in versions/X.Y.Z/bin). */
function find(version: string): string | undefined {
  const pyenv = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const installed = existsSync(join(pyenv, 'versions'))
    ? readdirSync(join(pyenv, 'versions')).filter((v) => v.startsWith(`${version}.`)).map((v) => join(pyenv, 'versions', v, 'bin', `python${version}`))
    : [];
  for (const candidate of [...installed, `python${version}`]) {
    try {
      // The real executable, not a version manager's shim.
      const out = execFileSync(candidate, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return out.trim();
    } catch {
      // not installed
    }
  }
  return undefined;
}

const available = VERSIONS.map((v) => [v, find(v)] as const).filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
const started: LocalFunction[] = [];
afterAll(async () => {
  await Promise.all(started.map((f) => f.shutdown()));
});

describe.runIf(available.length > 0)('the runtime client under every Python on this machine', () => {
  it.each(available)('Python %s: results, errors, logs, Decimal', async (version, executable) => {
    const run = async (handler: string, event = '{}') => {
      const { local, logs } = fixtureFunction({ handler, runtime: `python${version}` }, { python: { executable, version } });
      started.push(local);
      const result = await local.invoke({ payload: event });
      return { result, logs };
    };
    expect(JSON.parse((await run('results.as_dict', '{"a": 1}')).result.payload.toString())).toMatchObject({ ok: true, echo: { a: 1 } });
    expect((await run('results.as_decimal')).result.payload.toString()).toContain('"big": 12345678901234567890.123456789');
    const failed = await run('failures.raises');
    expect(failed.result.errorType).toBe('CustomError');
    const missing = await run('nothere.handler');
    expect(JSON.parse(missing.result.payload.toString())).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'nothere': No module named 'nothere'" });
    const logged = await run('logs.handler');
    expect(logged.logs.some((l) => l.kind === 'function' && /^\[INFO\]\t\S+Z\t[0-9a-f-]{36}\tinfo arg$/.test(l.text))).toBe(true);
  });
});
