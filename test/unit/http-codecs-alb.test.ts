/** ALB Lambda targets: single- and multi-value events, statusDescription, and which headers field counts. */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { albAnswerResponse } from '../../src/core/events/http/alb-answer.js';
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

describe('ALB actions that answer without a target', () => {
  const req = (path: string, query = '') => request({ rawPath: path, rawQuery: query, headers: [['Host', 'lb.example.com:3002'], ['x-forwarded-proto', 'http'], ['x-forwarded-port', '3002']] });
  it('a redirect that keeps #{port}: the port the client called (its Host header), else the listener\'s', () => {
    const local = albAnswerResponse({ kind: 'redirect', statusCode: 302, protocol: '#{protocol}', host: '#{host}', port: '#{port}', path: '/new/#{path}', query: '#{query}' }, request({ rawPath: '/old/x', rawQuery: 'a=1', headers: [['Host', '127.0.0.1:3000']] }));
    expect(local.headers).toContainEqual(['Location', 'http://127.0.0.1:3000/new/old/x?a=1']);
  });

  it('a fixed response: its status, type and body, from awselb', () => {
    const r = albAnswerResponse({ kind: 'fixed-response', statusCode: 418, contentType: 'text/plain', body: 'teapot' }, req('/m/fixed'));
    expect([r.statusCode, r.headers, r.body.toString()]).toEqual([418, [['Server', 'awselb/2.0'], ['Content-Type', 'text/plain']], 'teapot']);
  });

  it.each<[string, { protocol: string; host: string; port: string; path: string; query: string }, string]>([
    ['every part the request\'s (the defaults)', { protocol: '#{protocol}', host: '#{host}', port: '#{port}', path: '/#{path}', query: '#{query}' }, 'http://lb.example.com:3002/m/old?a=1'],
    ['HTTPS on 443, a new path', { protocol: 'HTTPS', host: '#{host}', port: '443', path: '/m/new', query: '#{query}' }, 'https://lb.example.com:443/m/new?a=1'],
    ['another host, the path kept under a prefix, no query', { protocol: 'https', host: 'www.example.org', port: '443', path: '/v2/#{path}', query: '' }, 'https://www.example.org:443/v2/m/old'],
  ])('a redirect: %s', (_what, parts, location) => {
    const r = albAnswerResponse({ kind: 'redirect', statusCode: 301, ...parts }, req('/m/old', 'a=1'));
    expect(r.statusCode).toBe(301);
    expect(r.headers).toContainEqual(['Location', location]);
  });
});

