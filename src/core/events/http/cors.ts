/**
 * CORS as each front door does it from its configuration. REST APIs: SAM's `Cors` adds an OPTIONS method
 * with a MOCK integration to every path, and nothing to the function's responses. HTTP APIs: API Gateway
 * answers preflights itself and puts the configured headers on every response, ignoring the function's.
 * Function URLs: Lambda answers preflights and adds the configured headers, which win over the function's.
 * ALBs have no CORS setting.
 */

import type { CorsConfig, EndpointKind } from '../../model/project.js';
import { firstHeader, withoutHeaders } from './headers.js';
import { extendedRequestId, restRequestId, type HeaderList, type HttpRequest, type HttpResponse } from './request.js';

/** Every method SAM lists for an `ANY` path (samtranslator open_api/base_editor.py `_ALL_HTTP_METHODS`). */
const ALL_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];

export interface PreflightOptions {
  /** REST: the methods of the resource (`ANY` included), for SAM's default `Access-Control-Allow-Methods`. */
  readonly pathMethods?: readonly string[];
  /**
   * REST: the OPTIONS method SAM generates (default), the one Chalice generates per CORS route, the one the
   * Serverless Framework generates per CORS path, or a CloudFormation OPTIONS method with a MOCK integration (CDK's).
   */
  readonly style?: 'sam' | 'chalice' | 'serverless' | 'mock';
}

/**
 * The gateway's own answer to a CORS preflight, or undefined when the request is not one it answers (then it
 * is routed like any other). REST: call it for an OPTIONS request to an existing resource that has no OPTIONS
 * method of its own (SAM skips such paths); every OPTIONS request is answered, with or without `Origin`.
 */
export function corsPreflight(kind: EndpointKind, cors: CorsConfig | undefined, request: HttpRequest, options: PreflightOptions = {}): HttpResponse | undefined {
  if (!cors || request.method !== 'OPTIONS') return undefined;
  if (kind === 'rest') {
    if (options.style === 'mock') return mockPreflight(cors, request);
    if (options.style === 'chalice') return chalicePreflight(cors, request);
    return restPreflight(cors, request, options.pathMethods ?? [], options.style === 'serverless');
  }
  if (kind === 'alb') return undefined;
  // A preflight names an Origin and the method it asks about; any other OPTIONS request is routed.
  const origin = firstHeader(request.headers, 'origin');
  if (origin === undefined || firstHeader(request.headers, 'access-control-request-method') === undefined) return undefined;
  const allowOrigin = matchOrigin(cors, origin);
  const headers: Array<[string, string]> = [];
  if (allowOrigin !== undefined) {
    headers.push(['access-control-allow-origin', allowOrigin]);
    if (cors.allowCredentials) headers.push(['access-control-allow-credentials', 'true']);
    if (cors.allowMethods.length > 0) headers.push(['access-control-allow-methods', cors.allowMethods.join(',')]);
    if (cors.allowHeaders.length > 0) headers.push(['access-control-allow-headers', cors.allowHeaders.join(',')]);
    if (kind === 'url' && cors.exposeHeaders.length > 0) headers.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
    if (cors.maxAge !== undefined) headers.push(['access-control-max-age', String(cors.maxAge)]);
  }
  if (kind === 'http') return { statusCode: 204, headers: [...headers, ['apigw-requestid', request.requestId]], body: Buffer.alloc(0) };
  // A function URL's preflight, as captured from Lambda (the capture varyOrigin cites): 200, an empty JSON body's
  // Content-Type, its request id, `Vary: Origin`, then the configured lists as they are, whatever the preflight
  // asked for. Assumed where no source says: a method or headers asked for that the lists lack change nothing
  // (the browser refuses them by the lists), and an Origin not allowed gets the answer with no CORS headers (the
  // browser refuses it), no invocation either.
  return { statusCode: 200, headers: [['content-type', 'application/json'], ['x-amzn-RequestId', request.requestId], ...varyOrigin(allowOrigin), ...headers], body: Buffer.alloc(0) };
}

/**
 * `Vary: Origin` on a function URL's preflight and responses whose Access-Control-Allow-Origin names the request's
 * Origin, as captured from Lambda in "AWS Lambda Function URL with CORS explained by example"
 * (https://dev.to/rimutaka/aws-lambda-function-url-with-cors-explained-by-example-14df, 2024-08; AllowOrigins
 * listing the origin). Assumed: none with `*` (one answer for every origin), nor for an Origin not allowed (no
 * capture shows either).
 */
function varyOrigin(allowOrigin: string | undefined): Array<[string, string]> {
  return allowOrigin !== undefined && allowOrigin !== '*' ? [['vary', 'Origin']] : [];
}

/**
 * SAM's MOCK OPTIONS method (samtranslator swagger.py `_options_method_response_for_cors`), or the Serverless
 * Framework's (api-gateway/lib/cors.js), which sets the same headers from the path's `cors`.
 */
function restPreflight(cors: CorsConfig, request: HttpRequest, pathMethods: readonly string[], serverless: boolean): HttpResponse {
  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  headers.push(['Access-Control-Allow-Origin', restAllowOrigin(cors, firstHeader(request.headers, 'origin'), serverless)]);
  if (cors.allowHeaders.length > 0) headers.push(['Access-Control-Allow-Headers', cors.allowHeaders.join(',')]);
  const methods = cors.allowMethods.length > 0 ? cors.allowMethods.join(',') : defaultAllowMethods(pathMethods);
  headers.push(['Access-Control-Allow-Methods', methods]);
  if (cors.maxAge !== undefined) headers.push(['Access-Control-Max-Age', String(cors.maxAge)]);
  if (cors.allowCredentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  if (cors.cacheControl !== undefined) headers.push(['Cache-Control', cors.cacheControl]);
  headers.push(['x-amzn-RequestId', restRequestId(request)], ['x-amz-apigw-id', extendedRequestId(request.requestId)]);
  // SAM's integration response template is `{}\n`, sent as written. The Framework's is empty, or (for `origins`)
  // one that only sets the Allow-Origin override: no body, as the MOCK methods of Chalice and CDK without one.
  return { statusCode: 200, headers, body: serverless ? Buffer.alloc(0) : Buffer.from('{}\n') };
}

/**
 * SAM's AllowOrigin is one static string, sent whatever the request's Origin. The Serverless Framework's
 * `cors.origins` (several, or a pattern such as `https://*.example.com`) adds a response template that
 * answers a matching Origin with itself (api-gateway/lib/cors.js, `responseOverride` of the header); any
 * other Origin gets the static header, which the Framework writes as the first of the origins alone.
 */
function restAllowOrigin(cors: CorsConfig, origin: string | undefined, serverless: boolean): string {
  if (!serverless) return cors.allowOrigins.join(',');
  // The template reads `Origin`, then `origin`; none is "", which it never answers with (assumed: no capture shows
  // an empty override, and `.+`, the only wildcard, needs a character).
  if (origin && cors.originPatterns?.some((pattern) => javaMatches(pattern, origin))) return origin;
  return cors.allowOrigins[0] ?? '*';
}

/**
 * Java's String.matches, which the template calls: the whole string, case-sensitive. The patterns are Java
 * regular expressions, written as JavaScript ones read them alike for what origins hold. One neither reads is
 * taken to match nothing (assumed: API Gateway's answer to a template that fails is not documented).
 */
function javaMatches(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(text);
  } catch {
    return false;
  }
}

/**
 * Chalice's MOCK OPTIONS method for a CORS route (chalice/deploy/swagger.py `_add_preflight_request`): the
 * route's settings as static headers, the methods of the path that have CORS plus OPTIONS, and no body.
 */
function chalicePreflight(cors: CorsConfig, request: HttpRequest): HttpResponse {
  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  headers.push(['Access-Control-Allow-Methods', cors.allowMethods.join(',')]);
  headers.push(['Access-Control-Allow-Origin', cors.allowOrigins.join(',')]);
  if (cors.allowHeaders.length > 0) headers.push(['Access-Control-Allow-Headers', cors.allowHeaders.join(',')]);
  if (cors.exposeHeaders.length > 0) headers.push(['Access-Control-Expose-Headers', cors.exposeHeaders.join(',')]);
  if (cors.maxAge !== undefined) headers.push(['Access-Control-Max-Age', String(cors.maxAge)]);
  if (cors.allowCredentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  headers.push(['x-amzn-RequestId', restRequestId(request)], ['x-amz-apigw-id', extendedRequestId(request.requestId)]);
  return { statusCode: 200, headers, body: Buffer.alloc(0) };
}

/**
 * A CloudFormation OPTIONS method with a MOCK integration, as CDK writes it for `defaultCorsPreflightOptions`
 * (aws-apigateway resource.ts `addCorsPreflight`): the headers its integration response sets, in CDK's order, and its
 * status (204 unless `statusCode` says otherwise), with no body (the response has no template).
 */
function mockPreflight(cors: CorsConfig, request: HttpRequest): HttpResponse {
  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  if (cors.allowHeaders.length > 0) headers.push(['Access-Control-Allow-Headers', cors.allowHeaders.join(',')]);
  if (cors.allowOrigins.length > 0) headers.push(['Access-Control-Allow-Origin', cors.allowOrigins.join(',')]);
  if (cors.preflightVary !== undefined) headers.push(['Vary', cors.preflightVary]);
  if (cors.allowMethods.length > 0) headers.push(['Access-Control-Allow-Methods', cors.allowMethods.join(',')]);
  if (cors.allowCredentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  if (cors.maxAge !== undefined) headers.push(['Access-Control-Max-Age', String(cors.maxAge)]);
  if (cors.exposeHeaders.length > 0) headers.push(['Access-Control-Expose-Headers', cors.exposeHeaders.join(',')]);
  headers.push(['x-amzn-RequestId', restRequestId(request)], ['x-amz-apigw-id', extendedRequestId(request.requestId)]);
  return { statusCode: cors.preflightStatus ?? 200, headers, body: Buffer.alloc(0) };
}

/** Without AllowMethods SAM lists the path's methods plus OPTIONS, upper-case, sorted; ANY means all. */
export function defaultAllowMethods(pathMethods: readonly string[]): string {
  const upper = pathMethods.map((m) => m.toUpperCase());
  const methods = upper.includes('ANY') ? ALL_METHODS : [...upper, 'OPTIONS'];
  return [...new Set(methods)].sort().join(',');
}

/**
 * The configured CORS headers on a function's response. REST and ALB: unchanged. HTTP API: the function's
 * `access-control-*` headers are dropped ("API Gateway ignores CORS headers returned from your backend
 * integration", http-api-cors). Function URL: the configured ones replace the function's of the same name
 * ("the configured CORS headers on the function URL take precedence", urls-configuration). The capture varyOrigin
 * cites shows Lambda sending both the function's Access-Control-Allow-Origin and the configured one; pylambda
 * follows the documentation. An Origin a function URL does not allow gets nothing added, and the function's own
 * CORS headers stay (assumed: nothing says Lambda strips them).
 */
export function withCors(kind: EndpointKind, cors: CorsConfig | undefined, request: HttpRequest, response: HttpResponse): HttpResponse {
  if (!cors || kind === 'rest' || kind === 'alb') return response;
  const origin = firstHeader(request.headers, 'origin');
  const allowOrigin = origin === undefined ? undefined : matchOrigin(cors, origin);
  const added: Array<[string, string]> = [];
  if (allowOrigin !== undefined) {
    added.push(['access-control-allow-origin', allowOrigin]);
    if (cors.allowCredentials) added.push(['access-control-allow-credentials', 'true']);
    if (cors.exposeHeaders.length > 0) added.push(['access-control-expose-headers', cors.exposeHeaders.join(',')]);
  }
  const replaced = new Set(added.map(([n]) => n));
  const kept: HeaderList = kind === 'http'
    ? withoutHeaders(response.headers, (n) => n.startsWith('access-control-'))
    : withoutHeaders(response.headers, (n) => replaced.has(n));
  return { ...response, headers: [...kept, ...(kind === 'url' ? varyOrigin(allowOrigin) : []), ...added] };
}

/** `*` allows every origin; otherwise the request's Origin must be listed, and is echoed back. */
function matchOrigin(cors: CorsConfig, origin: string): string | undefined {
  if (cors.allowOrigins.includes('*')) return '*';
  const wanted = origin.toLowerCase();
  return cors.allowOrigins.some((o) => o.toLowerCase() === wanted) ? origin : undefined;
}
