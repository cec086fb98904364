import { isRecord, type FieldReader } from '../fields.js';
import type { EventSource } from '../event-sources.js';
import type { FunctionModel } from '../project.js';
import { DEFAULT_ROUTE_SELECTION, type WebSocketApi, type WebSocketRoute } from '../websocket-api.js';

/**
 * serverless.yml's WebSocket API: every function's `websocket` events are routes of one API (the Framework's
 * `WebsocketsApi`, named `provider.websocketsApiName`, default `<stage>-<service>-websockets`), on the provider's
 * stage, with `provider.websocketsApiRouteSelectionExpression` (default `$request.body.action`).
 */

export const WEBSOCKETS_API_ID = 'WebsocketsApi';

/** `websocket: $connect` or `{ route, routeResponseSelectionExpression }`: a trigger with its route key. */
export function websocketEvent(spec: unknown, at: string, id: string, r: FieldReader): EventSource | undefined {
  const props = isRecord(spec) ? spec : {};
  const routeKey = typeof spec === 'string' ? spec : r.string(props.route, `${at}.route`);
  if (routeKey === undefined || routeKey.trim() === '') {
    r.error(typeof spec === 'string' || isRecord(spec) ? `${at}${isRecord(spec) ? '.route' : ''}` : at, 'needs a route key ($connect, $disconnect, $default or one a message selects), as in "websocket: $connect"');
    return undefined;
  }
  // The Framework makes a RouteResponse for a route with routeResponseSelectionExpression (lib/plugins/aws/package/
  // compile/events/websockets/lib/route-responses.js): only then does API Gateway send the function's body back.
  const respond = r.string(props.routeResponseSelectionExpression, `${at}.routeResponseSelectionExpression`) !== undefined;
  if (props.authorizer !== undefined) r.warn(`${at}.authorizer`, 'is a WebSocket authorizer, which pylambda dev does not run: the route is served without it', 'dev');
  return { kind: 'other', id, type: 'websocket', details: { webSocket: { routeKey, ...(respond ? { respond: true as const } : {}) } } };
}

export function serverlessWebSockets(functions: readonly FunctionModel[], provider: Readonly<Record<string, unknown>>, names: { service: string; stage: string }, r: FieldReader): WebSocketApi[] {
  const routes: WebSocketRoute[] = [];
  for (const fn of functions) {
    for (const source of fn.events) {
      const ws = source.kind === 'other' ? source.details?.webSocket : undefined;
      if (!ws) continue;
      const taken = routes.find((route) => route.routeKey === ws.routeKey);
      if (taken) {
        r.error(`functions.${fn.id}.events`, `the WebSocket route ${ws.routeKey} is ${taken.functionId}'s already: a route calls one function`);
        continue;
      }
      routes.push({ routeKey: ws.routeKey, functionId: fn.id, ...(ws.respond ? { respond: true as const } : {}), source: { file: r.file, path: `functions.${fn.id}.events` } });
    }
  }
  if (routes.length === 0) return [];
  const name = r.string(provider.websocketsApiName, 'provider.websocketsApiName') ?? `${names.stage}-${names.service}-websockets`;
  const expression = r.string(provider.websocketsApiRouteSelectionExpression, 'provider.websocketsApiRouteSelectionExpression') ?? DEFAULT_ROUTE_SELECTION;
  return [{ id: WEBSOCKETS_API_ID, name, stage: names.stage, routeSelectionExpression: expression, routes, source: routes[0]!.source }];
}
