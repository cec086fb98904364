/**
 * Quirks of the front doors that the codecs reproduce: a REST API splits a query string at a raw `;`, takes a
 * caller's X-Amzn-RequestId as its request id, and REST APIs and function URLs rename some headers of the
 * function's response to `x-amzn-Remapped-<name>`.
 */

import { describe, expect, it } from 'vitest';
import * as rest from '../../src/core/events/http/apigw-rest.js';
import * as http from '../../src/core/events/http/http-api.js';
import * as httpV1 from '../../src/core/events/http/http-api-v1.js';
import * as url from '../../src/core/events/http/function-url.js';
import { corsPreflight } from '../../src/core/events/http/cors.js';
import { GATEWAY_ERRORS } from '../../src/core/events/http/gateway-errors.js';
import { extendedRequestId } from '../../src/core/events/http/request.js';
import { FUNCTION_ERROR, REQUEST_ID, REST_IDS, httpContext, plain, request, restContext, result, urlContext } from './http-test-support.js';

describe('REST query strings split at a raw semicolon', () => {
  const query = (rawQuery: string) => {
    const e = rest.toEvent(request({ rawQuery }), restContext);
    return [e.queryStringParameters, e.multiValueQueryStringParameters];
  };

  it.each([
    ['a=1;b=2', { a: '1', b: '2' }, { a: ['1'], b: ['2'] }],
    // "X;Y" arrives as "X" (aws-amplify/amplify-swift#4274, amplify-android#3387)
    ['q=X;Y', { q: 'X', Y: '' }, { q: ['X'], Y: [''] }],
    ['a=1;a=2&a=3', { a: '3' }, { a: ['1', '2', '3'] }],
    // encoded, it is part of the value
    ['q=X%3BY', { q: 'X;Y' }, { q: ['X;Y'] }],
    [';;', null, null],
  ])('%s', (rawQuery, single, multi) => {
    expect(query(rawQuery)).toEqual([single, multi]);
  });

  it('is a REST API rule: HTTP APIs keep the semicolon in the value, in both payload formats', () => {
    const v2 = http.toEvent(request({ rawQuery: 'q=X;Y' }), httpContext);
    expect(v2.queryStringParameters).toEqual({ q: 'X;Y' });
    expect(v2.rawQueryString).toBe('q=X;Y');
    const v1 = httpV1.toEvent(request({ rawQuery: 'q=X;Y' }), { ...httpContext, resourcePath: '/items/{id}' });
    expect(v1.queryStringParameters).toEqual({ q: 'X;Y' });
  });
});

describe('response headers the front door renames', () => {
  it('REST: Connection, Content-Length, Date, Server and WWW-Authenticate become x-amzn-Remapped-<name as sent>', () => {
    const r = plain(rest.toResponse(result({
      statusCode: 401,
      headers: { 'www-authenticate': 'Bearer realm="api"', Server: 'gunicorn', 'Content-Type': 'text/plain' },
      multiValueHeaders: { Date: ['Tue, 01 May 2018 19:40:15 GMT'], 'Content-Length': ['154'], Connection: ['close'] },
      body: 'no',
    }), request(), restContext));
    expect(r.headers).toEqual([
      ['x-amzn-Remapped-Date', 'Tue, 01 May 2018 19:40:15 GMT'],
      ['x-amzn-Remapped-Content-Length', '154'],
      ['x-amzn-Remapped-Connection', 'close'],
      ['x-amzn-Remapped-www-authenticate', 'Bearer realm="api"'],
      ['x-amzn-Remapped-Server', 'gunicorn'],
      ['Content-Type', 'text/plain'],
      ...REST_IDS,
    ]);
  });

  it('function URLs rename WWW-Authenticate', () => {
    const r = plain(url.toResponse(result({ statusCode: 401, headers: { 'WWW-Authenticate': 'Basic' }, body: '' }), request(), urlContext));
    expect(r.headers.slice(0, 2)).toEqual([['x-amzn-Remapped-WWW-Authenticate', 'Basic'], ['content-type', 'application/json']]);
  });

  it('leaves every other header, and the HTTP API response, alone', () => {
    const value = { statusCode: 401, headers: { 'WWW-Authenticate': 'Basic', 'X-Server': 'a' }, body: '' };
    expect(plain(rest.toResponse(result(value), request(), restContext)).headers).toContainEqual(['X-Server', 'a']);
    expect(plain(http.toResponse(result(value), request(), httpContext)).headers).toContainEqual(['WWW-Authenticate', 'Basic']);
  });
});

describe('a caller\'s X-Amzn-RequestId is a REST API\'s request id', () => {
  // "Clients can override the value in the x-amzn-RequestId header" (REST API logging docs); x-amz-apigw-id stays the gateway's.
  const sent = request({ headers: [['X-Amzn-RequestId', 'client-id-42'], ['Origin', 'https://a.example']] });
  const own: [string, string] = ['x-amz-apigw-id', extendedRequestId(REQUEST_ID)];

  it('in the event, and in the function\'s response', () => {
    const e = rest.toEvent(sent, restContext) as { requestContext: Record<string, unknown> };
    expect([e.requestContext.requestId, e.requestContext.extendedRequestId]).toEqual(['client-id-42', extendedRequestId(REQUEST_ID)]);
    expect(plain(rest.toResponse(result({ statusCode: 200, body: 'ok' }), sent, restContext)).headers).toEqual([['Content-Type', 'application/json'], ['x-amzn-RequestId', 'client-id-42'], own]);
  });

  it('in the gateway\'s own answers: an unknown route, a failed function, a preflight', () => {
    expect(plain(GATEWAY_ERRORS.rest.routeNotFound!(sent)).headers).toEqual([['Content-Type', 'application/json'], ['x-amzn-RequestId', 'client-id-42'], ['x-amzn-ErrorType', 'MissingAuthenticationTokenException'], own]);
    expect(plain(rest.toResponse(FUNCTION_ERROR, sent, restContext)).headers).toContainEqual(['x-amzn-RequestId', 'client-id-42']);
    const cors = { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
    expect(plain(corsPreflight('rest', cors, { ...sent, method: 'OPTIONS' }, { pathMethods: ['GET'], style: 'sam' })!).headers).toContainEqual(['x-amzn-RequestId', 'client-id-42']);
  });

  it('an empty one is no id; HTTP APIs (1.0 events too) and function URLs keep their own', () => {
    const empty = request({ headers: [['X-Amzn-RequestId', '']] });
    expect((rest.toEvent(empty, restContext) as { requestContext: Record<string, unknown> }).requestContext.requestId).toBe(REQUEST_ID);
    expect((http.toEvent(sent, httpContext) as { requestContext: Record<string, unknown> }).requestContext.requestId).toBe(REQUEST_ID);
    expect((httpV1.toEvent(sent, { ...httpContext, resourcePath: '/items/{id}' }) as { requestContext: Record<string, unknown> }).requestContext.requestId).toBe(REQUEST_ID);
    expect(plain(url.toResponse(result({ statusCode: 200 }), sent, urlContext)).headers).toContainEqual(['x-amzn-RequestId', REQUEST_ID]);
  });
});
