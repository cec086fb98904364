/**
 * Compressed request bodies: a REST API decodes gzip and deflate before its integration and answers 415 for a
 * coding it lacks or a body not in its coding ("Call an API method with a compressed payload"); the other front
 * doors pass the bytes on as sent (request-coding.ts has the sources).
 */

import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { API_GATEWAY_MAX_PAYLOAD_BYTES } from '../../src/core/events/http/gateway-errors.js';
import { decodeRequestBody, requestCodings } from '../../src/core/events/http/request-coding.js';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint, EndpointKind } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { request } from './http-test-support.js';

const JSON_BODY = '{"type": "dog", "price": 249.99}';
const plain = Buffer.from(JSON_BODY);

describe('the codings of a Content-Encoding, in the order applied', () => {
  it.each<[Array<[string, string]>, string[]]>([
    [[], []],
    [[['Content-Encoding', 'gzip']], ['gzip']],
    [[['content-encoding', ' GZIP ']], ['gzip']],
    [[['Content-Encoding', 'deflate, gzip']], ['deflate', 'gzip']],
    [[['Content-Encoding', 'deflate'], ['Content-Encoding', 'gzip']], ['deflate', 'gzip']],
    [[['Content-Encoding', '']], []],
  ])('%j -> %j', (headers, codings) => {
    expect(requestCodings(headers)).toEqual(codings);
  });
});

describe('a REST API decodes a request body', () => {
  const decode = (encoding: string | undefined, body: Buffer, limit = API_GATEWAY_MAX_PAYLOAD_BYTES) =>
    decodeRequestBody(encoding === undefined ? [] : [['Content-Encoding', encoding]], body, limit);
  const text = (d: ReturnType<typeof decode>) => (d.kind === 'decoded' ? d.body.toString() : d.kind);

  it.each<[string, string | undefined, Buffer, string]>([
    ['no Content-Encoding: as sent', undefined, plain, 'as-sent'],
    ['identity: as sent', 'identity', plain, 'as-sent'],
    ['gzip', 'gzip', gzipSync(plain), JSON_BODY],
    ['GZIP in capitals', 'GZIP', gzipSync(plain), JSON_BODY],
    ['deflate in zlib format (RFC 9110)', 'deflate', deflateSync(plain), JSON_BODY],
    ['deflate raw (RFC 1951, as AWS names it)', 'deflate', deflateRawSync(plain), JSON_BODY],
    ['deflate, then gzip: undone in reverse', 'deflate, gzip', gzipSync(deflateSync(plain)), JSON_BODY],
    ['gzip with identity beside it', 'identity, gzip', gzipSync(plain), JSON_BODY],
    ['gzip and no body: nothing to decode', 'gzip', Buffer.alloc(0), 'as-sent'],
  ])('%s', (_, encoding, body, expected) => {
    expect(text(decode(encoding, body))).toBe(expected);
  });

  it.each<[string, string, Buffer, string]>([
    ['br, which API Gateway lacks', 'br', plain, 'Content-Encoding br is not a coding API Gateway decodes (gzip, deflate, identity)'],
    ['x-gzip, not in its list', 'x-gzip', gzipSync(plain), 'Content-Encoding x-gzip is not a coding API Gateway decodes (gzip, deflate, identity)'],
    ['a lacking coding beside a known one', 'gzip, zstd', gzipSync(plain), 'Content-Encoding zstd is not a coding API Gateway decodes (gzip, deflate, identity)'],
    ['gzip named, plain JSON sent', 'gzip', plain, 'the body is not gzip data, as its Content-Encoding says'],
    ['gzip named, deflate sent', 'gzip', deflateSync(plain), 'the body is not gzip data, as its Content-Encoding says'],
    ['a gzip body cut short', 'gzip', gzipSync(plain).subarray(0, 20), 'the body is not gzip data, as its Content-Encoding says'],
    ['deflate named, plain text sent', 'deflate', Buffer.from('not compressed at all'), 'the body is not deflate data, as its Content-Encoding says'],
  ])('415: %s', (_, encoding, body, why) => {
    expect(decode(encoding, body)).toEqual({ kind: 'unsupported', why });
  });

  it('holds the limit on the decoded size: a gzip bomb stops at it', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(decode('gzip', bomb)).toEqual({ kind: 'too-large', limit: API_GATEWAY_MAX_PAYLOAD_BYTES });
    // Up to the limit, exactly, is fine.
    const atLimit = decode('gzip', gzipSync(Buffer.alloc(1000)), 1000);
    expect(atLimit.kind === 'decoded' && atLimit.body.length).toBe(1000);
    expect(decode('gzip', gzipSync(Buffer.alloc(1001)), 1000)).toEqual({ kind: 'too-large', limit: 1000 });
  });
});

describe('routeRequest: compressed request bodies at each front door', () => {
  const source = { file: 'template.yaml', path: 'Resources' };
  const endpoint = (kind: EndpointKind, extra: Partial<Endpoint> = {}): Endpoint => ({
    id: 'Api', kind, stage: kind === 'rest' ? 'Prod' : '$default', binaryMediaTypes: [], source,
    routes: [{ method: 'POST', path: '/pets', functionId: 'Echo', source }], ...extra,
  });
  const post = (encoding: string, body: Buffer, contentType = 'application/json') => request({
    method: 'POST', rawPath: '/pets', body,
    headers: [['Host', 'localhost:3000'], ['Content-Type', contentType], ['Content-Encoding', encoding]],
  });
  const step = (e: Endpoint, r: ReturnType<typeof post>) => routeRequest({ endpoint: e, table: compileRoutes(e).table, region: 'us-east-1', accountId: '123456789012' }, r);
  const eventOf = (e: Endpoint, r: ReturnType<typeof post>) => {
    const s = step(e, r);
    if (s.kind !== 'invoke') throw new Error(`no invocation: ${s.reason}`);
    return JSON.parse(s.event.toString()) as { body: string | null; isBase64Encoded: boolean; headers: Record<string, string> };
  };
  const gzipped = gzipSync(plain);

  it('REST: the function gets the body decompressed, as text, with Content-Encoding still in its headers', () => {
    const event = eventOf(endpoint('rest'), post('gzip', gzipped));
    expect([event.body, event.isBase64Encoded, event.headers['Content-Encoding']]).toEqual([JSON_BODY, false, 'gzip']);
  });

  it('REST without minimumCompressionSize and with it: decompressed either way', () => {
    const withSize = eventOf(endpoint('rest', { minimumCompressionSize: 0 }), post('deflate', deflateSync(plain)));
    expect([withSize.body, withSize.isBase64Encoded]).toEqual([JSON_BODY, false]);
  });

  it('REST, a binary media type: the decompressed bytes in base64', () => {
    const event = eventOf(endpoint('rest', { binaryMediaTypes: ['application/octet-stream'] }), post('gzip', gzipSync(Buffer.from([0, 1, 2, 255])), 'application/octet-stream'));
    expect([event.body, event.isBase64Encoded]).toEqual([Buffer.from([0, 1, 2, 255]).toString('base64'), true]);
  });

  it('REST: 415 for a coding it lacks, or a body not in its coding, before routing', () => {
    for (const [r, why] of [
      [post('br', plain), 'Content-Encoding br is not a coding API Gateway decodes (gzip, deflate, identity)'],
      [post('gzip', plain), 'the body is not gzip data, as its Content-Encoding says'],
      [{ ...post('gzip', plain), rawPath: '/nowhere' }, 'the body is not gzip data, as its Content-Encoding says'],
    ] as const) {
      const s = step(endpoint('rest'), r);
      expect(s.kind === 'respond' && [s.response.statusCode, s.response.body.toString(), s.reason]).toEqual([415, '{"message":"Unsupported Media Type"}', why]);
      expect(s.kind === 'respond' && s.response.headers.map(([n]) => n)).toEqual(['Content-Type', 'x-amzn-RequestId', 'x-amz-apigw-id']);
    }
  });

  it('REST: a body that decompresses past 10 MB is refused as too large, without decompressing it all', () => {
    const s = step(endpoint('rest'), post('gzip', gzipSync(Buffer.alloc(API_GATEWAY_MAX_PAYLOAD_BYTES + 1))));
    expect(s.kind === 'respond' && [s.response.statusCode, s.response.body.toString(), s.reason]).toEqual([
      413, 'HTTP content length exceeded 10485760 bytes.', 'request too large: its body decompressed is over 10485760 bytes',
    ]);
  });

  it("REST: a body that decompresses within 10 MB but past Lambda's 6 MB is Lambda's 413, as an uncompressed one is", () => {
    const s = step(endpoint('rest'), post('gzip', gzipSync(Buffer.alloc(7 * 1024 * 1024, 'a'))));
    expect(s.kind === 'respond' && [s.response.statusCode, s.response.body.toString(), s.reason]).toEqual([413, '{"message": "Request Too Long"}', 'event too large']);
  });

  it.each<[EndpointKind, string, boolean]>([
    // HTTP APIs and function URLs choose base64 by Content-Type alone: a JSON body goes as text, compressed bytes and all.
    ['http', gzipped.toString('utf8'), false],
    ['url', gzipped.toString('utf8'), false],
    // A load balancer base64-encodes any body with a Content-Encoding.
    ['alb', gzipped.toString('base64'), true],
  ])('%s: the bytes as sent, not decoded', (kind, body, base64) => {
    const e = endpoint(kind, kind === 'alb' ? { routes: [{ method: 'ANY', path: '/pets', functionId: 'Echo', source }] } : {});
    const event = eventOf(e, post('gzip', gzipped));
    expect([event.body, event.isBase64Encoded]).toEqual([body, base64]);
    // Nor refused for a coding nobody decodes.
    const br = eventOf(e, post('br', plain));
    expect(br.isBase64Encoded ? Buffer.from(br.body!, 'base64').toString() : br.body).toBe(JSON_BODY);
  });
});
