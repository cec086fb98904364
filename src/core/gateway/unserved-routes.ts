import { albRule, type Endpoint, type Route, type UnservedRoute } from '../model/project.js';
import { compileRoutes, matchRoute, type RouteTable } from '../routing/index.js';
import type { AlbRequestView } from '../routing/alb-conditions.js';

/**
 * An API's routes with those it has on AWS but pylambda cannot run (Endpoint.unservedRoutes) among them, so
 * that a request reaches the route AWS would route it to: a skipped function's `GET /orders` beats a served
 * `ANY /{proxy+}`, as the more specific route. On a method and path both have, the served one stays.
 */
export interface UnservedTable {
  readonly table: RouteTable;
  readonly unserved: ReadonlyMap<Route, UnservedRoute>;
}

/** Undefined when the API or listener has no such route (or is a function URL, which lists none). */
export function unservedTable(endpoint: Endpoint): UnservedTable | undefined {
  if (!endpoint.unservedRoutes?.length || endpoint.kind === 'url') return undefined;
  const unserved = new Map<Route, UnservedRoute>();
  for (const route of endpoint.unservedRoutes) {
    unserved.set({ method: route.method, path: route.path, functionId: '', source: endpoint.source, ...albRule(route) }, route);
  }
  // The served routes first: compileRoutes keeps the first of two on one method and path.
  const { table } = compileRoutes({ ...endpoint, routes: [...endpoint.routes, ...unserved.keys()] });
  return { table, unserved };
}

/** The route pylambda cannot run that the request reaches on AWS, if it reaches one. */
export function unservedRoute(tables: UnservedTable, method: string, routePath: string, request: AlbRequestView): UnservedRoute | undefined {
  const match = matchRoute(tables.table, method, routePath, request);
  return match.kind === 'match' ? tables.unserved.get(match.route) : undefined;
}
