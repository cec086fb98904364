/**
 * The answers each front door gives on its own, before or instead of the function's: exact status, body and
 * headers, plus the timeouts and size limits that trigger them (shared/LAMBDA-FACTS.md sections 4-7).
 */

import type { EndpointKind, RestEndpointType } from '../../model/project.js';
import { LIMITS } from '../../model/limits.js';
import { extendedRequestId, restRequestId, type HttpRequest, type HttpResponse } from './request.js';
import { pastAscii } from './headers.js';
import { isEdgeOptimized } from './cloudfront.js';
import { missingTokenAnswer } from './missing-token.js';

/** REST API integration timeout (default and, for most accounts, maximum). */
export const REST_INTEGRATION_TIMEOUT_MS = 29_000;
/** HTTP API integration timeout (maximum and default). */
export const HTTP_API_INTEGRATION_TIMEOUT_MS = 30_000;
/** REST and HTTP API payload limit; REST's own message names the number ("exceeded 10485760 bytes"). */
export const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** ALB -> Lambda request body and Lambda -> ALB response JSON (elb docs, lambda-functions "Limits"). */
export const ALB_MAX_REQUEST_BODY_BYTES = 1024 * 1024;
export const ALB_MAX_RESPONSE_BYTES = 1024 * 1024;
/** Synchronous Invoke: the event, and the function's result. */
export const LAMBDA_MAX_EVENT_BYTES = LIMITS.requestPayloadBytes;
export const LAMBDA_MAX_RESULT_BYTES = LIMITS.responsePayloadBytes;

export interface GatewayLimits {
  /** How long the gateway waits for the function; undefined: it waits for the function's own timeout. */
  readonly integrationTimeoutMs: number | undefined;
  /** The largest request body the gateway accepts; undefined: only Lambda's event limit applies. */
  readonly maxRequestBodyBytes: number | undefined;
  /** The largest function result the gateway accepts. */
  readonly maxResultBytes: number;
}

export const GATEWAY_LIMITS: Readonly<Record<EndpointKind, GatewayLimits>> = {
  rest: { integrationTimeoutMs: REST_INTEGRATION_TIMEOUT_MS, maxRequestBodyBytes: API_GATEWAY_MAX_PAYLOAD_BYTES, maxResultBytes: LAMBDA_MAX_RESULT_BYTES },
  http: { integrationTimeoutMs: HTTP_API_INTEGRATION_TIMEOUT_MS, maxRequestBodyBytes: API_GATEWAY_MAX_PAYLOAD_BYTES, maxResultBytes: LAMBDA_MAX_RESULT_BYTES },
  // "The load balancer waits until your Lambda function responds or times out" (elb docs, lambda-functions).
  alb: { integrationTimeoutMs: undefined, maxRequestBodyBytes: ALB_MAX_REQUEST_BODY_BYTES, maxResultBytes: ALB_MAX_RESPONSE_BYTES },
  url: { integrationTimeoutMs: undefined, maxRequestBodyBytes: undefined, maxResultBytes: LAMBDA_MAX_RESULT_BYTES },
};

/**
 * Whether a request's declared Content-Length alone is over what the gateway takes: with `Expect: 100-continue`
 * it is refused before the client sends the body, as a front door that checks the length first does (the REST
 * capture in GATEWAY_ERRORS answers from the length). A function URL has no limit of its own: a body over
 * Lambda's event limit can't fit in the event.
 */
export function declaredBodyTooLarge(kind: EndpointKind, contentLength: string | undefined): boolean {
  if (contentLength === undefined || !/^\d+$/.test(contentLength)) return false;
  return Number(contentLength) > (GATEWAY_LIMITS[kind].maxRequestBodyBytes ?? LAMBDA_MAX_EVENT_BYTES);
}

/** One gateway's own responses. `undefined` where that gateway never answers so. */
export interface GatewayErrors {
  /** The function failed, or its result was malformed, too large or not JSON. */
  readonly functionError: (request: HttpRequest) => HttpResponse;
  readonly integrationTimeout: ((request: HttpRequest) => HttpResponse) | undefined;
  /** Lambda refused the invocation (throttled): where it differs from a function error. */
  readonly invokeRejected?: (request: HttpRequest) => HttpResponse;
  /** The body is over the gateway's own limit. */
  readonly requestTooLarge: (request: HttpRequest) => HttpResponse;
  /** The event is over Lambda's 6 MB Invoke limit (Lambda answers RequestEntityTooLargeException). */
  readonly eventTooLarge: (request: HttpRequest) => HttpResponse;
  readonly routeNotFound: ((request: HttpRequest) => HttpResponse) | undefined;
  /** A path refused before routing; undefined where every path is routed (see httpApiPath). */
  readonly badRequestPath: ((request: HttpRequest) => HttpResponse) | undefined;
}

function json(statusCode: number, body: string, headers: Array<[string, string]>): HttpResponse {
  return { statusCode, headers: [['Content-Type', 'application/json'], ...headers], body: Buffer.from(body) };
}

// REST API: gateway responses carry x-amzn-RequestId, x-amz-apigw-id and, for errors, x-amzn-ErrorType.
// Integration failures print `{"message": "..."}` with a space; gateway responses built from
// `$context.error.messageString` (MISSING_AUTHENTICATION_TOKEN) have none. Both as clients see them.
export function restGatewayResponse(statusCode: number, body: string, errorType: string | undefined) {
  return (request: HttpRequest): HttpResponse =>
    json(statusCode, body, [
      ['x-amzn-RequestId', restRequestId(request)],
      ...(errorType ? ([['x-amzn-ErrorType', errorType]] as Array<[string, string]>) : []),
      ['x-amz-apigw-id', extendedRequestId(request.requestId)],
    ]);
}

// HTTP API: JSON bodies without a space, and the request id in `apigw-requestid`.
function httpApi(statusCode: number, message: string) {
  return httpGatewayResponse(statusCode, message);
}

/** An HTTP API's own answer: `{"message":"..."}` with its request id, and any headers given (www-authenticate). */
export function httpGatewayResponse(statusCode: number, message: string, headers: Array<[string, string]> = []) {
  return (request: HttpRequest): HttpResponse =>
    json(statusCode, JSON.stringify({ message }), [['apigw-requestid', request.requestId], ...headers]);
}

// ALB: its own pages are nginx-style HTML with CRLF line ends and `Server: awselb/2.0`; the byte counts
// match captured responses (502: Content-Length 122; 503: 162).
function albPage(statusCode: number, reason: string) {
  return (): HttpResponse => albPageResponse(statusCode, reason);
}

/** One of a load balancer's own pages; `reason` is nginx's phrase for the status, as on the captured ones ('' for none). */
export function albPageResponse(statusCode: number, reason: string): HttpResponse {
  const title = reason ? `${statusCode} ${reason}` : String(statusCode);
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  // nginx's status line for a status it has no phrase for is `HTTP/1.1 463 `, where Node would write `463 unknown`.
  return { statusCode, ...(reason ? {} : { statusMessage: '' }), headers: [['Server', 'awselb/2.0'], ['Content-Type', 'text/html']], body: Buffer.from(html) };
}

// Function URLs: Lambda's front end. A failed invocation is a 502 whose body is the bare text
// `Internal Server Error` (awslabs/aws-lambda-cpp#200, cargo-lambda/cargo-lambda#578).
function url(statusCode: number, body: string, errorType?: string) {
  return (request: HttpRequest): HttpResponse =>
    json(statusCode, body, [
      ['x-amzn-RequestId', request.requestId],
      ...(errorType ? ([['x-amzn-ErrorType', errorType]] as Array<[string, string]>) : []),
    ]);
}

/**
 * A REST request body in a coding API Gateway lacks, or not in the coding it names: "415 Unsupported Media Type"
 * (api-gateway-make-request-with-compressed-payload). The body is the UNSUPPORTED_MEDIA_TYPE gateway response's
 * (DEFAULT_4XX's `{"message":$context.error.messageString}`); no capture shows its x-amzn-ErrorType, so none is sent.
 */
export const REST_UNSUPPORTED_MEDIA_TYPE = restGatewayResponse(415, '{"message":"Unsupported Media Type"}', undefined);

export const GATEWAY_ERRORS: Readonly<Record<EndpointKind, GatewayErrors>> = {
  rest: {
    functionError: restGatewayResponse(502, '{"message": "Internal server error"}', 'InternalServerErrorException'),
    // "Lambda invocation errors" (throttling among them) are a 500, where a function's own error is a 502
    // (services-apigateway-errors: "API Gateway ... returns 500 Internal Server Error").
    invokeRejected: restGatewayResponse(500, '{"message": "Internal server error"}', 'InternalServerErrorException'),
    integrationTimeout: restGatewayResponse(504, '{"message": "Endpoint request timed out"}', undefined),
    // Captured (koki-develop/lgtm-generator#10): the 10 MB limit answers in plain text, before API Gateway
    // proper; Lambda's 6 MB limit comes back as a 413 BadRequestException.
    requestTooLarge: () => ({
      statusCode: 413,
      headers: [['Content-Type', 'text; charset=utf-8']],
      body: Buffer.from(`HTTP content length exceeded ${API_GATEWAY_MAX_PAYLOAD_BYTES} bytes.`),
    }),
    eventTooLarge: restGatewayResponse(413, '{"message": "Request Too Long"}', 'BadRequestException'),
    // Unknown resource or method: MISSING_AUTHENTICATION_TOKEN, not 404 (gateway response types docs), or the
    // SigV4 complaint about an Authorization header (missing-token.ts).
    routeNotFound: (request) => {
      const answer = missingTokenAnswer(request);
      return answer.kind === 'missing-token'
        ? restGatewayResponse(403, '{"message":"Missing Authentication Token"}', 'MissingAuthenticationTokenException')(request)
        : restGatewayResponse(403, JSON.stringify({ message: answer.message }), 'IncompleteSignatureException')(request);
    },
    // A deployed REST API, load balancer and function URL all passed `percent%25done` on to the function
    // (hotsock/voker examples/aws-ingress-probe/paths.py and its captures, vokerhttp/testdata/ingress-paths.json).
    badRequestPath: undefined,
  },
  http: {
    functionError: httpApi(500, 'Internal Server Error'),
    integrationTimeout: httpApi(503, 'Service Unavailable'),
    requestTooLarge: httpApi(413, 'Request Entity Too Large'),
    eventTooLarge: httpApi(413, 'Request Entity Too Large'),
    routeNotFound: httpApi(404, 'Not Found'),
    // A path whose second decoding fails (`percent%25done`) was answered 400 by a deployed HTTP API (hotsock/voker
    // vokerhttp/testdata/ingress-paths.json, httpAPIRejected); the capture keeps no body: this is HTTP API's usual one.
    badRequestPath: httpApi(400, 'Bad Request'),
  },
  alb: {
    functionError: albPage(502, 'Bad Gateway'),
    integrationTimeout: undefined,
    requestTooLarge: albPage(413, 'Request Entity Too Large'),
    eventTooLarge: albPage(413, 'Request Entity Too Large'),
    // No rule matched: the listener's default action answers. Real listeners always have one (often a
    // fixed response); this stands in with ALB's own 404 page.
    routeNotFound: albPage(404, 'Not Found'),
    badRequestPath: undefined,
  },
  url: {
    functionError: url(502, 'Internal Server Error'),
    integrationTimeout: undefined,
    requestTooLarge: url(413, JSON.stringify({ Message: `Request must be smaller than ${LAMBDA_MAX_EVENT_BYTES} bytes for the InvokeFunction operation` }), 'RequestEntityTooLargeException'),
    eventTooLarge: url(413, JSON.stringify({ Message: `Request must be smaller than ${LAMBDA_MAX_EVENT_BYTES} bytes for the InvokeFunction operation` }), 'RequestEntityTooLargeException'),
    // Every path of a function URL reaches the function.
    routeNotFound: undefined,
    badRequestPath: undefined,
  },
};

/**
 * The gateway's answer when Lambda refuses to run the function (`lambdaStatus`, its Invoke error's status). A
 * function, alias or version that does not exist (404) is an integration failure, answered as a function's error:
 * a REST API's 502 (DataBiosphere/azul#7883, an access log: error_responseType INTEGRATION_FAILURE, integration_error
 * "Execution failed due to configuration error: Function not found: arn:...:function:azul-service-anvildev:active",
 * integrationStatus 404). Other refusals (throttled) are a REST API's 500.
 */
export function invokeRefused(kind: EndpointKind, lambdaStatus: number | undefined): (request: HttpRequest) => HttpResponse {
  const errors = GATEWAY_ERRORS[kind];
  return lambdaStatus === 404 ? errors.functionError : errors.invokeRejected ?? errors.functionError;
}

/**
 * The gateway's answer when a request is too large, or undefined when it may go on. `eventBytes` is the
 * size of the serialised event, once built: a body under the gateway's limit can still make an event over
 * Lambda's (base64 adds a third).
 */
export function checkRequestSize(kind: EndpointKind, request: HttpRequest, eventBytes?: number): HttpResponse | undefined {
  const limit = GATEWAY_LIMITS[kind].maxRequestBodyBytes;
  if (limit !== undefined && request.body.length > limit) return GATEWAY_ERRORS[kind].requestTooLarge(request);
  if (eventBytes !== undefined && eventBytes > LAMBDA_MAX_EVENT_BYTES) return GATEWAY_ERRORS[kind].eventTooLarge(request);
  return undefined;
}

/**
 * API Gateway's quota on a request's head, 10240 bytes, measured as each API type's quota says. HTTP APIs:
 * "Total combined size of request line and header values" (http-api-quotas). REST APIs: "Total combined size
 * of all header values, including header names, values, any line terminators, and whitespaces"
 * (api-gateway-execution-service-limits-table); their URL has a quota of its own ("Length, in characters, of
 * the URL for a regional API"), so the request line does not count here.
 */
export const API_GATEWAY_MAX_REQUEST_HEAD_BYTES = 10240;

/**
 * A request whose head is over API Gateway's 10240 bytes, said for its log line: AWS refuses such a request
 * before any function runs (large cookies and tokens are the usual cause), while pylambda's gateways take up
 * to 64 KB. Undefined within the limit, and for load balancers and function URLs.
 */
export function requestHeadProblem(kind: EndpointKind, request: HttpRequest): string | undefined {
  if (kind === 'rest') {
    const bytes = headerLinesBytes(request.headers);
    if (bytes <= API_GATEWAY_MAX_REQUEST_HEAD_BYTES) return undefined;
    return `the request headers (names, values and line ends) are ${bytes} bytes, over a REST API's ${API_GATEWAY_MAX_REQUEST_HEAD_BYTES}: AWS refuses this request`;
  }
  if (kind !== 'http') return undefined;
  let bytes = request.method.length + 1 + request.rawPath.length + (request.rawQuery ? request.rawQuery.length + 1 : 0) + 1 + request.protocol.length;
  for (const [, value] of request.headers) bytes += textBytes(value);
  if (bytes <= API_GATEWAY_MAX_REQUEST_HEAD_BYTES) return undefined;
  return `the request line and header values are ${bytes} bytes, over API Gateway's ${API_GATEWAY_MAX_REQUEST_HEAD_BYTES}: AWS refuses this request`;
}

/**
 * A REST API's quota on its URL: "Length, in characters, of the URL for an edge-optimized API: 8192", "for a
 * regional API: 10240", "for a private API: 8192" (api-gateway-execution-service-limits-table). Edge-optimized
 * is the endpoint type SAM, the Serverless Framework and Chalice deploy by default. What AWS answers past it is
 * not documented (the one URL 414 the quotas page names is for a method ARN over 1600 bytes, with authorization
 * on), so dev serves such a request and says so. HTTP APIs count the request line in their 10240 bytes instead.
 */
export const REST_MAX_URL_CHARS = 8192;
export const REST_REGIONAL_MAX_URL_CHARS = 10240;

/**
 * A REST request whose URL is over its API's quota (the endpoint type's, EDGE unless the model says), said for its log
 * line; undefined within it and for the other gateways. The path and query are counted as sent (percent-encoded),
 * without the scheme and host, which the quota does not say it counts; a URL near the limit may be refused a few
 * dozen characters earlier on AWS.
 */
export function requestUrlProblem(kind: EndpointKind, request: HttpRequest, declared: RestEndpointType | undefined): string | undefined {
  if (kind !== 'rest') return undefined;
  const endpointType = isEdgeOptimized(declared) ? 'EDGE' : declared!;
  const chars = request.rawPath.length + (request.rawQuery ? request.rawQuery.length + 1 : 0);
  const limit = endpointType === 'REGIONAL' ? REST_REGIONAL_MAX_URL_CHARS : REST_MAX_URL_CHARS;
  if (chars <= limit) return undefined;
  const api = { EDGE: 'an edge-optimized', REGIONAL: 'a regional', PRIVATE: 'a private' }[endpointType];
  const regional = chars <= REST_REGIONAL_MAX_URL_CHARS ? ` (a regional API takes ${REST_REGIONAL_MAX_URL_CHARS})` : '';
  return `the URL's path and query are ${chars} characters, over the ${limit} ${api} REST API takes${regional}: AWS refuses this request`;
}

/** The bytes of the headers as they go on the wire: each `Name: value` and its CRLF. */
export function headerLinesBytes(headers: HttpRequest['headers']): number {
  let bytes = 0;
  for (const [name, value] of headers) bytes += name.length + 2 + textBytes(value) + 2;
  return bytes;
}

/** Header text (a client's UTF-8, decoded) in the bytes that were sent; ASCII, the usual case, is one a character. */
export function textBytes(value: string): number {
  return pastAscii(value) ? Buffer.byteLength(value) : value.length;
}
