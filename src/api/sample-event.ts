import type { EventSource, FunctionModel, Project } from '../core/model/project.js';
import { S3_EVENT_NAMES } from '../core/events/sources/storage.js';
import { generateEvent, type EventOptions } from './events.js';

/** The event `pylambda invoke` and `coldstart` send a function when no --event is given, and what it is. */
export interface DefaultEvent {
  readonly payload: Buffer;
  /** `apigw-rest sample (Api trigger Hello)`, or `{} (no trigger)`. */
  readonly label: string;
}

/** Event kinds of `pylambda events generate` for the `other` sources readers keep by their type name. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  sns: 'sns',
  dynamodb: 'dynamodb',
  stream: 'dynamodb',
  eventbridgerule: 'eventbridge',
  eventbridge: 'eventbridge',
  cloudwatchevent: 'eventbridge',
  alb: 'alb',
};

/** A concrete request path for a route template: `/hello/{name}` -> `/hello/name`, `/{proxy+}` -> `/proxy`. */
export function samplePath(template: string | undefined): string {
  if (!template || template === '$default') return '/';
  const path = template.replace(/\{([^}+]+)\+?\}/g, '$1');
  return path.startsWith('/') ? path : `/${path}`;
}

/** The route as the event names it, so that path parameters and `resource` are those of the real route. */
function routeTemplate(path: string | undefined): { resource?: string } {
  return path && path !== '$default' ? { resource: path.startsWith('/') ? path : `/${path}` } : {};
}

const sampleMethod = (method: string | undefined): string => (!method || method === 'ANY' || method === '*' ? 'GET' : method);

/** The first record name a trigger's event type matches: `s3:ObjectRemoved:*` -> `ObjectRemoved:Delete`. */
function s3EventName(type: string | undefined): { eventName?: string } {
  if (!type) return {};
  const pattern = type.replace(/^s3:/, '');
  const name = S3_EVENT_NAMES.find((n) => n === pattern || (pattern.endsWith('*') && n.startsWith(pattern.slice(0, -1))));
  return name ? { eventName: name } : {};
}

function forSource(source: EventSource): { kind: string; options: EventOptions } | undefined {
  switch (source.kind) {
    case 'api':
      return { kind: 'apigw-rest', options: { method: sampleMethod(source.method), path: samplePath(source.path), ...routeTemplate(source.path) } };
    case 'httpApi':
      return { kind: 'http-api', options: { method: sampleMethod(source.method), path: samplePath(source.path), ...routeTemplate(source.path) } };
    case 'sqs':
      return { kind: 'sqs', options: {} };
    case 's3':
      return { kind: 's3', options: { bucket: source.bucket, ...s3EventName(source.events[0]) } };
    case 'schedule':
      return { kind: 'schedule', options: {} };
    case 'other': {
      const kind = OTHER_KINDS[source.type.toLowerCase()];
      return kind ? { kind, options: {} } : undefined;
    }
  }
}

/**
 * The function's first trigger decides (Api -> apigw-rest, HttpApi -> http-api, SQS -> sqs, ...);
 * without one, a function URL or ALB route in front of it; else `{}`, what `pylambda invoke` sends.
 */
export function defaultEvent(fn: FunctionModel, project: Project, env: Readonly<Record<string, string | undefined>>): DefaultEvent {
  const source = fn.events[0];
  const chosen = source ? forSource(source) : undefined;
  if (source && chosen) {
    const what = source.kind === 'other' ? source.type : { api: 'Api', httpApi: 'HttpApi', sqs: 'SQS', s3: 'S3', schedule: 'Schedule' }[source.kind];
    return { payload: Buffer.from(JSON.stringify(generateEvent(chosen.kind, chosen.options, env))), label: `${chosen.kind} sample (${what} trigger ${source.id})` };
  }
  for (const endpoint of project.endpoints) {
    if (endpoint.kind !== 'url' && endpoint.kind !== 'alb') continue;
    const route = endpoint.routes.find((r) => r.functionId === fn.id);
    if (!route) continue;
    const kind = endpoint.kind === 'url' ? 'function-url' : 'alb';
    const options = { method: sampleMethod(route.method), path: endpoint.kind === 'url' ? '/' : samplePath(route.path.replace(/[*?]/g, '')) };
    return { payload: Buffer.from(JSON.stringify(generateEvent(kind, options, env))), label: `${kind} sample (${endpoint.id})` };
  }
  return { payload: Buffer.from('{}'), label: source ? `{} (no sample for the ${source.kind === 'other' ? source.type : source.kind} trigger)` : '{} (no trigger)' };
}
