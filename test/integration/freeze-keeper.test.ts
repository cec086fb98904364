import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureFunction, keepersOf, processState, scratchDir, waitUntil } from '../helpers.js';

/**
 * The keeper of frozen groups (adapters/frozen-groups.ts), one per pylambda process: here this test file's.
 * Its own file, so that no other test has started it before.
 */

describe.skipIf(process.platform !== 'linux')('the keeper of frozen groups', () => {
  it('starts after the invocation before the first freeze has settled, with an environment of its own', async () => {
    const { local } = fixtureFunction({ handler: 'background.ticker' });
    onTestFinished(() => local.shutdown());
    const result = await local.invoke({ payload: JSON.stringify({ file: join(scratchDir('keeper'), 'ticks') }) });
    // Its fork and exec come after the result went out, not inside the runtime's request for its next event.
    expect(keepersOf(process.pid)).toEqual([]);
    const { pid } = JSON.parse(result.payload.toString()) as { pid: number };
    expect(await waitUntil(() => processState(pid) === 'T', 5000)).toBe(true);
    const keepers = keepersOf(process.pid);
    expect(keepers).toHaveLength(1);
    // Nothing of pylambda's environment (the shell's AWS credentials): it needs none.
    expect(readFileSync(`/proc/${keepers[0]}/environ`, 'utf8')).toBe('');
  });
});
