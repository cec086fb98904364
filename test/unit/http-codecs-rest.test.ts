/** REST API proxy integration (payload 1.0): the event Lambda receives and the response the client gets. */

import { describe, expect, it } from 'vitest';
import { toEvent, toResponse, type RestContext } from '../../src/core/events/http/apigw-rest.js';
import { extendedRequestId } from '../../src/core/events/http/request.js';
import { REQUEST_ID, REST_IDS, TIME, plain, request, restContext, result } from './http-test-support.js';

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> };
const event = (overrides: Parameters<typeof request>[0] = {}, ctx: Partial<RestContext> = {}) =>
  toEvent(request(overrides), { ...restContext, ...ctx }) as Event;

describe('REST event', () => {
  it('has every key, with null for what is absent', () => {
    const e = event({ headers: [] }, { pathParameters: null });
    expect(e).toMatchObject({
      resource: '/items/{id}',
      path: '/items/1',
      httpMethod: 'GET',
      headers: null,
      multiValueHeaders: null,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  it('carries routing and stage in requestContext (Chalice routes on resourcePath + httpMethod)', () => {
    expect(event().requestContext).toEqual({
      accountId: '123456789012',
      apiId: 'abc123defg',
      domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123defg',
      extendedRequestId: extendedRequestId(REQUEST_ID),
      httpMethod: 'GET',
      identity: {
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, sourceIp: '127.0.0.1', user: null,
        userAgent: 'curl/8.7.1', userArn: null, clientCert: null,
      },
      path: '/Prod/items/1',
      protocol: 'HTTP/1.1',
      requestId: REQUEST_ID,
      requestTime: '04/Mar/2020:19:15:17 +0000',
      requestTimeEpoch: TIME,
      resourceId: expect.stringMatching(/^[0-9a-z]{6}$/),
      resourcePath: '/items/{id}',
      stage: 'Prod',
    });
  });

  it.each([
    ['served without the stage', '/items/1', false, '/items/1', '/Prod/items/1'],
    ['called with the stage, as on AWS', '/Prod/items/1', true, '/items/1', '/Prod/items/1'],
    ['the root, with the stage', '/Prod', true, '/', '/Prod/'],
    ['the root, without', '/', false, '/', '/Prod/'],
    ['a percent-encoded path stays encoded', '/Prod/capture/space%20value', true, '/capture/space%20value', '/Prod/capture/space%20value'],
  ])('path: %s', (_name, rawPath, pathIncludesStage, path, contextPath) => {
    const e = event({ rawPath }, { pathIncludesStage });
    expect([e.path, e.requestContext.path]).toEqual([path, contextPath]);
  });

  it('passes {proxy+} as pathParameters.proxy, as routing found it', () => {
    const e = event({ rawPath: '/files/a/b%20c' }, { resourcePath: '/files/{proxy+}', pathParameters: { proxy: 'a/b%20c' } });
    expect([e.resource, e.pathParameters]).toEqual(['/files/{proxy+}', { proxy: 'a/b%20c' }]);
  });

  it('keeps header case, the last value in headers and all of them in multiValueHeaders', () => {
    const e = event({ headers: [['Host', 'h'], ['X-Probe', 'first'], ['x-probe', 'second'], ['accept', '*/*']] });
    expect(e.headers).toEqual({ Host: 'h', 'X-Probe': 'second', accept: '*/*' });
    expect(e.multiValueHeaders).toEqual({ Host: ['h'], 'X-Probe': ['first', 'second'], accept: ['*/*'] });
  });

  it('decodes the query (+ is a space), last value wins, every value in the multi-value map', () => {
    const e = event({ rawQuery: 'repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com%2Fa&literalPlus=a+b&encodedPlus=a%2Bb&empty=&flag' });
    expect(e.queryStringParameters).toEqual({ repeat: 'two', redirect: 'https://example.com/a', literalPlus: 'a b', encodedPlus: 'a+b', empty: '', flag: '' });
    expect(e.multiValueQueryStringParameters).toEqual({
      repeat: ['one', 'two'], redirect: ['https://example.com/a'], literalPlus: ['a b'], encodedPlus: ['a+b'], empty: [''], flag: [''],
    });
  });

  it('passes stage variables', () => {
    expect(event({}, { stageVariables: { env: 'dev' } }).stageVariables).toEqual({ env: 'dev' });
  });

  it.each([
    ['no binary media types: text', [], 'image/png', false],
    ['a matching type: base64', ['image/png'], 'image/png', true],
    ['a wildcard: base64', ['image/*'], 'image/jpeg', true],
    ['*/* covers JSON too', ['*/*'], 'application/json', true],
    ['parameters are ignored', ['application/octet-stream'], 'application/octet-stream; charset=binary', true],
    ['another type: text', ['image/*'], 'application/json', false],
  ])('request body: %s', (_name, binaryMediaTypes, contentType, base64) => {
    const bytes = Buffer.from([0x7b, 0x7d, 0xc3, 0xa9]);
    const e = event({ method: 'POST', headers: [['Content-Type', contentType]], body: bytes }, { binaryMediaTypes });
    expect([e.body, e.isBase64Encoded]).toEqual(base64 ? [bytes.toString('base64'), true] : ['{}é', false]);
  });
});

describe('REST response', () => {
  const respond = (value: unknown, headers: Array<[string, string]> = [], ctx: Partial<RestContext> = {}) =>
    plain(toResponse(result(value), request({ headers }), { ...restContext, ...ctx }));

  // "API Gateway merges them into a single list. If the same key-value pair is specified in both, only the values from
  // multiValueHeaders will appear" (set-up-lambda-proxy-integrations); a deployed REST API sent `tesT-Multi:
  // value-multi, value-solo` for headers {test-multi: value-solo} and multiValueHeaders {tesT-Multi: [value-multi]}
  // (localstack/localstack test_aws_proxy_response_payload_format_validation, recorded against AWS on 15-11-2024).
  const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Array<[string, string]>]>([
    ['a name in both, other values: both, in the multi-value spelling', { 'test-multi': 'value-solo' }, { 'tesT-Multi': ['value-multi'] },
      [['tesT-Multi', 'value-multi'], ['tesT-Multi', 'value-solo'], JSON_TYPE]],
    ['the same pair in both: once', { A: '1', B: '2' }, { A: ['1'], B: ['2', '3'] }, [['A', '1'], ['B', '2'], ['B', '3'], JSON_TYPE]],
    ['a Set-Cookie in headers next to multi-value ones: a third cookie', { 'set-cookie': 'c=3' }, { 'Set-Cookie': ['a=1', 'b=2'] },
      [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['Set-Cookie', 'c=3'], JSON_TYPE]],
    ['names in one field only: each as it is', { 'Content-Type': 'text/plain', 'X-Single': 'a' }, { 'X-Multi': ['x', 'y'] },
      [['X-Multi', 'x'], ['X-Multi', 'y'], ['Content-Type', 'text/plain'], ['X-Single', 'a']]],
  ])('merges headers and multiValueHeaders: %s', (_name, headers, multiValueHeaders, merged) => {
    expect(respond({ statusCode: 200, headers, multiValueHeaders, body: 'ok' }).headers).toEqual([...merged, ...REST_IDS]);
  });

  it('sends the function\'s answer with the request\'s trace after its ids, as captured; the gateway\'s 502 without', () => {
    const traced = request({ headers: [['X-Amzn-Trace-Id', 'Root=1-618c4179-18f4fd98090a20d23b2638d3;Parent=53995c3f42cd8ad8']] });
    expect(plain(toResponse(result({ statusCode: 200, body: 'ok' }), traced, restContext)).headers).toEqual([
      ['Content-Type', 'application/json'], ...REST_IDS, ['X-Amzn-Trace-Id', 'Root=1-618c4179-18f4fd98090a20d23b2638d3;Sampled=0'],
    ]);
    expect(plain(toResponse(result({ statusCode: 200, body: {} }), traced, restContext)).headers.some(([n]) => n === 'X-Amzn-Trace-Id')).toBe(false);
  });

  it('answers the aws-lambda-go sample response with its headers, each pair once', () => {
    const r = respond({ statusCode: 200, headers: { A: '1', B: '2' }, multiValueHeaders: { A: ['1'], B: ['2'] }, body: 'Hello World' });
    expect(r).toEqual({ status: 200, headers: [['A', '1'], ['B', '2'], ['Content-Type', 'application/json'], ...REST_IDS], body: 'Hello World' });
  });

  it.each([
    ['an unknown key', { statusCode: 200, body: 'x', statusDescription: '200 OK' }],
    ['multiValueHeaders that are not lists', { statusCode: 200, multiValueHeaders: { a: 'b' }, body: '' }],
    ['a list', [{ statusCode: 200 }]],
    ['a string', 'hello'],
  ])('refuses %s with 502', (_name, value) => {
    expect(respond(value).status).toBe(502);
  });

  describe('base64 bodies: decoded only when the first Accept type is a binary media type', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const value = { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: png.toString('base64'), isBase64Encoded: true };
    it.each([
      ['Accept image/png, type image/png', 'image/png', ['image/png'], true],
      ['Accept image/png, types image/*', 'image/png', ['image/*'], true],
      ['Accept */*, types image/png: not decoded', '*/*', ['image/png'], false],
      ['Accept */*, types */*', '*/*', ['*/*'], true],
      ['first Accept type text/html, image/png later: not decoded', 'text/html,image/png;q=0.9', ['image/png'], false],
      ['first Accept type image/webp listed', 'image/webp,image/*,*/*;q=0.8', ['image/webp'], true],
      ['no binary media types: not decoded', 'image/png', [], false],
      ['no Accept header: not decoded', undefined, ['image/png'], false],
    ])('%s', (_name, accept, binaryMediaTypes, decoded) => {
      const r = toResponse(result(value), request({ headers: accept === undefined ? [] : [['Accept', accept]] }), { ...restContext, binaryMediaTypes });
      expect(r.body.equals(decoded ? png : Buffer.from(png.toString('base64')))).toBe(true);
    });

    it.each<[string, string | undefined, string[], Record<string, string>, string | undefined]>([
      ['decoded: nothing to say', 'image/png', ['image/png'], {}, undefined],
      ['sent as text', '*/*', ['image/png'], {}, "the base64 body went out as text: the request's first Accept type (*/*) is not one of the API's binary media types (image/png)"],
      ['no Accept, no types', undefined, [], {}, "the base64 body went out as text: the request's first Accept type (none) is not one of the API's binary media types (none)"],
      // Powertools' compress=True: a gzip body, base64, with its Content-Encoding.
      ['gzip sent as text', 'application/json', [], { 'Content-Encoding': 'gzip' }, "the base64 body went out as text: the request's first Accept type (application/json) is not one of the API's binary media types (none); the client cannot undo its Content-Encoding: add */* to BinaryMediaTypes"],
    ])('says why a base64 body went out as text: %s', (_name, accept, binaryMediaTypes, extra, problem) => {
      const r = toResponse(result({ ...value, headers: { ...value.headers, ...extra } }), request({ headers: accept === undefined ? [] : [['Accept', accept]] }), { ...restContext, binaryMediaTypes });
      expect([r.statusCode, r.problem]).toEqual([200, problem]);
    });

    it('says nothing of a text body', () => {
      const r = toResponse(result({ statusCode: 200, body: 'hi' }), request({ headers: [['Accept', '*/*']] }), restContext);
      expect(r.problem).toBeUndefined();
    });

    it('reads base64Encoded before isBase64Encoded (SAM CLI trials)', () => {
      const r = toResponse(result({ ...value, isBase64Encoded: false, base64Encoded: true }), request({ headers: [['Accept', 'image/png']] }), { ...restContext, binaryMediaTypes: ['image/png'] });
      expect(r.body.equals(png)).toBe(true);
    });

    it('a body that cannot be decoded is a 500 (API_CONFIGURATION_ERROR)', () => {
      const r = respond({ ...value, body: 'not base64!' }, [['Accept', 'image/png']], { binaryMediaTypes: ['image/png'] });
      expect([r.status, r.body]).toEqual([500, '{"message": "Internal server error"}']);
    });
  });
});
