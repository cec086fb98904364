import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureFunction, scratchDir, waitUntil } from '../helpers.js';
import { descendantsOf, entries, fdCount, SOAK_HANDLER } from '../soak-helpers.js';

/**
 * LocalFunction.invoke in a loop, as a test suite uses the library: invocations that succeed, raise, crash and time
 * out. Its environments' TMPDIRs go with them, and shutdown leaves no process, TMPDIR or fd behind.
 */

let tmp = '';
const saved = process.env.TMPDIR;
beforeEach(() => {
  tmp = join(scratchDir('local-function-soak'), 'tmp');
  mkdirSync(tmp);
  // The environments' TMPDIRs are made in os.tmpdir(): here, a directory of this test's own.
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
});

describe('LocalFunction over many invocations', () => {
  it('200 invocations, a quarter crashing or timing out, then shutdown: nothing left', async () => {
    const code = join(tmp, '..', 'code');
    mkdirSync(code);
    writeFileSync(join(code, 'app.py'), SOAK_HANDLER);
    const fdsBefore = fdCount(process.pid).own;
    const { local } = fixtureFunction({ handler: 'app.handler', timeout: 1, memorySize: 128 }, { taskRoot: code });
    const kinds = ['ok', 'raise', 'ok', 'crash', 'ok', 'print', 'ok', 'ok'];
    const outcomes = new Map<string, number>();
    let sent = 0;
    await Promise.all([0, 1, 2, 3].map(async () => {
      while (sent < 200) {
        const kind = sent === 100 ? 'timeout' : kinds[sent % kinds.length]!;
        sent++;
        const result = await local.invoke({ payload: JSON.stringify({ rawPath: `/x/${kind}` }) });
        const key = `${kind} ${result.errorType ?? 'ok'}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }
    }));
    expect(Object.fromEntries(outcomes)).toEqual({
      'ok ok': 124, 'raise ValueError': 25, 'crash Runtime.ExitError': 25, 'print ok': 25, 'timeout Sandbox.Timedout': 1,
    });
    // One TMPDIR per live environment, and the directory of their Runtime API sockets.
    expect(await waitUntil(() => entries(tmp).length === local.environmentCount + 1, 5000)).toBe(true);
    await local.shutdown();
    expect(descendantsOf(process.pid)).toEqual([]);
    expect(await waitUntil(() => entries(tmp).length === 0, 5000)).toBe(true);
    expect(fdCount(process.pid)).toEqual({ own: fdsBefore, statusReaders: 0 });
  });
});
