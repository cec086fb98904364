/**
 * HTTP API with a Lambda integration, payload format 1.0 (`PayloadFormatVersion: "1.0"` in SAM,
 * `provider.httpApi.payload: '1.0'` in serverless.yml): the REST API's event shape, as an HTTP API builds
 * it. From AWS's "Create AWS Lambda proxy integrations for HTTP APIs" (format 1.0 and its response), and
 * events captured from real HTTP APIs (spring-cloud-function's AWS adapter tests, AWS_HTTP_API 1.0):
 * - `version: "1.0"`; header names as the client sent them; `headers` holds a repeated header's last value
 *   and `multiValueHeaders` all of them, as in REST;
 * - no `authorizer` without one; `resourceId` and `resourcePath` are the route (`$default` for the default
 *   route); `identity` has `cognitoAmr` and no API key fields; `stage` is `$default` or the stage's name;
 * - the path and parameters are decoded, as in format 2.0, and a named stage is part of the path;
 * - the body is base64 unless its type is text, as in 2.0 (HTTP APIs have no binary media types).
 * The result must carry a statusCode (no inference, unlike 2.0); failures are the HTTP API's own 500.
 */

import { isTextContentType } from './binary.js';
import { GATEWAY_ERRORS } from './gateway-errors.js';
import { firstHeader } from './headers.js';
import { readV1Result, v1HeaderMaps, v1Map, v1QueryMaps, v1RequestContext, v1ResultObject } from './payload-v1.js';
import { calledPath, withBodyLength, type HttpApiContext } from './http-api.js';
import { decodeBase64, eventBody } from './payload.js';
import { refusal, RESULT_PROBLEMS } from './result-problems.js';
import { executeApiDomain, type HttpRequest, type HttpResponse, type InvokeOutput } from './request.js';

export interface HttpApiV1Context extends HttpApiContext {
  /** The route's path (`/items/{id}`, `$default`): `resource` and `requestContext.resourcePath`. */
  readonly resourcePath: string;
}

export function toEvent(received: HttpRequest, ctx: HttpApiV1Context): Record<string, unknown> {
  const request = withBodyLength(received);
  const path = calledPath(request, ctx);
  const { body, isBase64Encoded } = eventBody(request, !isTextContentType(firstHeader(request.headers, 'content-type')));
  const domainName = ctx.domainName ?? executeApiDomain(ctx.apiId, ctx.region);
  return {
    version: '1.0',
    resource: ctx.resourcePath,
    path,
    httpMethod: request.method,
    ...v1HeaderMaps(request, false),
    ...v1QueryMaps(request),
    requestContext: v1RequestContext(request, {
      accountId: ctx.accountId, apiId: ctx.apiId, domainName, path, resourceId: ctx.routeKey, resourcePath: ctx.resourcePath, stage: ctx.stage, rest: false,
    }),
    pathParameters: v1Map(ctx.pathParameters),
    stageVariables: v1Map(ctx.stageVariables),
    body: isBase64Encoded || body !== '' ? body : null,
    isBase64Encoded,
  };
}

export function toResponse(output: InvokeOutput, request: HttpRequest): HttpResponse {
  const refuse = refusal(GATEWAY_ERRORS.http.functionError, request);
  const read = v1ResultObject(output, refuse);
  if ('refused' in read) return read.refused;
  const { result } = read;
  const fields = readV1Result(result, result.isBase64Encoded);
  if (!fields.ok) return refuse(fields.problem);
  // HTTP APIs decode whenever isBase64Encoded is true: no binaryMediaTypes negotiation.
  const bytes = fields.base64 ? decodeBase64(fields.body) : Buffer.from(fields.body);
  if (bytes === undefined) return refuse(RESULT_PROBLEMS.badBase64);
  return { statusCode: fields.statusCode, headers: [...fields.headers, ['apigw-requestid', request.requestId]], body: bytes };
}
