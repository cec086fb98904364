/**
 * A REST API's payload compression (minimumCompressionSize): which answers API Gateway compresses, with which
 * coding, per AWS's "Receive an API response with a compressed payload" and "Content codings supported by API
 * Gateway" (their Accept-Encoding examples are rows below).
 */

import { gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as rest from '../../src/core/events/http/apigw-rest.js';
import { preferredCoding } from '../../src/core/events/http/compression.js';
import { FUNCTION_ERROR, request, restContext, result } from './http-test-support.js';

describe('the coding Accept-Encoding asks API Gateway for', () => {
  it.each<[string | undefined, string | undefined]>([
    ['gzip', 'gzip'],
    ['deflate,gzip', 'deflate'],
    ['deflate;q=0.5,gzip;q=1.0', 'gzip'],
    ['gzip;q=1.0,identity;q=0.5,*;q=0', 'gzip'],
    // what browsers send: "This can trigger the payload compression"
    ['gzip, deflate, br', 'gzip'],
    ['GZIP', 'gzip'],
    // "If the header is not set, the default value is *": no compression, nor with * or an empty header
    [undefined, undefined],
    ['*', undefined],
    ['', undefined],
    ['identity', undefined],
    // "The highest-priority content encoding must be one supported by API Gateway"
    ['br', undefined],
    ['br;q=1.0, gzip;q=0.8', undefined],
    // "API-GW only considers the first type in the header" (awsdocs/amazon-api-gateway-developer-guide#32, from a
    // support case): of equal ones, the first listed decides
    ['br, gzip', undefined],
    ['identity, gzip', undefined],
    ['br;q=0.5, deflate;q=0.9, gzip;q=0.9', 'deflate'],
    ['gzip;q=0, deflate', 'deflate'],
    ['gzip;q=0', undefined],
  ])('%j -> %s', (header, coding) => {
    expect(preferredCoding(header)).toBe(coding);
  });
});

describe('REST responses compressed from minimumCompressionSize', () => {
  const BODY = '{"items": ["a", "b", "c", "d"]}';
  const answer = (minimumCompressionSize: number | undefined, acceptEncoding: string | undefined, headers: Record<string, string> = {}) => rest.toResponse(
    result({ statusCode: 200, headers: { 'Content-Type': 'application/json', ...headers }, body: BODY }),
    request({ headers: [['Host', 'localhost:3000'], ...(acceptEncoding === undefined ? [] : [['Accept-Encoding', acceptEncoding] as const])] }),
    { ...restContext, ...(minimumCompressionSize === undefined ? {} : { minimumCompressionSize }) },
  );
  const encoding = (r: { headers: ReadonlyArray<readonly [string, string]> }) => r.headers.filter(([n]) => n.toLowerCase() === 'content-encoding').map(([, v]) => v);

  it.each<[string, number | undefined, string | undefined, string[]]>([
    ['not enabled on the API', undefined, 'gzip', []],
    ['enabled, the payload as long as the minimum ("greater than or equal to")', BODY.length, 'gzip', ['gzip']],
    ['enabled, 0: any payload', 0, 'gzip', ['gzip']],
    ['enabled, the payload one byte short', BODY.length + 1, 'gzip', []],
    ['enabled, no Accept-Encoding', 0, undefined, []],
    ['enabled, deflate preferred', 0, 'deflate', ['deflate']],
  ])('%s: Content-Encoding %j', (_, min, acceptEncoding, expected) => {
    const r = answer(min, acceptEncoding);
    expect(encoding(r)).toEqual(expected);
    const body = expected[0] === 'gzip' ? gunzipSync(r.body) : expected[0] === 'deflate' ? inflateSync(r.body) : r.body;
    expect(body.toString()).toBe(BODY);
  });

  it("leaves a function's own Content-Encoding alone: its payload is taken as compressed already", () => {
    const r = answer(0, 'gzip', { 'Content-Encoding': 'br' });
    expect([encoding(r), r.body.toString()]).toEqual([['br'], BODY]);
  });

  it("does not compress the gateway's own 502", () => {
    const r = rest.toResponse(FUNCTION_ERROR, request({ headers: [['Accept-Encoding', 'gzip']] }), { ...restContext, minimumCompressionSize: 0 });
    expect([r.statusCode, encoding(r), r.body.toString()]).toEqual([502, [], '{"message": "Internal server error"}']);
  });
});
