/** An edge-optimized REST API's event carries what its CloudFront distribution adds; regional and private ones do not. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEvent, type RestContext } from '../../src/core/events/http/apigw-rest.js';
import { CLOUDFRONT_EDGE_ADDRESS, CLOUDFRONT_POP, cloudFrontEdge, cloudFrontRefusal } from '../../src/core/events/http/cloudfront.js';
import { isRestMethod } from '../../src/core/events/http/methods.js';
import type { RestEndpointType } from '../../src/core/model/project.js';
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

describe('CloudFront answers some requests itself before an edge-optimized API sees them (cloudFrontRefusal)', () => {
  // CloudFront guide: "If a viewer GET request includes a body, CloudFront returns an HTTP status code 403 (Forbidden)";
  // a method the distribution does not allow gets "403 (Invalid method)".
  it.each<[string, RestEndpointType | undefined, string, string, string | undefined]>([
    ['EDGE (the default): a GET with a body', undefined, 'GET', '{"q":1}', 'Bad request.'],
    ['EDGE said outright', 'EDGE', 'GET', 'x', 'Bad request.'],
    ['a GET without a body', undefined, 'GET', '', undefined],
    ['a POST with a body', undefined, 'POST', '{"q":1}', undefined],
    ['a DELETE with a body (the guide names GET only)', undefined, 'DELETE', '{"q":1}', undefined],
    ['a HEAD with a body (the guide names GET only)', undefined, 'HEAD', '{"q":1}', undefined],
    ['each of the seven allowed methods without a body', undefined, 'PATCH', '', undefined],
    ['PROPFIND, outside the seven', undefined, 'PROPFIND', '', 'This distribution is not configured to allow the HTTP request method'],
    ['a made-up FOO', 'EDGE', 'FOO', '', 'This distribution is not configured to allow the HTTP request method'],
    ['a made-up FOO with a body: the method first', undefined, 'FOO', '{}', 'This distribution is not configured'],
    ['REGIONAL: no CloudFront in front (a GET with a body)', 'REGIONAL', 'GET', '{"q":1}', undefined],
    ['REGIONAL: no CloudFront in front (PROPFIND)', 'REGIONAL', 'PROPFIND', '', undefined],
    ['PRIVATE: no CloudFront in front', 'PRIVATE', 'GET', '{"q":1}', undefined],
  ])('%s', (_what, type, method, body, words) => {
    const res = cloudFrontRefusal(type, request({ method, body }));
    expect(res?.statusCode).toBe(words === undefined ? undefined : 403);
    if (words !== undefined) expect(res!.body.toString()).toContain(words);
  });

  it.each(['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'])('%s passes', (method) => {
    expect(cloudFrontRefusal(undefined, request({ method }))).toBeUndefined();
  });

  it('answers as CloudFront: its Server header and the page\'s words; the gateway adds the rest (cloudFrontEdge)', () => {
    const res = cloudFrontRefusal(undefined, request({ body: '{}' }))!;
    expect(res.headers).toEqual([['Server', 'CloudFront'], ['Content-Type', 'text/html']]);
    const page = res.body.toString();
    for (const words of ['403 ERROR', 'The request could not be satisfied.', 'Bad request.', 'Generated by cloudfront (CloudFront)']) expect(page).toContain(words);
    expect(res.problem).toBe('CloudFront refuses a GET with a body (403) before an edge-optimized API sees it');
    expect(cloudFrontRefusal(undefined, request({ method: 'PROPFIND' }))!.problem).toBe('CloudFront refuses the method PROPFIND (403) before an edge-optimized API sees it');
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
