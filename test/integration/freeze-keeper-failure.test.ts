import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureFunction, keepersOf, processState, scratchDir, testPython } from '../helpers.js';

/**
 * A keeper that cannot start (EAGAIN at the user's process limit, EMFILE; here an interpreter removed since the
 * runtime started) guards nothing: a group frozen without it would stay stopped for good if pylambda were
 * killed outright. Nothing is frozen for the rest of the pylambda process (here this test file's), and a
 * warning says so once. Its own file: no other test must have started the keeper before.
 */

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const pidOf = (result: { payload: Buffer }) => (JSON.parse(result.payload.toString()) as { pid: number }).pid;

describe.skipIf(process.platform !== 'linux')('a keeper of frozen groups that cannot start', () => {
  it('freezes nothing, then or later, and says so once', async () => {
    const dir = scratchDir('keeper-failure');
    const python = join(dir, 'python');
    symlinkSync(realpathSync(testPython()), python);
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const { local } = fixtureFunction({ handler: 'background.ticker' }, { python: { executable: python, version: '3.11.7' }, onWarning });
    onTestFinished(() => local.shutdown());
    // The handler removes the interpreter it runs on, which the keeper would run on.
    const pid = pidOf(await local.invoke({ payload: JSON.stringify({ file: join(dir, 'ticks'), unlink: python }) }));
    await sleep(200);
    expect(processState(pid)).not.toBe('T');
    await local.invoke({ payload: JSON.stringify({ file: join(dir, 'ticks') }) });
    await sleep(200);
    expect(processState(pid)).not.toBe('T');
    // Another function, whose interpreter is there: no new try, no second warning.
    const { local: other } = fixtureFunction({ handler: 'background.ticker' }, { onWarning });
    onTestFinished(() => other.shutdown());
    const otherPid = pidOf(await other.invoke({ payload: JSON.stringify({ file: join(dir, 'other') }) }));
    await sleep(200);
    expect(processState(otherPid)).not.toBe('T');
    expect(keepersOf(process.pid)).toEqual([]);
    expect(warnings).toEqual([
      `environments are not frozen between invocations, as Lambda freezes them: pylambda's keeper of frozen groups could not start (${python}: spawn ${python} ENOENT); what a function leaves running runs on between invocations, as with --no-freeze`,
    ]);
  });
});
