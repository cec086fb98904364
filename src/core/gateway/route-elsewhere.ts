import { ENDPOINT_LABEL } from '../model/project.js';
import { matchRoute } from '../routing/index.js';
import { stagePath, type GatewayConfig } from './route-request.js';

/** $default, an ALB's `*` or `/*`, `/{proxy+}`. */
const CATCH_ALL = /^(?:\$default|\/?\*|\/\{[^}/]+\+\})$/;

/** Whether a route takes every request (its path, or its route key, `ANY /{proxy+}`): it says nothing of where one was meant to go. */
export function isCatchAll(route: string): boolean {
  return CATCH_ALL.test(route.replace(/^[A-Z]+ (?=\/)/, ''));
}

/** An endpoint dev serves, at its URL. */
export interface ServedEndpoint {
  readonly config: GatewayConfig;
  readonly url: string;
}

/**
 * Which other endpoint has the route an endpoint had none for, and its URL. `sam local start-api` serves every API's
 * routes on one port; dev gives each API its own, as AWS gives each its own address, so a SAM user's first request
 * to the REST API's port for an HTTP API's route is a 403 that only this explains. A catch-all (a function URL, an
 * HTTP API's $default, a greedy path at the root, an ALB's `*` or default answer) takes every request, and says
 * nothing of where one was meant to go.
 */
export function routeElsewhere(others: readonly ServedEndpoint[], method: string, rawPath: string): string | undefined {
  for (const { config, url } of others) {
    const { endpoint, table } = config;
    const path = stagePath(config, method, rawPath);
    const match = matchRoute(table, method, path);
    if (endpoint.kind === 'url' || match.kind !== 'match' || isCatchAll(match.route.path) || match.route.albAnswer) continue;
    return `${method} ${path} is a route of ${ENDPOINT_LABEL[endpoint.kind]} ${endpoint.id}, served on its own port: ${url}${path}`;
  }
  return undefined;
}
