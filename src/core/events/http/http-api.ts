/** HTTP API with a Lambda integration, payload format 2.0: shared/LAMBDA-FACTS.md section 5. */

import { GATEWAY_ERRORS } from './gateway-errors.js';
import { v2Event, v2Response } from './payload-v2.js';
import { percentDecode } from './query.js';
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
  // A named stage is part of the URL the client calls, and HTTP APIs keep it in rawPath (`/dev/items`).
  const called = ctx.stage !== '$default' && !ctx.pathIncludesStage ? `/${ctx.stage}${request.rawPath}` : request.rawPath;
  // HTTP APIs hand over the path decoded, in rawPath too ("/capture/space value" in live captures,
  // hotsock/voker vokerhttp/testdata/apigwv2-request.json; middleapi/standard-server#93).
  const decoded = percentDecode(called);
  return v2Event(request, {
    routeKey: ctx.routeKey,
    stage: ctx.stage,
    rawPath: decoded,
    httpPath: decoded,
    keepCookieHeader: false,
    accountId: ctx.accountId,
    apiId: ctx.apiId,
    domainName: ctx.domainName ?? executeApiDomain(ctx.apiId, ctx.region),
    pathParameters: ctx.pathParameters,
    stageVariables: ctx.stageVariables,
  });
}

export function toResponse(output: InvokeOutput, request: HttpRequest, _ctx: HttpApiContext): HttpResponse {
  return v2Response(output, request, GATEWAY_ERRORS.http.functionError, [['apigw-requestid', request.requestId]]);
}
