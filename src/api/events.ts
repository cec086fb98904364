import { randomUUID } from 'node:crypto';
import { resolvePython } from '../adapters/python.js';
import { ConfigError, UserError } from '../core/errors.js';
import type { GenerateContext } from '../core/events/sources/context.js';
import { sqsEvent, snsEvent } from '../core/events/sources/queues.js';
import { eventBridgeEvent, scheduleEvent, schedulerEvent } from '../core/events/sources/schedule.js';
import { dynamodbEvent, s3Event, S3_EVENT_NAMES, STREAM_IMAGES, VIEW_IMAGES, type KeyAttribute, type StreamEventName, type StreamViewType } from '../core/events/sources/storage.js';
import { kinesisEvent } from '../core/events/sources/kinesis.js';
import { appSyncResolverEvent } from '../core/events/sources/appsync.js';
import { customResourceEvent } from '../core/events/sources/cloudformation.js';
import { LOCAL_ACCOUNT_ID } from '../core/model/sam/template.js';
import { IMPLICIT_REST_STAGE } from '../core/model/sam/apis.js';
import { STAGE_NAME } from '../core/model/stage-name.js';
import { alb, http, rest, url } from '../core/events/http/index.js';
import { webSocketSample } from '../core/events/websocket.js';
import { DEFAULT_ROUTE_SELECTION } from '../core/model/websocket-api.js';
import { executeApiDomain } from '../core/events/http/request.js';
import { functionUrlDomain } from '../core/events/http/function-url.js';
import { albDomain } from '../core/events/http/alb.js';
import { sampleMethod, sampleRequest } from '../core/events/sources/http-sample.js';
import { resourceRequest, sampleRoute } from '../core/events/sources/http-route.js';
import { hostRegion } from '../core/runtime/environment.js';
import { findProject, functionHostEnv, loadProject } from './project.js';
import { routedSample } from '../core/gateway/sample.js';
import { isCatchAll } from '../core/gateway/route-elsewhere.js';
import { jsonObjectOption } from './event-options.js';
import { TRIGGER_KINDS, type TriggerOptions } from './event-trigger-kinds.js';
import { ENDPOINT_LABEL, type EndpointKind } from '../core/model/project.js';
import { arnOf } from '../core/partition.js';

/** The options `pylambda events generate` accepts; each kind reads the ones that apply to it. */
export interface EventOptions extends TriggerOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  readonly query?: readonly string[];
  readonly header?: readonly string[];
  /** REST and HTTP API: the route template the request matched (`/items/{id}`). */
  readonly resource?: string;
  /** REST, HTTP and WebSocket APIs: the stage the request reached. */
  readonly stage?: string;
  readonly queue?: string;
  readonly topic?: string;
  readonly subject?: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly eventName?: string;
  readonly source?: string;
  readonly detailType?: string;
  readonly detail?: string;
  readonly table?: string;
  readonly keys?: string;
  /** dynamodb: the table's key attributes and their types, `pk:S,sk:N`. */
  readonly keySchema?: string;
  readonly newImage?: string;
  readonly viewType?: string;
  readonly stream?: string;
  /** kinesis: the record's bytes, in base64. */
  readonly data?: string;
  readonly partitionKey?: string;
  /** kinesis: the record's sequence number. */
  readonly sequence?: string;
  /** cloudformation: the custom resource request's type, resource type, logical id, function and properties (a JSON object). */
  readonly requestType?: string;
  readonly resourceType?: string;
  readonly logicalId?: string;
  readonly functionName?: string;
  readonly properties?: string;
  /** cloudformation: the stack's name, in its StackId. */
  readonly stack?: string;
  /** sqs: the message's MessageGroupId (a FIFO queue's, or a fair standard queue's). */
  readonly messageGroupId?: string;
  readonly rule?: string;
  /** appsync: the resolver's type and field, and the field's arguments (a JSON object). */
  readonly typeName?: string;
  readonly fieldName?: string;
  readonly arguments?: string;
  /** scheduler: the schedule's name (`group/name`, or the default group's) or ARN. */
  readonly schedule?: string;
  /** apigw-websocket: the route ($connect, $disconnect, $default or a custom key). */
  readonly routeKey?: string;
  readonly region?: string;
  /** Every kind: the account in its ARNs and request contexts (default: the local one, 123456789012). */
  readonly accountId?: string;
}

export interface Kind {
  readonly description: string;
  readonly options: readonly (keyof EventOptions)[];
  readonly generate: (ctx: GenerateContext, options: EventOptions) => unknown;
}

const HTTP_OPTIONS = ['method', 'path', 'body', 'query', 'header'] as const;
/** The event kind each endpoint kind sends. */
export const ENDPOINT_KINDS: Readonly<Record<EndpointKind, string>> = { rest: 'apigw-rest', http: 'http-api', alb: 'alb', url: 'function-url' };
const API_OPTIONS = [...HTTP_OPTIONS, 'resource', 'stage'] as const;
const API_ID = 'abcdef1234';

/**
 * The stage asked for, or the one the API's events have without it: a name API Gateway takes, and for an HTTP
 * API its `$default` stage too.
 */
function stageOption(stage: string | undefined, otherwise: string): string {
  if (stage === undefined) return otherwise;
  if (STAGE_NAME.test(stage) || (stage === '$default' && otherwise === '$default')) return stage;
  throw new UserError(`--stage '${stage}' is not a stage name API Gateway takes (up to 128 of letters, digits, - and _${otherwise === '$default' ? ', or $default' : ''})`, { exitCode: 2 });
}

function request(ctx: GenerateContext, o: EventOptions, host: string, via: EndpointKind) {
  // --resource without --path: a path that route reaches, so that the event is the route's; without --method,
  // a route key's method (`POST /items/{id}`).
  const fromResource = o.resource !== undefined ? resourceRequest(o.resource) : undefined;
  const path = o.path === undefined ? fromResource?.path : undefined;
  const method = o.method ?? fromResource?.method;
  const target = { ...(path ? { path } : {}), ...(method ? { method } : {}) };
  return sampleRequest({ ...o, ...target, host, via }, ctx.nowMs, ctx.newId());
}

export const EVENT_KINDS: Readonly<Record<string, Kind>> = {
  'apigw-rest': {
    description: 'API Gateway REST API, Lambda proxy integration (payload 1.0)',
    options: API_OPTIONS,
    generate: (ctx, o) => {
      const req = request(ctx, o, executeApiDomain(API_ID, ctx.region), 'rest');
      const { resourcePath, pathParameters } = sampleRoute('rest', o.resource, req);
      return rest.toEvent(req, { resourcePath, pathParameters, stage: stageOption(o.stage, IMPLICIT_REST_STAGE), apiId: API_ID, accountId: ctx.accountId, region: ctx.region, binaryMediaTypes: [], stageVariables: null });
    },
  },
  'http-api': {
    description: 'API Gateway HTTP API (payload 2.0)',
    options: API_OPTIONS,
    generate: (ctx, o) => {
      const req = request(ctx, o, executeApiDomain(API_ID, ctx.region), 'http');
      const { routeKey, pathParameters } = sampleRoute('http', o.resource, req);
      return http.toEvent(req, { routeKey, pathParameters, stage: stageOption(o.stage, '$default'), apiId: API_ID, accountId: ctx.accountId, region: ctx.region, stageVariables: null });
    },
  },
  alb: {
    description: 'Application Load Balancer, Lambda target',
    options: HTTP_OPTIONS,
    generate: (ctx, o) => alb.toEvent(request(ctx, o, albDomain('my-alb', ctx.region), 'alb'), {
      targetGroupArn: arnOf({ service: 'elasticloadbalancing', region: ctx.region, accountId: ctx.accountId, resource: 'targetgroup/my-targets/73e2d6bc24d8a067' }),
      multiValueHeaders: false,
    }),
  },
  'function-url': {
    description: 'Lambda function URL (payload 2.0)',
    options: HTTP_OPTIONS,
    generate: (ctx, o) => url.toEvent(request(ctx, o, functionUrlDomain('abcdefghijklmnopqrstuvwxyz012345', ctx.region), 'url'), { urlId: 'abcdefghijklmnopqrstuvwxyz012345', region: ctx.region }),
  },
  'apigw-websocket': {
    description: 'API Gateway WebSocket API: $connect, $disconnect, or a message to --route-key (default $default)',
    options: ['routeKey', 'body', 'stage'],
    generate: (ctx, o) => {
      const routeKey = o.routeKey ?? '$default';
      if (o.body !== undefined && (routeKey === '$connect' || routeKey === '$disconnect')) throw new UserError(`--body does not apply to ${routeKey}: only a message has a body`, { exitCode: 2 });
      return webSocketSample(ctx, { routeKey, ...(o.body !== undefined ? { body: o.body } : {}), apiId: API_ID, stage: stageOption(o.stage, 'prod'), routeSelectionExpression: DEFAULT_ROUTE_SELECTION });
    },
  },
  sqs: {
    description: 'An SQS batch of one message',
    options: ['body', 'queue', 'messageGroupId'],
    generate: (ctx, o) => sqsEvent(ctx, { ...(o.body !== undefined ? { body: o.body } : {}), ...(o.queue ? { queue: o.queue } : {}), ...(o.messageGroupId ? { messageGroupId: o.messageGroupId } : {}) }),
  },
  sns: {
    description: 'An SNS notification',
    options: ['body', 'subject', 'topic'],
    generate: (ctx, o) => snsEvent(ctx, { ...(o.body !== undefined ? { message: o.body } : {}), ...(o.subject ? { subject: o.subject } : {}), ...(o.topic ? { topic: o.topic } : {}) }),
  },
  s3: {
    description: 'An S3 object notification',
    options: ['bucket', 'key', 'eventName'],
    generate: (ctx, o) => s3Event(ctx, { ...(o.bucket ? { bucket: o.bucket } : {}), ...(o.key ? { key: o.key } : {}), ...(o.eventName ? { eventName: s3EventName(o.eventName) } : {}) }),
  },
  eventbridge: {
    description: 'An EventBridge event',
    options: ['source', 'detailType', 'detail'],
    generate: (ctx, o) => eventBridgeEvent(ctx, {
      ...(o.source ? { source: o.source } : {}),
      ...(o.detailType ? { detailType: o.detailType } : {}),
      // An EventBridge event's detail is always a JSON object (EventBridge user guide, "Amazon EventBridge events").
      ...(o.detail !== undefined ? { detail: jsonObjectOption('--detail', o.detail, 'EventBridge\'s detail is always one') } : {}),
    }),
  },
  schedule: {
    description: 'A scheduled event (an EventBridge rule)',
    options: ['rule'],
    generate: (ctx, o) => scheduleEvent(ctx, o.rule ? { rule: o.rule } : {}),
  },
  scheduler: {
    description: 'A scheduled event from EventBridge Scheduler (SAM ScheduleV2, serverless.yml schedule with method: scheduler)',
    options: ['schedule'],
    generate: (ctx, o) => schedulerEvent(ctx, o.schedule ? { schedule: o.schedule } : {}),
  },
  cloudformation: {
    description: 'A CloudFormation custom resource request',
    options: ['requestType', 'resourceType', 'logicalId', 'functionName', 'stack', 'properties'],
    generate: (ctx, o) => customResourceEvent(ctx, {
      ...(o.requestType ? { requestType: o.requestType } : {}),
      ...(o.resourceType ? { resourceType: o.resourceType } : {}),
      ...(o.logicalId ? { logicalId: o.logicalId } : {}),
      ...(o.functionName ? { functionName: o.functionName } : {}),
      ...(o.stack ? { stack: o.stack } : {}),
      ...(o.properties !== undefined ? { properties: jsonObjectOption('--properties', o.properties, 'ResourceProperties are one', '{"Size": "3"}') } : {}),
    }),
  },
  appsync: {
    description: 'An AppSync direct Lambda resolver call',
    options: ['typeName', 'fieldName', 'arguments'],
    generate: (ctx, o) => appSyncResolverEvent(ctx, {
      ...(o.typeName ? { typeName: o.typeName } : {}),
      ...(o.fieldName ? { fieldName: o.fieldName } : {}),
      ...(o.arguments !== undefined ? { arguments: jsonObjectOption('--arguments', o.arguments, 'AppSync\'s arguments are one') } : {}),
    }),
  },
  dynamodb: {
    description: 'DynamoDB stream records: one, or one of each change --event-name lists (INSERT,MODIFY,REMOVE)',
    options: ['table', 'stream', 'eventName', 'keys', 'keySchema', 'newImage', 'viewType'],
    generate: (ctx, o) => {
      const eventNames = (o.eventName ?? 'INSERT').split(',').map((n) => n.trim());
      const wrong = eventNames.find((n) => !Object.hasOwn(STREAM_IMAGES, n));
      if (wrong !== undefined) throw new UserError(`--event-name for dynamodb must be INSERT, MODIFY or REMOVE, or several of them in turn (INSERT,MODIFY,REMOVE), not '${wrong}'${eventNames.length > 1 ? ` (in ${o.eventName})` : ''}`, { exitCode: 2 });
      const viewType = o.viewType ?? 'NEW_AND_OLD_IMAGES';
      if (!(viewType in VIEW_IMAGES)) throw new UserError(`--view-type must be ${Object.keys(VIEW_IMAGES).join(', ')}, not '${viewType}'`, { exitCode: 2 });
      // Refused rather than dropped: the item the user described would not reach the handler, and a test built on it would pass for nothing.
      const removal = eventNames.length === 1 && !STREAM_IMAGES[eventNames[0] as StreamEventName].NewImage;
      if (o.newImage !== undefined && removal) {
        throw new UserError(`--new-image does not apply to ${eventNames[0]} records: a ${eventNames[0]} stream record has no NewImage, only OldImage (the item as it was)`, {
          hint: '--keys sets the removed item\'s keys; leave out --event-name (INSERT) or use MODIFY for a record with a NewImage',
          exitCode: 2,
        });
      }
      if (o.newImage !== undefined && !VIEW_IMAGES[viewType as StreamViewType].NewImage) {
        throw new UserError(`--new-image does not apply to a ${viewType} stream: its records carry no NewImage`, { hint: '--view-type NEW_IMAGE or NEW_AND_OLD_IMAGES writes one', exitCode: 2 });
      }
      if (o.keys !== undefined && o.keySchema !== undefined) throw new UserError('--keys and --key-schema both set the item\'s keys: give one', { hint: '--keys takes the values, --key-schema only the names and types', exitCode: 2 });
      return dynamodbEvent(ctx, {
        eventName: eventNames as StreamEventName[],
        viewType: viewType as StreamViewType,
        ...(o.table ? { table: o.table } : {}),
        ...(o.stream ? { streamArn: o.stream } : {}),
        ...(o.keys !== undefined ? { keys: jsonObjectOption('--keys', o.keys, undefined, '{"pk": "a"}') } : {}),
        ...(o.keySchema !== undefined ? { keySchema: keySchemaOption(o.keySchema) } : {}),
        ...(o.newImage !== undefined ? { newImage: jsonObjectOption('--new-image', o.newImage, undefined, '{"pk": "a", "count": 1}') } : {}),
      });
    },
  },
  kinesis: {
    description: 'A Kinesis Data Streams record',
    options: ['stream', 'body', 'data', 'partitionKey', 'sequence'],
    generate: (ctx, o) => kinesisEvent(ctx, {
      ...(o.stream ? { stream: o.stream } : {}),
      ...(o.body !== undefined ? { body: o.body } : {}),
      ...(o.data !== undefined ? { data: o.data } : {}),
      ...(o.partitionKey !== undefined ? { partitionKey: o.partitionKey } : {}),
      ...(o.sequence !== undefined ? { sequence: o.sequence } : {}),
    }),
  },
  ...TRIGGER_KINDS,
};

/** `pk:S,sk:N`: a table's key attributes, partition key first, each of type S, N or B (DynamoDB's key types). */
function keySchemaOption(text: string): KeyAttribute[] {
  const parts = text.split(',').map((p) => p.trim());
  return parts.map((part) => {
    const match = /^([^:\s]+):(S|N|B)$/.exec(part);
    if (!match || parts.length > 2) {
      throw new UserError(`--key-schema must be one or two NAME:TYPE pairs, like pk:S,sk:N (TYPE S, N or B), not '${text}'`, { exitCode: 2 });
    }
    return { name: match[1]!, type: match[2] as KeyAttribute['type'] };
  });
}

/** `pylambda events generate <kind>`: a valid event of that kind, shaped like the real samples. */
export function generateEvent(kind: string, options: EventOptions, env: Readonly<Record<string, string | undefined>>): unknown {
  const entry = Object.hasOwn(EVENT_KINDS, kind) ? EVENT_KINDS[kind] : undefined;
  if (!entry) throw new UserError(`Unknown event kind '${kind}'`, { hint: `Kinds: ${Object.keys(EVENT_KINDS).join(', ')}`, exitCode: 2 });
  const ctx: GenerateContext = {
    nowMs: Date.now(),
    newId: randomUUID,
    region: options.region ?? hostRegion(env),
    accountId: accountOption(options.accountId),
  };
  const stray = (Object.keys(options) as (keyof EventOptions)[]).filter((o) => o !== 'region' && o !== 'accountId' && options[o] !== undefined && !entry.options.includes(o));
  if (stray.length > 0) {
    throw new UserError(`${stray.map(flagOf).join(', ')} ${stray.length === 1 ? 'does' : 'do'} not apply to ${kind} events`, {
      hint: `${kind} takes ${[...entry.options, 'region' as const].map(flagOf).join(', ')}`,
      exitCode: 2,
    });
  }
  return entry.generate(ctx, options);
}

/** An AWS account id is 12 digits (IAM user guide, "Your AWS account ID"). */
function accountOption(accountId: string | undefined): string {
  if (accountId === undefined) return LOCAL_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) throw new UserError(`--account-id must be an AWS account id, 12 digits, not '${accountId}'`, { exitCode: 2 });
  return accountId;
}

const flagOf = (option: keyof EventOptions): string => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `s3:ObjectCreated:Put`, as a template's Events list it, is the record's `ObjectCreated:Put`. */
function s3EventName(name: string): string {
  const bare = name.replace(/^s3:/, '');
  if ((S3_EVENT_NAMES as readonly string[]).includes(bare)) return bare;
  const family = bare.split(':')[0]!;
  const near = S3_EVENT_NAMES.filter((n) => n.startsWith(`${family}:`) || n === family);
  throw new UserError(`--event-name for s3 must be an S3 event type, like ObjectCreated:Put, not '${name}'${bare.endsWith('*') ? ' (a record names one event, never a wildcard)' : ''}`, {
    hint: `S3 event types: ${(near.length > 0 ? near : S3_EVENT_NAMES).join(', ')}`,
    exitCode: 2,
  });
}

/** What the project in a directory makes of a sample request: the event its gateway sends, or why none. */
export interface ProjectEvent {
  readonly event?: unknown;
  /** The project has endpoints of the kind, but none of their routes takes the request. */
  readonly unrouted?: string;
}

/**
 * The event the project in `dir` sends for the sample request, as `pylambda dev` would serve it: the API's
 * stage and stage variables, the route's template, path parameters and payload format, the ALB's target
 * group. Empty when there is no project here, it cannot be read, it has no endpoint of the kind, or
 * --resource or --stage asks for a route or stage by hand.
 */
export async function projectEvent(dir: string, kind: string, options: EventOptions, env: Readonly<Record<string, string | undefined>>, python?: string): Promise<ProjectEvent> {
  // Asked for by name: one that does not run is the user's mistake, not a reason for a generic event.
  if (python) await resolvePython(python, env);
  const endpointKind = (Object.entries(ENDPOINT_KINDS) as Array<[EndpointKind, string]>).find(([, k]) => k === kind)?.[0];
  if (!endpointKind || options.resource !== undefined || options.stage !== undefined) return {};
  try {
    findProject(dir);
  } catch {
    // No project here: a generic event is what was asked for.
    return {};
  }
  let loaded;
  try {
    loaded = await loadProject({ dir, env, ...(python ? { python } : {}) });
  } catch (error) {
    // A project that cannot be read (a template with problems, a Chalice app its Python cannot import) is said.
    if (error instanceof ConfigError) return { unrouted: `the project here has problems (pylambda invoke or dev lists them), so its gateways are unknown: this is a generic ${kind} event` };
    if (error instanceof UserError) return { unrouted: `the project here cannot be read (${error.message}), so its gateways are unknown: this is a generic ${kind} event` };
    throw error;
  }
  const endpoints = loaded.project.endpoints.filter((e) => e.kind === endpointKind);
  if (endpoints.length === 0) return {};
  const ctx = { region: options.region ?? hostRegion(functionHostEnv(loaded, env)), accountId: accountOption(options.accountId), nowMs: Date.now(), requestId: randomUUID() };
  const answers = new Set<string>();
  for (const endpoint of endpoints) {
    const routed = routedSample(endpoint, options, ctx);
    if ('event' in routed) return { event: JSON.parse(routed.event.toString('utf8')) as unknown };
    answers.add(routed.answeredBy);
  }
  const method = sampleMethod(options);
  // The route may be another kind of endpoint's (serverless.yml's http events are a REST API, its httpApi ones an HTTP API).
  const elsewhere = loaded.project.endpoints.filter((e) => e.kind !== endpointKind && e.kind !== 'url').find((e) => {
    const routed = routedSample(e, options, ctx);
    return 'event' in routed && !isCatchAll(routed.route);
  });
  const other = elsewhere ? `; it is a route of ${ENDPOINT_LABEL[elsewhere.kind]} ${elsewhere.id}, whose events pylambda events generate ${ENDPOINT_KINDS[elsewhere.kind]} makes` : '';
  return { unrouted: `the gateways of ${loaded.project.configFile} answer ${method} ${options.path ?? '/'} themselves (${[...answers].join(', ')}) and call no function: this is a generic ${kind} event${other}` };
}
