import { describe, expect, it } from 'vitest';
import { LAMBDA_MAX_RESULT_BYTES } from '../../src/core/events/http/gateway-errors.js';
import { CODECS, FUNCTION_ERROR, rawResult, request, result, type CodecName } from './http-test-support.js';

const STATUS = 'statusCode is missing or not an HTTP status code (an integer from 200 to 599)';
const HEADERS = 'headers is not an object of string values';
const BODY = 'body is not a string: serialise it, e.g. with json.dumps';
const BASE64 = 'isBase64Encoded is not a boolean';

const failed = (error: object) => ({ payload: Buffer.from(JSON.stringify(error)), functionError: true });

/** What `pylambda dev` prints on the request's line when a gateway refuses a result (never sent to the client). */
describe('why a gateway refused a function result', () => {
  it.each<[string, CodecName[], Parameters<typeof CODECS.rest.toResponse>[0], string]>([
    ['a function error', ['rest', 'http', 'alb', 'url'], FUNCTION_ERROR, 'the function failed: ValueError: boom'],
    // Lambda's own errors say what happened after the request id; their types (Sandbox.Timedout) add nothing.
    ['a timeout', ['rest', 'http', 'alb', 'url'], failed({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: 4e2f Error: Task timed out after 3.00 seconds' }), 'the function failed: Task timed out after 3.00 seconds'],
    ['a runtime that exited', ['rest', 'http'], failed({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: 4e2f Error: Runtime exited with error: exit status 3' }), 'the function failed: Runtime exited with error: exit status 3'],
    ['a message of several lines', ['rest'], failed({ errorType: 'ValidationError', errorMessage: '2 validation errors\nname: required\nage: required' }), 'the function failed: ValidationError: 2 validation errors'],
    ['a long message', ['http'], failed({ errorType: 'E', errorMessage: 'x'.repeat(300) }), `the function failed: E: ${'x'.repeat(194)}...`],
    ['an error without a message', ['alb'], failed({ errorType: 'KeyError' }), 'the function failed: KeyError'],
    ['an error payload that is not an error object', ['rest', 'url'], { payload: Buffer.from('"x"'), functionError: true }, 'the function failed'],
    ['an error payload that is not JSON', ['rest', 'http'], { payload: Buffer.from('<'), functionError: true }, 'the function failed'],
    ['bytes that are not JSON', ['rest', 'http', 'alb', 'url'], rawResult('<html>'), 'the result is not JSON'],
    ['a JSON string', ['rest', 'alb'], result('hello'), 'the result is not a JSON object'],
    ['no statusCode', ['alb'], result({ body: 'x' }), STATUS],
    ['a statusCode of "200" (a load balancer takes a number only)', ['alb'], result({ statusCode: '200' }), 'statusCode is a string: a load balancer takes only a number (200, not "200")'],
    ['a header value that is a number (a load balancer takes strings only)', ['alb'], result({ statusCode: 200, headers: { 'content-length': 2 }, body: 'ok' }), HEADERS],
    ['a statusCode of 1000', ['rest', 'http', 'alb', 'url'], result({ statusCode: 1000 }), STATUS],
    ['a 1xx statusCode (interim, never a final answer)', ['rest', 'http', 'alb', 'url'], result({ statusCode: 101, body: 'x' }), STATUS],
    ['a statusCode of "100"', ['rest', 'http', 'alb', 'url'], result({ statusCode: '100' }), STATUS],
    ['a dict body', ['rest', 'http', 'alb', 'url'], result({ statusCode: 200, body: { a: 1 } }), BODY],
    ['a list of headers', ['rest', 'http', 'alb', 'url'], result({ statusCode: 200, headers: ['a'] }), HEADERS],
    ['isBase64Encoded "yes"', ['rest', 'http', 'alb', 'url'], result({ statusCode: 200, isBase64Encoded: 'yes' }), BASE64],
    ['a body that is not base64', ['http', 'alb', 'url'], result({ statusCode: 200, isBase64Encoded: true, body: '***' }), 'isBase64Encoded is true but body is not base64'],
    ['a cookie that is not a string', ['http', 'url'], result({ statusCode: 200, cookies: [1] }), 'cookies is not a list of strings'],
    ['a statusDescription that is a number', ['alb'], result({ statusCode: 200, statusDescription: 200 }), 'statusDescription is not a string'],
    ['keys REST does not know', ['rest'], result({ statusCode: 200, data: 1, meta: 2 }), 'the result has keys the gateway does not know: data, meta'],
    ['a result over the 6 MB limit', ['rest', 'http', 'url'], rawResult(Buffer.alloc(LAMBDA_MAX_RESULT_BYTES + 1, 32)), `the result is ${LAMBDA_MAX_RESULT_BYTES + 1} bytes, over the limit of ${LAMBDA_MAX_RESULT_BYTES}`],
    ['a result over ALB\'s 1 MB', ['alb'], rawResult(Buffer.alloc(1024 * 1024 + 1, 32)), `the result is ${1024 * 1024 + 1} bytes, over the limit of ${1024 * 1024}`],
  ])('%s', (_what, codecs, output, problem) => {
    for (const name of codecs) {
      const response = CODECS[name].toResponse(output, request());
      expect([name, response.statusCode >= 500, response.problem]).toEqual([name, true, problem]);
      // The client never sees why.
      expect(response.body.toString()).not.toContain(problem);
    }
  });

  it('a result the gateway sends has no problem', () => {
    for (const name of Object.keys(CODECS) as CodecName[]) {
      expect(CODECS[name].toResponse(result({ statusCode: 200, body: 'ok' }), request()).problem).toBeUndefined();
    }
  });
});
