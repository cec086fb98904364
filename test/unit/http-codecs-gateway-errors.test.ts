/** Each gateway's own answers: unknown routes, timeouts, sizes, failed functions; and the limits behind them. */

import { describe, expect, it } from 'vitest';
import {
  ALB_MAX_REQUEST_BODY_BYTES, API_GATEWAY_MAX_PAYLOAD_BYTES, GATEWAY_ERRORS, GATEWAY_LIMITS, HTTP_API_INTEGRATION_TIMEOUT_MS,
  LAMBDA_MAX_EVENT_BYTES, REST_INTEGRATION_TIMEOUT_MS, checkRequestSize, declaredBodyTooLarge, invokeRefused, requestHeadProblem, requestUrlProblem,
} from '../../src/core/events/http/gateway-errors.js';
import type { EndpointKind, RestEndpointType } from '../../src/core/model/project.js';
import { REQUEST_ID, plain, request } from './http-test-support.js';
import { extendedRequestId } from '../../src/core/events/http/request.js';

const page = (title: string) => `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
const ALB_HEADERS: Array<[string, string]> = [['Server', 'awselb/2.0'], ['Content-Type', 'text/html']];
const rest = (errorType?: string): Array<[string, string]> => [
  ['Content-Type', 'application/json'],
  ['x-amzn-RequestId', REQUEST_ID],
  ...(errorType ? ([['x-amzn-ErrorType', errorType]] as Array<[string, string]>) : []),
  ['x-amz-apigw-id', extendedRequestId(REQUEST_ID)],
];
const HTTP_HEADERS: Array<[string, string]> = [['Content-Type', 'application/json'], ['apigw-requestid', REQUEST_ID]];
const URL_HEADERS: Array<[string, string]> = [['Content-Type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID]];

type Case = [string, EndpointKind, keyof (typeof GATEWAY_ERRORS)['rest'], number, Array<[string, string]>, string];

const cases: Case[] = [
  ['REST: unknown route or method', 'rest', 'routeNotFound', 403, rest('MissingAuthenticationTokenException'), '{"message":"Missing Authentication Token"}'],
  ['REST: function error', 'rest', 'functionError', 502, rest('InternalServerErrorException'), '{"message": "Internal server error"}'],
  ['REST: 29 s integration timeout', 'rest', 'integrationTimeout', 504, rest(), '{"message": "Endpoint request timed out"}'],
  ['REST: body over 10 MB', 'rest', 'requestTooLarge', 413, [['Content-Type', 'text; charset=utf-8']], 'HTTP content length exceeded 10485760 bytes.'],
  ['REST: event over Lambda 6 MB', 'rest', 'eventTooLarge', 413, rest('BadRequestException'), '{"message": "Request Too Long"}'],
  ['HTTP API: no route', 'http', 'routeNotFound', 404, HTTP_HEADERS, '{"message":"Not Found"}'],
  ['HTTP API: a path that does not decode (percent%25done, captured as a 400)', 'http', 'badRequestPath', 400, HTTP_HEADERS, '{"message":"Bad Request"}'],
  ['HTTP API: function error', 'http', 'functionError', 500, HTTP_HEADERS, '{"message":"Internal Server Error"}'],
  ['HTTP API: 30 s integration timeout', 'http', 'integrationTimeout', 503, HTTP_HEADERS, '{"message":"Service Unavailable"}'],
  ['HTTP API: body over 10 MB', 'http', 'requestTooLarge', 413, HTTP_HEADERS, '{"message":"Request Entity Too Large"}'],
  ['ALB: no rule matched (stand-in for the default action)', 'alb', 'routeNotFound', 404, ALB_HEADERS, page('404 Not Found')],
  ['ALB: function error, timeout or bad result', 'alb', 'functionError', 502, ALB_HEADERS, page('502 Bad Gateway')],
  ['ALB: body over 1 MB', 'alb', 'requestTooLarge', 413, ALB_HEADERS, page('413 Request Entity Too Large')],
  ['function URL: function error', 'url', 'functionError', 502, URL_HEADERS, 'Internal Server Error'],
];

describe('gateway responses', () => {
  it.each(cases)('%s', (_name, kind, which, status, headers, body) => {
    const respond = GATEWAY_ERRORS[kind][which];
    expect(respond).toBeDefined();
    expect(plain(respond!(request()))).toEqual({ status, headers, body });
  });

  it('ALB pages have the byte counts of captured ones (502: 122, 503-style pages alike)', () => {
    expect(GATEWAY_ERRORS.alb.functionError(request()).body.length).toBe(122);
  });

  it('gateways that never answer so have no response', () => {
    expect(GATEWAY_ERRORS.url.routeNotFound).toBeUndefined();
    expect(GATEWAY_ERRORS.url.integrationTimeout).toBeUndefined();
    expect(GATEWAY_ERRORS.alb.integrationTimeout).toBeUndefined();
    // REST APIs, load balancers and function URLs passed percent%25done to the function (hotsock/voker captures).
    expect([GATEWAY_ERRORS.rest.badRequestPath, GATEWAY_ERRORS.alb.badRequestPath, GATEWAY_ERRORS.url.badRequestPath]).toEqual([undefined, undefined, undefined]);
  });
});

describe('invokeRefused: what a gateway answers when Lambda refuses to run the function', () => {
  it.each<[string, EndpointKind, number | undefined, number]>([
    // DataBiosphere/azul#7883: a REST API's integration of an alias that is gone is an INTEGRATION_FAILURE, a 502.
    ['REST: no such function, alias or version', 'rest', 404, 502],
    ['REST: throttled (a Lambda invocation error)', 'rest', 429, 500],
    ['REST: no status known', 'rest', undefined, 500],
    ['HTTP API: no such alias', 'http', 404, 500],
    ['HTTP API: throttled', 'http', 429, 500],
    ['ALB: no such alias', 'alb', 404, 502],
    ['function URL: no such alias', 'url', 404, 502],
  ])('%s: %s', (_what, kind, lambdaStatus, status) => {
    expect(invokeRefused(kind, lambdaStatus)(request()).statusCode).toBe(status);
  });
});

describe('limits', () => {
  it('are the documented numbers', () => {
    expect([REST_INTEGRATION_TIMEOUT_MS, HTTP_API_INTEGRATION_TIMEOUT_MS]).toEqual([29_000, 30_000]);
    expect([API_GATEWAY_MAX_PAYLOAD_BYTES, ALB_MAX_REQUEST_BODY_BYTES, LAMBDA_MAX_EVENT_BYTES]).toEqual([10_485_760, 1_048_576, 6_291_456]);
    expect(GATEWAY_LIMITS.alb.integrationTimeoutMs).toBeUndefined();
    expect(GATEWAY_LIMITS.url.maxRequestBodyBytes).toBeUndefined();
  });

  it.each([
    ['rest', API_GATEWAY_MAX_PAYLOAD_BYTES, 413],
    ['http', API_GATEWAY_MAX_PAYLOAD_BYTES, 413],
    ['alb', ALB_MAX_REQUEST_BODY_BYTES, 413],
  ] as const)('%s: a body over %i bytes is refused, one at the limit passes', (kind, limit, status) => {
    expect(checkRequestSize(kind, request({ body: Buffer.alloc(limit) }))).toBeUndefined();
    expect(checkRequestSize(kind, request({ body: Buffer.alloc(limit + 1) }))?.statusCode).toBe(status);
  });

  it.each(['rest', 'http', 'url'] as const)('%s: an event over Lambda\'s 6 MB is refused with 413', (kind) => {
    expect(checkRequestSize(kind, request(), LAMBDA_MAX_EVENT_BYTES)).toBeUndefined();
    const response = checkRequestSize(kind, request(), LAMBDA_MAX_EVENT_BYTES + 1);
    expect(response?.statusCode).toBe(413);
  });

  it('function URL: Lambda names its limit', () => {
    expect(plain(checkRequestSize('url', request(), LAMBDA_MAX_EVENT_BYTES + 1)!)).toEqual({
      status: 413,
      headers: [...URL_HEADERS, ['x-amzn-ErrorType', 'RequestEntityTooLargeException']],
      body: '{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}',
    });
  });
});

describe('requestHeadProblem: API Gateway\'s 10240 bytes, counted as each API type\'s quota says', () => {
  const HTTP_OVER = "the request line and header values are 10241 bytes, over API Gateway's 10240: AWS refuses this request";
  const REST_OVER = (bytes: number) => `the request headers (names, values and line ends) are ${bytes} bytes, over a REST API's 10240: AWS refuses this request`;
  // HTTP API: "request line and header values". GET /x HTTP/1.1 is 15 bytes; one value fills the rest.
  // REST API: "all header values, including header names, values, any line terminators, and whitespaces": each
  // header is `Name: value\r\n`, so `Cookie` costs 6 + 2 + 2 bytes beside its value; the request line has a quota
  // of its own (the URL's length).
  const withValue = (bytes: number, rawPath = '/x') => request({ rawPath, headers: [['Cookie', 'a'.repeat(bytes)]] });
  it.each<[string, EndpointKind, ReturnType<typeof request>, string | undefined]>([
    ['HTTP API: request line and value at the limit', 'http', withValue(10240 - 15), undefined],
    ['HTTP API: one byte over', 'http', withValue(10240 - 14), HTTP_OVER],
    ['HTTP API: header names do not count', 'http', request({ rawPath: '/x', headers: [['X-'.padEnd(5000, 'n'), 'a'.repeat(10240 - 15)]] }), undefined],
    ['REST: name, colon, space, value and CRLF at the limit', 'rest', withValue(10240 - 10), undefined],
    ['REST: one byte over', 'rest', withValue(10240 - 9), REST_OVER(10241)],
    ['REST: a long name counts (the request line and value alone are under the limit)', 'rest', request({ rawPath: '/x', headers: [['X-'.padEnd(100, 'n'), 'a'.repeat(10140)]] }), REST_OVER(10244)],
    ['REST: many small headers, their names and line ends counted', 'rest', request({ rawPath: '/x', headers: Array.from({ length: 1000 }, (_, i): [string, string] => [`X-H${String(i).padStart(3, '0')}`, 'v']) }), REST_OVER(11000)],
    ['REST: the request line does not count', 'rest', withValue(10240 - 10, `/${'p'.repeat(5000)}`), undefined],
    ['ALB: no such limit', 'alb', withValue(20000), undefined],
    ['function URL: no such limit', 'url', withValue(20000), undefined],
  ])('%s', (_what, kind, req, problem) => {
    expect(requestHeadProblem(kind, req)).toBe(problem);
  });

  it('counts text past ASCII in the UTF-8 bytes that were sent (日 is three)', () => {
    const problem = requestHeadProblem('http', request({ rawPath: '/x', headers: [['X-Name', '日'.repeat(3409)]] }));
    expect(problem).toBe("the request line and header values are 10242 bytes, over API Gateway's 10240: AWS refuses this request");
    expect(requestHeadProblem('rest', request({ rawPath: '/x', headers: [['X-Name', '日'.repeat(3411)]] }))).toBe(REST_OVER(6 + 2 + 3 * 3411 + 2));
  });

  it('counts the query string (HTTP API: it is in the request line)', () => {
    expect(requestHeadProblem('http', request({ rawPath: '/x', rawQuery: 'q='.padEnd(10240, 'z'), headers: [] }))).toBeDefined();
  });
});

describe('requestUrlProblem: a REST API\'s URL quota (8192 characters edge-optimized or private, 10240 regional)', () => {
  const over = (chars: number, api = 'an edge-optimized', limit = 8192) =>
    `the URL's path and query are ${chars} characters, over the ${limit} ${api} REST API takes${chars <= 10240 ? ' (a regional API takes 10240)' : ''}: AWS refuses this request`;
  it.each<[string, EndpointKind, ReturnType<typeof request>, RestEndpointType | undefined, string | undefined]>([
    ['REST: a path at the limit', 'rest', request({ rawPath: `/${'p'.repeat(8191)}` }), undefined, undefined],
    ['REST: one character over', 'rest', request({ rawPath: `/${'p'.repeat(8192)}` }), undefined, over(8193)],
    ['REST: the query and its ? count', 'rest', request({ rawPath: '/x', rawQuery: `q=${'z'.repeat(8188)}` }), undefined, over(8193)],
    ['REST: percent-encoding counts as sent', 'rest', request({ rawPath: `/${'%20'.repeat(2731)}` }), undefined, over(8194)],
    ['REST: past a regional API\'s 10240 too', 'rest', request({ rawPath: `/${'p'.repeat(10240)}` }), undefined, over(10241)],
    ['REST, EDGE said outright', 'rest', request({ rawPath: `/${'p'.repeat(8192)}` }), 'EDGE', over(8193)],
    ['REST, PRIVATE: 8192 too', 'rest', request({ rawPath: `/${'p'.repeat(8192)}` }), 'PRIVATE', over(8193, 'a private')],
    ['REST, REGIONAL: 9000 is within its 10240', 'rest', request({ rawPath: `/${'p'.repeat(8999)}` }), 'REGIONAL', undefined],
    ['REST, REGIONAL: at its limit', 'rest', request({ rawPath: `/${'p'.repeat(10239)}` }), 'REGIONAL', undefined],
    ['REST, REGIONAL: one character over', 'rest', request({ rawPath: `/${'p'.repeat(10240)}` }), 'REGIONAL', over(10241, 'a regional', 10240)],
    ['HTTP API: its request line counts in its 10240 bytes instead', 'http', request({ rawPath: `/${'p'.repeat(9000)}` }), undefined, undefined],
    ['ALB: no such quota here', 'alb', request({ rawPath: `/${'p'.repeat(9000)}` }), undefined, undefined],
    ['function URL: no such quota here', 'url', request({ rawPath: `/${'p'.repeat(9000)}` }), undefined, undefined],
  ])('%s', (_what, kind, req, type, problem) => {
    expect(requestUrlProblem(kind, req, type)).toBe(problem);
  });
});

describe('declaredBodyTooLarge: a Content-Length refused before its body (Expect: 100-continue)', () => {
  it.each([
    ['rest', '10485760', false],
    ['rest', '10485761', true],
    ['http', '10485761', true],
    ['alb', '1048576', false],
    ['alb', '1048577', true],
    // A function URL: only Lambda's 6 MB event limit.
    ['url', '6291456', false],
    ['url', '6291457', true],
    ['http', undefined, false],
    // Not a length: the parser refuses it, not this rule.
    ['http', '1e9', false],
    ['http', '', false],
  ] as const)('%s, Content-Length %s: %s', (kind, length, refused) => {
    expect(declaredBodyTooLarge(kind, length)).toBe(refused);
  });
});
