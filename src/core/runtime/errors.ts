/**
 * The errors Lambda itself reports for an invocation, as the caller of Invoke receives them
 * (shared/LAMBDA-FACTS.md sections 1 and 3). Function errors come from the runtime instead.
 */

export interface LambdaErrorPayload {
  readonly errorMessage: string;
  readonly errorType: string;
  readonly requestId?: string;
  readonly stackTrace?: readonly string[];
}

export function timeoutError(requestId: string, timeoutSeconds: number): LambdaErrorPayload {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

/** How a runtime process ended, in Go's wording, which is what Lambda's messages quote. */
export function exitDescription(code: number | null, signal: string | null): string {
  if (signal) return `signal: ${signalName(signal)}`;
  return `exit status ${code ?? 0}`;
}

function signalName(signal: string): string {
  const names: Record<string, string> = {
    SIGKILL: 'killed', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGTERM: 'terminated', SIGINT: 'interrupt',
    SIGBUS: 'bus error', SIGFPE: 'floating point exception', SIGILL: 'illegal instruction', SIGHUP: 'hangup',
  };
  return names[signal] ?? signal;
}

export function exitError(requestId: string, code: number | null, signal: string | null): LambdaErrorPayload {
  // A clean exit (sys.exit(0), os._exit(0)) is not "exit status 0": Lambda's supervisor words a successful
  // termination differently (RIE internal/lambda/rapid/handlers.go, watchEvents).
  const reason = !signal && (code ?? 0) === 0 ? 'Runtime exited without providing a reason'
    : `Runtime exited with error: ${exitDescription(code, signal)}`;
  return { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

/** The kernel's OOM kill, which is what Lambda reports when a function uses more than its MemorySize. */
export function outOfMemoryError(requestId: string): LambdaErrorPayload {
  return {
    errorType: 'Runtime.OutOfMemory',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
  };
}

export function responseTooLargeError(size: number, limit: number): LambdaErrorPayload {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${limit} bytes).`,
  };
}

export function requestTooLargeError(size: number, limit: number): LambdaErrorPayload {
  return {
    errorType: 'RequestEntityTooLargeException',
    errorMessage: `Request must be smaller than ${limit} bytes for the InvokeFunction operation (got ${size} bytes)`,
  };
}

export function initTimeoutError(requestId: string, limitMs: number): LambdaErrorPayload {
  return {
    errorType: 'Runtime.InitTimeout',
    errorMessage: `RequestId: ${requestId} Error: Init phase timed out after ${(limitMs / 1000).toFixed(2)} seconds`,
  };
}

/** Invoke of a function with tenant isolation without a tenant id (lambda docs, tenant-isolation-troubleshooting). */
export function missingTenantError(): LambdaErrorPayload {
  return { errorType: 'InvalidParameterValueException', errorMessage: 'Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled.' };
}

/** No such function, alias or version: Lambda names the ARN it looked for, with the qualifier (moto's UnknownFunctionException says the same). */
export function functionNotFoundError(qualifiedArn: string): LambdaErrorPayload {
  return { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${qualifiedArn}` };
}

export function throttledError(): LambdaErrorPayload {
  return { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' };
}

/** The Runtime API's own replies when a runtime misbehaves (RIE: rapi/handler). */
export const RUNTIME_API_ERRORS = {
  invalidRequestId: { status: 400, body: { errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' } },
  invalidState: { status: 403, body: { errorType: 'InvalidStateTransition', errorMessage: 'State transition is not allowed' } },
  tooLarge: (limit: number) => ({
    status: 413,
    body: { errorType: 'RequestEntityTooLarge', errorMessage: `Exceeded maximum allowed payload size (${limit} bytes).` },
  }),
  notFound: { status: 404, body: { errorType: 'NotFound', errorMessage: 'Unknown Runtime API route' } },
} as const;
