/**
 * One table of cases run against every HTTP codec (REST, HTTP API, ALB, function URL): what a function's
 * result becomes for the client. Where the gateways differ, each row says what each one answers.
 */

import { describe, expect, it } from 'vitest';
import { fromWireText, wireText } from '../../src/core/events/http/headers.js';
import { clfTime, extendedRequestId, httpApiRequestId, originForm, traceRootOf, withForwardedHeaders, type InvokeOutput } from '../../src/core/events/http/request.js';
import { percentDecode, splitQuery } from '../../src/core/events/http/query.js';
import * as alb from '../../src/core/events/http/alb.js';
import * as httpV1 from '../../src/core/events/http/http-api-v1.js';
import { CODECS, FUNCTION_ERROR, REQUEST_ID, albContext, httpContext, plain, rawResult, request, result, type CodecName } from './http-test-support.js';

type Plain = ReturnType<typeof plain>;

const ALB_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

/** Each gateway's answer to a failed or malformed result. */
const FAILED: Record<CodecName, Plain> = {
  rest: {
    status: 502,
    headers: [
      ['Content-Type', 'application/json'],
      ['x-amzn-RequestId', REQUEST_ID],
      ['x-amzn-ErrorType', 'InternalServerErrorException'],
      ['x-amz-apigw-id', extendedRequestId(REQUEST_ID)],
    ],
    body: '{"message": "Internal server error"}',
  },
  http: { status: 500, headers: [['Content-Type', 'application/json'], ['apigw-requestid', REQUEST_ID]], body: '{"message":"Internal Server Error"}' },
  alb: { status: 502, headers: [['Server', 'awselb/2.0'], ['Content-Type', 'text/html']], body: ALB_502 },
  url: { status: 502, headers: [['Content-Type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID]], body: 'Internal Server Error' },
};

/** The default headers each gateway adds to a result with no headers. */
const DEFAULTS: Record<CodecName, Array<[string, string]>> = {
  rest: [['Content-Type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID], ['x-amz-apigw-id', extendedRequestId(REQUEST_ID)]],
  // HTTP APIs infer application/json only for a result without a statusCode (INFERRED); otherwise text.
  http: [['content-type', 'text/plain; charset=utf-8'], ['apigw-requestid', REQUEST_ID]],
  alb: [['Content-Type', 'application/octet-stream']],
  url: [['content-type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID]],
};

/** The headers of a response inferred from a result without a statusCode (payload 2.0 only). */
const INFERRED: Partial<Record<CodecName, Array<[string, string]>>> = {
  http: [['content-type', 'application/json'], ['apigw-requestid', REQUEST_ID]],
  url: DEFAULTS.url,
};

const ALL: CodecName[] = ['rest', 'http', 'alb', 'url'];

function respond(codec: CodecName, output: InvokeOutput): Plain {
  return plain(CODECS[codec].toResponse(output, request()));
}

describe('results every gateway refuses', () => {
  const cases: Array<[string, InvokeOutput]> = [
    ['a function error', FUNCTION_ERROR],
    ['a result that is not JSON at all (raw bytes)', rawResult(Buffer.from([0x89, 0x50, 0x4e, 0x47]))],
    ['a truncated JSON document', rawResult('{"statusCode": 200, "body": "x"')],
    ['statusCode as a word', result({ statusCode: 'OK', body: 'x' })],
    ['statusCode 0', result({ statusCode: 0, body: 'x' })],
    ['statusCode 99', result({ statusCode: 99, body: 'x' })],
    ['statusCode 600', result({ statusCode: 600, body: 'x' })],
    ['statusCode 200.5', result({ statusCode: 200.5, body: 'x' })],
    ['statusCode true', result({ statusCode: true, body: 'x' })],
    ['a body that is an object', result({ statusCode: 200, body: { ok: true } })],
    ['a body that is a number', result({ statusCode: 200, body: 42 })],
    ['a body that is an array', result({ statusCode: 200, body: ['a'] })],
    ['headers that are a list', result({ statusCode: 200, headers: [['a', 'b']], body: '' })],
    ['a header value that is an object', result({ statusCode: 200, headers: { 'x-a': { b: 1 } }, body: '' })],
    ['a header value with a line break', result({ statusCode: 200, headers: { 'x-a': 'one\r\nx-b: two' }, body: '' })],
    ['a header name with a space', result({ statusCode: 200, headers: { 'x a': '1' }, body: '' })],
    ['isBase64Encoded as a word', result({ statusCode: 200, body: 'aGk=', isBase64Encoded: 'yes' })],
    ['isBase64Encoded as a number', result({ statusCode: 200, body: 'aGk=', isBase64Encoded: 1 })],
    ["a result over Lambda's 6 MB", rawResult(JSON.stringify({ statusCode: 200, body: 'x'.repeat(6 * 1024 * 1024 + 100) }))],
  ];
  for (const codec of ALL) {
    it.each(cases)(`${codec}: %s`, (_name, output) => {
      expect(respond(codec, output)).toEqual(FAILED[codec]);
    });
  }
});

describe('results without a statusCode: payload 2.0 infers, a REST API answers 200, a load balancer refuses', () => {
  // A REST API sends a 200 for `{}` and `{"headers": {...}}` (localstack/localstack test_lambda_aws_proxy_response_format
  // and test_aws_proxy_response_payload_format_validation, recorded against AWS in 2024); SAM CLI reads a missing or
  // null one as 200 for REST routes.
  const cases: Array<[string, unknown, Plain]> = [
    ['an empty object', {}, { status: 200, headers: DEFAULTS.rest, body: '' }],
    ['headers only', { headers: { 'test-header': 'value' } }, { status: 200, headers: [['test-header', 'value'], ...DEFAULTS.rest], body: '' }],
    ['a body, statusCode null', { statusCode: null, body: 'x' }, { status: 200, headers: DEFAULTS.rest, body: 'x' }],
  ];
  it.each(cases)('%s', (_name, value, restAnswer) => {
    expect(respond('rest', result(value))).toEqual(restAnswer);
    expect(respond('alb', result(value))).toEqual(FAILED.alb);
  });

  it('a null statusCode is no statusCode for REST only: payload 2.0 refuses it', () => {
    expect(respond('http', result({ statusCode: null, body: 'x' }))).toEqual(FAILED.http);
    expect(respond('url', result({ statusCode: null, body: 'x' }))).toEqual(FAILED.url);
  });
});

describe('results without a valid statusCode object: payload 2.0 infers, the others refuse', () => {
  // "If your Lambda function returns valid JSON and doesn't return a statusCode": 200, application/json,
  // body = the function's response (http-api-develop-integrations-lambda).
  // The body for an HTTP API, then for a function URL, which sends the JSON without whitespace between its
  // tokens (an AWS capture of python3.12 results: see compactJson).
  // The last column, where there is one, is a REST API's answer (a 200: see the table above).
  const cases: Array<[string, InvokeOutput, string, string, Plain?]> = [
    ['a JSON string', result('Hello from Lambda!'), 'Hello from Lambda!', 'Hello from Lambda!'],
    ['a JSON string with spaces and escapes', rawResult('"a b \\" c"'), 'a b " c', 'a b " c'],
    ['an object without statusCode, as json.dumps writes it', rawResult('{"hello": "world"}'), '{"hello": "world"}', '{"hello":"world"}'],
    ['nested, with spaces inside strings', rawResult('{"a": [1, {"b": "x y"}], "c": "say \\"hi, there\\""}'),
      '{"a": [1, {"b": "x y"}], "c": "say \\"hi, there\\""}', '{"a":[1,{"b":"x y"}],"c":"say \\"hi, there\\""}'],
    ['pretty-printed, numbers and escapes as written', rawResult('{\n  "n": 1.50,\n  "e": "caf\\u00e9"\n}'), '{\n  "n": 1.50,\n  "e": "caf\\u00e9"\n}', '{"n":1.50,"e":"caf\\u00e9"}'],
    ['an object with body and headers but no statusCode (REST: a 200 of its body)', result({ body: 'x', headers: { a: 'b' } }), '{"body":"x","headers":{"a":"b"}}', '{"body":"x","headers":{"a":"b"}}',
      { status: 200, headers: [['a', 'b'], ...DEFAULTS.rest], body: 'x' }],
    ['a number', result(42), '42', '42'],
    ['a list, as json.dumps writes it', rawResult('["hello", 3, true]'), '["hello", 3, true]', '["hello",3,true]'],
    ['true', result(true), 'true', 'true'],
    ['null (a handler returning None)', rawResult('null'), 'null', 'null'],
  ];
  for (const codec of ALL) {
    it.each(cases)(`${codec}: %s`, (_name, output, httpBody, urlBody, restAnswer) => {
      const expected = codec === 'http' || codec === 'url' ? { status: 200, headers: INFERRED[codec], body: codec === 'url' ? urlBody : httpBody } : FAILED[codec];
      expect(respond(codec, output)).toEqual(codec === 'rest' ? restAnswer ?? expected : expected);
    });
  }
});

describe('well-formed results', () => {
  for (const codec of ALL) {
    it(`${codec}: the status and body as returned, with the gateway's default headers`, () => {
      expect(respond(codec, result({ statusCode: 201, body: 'created' }))).toEqual({ status: 201, headers: DEFAULTS[codec], body: 'created' });
    });

    it(`${codec}: a statusCode written as a string of digits (SAM CLI reads it as a number; a load balancer refuses it)`, () => {
      // A deployed REST API answered `{"statusCode": "201"}` with 201 (localstack/localstack
      // test_aws_proxy_response_payload_format_validation, recorded against AWS); an ALB with 502 (adamchainz/apig-wsgi#52).
      expect(respond(codec, result({ statusCode: '404', body: '' })).status).toBe(codec === 'alb' ? 502 : 404);
    });

    it(`${codec}: no body is an empty body; null headers and body are none`, () => {
      const nullHeaders = codec === 'alb' ? {} : { headers: null };
      expect(respond(codec, result({ statusCode: 204, ...nullHeaders, body: null }))).toEqual({ status: 204, headers: DEFAULTS[codec], body: '' });
      expect(respond(codec, result({ statusCode: 204 }))).toEqual({ status: 204, headers: DEFAULTS[codec], body: '' });
    });

    it(`${codec}: the function's Content-Type replaces the default, in any case`, () => {
      const headers = codec === 'alb' || codec === 'rest' ? { 'content-type': 'text/plain' } : { 'Content-Type': 'text/plain' };
      const response = respond(codec, result({ statusCode: 200, headers, body: 'hi' }));
      const types = response.headers.filter(([n]) => n.toLowerCase() === 'content-type');
      expect(types).toEqual(Object.entries(headers));
    });

    it(`${codec}: numbers and booleans in headers are sent as text (a load balancer refuses them); a null header is dropped`, () => {
      // `header-bool: True` reached a deployed REST API's client as `header-bool: true` (localstack/localstack
      // test_aws_proxy_response_payload_format_validation, recorded against AWS on 15-11-2024).
      const response = respond(codec, result({ statusCode: 200, headers: { 'x-count': 3, 'x-ok': true, 'x-none': null }, body: '' }));
      if (codec === 'alb') {
        expect(response).toEqual(FAILED.alb);
        expect(respond(codec, result({ statusCode: 200, headers: { 'x-none': null }, body: '' })).status).toBe(200);
        return;
      }
      expect(response.headers.slice(0, 2)).toEqual([['x-count', '3'], ['x-ok', 'true']]);
      expect(response.headers.some(([n]) => n === 'x-none')).toBe(false);
    });
  }

  it.each(['http', 'alb', 'url'] as const)('%s: isBase64Encoded true decodes the body to bytes', (codec) => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const response = CODECS[codec].toResponse(
      result({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: png.toString('base64'), isBase64Encoded: true }),
      request(),
    );
    expect(response.body.equals(png)).toBe(true);
  });

  it.each(['http', 'alb', 'url'] as const)('%s: a body that is not base64 when it says it is fails', (codec) => {
    expect(respond(codec, result({ statusCode: 200, body: 'not base64!', isBase64Encoded: true }))).toEqual(FAILED[codec]);
  });
});

describe('events every codec agrees on', () => {
  const post = request({ method: 'POST', rawQuery: 'a=1', headers: [['Content-Type', 'application/json'], ['User-Agent', 'ua/1']], body: '{"x":1}' });

  it.each(ALL)('%s: a JSON body is text, not base64', (codec) => {
    const event = CODECS[codec].toEvent(post);
    expect(event.body).toBe('{"x":1}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each(ALL)('%s: the method is the request method', (codec) => {
    const event = CODECS[codec].toEvent(post) as { httpMethod?: string; requestContext: { http?: { method: string } } };
    expect(event.httpMethod ?? event.requestContext.http?.method).toBe('POST');
  });

  it.each(ALL)('%s: the event is JSON (no undefined, no Buffer)', (codec) => {
    const event = CODECS[codec].toEvent(post);
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});

describe('Content-Length in the event', () => {
  // Live captures of one 66-byte POST (hotsock/voker vokerhttp/testdata/*-request.json): the REST API's event has
  // no Content-Length, in either map; the HTTP API's, the load balancer's and the function URL's keep it.
  const post = request({ method: 'POST', headers: [['Content-Type', 'application/json'], ['Content-Length', '7']], body: '{"x":1}' });
  const found = (event: Record<string, unknown>) => {
    const single = Object.entries((event.headers ?? {}) as Record<string, string>).filter(([n]) => n.toLowerCase() === 'content-length');
    const multi = Object.entries((event.multiValueHeaders ?? {}) as Record<string, string[]>).filter(([n]) => n.toLowerCase() === 'content-length');
    return [...single.map(([, v]) => v), ...multi.flatMap(([, v]) => v)];
  };
  it.each<[string, (r: typeof post) => Record<string, unknown>, string[]]>([
    ['REST API: removed from headers and multiValueHeaders', (r) => CODECS.rest.toEvent(r), []],
    ['HTTP API 2.0: kept', (r) => CODECS.http.toEvent(r), ['7']],
    ['HTTP API 1.0: kept', (r) => httpV1.toEvent(r, { ...httpContext, resourcePath: '/items/{id}' }), ['7', '7']],
    ['ALB: kept', (r) => CODECS.alb.toEvent(r), ['7']],
    ['ALB, multi-value: kept', (r) => alb.toEvent(r, { ...albContext, multiValueHeaders: true }), ['7']],
    ['function URL: kept', (r) => CODECS.url.toEvent(r), ['7']],
  ])('%s', (_what, toEvent, values) => {
    expect(found(toEvent(post))).toEqual(values);
  });

  it('REST API: the other headers stay, in their case', () => {
    expect(CODECS.rest.toEvent(post).headers).toMatchObject({ 'Content-Type': 'application/json' });
  });
});

describe('hop-by-hop and integration headers in a REST event', () => {
  // One request sending all of these reached an AWS_PROXY function of a deployed REST API with only the second list
  // (localstack/localstack TestApiGatewayHeaderRemapping.test_apigateway_header_remapping_aws[AWS_PROXY], recorded
  // against AWS on 11-12-2024). The other front doors pass what they are sent.
  const dropped: Array<[string, string]> = [
    ['Connection', 'close'], ['Content-MD5', 'request_Content-MD5'], ['Expect', '100-continue'], ['Max-Forwards', '2'],
    ['Proxy-Authenticate', 'Basic'], ['Server', 'https://example.com/'], ['TE', 'deflate'], ['Trailer', 'Expires'],
    ['Transfer-Encoding', 'chunked'], ['Upgrade', 'HTTP/2.0'], ['WWW-Authenticate', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
  ];
  const kept: Array<[string, string]> = [
    ['Accept', 'application/json'], ['Accept-Charset', 'UTF-8'], ['Accept-Encoding', 'br'], ['Age', 'request_Age'],
    ['Authorization', 'Unauthorized'], ['Content-Encoding', 'deflate'], ['Content-Type', 'application/json'], ['Date', 'request_Date'],
    ['Pragma', 'cache'], ['Range', 'bytes=500-999'], ['Referer', 'https://example.com/'], ['User-Agent', 'localStack/0.0'],
    ['Warn', '299 localStack/0.0'],
  ];
  const sent = request({ headers: [...kept.slice(0, 6), ...dropped, ...kept.slice(6)] });

  it('REST API: only the headers it passes on, in both maps', () => {
    const event = CODECS.rest.toEvent(sent);
    expect(event.headers).toEqual(Object.fromEntries(kept));
    expect(event.multiValueHeaders).toEqual(Object.fromEntries(kept.map(([n, v]) => [n, [v]])));
  });

  it.each(['http', 'alb'] as const)('%s: every header sent', (codec) => {
    const names = Object.keys(CODECS[codec].toEvent(sent).headers as Record<string, string>);
    expect(names).toEqual([...kept.slice(0, 6), ...dropped, ...kept.slice(6)].map(([n]) => n.toLowerCase()));
  });

  it('function URL: every header sent but Connection (see function-url.ts)', () => {
    const names = Object.keys(CODECS.url.toEvent(sent).headers as Record<string, string>);
    expect(names).toEqual([...kept.slice(0, 6), ...dropped, ...kept.slice(6)].map(([n]) => n.toLowerCase()).filter((n) => n !== 'connection'));
  });
});

describe('Content-Length on a request without a body', () => {
  // HTTP APIs add `Content-Length: 0` where the client sent none (captures cited at withBodyLength); the others do not.
  const get = request({ headers: [['Host', 'h'], ['Connection', 'keep-alive']] });
  const post = request({ method: 'POST', headers: [['Host', 'h'], ['Content-Length', '2']], body: '{}' });
  it.each<[string, (r: typeof get) => Record<string, unknown>, Record<string, string>, Record<string, string>]>([
    ['HTTP API 2.0', (r) => CODECS.http.toEvent(r), { host: 'h', connection: 'keep-alive', 'content-length': '0' }, { host: 'h', 'content-length': '2' }],
    ['HTTP API 1.0', (r) => httpV1.toEvent(r, { ...httpContext, resourcePath: '/items/{id}' }), { Host: 'h', Connection: 'keep-alive', 'Content-Length': '0' }, { Host: 'h', 'Content-Length': '2' }],
    ['ALB', (r) => CODECS.alb.toEvent(r), { host: 'h', connection: 'keep-alive' }, { host: 'h', 'content-length': '2' }],
    // A function URL keeps Connection from the function (function-url.ts).
    ['function URL', (r) => CODECS.url.toEvent(r), { host: 'h' }, { host: 'h', 'content-length': '2' }],
    ['REST API', (r) => CODECS.rest.toEvent(r), { Host: 'h' }, { Host: 'h' }],
  ])('%s', (_what, toEvent, ofGet, ofPost) => {
    expect([toEvent(get).headers, toEvent(post).headers]).toEqual([ofGet, ofPost]);
  });
});

describe('shared helpers', () => {
  it('formats times as API Gateway does, in UTC with zero padding', () => {
    expect(clfTime(Date.UTC(2021, 0, 5, 3, 4, 5, 999))).toBe('05/Jan/2021:03:04:05 +0000');
    expect(clfTime(1583349317135)).toBe('04/Mar/2020:19:15:17 +0000');
  });

  it('derives a stable extendedRequestId in the shape of real ones (TWegAcC4EowCHnA=)', () => {
    expect(extendedRequestId(REQUEST_ID)).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(extendedRequestId(REQUEST_ID)).toBe(extendedRequestId(REQUEST_ID));
    expect(extendedRequestId('other')).not.toBe(extendedRequestId(REQUEST_ID));
  });

  it('makes HTTP API request ids in the shape of real ones (LV7fzho-PHcEJPw=): 11 bytes, URL-safe, one =', () => {
    expect(httpApiRequestId('2d5edfce1a3e3c770424fc')).toBe('LV7fzho-PHcEJPw=');
    expect(httpApiRequestId('fbffbf0000000000000000')).toBe('-_-_AAAAAAAAAAA=');
  });

  it.each([
    ['ASCII stays as it is', 'text/plain; q=1\tx', 'text/plain; q=1\tx', 'text/plain; q=1\tx'],
    ['past ASCII: its UTF-8 bytes, one Latin-1 character each, and back', 'café 日本', 'cafÃ© æ\u0097¥æ\u009c¬', 'café 日本'],
  ])('wireText / fromWireText: %s', (_what, text, wire, back) => {
    expect(wireText(text)).toBe(wire);
    expect(fromWireText(wire)).toBe(back);
  });

  it('fromWireText keeps bytes that are not UTF-8 as the Latin-1 characters they were', () => {
    expect(fromWireText('caf\u00e9')).toBe('caf\u00e9');
  });

  it('splits a query keeping order, repeats and encoding; decodes leniently', () => {
    expect(splitQuery('a=1&&b&c=x%20y&a=2')).toEqual([['a', '1'], ['b', ''], ['c', 'x%20y'], ['a', '2']]);
    expect(percentDecode('%41%zz%E2%82%AC%C3')).toBe('A%zz€%C3');
  });
});

describe('originForm', () => {
  it.each<[string, string | undefined]>([
    ['/items/1?a=b', '/items/1?a=b'],
    ['http://evil.com/ok?q=1', '/ok?q=1'],
    ['HTTPS://example.com:8443/a/b', '/a/b'],
    ['http://example.com', '/'],
    ['http://example.com?x=1', '/?x=1'],
    ['http://example.com/p#frag', '/p'],
    ['*', undefined],
    ['items/1', undefined],
  ])('%s -> %s', (target, path) => expect(originForm(target)).toBe(path));
});

describe('withForwardedHeaders', () => {
  const forwarded = { sourceIp: '127.0.0.1', port: 3000, proto: 'http', traceRoot: '1-5759e988-bd862e3fe1be46a994272793' };
  it.each(['rest', 'http'] as const)('adds what every front door adds: %s capitalised (HTTP API 1.0 events keep the case)', (kind) => {
    expect(withForwardedHeaders(kind, [['Host', 'h']], forwarded)).toEqual([
      ['Host', 'h'],
      ['X-Amzn-Trace-Id', 'Root=1-5759e988-bd862e3fe1be46a994272793'],
      ['X-Forwarded-For', '127.0.0.1'],
      ['X-Forwarded-Port', '3000'],
      ['X-Forwarded-Proto', 'http'],
    ]);
  });

  it('the others in lower case; a caller\'s X-Forwarded-For gets its address appended, its trace header is kept', () => {
    expect(withForwardedHeaders('alb', [['X-Forwarded-For', '203.0.113.7'], ['X-Amzn-Trace-Id', 'Root=1-a-b'], ['x-forwarded-proto', 'https']], forwarded)).toEqual([
      ['X-Amzn-Trace-Id', 'Root=1-a-b'],
      ['x-forwarded-for', '203.0.113.7, 127.0.0.1'],
      ['x-forwarded-port', '3000'],
      ['x-forwarded-proto', 'http'],
    ]);
  });
});

describe('withForwardedHeaders: a caller\'s trace header without a Root', () => {
  const forwarded = { sourceIp: '127.0.0.1', port: 3000, proto: 'http', traceRoot: '1-5759e988-bd862e3fe1be46a994272793' };
  it.each<[string, string]>([
    ['CalledFrom=app', 'Root=1-5759e988-bd862e3fe1be46a994272793;CalledFrom=app'],
    ['Parent=53995c3f42cd8ad8;Sampled=1', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'],
    ['', 'Root=1-5759e988-bd862e3fe1be46a994272793'],
    ['Root= ;Parent=53995c3f42cd8ad8', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8'],
    ['Root=1-67891233-abcdef012345678912345678;CalledFrom=app', 'Root=1-67891233-abcdef012345678912345678;CalledFrom=app'],
  ])('%j gets the root the function runs in first: %s', (sent, value) => {
    expect(withForwardedHeaders('alb', [['X-Amzn-Trace-Id', sent], ['Host', 'h']], forwarded).slice(0, 2)).toEqual([['X-Amzn-Trace-Id', value], ['Host', 'h']]);
  });
});

describe('traceRootOf', () => {
  it.each<[string | undefined, string | undefined]>([
    ['Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1', '1-5759e988-bd862e3fe1be46a994272793'],
    ['Self=1-67891234-12456789abcdef012345678;Root=1-5759e988-bd862e3fe1be46a994272793', '1-5759e988-bd862e3fe1be46a994272793'],
    ['Parent=53995c3f42cd8ad8', undefined],
    ['Root= ;Parent=53995c3f42cd8ad8', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, root) => expect(traceRootOf(value === undefined ? [] : [['X-Amzn-Trace-Id', value]])).toBe(root));
});
