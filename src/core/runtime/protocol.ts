/** The Lambda Runtime API as a runtime process sees it (shared/LAMBDA-FACTS.md section 1). */

export const RUNTIME_API_VERSION = '2018-06-01';

export const HEADERS = {
  requestId: 'lambda-runtime-aws-request-id',
  deadline: 'lambda-runtime-deadline-ms',
  functionArn: 'lambda-runtime-invoked-function-arn',
  traceId: 'lambda-runtime-trace-id',
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  /** The tenant of a function with tenant isolation (tenant-isolation-context.html: context.tenant_id). */
  tenantId: 'lambda-runtime-aws-tenant-id',
  errorType: 'lambda-runtime-function-error-type',
  /**
   * pylambda's own runtime client reports its process's peak memory (getrusage's ru_maxrss, the kernel's
   * VmHWM) with each result: reading /proc/<pid>/status instead costs the server ~10 us per invocation.
   * Other runtimes (awslambdaric) do not send it, and the server reads /proc for them.
   */
  peakMemoryKb: 'x-pylambda-peak-memory-kb',
  /**
   * pylambda's own runtime client reports what could run while it waits for the next event (threads the
   * function started, child processes), with each result and its init's `next`: freeze.ts decides from it
   * whether the environment is frozen. Without it (awslambdaric) the environment always is.
   */
  background: 'x-pylambda-background',
} as const;

/** One Runtime API call, recognised from its method and path. */
export type RuntimeRoute =
  | { readonly kind: 'next' }
  | { readonly kind: 'response'; readonly requestId: string }
  | { readonly kind: 'error'; readonly requestId: string }
  | { readonly kind: 'initError' }
  | { readonly kind: 'unknown' };

const PREFIX = `/${RUNTIME_API_VERSION}/runtime/`;

export function parseRuntimeRoute(method: string, url: string): RuntimeRoute {
  if (!url.startsWith(PREFIX)) return { kind: 'unknown' };
  const rest = url.slice(PREFIX.length).split('?')[0]!;
  if (method === 'GET' && rest === 'invocation/next') return { kind: 'next' };
  if (method === 'POST' && rest === 'init/error') return { kind: 'initError' };
  const match = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
  if (method === 'POST' && match) {
    const requestId = decodeRequestId(match[1]!);
    return match[2] === 'response' ? { kind: 'response', requestId } : { kind: 'error', requestId };
  }
  return { kind: 'unknown' };
}

/**
 * A malformed escape is kept as it is rather than thrown (URIError): it then matches no invocation and the
 * runtime gets 400 InvalidRequestID, as from the RIE, instead of an exception in the server's data handler.
 */
function decodeRequestId(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The headers of a `next` reply; Lambda sets each only when it has a value. */
export function nextHeaders(invocation: {
  requestId: string;
  deadlineMs: number;
  functionArn: string;
  traceId?: string;
  clientContext?: string;
  cognitoIdentity?: string;
  tenantId?: string;
  contentType: string;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': invocation.contentType,
    [HEADERS.requestId]: invocation.requestId,
    [HEADERS.deadline]: String(invocation.deadlineMs),
    [HEADERS.functionArn]: invocation.functionArn,
  };
  if (invocation.traceId) headers[HEADERS.traceId] = invocation.traceId;
  if (invocation.clientContext) headers[HEADERS.clientContext] = invocation.clientContext;
  if (invocation.cognitoIdentity) headers[HEADERS.cognitoIdentity] = invocation.cognitoIdentity;
  if (invocation.tenantId) headers[HEADERS.tenantId] = invocation.tenantId;
  return headers;
}

/**
 * The error type of a function error a runtime posted: its Lambda-Runtime-Function-Error-Type header,
 * else the errorType of the JSON body, else Unhandled (what Lambda reports for a body without one).
 */
export function functionErrorType(body: Buffer, headers: Readonly<Record<string, string>>): string {
  const header = headers[HEADERS.errorType];
  if (header) return header;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errorType?: unknown };
    return typeof parsed.errorType === 'string' ? parsed.errorType : 'Unhandled';
  } catch {
    return 'Unhandled';
  }
}


/** The peak memory a runtime reported with its result, in kB; undefined when absent or not a whole number. */
export function reportedPeakKb(headers: Readonly<Record<string, string>>): number | undefined {
  const value = headers[HEADERS.peakMemoryKb];
  return value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/**
 * The trace header Lambda hands every invocation (`Lambda-Runtime-Trace-Id`, `_X_AMZN_TRACE_ID` in the
 * runtime) when the caller sent none: an X-Ray trace id (`1-<epoch seconds, hex>-<96 random bits>`), a
 * parent segment id, and Sampled=0, as for a function without active tracing. `randomHex` is 20 random
 * bytes in hex (40 digits).
 */
export function newTraceHeader(nowMs: number, randomHex: string, root = newTraceRoot(nowMs, randomHex)): string {
  return `Root=${root};Parent=${randomHex.slice(24, 40)};Sampled=0`;
}

/**
 * The trace header of a function with active tracing: Lambda makes the sampling decision where the caller made
 * none, as pylambda's gateways, like API Gateway without tracing, make none. On Lambda the first request each
 * second and 5% of the rest are sampled; locally every one is, so that what the X-Ray SDK (Powertools' Tracer)
 * records runs here, not first in AWS.
 */
export function sampledTraceHeader(header: string): string {
  return header.replace(/;Sampled=0(?=;|$)/, ';Sampled=1');
}

/** An X-Ray trace id: `1-<epoch seconds, hex>-<96 random bits>` (the first 24 digits of `randomHex`). */
export function newTraceRoot(nowMs: number, randomHex: string): string {
  return `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${randomHex.slice(0, 24)}`;
}
