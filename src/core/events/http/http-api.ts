/** HTTP API with a Lambda integration, payload format 2.0: shared/LAMBDA-FACTS.md section 5. */

import { httpApiPath } from '../../routing/request-paths.js';
import { GATEWAY_ERRORS } from './gateway-errors.js';
import { hasHeader } from './headers.js';
import { v2Event, v2Response } from './payload-v2.js';
import { executeApiDomain, type HttpRequest, type HttpResponse, type InvokeOutput } from './request.js';

/** What routing decided and the API's settings, for one request to an HTTP API. */
export interface HttpApiContext {
  /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
  readonly routeKey: string;
  /** Template variables, decoded (HTTP APIs decode the path); null when none. */
  readonly pathParameters: Readonly<Record<string, string>> | null;
  /** `$default` or a stage name. */
  readonly stage: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly region: string;
  readonly stageVariables: Readonly<Record<string, string>> | null;
  /** True when `rawPath` already starts with `/{stage}` (a named stage, called as on AWS). */
  readonly pathIncludesStage?: boolean;
  /** Default `{apiId}.execute-api.{region}.amazonaws.com`. */
  readonly domainName?: string;
}

export function toEvent(request: HttpRequest, ctx: HttpApiContext): Record<string, unknown> {
  const path = calledPath(request, ctx);
  return v2Event(withBodyLength(request), {
    routeKey: ctx.routeKey,
    stage: ctx.stage,
    rawPath: path,
    httpPath: path,
    keepCookieHeader: false,
    accountId: ctx.accountId,
    apiId: ctx.apiId,
    domainName: ctx.domainName ?? executeApiDomain(ctx.apiId, ctx.region),
    pathParameters: ctx.pathParameters,
    stageVariables: ctx.stageVariables,
  });
}

/**
 * The request as an HTTP API hands it on: one without a body and without a Content-Length gets `Content-Length: 0`.
 * Captured from HTTP APIs for GETs whose clients send none: curl/7.58.0 (`"content-length": "0"` in aws-lambda-go's
 * apigw-v2-request-no-authorizer.json), Chrome 87 (`"Content-Length": "0"` in a payload 1.0 event,
 * milliHQ/terraform-aws-next-js#31). REST APIs take the header out; function URLs and load balancers add none
 * (Powertools' lambdaFunctionUrlEvent.json, a browser GET; aws-lambda-go's ALB GETs).
 */
export function withBodyLength(request: HttpRequest): HttpRequest {
  if (request.body.length > 0 || hasHeader(request.headers, 'content-length') || hasHeader(request.headers, 'transfer-encoding')) return request;
  return { ...request, headers: [...request.headers, ['Content-Length', '0']] };
}

/**
 * The path an HTTP API event carries (rawPath, http.path; `path` in payload 1.0): the one it routed on,
 * decoded as httpApiPath says ("/capture/space value" in live captures, hotsock/voker
 * vokerhttp/testdata/apigwv2-request.json). A named stage is part of the URL the client calls, and HTTP APIs
 * keep it there (`/dev/items`). A path HTTP APIs refuse never reaches a function (routing answers 400);
 * given one here anyway, it stays as received.
 */
export function calledPath(request: HttpRequest, ctx: HttpApiContext): string {
  const path = httpApiPath(request.rawPath) ?? request.rawPath;
  return ctx.stage !== '$default' && !ctx.pathIncludesStage ? `/${ctx.stage}${path}` : path;
}

/**
 * What an HTTP API sends as Content-Type for a result with a statusCode and no content-type header: text, not the
 * `application/json` it infers for a result without a statusCode. Seen live three times: a handler returning
 * `{statusCode: 200, body}` (aasisodiya/nodejs, aws-apigw README, 2020), and adapters whose headers HTTP APIs
 * ignored (awslabs/aws-lambda-go-api-proxy#116, aws-lambda-rust-runtime#876: `content-type: text/plain;
 * charset=utf-8` next to `apigw-requestid`). Function URLs send `application/json` (a-h/awsapigatewayv2handler#3).
 */
export const HTTP_API_DEFAULT_CONTENT_TYPE = 'text/plain; charset=utf-8';

export function toResponse(output: InvokeOutput, request: HttpRequest, _ctx: HttpApiContext): HttpResponse {
  return v2Response(output, request, GATEWAY_ERRORS.http.functionError, [['apigw-requestid', request.requestId]], HTTP_API_DEFAULT_CONTENT_TYPE);
}
