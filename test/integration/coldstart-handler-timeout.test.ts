import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, type RunsInput } from '../../src/api/coldstart-runs.js';
import { coldstartCli } from '../coldstart-helpers.js';
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

describe('coldstart: a handler that times out on the event, end to end', () => {
  // Each run and profile waited the whole Timeout (up to 15 minutes each) with nothing said until the end.
  it('says so after the first run, and the others stop the handler after 1 s', async () => {
    const project = scratchDir('coldstart-timeout-cli');
    writeFileSync(join(project, 'app.py'), 'import time\n\n\ndef handler(event, context):\n    time.sleep(60)\n');
    writeFileSync(join(project, 'template.yaml'), 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Slow:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.11\n      Handler: app.handler\n      Timeout: 4\n');
    const started = performance.now();
    const { code, stdout, stderr } = await coldstartCli(['--runs', '3'], project);
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(0);
    const warnings = stderr.split('\n').filter((l) => l.includes('ran past its Timeout'));
    expect(warnings).toEqual(["warning: the function ran past its Timeout (4 s) on the event ({} (no trigger)); the remaining runs stop it after 1 s, and their Init Duration is measured all the same. Pass --event with an event it accepts."]);
    // The first invocation is the run that went to the 4 s Timeout, not the median of the runs cut after 1 s.
    expect(stdout).toMatch(/first 4\d{3}(\.\d+)? ms \(timed out\)/);
    // One run of 4 s, two of 1 s and three profiles of 1 s, 9 s; six full timeouts would take 24 s at the least, so
    // that is the bound (18 s left a loaded machine 9 s for a node start, six cold starts and the review).
    expect(seconds).toBeLessThan(24);
  }, 60_000);
});
