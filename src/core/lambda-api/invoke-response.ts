/**
 * The Lambda Invoke API's answers (AWS Lambda API reference, "Invoke"), as clients read them. botocore takes an
 * error's code from `X-Amzn-ErrorType` and its message from the body's `message`; the body is the service's
 * `{"Type": "User", "message": ...}`.
 */
import { functionNotFoundError } from '../runtime/errors.js';

export interface InvokeApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** "The last 4 KB of the execution log" (Invoke, LogType Tail). */
export const LOG_TAIL_BYTES = 4096;

/** An error of the service itself: no function ran. `extra` goes into the body beside the message (a throttle's Reason). */
export function invokeApiError(status: number, code: string, message: string, extra: Readonly<Record<string, string>> = {}): InvokeApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code },
    body: Buffer.from(JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message, ...extra })),
  };
}

/**
 * The function is not the project's (or pylambda does not run it), or has no such alias or version: Lambda names the
 * ARN it looked for with the qualifier, `$LATEST` when none was asked (as AWS answers since 2025: localstack's
 * snapshot of AWS, test_invoke_exceptions, recorded 2025-11-24; earlier without it).
 */
export function functionNotFound(functionArn: string, qualifier = '$LATEST'): InvokeApiResponse {
  const { errorType, errorMessage } = functionNotFoundError(`${functionArn}:${qualifier}`);
  return invokeApiError(404, errorType, errorMessage);
}

/** A full ARN of another region: Lambda serves its own region's functions only (localstack's snapshot of AWS, test_get_function_wrong_region). */
export function otherRegion(arnRegion: string, region: string): InvokeApiResponse | undefined {
  return arnRegion === region ? undefined : invokeApiError(404, 'ResourceNotFoundException', `Functions from '${arnRegion}' are not reachable in this region ('${region}')`);
}

/** A function with ReservedConcurrentExecutions 0 is throttled at every invocation. */
export function throttled(): InvokeApiResponse {
  return invokeApiError(429, 'TooManyRequestsException', 'Rate Exceeded.', { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
}

/**
 * The answer to an invocation of a function with ReservedConcurrentExecutions 0, which runs nothing, and why (for
 * dev's line). Lambda throttles a synchronous one; it queues an Event before its throttle, which returns the event to
 * the queue, retried until it is too old (6 hours by default) and discarded (Lambda developer guide, "Error handling
 * and automatic retries"): 202, and it never runs.
 */
export function reservedZero(invocationType: 'RequestResponse' | 'Event' | 'DryRun', requestId: string): { readonly response: InvokeApiResponse; readonly reason: string } {
  return invocationType === 'Event'
    ? { response: acceptedResponse(requestId, 'Event'), reason: 'ReservedConcurrentExecutions 0: Lambda keeps the event queued, it does not run' }
    : { response: throttled(), reason: 'ReservedConcurrentExecutions 0: Lambda throttles every invocation' };
}

export interface InvokeOutcome {
  readonly requestId: string;
  /** X-Amz-Executed-Version: `$LATEST`, or the version the qualifier names (core/lambda-api/invoke-qualifier). */
  readonly executedVersion: string;
  readonly payload: Buffer;
  /** The invocation failed (the handler raised, a timeout, a crash): the payload is the error document. */
  readonly functionError: boolean;
  /** The invocation's log, when the request asked for its tail. */
  readonly log?: string;
}

/**
 * A synchronous invocation's answer: 200 whatever the function did; a failure is said by X-Amz-Function-Error
 * ("Unhandled" for every error the runtime or the platform reports) with the error document as the payload.
 */
export function invokedResponse(outcome: InvokeOutcome): InvokeApiResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': outcome.requestId,
      'x-amz-executed-version': outcome.executedVersion,
      ...(outcome.functionError ? { 'x-amz-function-error': 'Unhandled' } : {}),
      ...(outcome.log === undefined ? {} : { 'x-amz-log-result': logResult(outcome.log) }),
    },
    body: outcome.payload,
  };
}

/** Event: queued, 202 with no body; DryRun: 204, nothing runs. */
export function acceptedResponse(requestId: string, invocationType: 'Event' | 'DryRun'): InvokeApiResponse {
  return { status: invocationType === 'Event' ? 202 : 204, headers: { 'x-amzn-requestid': requestId }, body: Buffer.alloc(0) };
}

/** X-Amz-Log-Result: the log's last 4 KB, base64 (cut at a byte, as Lambda does, not at a character). */
export function logResult(log: string): string {
  const bytes = Buffer.from(log);
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64');
}
