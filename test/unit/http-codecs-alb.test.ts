/** ALB Lambda targets: single- and multi-value events, statusDescription, and which headers field counts. */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toEvent, toResponse, type AlbContext } from '../../src/core/events/http/alb.js';
import { ALB_MAX_RESPONSE_BYTES } from '../../src/core/events/http/gateway-errors.js';
import { FIXTURES } from '../helpers.js';
import { albContext, plain, rawResult, request, result } from './http-test-support.js';

const multi: AlbContext = { ...albContext, multiValueHeaders: true };
const sample = (name: string): unknown => JSON.parse(readFileSync(`${FIXTURES}events/aws-lambda-go/${name}`, 'utf8'));

describe('ALB event', () => {
  const probe = request({
    method: 'POST',
    rawPath: '/capture/space%20value',
    rawQuery: 'repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com&literalPlus=a+b&empty=',
    headers: [['Host', 'alb'], ['X-Probe', 'first'], ['x-probe', 'second'], ['Content-Type', 'application/json']],
    body: '{"a":1}',
  });

  it('without multi-value headers: lower-case names, the last value of a repeat, the query undecoded', () => {
    expect(toEvent(probe, albContext)).toEqual({
      requestContext: { elb: { targetGroupArn: albContext.targetGroupArn } },
      httpMethod: 'POST',
      path: '/capture/space%20value',
      queryStringParameters: { repeat: 'two', redirect: 'https%3A%2F%2Fexample.com', literalPlus: 'a+b', empty: '' },
      headers: { host: 'alb', 'x-probe': 'second', 'content-type': 'application/json' },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
  });

  it('with multi-value headers: every value, in multiValue* fields only', () => {
    expect(toEvent(probe, multi)).toEqual({
      requestContext: { elb: { targetGroupArn: albContext.targetGroupArn } },
      httpMethod: 'POST',
      path: '/capture/space%20value',
      multiValueQueryStringParameters: { repeat: ['one', 'two'], redirect: ['https%3A%2F%2Fexample.com'], literalPlus: ['a+b'], empty: [''] },
      multiValueHeaders: { host: ['alb'], 'x-probe': ['first', 'second'], 'content-type': ['application/json'] },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
  });

  it('an empty body is "" and an empty query {}', () => {
    const e = toEvent(request(), albContext);
    expect([e.body, e.isBase64Encoded, e.queryStringParameters]).toEqual(['', false, {}]);
    expect(toEvent(request(), multi).multiValueQueryStringParameters).toEqual({});
  });

  it.each([
    ['text/plain', undefined, false],
    ['application/json; charset=utf-8', undefined, false],
    ['application/xml', undefined, false],
    ['application/javascript', undefined, false],
    ['application/json', 'gzip', true],
    ['application/x-www-form-urlencoded', undefined, true],
    ['image/png', undefined, true],
    [undefined, undefined, true],
  ])('body with Content-Type %s and Content-Encoding %s is base64: %s', (contentType, encoding, base64) => {
    const headers: Array<[string, string]> = [];
    if (contentType) headers.push(['Content-Type', contentType]);
    if (encoding) headers.push(['Content-Encoding', encoding]);
    const e = toEvent(request({ method: 'POST', headers, body: 'x=1' }), albContext);
    expect([e.body, e.isBase64Encoded]).toEqual(base64 ? ['eD0x', true] : ['x=1', false]);
  });
});

describe('ALB response', () => {
  it('takes the reason phrase from statusDescription', () => {
    expect(plain(toResponse(result({ statusCode: 200, statusDescription: '200 OK', headers: { 'Content-Type': 'text/plain' }, body: 'hi' }), request(), albContext))).toEqual({
      status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain']], body: 'hi',
    });
    expect(toResponse(result({ statusCode: 418, statusDescription: "418 I'm a teapot", headers: {} }), request(), albContext).statusMessage).toBe("I'm a teapot");
    expect(toResponse(result({ statusCode: 200, statusDescription: '', headers: {} }), request(), albContext).statusMessage).toBeUndefined();
  });

  it('reads headers without multi-value, ignoring multiValueHeaders (the aws-lambda-go sample)', () => {
    expect(plain(toResponse(result(sample('alb-lambda-target-response.json')), request(), albContext))).toEqual({
      status: 200, reason: 'OK', headers: [['Set-cookie', 'cookies'], ['Content-Type', 'application/json']], body: 'Hello from Lambda',
    });
  });

  it('reads multiValueHeaders with multi-value, ignoring headers (the same sample)', () => {
    expect(plain(toResponse(result(sample('alb-lambda-target-response.json')), request(), multi)).headers).toEqual([
      ['Set-cookie', 'cookie-name=cookie-value;Domain=myweb.com;Secure;HttpOnly'],
      ['Set-cookie', 'cookie-name=cookie-value;Expires=May 8, 2019'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('a function answering with headers to a multi-value target group gets application/octet-stream', () => {
    expect(plain(toResponse(result({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' }), request(), multi)).headers).toEqual([
      ['Content-Type', 'application/octet-stream'],
    ]);
  });

  it.each([
    ['null headers', albContext, { statusCode: 200, headers: null, body: '' }],
    ['null multiValueHeaders', multi, { statusCode: 200, multiValueHeaders: null, body: '' }],
    ['a statusDescription that is not text', albContext, { statusCode: 200, statusDescription: 200, headers: {} }],
    ['no statusCode', albContext, { headers: {}, body: 'x' }],
  ])('answers %s with 502', (_name, ctx, value) => {
    expect(toResponse(result(value), request(), ctx).statusCode).toBe(502);
  });

  it('answers a result over 1 MB with 502, and one just under it normally', () => {
    const envelope = JSON.stringify({ statusCode: 200, headers: {}, body: '' });
    const under = JSON.stringify({ statusCode: 200, headers: {}, body: 'x'.repeat(ALB_MAX_RESPONSE_BYTES - envelope.length) });
    const over = JSON.stringify({ statusCode: 200, headers: {}, body: 'x'.repeat(ALB_MAX_RESPONSE_BYTES - envelope.length + 1) });
    expect(toResponse(rawResult(under), request(), albContext).statusCode).toBe(200);
    expect(toResponse(rawResult(over), request(), albContext).statusCode).toBe(502);
  });
});
