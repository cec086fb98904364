import { randomUUID } from 'node:crypto';
import { triggerType, type EventSource, type StreamSource } from '../core/model/event-sources.js';
import { ENDPOINT_LABEL, isLambdaAuthorizer, type Endpoint, type EndpointKind, type FunctionModel, type LambdaAuthorizer, type Project, type Route } from '../core/model/project.js';
import { tokenAuthorizerEvent } from '../core/events/sources/authorizer.js';
import { samplePath } from '../core/events/sources/http-route.js';
import { S3_EVENT_NAMES, s3SampleKey } from '../core/events/sources/storage.js';
import { authorizerSample, routedSample, SAMPLE_IDENTITY } from '../core/gateway/sample.js';
import { LOCAL_ACCOUNT_ID } from '../core/model/sam/template.js';
import { hostRegion } from '../core/runtime/environment.js';
import { eventOrigin } from '../core/model/event-bus.js';
import { ENDPOINT_KINDS, generateEvent, type EventOptions } from './events.js';
import { TRIGGER_TYPE_KINDS, triggerNote, triggerSample } from './trigger-sample.js';
import { UserError } from '../core/errors.js';
import type { HttpResponse, InvokeOutput } from '../core/events/http/request.js';
import type { AuthorizedStep } from '../core/gateway/route-request.js';
import { webSocketEvent } from './websocket-sample.js';

/** The event `pylambda invoke` and `coldstart` send a function when no --event is given, and what it is. */
export interface DefaultEvent {
  readonly payload: Buffer;
  /** `apigw-rest sample (Api trigger Hello)`, or `{} (no trigger)`. */
  readonly label: string;
  /** For an HTTP sample: the request it stands for, as `events generate` takes it. */
  readonly request?: SampleHttpRequest;
  /** For a sample the project's own gateway sends: which one, and what it answers the request with the function's output. */
  readonly gateway?: SampleGateway;
  /** For a Lambda authorizer's sample: what its gateway decides of the authorizer's answer. */
  readonly authorizer?: SampleAuthorizer;
}

export interface SampleAuthorizer {
  /** `REST API ServerlessRestApi`. */
  readonly gateway: string;
  /** The route it guards, as the sample request reached it: `GET /items`. */
  readonly route: string;
  readonly decide: (output: InvokeOutput) => AuthorizedStep;
}

export interface SampleGateway {
  /** `REST API ServerlessRestApi`, `Function URL of Hello`. */
  readonly name: string;
  readonly respond: (output: InvokeOutput) => HttpResponse;
}

const gatewayName = (endpoint: Endpoint, fn: FunctionModel) => (endpoint.kind === 'url' ? `${ENDPOINT_LABEL.url} of ${fn.id}` : `${ENDPOINT_LABEL[endpoint.kind]} ${endpoint.id}`);

export interface SampleHttpRequest {
  /** The `events generate` kind: `apigw-rest`, `http-api`, `alb`, `function-url`. */
  readonly kind: string;
  readonly method: string;
  readonly path: string;
}

/** Event kinds of `pylambda events generate` for the `other` sources readers keep by their type name. */
const OTHER_KINDS: Readonly<Record<string, string>> = {
  sns: 'sns',
  dynamodb: 'dynamodb',
  kinesis: 'kinesis',
  // serverless.yml's `stream` without a type or ARN that says which: DynamoDB, as before the Framework's `type`.
  stream: 'dynamodb',
  eventbridgerule: 'eventbridge',
  eventbridge: 'eventbridge',
  cloudwatchevent: 'eventbridge',
  alb: 'alb',
  appsync: 'appsync',
  customresource: 'cloudformation',
  ...TRIGGER_TYPE_KINDS,
};

export { samplePath } from '../core/events/sources/http-route.js';

/** The route as the event names it, so that path parameters and `resource` are those of the real route. */
function routeTemplate(path: string | undefined): { resource?: string } {
  return path && path !== '$default' ? { resource: path.startsWith('/') ? path : `/${path}` } : {};
}

const normalisedPath = (path: string | undefined): string | undefined => (path === undefined || path === '$default' || path.startsWith('/') ? path : `/${path}`);
const sampleMethodOf = (source: EventSource): string | undefined => {
  const method = 'method' in source ? source.method?.toUpperCase() : undefined;
  return method === '*' ? 'ANY' : method;
};

const sampleMethod = (method: string | undefined): string => (!method || method === 'ANY' || method === '*' ? 'GET' : method);

/** The first record name a trigger's event type matches: `s3:ObjectRemoved:*` -> `ObjectRemoved:Delete`. */
function s3EventName(type: string | undefined): { eventName?: string } {
  if (!type) return {};
  const pattern = type.replace(/^s3:/, '');
  const name = S3_EVENT_NAMES.find((n) => n === pattern || (pattern.endsWith('*') && n.startsWith(pattern.slice(0, -1))));
  return name ? { eventName: name } : {};
}

function forSource(source: EventSource, fn: FunctionModel): { kind: string; options: EventOptions } | undefined {
  switch (source.kind) {
    case 'api':
      return { kind: 'apigw-rest', options: { method: sampleMethod(source.method), path: samplePath(source.path), ...routeTemplate(source.path) } };
    case 'httpApi':
      return { kind: 'http-api', options: { method: sampleMethod(source.method), path: samplePath(source.path), ...routeTemplate(source.path) } };
    case 'sqs':
      // The queue as the template names it, when it reads as a name or an ARN (not an unresolved intrinsic).
      return { kind: 'sqs', options: { ...(/^(arn:aws[\w-]*:sqs:[\w-]+:\d{12}:)?[\w-]{1,80}(\.fifo)?$/.test(source.queue) ? { queue: source.queue } : {}), ...(source.sampleBody ? { body: source.sampleBody } : {}) } };
    case 's3':
      // S3 sends the function only the keys its filter lets through.
      return { kind: 's3', options: { bucket: source.bucket, ...s3EventName(source.events[0]), ...(source.keyFilter ? { key: s3SampleKey(source.keyFilter) } : {}) } };
    case 'schedule': {
      // A rule's or schedule's name (both [0-9a-zA-Z-_.]{1,64}), not an unresolved intrinsic.
      const named = (name: string | undefined): name is string => name !== undefined && /^[\w.-]{1,64}$/.test(name);
      if (!source.scheduler) return { kind: 'schedule', options: named(source.rule) ? { rule: source.rule } : {} };
      const group = named(source.scheduler.group) ? source.scheduler.group : 'default';
      return { kind: 'scheduler', options: { schedule: `${group}/${named(source.rule) ? source.rule : 'my-schedule'}` } };
    }
    case 'other': {
      // A stream trigger's records are those of the stream it reads: a serverless.yml `stream` of type kinesis sends Kinesis ones.
      const type = source.type.toLowerCase();
      const kind = source.stream?.service ?? (Object.hasOwn(OTHER_KINDS, type) ? OTHER_KINDS[type] : undefined);
      if (kind && Object.values(TRIGGER_TYPE_KINDS).includes(kind)) return triggerSample(kind, source.details, fn.name);
      // A rule's pattern: the sample has the source, detail-type and detail it matches, as the function expects them,
      // and the account and region of its sender: the pattern's, else those of the bus the rule is on (eventOrigin says why).
      const { source: from, detailType, detail } = kind === 'eventbridge' ? source.pattern ?? {} : {};
      const pattern = { ...(from ? { source: from } : {}), ...(detailType ? { detailType } : {}), ...(detail ? { detail: JSON.stringify(detail) } : {}), ...(kind === 'eventbridge' ? eventOrigin(source) : {}) };
      const field = source.resolver ? { typeName: source.resolver.typeName, fieldName: source.resolver.fieldName } : {};
      const custom = source.customResource;
      if (custom) return { kind: 'cloudformation', options: { resourceType: custom.resourceType, logicalId: source.id, functionName: fn.name, properties: JSON.stringify(custom.properties) } };
      return kind ? { kind, options: { ...pattern, ...field, ...streamOptions(source.stream), ...(kind === 'sns' && source.topic && TOPIC.test(source.topic) ? { topic: source.topic } : {}) } } : undefined;
    }
  }
}

// A topic as the template names it, when it reads as a name or an ARN (not an unresolved intrinsic).
const TOPIC = /^(arn:aws[\w-]*:sns:[\w-]+:\d{12}:)?[\w-]{1,256}(\.fifo)?$/;

/**
 * The stream's own records: a Kinesis trigger's stream; a DynamoDB one's stream (when the template writes its ARN),
 * table, key attributes and the view type that decides which images a record carries (KEYS_ONLY: none).
 */
function streamOptions(stream: StreamSource | undefined): EventOptions {
  if (stream?.service === 'kinesis') return stream.stream ? { stream: stream.stream } : {};
  const table = stream?.table;
  if (!table) return {};
  return {
    // The stream as the template writes it, with its label, region and account; else one of the table's.
    ...(stream.arn ? { stream: stream.arn } : {}),
    ...(/^[\w.-]{3,255}$/.test(table.name) ? { table: table.name } : {}),
    ...(table.keys?.every((k) => /^[^\s:,]+$/.test(k.name)) ? { keySchema: table.keys.map((k) => `${k.name}:${k.type}`).join(',') } : {}),
    ...(table.viewType ? { viewType: table.viewType } : {}),
  };
}

/**
 * Requests that may reach the route, the likeliest first: its method, and its path with the template
 * filled in (`/{proxy+}` -> `/proxy`, then `/proxy/sample`, which a one-segment route beside it does not take).
 */
function routeRequests(endpoint: Endpoint, route: Route): Array<{ method: string; path: string }> {
  const method = sampleMethod(route.method);
  if (endpoint.kind === 'url') return [{ method, path: '/' }];
  const paths = endpoint.kind === 'alb'
    ? [route.path.replace(/[*?]/g, ''), route.path.replace(/\*/g, 'sample').replace(/\?/g, 'x')]
    : [samplePath(route.path), samplePath(route.path.replace(/\{([^}+]+)\+\}/g, '{$1}/sample'))];
  return [...new Set(paths.map((p) => (p.startsWith('/') ? p : `/${p}`)))].map((path) => ({ method, path }));
}

/**
 * The event the project's own gateway sends `fn` for a request to one of its routes on an endpoint of one
 * of `kinds`, as `pylambda dev` would: the API's stage and stage variables, the route's payload format, the
 * ALB's target group. Undefined when no such route reaches it.
 */
function routedEvent(
  fn: FunctionModel,
  project: Project,
  kinds: readonly EndpointKind[],
  env: Readonly<Record<string, string | undefined>>,
  trigger?: EventSource,
): { payload: Buffer; kind: string; endpoint: Endpoint; request: SampleHttpRequest; gateway: SampleGateway; passedOver?: string } | undefined {
  const ctx = { region: hostRegion(env), accountId: LOCAL_ACCOUNT_ID, nowMs: Date.now(), requestId: randomUUID() };
  // The trigger's own route first (the one sampleSource chose), then the others.
  const own = (route: Route) => (trigger && 'path' in trigger && route.path === normalisedPath(trigger.path) && route.method === sampleMethodOf(trigger) ? 0 : 1);
  // Why the trigger's own route took no sample request (an authorizer guards it), when another route's is sent.
  let passedOver: string | undefined;
  for (const endpoint of project.endpoints) {
    if (!kinds.includes(endpoint.kind)) continue;
    for (const route of [...endpoint.routes].sort((a, b) => own(a) - own(b))) {
      if (route.functionId !== fn.id) continue;
      for (const request of routeRequests(endpoint, route)) {
        const routed = routedSample(endpoint, request, ctx);
        if (!('event' in routed) || routed.functionId !== fn.id) {
          if (trigger && own(route) === 0) passedOver ??= 'answeredBy' in routed ? `answers ${request.method} ${request.path} itself (${routed.answeredBy})` : `sends ${request.method} ${request.path} to route ${routed.route}`;
          continue;
        }
        const version = endpoint.kind === 'http' && route.payloadFormatVersion === '1.0' ? ' (payload 1.0)' : '';
        return {
          payload: routed.event, kind: `${ENDPOINT_KINDS[endpoint.kind]}${version}`, endpoint, request: { kind: ENDPOINT_KINDS[endpoint.kind], ...request },
          gateway: { name: gatewayName(endpoint, fn), respond: routed.respond }, ...(own(route) === 0 || passedOver === undefined ? {} : { passedOver }),
        };
      }
    }
  }
  return undefined;
}

/**
 * The event the gateway of a route `fn` guards as a Lambda authorizer sends it for a sample request to that route,
 * as `pylambda dev` would (its identity sources set to "allow"); undefined when it guards none.
 */
function authorizerEvent(fn: FunctionModel, project: Project, env: Readonly<Record<string, string | undefined>>): DefaultEvent | undefined {
  const ctx = { region: hostRegion(env), accountId: LOCAL_ACCOUNT_ID, nowMs: Date.now(), requestId: randomUUID() };
  let refused: { readonly authorizer: LambdaAuthorizer; readonly why: string } | undefined;
  for (const endpoint of project.endpoints) {
    for (const route of endpoint.routes) {
      const authorizer = route.authorizer && isLambdaAuthorizer(route.authorizer) && route.authorizer.functionId === fn.id ? route.authorizer : undefined;
      if (!authorizer) continue;
      for (const request of routeRequests(endpoint, route)) {
        const sample = authorizerSample(endpoint, authorizer, request, ctx);
        if ('answeredBy' in sample) {
          refused ??= { authorizer, why: `the gateway answers ${request.method} ${request.path} itself: ${sample.answeredBy}` };
          continue;
        }
        const identity = authorizer.identitySources.some((s) => s.in === 'header' || s.in === 'query') ? `, ${identityLabel(authorizer)} "${sample.identity}"` : '';
        return {
          payload: sample.event, label: `${authorizerKind(endpoint, authorizer)} sample (authorizer ${authorizer.name} of ${sample.route}, ${endpoint.id} ${endpoint.stage}${identity})`,
          authorizer: { gateway: gatewayName(endpoint, fn), route: `${request.method} ${request.path}`, decide: sample.decide },
        };
      }
    }
  }
  if (!refused) return undefined;
  // A TOKEN authorizer's event has the same three keys whatever the request: the generic one, said so.
  const generic = refused.authorizer.type === 'TOKEN' ? tokenAuthorizerEvent(ctx) : undefined;
  return generic
    ? { payload: Buffer.from(JSON.stringify(generic)), label: `API Gateway TOKEN authorizer sample (authorizationToken "${SAMPLE_IDENTITY}"; generic: ${refused.why})` }
    : { payload: Buffer.from('{}'), label: `{} (${refused.why})` };
}

function authorizerKind(endpoint: Endpoint, authorizer: LambdaAuthorizer): string {
  return endpoint.kind === 'rest' ? `API Gateway ${authorizer.type} authorizer` : `HTTP API Lambda authorizer (payload ${authorizer.payloadFormatVersion ?? '2.0'})`;
}

/** `authorizationToken` for a TOKEN authorizer, else its header and query identity sources. */
function identityLabel(authorizer: LambdaAuthorizer): string {
  if (authorizer.type === 'TOKEN') return 'authorizationToken';
  return authorizer.identitySources.flatMap((s) => (s.in === 'header' || s.in === 'query' ? [s.name] : [])).join(', ');
}

/**
 * The trigger whose sample is sent: the first, but among API triggers the first GET (or ANY) one with no
 * path parameter, then any GET: a read needs no body, where the first route is often a create that
 * answers an empty one with 400 (a todo API's POST /todos before its GET /todos).
 */
function sampleSource(events: readonly EventSource[]): EventSource | undefined {
  const first = events[0];
  if (first?.kind !== 'api' && first?.kind !== 'httpApi') return first;
  const reads = events.filter((e) => (e.kind === 'api' || e.kind === 'httpApi') && ['GET', 'ANY', '*', undefined].includes(e.method?.toUpperCase()));
  return reads.find((e) => !('path' in e && e.path?.includes('{'))) ?? reads[0] ?? first;
}

/**
 * The function's first trigger decides (Api -> apigw-rest, HttpApi -> http-api, SQS -> sqs, ...);
 * without one, a route in front of it (an API's OpenAPI definition, a function URL, an ALB); else `{}`, what
 * `pylambda invoke` sends.
 * An API trigger's event is the one the project's gateway sends (routedEvent); a generic one only when
 * the project has no such route (a template whose API the readers do not serve).
 */
export function defaultEvent(fn: FunctionModel, project: Project, env: Readonly<Record<string, string | undefined>>): DefaultEvent {
  const source = sampleSource(fn.events);
  // An authorizer has no trigger of its own (Chalice's is one): the event is what its gateway sends it.
  const guarding = !source || (source.kind === 'other' && source.type === 'Authorizer') ? authorizerEvent(fn, project, env) : undefined;
  if (guarding) return guarding;
  if (source?.kind === 'other' && source.type === 'Authorizer') {
    const event = tokenAuthorizerEvent({ region: hostRegion(env), accountId: LOCAL_ACCOUNT_ID });
    return { payload: Buffer.from(JSON.stringify(event)), label: `API Gateway TOKEN authorizer sample (authorizationToken "allow")` };
  }
  const socket = webSocketEvent(fn, project, source, env);
  if (socket) return socket;
  const what = source && triggerType(source, project.style);
  // A constant Input is all the function gets from such a trigger (EventBridge API_Target: "nothing from the
  // event itself is passed to the target").
  if (source && 'input' in source && source.input !== undefined) {
    return { payload: Buffer.from(source.input), label: `Input of the ${what} trigger ${source.id} (what EventBridge sends in place of the event)` };
  }
  const chosen = source ? forSource(source, fn) : undefined;
  if (source && chosen) {
    // serverless.yml's `alb` events are `other` sources of type alb: their routes are on the project's ALB.
    const kinds: EndpointKind[] = source.kind === 'api' ? ['rest'] : source.kind === 'httpApi' ? ['http'] : source.kind === 'other' && source.type === 'alb' ? ['alb'] : [];
    const routed = routedEvent(fn, project, kinds, env, source);
    if (routed) {
      // Another route's request, when the trigger's own gets none through the gateway: the label names the one sent.
      const sent = routed.passedOver === undefined ? '' : `; sent to ${routed.request.method} ${routed.request.path}: the gateway ${routed.passedOver}`;
      return { payload: routed.payload, label: `${routed.kind} sample (${what} trigger ${source.id}, ${routed.endpoint.id} ${routed.endpoint.stage}${sent})`, request: routed.request, gateway: routed.gateway };
    }
    // Every sample request to its routes is taken by another route: the generic event, said so.
    const served = project.endpoints.some((e) => kinds.includes(e.kind) && e.routes.some((r) => r.functionId === fn.id));
    const generic = served ? '; generic: no sample request reaches it through the project\'s API' : '';
    const { method, path } = chosen.options;
    const request = method && path ? { request: { kind: chosen.kind, method, path } } : {};
    const note = source.kind === 'other' ? triggerNote(source.details) : '';
    const { event, refused } = sampleOf(chosen.kind, chosen.options, env);
    const without = refused.map((why) => `; left out: ${why}`).join('');
    return { payload: Buffer.from(JSON.stringify(event)), label: `${chosen.kind} sample (${what} trigger ${source.id}${generic}${note}${without})`, ...request };
  }
  // No trigger of its own: a route of an API's OpenAPI definition, a function URL or an ALB in front of it.
  const routed = routedEvent(fn, project, ['rest', 'http', 'url', 'alb'], env);
  if (routed) return { payload: routed.payload, label: `${routed.kind} sample (${routed.endpoint.id})`, request: routed.request, gateway: routed.gateway };
  // A route no sample request reaches (another one takes them all): the generic event of its kind.
  for (const endpoint of project.endpoints) {
    const route = endpoint.routes.find((r) => r.functionId === fn.id);
    if (!route || (endpoint.kind !== 'url' && endpoint.kind !== 'alb')) continue;
    const kind = ENDPOINT_KINDS[endpoint.kind];
    const request = routeRequests(endpoint, route)[0]!;
    return { payload: Buffer.from(JSON.stringify(generateEvent(kind, request, env))), label: `${kind} sample (${endpoint.id}; generic: no sample request reaches it)`, request: { kind, ...request } };
  }
  return { payload: Buffer.from('{}'), label: source ? `{} (no sample for the ${source.kind === 'other' ? source.type : source.kind} trigger)` : '{} (no trigger)' };
}

/**
 * The generic event of the kind with the trigger's options, but for each one the sample refuses (a name the
 * template leaves to an intrinsic, a topic name Kafka would refuse, a stream ARN of a table name DynamoDB would
 * refuse) with why: the function still gets its event's shape and every option that is taken (a table's keys
 * and view type beside its refused stream). Options are tried in turn, so one refused for another (--table
 * against --stream) is the later one.
 */
function sampleOf(kind: string, options: EventOptions, env: Readonly<Record<string, string | undefined>>): { event: unknown; refused: string[] } {
  const attempt = (taken: EventOptions): { event: unknown } | { error: UserError } => {
    try {
      return { event: generateEvent(kind, taken, env) };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { error };
    }
  };
  const all = attempt(options);
  if ('event' in all) return { event: all.event, refused: [] };
  let taken: EventOptions = {};
  const refused: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const tried = attempt({ ...taken, [key]: value });
    if ('error' in tried) refused.push(tried.error.message);
    else taken = { ...taken, [key]: value };
  }
  return { event: generateEvent(kind, taken, env), refused };
}
