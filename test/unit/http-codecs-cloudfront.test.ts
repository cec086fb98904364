/** An edge-optimized REST API's event carries what its CloudFront distribution adds; regional and private ones do not. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEvent, type RestContext } from '../../src/core/events/http/apigw-rest.js';
import { CLOUDFRONT_EDGE_ADDRESS, CLOUDFRONT_POP, cloudFrontEdge } from '../../src/core/events/http/cloudfront.js';
import { cloudFrontParserRefusal, cloudFrontRefusal } from '../../src/core/events/http/cloudfront-errors.js';
import { isRestMethod } from '../../src/core/events/http/methods.js';
import type { RestEndpointType } from '../../src/core/model/project.js';
import { cloudFrontPage } from '../cloudfront-page.js';
import { REQUEST_ID, request, restContext } from './http-test-support.js';

type Headers = Record<string, string>;
type Event = { headers: Headers | null; multiValueHeaders: Record<string, string[]> | null; requestContext: { identity: { sourceIp: string } } };

/** A request as dev's gateway server hands it over: the caller's headers, then those every front door adds. */
const DEV_HEADERS: Array<[string, string]> = [
  ['Host', '127.0.0.1:3000'], ['User-Agent', 'curl/8.7.1'], ['Accept', '*/*'],
  ['X-Amzn-Trace-Id', 'Root=1-5e5fe6a5-3c1d7c4d6c1e4f2a8b9d0e1f'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Port', '3000'], ['X-Forwarded-Proto', 'http'],
];

/** The shared context without its endpoint type: API Gateway's default, EDGE. */
const { endpointType: _regional, ...defaultContext } = restContext;

const event = (endpointType: RestEndpointType | undefined, overrides: Parameters<typeof request>[0] = {}) => {
  const ctx: RestContext = { ...defaultContext, ...(endpointType ? { endpointType } : {}) };
  return toEvent(request({ headers: DEV_HEADERS, ...overrides }), ctx) as unknown as Event;
};

/** aws/aws-lambda-go events/testdata/apigw-request.json: a proxy event of an edge-optimized API (test/fixtures/events/README.md). */
const sample = JSON.parse(readFileSync(new URL('../fixtures/events/aws-lambda-go/apigw-request.json', import.meta.url), 'utf8')) as { headers: Headers };
const CLOUDFRONT_NAMES = ['CloudFront-Forwarded-Proto', 'CloudFront-Is-Desktop-Viewer', 'CloudFront-Is-Mobile-Viewer', 'CloudFront-Is-SmartTV-Viewer', 'CloudFront-Is-Tablet-Viewer', 'CloudFront-Viewer-Country', 'Via', 'X-Amz-Cf-Id'];

describe('an edge-optimized REST API\'s event: what CloudFront adds (cloudfront.ts)', () => {
  const headers = event(undefined).headers!;

  it('has the CloudFront headers of the captured edge-optimized event, by the same names', () => {
    expect(CLOUDFRONT_NAMES.every((name) => name in sample.headers)).toBe(true);
    expect(CLOUDFRONT_NAMES.filter((name) => !(name in headers))).toEqual([]);
  });

  it.each<[string, string, string | RegExp]>([
    // The sample's values: a desktop viewer in the US.
    ['the sample\'s desktop viewer', 'CloudFront-Is-Desktop-Viewer', 'true'],
    ['not a mobile viewer', 'CloudFront-Is-Mobile-Viewer', 'false'],
    ['not a smart TV', 'CloudFront-Is-SmartTV-Viewer', 'false'],
    ['not a tablet', 'CloudFront-Is-Tablet-Viewer', 'false'],
    ['the sample\'s country', 'CloudFront-Viewer-Country', 'US'],
    // The viewer's scheme: dev is called over http (the sample's https came from an https call).
    ['the scheme the caller used', 'CloudFront-Forwarded-Proto', 'http'],
    // CloudFront guide: "Via: http-version alphanumeric-string.cloudfront.net (CloudFront)"; the sample's 32 hex digits.
    ['Via with the viewer\'s HTTP version and an edge id', 'Via', /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/],
    // The sample's X-Amz-Cf-Id is 56 characters of URL-safe base64 ending `==`.
    ['an X-Amz-Cf-Id shaped as the sample\'s', 'X-Amz-Cf-Id', /^[A-Za-z0-9_-]{54}==$/],
    // The sample's "54.240.196.186, 54.182.214.83": the viewer, then CloudFront's edge.
    ['X-Forwarded-For: the caller, then CloudFront\'s address', 'X-Forwarded-For', `127.0.0.1, ${CLOUDFRONT_EDGE_ADDRESS}`],
    ['X-Forwarded-Proto as dev sets it', 'X-Forwarded-Proto', 'http'],
  ])('%s: %s', (_what, name, value) => {
    if (typeof value === 'string') expect(headers[name]).toBe(value);
    else expect(headers[name]).toMatch(value);
  });

  it('puts them in multiValueHeaders too, one value each', () => {
    const multi = event(undefined).multiValueHeaders!;
    for (const name of [...CLOUDFRONT_NAMES, 'X-Forwarded-For']) expect(multi[name]).toEqual([headers[name]]);
  });

  it('EDGE said outright is the same as the default', () => {
    expect(event('EDGE').headers).toEqual(headers);
  });

  it('one request always shows the same X-Amz-Cf-Id, another request another', () => {
    expect(event(undefined).headers!['X-Amz-Cf-Id']).toBe(headers['X-Amz-Cf-Id']);
    expect(event(undefined, { requestId: `${REQUEST_ID}-2` }).headers!['X-Amz-Cf-Id']).not.toBe(headers['X-Amz-Cf-Id']);
  });

  it('says the caller\'s HTTP version in Via: 2.0 for HTTP/2 (the Lambda@Edge guide\'s origin request: "2.0 ...cloudfront.net (CloudFront)")', () => {
    expect(event(undefined, { protocol: 'HTTP/2.0' }).headers!.Via).toMatch(/^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(event(undefined, { protocol: 'HTTP/2' }).headers!.Via).toMatch(/^2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(event(undefined, { protocol: 'HTTP/1.0' }).headers!.Via).toMatch(/^1\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
  });

  it('appends CloudFront\'s address after a chain the caller sent, and keeps the caller as the source', () => {
    const chained = event(undefined, { headers: DEV_HEADERS.map(([n, v]) => [n, n === 'X-Forwarded-For' ? '203.0.113.9, 127.0.0.1' : v]), sourceIp: '127.0.0.1' });
    expect(chained.headers!['X-Forwarded-For']).toBe(`203.0.113.9, 127.0.0.1, ${CLOUDFRONT_EDGE_ADDRESS}`);
    expect(chained.requestContext.identity.sourceIp).toBe('127.0.0.1');
  });

  it('sets Via and X-Amz-Cf-Id over what the caller sent, and keeps a viewer header the caller sent (to try a mobile viewer locally)', () => {
    const sent = event(undefined, { headers: [...DEV_HEADERS, ['Via', '1.1 proxy'], ['X-Amz-Cf-Id', 'mine'], ['CloudFront-Is-Mobile-Viewer', 'true'], ['cloudfront-viewer-country', 'DE']] });
    expect(sent.multiValueHeaders!.Via).toEqual([headers.Via]);
    expect(sent.multiValueHeaders!['X-Amz-Cf-Id']).toEqual([headers['X-Amz-Cf-Id']]);
    expect(sent.headers!['CloudFront-Is-Mobile-Viewer']).toBe('true');
    expect(sent.headers!['cloudfront-viewer-country']).toBe('DE');
    expect(sent.headers).not.toHaveProperty('CloudFront-Viewer-Country');
  });

  it('gives a request without forwarding headers (an events sample) https and its source address', () => {
    const bare = event(undefined, { headers: [['Host', 'x']], sourceIp: '198.51.100.7' }).headers!;
    expect([bare['CloudFront-Forwarded-Proto'], bare['X-Forwarded-For']]).toEqual(['https', `198.51.100.7, ${CLOUDFRONT_EDGE_ADDRESS}`]);
  });
});

describe('regional and private REST APIs have no CloudFront distribution', () => {
  it.each<RestEndpointType>(['REGIONAL', 'PRIVATE'])('%s: the headers dev received, nothing added', (type) => {
    expect(event(type).headers).toEqual(Object.fromEntries(DEV_HEADERS));
  });
});


/** The X-Amz-Cf-Id the distribution gives the answer to the request of REQUEST_ID (request()'s). */
const CF_ID = cloudFrontEdge(undefined, 'abc123')({ statusCode: 400, headers: [], body: Buffer.alloc(0) }, REQUEST_ID).headers.find(([n]) => n === 'X-Amz-Cf-Id')![1];

describe('CloudFront answers some requests itself before an edge-optimized API sees them (cloudFrontRefusal)', () => {
  // CloudFront guide: "If a viewer GET request includes a body, CloudFront returns an HTTP status code 403 (Forbidden)";
  // a method outside the seven CloudFront knows gets its default 400 page (lovemewithoutall.github.io, 2021).
  it.each<[string, RestEndpointType | undefined, string, string, number | undefined]>([
    ['EDGE (the default): a GET with a body', undefined, 'GET', '{"q":1}', 403],
    ['EDGE said outright', 'EDGE', 'GET', 'x', 403],
    ['a GET without a body', undefined, 'GET', '', undefined],
    ['a POST with a body', undefined, 'POST', '{"q":1}', undefined],
    ['a DELETE with a body (the guide names GET only)', undefined, 'DELETE', '{"q":1}', undefined],
    ['a HEAD with a body (the guide names GET only)', undefined, 'HEAD', '{"q":1}', undefined],
    ['an OPTIONS with a body (the guide names GET only)', undefined, 'OPTIONS', '{"q":1}', undefined],
    ['a PUT with a body', 'EDGE', 'PUT', '{"q":1}', undefined],
    ['PROPFIND, outside the seven: CloudFront\'s 400, not its 403 (Invalid method) of a distribution that leaves one of the seven out', undefined, 'PROPFIND', '', 400],
    ['a made-up FOO', 'EDGE', 'FOO', '', 400],
    ['TRACE', undefined, 'TRACE', '', 400],
    ['a made-up FOO with a body: the method first', undefined, 'FOO', '{}', 400],
    ['REGIONAL: no CloudFront in front (a GET with a body)', 'REGIONAL', 'GET', '{"q":1}', undefined],
    ['REGIONAL: no CloudFront in front (PROPFIND)', 'REGIONAL', 'PROPFIND', '', undefined],
    ['PRIVATE: no CloudFront in front', 'PRIVATE', 'GET', '{"q":1}', undefined],
  ])('%s', (_what, type, method, body, status) => {
    expect(cloudFrontRefusal(type, request({ method, body }))?.statusCode).toBe(status);
  });

  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'])('%s passes', (method) => {
    expect(cloudFrontRefusal(undefined, request({ method }))).toBeUndefined();
  });

  it('answers a GET with a body with CloudFront\'s 403 page, its Request ID the answer\'s X-Amz-Cf-Id; the gateway adds the rest (cloudFrontEdge)', () => {
    const res = cloudFrontRefusal(undefined, request({ body: '{}' }))!;
    expect(res.headers).toEqual([['Server', 'CloudFront'], ['Content-Type', 'text/html']]);
    expect(res.body.toString()).toBe(cloudFrontPage(403, CF_ID));
    expect(res.problem).toBe('CloudFront refuses a GET with a body (403) before an edge-optimized API sees it');
  });

  it('answers a method outside the seven with CloudFront\'s 400 page', () => {
    const res = cloudFrontRefusal(undefined, request({ method: 'PROPFIND' }))!;
    expect([res.statusCode, res.headers, res.body.toString()]).toEqual([400, [['Server', 'CloudFront'], ['Content-Type', 'text/html']], cloudFrontPage(400, CF_ID)]);
    expect(res.problem).toBe('CloudFront refuses the method PROPFIND (400) before an edge-optimized API sees it: it knows GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE only');
  });
});

describe('a request over CloudFront\'s 20,480 bytes of path, query string and headers (cloudFrontRefusal)', () => {
  // The default request's headers, each `Name: value\r\n`, and its path /items/1 (request()).
  const base = 'Host: localhost:3000\r\n'.length + 'User-Agent: curl/8.7.1\r\n'.length + 'Accept: */*\r\n'.length + '/items/1'.length;
  const withCookie = (total: number, query = '') => request({
    rawQuery: query,
    headers: [['Host', 'localhost:3000'], ['User-Agent', 'curl/8.7.1'], ['Accept', '*/*'], ['Cookie', 'c'.repeat(total - base - 'Cookie: \r\n'.length - (query ? query.length + 1 : 0))]],
  });
  it.each<[string, RestEndpointType | undefined, ReturnType<typeof request>, number | undefined]>([
    ['20,480 bytes exactly pass', undefined, withCookie(20480), undefined],
    ['20,481 bytes get its 413', undefined, withCookie(20481), 413],
    ['the query string counts, with its ?', 'EDGE', withCookie(20481, 'q=1'), 413],
    ['a regional API has no CloudFront', 'REGIONAL', withCookie(30000), undefined],
  ])('%s', (_what, type, req, status) => {
    const res = cloudFrontRefusal(type, req);
    expect(res?.statusCode).toBe(status);
    if (res) expect([res.closes, res.problem]).toEqual([true, 'CloudFront refuses a request of 20481 bytes (path, query string and headers) over its 20480 (413) before an edge-optimized API sees it']);
  });

  it('counts a header value past ASCII in its UTF-8 bytes', () => {
    expect(withCookie(20480).headers.length).toBe(4);
    const utf8 = request({ headers: [['X-Name', '\u00e9'.repeat(10300)]] });
    expect(cloudFrontRefusal(undefined, utf8)?.statusCode).toBe(413);
  });
});

describe('CloudFront\'s answer to what Node\'s parser refuses (cloudFrontParserRefusal)', () => {
  // CloudFront guide: a request over 20,480 bytes gets "HTTP status code 413, Request Entity Too Large"; no capture shows a 408.
  it.each<[string, number, number]>([
    ['a malformed request (an unknown or lower-case method, bad framing)', 400, 400],
    ['headers past 64 KB: CloudFront\'s 413 for a request over its 20,480 bytes', 431, 413],
    ['chunk extensions past what Node reads', 413, 413],
    ['a head that does not arrive in time: Node\'s status kept', 408, 408],
  ])('%s: %i -> %i', (_what, node, status) => {
    const res = cloudFrontParserRefusal(undefined, node, REQUEST_ID)!;
    expect([res.statusCode, res.headers]).toEqual([status, [['Server', 'CloudFront'], ['Content-Type', 'text/html']]]);
    expect(res.body.toString()).toBe(cloudFrontPage(status, CF_ID));
  });

  it.each<RestEndpointType>(['REGIONAL', 'PRIVATE'])('%s: no CloudFront, no answer of its own', (type) => {
    expect(cloudFrontParserRefusal(type, 400, REQUEST_ID)).toBeUndefined();
  });
});

describe('what the distribution adds to every response of an edge-optimized API (cloudFrontEdge)', () => {
  const response = (statusCode: number, headers: Array<[string, string]> = [['Content-Type', 'application/json']]) => ({ statusCode, headers, body: Buffer.from('{}') });
  const edge = cloudFrontEdge(undefined, 'abc123');

  it.each<[number, string]>([
    [200, 'Miss from cloudfront'], [204, 'Miss from cloudfront'], [301, 'Miss from cloudfront'], [304, 'Miss from cloudfront'], [399, 'Miss from cloudfront'],
    [400, 'Error from cloudfront'], [403, 'Error from cloudfront'], [404, 'Error from cloudfront'], [413, 'Error from cloudfront'],
    [500, 'Error from cloudfront'], [502, 'Error from cloudfront'], [504, 'Error from cloudfront'],
  ])('%d: X-Cache %s', (status, cache) => {
    expect(Object.fromEntries(edge(response(status), REQUEST_ID).headers)['X-Cache']).toBe(cache);
  });

  it('adds X-Cache, Via, X-Amz-Cf-Pop and the X-Amz-Cf-Id the event had, after the response\'s own headers', () => {
    const out = edge(response(200), REQUEST_ID);
    const ev = toEvent(request({ headers: DEV_HEADERS }), { ...defaultContext, apiId: 'abc123' }) as unknown as Event;
    expect(out.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['X-Cache', 'Miss from cloudfront'],
      ['Via', ev.headers!.Via],
      ['X-Amz-Cf-Pop', CLOUDFRONT_POP],
      ['X-Amz-Cf-Id', ev.headers!['X-Amz-Cf-Id']],
    ]);
    expect(out.headers[2]![1]).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(out.body.toString()).toBe('{}');
  });

  it('the Via id is the API\'s: another API has another', () => {
    const via = (api: string) => Object.fromEntries(cloudFrontEdge('EDGE', api)(response(200), REQUEST_ID).headers).Via;
    expect(via('abc123')).toBe(via('abc123'));
    expect(via('other1')).not.toBe(via('abc123'));
  });

  it('replaces what the function set under CloudFront\'s names (X-Cache, X-Amz-Cf-Pop, X-Amz-Cf-Id), in any case', () => {
    const out = edge(response(200, [['x-cache', 'Hit from mine'], ['X-AMZ-CF-POP', 'X'], ['x-amz-cf-id', 'mine'], ['X-Other', '1']]), REQUEST_ID);
    expect(out.headers.map(([n]) => n)).toEqual(['X-Other', 'X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id']);
  });

  it.each<RestEndpointType>(['REGIONAL', 'PRIVATE'])('%s: the response as it was', (type) => {
    const res = response(200);
    expect(cloudFrontEdge(type, 'abc123')(res, REQUEST_ID)).toBe(res);
  });
});

describe('the methods a REST API can have (isRestMethod)', () => {
  it.each<[string, boolean]>([
    ['GET', true], ['HEAD', true], ['OPTIONS', true], ['PUT', true], ['POST', true], ['PATCH', true], ['DELETE', true],
    ['PROPFIND', false], ['FOO', false], ['TRACE', false], ['CONNECT', false], ['ANY', false], ['get', false],
  ])('%s: %s', (method, ok) => {
    expect(isRestMethod(method)).toBe(ok);
  });
});
