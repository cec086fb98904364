/** `pylambda dev`'s Lambda Invoke API (what `sam local start-lambda` serves): boto3's `lambda.invoke` against the project's functions. */
import { randomUUID } from 'node:crypto';
import { findInvokedFunction, parseInvokeRequest, tenantProblem, type InvokeApiRequest, type InvocationType } from '../core/lambda-api/invoke-request.js';
import { acceptedResponse, functionNotFound, invokedResponse, reservedZero, throttled, invokeApiError, type InvokeApiResponse } from '../core/lambda-api/invoke-response.js';
import { executedVersion, missingQualifier } from '../core/lambda-api/invoke-qualifier.js';
import { unreachableFunction } from '../core/lambda-api/invoke-scope.js';
import type { FunctionModel } from '../core/model/project.js';
import type { LogEvent } from '../core/runtime/logs.js';
import { functionArn } from '../core/runtime/environment.js';
import { InvocationWithdrawn } from '../emulator/invocation.js';
import { PortInUse } from '../emulator/host-error.js';
import { LambdaApiServer } from '../emulator/lambda-api-server.js';
import { InvokeRejected, type InvokeRequest, type InvokeResult } from '../emulator/local-function.js';
import { warningEvent, type DevEvent } from './dev-types.js';
import { AsyncInvocations, type AsyncInvocationOptions } from './dev-async-invocations.js';
import { systemTimer, type Timer } from '../adapters/clock.js';

/** What the API needs of the dev session: the functions served now, and a way to run one through its pool. */
export interface DevFunctions {
  readonly functions: () => readonly FunctionModel[];
  readonly run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>;
  readonly region: () => string;
  readonly accountId: () => string;
}

export interface DevLambdaApiOptions extends DevFunctions {
  readonly host: string;
  /** The port asked for (--lambda-port), or the one after the gateways' to begin from (`search`: the next free one). */
  readonly port: number;
  readonly search: boolean;
  readonly onEvent: (event: DevEvent) => void;
  /** --local-aws's endpoint: where SQS and SNS destinations of Event invocations are sent. */
  readonly localAws: AsyncInvocationOptions['localAws'];
  /** What Event invocations' retries wait in (default: the wall clock). */
  readonly timer?: Timer;
}

/** How many ports after the first the default looks at: dev's gateways and other tools take some. */
const SEARCHED_PORTS = 20;

export class DevLambdaApi {
  /** The log lines of the invocations whose caller asked for their tail (X-Amz-Log-Type: Tail), by request id. */
  private readonly tails = new Map<string, string[]>();
  /** Requests wait here until every function of the first version exists. */
  private opened!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.opened = resolve));

  /** Event invocations, with Lambda's retries and destinations. */
  private readonly events: AsyncInvocations;

  private constructor(private readonly options: DevLambdaApiOptions, private server: LambdaApiServer | undefined) {
    this.events = new AsyncInvocations({ ...options, timer: options.timer ?? systemTimer });
  }

  static async start(options: DevLambdaApiOptions): Promise<DevLambdaApi> {
    const api = new DevLambdaApi(options, undefined);
    // Past the last port (--port 65535), a free one: the gateways say what is wrong with theirs.
    const first = options.search && options.port > 65535 ? 0 : options.port;
    const last = options.search && first !== 0 ? Math.min(65535, first + SEARCHED_PORTS) : first;
    for (let port = first; ; port++) {
      try {
        api.server = await LambdaApiServer.start({
          host: options.host, port, handle: (request, connected) => api.handle(request, connected),
          onError: (error) => options.onEvent({ type: 'error', error }), onWarning: (message) => options.onEvent(warningEvent(message)),
        });
        return api;
      } catch (error) {
        if (port >= last || !(error instanceof PortInUse)) throw error;
      }
    }
  }

  get url(): string {
    return this.server!.url;
  }

  get port(): number {
    return this.server!.port;
  }

  /** The endpoint for the functions themselves (AWS_ENDPOINT_URL_LAMBDA): loopback when dev listens on every interface. */
  get localUrl(): string {
    return this.url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1');
  }

  /** The functions exist: requests waiting for them run. */
  open(): void {
    this.opened();
  }

  /** A function's log line: kept when its invocation's caller asked for the log. */
  observe(event: LogEvent): void {
    if (event.requestId) this.tails.get(event.requestId)?.push(event.text);
  }

  /** A reload: the retries waiting are cancelled (the function they would run may be gone or changed). */
  cancelRetries(): void {
    this.events.cancel();
  }

  close(): Promise<void> {
    this.events.close();
    this.opened();
    return this.server?.close() ?? Promise.resolve();
  }

  private async handle(request: InvokeApiRequest, connected: () => boolean): Promise<InvokeApiResponse> {
    const started = performance.now();
    await this.ready;
    const parsed = parseInvokeRequest(request);
    if (parsed.kind === 'error') {
      // Not yet a function's name: what was asked, so that a wrong method shows.
      this.say({ name: `${request.method} ${request.target.split('?')[0]!}`, status: parsed.response.status, started, reason: parsed.response.headers['x-amzn-errortype'] });
      return parsed.response;
    }
    const { invocation } = parsed;
    const { functionName, invocationType } = invocation;
    const fn = findInvokedFunction(this.options.functions(), functionName);
    const base = { name: functionName, invocationType, started };
    const scope = { region: this.options.region(), accountId: this.options.accountId() };
    const unreachable = unreachableFunction(invocation, scope);
    if (unreachable) {
      this.say({ ...base, status: unreachable.response.status, reason: unreachable.reason });
      return unreachable.response;
    }
    const arn = functionArn(functionName, scope.region, scope.accountId);
    if (!fn) {
      this.say({ ...base, status: 404, reason: 'no function of the project has this name' });
      return functionNotFound(arn, invocation.qualifier);
    }
    const executed = executedVersion(fn.qualifiers, invocation.qualifier);
    if (executed === undefined) {
      this.say({ ...base, functionId: fn.id, status: 404, reason: missingQualifier(fn.id, fn.qualifiers, invocation.qualifier!) });
      return functionNotFound(arn, invocation.qualifier);
    }
    // Lambda's own request id is the invocation's: the function's context.aws_request_id.
    const requestId = randomUUID();
    const known = { ...base, functionId: fn.id, requestId };
    if (fn.reservedConcurrency === 0) {
      const { response, reason } = reservedZero(invocationType, requestId);
      this.say({ ...known, status: response.status, reason });
      return response;
    }
    const tenant = tenantProblem(fn.tenantIsolation === true, invocation.tenantId);
    if (tenant) {
      this.say({ ...known, status: tenant.status, reason: fn.tenantIsolation ? 'the function has tenant isolation: invoke it with TenantId' : 'a TenantId for a function without tenant isolation' });
      return tenant;
    }
    // The alias or version asked for (`Fn:live`, Qualifier=live) is the function's invoked ARN, as a gateway's is.
    const target = { ...(invocation.tenantId ? { tenantId: invocation.tenantId } : {}), ...(invocation.qualifier ? { qualifier: invocation.qualifier } : {}) };
    if (invocationType !== 'RequestResponse') {
      if (invocationType === 'Event') this.events.start(fn.id, { payload: invocation.payload, requestId, ...target });
      const response = acceptedResponse(requestId, invocationType);
      this.say({ ...known, status: response.status });
      return response;
    }
    if (invocation.tail) this.tails.set(requestId, []);
    try {
      // "Lambda passes the ClientContext object to your function for synchronous invocations only" (Invoke).
      // A caller that left while the invocation waited for a concurrency slot no longer gets it run (a boto3 that
      // timed out would send it again), as with the gateways.
      const result = await this.options.run(fn.id, { payload: invocation.payload, requestId, ...target, wanted: connected, ...(invocation.clientContext ? { clientContext: invocation.clientContext } : {}) });
      const log = this.tails.get(requestId);
      this.say({ ...known, status: 200, cold: result.cold, ...(result.functionError ? { reason: `function error ${result.errorType ?? ''}`.trim() } : {}) });
      return invokedResponse({ requestId, executedVersion: executed, payload: result.payload, functionError: result.functionError !== undefined, ...(log ? { log: `${log.join('\n')}\n` } : {}) });
    } catch (error) {
      if (error instanceof InvocationWithdrawn) {
        // Lambda would have throttled it: what a caller that only closed its side reads.
        this.say({ ...known, status: 499, reason: 'the caller left while the invocation waited for a concurrency slot' });
        return throttled();
      }
      if (!(error instanceof InvokeRejected)) throw error;
      // Too large for the function (the API checked already) or throttled: refused before anything ran.
      const response = error.statusCode === 429 ? throttled() : invokeApiError(error.statusCode, error.error.errorType, error.error.errorMessage);
      this.say({ ...known, status: response.status, reason: error.message });
      return response;
    } finally {
      this.tails.delete(requestId);
    }
  }

  private say(line: { name: string; status: number; started: number; invocationType?: InvocationType; functionId?: string; requestId?: string; cold?: boolean; reason?: string | undefined }): void {
    const { started, reason, ...rest } = line;
    this.options.onEvent({ type: 'invoke', ...rest, durationMs: performance.now() - started, ...(reason ? { reason } : {}) });
  }
}
