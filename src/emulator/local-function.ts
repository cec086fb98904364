import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../adapters/clock.js';
import { randomHex } from '../adapters/random.js';
import { UserError } from '../core/errors.js';
import { LIMITS } from '../core/model/limits.js';
import type { FunctionModel } from '../core/model/project.js';
import { functionArn, hostRegion } from '../core/runtime/environment.js';
import { missingQualifier, runsVersion, unknownQualifier } from '../core/lambda-api/invoke-qualifier.js';
import { missingTenantError, requestTooLargeError, throttledError, type LambdaErrorPayload } from '../core/runtime/errors.js';
import { newTraceHeader, sampledTraceHeader } from '../core/runtime/protocol.js';
import { platformLines, type PlatformLines } from '../core/runtime/platform-json.js';
import { passesLogLevel } from '../core/runtime/log-level.js';
import type { Report } from '../core/runtime/report.js';
import type { LogEvent, PlatformLine } from '../core/runtime/logs.js';
import { ExecutionEnvironment } from './environment.js';
import { FunctionPool, type StartOptions } from './pool.js';
import { initFailure, isInitTimeout } from './init-failure.js';
import { launchSpec, type RuntimeLaunchOptions } from './runtime-launch.js';

export type { LogEvent };
export type { DebugAddress, RuntimeClient } from './runtime-launch.js';

export const DEFAULT_MAX_CONCURRENCY = 10;
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** A debugged function's environment stays while idle: stopping it would drop the debugger attached to it. */
const DEBUG_IDLE_TIMEOUT_MS = 24 * 3600_000;

export interface LocalFunctionOptions extends RuntimeLaunchOptions {
  /**
   * Freeze each environment between invocations, as Lambda does (default true): what the function left
   * running (a thread, a subprocess) stops until the next event. False for a debugger attached to the process.
   */
  readonly freeze?: boolean;
  readonly accountId?: string;
  readonly maxConcurrency?: number;
  readonly idleTimeoutMs?: number;
  readonly initTimeoutMs?: number;
  /** Retry a failed init (an error, or past its limit) inside the invocation, as Lambda does (default); coldstart reports it instead. */
  readonly retryInitTimeout?: boolean;
  readonly clock?: Clock;
  readonly onLog?: (event: LogEvent) => void;
  /** What the user should know of how the function runs here (environments that cannot be frozen). */
  readonly onWarning?: (message: string) => void;
  /**
   * A failure of pylambda's own in work nobody waits for (an environment stopped in the background): a bug, for
   * the caller to report. Without it, the first such failure is thrown by shutdown(), for a command that ends.
   */
  readonly onError?: (error: Error) => void;
}

export interface InvokeRequest {
  readonly payload: Buffer | string;
  readonly contentType?: string;
  readonly requestId?: string;
  readonly traceId?: string;
  readonly clientContext?: string;
  readonly cognitoIdentity?: string;
  /** The tenant (a function with tenant isolation): context.tenant_id, and environments of its own. */
  readonly tenantId?: string;
  /** The alias or version invoked (`live`): the function sees `<its ARN>:live` as context.invoked_function_arn. */
  readonly qualifier?: string;
  /**
   * Refuse the invocation, as Lambda does, when the function has tenant isolation and no tenant is given. (dev
   * gives no tenant to a function without isolation: a deployed one answers as one shared by all, as the
   * apigw-lambda-tenant-isolation pattern of aws-samples/serverless-patterns shows its standard function.)
   */
  readonly tenantRequired?: boolean;
  /** Asked when the invocation's turn comes after waiting for a concurrency slot: does the caller still wait? */
  readonly wanted?: () => boolean;
}

export interface InvokeResult {
  readonly requestId: string;
  /** The bytes the Invoke API returns: the function's result, or the error document. */
  readonly payload: Buffer;
  /** Lambda's X-Amz-Function-Error: set when the invocation failed. */
  readonly functionError?: 'Unhandled';
  readonly errorType?: string;
  readonly cold: boolean;
  readonly environmentId: number;
  readonly report: Report;
}

/** The Invoke API refused the request itself (no such alias or version, too large, throttled): no function ran. */
export class InvokeRejected extends UserError {
  constructor(readonly error: LambdaErrorPayload, readonly statusCode: number, hint?: string) {
    super(`${error.errorType}: ${error.errorMessage}`, hint ? { hint } : {});
  }
}

/** A function as Lambda runs it locally: a pool of execution environments behind `invoke`. */
export class LocalFunction {
  private readonly pool: FunctionPool;
  private readonly clock: Clock;
  private readonly region: string;
  private readonly arn: string;
  private readonly lines: PlatformLines;
  private backgroundFailure: Error | undefined;

  constructor(private readonly options: LocalFunctionOptions) {
    const { fn } = options;
    this.clock = options.clock ?? systemClock;
    this.region = hostRegion(options.hostEnv);
    this.arn = functionArn(fn.name, this.region, options.accountId ?? '123456789012');
    this.lines = platformLines(fn.logFormat, this.arn, () => this.clock.now());
    this.pool = new FunctionPool({
      maxConcurrency: options.debug ? 1 : fn.reservedConcurrency ?? options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      idleTimeoutMs: options.debug ? DEBUG_IDLE_TIMEOUT_MS : options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      createEnvironment: (id, start) => this.createEnvironment(id, start),
      now: () => this.clock.monotonic(),
      onError: (error) => this.failedInBackground(error),
    });
  }

  get name(): string {
    return this.options.fn.name;
  }

  /** The code directory the environments run from. */
  get taskRoot(): string {
    return this.options.taskRoot;
  }

  /** What the package would provide on Lambda (a layer's directories on PYTHONPATH), over the host's variables. */
  get extraEnv(): Readonly<Record<string, string>> {
    return this.options.extraEnv ?? {};
  }

  /** What the environments get over the function's own variables. */
  get envOverrides(): Readonly<Record<string, string>> {
    return this.options.envOverrides ?? {};
  }

  get model(): FunctionModel {
    return this.options.fn;
  }

  /** Process ids of the running environments (tests use them to prove nothing is left behind). */
  pids(): number[] {
    return this.pool.environmentPids();
  }

  get environmentCount(): number {
    return this.pool.size;
  }

  /** An invocation runs or waits. */
  get busy(): boolean {
    return this.pool.busy;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const notFound = unknownQualifier(this.options.fn.qualifiers, request.qualifier, this.arn);
    if (notFound) throw new InvokeRejected(notFound, 404, missingQualifier(this.options.fn.id, this.options.fn.qualifiers, request.qualifier!));
    const payload = typeof request.payload === 'string' ? Buffer.from(request.payload) : request.payload;
    if (payload.length > LIMITS.requestPayloadBytes) {
      throw new InvokeRejected(requestTooLargeError(payload.length, LIMITS.requestPayloadBytes), 413);
    }
    if (request.tenantRequired && this.options.fn.tenantIsolation && !request.tenantId) {
      throw new InvokeRejected(missingTenantError(), 400, `${this.options.fn.id} has tenant isolation: its REST method must map a tenant id (integration.request.header.X-Amz-Tenant-Id).`);
    }
    if (this.options.fn.reservedConcurrency === 0) {
      throw new InvokeRejected(throttledError(), 429, `${this.options.fn.id} has ReservedConcurrentExecutions 0: Lambda throttles every invocation of it.`);
    }
    const requestId = request.requestId ?? randomUUID();
    const { fn } = this.options;
    const version = runsVersion(fn.qualifiers, request.qualifier);
    let started = false;
    // Whether an environment took the event: after an init timeout START is printed before the retried init.
    let delivered = false;
    const start = () => {
      if (started) return;
      started = true;
      if (this.options.onLog) this.platform(requestId, 'start', this.lines.start(requestId, version));
    };
    const deliver = () => {
      delivered = true;
      start();
    };
    const invocation = {
      requestId,
      payload,
      contentType: request.contentType ?? 'application/json',
      traceId: this.traceHeader(request.traceId ?? newTraceHeader(this.clock.now(), randomHex(20))),
      clientContext: request.clientContext,
      cognitoIdentity: request.cognitoIdentity,
      tenantId: request.tenantId,
      ...(request.qualifier ? { qualifier: request.qualifier } : {}),
      ...(version === '$LATEST' ? {} : { version }),
    };
    let { record, environmentId } = await this.pool.run(invocation, deliver, {}, request.wanted);
    let suppressed = false;
    // Never handed the event (no START yet): the environment's init failed.
    const failedInit = delivered ? undefined : initFailure(record.outcome);
    if (failedInit) {
      this.platform(requestId, 'init-report', this.lines.initReport(record.initDurationMs ?? 0, 'init', failedInit.status, failedInit.errorType));
      // "If all three tasks don't complete within 10 seconds, Lambda retries the Init phase at the time of
      // the first function invocation with the configured function timeout" (lambda-runtime-environment).
      // An init that fails is retried the same way: CloudWatch shows its INIT_REPORT with Phase: init, the
      // retry's output and INIT_REPORT with Phase: invoke, then START, END and REPORT (observed).
      if (this.options.retryInitTimeout !== false) {
        suppressed = true;
        // The retried init is part of the invoke phase: after a timeout START comes before it.
        if (failedInit.status === 'timeout') start();
        ({ record, environmentId } = await this.pool.run(invocation, deliver, { suppressedInit: true }, request.wanted));
        const again = delivered ? undefined : initFailure(record.outcome);
        if (again) this.platform(requestId, 'init-report', this.lines.initReport(record.durationMs, 'invoke', again.status, again.errorType));
      }
    }
    if (!started) start();
    const { outcome } = record;
    const report: Report = {
      requestId,
      durationMs: record.durationMs,
      memorySizeMb: fn.memorySize,
      maxMemoryUsedMb: record.maxMemoryUsedMb,
      ...(record.initDurationMs === undefined ? {} : { initDurationMs: record.initDurationMs }),
      ...(outcome.kind === 'platformError' ? { status: outcome.status, errorType: outcome.error.errorType } : {}),
      ...(outcome.kind === 'functionError' && outcome.duringInit ? { status: 'error' as const, errorType: outcome.errorType } : {}),
    };
    const onLog = this.options.onLog;
    if (onLog) {
      // The record settles once the function's last lines are read (ExecutionEnvironment.finish): these follow them.
      if (outcome.kind === 'platformError' && !isInitTimeout(outcome)) {
        // An init past its 10 s is Lambda's INIT_REPORT with Status: timeout, not the function's own timeout.
        // CloudWatch shows the message, then the type on a line of its own (observed: "RequestId: <id> Error:
        // Runtime exited with error: exit status 1" / "Runtime.ExitError").
        const text = outcome.status !== 'timeout'
          ? `${outcome.error.errorMessage}\n${outcome.error.errorType}`
          : `${new Date(this.clock.now()).toISOString()} ${requestId} Task timed out after ${fn.timeout.toFixed(2)} seconds`;
        this.platform(requestId, 'message', text);
      }
      this.platform(requestId, 'end', this.lines.end(report, outcome.kind === 'platformError' ? 0 : outcome.payload.length));
      this.platform(requestId, 'report', this.lines.report(report), report);
    }
    const base = { requestId, cold: suppressed || record.initDurationMs !== undefined, environmentId, report };
    switch (outcome.kind) {
      case 'response':
        return { ...base, payload: outcome.payload };
      case 'functionError':
        return { ...base, payload: outcome.payload, functionError: 'Unhandled', errorType: outcome.errorType };
      case 'platformError':
        return { ...base, payload: Buffer.from(JSON.stringify(outcome.error)), functionError: 'Unhandled', errorType: outcome.error.errorType };
    }
  }

  /** The code changed: see FunctionPool.recycle. */
  recycle(prewarm = 0): void {
    this.pool.recycle(prewarm);
  }

  /** Replaced by another version of the function: see FunctionPool.retire. */
  retire(): void {
    this.pool.retire();
  }

  /** Stops every environment; rejects with a failure of the background work (onError's) when nothing took it. */
  async shutdown(): Promise<void> {
    await this.pool.shutdown();
    if (this.backgroundFailure) throw this.backgroundFailure;
  }

  private failedInBackground(error: Error): void {
    if (this.options.onError) this.options.onError(error);
    else this.backgroundFailure ??= error;
  }

  private platform(requestId: string, line: PlatformLine, text: string, report?: Report): void {
    this.options.onLog?.({ kind: 'platform', line, functionId: this.options.fn.id, functionName: this.name, requestId, text, ...(report ? { report } : {}) });
  }

  private createEnvironment(id: number, start: StartOptions): Promise<ExecutionEnvironment> {
    const { fn } = this.options;
    const initTimeoutMs = start.suppressedInit ? fn.timeout * 1000 : this.options.initTimeoutMs;
    return ExecutionEnvironment.start({
      id,
      functionName: fn.name,
      functionArn: this.arn,
      memorySizeMb: fn.memorySize,
      timeoutSeconds: fn.timeout,
      ...(initTimeoutMs === undefined ? {} : { initTimeoutMs }),
      ...(start.suppressedInit ? { suppressedInit: true } : {}),
      ...(this.options.debug ? { untimed: true } : {}),
      launch: launchSpec(this.options, this.clock, start.version),
      ...(this.options.freeze === false || this.options.debug ? {} : {
        freeze: { keeperPython: this.options.python.executable, ...(this.options.onWarning ? { onWarning: this.options.onWarning } : {}) },
      }),
      clock: this.clock,
      onError: (error) => this.failedInBackground(error),
      onOutput: (line) => {
        // Lambda drops the lines under the function's ApplicationLogLevel, the runtime's and the code's alike.
        if (!passesLogLevel(line.text, fn.logFormat === 'JSON' ? fn.logLevel : undefined)) return;
        this.options.onLog?.({ kind: 'function', functionId: fn.id, functionName: fn.name, ...line });
      },
    });
  }

  private traceHeader(header: string): string {
    return this.options.fn.tracing === 'Active' ? sampledTraceHeader(header) : header;
  }
}
