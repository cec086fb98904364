import { UserError } from '../../errors.js';
import type { Endpoint } from '../../model/project.js';
import { compileRoutes, matchRoute } from '../../routing/index.js';
import type { HttpRequest } from '../http/request.js';

export interface SampleRoute {
  readonly resourcePath: string;
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>> | null;
}

/** A concrete request path for a route template: `/hello/{name}` -> `/hello/name`, `/{proxy+}` -> `/proxy`. */
export function samplePath(template: string | undefined): string {
  if (!template || template === '$default') return '/';
  const path = template.replace(/\{([^}+]+)\+?\}/g, '$1');
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * The request `--resource` alone stands for (no --path): each parameter's name as its value
 * (`/items/{id}` -> `/items/id`, `{proxy+}` -> `proxy`), and a route key's method (`POST /items`) unless
 * it is ANY; no path for `$default`.
 */
export function resourceRequest(resource: string): { readonly path?: string; readonly method?: string } {
  const { method, template } = routeKey(resource);
  // `$default` (and anything that is not a path) takes any path: the default one, `/`, as without --resource.
  const path = template.startsWith('/') ? samplePath(template) : undefined;
  return { ...(path ? { path } : {}), ...(method && method !== 'ANY' ? { method } : {}) };
}

/** `POST /items/{id}` (an HTTP API route key): its method and path template; a bare template has no method. */
function routeKey(resource: string): { method?: string; template: string } {
  const keyed = /^([A-Za-z]+) +(\/.*)$/.exec(resource);
  return keyed ? { method: keyed[1]!.toUpperCase(), template: keyed[2]! } : { template: resource };
}

/**
 * The route a sample request takes: with a route template (`--resource /items/{id}`, or a route key
 * `ANY /items/{id}`), the path
 * parameters as that gateway's routing extracts them; without one, the path itself (REST) or
 * `$default` (HTTP API), and no parameters.
 */
export function sampleRoute(kind: 'rest' | 'http', resource: string | undefined, request: HttpRequest): SampleRoute {
  if (resource === undefined) return { resourcePath: request.rawPath, routeKey: '$default', pathParameters: null };
  // `ANY /items/{id}`: a route key, whose method is the route's rather than the request's.
  const { method: routeMethod, template: path } = routeKey(resource);
  const endpoint: Endpoint = {
    id: 'Sample',
    kind,
    stage: kind === 'rest' ? 'Prod' : '$default',
    binaryMediaTypes: [],
    routes: [{ method: routeMethod ?? request.method, path, functionId: 'Sample', source: { file: '--resource', path: '' } }],
    source: { file: '--resource', path: '' },
  };
  const { table, diagnostics } = compileRoutes(endpoint);
  const problem = diagnostics.find((d) => d.severity === 'error');
  if (problem) throw new UserError(`--resource '${resource}': ${problem.message}`, { exitCode: 2 });
  if (routeMethod && routeMethod !== 'ANY' && routeMethod !== request.method) {
    throw new UserError(`--method ${request.method} does not match the method of --resource '${resource}'`, { hint: `Give --method ${routeMethod}, or leave it out.`, exitCode: 2 });
  }
  const match = matchRoute(table, request.method, request.rawPath);
  if (match.kind !== 'match') throw new UserError(`--path '${request.rawPath}' does not match --resource '${resource}'`, { exitCode: 2 });
  return { resourcePath: match.resourcePath, routeKey: match.routeKey, pathParameters: match.pathParameters };
}
