import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, profileImports, type RunsInput } from '../../src/api/coldstart-runs.js';
import { functionModel, HANDLERS, keepersOf, scratchDir, testPython } from '../helpers.js';

/**
 * coldstart's environments serve a cold invocation and a warm one, then end: none is frozen, so no keeper of
 * frozen groups starts (its fork and exec would overlap the next run's measured cold start). Its own file: the
 * keeper is one per process, and another test file's would be this one's.
 */
describe.skipIf(process.platform !== 'linux')('coldstart and the freeze', () => {
  it('freezes no environment, even one with a thread left running, and starts no keeper', async () => {
    const input: RunsInput = {
      fn: functionModel({ handler: 'background.ticker', runtime: 'python3.11' }),
      taskRoot: HANDLERS,
      codeDir: HANDLERS,
      python: { executable: testPython(), version: '3.11.7' },
      hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' },
      event: Buffer.from(JSON.stringify({ file: join(scratchDir('coldstart-freeze'), 'ticks') })),
    };
    await measureRun(input, 1);
    await profileImports(input);
    await new Promise((r) => setTimeout(r, 100));
    expect(keepersOf(process.pid)).toEqual([]);
  });
});
