import { albDomain } from '../events/http/alb.js';
import { isObject, statusCodeOf } from '../events/http/payload.js';
import { functionUrlDomain } from '../events/http/function-url.js';
import { executeApiDomain, type HttpRequest } from '../events/http/request.js';
import { sampleRequest, type SampleRequestOptions } from '../events/sources/http-sample.js';
import type { Endpoint } from '../model/project.js';
import { compileRoutes } from '../routing/index.js';
import { apiId, functionUrlId } from './identity.js';
import { routeRequest } from './route-request.js';

/** What a sample request made of the project's gateway: the event it sends, and to which function. */
export interface RoutedSample {
  readonly event: Buffer;
  readonly functionId: string;
  /** `GET /items/{id}`, `$default`, an ALB pattern. */
  readonly route: string;
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
export function routedSample(endpoint: Endpoint, options: Omit<SampleRequestOptions, 'host'>, ctx: SampleContext): RoutedSample | { readonly answeredBy: string } {
  const request: HttpRequest = sampleRequest({ ...options, host: gatewayHost(endpoint, ctx.region), via: endpoint.kind }, ctx.nowMs, ctx.requestId);
  const step = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: ctx.region, accountId: ctx.accountId }, request);
  return step.kind === 'invoke' ? { event: step.event, functionId: step.functionId, route: step.route } : { answeredBy: step.reason };
}
