import { isRecord, type FieldReader } from '../fields.js';
import type { EventSource } from '../event-sources.js';
import type { AlbConditions, CorsConfig, Route } from '../project.js';
import { boolean, filterSampleBody, keyFilter, patternSample, s3FilterRules, strings, targetInput } from '../values.js';
import { eventBusOrigin } from '../event-bus.js';
import { queueMappingSettings } from '../queue-settings.js';
import { s3KeyRules } from './s3-buckets.js';
import { LOCAL_ACCOUNT_ID } from '../sam/template.js';
import { scheduleEvents } from './schedule-events.js';
import { snsTrigger, streamEvent } from './stream-events.js';
import { serverlessTriggerDetails } from '../trigger-details.js';
import { websocketEvent } from './websocket-apis.js';
import { arnOf } from '../../partition.js';

/** What the function's events ask of the HTTP endpoints; endpoints.ts puts them together. */
export type RouteClaim =
  | { readonly api: 'rest'; readonly route: Route; readonly cors?: PathCors; readonly authorizer?: AuthorizerRef }
  | { readonly api: 'http'; readonly route: Route; readonly authorizer?: AuthorizerRef }
  | { readonly api: 'alb'; readonly listener: string; readonly routes: readonly Route[] }
  | { readonly api: 'url'; readonly route: Route; readonly cors?: CorsConfig };

/** An event's `authorizer` as written, read by auth.ts once every function of the service is known. */
export interface AuthorizerRef {
  readonly value: unknown;
  readonly at: string;
}

/** An `http` event's `cors`, as the Framework expands it (api-gateway/lib/validate.js `getCors`). */
export interface PathCors {
  /** `origin` as written, `*` when neither it nor `origins` is; endpoints.ts turns the two into the headers as cors.js does. */
  readonly origin?: string;
  /** `origins` as written (empty when not): patterns a request's Origin is matched against, unlike `origin`. */
  readonly origins: readonly string[];
  readonly headers: readonly string[];
  readonly methods: readonly string[];
  readonly allowCredentials: boolean;
  /** Left out when 0: the Framework sets it only `if (config.maxAge)` (and its schema wants at least 1). */
  readonly maxAge?: number;
  readonly cacheControl?: string;
}

export interface EventContext {
  readonly functionId: string;
  readonly region: string;
  /** `resources.Resources`, to name queues referenced with `!GetAtt Queue.Arn`. */
  readonly resources: Readonly<Record<string, unknown>>;
}

export const DEFAULT_CORS_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];
const HTTP_API_METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'DELETE']);

/** A function's `events`: event sources for every kind, route claims for http, httpApi and alb. */
export function readEvents(value: unknown, path: string, ctx: EventContext, r: FieldReader): { sources: EventSource[]; claims: RouteClaim[] } {
  const sources: EventSource[] = [];
  const claims: RouteClaim[] = [];
  for (const [i, event] of (r.list(value, path) ?? []).entries()) {
    const at = `${path}[${i}]`;
    const entries = isRecord(event) ? Object.entries(event) : [];
    if (entries.length !== 1) {
      r.error(at, 'must be a mapping with one event type, as in "- http: GET /hello"');
      continue;
    }
    const [type, spec] = entries[0]!;
    const id = `${type}-${i + 1}`;
    const where = `${at}.${type}`;
    const source = { file: r.file, path: at };
    switch (type) {
      case 'http': {
        const route = httpRoute(spec, where, ctx.functionId, source, r);
        if (!route) break;
        sources.push({ kind: 'api', id, path: route.route.path, method: route.route.method });
        claims.push({ api: 'rest', ...route });
        break;
      }
      case 'httpApi': {
        const claim = httpApiRoute(spec, where, ctx.functionId, source, r);
        if (!claim) break;
        const { route } = claim;
        sources.push(route.path === '$default' ? { kind: 'httpApi', id } : { kind: 'httpApi', id, path: route.path, method: route.method });
        claims.push({ api: 'http', ...claim });
        break;
      }
      case 'alb': {
        const claim = albRoutes(spec, where, ctx.functionId, source, r);
        sources.push({ kind: 'other', id, type });
        if (claim) claims.push(claim);
        break;
      }
      case 'sqs':
        sources.push(...sqs(spec, where, id, ctx, r));
        break;
      case 's3':
        sources.push(...s3(spec, where, id, r));
        break;
      case 'schedule':
        sources.push(...scheduleEvents(spec, where, id, r));
        break;
      case 'stream':
        sources.push(streamEvent(spec, where, id, ctx, r));
        break;
      case 'sns':
        sources.push(snsTrigger(spec, id, ctx));
        break;
      case 'websocket': {
        const trigger = websocketEvent(spec, where, id, r);
        if (trigger) sources.push(trigger);
        break;
      }
      case 'eventBridge':
      case 'cloudwatchEvent': {
        // `input` is what the function gets in place of the event; the pattern's source and detail-type shape the sample.
        const props = isRecord(spec) ? spec : {};
        sources.push({ kind: 'other', id, type, ...patternSample(props.pattern ?? props.event), ...eventBusOrigin(props.eventBus), ...targetInput(props.input, `${where}.input`, r) });
        break;
      }
      default:
        sources.push({ kind: 'other', id, type, ...serverlessTriggerDetails(type, spec) });
        if (!KNOWN_EVENTS.has(type)) r.warn(at, `'${type}' is not an event type of the Serverless Framework (v3): check its name`);
    }
  }
  return { sources, claims };
}

/** The Framework v3's AWS event types (the ones with no case above run only through `pylambda invoke`). */
const KNOWN_EVENTS = new Set([
  'http', 'httpApi', 'websocket', 's3', 'schedule', 'sns', 'sqs', 'stream', 'kafka', 'activemq', 'rabbitmq', 'msk', 'alexaSkill',
  'alexaSmartHome', 'iot', 'iotFleetProvisioning', 'cloudwatchEvent', 'cloudwatchLog', 'cognitoUserPool', 'alb', 'eventBridge', 'cloudFront',
]);

/** `http: GET users/{id}` or `{ path, method, cors }`; the Framework trims the path's slashes and adds one. */
function httpRoute(spec: unknown, at: string, functionId: string, source: Route['source'], r: FieldReader): { route: Route; cors?: PathCors; authorizer?: AuthorizerRef } | undefined {
  let method: string | undefined;
  let path: string | undefined;
  let props: Record<string, unknown> = {};
  if (typeof spec === 'string') {
    [method, path] = spec.trim().split(/\s+/);
    if (!method || !path) r.error(at, `'${spec}' is not "METHOD path" (for example "GET users/{id}")`);
  } else {
    const record = r.record(spec, at);
    if (!record) {
      if (spec === undefined || spec === null) r.error(at, 'needs a method and a path, as in "GET users/{id}"');
      return undefined;
    }
    props = record;
    method = r.string(props.method, `${at}.method`);
    path = r.string(props.path, `${at}.path`);
    if (props.method === undefined) r.error(`${at}.method`, 'is required (for example get)');
    if (props.path === undefined) r.error(`${at}.path`, 'is required (for example users/{id})');
    const integration = r.string(props.integration, `${at}.integration`)?.toUpperCase().replace('-', '_');
    if (integration !== undefined && integration !== 'LAMBDA_PROXY' && integration !== 'AWS_PROXY') {
      r.warn(`${at}.integration`, `${String(props.integration)} is not supported locally; the function gets the proxy (payload 1.0) event`);
    }
  }
  // `path: ''` is the root, as `/` is: the Framework's schema allows it and strips the slashes (validate.js getHttpPath).
  if (!method || path === undefined) return undefined;
  // `private: true`: the method needs an API key (api-gateway/lib/method/index.js sets ApiKeyRequired).
  const keyed = props.private !== undefined && boolean(props.private, `${at}.private`, r) ? { apiKeyRequired: true } : {};
  const route: Route = { method: method === '*' ? 'ANY' : method.toUpperCase(), path: `/${path.replace(/^\//, '').replace(/\/$/, '')}`, functionId, ...keyed, source };
  const cors = props.cors === undefined || props.cors === false ? undefined : pathCors(props.cors, route.method, `${at}.cors`, r);
  return { route, ...(cors ? { cors } : {}), ...authorizerRef(props.authorizer, `${at}.authorizer`) };
}

function pathCors(value: unknown, method: string, at: string, r: FieldReader): PathCors | undefined {
  if (value === true) return { origin: '*', origins: [], headers: DEFAULT_CORS_HEADERS, methods: ['OPTIONS', method], allowCredentials: false };
  const props = r.record(value, at);
  if (!props) return undefined;
  // getCors drops its default origin '*' only when `origins` is set; an `origin` written beside it stays.
  const origin = r.string(props.origin, `${at}.origin`) ?? (props.origins === undefined ? '*' : undefined);
  const methods = strings(props.methods, `${at}.methods`, r).map((m) => m.toUpperCase());
  for (const m of ['OPTIONS', method]) if (!methods.includes(m)) methods.push(m);
  const maxAge = r.integer(props.maxAge, `${at}.maxAge`);
  const cacheControl = r.string(props.cacheControl, `${at}.cacheControl`);
  return {
    ...(origin === undefined ? {} : { origin }),
    origins: props.origins === undefined ? [] : strings(props.origins, `${at}.origins`, r),
    headers: props.headers === undefined ? DEFAULT_CORS_HEADERS : strings(props.headers, `${at}.headers`, r),
    methods,
    allowCredentials: boolean(props.allowCredentials, `${at}.allowCredentials`, r),
    ...(maxAge ? { maxAge } : {}),
    ...(cacheControl ? { cacheControl } : {}),
  };
}

/** `httpApi: '*'`, `'GET /path'` or `{ method, path }`; `*` as the path is the `$default` route (http-api.js). */
function httpApiRoute(spec: unknown, at: string, functionId: string, source: Route['source'], r: FieldReader): { route: Route; authorizer?: AuthorizerRef } | undefined {
  let method: string | undefined;
  let path: string | undefined;
  let authorizer: { authorizer?: AuthorizerRef } = {};
  if (typeof spec === 'string') {
    const match = /^(?:\*|(\S+) (\/\S*))$/.exec(spec.trim());
    if (!match) {
      r.error(at, `'${spec}' is not '*' or "METHOD /path" (for example "GET /users/{id}")`);
      return undefined;
    }
    [, method, path = '*'] = match;
  } else {
    const props = r.record(spec, at);
    if (!props) {
      if (spec === undefined || spec === null) r.error(at, "needs a route: '*', \"GET /path\" or { method, path }");
      return undefined;
    }
    method = r.string(props.method, `${at}.method`);
    path = r.string(props.path, `${at}.path`);
    if (props.private !== undefined) r.warn(`${at}.private`, 'does nothing: HTTP APIs have no API keys (an http event, on a REST API, checks them)', 'dev');
    authorizer = authorizerRef(props.authorizer, `${at}.authorizer`);
    if (path === undefined) {
      r.error(`${at}.path`, "is required (a path such as /users/{id}, or '*' for every request)");
      return undefined;
    }
  }
  if (path === '*') {
    if (method !== undefined && method !== '*') r.error(at, "the path '*' catches every method; leave out method or make it '*'");
    return { route: { method: 'ANY', path: '$default', functionId, source }, ...authorizer };
  }
  const upper = method === '*' ? 'ANY' : method?.toUpperCase();
  if (!upper || !HTTP_API_METHODS.has(upper)) {
    r.error(typeof spec === 'string' ? at : `${at}.method`, upper ? `'${method}' is not one of ${[...HTTP_API_METHODS].join(', ')} or *` : "is required ('*' for every method)");
    return undefined;
  }
  if (!path.startsWith('/')) r.error(typeof spec === 'string' ? at : `${at}.path`, `'${path}' must start with /`);
  return { route: { method: upper, path, functionId, source }, ...authorizer };
}

function authorizerRef(value: unknown, at: string): { authorizer?: AuthorizerRef } {
  return value === undefined || value === null ? {} : { authorizer: { value, at } };
}

/**
 * `conditions.host` (a list), `header: { name, values }` or a list of those (each its own http-header
 * condition: alb/index.js schema `anyOf: [array, object]`, validate.js `[].concat(header)`) and
 * `query: { key: value }`, as the Framework writes them.
 */
function serverlessAlbConditions(conditions: Record<string, unknown>, at: string, r: FieldReader): AlbConditions | undefined {
  const hosts = conditions.host === undefined ? [] : strings(conditions.host, `${at}.host`, r);
  const listed = Array.isArray(conditions.header);
  const headers = (listed ? (conditions.header as unknown[]) : conditions.header === undefined ? [] : [conditions.header]).flatMap((item, i) => {
    const where = listed ? `${at}.header[${i}]` : `${at}.header`;
    const header = r.record(item, where);
    const name = header ? r.string(header.name, `${where}.name`) : undefined;
    return header && name !== undefined ? [{ name, values: strings(header.values, `${where}.values`, r) }] : [];
  });
  const query = Object.entries((conditions.query === undefined ? undefined : r.record(conditions.query, `${at}.query`)) ?? {})
    .map(([key, value]) => ({ key, value: String(value) }));
  const out: AlbConditions = { ...(hosts.length ? { hosts } : {}), ...(headers.length ? { headers } : {}), ...(query.length ? { query } : {}) };
  return Object.keys(out).length ? out : undefined;
}

/** `alb: { listenerArn, priority, conditions: { path, method, host, header, query }, multiValueHeaders }` (alb/lib/validate.js). */
function albRoutes(spec: unknown, at: string, functionId: string, source: Route['source'], r: FieldReader): RouteClaim | undefined {
  const props = r.record(spec, at);
  if (!props) {
    if (spec === undefined || spec === null) r.error(at, 'needs listenerArn, priority and conditions');
    return undefined;
  }
  const arn = props.listenerArn;
  const listener = isRecord(arn) && typeof arn.Ref === 'string' ? arn.Ref : r.string(arn, `${at}.listenerArn`);
  if (arn === undefined) r.error(`${at}.listenerArn`, 'is required (an ALB listener ARN, or !Ref Listener)');
  const priority = r.integer(props.priority, `${at}.priority`);
  if (props.priority === undefined) r.error(`${at}.priority`, 'is required (1 to 50000, lower first)');
  const conditions = r.record(props.conditions, `${at}.conditions`) ?? {};
  if (Object.keys(conditions).length === 0) r.error(`${at}.conditions`, 'needs at least one condition (path or method)');
  for (const key of Object.keys(conditions)) {
    if (!['path', 'method', 'host', 'header', 'query'].includes(key)) r.warn(`${at}.conditions.${key}`, `${key} conditions are not checked locally; the rule matches as if they held`, 'dev');
  }
  const paths = strings(conditions.path, `${at}.conditions.path`, r);
  const methods = strings(conditions.method, `${at}.conditions.method`, r).map((m) => m.toUpperCase());
  const albConditions = serverlessAlbConditions(conditions, `${at}.conditions`, r);
  const multiValueHeaders = boolean(props.multiValueHeaders, `${at}.multiValueHeaders`, r);
  if (listener === undefined || priority === undefined) return undefined;
  const routes: Route[] = [];
  // One target group per function and listener, as the Framework makes them (<Function>AlbTargetGroup<alb>).
  const targetGroup = `${functionId.charAt(0).toUpperCase()}${functionId.slice(1)}AlbTargetGroup${listener.split('/').pop()}`;
  for (const path of paths.length ? paths : ['*']) {
    for (const method of methods.length ? methods : ['ANY']) routes.push({ method, path, functionId, priority, multiValueHeaders, targetGroup, ...(albConditions ? { albConditions } : {}), source });
  }
  return { api: 'alb', listener, routes };
}

function sqs(spec: unknown, at: string, id: string, ctx: EventContext, r: FieldReader): EventSource[] {
  const arn = isRecord(spec) && !('Fn::GetAtt' in spec) ? spec.arn : spec;
  const batchSize = isRecord(spec) ? r.integer(spec.batchSize, `${at}.batchSize`) : undefined;
  const queue = queueArn(arn, ctx) ?? r.string(arn, isRecord(spec) ? `${at}.arn` : at);
  if (queue === undefined) return [];
  const patterns = isRecord(spec) && Array.isArray(spec.filterPatterns) ? spec.filterPatterns : [];
  const partial = isRecord(spec) && spec.functionResponseType === 'ReportBatchItemFailures';
  const settings = isRecord(spec) ? queueMappingSettings({
    patterns, window: spec.maximumBatchingWindow, concurrency: spec.maximumConcurrency, enabled: spec.enabled, batchSize,
    at: { patterns: `${at}.filterPatterns`, window: `${at}.maximumBatchingWindow`, concurrency: `${at}.maximumConcurrency`, enabled: `${at}.enabled`, batchSize: `${at}.batchSize` },
  }, r) : {};
  return [{ kind: 'sqs', id, queue, ...(batchSize === undefined ? {} : { batchSize }), ...filterSampleBody(patterns), ...(partial ? { reportBatchItemFailures: true as const } : {}), ...settings }];
}

/** `!GetAtt Queue.Arn` of a queue in `resources`: the ARN it would have, named by QueueName or its logical id. */
function queueArn(value: unknown, ctx: EventContext): string | undefined {
  const ref = isRecord(value) ? value['Fn::GetAtt'] : undefined;
  if (!Array.isArray(ref) || typeof ref[0] !== 'string') return undefined;
  const resource = ctx.resources[ref[0]];
  const name = isRecord(resource) && isRecord(resource.Properties) && typeof resource.Properties.QueueName === 'string' ? resource.Properties.QueueName : ref[0];
  return arnOf({ service: 'sqs', region: ctx.region, accountId: LOCAL_ACCOUNT_ID, resource: name });
}

function s3(spec: unknown, at: string, id: string, r: FieldReader): EventSource[] {
  const props = isRecord(spec) ? spec : { bucket: spec };
  const raw = props.bucket;
  const bucket = isRecord(raw) && typeof raw.Ref === 'string' ? raw.Ref : r.string(raw, isRecord(spec) ? `${at}.bucket` : at);
  if (bucket === undefined) return [];
  const event = r.string(props.event, `${at}.event`) ?? 's3:ObjectCreated:*';
  return [{ kind: 's3', id, bucket, events: [event], ...keyFilter(s3FilterRules(s3KeyRules(props.rules))) }];
}
