import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

// Lambda's memory limit is its cgroup's, in force from the moment the runtime starts: an init is held to it
// as an invocation is, and REPORT's Max Memory Used is the environment's peak, init included.

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

function project(source: string, memorySize = 128) {
  const dir = scratchDir('init-memory');
  writeFileSync(join(dir, 'app.py'), source);
  const made = fixtureFunction({ handler: 'app.handler', memorySize }, { taskRoot: dir });
  live.push(made.local);
  return made;
}

const platform = (logs: ReturnType<typeof project>['logs']) => logs.filter((l) => l.kind === 'platform').map((l) => l.text);

describe('memory during init', () => {
  it('a runtime that exits during init reports the memory it used, not 0 MB', async () => {
    const { local, logs } = project('import os\nimport time\n\ntime.sleep(0.1)\nos._exit(3)\n');
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBe('Runtime.ExitError');
    expect(result.report.maxMemoryUsedMb).toBeGreaterThan(2);
    expect(platform(logs).at(-1)).toMatch(/\tMax Memory Used: ([3-9]|\d\d) MB\tStatus: error\tError Type: Runtime\.ExitError\t$/);
  });

  it('an init over the memory size is stopped at once, not when the init ends', async () => {
    const { local, logs } = project('import time\n\nblob = bytearray(300 * 1024 * 1024)\nfor i in range(0, len(blob), 4096):\n    blob[i] = 1\ntime.sleep(20)\n');
    const started = performance.now();
    const result = await local.invoke({ payload: '{}' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.errorType).toBe('Runtime.OutOfMemory');
    const inits = platform(logs).filter((t) => t.startsWith('INIT_REPORT'));
    expect(inits).toEqual([
      expect.stringMatching(/^INIT_REPORT Init Duration: [1-9]\d*\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.OutOfMemory$/),
      expect.stringMatching(/^INIT_REPORT Init Duration: [1-9]\d*\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.OutOfMemory$/),
    ]);
    expect(result.report).toMatchObject({ maxMemoryUsedMb: 128, status: 'error', errorType: 'Runtime.OutOfMemory' });
  });

});
