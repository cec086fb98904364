import type { PythonInfo } from '../adapters/python.js';
import { median } from '../core/coldstart/stats.js';
import { UserError } from '../core/errors.js';
import { resultStatus } from '../core/gateway/sample.js';
import type { FunctionModel } from '../core/model/project.js';
import type { LogEvent } from '../core/runtime/logs.js';
import { LocalFunction, type InvokeResult } from '../emulator/local-function.js';
import { errorMessageOf, handlerMeantOf } from './handler-meant.js';

/**
 * The measuring half of `pylambda coldstart`: N cold starts, each in a new execution environment
 * (a new LocalFunction, so its pool has nothing warm to reuse), and more under -X importtime.
 */
export interface RunsInput {
  readonly fn: FunctionModel;
  /** The staged code directory (coldstart-stage.ts). */
  readonly taskRoot: string;
  /** The code directory the stage mirrors: tracebacks name it, not the temporary stage. */
  readonly codeDir: string;
  readonly python: PythonInfo;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly envOverrides?: Readonly<Record<string, string>>;
  /** What the function needs locally that its package provides on Lambda (a Chalice app's vendor/). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly event: Buffer;
  /** Called when an environment starts, so that an interrupt can stop it. */
  readonly onEnvironment?: (local: LocalFunction) => void;
  /** Lambda's 10 s unless a test shortens it. */
  readonly initTimeoutMs?: number;
}

export interface RunResult {
  readonly initDurationMs: number;
  readonly firstInvokeMs: number;
  readonly warmInvokeMs?: number;
  readonly maxMemoryUsedMb: number;
  /** The errorType the function returned for the event, if it failed. */
  readonly functionError?: string;
  /** Its errorMessage, which may say the event is not what failed (unregisteredBlueprintNote). */
  readonly functionErrorMessage?: string;
  /** The HTTP status the function's result asked for, when it names one (an API's proxy result). */
  readonly httpStatus?: number;
  /** The handler ran past the function's timeout on the event (its init completed). */
  readonly timedOut?: true;
}

/** Never compile into the stage (nor the user's folders): every cold start compiles what has no .pyc, as on Lambda. */
const NO_BYTECODE_WRITES = { PYTHONDONTWRITEBYTECODE: '1' } as const;
const OUTPUT_KEPT = 20;

function newFunction(input: RunsInput, output: string[], extra: { pythonFlags?: readonly string[]; onLog?: (e: LogEvent) => void } = {}): LocalFunction {
  const local = new LocalFunction({
    fn: input.fn,
    taskRoot: input.taskRoot,
    python: input.python,
    hostEnv: input.hostEnv,
    ...(input.envOverrides ? { envOverrides: input.envOverrides } : {}),
    extraEnv: { ...input.extraEnv, ...NO_BYTECODE_WRITES },
    // An init past Lambda's 10 s is what coldstart must report, not retry (as Lambda would, inside the invocation).
    retryInitTimeout: false,
    // Each environment serves its cold invocation and one warm one, then ends: a freeze would cost two signals
    // and the start of a keeper process, overlapping the next run's measured cold start, for nothing.
    freeze: false,
    ...(input.initTimeoutMs !== undefined ? { initTimeoutMs: input.initTimeoutMs } : {}),
    ...(extra.pythonFlags ? { pythonFlags: extra.pythonFlags } : {}),
    onLog: (event) => {
      if (event.kind === 'function') {
        output.push(...outputLines(event.text));
        output.splice(0, Math.max(output.length - OUTPUT_KEPT, 0));
      }
      extra.onLog?.(event);
    },
  });
  input.onEnvironment?.(local);
  return local;
}

/**
 * The runtime client's text log lines join a traceback's lines with \r (one CloudWatch event per
 * record); shown in a terminal they would overwrite each other. Lambda's generic "LAMBDA_WARNING:
 * Unhandled exception" line says nothing about this function, so it is left out.
 */
export function outputLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line, i, all) => !(line === '' && i === all.length - 1) && !line.includes('LAMBDA_WARNING: Unhandled exception'));
}

function errorOf(result: InvokeResult): { errorType: string; errorMessage: string } {
  try {
    const body = JSON.parse(result.payload.toString('utf8')) as { errorType?: string; errorMessage?: string };
    return { errorType: body.errorType ?? result.errorType ?? 'Unhandled', errorMessage: body.errorMessage ?? '' };
  } catch {
    return { errorType: result.errorType ?? 'Unhandled', errorMessage: '' };
  }
}

/**
 * The exit code of a function that cannot complete a cold start (an import error, an init past 10 s, a
 * crash): not 1, which is "measured and over --budget", nor 2, which is "the command was given something
 * it cannot use". A CI step then tells a broken function from a slow one and from a broken CI step.
 */
export const COLD_START_FAILED_EXIT_CODE = 3;

/**
 * The environment itself failed (init error, init timeout, crash, out of memory): nothing to measure. A handler
 * its module lacks carries the one most likely meant (`handlerMeant`), which invoke and dev note too.
 */
async function failed(input: RunsInput, result: InvokeResult, output: readonly string[], run: number): Promise<UserError> {
  const meant = await handlerMeantOf(input.codeDir, input.fn, result);
  const shown = output.map((l) => `  ${l.split(input.taskRoot).join(input.codeDir)}`);
  const lines = shown.length > 0 ? `\nIts last output:\n${shown.join('\n')}` : '';
  // pylambda invoke retries an init past 10 s inside the invocation, as Lambda does, and may then succeed.
  const hint = result.errorType === 'Runtime.InitTimeout'
    ? "The init ran past Lambda's 10 s. Lambda then retries it inside the first invocation, within the function's timeout (so does pylambda invoke): every cold start would cost a request that long."
    : 'Run it once with `pylambda invoke` to see the whole error; pass --event when it needs a particular event.';
  const error = errorOf(result);
  return new UserError(`The function's environment failed in cold start ${run}: ${error.errorType}${error.errorMessage ? `: ${error.errorMessage}` : ''}${lines}`, {
    hint,
    exitCode: COLD_START_FAILED_EXIT_CODE,
    details: { reason: 'cold-start-failed', ...error, coldStart: run, ...(meant ? { handlerMeant: meant } : {}) },
  });
}

/** One cold start: a fresh environment, its first invocation, then one warm invocation. */
export async function measureRun(input: RunsInput, run: number): Promise<RunResult> {
  const output: string[] = [];
  const local = newFunction(input, output);
  try {
    const first = await local.invoke({ payload: input.event });
    if (timedOutOnEvent(first)) {
      // The init completed, then the handler ran past the function's timeout on this event: a failure on
      // the event, measured with a warning like any other. The timeout ends the environment: no warm run.
      return { initDurationMs: first.report.initDurationMs!, firstInvokeMs: first.report.durationMs, maxMemoryUsedMb: first.report.maxMemoryUsedMb, functionError: first.report.errorType!, timedOut: true };
    }
    if (first.report.status !== undefined || first.report.initDurationMs === undefined) throw await failed(input, first, output, run);
    const warm = await local.invoke({ payload: input.event });
    const warmOk = warm.report.status === undefined && !warm.cold;
    return {
      initDurationMs: first.report.initDurationMs,
      firstInvokeMs: first.report.durationMs,
      ...(warmOk ? { warmInvokeMs: warm.report.durationMs } : {}),
      maxMemoryUsedMb: Math.max(first.report.maxMemoryUsedMb, warm.report.maxMemoryUsedMb),
      ...(first.functionError ? { functionError: first.errorType ?? 'Unhandled', functionErrorMessage: errorMessageOf(first.payload) } : {}),
      ...httpStatusOf(first),
    };
  } finally {
    await local.shutdown();
  }
}

/** The handler timed out on the event after an init that completed (not an init past 10 s, which never got the event). */
function timedOutOnEvent(result: InvokeResult): boolean {
  const { report } = result;
  return report.status === 'timeout' && report.errorType !== undefined && report.errorType !== 'Runtime.InitTimeout' && report.initDurationMs !== undefined;
}

export interface RunsSummary {
  readonly initDurationsMs: readonly number[];
  readonly firstInvokeMs: number;
  /** The first invocation ran to the function's Timeout (firstInvokeMs is then that run's). */
  readonly firstInvokeTimedOut?: true;
  readonly warmInvokeMs?: number;
  readonly maxMemoryUsedMb: number;
  readonly functionError?: string;
  /** An HTTP error status (400 and up) the function answered the event with, in any run. */
  readonly httpErrorStatus?: number;
}

function httpStatusOf(result: InvokeResult): { httpStatus?: number } {
  const status = result.functionError ? undefined : resultStatus(result.payload);
  return status === undefined ? {} : { httpStatus: status };
}

export function summarizeRuns(results: readonly RunResult[]): RunsSummary {
  const warm = results.flatMap((r) => (r.warmInvokeMs === undefined ? [] : [r.warmInvokeMs]));
  const error = results.find((r) => r.functionError)?.functionError;
  const httpError = results.find((r) => (r.httpStatus ?? 0) >= 400)?.httpStatus;
  // After a timeout on the event the later runs are cut short on purpose: their median would be that cut, not
  // the function's. The first invocation is then the run that went to the function's own Timeout.
  const timedOut = results.some((r) => r.timedOut);
  return {
    initDurationsMs: results.map((r) => r.initDurationMs),
    firstInvokeMs: timedOut ? Math.max(...results.map((r) => r.firstInvokeMs)) : median(results.map((r) => r.firstInvokeMs)),
    ...(timedOut ? { firstInvokeTimedOut: true as const } : {}),
    ...(warm.length > 0 ? { warmInvokeMs: median(warm) } : {}),
    maxMemoryUsedMb: Math.max(...results.map((r) => r.maxMemoryUsedMb)),
    ...(error ? { functionError: error } : {}),
    ...(httpError ? { httpErrorStatus: httpError } : {}),
  };
}

/**
 * A cold start with `python -X importtime`: its stderr, where the import tree is. The REPORT
 * line is awaited because LocalFunction emits it after the function's last output lines, which may
 * still be in the pipe when the invocation's result arrives.
 */
export async function profileImports(input: RunsInput): Promise<string> {
  const stderr: string[] = [];
  let reported!: () => void;
  const done = new Promise<void>((resolve) => (reported = resolve));
  const local = newFunction(input, [], {
    pythonFlags: ['-X', 'importtime'],
    onLog: (event) => {
      if (event.kind === 'function' && event.stream === 'stderr') stderr.push(event.text);
      if (event.kind === 'platform' && event.report) reported();
    },
  });
  try {
    await local.invoke({ payload: input.event });
    await done;
  } finally {
    await local.shutdown();
  }
  return stderr.join('\n');
}
