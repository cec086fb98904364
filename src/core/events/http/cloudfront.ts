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

import type { RestEndpointType } from '../../model/project.js';
import { headerValues } from './headers.js';
import { derivedBytes, urlSafeBase64, type HeaderList, type HttpRequest, type HttpResponse } from './request.js';

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

/** Whether an API of this endpoint type sits behind CloudFront: EDGE, also when the model sets none (AWS's default). */
export function isEdgeOptimized(endpointType: RestEndpointType | undefined): boolean {
  return (endpointType ?? 'EDGE') === 'EDGE';
}

/** The distribution's Via host, one per API: asked on every request, so worked out once. */
const viaIds = new Map<string, string>();
function viaId(apiId: string): string {
  let id = viaIds.get(apiId);
  if (id === undefined) viaIds.set(apiId, (id = derivedBytes(apiId, 16).toString('hex')));
  return id;
}

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
  const [, major = '1', minor = major === '1' ? '1' : '0'] = /^HTTP\/(\d)(?:\.(\d))?/i.exec(request.protocol) ?? [];
  const version = `${major}.${minor}`;
  return [
    ...kept,
    ['CloudFront-Forwarded-Proto', proto],
    ...VIEWER_HEADERS.filter(([name]) => !sent.has(name.toLowerCase())),
    ['Via', `${version} ${viaId(apiId)}.cloudfront.net (CloudFront)`],
    ['X-Amz-Cf-Id', cloudFrontId(request.requestId)],
    ['X-Forwarded-For', [...(forwardedFor.length > 0 ? forwardedFor : [request.sourceIp]), CLOUDFRONT_EDGE_ADDRESS].join(', ')],
  ];
}

/** The edge location dev's answers claim: a Point of Presence id as captures show them (`FRA56-C1`, `BOM50-C1`). */
export const CLOUDFRONT_POP = 'IAD89-C1';

/** What CloudFront sets on a response, whatever the origin sent under these names. */
const SET_ON_RESPONSE = new Set(['x-cache', 'x-amz-cf-pop', 'x-amz-cf-id']);

/** Adds what an API's distribution puts on each response; the identity for APIs without one. */
export type EdgeResponse = (response: HttpResponse, requestId: string) => HttpResponse;

const asIs: EdgeResponse = (response) => response;

/**
 * What the distribution in front of an edge-optimized API adds to every response it passes back, the function's, API
 * Gateway's own errors, preflights and CloudFront's refusals alike; asked once per API. A curl of an API through
 * CloudFront shows `x-cache: Miss from cloudfront`, `x-amz-cf-pop: FRA56-C1` and `x-amz-cf-id` (docs.partner.share-now.com,
 * request tracing), and `via: 1.1 <32 hex>.cloudfront.net (CloudFront)` even to an HTTP/2 browser (aws-amplify/
 * amplify-hosting#592). X-Amz-Cf-Id is the id CloudFront forwarded to the origin: "CloudFront assigns a unique request
 * identifier ... included in the X-Amz-Cf-Id response header ... and is also forwarded to the origin" (http.dev,
 * X-Amz-Cf-Id), the log's x-edge-request-id. X-Cache says `Error from cloudfront` for a 4xx or 5xx: the log's result
 * type Error "means the request resulted in a client error (... 4xx) or a server error (... 5xx)" (CloudFront
 * Developer Guide, standard logging reference), as on CloudFront's own 403 (dev.classmethod.jp, cloudfront-errors.ts). The Via id is
 * the API's, as on its requests (throughCloudFront). Nothing is cached: API Gateway's distribution does not cache.
 */
export function cloudFrontEdge(endpointType: RestEndpointType | undefined, apiId: string): EdgeResponse {
  if (!isEdgeOptimized(endpointType)) return asIs;
  const via = `1.1 ${viaId(apiId)}.cloudfront.net (CloudFront)`;
  return (response, requestId) => ({
    ...response,
    headers: [
      ...response.headers.filter(([name]) => !SET_ON_RESPONSE.has(name.toLowerCase())),
      ['X-Cache', response.statusCode >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront'],
      ['Via', via],
      ['X-Amz-Cf-Pop', CLOUDFRONT_POP],
      ['X-Amz-Cf-Id', cloudFrontId(requestId)],
    ],
  });
}

/** The request's X-Amz-Cf-Id: 40 bytes in URL-safe base64, as in the captured event. */
export function cloudFrontId(requestId: string): string {
  return urlSafeBase64(derivedBytes(`cf:${requestId}`, 40));
}
