/**
 * Why a gateway answered with its own error instead of the function's result. Never sent to the client
 * (the gateways say only "Internal server error"); `pylambda dev` prints it on the request's log line,
 * as SAM CLI prints "Invalid lambda response received".
 */

import type { HttpRequest, HttpResponse } from './request.js';

/** The result fields a gateway reads, each with what it must be. */
const FIELD_PROBLEMS = {
  statusCode: 'statusCode is missing or not an HTTP status code (an integer from 200 to 599)',
  headers: 'headers is not an object of string values',
  multiValueHeaders: 'multiValueHeaders is not an object of lists of strings',
  body: 'body is not a string: serialise it, e.g. with json.dumps',
  isBase64Encoded: 'isBase64Encoded is not a boolean',
  cookies: 'cookies is not a list of strings',
  statusDescription: 'statusDescription is not a string',
} as const;

export type ResultField = keyof typeof FIELD_PROBLEMS;

export const RESULT_PROBLEMS = {
  functionError: 'the function failed',
  notJson: 'the result is not JSON',
  notObject: 'the result is not a JSON object',
  badBase64: 'isBase64Encoded is true but body is not base64',
  statusCodeText: 'statusCode is a string: a load balancer takes only a number (200, not "200")',
} as const;

/**
 * Why the function failed, from its error payload, for the request's log line: the function's own error
 * (`the function failed: KeyError: 'user_id'`), or what Lambda said of it without its request id (`the function
 * failed: Task timed out after 3.00 seconds`, `... Runtime exited with error: exit status 1`), where the log line
 * said only "the function failed" and which failure it was had to be found in the lines above it.
 */
export function functionFailedProblem(payload: Buffer): string {
  let error: unknown;
  try {
    error = JSON.parse(payload.toString('utf8'));
  } catch {
    return RESULT_PROBLEMS.functionError;
  }
  if (typeof error !== 'object' || error === null) return RESULT_PROBLEMS.functionError;
  const { errorType, errorMessage } = error as { errorType?: unknown; errorMessage?: unknown };
  const message = typeof errorMessage === 'string' ? errorMessage.split('\n')[0]!.trim() : '';
  const platform = /^RequestId: \S* Error: (.+)$/.exec(message)?.[1];
  const said = platform ?? [typeof errorType === 'string' ? errorType : '', message].filter(Boolean).join(': ');
  if (said === '') return RESULT_PROBLEMS.functionError;
  return `${RESULT_PROBLEMS.functionError}: ${said.length > MAX_SAID ? `${said.slice(0, MAX_SAID - 3)}...` : said}`;
}

/** A request's log line is one line: a long error message is cut (the function's output has it whole). */
const MAX_SAID = 200;

export function tooLargeProblem(bytes: number, limit: number): string {
  return `the result is ${bytes} bytes, over the limit of ${limit}`;
}

export function unexpectedKeysProblem(keys: readonly string[]): string {
  return `the result has ${keys.length === 1 ? 'a key' : 'keys'} the gateway does not know: ${keys.join(', ')}`;
}

/** The first field read as undefined (malformed), said as a problem; undefined when every one was read. */
export function fieldProblem(read: Partial<Record<ResultField, unknown>>): string | undefined {
  for (const [field, value] of Object.entries(read) as Array<[ResultField, unknown]>) {
    if (value === undefined) return FIELD_PROBLEMS[field];
  }
  return undefined;
}

/** A gateway's own error response, labelled with why it was sent. */
export function refusal(fail: (request: HttpRequest) => HttpResponse, request: HttpRequest) {
  return (problem: string): HttpResponse => ({ ...fail(request), problem });
}
