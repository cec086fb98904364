import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, type RunsInput } from '../../src/api/coldstart-runs.js';
import { functionModel, scratchDir, testPython } from '../helpers.js';

/**
 * A handler that times out on the event (a sample event sent to a slow path, a network call that
 * hangs locally) has completed its cold start: docs/coldstart.md says a handler that fails on the
 * event is measured with a warning; only one that cannot start stops the command (exit 3). It used to
 * stop with "The function's environment failed in cold start 1: Sandbox.Timedout".
 */
describe('coldstart: a handler that times out on the event', () => {
  it('is measured, its Init Duration kept, the timeout reported as the function error', async () => {
    const project = scratchDir('coldstart-handler-timeout');
    writeFileSync(join(project, 'app.py'), 'import time\n\n\ndef handler(event, context):\n    time.sleep(30)\n');
    const input: RunsInput = {
      fn: functionModel({ handler: 'app.handler', runtime: 'python3.11', timeout: 1 }),
      taskRoot: project,
      codeDir: project,
      python: { executable: testPython(), version: '3.11.7' },
      hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' },
      event: Buffer.from('{}'),
    };
    const run = await measureRun(input, 1);
    expect(run.initDurationMs).toBeGreaterThan(0);
    expect(run.functionError).toBe('Sandbox.Timedout');
    expect(run.firstInvokeMs).toBeGreaterThanOrEqual(1000);
    // The timeout ends the environment: there is no warm invocation to measure.
    expect(run.warmInvokeMs).toBeUndefined();
  }, 20_000);
});
