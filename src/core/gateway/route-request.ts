import { isLambdaAuthorizer, type Endpoint, type Route } from '../model/project.js';
import { alb, corsPreflight, http, httpV1, rest, url, withCors, GATEWAY_ERRORS, GATEWAY_LIMITS, checkRequestSize } from '../events/http/index.js';
import { API_GATEWAY_MAX_PAYLOAD_BYTES, REST_UNSUPPORTED_MEDIA_TYPE, invokeRefused } from '../events/http/gateway-errors.js';
import { decodeRequestBody } from '../events/http/request-coding.js';
import { cloudFrontRefusal } from '../events/http/cloudfront-errors.js';
import { isRestMethod } from '../events/http/methods.js';
import { albAnswerResponse } from '../events/http/alb-answer.js';
import { albRefusal } from '../events/http/alb-refusals.js';
import type { HttpRequest, HttpResponse, InvokeOutput } from '../events/http/request.js';
import { matchRoute, restResource, type RouteTable } from '../routing/index.js';
import { apiId, functionUrlId, targetGroupArn } from './identity.js';
import { checkApiKey, checkAuthorizerApiKey, withEventApiKey, type GatewayApiKey } from './api-key.js';
import { checkRequest, parameterValue } from './request-validation.js';
import { methodArn } from './authorizer.js';
import { guardRoute, type AuthorizedStep, type AuthorizerStep } from './route-authorizer.js';
import { unservedRoute, type UnservedTable } from './unserved-routes.js';
import { invokedQualifier } from './invoked-qualifier.js';

export type { AuthorizedStep, AuthorizerStep } from './route-authorizer.js';

/** What a gateway is, for one endpoint: its route table and where it pretends to live. */
export interface GatewayConfig {
  readonly endpoint: Endpoint;
  readonly table: RouteTable;
  readonly region: string;
  readonly accountId: string;
  /** REST: the keys a route that needs an API key accepts (api-key.ts). */
  readonly apiKeys?: readonly GatewayApiKey[];
  /** The API's routes with those it has on AWS that pylambda cannot run (unservedTable). */
  readonly unserved?: UnservedTable | undefined;
}

/** What to do with one request: answer it at once, or invoke a function and answer from its output. */
export type GatewayStep =
  /** `authorizer`: a Lambda authorizer must allow the request first (a REST API's CORS preflight behind SAM's DefaultAuthorizer). */
  | { readonly kind: 'respond'; readonly response: HttpResponse; readonly reason: string; readonly authorizer?: AuthorizerStep }
  | {
      readonly kind: 'invoke';
      readonly functionId: string;
      /** The alias or version invoked (Route.qualifier, its stage variables filled in): the invoked ARN ends with it. */
      readonly qualifier?: string;
      /** The route template or pattern, for logs. */
      readonly route: string;
      readonly event: Buffer;
      /** How long the gateway waits before answering without the function (undefined: as long as it runs). */
      readonly timeoutMs: number | undefined;
      readonly respond: (output: InvokeOutput) => HttpResponse;
      readonly timedOut: () => HttpResponse;
      /** Lambda refused the invocation with `lambdaStatus` (not found, throttled, too large). */
      readonly rejected: (lambdaStatus?: number) => HttpResponse;
      /** REST and HTTP APIs: the route's Lambda authorizer, which runs first and decides. */
      readonly authorizer?: AuthorizerStep;
      /** REST: the tenant the integration invokes the function for (its X-Amz-Tenant-Id), when it maps one. */
      readonly tenantId?: string;
    };

/**
 * One request through a gateway, as the real service handles it: CORS preflight, routing (each gateway's
 * own answer to an unknown route), the event for the function, size limits, and the response from the
 * function's output. Pure: the caller does the invoking.
 */
export function routeRequest(config: GatewayConfig, received: HttpRequest): GatewayStep {
  const { endpoint, table } = config;
  const kind = endpoint.kind;
  // An edge-optimized API's CloudFront distribution answers some requests itself, before API Gateway sees them.
  const refused = kind === 'rest' ? cloudFrontRefusal(endpoint.endpointType, received) : undefined;
  if (refused) return respond(refused, refused.problem!);
  // A load balancer refuses some requests before its rules see them (alb-refusals.ts).
  const albRefused = kind === 'alb' ? albRefusal(received) : undefined;
  if (albRefused) return respond(albRefused, albRefused.problem!);
  // A method no REST API can have (WebDAV's, a made-up one) matches no resource's, ANY included (methods.ts).
  if (kind === 'rest' && !isRestMethod(received.method)) return respond(GATEWAY_ERRORS.rest.routeNotFound!(received), `no route: a REST API has no ${received.method} method, ANY takes only GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE`);
  const tooLarge = checkRequestSize(kind, received);
  if (tooLarge) return respond(tooLarge, 'request too large');
  // A REST API undoes the body's Content-Encoding before it routes ("before your API and stage are identified").
  const decoded = kind === 'rest' ? decodeRequestBody(received.headers, received.body, API_GATEWAY_MAX_PAYLOAD_BYTES) : { kind: 'as-sent' as const };
  if (decoded.kind === 'unsupported') return respond(REST_UNSUPPORTED_MEDIA_TYPE(received), decoded.why);
  if (decoded.kind === 'too-large') return respond(GATEWAY_ERRORS.rest.requestTooLarge(received), `request too large: its body decompressed is over ${decoded.limit} bytes`);
  const request = decoded.kind === 'decoded' ? { ...received, body: decoded.body } : received;
  // HTTP APIs and function URLs answer preflights before routing (http-api-cors, urls-configuration).
  if (kind === 'http' || kind === 'url') {
    const preflight = corsPreflight(kind, endpoint.cors, request);
    if (preflight) return respond(preflight, 'CORS preflight');
  }
  const routePath = stagePath(config, request.method, request.rawPath);
  const match = matchRoute(table, request.method, routePath, request);
  // Only HTTP APIs refuse a path before routing (matchRoute says why): 400, not their 404.
  if (match.kind === 'badRequest') return respond(GATEWAY_ERRORS.http.badRequestPath!(request), BAD_PATH);
  // A REST resource with CORS has an OPTIONS method of its own (SAM's add_cors, the Serverless Framework and
  // Chalice all add one; CDK's may be the resource's only method), and a method defined on the resource wins over
  // ANY: only an OPTIONS route of the app's own reaches a function.
  if (kind === 'rest' && request.method === 'OPTIONS' && (match.kind === 'notFound' || match.route.method === 'ANY' || match.route.preflightOnly)) {
    const onPath = restPathRoutes(table, routePath);
    // A route's own CORS (Chalice, serverless.yml) is the path's; else the API's (SAM).
    const cors = onPath.find((r) => r.cors)?.cors ?? endpoint.cors;
    if (onPath.length > 0 && cors) {
      const options = { pathMethods: onPath.map((r) => r.method), style: endpoint.preflight ?? 'sam' } as const;
      // API Gateway checks the API key once the authorizer has allowed the request (the key refused is the
      // answer an allowed preflight gets).
      const key = endpoint.preflightApiKeyRequired ? checkApiKey(config.apiKeys ?? [], request) : undefined;
      const [answer, reason] = key?.kind === 'respond' ? [key.response, key.reason] : [corsPreflight('rest', cors, request, options)!, 'CORS preflight'];
      if (!endpoint.preflightAuthorizer) return respond(answer, reason);
      const resourcePath = onPath[0]!.path;
      const pathParameters = match.kind === 'match' ? match.pathParameters : null;
      const event = rest.toEvent(request, restContext(config, resourcePath, pathParameters, routePath !== request.rawPath));
      const guard = guardRoute(endpoint.preflightAuthorizer, { kind: 'rest', request, arn: restArn(config, request.method, routePath), event, integrationFormat: '1.0', eventIn: () => event });
      if (guard.kind === 'respond') return guard;
      return { kind: 'respond', response: answer, reason, ...(guard.kind === 'lambda' ? { authorizer: guard.step } : {}) };
    }
  }
  // A stage in the path is told from a resource by the routes that exist, the unserved ones too (`/Prod/orders`).
  const unservedPath = (tables: UnservedTable) => (kind === 'rest' || kind === 'http' ? stagePath({ endpoint, table: tables.table }, request.method, request.rawPath) : routePath);
  const unserved = config.unserved && unservedRoute(config.unserved, request.method, unservedPath(config.unserved), request);
  if (match.kind === 'notFound' || unserved) {
    const notFound = GATEWAY_ERRORS[kind].routeNotFound;
    // A route of a function pylambda skips exists on AWS: its answer is that of a function that could not be
    // invoked (REST 502, HTTP API 500), as `sam local start-api` answers a route whose function it cannot find
    // (502, lambda_not_found_response). One of a mock or HTTP integration, which sam local does not route
    // either, gets the unknown route's answer; the reason says which it is.
    const answer = notFound && !unserved?.skipped ? notFound(request) : GATEWAY_ERRORS[kind].functionError(request);
    return respond(answer, unserved ? `${unserved.method} ${unserved.path} is not served locally: ${unserved.why}` : 'no route');
  }
  const answer = match.route.albAnswer;
  if (answer) return respond(albAnswerResponse(answer, request), answer.kind);
  const cors = match.route.cors ?? endpoint.cors;
  const finish = (response: HttpResponse) => withCors(kind, cors, request, response);
  // With ApiKeySourceType AUTHORIZER the key is the Lambda authorizer's usageIdentifierKey, known once it has answered.
  const keyFromAuthorizer = kind === 'rest' && match.route.apiKeyRequired === true && endpoint.apiKeySource === 'AUTHORIZER';
  const key = kind === 'rest' && match.route.apiKeyRequired && !keyFromAuthorizer ? checkApiKey(config.apiKeys ?? [], request) : undefined;
  let event: Record<string, unknown>;
  let toResponse: (output: InvokeOutput) => HttpResponse;
  let eventIn = (_format: '1.0' | '2.0') => event;
  switch (kind) {
    case 'rest': {
      const ctx = { ...restContext(config, match.resourcePath, match.pathParameters, routePath !== request.rawPath, key?.kind === 'allow' ? key.apiKey : undefined), ...(match.route.operationName ? { operationName: match.route.operationName } : {}) };
      event = rest.toEvent(request, ctx);
      toResponse = (output) => rest.toResponse(output, request, ctx);
      break;
    }
    case 'http': {
      const ctx = {
        routeKey: match.routeKey,
        pathParameters: match.pathParameters,
        stage: endpoint.stage,
        pathIncludesStage: routePath !== request.rawPath,
        apiId: apiId(endpoint.id),
        accountId: config.accountId,
        region: config.region,
        stageVariables: endpoint.stageVariables ?? null,
      };
      const v1 = { ...ctx, resourcePath: match.resourcePath };
      eventIn = (format) => (format === '1.0' ? httpV1.toEvent(request, v1) : http.toEvent(request, ctx));
      if (match.route.payloadFormatVersion === '1.0') {
        event = httpV1.toEvent(request, v1);
        toResponse = (output) => httpV1.toResponse(output, request);
      } else {
        event = http.toEvent(request, ctx);
        toResponse = (output) => http.toResponse(output, request, ctx);
      }
      break;
    }
    case 'alb': {
      const ctx = {
        // Named by its target group: two groups forwarding to one function are told apart, as on AWS.
        targetGroupArn: targetGroupArn(match.route.targetGroup ?? match.route.functionId, config.region, config.accountId),
        multiValueHeaders: match.route.multiValueHeaders ?? endpoint.multiValueHeaders ?? false,
      };
      event = alb.toEvent(request, ctx);
      toResponse = (output) => alb.toResponse(output, request, ctx);
      break;
    }
    case 'url': {
      const ctx = { urlId: functionUrlId(match.route.functionId), region: config.region };
      event = url.toEvent(request, ctx);
      toResponse = (output) => url.toResponse(output, request, ctx);
      break;
    }
  }
  let authorizer: AuthorizerStep | undefined;
  const auth = kind === 'rest' || kind === 'http' ? match.route.authorizer : undefined;
  if (auth && (kind === 'rest' || kind === 'http')) {
    // REST: the method ARN, its path below the stage; HTTP API: the route ARN, with its stage ($default).
    const arn = kind === 'rest' ? restArn(config, request.method, routePath) : methodArn({ region: config.region, accountId: config.accountId, apiId: apiId(endpoint.id), stage: endpoint.stage, method: request.method, path: routePath });
    const integrationFormat = kind === 'http' ? match.route.payloadFormatVersion ?? '2.0' : '1.0';
    const guard = guardRoute(auth, { kind, request, arn, event, integrationFormat, eventIn });
    if (guard.kind === 'respond') return respond(guard.response, guard.reason);
    if (guard.kind === 'allow') event = guard.event;
    else authorizer = afterAuthorizer(guard.step, (allowed) => admit(allowed.event, allowed.usageIdentifierKey));
  }
  const lambdaAuthorizer = auth && isLambdaAuthorizer(auth) ? auth.name : undefined;
  const validation = kind === 'rest' ? match.route.validation : undefined;
  const pathParameters = match.pathParameters;
  // What API Gateway checks once the authorizer has allowed the request, in its order: the API key (localstack's
  // handler chain does the same), then the event the function would get, its `requestContext.authorizer` included.
  function admit(bytes: Buffer, usageIdentifierKey?: string): { kind: 'allow'; event: Buffer } | { kind: 'respond'; response: HttpResponse; reason: string } {
    if (key?.kind === 'respond') return key;
    // The request validator runs once the caller is let in (authorizer, API key), before the integration.
    const refused = validation && checkRequest(validation, request, pathParameters);
    if (refused) return { kind: 'respond', ...refused };
    let event = bytes;
    if (keyFromAuthorizer) {
      const given = checkAuthorizerApiKey(config.apiKeys ?? [], request, usageIdentifierKey, lambdaAuthorizer);
      if (given.kind === 'respond') return given;
      event = withEventApiKey(bytes, given.apiKey);
    }
    const eventTooLarge = checkRequestSize(kind, request, event.length);
    return eventTooLarge ? { kind: 'respond', response: eventTooLarge, reason: 'event too large' } : { kind: 'allow', event };
  }
  const bytes = Buffer.from(JSON.stringify(event));
  // A Lambda authorizer decides first; its step admits what it allowed (afterAuthorizer).
  const admitted = authorizer ? ({ kind: 'allow', event: bytes } as const) : admit(bytes);
  if (admitted.kind === 'respond') return respond(admitted.response, admitted.reason);
  const timeout = GATEWAY_ERRORS[kind].integrationTimeout;
  return {
    kind: 'invoke',
    functionId: match.route.functionId,
    ...qualified(invokedQualifier(match.route.qualifier, endpoint.stageVariables)),
    route: match.routeKey,
    event: bytes,
    timeoutMs: match.route.integrationTimeoutMs ?? GATEWAY_LIMITS[kind].integrationTimeoutMs,
    respond: (output) => finish(toResponse(output)),
    timedOut: () => finish(timeout ? timeout(request) : GATEWAY_ERRORS[kind].functionError(request)),
    rejected: (lambdaStatus) => finish(invokeRefused(kind, lambdaStatus)(request)),
    ...(authorizer ? { authorizer } : {}),
    ...tenantOf(match.route, request, pathParameters),
  };
}

const qualified = (qualifier: string | undefined): { qualifier?: string } => (qualifier === undefined ? {} : { qualifier });

/** The tenant id a REST integration maps from the request (integration.request.header.X-Amz-Tenant-Id). */
function tenantOf(route: Route, request: HttpRequest, pathParameters: Readonly<Record<string, string>> | null): { tenantId?: string } {
  const from = route.tenantIdFrom;
  const tenantId = !from ? undefined : 'value' in from ? from.value : parameterValue(from, request, pathParameters);
  return tenantId ? { tenantId } : {};
}

/** A Lambda authorizer's step whose allowed requests go through `then` (the gateway's checks after it). */
function afterAuthorizer(step: AuthorizerStep, then: (allowed: Extract<AuthorizedStep, { kind: 'allow' }>) => AuthorizedStep): AuthorizerStep {
  const next = (decided: AuthorizedStep) => (decided.kind === 'allow' ? then(decided) : decided);
  return { ...step, decide: (outcome, latencyMs) => next(step.decide(outcome, latencyMs)), failed: (why) => next(step.failed(why)) };
}

function restContext(config: GatewayConfig, resourcePath: string, pathParameters: Readonly<Record<string, string>> | null, pathIncludesStage: boolean, apiKey?: GatewayApiKey) {
  const { endpoint } = config;
  return {
    resourcePath,
    pathParameters,
    stage: endpoint.stage,
    apiId: apiId(endpoint.id),
    accountId: config.accountId,
    region: config.region,
    binaryMediaTypes: endpoint.binaryMediaTypes,
    stageVariables: endpoint.stageVariables ?? null,
    pathIncludesStage,
    ...(apiKey ? { apiKey } : {}),
    ...(endpoint.minimumCompressionSize === undefined ? {} : { minimumCompressionSize: endpoint.minimumCompressionSize }),
    ...(endpoint.endpointType ? { endpointType: endpoint.endpointType } : {}),
  };
}

/** A REST API's method ARN: the path below the stage. */
function restArn(config: GatewayConfig, method: string, routePath: string): string {
  return methodArn({ region: config.region, accountId: config.accountId, apiId: apiId(config.endpoint.id), stage: config.endpoint.stage, method, path: routePath });
}

/** Why an HTTP API answered 400 to a path, for the log line. */
const BAD_PATH = 'bad request path: HTTP APIs decode the path twice, and this one does not decode';

function respond(response: HttpResponse, reason: string): GatewayStep {
  return { kind: 'respond', response, reason };
}

/**
 * A REST API's own address puts its stage first (`https://{id}.execute-api.{region}.amazonaws.com/Prod/items`), and
 * serverless-offline serves it so; `sam local start-api` serves the routes without it. Both reach them: a path
 * under the stage is taken as below it when that is a resource, unless the resource the path reaches as sent
 * begins with the stage's name itself (`/Prod/literal`). `/{proxy+}` and `/{tenant}/items` take `/Prod/...` as
 * sent too, and must not win: the stage is what the client meant.
 */
export function restRoutePath(table: RouteTable, rawPath: string, stage: string): string {
  const below = rest.pathBelowStage(rawPath, stage);
  if (below === undefined || restResource(table, below) === undefined) return rawPath;
  const asSent = restResource(table, rawPath);
  return asSent !== undefined && rest.pathBelowStage(asSent, stage) !== undefined ? rawPath : below;
}

/**
 * The path an HTTP API routes on. A named stage is the first segment of the URL clients call on AWS
 * (`https://{id}.execute-api.{region}.amazonaws.com/v1/items`, "Working with stages for HTTP APIs"), and its routes
 * are below it; dev also serves them without it. A route whose own path begins with the stage's name keeps the path
 * as sent, as for REST. Powertools' APIGatewayHttpResolver cuts `/{stage}` off `rawPath` before it routes, and its
 * Swagger UI calls `/{stage}/...`, so both must reach the same route with the stage in `rawPath`.
 */
export function httpRoutePath(table: RouteTable, method: string, rawPath: string, stage: string): string {
  const below = stage === '$default' ? undefined : rest.pathBelowStage(rawPath, stage);
  if (below === undefined) return rawPath;
  const asSent = matchRoute(table, method, rawPath);
  if (asSent.kind === 'match' && rest.pathBelowStage(asSent.route.path, stage) !== undefined) return rawPath;
  return matchRoute(table, method, below).kind === 'match' ? below : rawPath;
}

/** The path a REST API or an HTTP API routes on, its stage taken off when the client put it first; others' as sent. */
export function stagePath(config: Pick<GatewayConfig, 'endpoint' | 'table'>, method: string, rawPath: string): string {
  const { endpoint, table } = config;
  if (endpoint.kind === 'rest') return restRoutePath(table, rawPath, endpoint.stage);
  return endpoint.kind === 'http' ? httpRoutePath(table, method, rawPath, endpoint.stage) : rawPath;
}

/** The routes of the REST resource a path resolves to, for its CORS preflight; empty when there is none. */
function restPathRoutes(table: RouteTable, rawPath: string): Route[] {
  const resource = restResource(table, rawPath);
  return resource === undefined ? [] : table.routes.filter((r) => r.route.path === resource).map((r) => r.route);
}
