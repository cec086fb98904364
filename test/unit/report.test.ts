import { describe, expect, it } from 'vitest';
import { billedDurationMs, initReportLine, initTimeoutLine, reportLine, startLine, endLine } from '../../src/core/runtime/report.js';
import { exitError, timeoutError, outOfMemoryError, responseTooLargeError } from '../../src/core/runtime/errors.js';

describe('platform lines', () => {
  it('formats the INIT_REPORT of an init that timed out', () => {
    expect(initTimeoutLine(10000.004)).toBe('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout');
  });

  // Observed in CloudWatch for a module that cannot be imported: the init fails, then its retry in the invocation.
  it.each<[Parameters<typeof initReportLine>, string]>([
    [[310.384, 'init', 'error', 'Runtime.ImportModuleError'], 'INIT_REPORT Init Duration: 310.38 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError'],
    [[80.49, 'invoke', 'error', 'Runtime.ExitError'], 'INIT_REPORT Init Duration: 80.49 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.ExitError'],
    [[1236.04, 'init', 'timeout'], 'INIT_REPORT Init Duration: 1236.04 ms\tPhase: init\tStatus: timeout'],
  ])('formats the INIT_REPORT of a failed init: %j', (args, line) => {
    expect(initReportLine(...args)).toBe(line);
  });

  it('formats START, END and a warm REPORT exactly as Lambda does', () => {
    expect(startLine('id-1')).toBe('START RequestId: id-1 Version: $LATEST');
    expect(endLine('id-1')).toBe('END RequestId: id-1');
    expect(reportLine({ requestId: 'id-1', durationMs: 38.657, memorySizeMb: 128, maxMemoryUsedMb: 54 })).toBe(
      'REPORT RequestId: id-1\tDuration: 38.66 ms\tBilled Duration: 39 ms\tMemory Size: 128 MB\tMax Memory Used: 54 MB\t',
    );
  });

  it('puts Init Duration last, and bills the init phase', () => {
    expect(reportLine({ requestId: 'id', durationMs: 1.2, memorySizeMb: 256, maxMemoryUsedMb: 40, initDurationMs: 203.694 })).toBe(
      'REPORT RequestId: id\tDuration: 1.20 ms\tBilled Duration: 205 ms\tMemory Size: 256 MB\tMax Memory Used: 40 MB\tInit Duration: 203.69 ms\t',
    );
  });

  it('adds the status of a platform failure', () => {
    expect(reportLine({ requestId: 'id', durationMs: 3000.4, memorySizeMb: 128, maxMemoryUsedMb: 20, status: 'timeout' })).toBe(
      'REPORT RequestId: id\tDuration: 3000.40 ms\tBilled Duration: 3001 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tStatus: timeout\t',
    );
    expect(reportLine({ requestId: 'id', durationMs: 1, memorySizeMb: 128, maxMemoryUsedMb: 20, status: 'error', errorType: 'Runtime.ExitError' })).toMatch(
      /\tStatus: error\tError Type: Runtime\.ExitError\t$/,
    );
  });

  it.each([
    [0.2, undefined, 1],
    [1, undefined, 1],
    [1.01, undefined, 2],
    [10, 100.5, 111],
  ])('bills %s ms (+ init %s) as %s ms', (durationMs, initDurationMs, billed) => {
    expect(billedDurationMs({ durationMs, ...(initDurationMs === undefined ? {} : { initDurationMs }) })).toBe(billed);
  });
});

describe("Lambda's own errors", () => {
  it.each([
    [timeoutError('r1', 3), { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: r1 Error: Task timed out after 3.00 seconds' }],
    [exitError('r1', 1, null), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: r1 Error: Runtime exited with error: exit status 1' }],
    // sys.exit(0) in a handler: RIE internal/lambda/rapid/handlers.go (watchEvents), termination.Success().
    [exitError('r1', 0, null), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: r1 Error: Runtime exited without providing a reason' }],
    [exitError('r1', null, 'SIGKILL'), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: r1 Error: Runtime exited with error: signal: killed' }],
    [exitError('r1', null, 'SIGSEGV'), { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: r1 Error: Runtime exited with error: signal: segmentation fault' }],
    [outOfMemoryError('r1'), { errorType: 'Runtime.OutOfMemory', errorMessage: 'RequestId: r1 Error: Runtime exited with error: signal: killed' }],
    [responseTooLargeError(7000000, 6291556), { errorType: 'Function.ResponseSizeTooLarge', errorMessage: 'Response payload size (7000000 bytes) exceeded maximum allowed payload size (6291556 bytes).' }],
  ])('%#', (actual, expected) => {
    expect(actual).toEqual(expected);
  });
});
