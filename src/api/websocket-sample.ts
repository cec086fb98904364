import { randomUUID } from 'node:crypto';
import { webSocketSample } from '../core/events/websocket.js';
import type { EventSource } from '../core/model/event-sources.js';
import type { FunctionModel, Project } from '../core/model/project.js';
import { DEFAULT_ROUTE_SELECTION } from '../core/model/websocket-api.js';
import { hostRegion } from '../core/runtime/environment.js';
import type { DefaultEvent } from './sample-event.js';

/**
 * `pylambda invoke`'s event for a function behind a WebSocket route: the event of its trigger's route (serverless.yml,
 * Chalice), else of the first route that calls it (a CloudFormation API), with its API's id, stage and route
 * selection. Undefined when no WebSocket route calls it, or when another trigger comes first.
 */
export function webSocketEvent(fn: FunctionModel, project: Project, source: EventSource | undefined, env: Readonly<Record<string, string | undefined>>): DefaultEvent | undefined {
  const wanted = source?.kind === 'other' ? source.details?.webSocket?.routeKey : undefined;
  if (source && wanted === undefined) return undefined;
  const apis = project.webSockets ?? [];
  const api = apis.find((a) => a.routes.some((r) => r.functionId === fn.id && (wanted === undefined || r.routeKey === wanted)));
  const routeKey = wanted ?? api?.routes.find((r) => r.functionId === fn.id)?.routeKey;
  if (routeKey === undefined) return undefined;
  const ctx = { nowMs: Date.now(), newId: randomUUID, region: hostRegion(env) };
  const event = webSocketSample(ctx, { routeKey, apiId: api?.id ?? 'abcdef1234', stage: api?.stage ?? 'prod', routeSelectionExpression: api?.routeSelectionExpression ?? DEFAULT_ROUTE_SELECTION });
  return { payload: Buffer.from(JSON.stringify(event)), label: `apigw-websocket sample (route ${routeKey}${api ? ` of ${api.id}, stage ${api.stage}` : ''})` };
}
