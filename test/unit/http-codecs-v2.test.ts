/** Payload format 2.0: HTTP APIs and function URLs, events and responses. */

import { describe, expect, it } from 'vitest';
import * as http from '../../src/core/events/http/http-api.js';
import * as url from '../../src/core/events/http/function-url.js';
import { REQUEST_ID, TIME, httpContext, plain, request, result, urlContext } from './http-test-support.js';

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> & { http: Record<string, unknown> } };
const httpEvent = (overrides: Parameters<typeof request>[0] = {}, ctx: Partial<http.HttpApiContext> = {}) =>
  http.toEvent(request(overrides), { ...httpContext, ...ctx }) as Event;
const urlEvent = (overrides: Parameters<typeof request>[0] = {}, ctx: Partial<url.FunctionUrlContext> = {}) =>
  url.toEvent(request(overrides), { ...urlContext, ...ctx }) as Event;

describe('HTTP API event', () => {
  it('omits empty fields, and has the route and time in requestContext', () => {
    expect(httpEvent({ headers: [['Host', 'h']] }, { pathParameters: null, routeKey: '$default' })).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/items/1',
      rawQueryString: '',
      // A request without a body gets `content-length: 0` (withBodyLength).
      headers: { host: 'h', 'content-length': '0' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'xyz987wvut',
        domainName: 'xyz987wvut.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'xyz987wvut',
        http: { method: 'GET', path: '/items/1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
        requestId: REQUEST_ID,
        routeKey: '$default',
        stage: '$default',
        time: '04/Mar/2020:19:15:17 +0000',
        timeEpoch: TIME,
      },
      isBase64Encoded: false,
    });
  });

  it('lower-cases header names, joins repeats with commas and moves cookies out', () => {
    const e = httpEvent({ headers: [['X-Probe', 'first'], ['x-probe', 'second'], ['Cookie', 'session=abc123; theme=dark'], ['cookie', 'c=3']] });
    expect(e.headers).toEqual({ 'x-probe': 'first,second', 'content-length': '0' });
    expect(e.cookies).toEqual(['session=abc123', 'theme=dark', 'c=3']);
  });

  it('keeps rawQueryString undecoded and joins repeated query values with commas', () => {
    const rawQuery = 'repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com%2Fa%2Fb&literalPlus=a+b&encodedPlus=a%2Bb&empty=';
    const e = httpEvent({ rawQuery });
    expect(e.rawQueryString).toBe(rawQuery);
    expect(e.queryStringParameters).toEqual({ repeat: 'one,two', redirect: 'https://example.com/a/b', literalPlus: 'a b', encodedPlus: 'a+b', empty: '' });
  });

  it('decodes rawPath and http.path', () => {
    const e = httpEvent({ rawPath: '/capture/space%20value' });
    expect([e.rawPath, e.requestContext.http.path]).toEqual(['/capture/space value', '/capture/space value']);
  });

  it.each([
    ['$default stage: the path as called', '$default', false, '/items/1', '/items/1'],
    ['a named stage, served without it: the stage is added', 'dev', false, '/items/1', '/dev/items/1'],
    ['a named stage, called with it', 'dev', true, '/dev/items/1', '/dev/items/1'],
  ])('%s', (_name, stage, pathIncludesStage, rawPath, expected) => {
    const e = httpEvent({ rawPath }, { stage, pathIncludesStage });
    expect([e.rawPath, e.requestContext.stage]).toEqual([expected, stage]);
  });

  it('passes route key, path parameters and stage variables', () => {
    const e = httpEvent({}, { routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'a/b' }, stageVariables: { env: 'dev' } });
    expect([e.routeKey, e.requestContext.routeKey, e.pathParameters, e.stageVariables]).toEqual(['ANY /{proxy+}', 'ANY /{proxy+}', { proxy: 'a/b' }, { env: 'dev' }]);
  });

  it.each([
    ['text/plain', false],
    ['text/html; charset=utf-8', false],
    ['application/json', false],
    ['application/javascript', false],
    ['application/xml', false],
    ['application/x-www-form-urlencoded', true],
    ['application/octet-stream', true],
    ['image/png', true],
    ['application/vnd.api+json', true],
    [undefined, true],
  ])('body with Content-Type %s is base64: %s', (contentType, base64) => {
    const headers: Array<[string, string]> = contentType === undefined ? [] : [['Content-Type', contentType]];
    const e = httpEvent({ method: 'POST', headers, body: 'a=1' });
    expect([e.body, e.isBase64Encoded]).toEqual(base64 ? ['YT0x', true] : ['a=1', false]);
  });
});

describe('function URL event', () => {
  it('is the 2.0 shape with $default placeholders, the anonymous account and the lambda-url domain', () => {
    const e = urlEvent({ rawPath: '/', headers: [['Host', 'h'], ['User-Agent', 'agent']] });
    expect(e).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/',
      rawQueryString: '',
      headers: { host: 'h', 'user-agent': 'agent' },
      requestContext: {
        accountId: 'anonymous',
        apiId: urlContext.urlId,
        domainName: `${urlContext.urlId}.lambda-url.us-east-1.on.aws`,
        domainPrefix: urlContext.urlId,
        http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'agent' },
        requestId: REQUEST_ID,
        routeKey: '$default',
        stage: '$default',
        time: '04/Mar/2020:19:15:17 +0000',
        timeEpoch: TIME,
      },
      isBase64Encoded: false,
    });
  });

  it('keeps rawPath encoded (http.path is decoded) and the cookie header next to cookies', () => {
    const e = urlEvent({ rawPath: '/capture/space%20value', headers: [['Cookie', 'session=abc123; theme=dark']] });
    expect([e.rawPath, e.requestContext.http.path]).toEqual(['/capture/space%20value', '/capture/space value']);
    expect([e.cookies, e.headers]).toEqual([['session=abc123', 'theme=dark'], { cookie: 'session=abc123; theme=dark' }]);
  });

  it('reports a given caller account (AWS_IAM URLs)', () => {
    expect(urlEvent({}, { accountId: '111122223333' }).requestContext.accountId).toBe('111122223333');
  });
});

describe('payload 2.0 responses', () => {
  // The Content-Type each sends for a result with a statusCode and no content-type header (HTTP_API_DEFAULT_CONTENT_TYPE).
  const cases: Array<[string, (value: unknown) => ReturnType<typeof plain>, [string, string], string]> = [
    ['http', (value) => plain(http.toResponse(result(value), request(), httpContext)), ['apigw-requestid', REQUEST_ID], 'text/plain; charset=utf-8'],
    ['url', (value) => plain(url.toResponse(result(value), request(), urlContext)), ['x-amzn-RequestId', REQUEST_ID], 'application/json'],
  ];

  for (const [name, respond, idHeader, defaultType] of cases) {

    it(`${name}: a result with a statusCode and no content-type goes out as ${defaultType}; one without a statusCode as application/json`, () => {
      expect(respond({ statusCode: 200, body: '{"n": 1}' })).toEqual({ status: 200, headers: [['content-type', defaultType], idHeader], body: '{"n": 1}' });
      expect(respond({ statusCode: 201, headers: { 'X-Thing': 'y' }, body: 'ok' }).headers).toEqual([['X-Thing', 'y'], ['content-type', defaultType], idHeader]);
      expect(respond({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' }).headers).toEqual([['Content-Type', 'text/html'], idHeader]);
      expect(respond({ n: 1 })).toEqual({ status: 200, headers: [['content-type', 'application/json'], idHeader], body: '{"n":1}' });
    });

    it(`${name}: each cookie becomes its own set-cookie header, after the headers`, () => {
      expect(respond({ statusCode: 200, headers: { 'content-type': 'text/plain', 'set-cookie': 'h=0' }, cookies: ['a=1; Path=/', 'b=2'], body: 'ok' })).toEqual({
        status: 200,
        headers: [['content-type', 'text/plain'], ['set-cookie', 'h=0'], ['set-cookie', 'a=1; Path=/'], ['set-cookie', 'b=2'], idHeader],
        body: 'ok',
      });
    });

    it(`${name}: unknown keys are ignored (multiValueHeaders is not a 2.0 field)`, () => {
      expect(respond({ statusCode: 200, multiValueHeaders: { a: ['1'] }, extra: true, body: 'ok' })).toEqual({
        status: 200, headers: [['content-type', defaultType], idHeader], body: 'ok',
      });
    });

    it(`${name}: a cookie that is not a string fails`, () => {
      expect(respond({ statusCode: 200, cookies: [{ a: 1 }], body: '' }).status).toBe(name === 'http' ? 500 : 502);
    });

    it(`${name}: cookies that are not a list are ignored (SAM CLI)`, () => {
      expect(respond({ statusCode: 200, cookies: 'a=1', body: '' }).headers).toEqual([['content-type', defaultType], idHeader]);
    });

    it(`${name}: base64 is decoded whatever the Accept header (no binaryMediaTypes)`, () => {
      expect(respond({ statusCode: 200, body: Buffer.from('héllo').toString('base64'), isBase64Encoded: true }).body).toBe('héllo');
    });
  }
});
