/**
 * What the CloudFront distribution in front of an edge-optimized REST API answers by itself, before API Gateway sees
 * the request: its own error page with `Server: CloudFront`. The gateway server adds the rest of CloudFront's headers
 * (cloudFrontEdge: X-Cache `Error from cloudfront`, Via, X-Amz-Cf-Pop, X-Amz-Cf-Id). Regional and private APIs have
 * no distribution, so none of this.
 */

import type { RestEndpointType } from '../../model/project.js';
import { cloudFrontId, isEdgeOptimized } from './cloudfront.js';
import { headerLinesBytes } from './gateway-errors.js';
import { API_GATEWAY_METHODS } from './methods.js';
import type { HttpRequest, HttpResponse } from './request.js';

/**
 * The methods CloudFront knows, all of which an edge-optimized API's distribution allows: "GET, HEAD, OPTIONS, PUT,
 * PATCH, POST, and DELETE" is its widest setting, and AllowedMethods takes no other value (CloudFront API Reference,
 * AllowedMethods). CloudFront's 403 (Invalid method) is for one of those seven that a distribution does not allow
 * ("an HTTP method that you haven't specified in the CloudFront distribution", CloudFront Developer Guide, HTTP 403
 * status code (Invalid method)), which the page "This distribution is not configured to allow the HTTP request method"
 * says (magda-io/magda#736: a POST to a GET/HEAD distribution): an edge-optimized API's never gives it. A method
 * outside the seven never reaches a distribution: "if the method doesn't exist ... CF responds with the 400 error HTML
 * that is set by default in CF (which cannot be customized by the user)" (lovemewithoutall.github.io,
 * cloudfront-invalid-method, 2021). They are also the methods an API Gateway REST API has (API_GATEWAY_METHODS).
 */
const CLOUDFRONT_METHODS = API_GATEWAY_METHODS;

/**
 * CloudFront's answer to a request it does not pass on: undefined for any other request, and for regional and private
 * APIs. A method outside the seven gets CloudFront's 400 page (CLOUDFRONT_METHODS), a request over its 20,480 bytes its
 * 413, ending the connection (CLOUDFRONT_MAX_REQUEST_BYTES; Node's parser answers past 64 KB). "If a viewer GET request includes
 * a body, CloudFront returns an HTTP status code 403 (Forbidden) to the viewer" (CloudFront Developer Guide, request
 * and response behavior for custom origins, GET requests that include a body): a live curl of one got `Server:
 * CloudFront` and `X-Cache: Error from cloudfront` (dev.classmethod.jp, "cloudfront-return-403-for-get-method-with-
 * message-body", 2020), with the page's "403 ERROR ... Bad request." (Kong/insomnia#1099). The guide names GET only and
 * no capture shows a HEAD, OPTIONS or DELETE with a body refused: those are passed on (auth0/go-auth0#546 reads the
 * same GET-only sentence as GET, HEAD and OPTIONS, with no capture).
 */
export function cloudFrontRefusal(endpointType: RestEndpointType | undefined, request: HttpRequest): HttpResponse | undefined {
  if (!isEdgeOptimized(endpointType)) return undefined;
  if (!CLOUDFRONT_METHODS.has(request.method)) {
    return cloudFrontError(400, request.requestId, `CloudFront refuses the method ${request.method} (400) before an edge-optimized API sees it: it knows GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE only`);
  }
  const length = requestLength(request);
  if (length > CLOUDFRONT_MAX_REQUEST_BYTES) {
    const problem = `CloudFront refuses a request of ${length} bytes (path, query string and headers) over its ${CLOUDFRONT_MAX_REQUEST_BYTES} (413) before an edge-optimized API sees it`;
    return { ...cloudFrontError(413, request.requestId, problem), closes: true };
  }
  if (request.method !== 'GET' || request.body.length === 0) return undefined;
  return cloudFrontError(403, request.requestId, 'CloudFront refuses a GET with a body (403) before an edge-optimized API sees it');
}

/**
 * CloudFront's "maximum length of a request, including the path, the query string (if any), and headers": past it,
 * "HTTP status code 413, Request Entity Too Large" and the TCP connection ends (cloudFrontParserRefusal's source).
 */
export const CLOUDFRONT_MAX_REQUEST_BYTES = 20480;

/** A request's length as CloudFront's limit counts it: path, `?` and query, and each header as `Name: value` and its CRLF. */
function requestLength(request: HttpRequest): number {
  const target = Buffer.byteLength(request.rawPath, 'latin1') + (request.rawQuery ? 1 + Buffer.byteLength(request.rawQuery, 'latin1') : 0);
  return target + headerLinesBytes(request.headers);
}

/**
 * CloudFront's answer to a request Node's HTTP parser refuses (a malformed request line, a method Node does not know,
 * bad framing, headers past 64 KB, a head that does not arrive in time), for the status Node would give. A request
 * over CloudFront's "maximum length of a request, including the path, the query string (if any), and headers, ...
 * 20,480 bytes" gets "HTTP status code 413, Request Entity Too Large" and CloudFront "then terminates the TCP
 * connection" (CloudFront Developer Guide, request and response behavior for custom origins): Node's 431 for headers
 * past 64 KB is that 413. A malformed request, a method CloudFront does not know among them, is CloudFront's 400 page
 * (CLOUDFRONT_METHODS). No capture shows CloudFront's answer to a request head that never arrives: Node's 408 is kept,
 * with CloudFront's page and headers. Undefined for regional and private APIs.
 */
export function cloudFrontParserRefusal(endpointType: RestEndpointType | undefined, status: number, requestId: string): HttpResponse | undefined {
  if (!isEdgeOptimized(endpointType)) return undefined;
  const statusCode = status === 431 ? 413 : status;
  return cloudFrontError(statusCode, requestId, `CloudFront refuses the request (${statusCode}) before an edge-optimized API sees it`);
}

/**
 * CloudFront's error page as served in 2020-2025, line for line: a 400 for a bad request (defi-wonderland/natspec-smells#66)
 * and a 403 (serverless-nextjs/serverless-next.js#454) have these lines, the 403 with another reason line where this
 * has "Bad request.", which the 403 for a GET with a body also says (Kong/insomnia#1099). The page ends without a line
 * end as captured (an axios dump of the 400's body). The Request ID is the answer's X-Amz-Cf-Id.
 */
function cloudFrontError(statusCode: number, requestId: string, problem: string): HttpResponse {
  const body = [
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">',
    '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">',
    '<TITLE>ERROR: The request could not be satisfied</TITLE>',
    '</HEAD><BODY>',
    `<H1>${statusCode} ERROR</H1>`,
    '<H2>The request could not be satisfied.</H2>',
    '<HR noshade size="1px">',
    'Bad request.',
    "We can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
    '<BR clear="all">',
    'If you provide content to customers through CloudFront, you can find steps to troubleshoot and help prevent this error by reviewing the CloudFront documentation.',
    '<BR clear="all">',
    '<HR noshade size="1px">',
    '<PRE>',
    'Generated by cloudfront (CloudFront)',
    `Request ID: ${cloudFrontId(requestId)}`,
    '</PRE>',
    '<ADDRESS>',
    '</ADDRESS>',
    '</BODY></HTML>',
  ].join('\n');
  return { statusCode, headers: [['Server', 'CloudFront'], ['Content-Type', 'text/html']], body: Buffer.from(body), problem };
}
