/** An edge-optimized REST API's event carries what its CloudFront distribution adds; regional and private ones do not. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEvent, type RestContext } from '../../src/core/events/http/apigw-rest.js';
import { CLOUDFRONT_EDGE_ADDRESS, cloudFrontRefusal } from '../../src/core/events/http/cloudfront.js';
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

describe('CloudFront refuses a GET with a body before an edge-optimized API sees it (cloudFrontRefusal)', () => {
  // CloudFront guide: "If a viewer GET request includes a body, CloudFront returns an HTTP status code 403 (Forbidden)".
  it.each<[string, RestEndpointType | undefined, string, string, boolean]>([
    ['EDGE (the default): a GET with a body', undefined, 'GET', '{"q":1}', true],
    ['EDGE said outright', 'EDGE', 'GET', 'x', true],
    ['a GET without a body', undefined, 'GET', '', false],
    ['a POST with a body', undefined, 'POST', '{"q":1}', false],
    ['a DELETE with a body (the guide names GET only)', undefined, 'DELETE', '{"q":1}', false],
    ['REGIONAL: no CloudFront in front', 'REGIONAL', 'GET', '{"q":1}', false],
    ['PRIVATE: no CloudFront in front', 'PRIVATE', 'GET', '{"q":1}', false],
  ])('%s', (_what, type, method, body, refused) => {
    expect(cloudFrontRefusal(type, request({ method, body }))?.statusCode).toBe(refused ? 403 : undefined);
  });

  it('answers as CloudFront: its Server and X-Cache headers, and the page\'s words', () => {
    const res = cloudFrontRefusal(undefined, request({ body: '{}' }))!;
    expect(res.headers.map(([n]) => n)).toEqual(['Server', 'Content-Type', 'X-Cache', 'X-Amz-Cf-Id']);
    expect(Object.fromEntries(res.headers)).toMatchObject({ Server: 'CloudFront', 'Content-Type': 'text/html', 'X-Cache': 'Error from cloudfront' });
    const page = res.body.toString();
    for (const words of ['403 ERROR', 'The request could not be satisfied.', 'Bad request.', 'Generated by cloudfront (CloudFront)']) expect(page).toContain(words);
  });
});
