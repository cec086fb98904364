/**
 * REST API with Lambda proxy integration (payload 1.0): shared/LAMBDA-FACTS.md section 4. Field names and
 * shapes follow AWS's "Input format of a Lambda function for proxy integration" and live captures
 * (hotsock/voker vokerhttp/testdata/apigwv1-request.json).
 */

import { firstAcceptType, isBinaryMediaType } from './binary.js';
import type { RestEndpointType } from '../../model/project.js';
import { isEdgeOptimized, throughCloudFront } from './cloudfront.js';
import { compressResponse } from './compression.js';
import { GATEWAY_ERRORS } from './gateway-errors.js';
import { firstHeader, hasHeader, remapHeaders, withoutHeaders } from './headers.js';
import { readV1Result, v1HeaderMaps, v1Map, v1QueryMaps, v1RequestContext, v1ResultObject } from './payload-v1.js';
import { decodeBase64, eventBody } from './payload.js';
import { REST_QUERY_SEPARATORS } from './query.js';
import { refusal, RESULT_PROBLEMS, unexpectedKeysProblem } from './result-problems.js';
import {
  executeApiDomain, extendedRequestId, restRequestId, traceRootOf, type HttpRequest, type HttpResponse, type InvokeOutput,
} from './request.js';

/** What routing decided and the API's settings, for one request to a REST API. */
export interface RestContext {
  /** The matched resource template, e.g. `/items/{id}` (Chalice routes on it). */
  readonly resourcePath: string;
  /** Template variables, values as they appear in the path (REST keeps `%20`); null when none. */
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly stage: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly region: string;
  readonly binaryMediaTypes: readonly string[];
  readonly stageVariables: Readonly<Record<string, string>> | null;
  /** True when `rawPath` starts with `/{stage}` as on AWS; false (default) when served without it. */
  readonly pathIncludesStage?: boolean;
  /** Default `{apiId}.execute-api.{region}.amazonaws.com`. */
  readonly domainName?: string;
  /** The resource's id (`roq9wj`); default derived from the resource path. */
  readonly resourceId?: string;
  /** The API key the method required and the request sent: identity.apiKey and apiKeyId (null without). */
  readonly apiKey?: { readonly value: string; readonly id: string };
  /** The method's operation name: `requestContext.operationName`, absent when the method has none. */
  readonly operationName?: string;
  /** The API's `minimumCompressionSize`: function answers at least this long go out compressed when the client asks. */
  readonly minimumCompressionSize?: number;
  /** Default EDGE, as on AWS: the event's headers carry what the API's CloudFront distribution adds (cloudfront.ts). */
  readonly endpointType?: RestEndpointType;
}

/**
 * Request headers a REST API keeps from its integration, so a Lambda proxy event never has them. Content-Length: a
 * live capture of a JSON POST with a 66-byte body has none (hotsock/voker vokerhttp/testdata/apigwv1-request.json),
 * nor do binary bodies (an AWS engineer in aws/aws-lambda-dotnet#1929: "the `content-length` header is not in the
 * `APIGatewayProxyRequest`"). The others: a request sending each of them (`Connection: close`, `Expect:
 * 100-continue`, `Transfer-Encoding: chunked`, `TE`, `Trailer`, `Upgrade`, `Content-MD5`, `Max-Forwards`,
 * `Proxy-Authenticate`, `Server`, `WWW-Authenticate`) reached an AWS_PROXY function of a deployed REST API without
 * them, its Accept-Charset, Age, Date, Pragma, Range, Referer and Warn kept (localstack/localstack
 * TestApiGatewayHeaderRemapping.test_apigateway_header_remapping_aws[AWS_PROXY], recorded against AWS on
 * 11-12-2024). The other front doors pass what they are sent.
 */
const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'content-length', 'connection', 'content-md5', 'expect', 'max-forwards', 'proxy-authenticate', 'server', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'www-authenticate',
]);

export function toEvent(request: HttpRequest, ctx: RestContext): Record<string, unknown> {
  const below = resourceRelativePath(request.rawPath, ctx);
  // Extra leading slashes go from `path` but stay in requestContext.path: `/stage//proxy-value` reached a deployed
  // REST API's function as path `/proxy-value`, requestContext.path `/stage//proxy-value` (localstack/localstack
  // test_lambda_aws_proxy_integration, recorded against AWS on 02-08-2024). Slashes further in stay in both.
  const path = below.replace(/^\/+/, '/');
  const contentType = firstHeader(request.headers, 'content-type');
  const { body, isBase64Encoded } = eventBody(request, isBinaryMediaType(contentType, ctx.binaryMediaTypes));
  const domainName = ctx.domainName ?? executeApiDomain(ctx.apiId, ctx.region);
  const edge = isEdgeOptimized(ctx.endpointType);
  return {
    resource: ctx.resourcePath,
    path,
    httpMethod: request.method,
    ...v1HeaderMaps({ ...request, headers: withoutHeaders(edge ? throughCloudFront(request, ctx.apiId) : request.headers, (name) => DROPPED_REQUEST_HEADERS.has(name)) }, false),
    ...v1QueryMaps(request, REST_QUERY_SEPARATORS),
    pathParameters: v1Map(ctx.pathParameters),
    stageVariables: v1Map(ctx.stageVariables),
    // No `authorizer` key without an authorizer (SAM CLI's emulation omits it too); routeRequest adds the one that allowed the request.
    requestContext: v1RequestContext(request, {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      domainName,
      // With the stage, as the client called it: `/Prod/items/1`, and `/Prod/` for the root.
      path: `/${ctx.stage}${below}`,
      resourceId: ctx.resourceId ?? resourceIdFor(ctx.resourcePath),
      resourcePath: ctx.resourcePath,
      stage: ctx.stage,
      rest: true,
      ...(ctx.apiKey ? { apiKey: ctx.apiKey } : {}),
      ...(ctx.operationName ? { operationName: ctx.operationName } : {}),
    }),
    body: isBase64Encoded || body !== '' ? body : null,
    isBase64Encoded,
  };
}

/** `path` is the path below the stage, still percent-encoded ("/capture/space%20value" in live captures). */
function resourceRelativePath(rawPath: string, ctx: RestContext): string {
  return ctx.pathIncludesStage ? pathBelowStage(rawPath, ctx.stage) ?? rawPath : rawPath;
}

/**
 * `/Prod/items` -> `/items`, `/Prod` -> `/`; undefined for a path not under the stage. Slashes before the stage are
 * one: `//stage/proxy-value` reached a deployed REST API's stage, with requestContext.path `/stage/proxy-value` (the
 * localstack capture toEvent cites).
 */
export function pathBelowStage(rawPath: string, stage: string): string | undefined {
  const prefix = `/${stage}`;
  const sent = rawPath.replace(/^\/+/, '/');
  if (sent === prefix) return '/';
  return sent.startsWith(`${prefix}/`) ? sent.slice(prefix.length) : undefined;
}

/** A stable 6-character id in the shape of API Gateway's resource ids. */
function resourceIdFor(resourcePath: string): string {
  let hash = 0x811c9dc5;
  for (const ch of resourcePath) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}

/** Keys API Gateway accepts in a proxy result; any other key makes the response malformed (SAM CLI's trials). */
const RESULT_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'base64Encoded', 'cookies']);

/**
 * Headers of a proxy result a REST API sends renamed `x-amzn-Remapped-<name>`: "The following headers may be
 * remapped to x-amzn-Remapped-HEADER when ... sent back by your integration endpoint" (api-gateway-known-issues).
 * For Lambda proxy: Connection, Content-Length, Date and Server (LocalStack's AWS-validated
 * REMAPPED_FROM_INTEGRATION_RESPONSE_COMMON; an Express app behind a REST API answered with
 * `x-amzn-remapped-content-length`), and WWW-Authenticate (reported by MCP servers on REST APIs, whose 401
 * challenge arrives as `x-amzn-Remapped-www-authenticate`).
 */
const REMAPPED = new Set(['connection', 'content-length', 'date', 'server', 'www-authenticate']);

export function toResponse(output: InvokeOutput, request: HttpRequest, ctx: RestContext): HttpResponse {
  const errors = GATEWAY_ERRORS.rest;
  const refuse = refusal(errors.functionError, request);
  const read = v1ResultObject(output, refuse);
  if ('refused' in read) return read.refused;
  const { result } = read;
  const unknown = Object.keys(result).filter((k) => !RESULT_KEYS.has(k));
  if (unknown.length > 0) return refuse(unexpectedKeysProblem(unknown));
  // A REST API answers a result without a statusCode (or a null one) with 200: `{}` and `{"headers": {...}}` each
  // reached a deployed API's client as a 200 with an empty body (localstack/localstack,
  // test_lambda_aws_proxy_response_format and test_aws_proxy_response_payload_format_validation, recorded against
  // AWS in 2024); SAM CLI's `json_output.get("statusCode") or 200` for REST routes. HTTP APIs' 1.0 refuses one.
  const withStatus = { ...result, statusCode: result.statusCode ?? 200 };
  // SAM CLI's trials: REST reads `base64Encoded` first, then `isBase64Encoded`.
  const fields = readV1Result(withStatus, result.base64Encoded ?? result.isBase64Encoded);
  if (!fields.ok) return refuse(fields.problem);
  const { statusCode, body, base64 } = fields;
  const headers = remapHeaders(fields.headers, REMAPPED);
  let bytes: Buffer = Buffer.from(body);
  const accepted = firstAcceptType(firstHeader(request.headers, 'accept'));
  const asText = base64 && !isBinaryMediaType(accepted, ctx.binaryMediaTypes);
  if (base64 && !asText) {
    const decoded = decodeBase64(body);
    // API_CONFIGURATION_ERROR: "base64 decoding fails on binary data" is a 500 (gateway response types).
    if (decoded === undefined) return { ...refuse(RESULT_PROBLEMS.badBase64), statusCode: 500 };
    bytes = decoded;
  }
  headers.push(['x-amzn-RequestId', restRequestId(request)], ['x-amz-apigw-id', extendedRequestId(request.requestId)]);
  // The function's answer comes back with the request's trace: `X-Amzn-Trace-Id: Root=1-618c4179-...;Sampled=0`
  // after x-amz-apigw-id in live captures of Lambda proxy responses (aasisodiya/nodejs aws-apigw README; a
  // dynamodbmanager tutorial, 2021), and not on the gateway's 502. Sampled=0: API Gateway's own stage tracing,
  // which decides it, is not run here.
  const root = traceRootOf(request.headers);
  if (root) headers.push(['X-Amzn-Trace-Id', `Root=${root};Sampled=0`]);
  // Only the function's answers: the gateway's own (its 502 above) are not integration responses.
  const note = asText ? base64AsText(accepted, ctx.binaryMediaTypes, hasHeader(headers, 'content-encoding')) : undefined;
  return compressResponse({ statusCode, headers, body: bytes, ...(note ? { problem: note } : {}) }, request.headers, ctx.minimumCompressionSize);
}

/**
 * Why a result with `isBase64Encoded: true` reached the client as its base64 text, as API Gateway sends it then: what
 * a user of Powertools' `compress=True` (a gzip body, base64) sees as an undecodable answer, unless the API's binary
 * media types take the client's first Accept type (Powertools' docs ask for `*\/*`).
 */
export function base64AsText(accepted: string | undefined, binaryMediaTypes: readonly string[], encoded: boolean): string {
  const types = binaryMediaTypes.length > 0 ? binaryMediaTypes.join(', ') : 'none';
  const fix = encoded ? '; the client cannot undo its Content-Encoding: add */* to BinaryMediaTypes' : '';
  return `the base64 body went out as text: the request's first Accept type (${accepted ?? 'none'}) is not one of the API's binary media types (${types})${fix}`;
}
