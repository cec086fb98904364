import { albDomain } from '../events/http/alb.js';
import { isObject, statusCodeOf } from '../events/http/payload.js';
import { functionUrlDomain } from '../events/http/function-url.js';
import { executeApiDomain, type HttpRequest, type HttpResponse, type InvokeOutput } from '../events/http/request.js';
import { sampleRequest, type SampleRequestOptions } from '../events/sources/http-sample.js';
import type { Endpoint, LambdaAuthorizer } from '../model/project.js';
import { compileRoutes } from '../routing/index.js';
import { apiId, functionUrlId } from './identity.js';
import { routeRequest, type AuthorizedStep } from './route-request.js';

/** What a sample request made of the project's gateway: the event it sends, and to which function. */
export interface RoutedSample {
  readonly event: Buffer;
  readonly functionId: string;
  /** `GET /items/{id}`, `$default`, an ALB pattern. */
  readonly route: string;
}

/** An authorizer's sample, with what the gateway decides of its answer: the route's function runs, or the gateway answers. */
export interface AuthorizerSample extends RoutedSample {
  readonly identity: string;
  readonly decide: (output: InvokeOutput) => AuthorizedStep;
}

/** A routed sample with what the gateway makes of the function's output, as `pylambda dev` answers the request. */
export interface RespondingSample extends RoutedSample {
  readonly respond: (output: InvokeOutput) => HttpResponse;
}

export interface SampleContext {
  readonly region: string;
  readonly accountId: string;
  readonly nowMs: number;
  readonly requestId: string;
}

/**
 * The HTTP status a proxy integration's result asks for (its `statusCode`, read as every gateway reads
 * it: statusCodeOf), or undefined when the result names none (a non-JSON or non-object result, or an
 * HTTP API 2.0 result the gateway infers as 200).
 */
export function resultStatus(payload: Buffer): number | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  return isObject(result) ? statusCodeOf(result.statusCode) : undefined;
}

/** The host a client of the endpoint would name: the gateway's own domain. */
function gatewayHost(endpoint: Endpoint, region: string): string {
  switch (endpoint.kind) {
    case 'rest':
    case 'http':
      return executeApiDomain(apiId(endpoint.id), region);
    case 'url':
      return functionUrlDomain(functionUrlId(endpoint.routes[0]?.functionId ?? endpoint.id), region);
    case 'alb':
      return albDomain(endpoint.id, region);
  }
}

/**
 * The event the endpoint's gateway, as `pylambda dev` serves it, sends for a sample request: its stage and
 * stage variables, binary media types, payload format and target group, not a generic API's. When the
 * gateway would answer the request itself, why (`no route`, `CORS preflight`, `request too large`).
 */
export function routedSample(endpoint: Endpoint, options: Omit<SampleRequestOptions, 'host'>, ctx: SampleContext): RespondingSample | { readonly answeredBy: string } {
  const request: HttpRequest = sampleRequest({ ...options, host: gatewayHost(endpoint, ctx.region), via: endpoint.kind }, ctx.nowMs, ctx.requestId);
  const step = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: ctx.region, accountId: ctx.accountId }, request);
  return step.kind === 'invoke' ? { event: step.event, functionId: step.functionId, route: step.route, respond: step.respond } : { answeredBy: step.reason };
}

/**
 * The value a sample request gives an authorizer's identity sources: the token Chalice's sample and the usual
 * authorizer examples allow. A TOKEN authorizer's validation expression may want a `Bearer ` one instead.
 */
export const SAMPLE_IDENTITY = 'allow';
const SAMPLE_TOKENS = [SAMPLE_IDENTITY, `Bearer ${SAMPLE_IDENTITY}`];

/**
 * The event the endpoint's gateway sends `authorizer` for a sample request to one of the routes it guards, as
 * `pylambda dev` would: REST TOKEN `{type, authorizationToken, methodArn}`, REST REQUEST and HTTP API (1.0, 2.0)
 * the request's event of that payload. The request carries the authorizer's header and query identity sources;
 * when the gateway still answers it itself (a stage or context variable it lacks, a token the validation
 * expression refuses), why.
 */
export function authorizerSample(endpoint: Endpoint, authorizer: LambdaAuthorizer, options: Omit<SampleRequestOptions, 'host'>, ctx: SampleContext): AuthorizerSample | { readonly answeredBy: string } {
  let answeredBy = 'no route';
  for (const token of authorizer.type === 'TOKEN' ? SAMPLE_TOKENS : [SAMPLE_IDENTITY]) {
    const header = authorizer.identitySources.flatMap((s) => (s.in === 'header' ? [`${s.name}: ${token}`] : []));
    const query = authorizer.identitySources.flatMap((s) => (s.in === 'query' ? [`${s.name}=${token}`] : []));
    const request = sampleRequest({ ...options, header: [...(options.header ?? []), ...header], query: [...(options.query ?? []), ...query], host: gatewayHost(endpoint, ctx.region), via: endpoint.kind }, ctx.nowMs, ctx.requestId);
    const step = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: ctx.region, accountId: ctx.accountId }, request);
    const guard = step.authorizer;
    if (guard?.functionId === authorizer.functionId) {
      return { event: guard.event, functionId: authorizer.functionId, route: step.kind === 'invoke' ? step.route : request.rawPath, identity: token, decide: (output) => guard.decide(guard.read(output), 0) };
    }
    answeredBy = step.kind === 'respond' ? step.reason : `route ${step.route}, which authorizer ${authorizer.name} does not guard`;
  }
  return { answeredBy };
}
