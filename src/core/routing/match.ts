import type { Route } from '../model/project.js';
import type { CompiledRoute, RouteTable } from './compile.js';
import { httpApiPath, httpApiSegments, pathOnly, restSegments, safeDecode } from './request-paths.js';
import { DEFAULT_ROUTE, type Segment } from './templates.js';
import { albConditionsHold, type AlbRequestView } from './alb-conditions.js';

export type RouteMatch =
  | {
      readonly kind: 'match';
      readonly route: Route;
      /** Values of the route's variables; null when it has none (as the events carry them). */
      readonly pathParameters: Readonly<Record<string, string>> | null;
      /** The matched template (`/items/{id}`, `$default`, an ALB pattern): REST `resource` and `requestContext.resourcePath`. */
      readonly resourcePath: string;
      /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`: HTTP API and function URL `routeKey`. */
      readonly routeKey: string;
      /** The request path as this gateway hands it on: REST and ALB as received, HTTP API decoded. */
      readonly path: string;
    }
  | { readonly kind: 'notFound' }
  /** HTTP API only: a path API Gateway rejects before routing (an invalid percent-encoding). */
  | { readonly kind: 'badRequest' };

const NOT_FOUND: RouteMatch = { kind: 'notFound' };
/** A request seen by method and path only (the other conditions of ALB rules then do not hold). */
const NO_REQUEST: AlbRequestView = { headers: [], rawQuery: '' };

/**
 * Finds the route a request reaches. `rawPath` is the request target's path as it arrived (percent-encoded;
 * a query string is ignored). Each gateway's own answer to an unknown route is built elsewhere.
 */
export function matchRoute(table: RouteTable, method: string, rawPath: string, request: AlbRequestView = NO_REQUEST): RouteMatch {
  switch (table.kind) {
    case 'rest':
      return matchApi(table.routes, method, restSegments(rawPath), pathOnly(rawPath), false);
    case 'http': {
      const path = httpApiPath(rawPath);
      if (path === undefined) return { kind: 'badRequest' };
      return matchApi(table.routes, method, httpApiSegments(path), path, true);
    }
    case 'alb':
      return matchAlb(table.routes, method, pathOnly(rawPath), request);
    case 'url': {
      const first = table.routes[0];
      return first ? found(first, null, DEFAULT_ROUTE, pathOnly(rawPath)) : NOT_FOUND;
    }
  }
}

/**
 * REST: the resource a path resolves to, whatever the method: the most specific template that takes it
 * (the table is in that order). Its methods are the ones a CORS preflight of the path lists.
 */
export function restResource(table: RouteTable, rawPath: string): string | undefined {
  if (table.kind !== 'rest') return undefined;
  const request = restSegments(rawPath);
  return table.routes.find((route) => !route.isDefault && bind(route.segments ?? [], request, false))?.route.path;
}

/**
 * The most specific route that takes both the path and the method. A REST API resolves the pair, not the
 * resource first: a path whose most specific resource lacks the method goes on to a less specific one (a
 * `{param}` sibling, a parent's `{proxy+}`), and only a path nothing takes with that method is a 403. Measured on
 * deployed REST APIs: with `/things/real` GET and `/things/{proxy+}` ANY, `POST /things/real` reached the proxy;
 * with `/users/me` PATCH and `/users/{userId}` GET, `GET /users/me` reached `{userId}` and `POST /users/me` was
 * 403 (floci-io/floci PR 3399, us-west-2); `/{proxy+}` ANY took `POST /jobs` beside `/jobs/{operation_type}` GET
 * (ministackorg/ministack PR 1423, eu-central-1).
 */
function matchApi(routes: readonly CompiledRoute[], method: string, request: readonly string[], path: string, decoded: boolean): RouteMatch {
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    if (route.isDefault) return found(route, null, DEFAULT_ROUTE, path);
    const params = bind(route.segments ?? [], request, decoded);
    if (params) return found(route, Object.keys(params).length ? params : null, `${route.method} ${route.route.path}`, path);
  }
  return NOT_FOUND;
}

/**
 * The variables of a template that matches the request's segments, or undefined. REST APIs pass variable
 * values still percent-encoded (a deployed REST API gave `{"proxy": "capture/space%20value"}`:
 * hotsock/voker vokerhttp/testdata/apigwv1-request.json; serverless issue 5037 saw `%40` for `@`); HTTP APIs
 * decode them with the path. A variable never matches an empty segment (chalice PR 588, from API Gateway).
 */
function bind(template: readonly Segment[], request: readonly string[], decoded: boolean): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [index, segment] of template.entries()) {
    const actual = request[index];
    if (actual === undefined) return undefined;
    if (segment.kind === 'greedy') {
      const rest = request.slice(index).join('/');
      if (rest === '') return undefined;
      params[segment.name] = rest;
      return params;
    }
    if (segment.kind === 'literal') {
      if (actual !== segment.value && (decoded || safeDecode(actual) !== segment.value)) return undefined;
    } else {
      if (actual === '') return undefined;
      params[segment.name] = actual;
    }
  }
  return request.length === template.length ? params : undefined;
}

/** Listener rules in priority order; the first whose conditions all hold wins. */
function matchAlb(routes: readonly CompiledRoute[], method: string, path: string, request: AlbRequestView): RouteMatch {
  for (const route of routes) {
    // ALB docs, http-request-method conditions: "The comparison is case sensitive".
    if (route.method !== 'ANY' && route.method !== method) continue;
    if (route.pattern?.test(path) && albConditionsHold(route.route.albConditions, request)) return found(route, null, `${route.method} ${route.route.path}`, path);
  }
  return NOT_FOUND;
}

function found(route: CompiledRoute, pathParameters: Record<string, string> | null, routeKey: string, path: string): RouteMatch {
  return { kind: 'match', route: route.route, pathParameters, resourcePath: route.route.path, routeKey, path };
}
