/**
 * What the CloudFront distribution in front of an edge-optimized REST API (API Gateway's own, the default endpoint
 * type) adds to the request its function sees. A captured edge-optimized proxy event carries `CloudFront-Forwarded-Proto:
 * https`, `CloudFront-Is-Desktop-Viewer: true`, `CloudFront-Is-Mobile-Viewer`, `-SmartTV-Viewer` and `-Tablet-Viewer:
 * false`, `CloudFront-Viewer-Country: US`, `Via: 1.1 <32 hex>.cloudfront.net (CloudFront)`, a 56-character
 * `X-Amz-Cf-Id` and `X-Forwarded-For: <viewer>, <CloudFront's address>` (aws/aws-lambda-go
 * events/testdata/apigw-request.json). CloudFront "sets" Via to "http-version alphanumeric-string.cloudfront.net
 * (CloudFront)", adds X-Amz-Cf-Id, "an encrypted string that uniquely identifies the request", and appends the viewer's
 * address to an X-Forwarded-For it was sent (CloudFront Developer Guide, request and response behavior for custom
 * origins); the version is the viewer's HTTP version (`2.0` over HTTP/2 in the Lambda@Edge guide's origin-request
 * example). Regional and private APIs have no distribution, so none of this.
 */

import { headerValues } from './headers.js';
import { derivedBytes, urlSafeBase64, type HeaderList, type HttpRequest } from './request.js';

/** The CloudFront edge address the captured event's X-Forwarded-For ends with (54.182.0.0/16 is CloudFront's). */
export const CLOUDFRONT_EDGE_ADDRESS = '54.182.214.83';

/**
 * The viewer headers, with the captured event's values: a desktop browser in the US. A request that sends one of them
 * keeps its own value, so a mobile viewer or another country can be tried locally (CloudFront would overwrite it).
 */
const VIEWER_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['CloudFront-Is-Desktop-Viewer', 'true'],
  ['CloudFront-Is-Mobile-Viewer', 'false'],
  ['CloudFront-Is-SmartTV-Viewer', 'false'],
  ['CloudFront-Is-Tablet-Viewer', 'false'],
  ['CloudFront-Viewer-Country', 'US'],
];

/** Headers CloudFront sets whatever the viewer sent under their names. */
const SET_BY_CLOUDFRONT = new Set(['cloudfront-forwarded-proto', 'via', 'x-amz-cf-id', 'x-forwarded-for']);

/**
 * The request's headers as the edge-optimized API's distribution passes them on: the viewer headers added, Via and
 * X-Amz-Cf-Id set, CloudFront's address appended to X-Forwarded-For (the gateway server has put the caller's there).
 * CloudFront-Forwarded-Proto is the scheme the caller used: dev's `X-Forwarded-Proto` (http), else https.
 */
export function throughCloudFront(request: HttpRequest, apiId: string): HeaderList {
  const forwardedFor = headerValues(request.headers, 'x-forwarded-for');
  const proto = headerValues(request.headers, 'x-forwarded-proto').at(-1) ?? 'https';
  const kept = request.headers.filter(([name]) => !SET_BY_CLOUDFRONT.has(name.toLowerCase()));
  const sent = new Set(kept.map(([name]) => name.toLowerCase()));
  const version = /^HTTP\/2/i.test(request.protocol) ? '2.0' : '1.1';
  return [
    ...kept,
    ['CloudFront-Forwarded-Proto', proto],
    ...VIEWER_HEADERS.filter(([name]) => !sent.has(name.toLowerCase())),
    ['Via', `${version} ${derivedBytes(apiId, 16).toString('hex')}.cloudfront.net (CloudFront)`],
    ['X-Amz-Cf-Id', urlSafeBase64(derivedBytes(`cf:${request.requestId}`, 40))],
    ['X-Forwarded-For', [...(forwardedFor.length > 0 ? forwardedFor : [request.sourceIp]), CLOUDFRONT_EDGE_ADDRESS].join(', ')],
  ];
}
