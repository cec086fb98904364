import type { Diagnostic, Severity } from '../errors.js';
import type { Endpoint, EndpointKind, Route } from '../model/project.js';
import { albPatternProblem, albPatternRegExp, ALB_PRIORITY_MAX, ALB_PRIORITY_MIN } from './alb-patterns.js';
import { compareRanks, DEFAULT_ROUTE, parseTemplate, segmentRank, shapeOf, type Segment } from './templates.js';

/** One route, ready to match. */
export interface CompiledRoute {
  readonly route: Route;
  /** Upper case; `ANY` accepts every method. */
  readonly method: string;
  /** REST and HTTP APIs: the template's segments (absent for `$default`). */
  readonly segments?: readonly Segment[];
  /** HTTP API `$default`: catches what no other route matches. */
  readonly isDefault?: boolean;
  /** ALB: the path pattern. */
  readonly pattern?: RegExp;
}

/** The routes of one endpoint, in precedence order: the first route that accepts a request wins. */
export interface RouteTable {
  readonly endpoint: Endpoint;
  readonly kind: EndpointKind;
  readonly routes: readonly CompiledRoute[];
}

/** The methods API Gateway routes take (REST PutMethod, HTTP API route keys). */
const API_METHODS = new Set(['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

const KIND_LABEL: Readonly<Record<EndpointKind, string>> = { rest: 'REST API', http: 'HTTP API', alb: 'load balancer listener', url: 'function URL' };

/** An endpoint as messages name it: `HTTP API ServerlessHttpApi`. */
export function endpointLabel(endpoint: Pick<Endpoint, 'kind' | 'id'>): string {
  return `${KIND_LABEL[endpoint.kind]} ${endpoint.id}`;
}

/**
 * Builds the route table of an endpoint, with every problem found: two functions on one route (an error
 * naming both), route templates API Gateway rejects, ALB patterns and priorities out of range.
 */
export function compileRoutes(endpoint: Endpoint): { table: RouteTable; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Severity, route: Route, message: string) =>
    diagnostics.push({ severity, file: route.source.file, path: route.source.path, message });
  const label = endpointLabel(endpoint);
  let routes: CompiledRoute[];
  switch (endpoint.kind) {
    case 'alb':
      routes = compileAlb(endpoint.routes, label, report);
      break;
    case 'url':
      routes = endpoint.routes.map((route) => ({ route, method: 'ANY' }));
      if (new Set(endpoint.routes.map((r) => r.functionId)).size > 1) {
        report('error', endpoint.routes[1]!, `${label} calls one function, but routes name ${[...new Set(endpoint.routes.map((r) => r.functionId))].join(' and ')}`);
      }
      break;
    default:
      routes = compileApi(endpoint, label, report);
  }
  return { table: { endpoint, kind: endpoint.kind, routes }, diagnostics };
}

type Report = (severity: Severity, route: Route, message: string) => void;

function where(route: Route): string {
  return `${route.functionId} (${route.source.file}: ${route.source.path})`;
}

function compileApi(endpoint: Endpoint, label: string, report: Report): CompiledRoute[] {
  const rest = endpoint.kind === 'rest';
  const out: CompiledRoute[] = [];
  const byShape = new Map<string, CompiledRoute[]>();
  const variables = new Map<string, { token: string; route: Route }>();
  for (const route of endpoint.routes) {
    const method = route.method.toUpperCase();
    let compiled: CompiledRoute;
    let shape: string;
    if (route.path === DEFAULT_ROUTE) {
      if (rest) {
        report('error', route, `${label}: REST APIs have no $default route; use a greedy path such as /{proxy+} with method ANY`);
        continue;
      }
      compiled = { route, method: 'ANY', isDefault: true };
      shape = DEFAULT_ROUTE;
    } else {
      if (!API_METHODS.has(method)) {
        report('error', route, `'${route.method}' is not a method ${label} can route (${[...API_METHODS].join(', ')})`);
        continue;
      }
      const parsed = parseTemplate(route.path);
      if (!parsed.ok) {
        report('error', route, `route path '${route.path}' ${parsed.problem}`);
        continue;
      }
      compiled = { route, method, segments: parsed.segments };
      shape = shapeOf(parsed.segments);
    }
    const same = byShape.get(shape) ?? [];
    if (!admit(compiled, same, label, report)) continue;
    if (rest && compiled.segments && !checkRestVariables(compiled.segments, route, label, variables, report)) continue;
    same.push(compiled);
    byShape.set(shape, same);
    out.push(compiled);
  }
  return out.sort((a, b) => compareRoutes(a, b, rest));
}

/** False when the route repeats one already there (same function) or collides with another function's. */
function admit(route: CompiledRoute, same: readonly CompiledRoute[], label: string, report: Report): boolean {
  if (same.some((other) => other.method === route.method && other.route.functionId === route.route.functionId)) return false;
  for (const other of same) {
    if (other.method === route.method) {
      const what = route.isDefault ? 'the $default route' : `${route.method} ${route.route.path}`;
      const also = other.route.path === route.route.path ? '' : ` (as ${other.method} ${other.route.path})`;
      report('error', route.route, `${what} on ${label} is claimed by two functions: ${where(other.route)}${also} and ${where(route.route)}; a route calls one function`);
      return false;
    }
    if (other.route.functionId !== route.route.functionId && (other.method === 'ANY' || route.method === 'ANY')) {
      const [any, specific] = other.method === 'ANY' ? [other, route] : [route, other];
      report('warning', route.route, `${specific.method} ${specific.route.path} goes to ${where(specific.route)} and every other method of that path to ${where(any.route)} on ${label}: a method-specific route beats ANY`);
    }
  }
  return true;
}

/**
 * A REST API resource has at most one variable child: API Gateway rejects `/items/{id}` next to
 * `/items/{itemId}` or `/items/{proxy+}` ("A sibling ({id}) of this resource already has a variable path
 * part -- only one is allowed").
 */
function checkRestVariables(
  segments: readonly Segment[],
  route: Route,
  label: string,
  seen: Map<string, { token: string; route: Route }>,
  report: Report,
): boolean {
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'literal') continue;
    const parent = shapeOf(segments.slice(0, index));
    const token = segment.kind === 'greedy' ? `{${segment.name}+}` : `{${segment.name}}`;
    const first = seen.get(parent);
    if (!first) {
      seen.set(parent, { token, route });
    } else if (first.token !== token) {
      const under = parent === '/' ? '/' : `${parent}/`;
      report('error', route, `${route.path} puts ${token} where ${first.route.path} (${where(first.route)}) has ${first.token} on ${label}: a REST API allows one path variable under ${under} ("A sibling (${first.token}) of this resource already has a variable path part")`);
      return false;
    }
  }
  return true;
}

/**
 * Precedence, most specific first. Per segment a literal beats `{param}`, which beats `{proxy+}`; on the same
 * path a method-specific route beats ANY. HTTP APIs try every route without a greedy variable before any
 * greedy one, and `$default` last (API Gateway docs, "Routing API requests": full match, then greedy path
 * variable, then $default).
 */
function compareRoutes(a: CompiledRoute, b: CompiledRoute, rest: boolean): number {
  if (!rest) {
    const tier = httpTier(a) - httpTier(b);
    if (tier !== 0) return tier;
  }
  const byPath = compareRanks((a.segments ?? []).map(segmentRank), (b.segments ?? []).map(segmentRank));
  if (byPath !== 0) return byPath;
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
}

function httpTier(route: CompiledRoute): number {
  if (route.isDefault) return 2;
  return route.segments?.some((s) => s.kind === 'greedy') ? 1 : 0;
}

/** Listener rules by ascending priority; the default action (no priority) last. */
function compileAlb(routes: readonly Route[], label: string, report: Report): CompiledRoute[] {
  const out: CompiledRoute[] = [];
  const rules = new Map<number, Route>();
  for (const route of routes) {
    const problem = albPatternProblem(route.path);
    if (problem) {
      report('error', route, `path pattern '${route.path.length > 40 ? `${route.path.slice(0, 40)}...` : route.path}' ${problem}`);
      continue;
    }
    const { priority } = route;
    if (priority !== undefined) {
      if (!Number.isInteger(priority) || priority < ALB_PRIORITY_MIN || priority > ALB_PRIORITY_MAX) {
        report('error', route, `priority ${priority} is not a whole number from ${ALB_PRIORITY_MIN} to ${ALB_PRIORITY_MAX}`);
        continue;
      }
      const first = rules.get(priority);
      if (first && first.source.path !== route.source.path) {
        report('error', route, `priority ${priority} is used twice on ${label}: by ${where(first)} and ${where(route)}; each rule of a listener needs its own`);
        continue;
      }
      rules.set(priority, route);
    }
    out.push({ route, method: route.method.toUpperCase(), pattern: albPatternRegExp(route.path) });
  }
  const rank = (r: CompiledRoute) => r.route.priority ?? Number.POSITIVE_INFINITY;
  return out.sort((a, b) => rank(a) - rank(b));
}
