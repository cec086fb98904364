/** HTTP APIs with payload format 1.0: the REST-shaped event an HTTP API builds, and its response rules. */

import { describe, expect, it } from 'vitest';
import * as httpV1 from '../../src/core/events/http/http-api-v1.js';
import { FUNCTION_ERROR, REQUEST_ID, TIME, httpContext, rawResult, request, result } from './http-test-support.js';

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> };
const v1Context: httpV1.HttpApiV1Context = { ...httpContext, resourcePath: '/items/{id}' };
const event = (overrides: Parameters<typeof request>[0] = {}, ctx: Partial<httpV1.HttpApiV1Context> = {}) =>
  httpV1.toEvent(request(overrides), { ...v1Context, ...ctx }) as Event;
const respond = (output: Parameters<typeof httpV1.toResponse>[0], overrides: Parameters<typeof request>[0] = {}) =>
  httpV1.toResponse(output, request(overrides));
const text = (r: { body: Buffer }) => r.body.toString();

describe('HTTP API 1.0 event', () => {
  it('has every 1.0 key, nulls for what is absent, and the route in resource and resourcePath', () => {
    expect(event({ headers: [['Host', 'h'], ['User-Agent', 'curl/8']] })).toEqual({
      version: '1.0',
      resource: '/items/{id}',
      path: '/items/1',
      httpMethod: 'GET',
      headers: { Host: 'h', 'User-Agent': 'curl/8', 'Content-Length': '0' },
      multiValueHeaders: { Host: ['h'], 'User-Agent': ['curl/8'], 'Content-Length': ['0'] },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      requestContext: {
        accountId: '123456789012',
        apiId: 'xyz987wvut',
        domainName: 'xyz987wvut.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'xyz987wvut',
        extendedRequestId: expect.any(String) as unknown,
        httpMethod: 'GET',
        identity: {
          accessKey: null, accountId: null, caller: null, cognitoAmr: null, cognitoAuthenticationProvider: null, cognitoAuthenticationType: null,
          cognitoIdentityId: null, cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '127.0.0.1', user: null,
          userAgent: 'curl/8', userArn: null,
        },
        path: '/items/1',
        protocol: 'HTTP/1.1',
        requestId: REQUEST_ID,
        requestTime: '04/Mar/2020:19:15:17 +0000',
        requestTimeEpoch: TIME,
        resourceId: 'GET /items/{id}',
        resourcePath: '/items/{id}',
        stage: '$default',
      },
      pathParameters: { id: '1' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  it('keeps header names as sent; headers has the last of repeated values, multiValueHeaders all, cookies stay', () => {
    const e = event({ headers: [['X-Probe', 'first'], ['x-probe', 'second'], ['Cookie', 'a=1; b=2']] });
    expect(e.headers).toEqual({ 'X-Probe': 'second', Cookie: 'a=1; b=2', 'Content-Length': '0' });
    expect(e.multiValueHeaders).toEqual({ 'X-Probe': ['first', 'second'], Cookie: ['a=1; b=2'], 'Content-Length': ['0'] });
  });

  it('names the default route $default in resourceId and resourcePath, as captured events do', () => {
    const e = event({}, { routeKey: '$default', resourcePath: '$default', pathParameters: null });
    expect(e).toMatchObject({ resource: '$default', requestContext: { resourceId: '$default', resourcePath: '$default' } });
  });

  it('decodes the query: the last value in queryStringParameters, all in the multi-value map', () => {
    const e = event({ rawQuery: 'a=1&a=2&q=x%20y&plus=a+b' });
    expect(e.queryStringParameters).toEqual({ a: '2', q: 'x y', plus: 'a b' });
    expect(e.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], q: ['x y'], plus: ['a b'] });
  });

  it('decodes the path, and puts a named stage in it', () => {
    const e = event({ rawPath: '/items/a%20b' }, { stage: 'dev', pathParameters: { id: 'a b' }, stageVariables: { color: 'blue' } });
    expect(e.path).toBe('/dev/items/a b');
    expect(e.requestContext.path).toBe('/dev/items/a b');
    expect(e.requestContext.stage).toBe('dev');
    expect(e.pathParameters).toEqual({ id: 'a b' });
    expect(e.stageVariables).toEqual({ color: 'blue' });
  });

  it.each<[string, string | undefined, string, boolean]>([
    ['a JSON body as text', 'application/json', '{"a": 1}', false],
    ['a text body as text', 'text/plain; charset=utf-8', 'hello', false],
    ['a binary type as base64', 'image/png', Buffer.from('\x89PNG').toString('base64'), true],
    ['no Content-Type as base64', undefined, Buffer.from('raw').toString('base64'), true],
  ])('%s', (_what, type, body, base64) => {
    const raw = base64 ? Buffer.from(body, 'base64') : Buffer.from(body);
    const e = event({ method: 'POST', headers: type ? [['Content-Type', type]] : [], body: raw });
    expect(e.body).toBe(body);
    expect(e.isBase64Encoded).toBe(base64);
  });
});

describe('HTTP API 1.0 response', () => {
  it('sends the status, the merged headers (as REST merges them) and the body, with its request id', () => {
    const r = respond(result({ statusCode: 201, headers: { 'X-One': 'a', 'X-Both': 'single', 'x-same': 's' }, multiValueHeaders: { 'X-Both': ['m1', 'm2'], 'X-Same': ['s'] }, body: 'made' }));
    expect(r.statusCode).toBe(201);
    expect(r.headers).toEqual([
      ['X-Both', 'm1'], ['X-Both', 'm2'], ['X-Same', 's'], ['X-One', 'a'], ['X-Both', 'single'], ['Content-Type', 'application/json'], ['apigw-requestid', REQUEST_ID],
    ]);
    expect(text(r)).toBe('made');
  });

  it('decodes a base64 body whenever isBase64Encoded is true (no binary media types)', () => {
    const r = respond(result({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0x89, 0x50]).toString('base64'), isBase64Encoded: true }));
    expect([...r.body]).toEqual([0x89, 0x50]);
  });

  const INTERNAL = { statusCode: 500, body: '{"message":"Internal Server Error"}' };
  it.each<[string, Parameters<typeof httpV1.toResponse>[0], string]>([
    // Unlike 2.0, format 1.0 infers nothing: a result without statusCode is malformed.
    ['a result without statusCode', result({ body: 'x' }), 'statusCode is missing or not an HTTP status code (an integer from 200 to 599)'],
    ['a bare string', result('hello'), 'the result is not a JSON object'],
    ['a body that is not a string', result({ statusCode: 200, body: { a: 1 } }), 'body is not a string: serialise it, e.g. with json.dumps'],
    ['multiValueHeaders that are not lists', result({ statusCode: 200, multiValueHeaders: { a: 'b' } }), 'multiValueHeaders is not an object of lists of strings'],
    ['a body that is not base64', result({ statusCode: 200, body: '***', isBase64Encoded: true }), 'isBase64Encoded is true but body is not base64'],
    ['bytes that are not JSON', rawResult('not json'), 'the result is not JSON'],
    ['a function error', FUNCTION_ERROR, 'the function failed: ValueError: boom'],
  ])('%s: the HTTP API 500', (_what, output, problem) => {
    const r = respond(output);
    expect({ statusCode: r.statusCode, body: text(r) }).toEqual(INTERNAL);
    expect(r.problem).toBe(problem);
  });
});
