/**
 * The resources a local AWS endpoint creates for a template: DynamoDB tables, S3 buckets and SQS queues
 * (and, in config-resources.ts, SSM parameters, secrets and Kinesis streams), named as `!Ref` names them
 * locally (cfn/intrinsics.ts `resourceName`: the explicit name property, else the logical id), so a
 * function's `TABLE_NAME: !Ref TodoTable` finds its table.
 */
import type { Diagnostic } from '../errors.js';
import { Unresolved, resolveIntrinsics, resourceName } from '../model/cfn/intrinsics.js';
import { isRecord } from '../model/fields.js';
import { resourceProperties, type ParsedTemplate } from '../model/sam/template.js';
import { CALLED_TYPES, notCreatedLine, readParameter, readSecret, readStream, type LocalParameter, type LocalSecret, type LocalStream } from './config-resources.js';

export interface KeyElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: 'S' | 'N' | 'B';
}

export interface LocalIndex {
  readonly IndexName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly Projection: Readonly<Record<string, unknown>>;
}

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/**
 * CreateTable's arguments (but `id` and `timeToLive`). Billing is always on demand: throughput means
 * nothing locally.
 */
export interface LocalTable {
  readonly id: string;
  readonly TableName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly AttributeDefinitions: readonly AttributeDefinition[];
  readonly GlobalSecondaryIndexes?: readonly LocalIndex[];
  readonly LocalSecondaryIndexes?: readonly LocalIndex[];
  /** CloudFormation's `StreamSpecification` as CreateTable takes it (the API also wants StreamEnabled). */
  readonly StreamSpecification?: { readonly StreamEnabled: true; readonly StreamViewType: StreamViewType };
  /** The attribute of an enabled `TimeToLiveSpecification`: UpdateTimeToLive sets it once the table exists. */
  readonly timeToLive?: string;
}

export interface FilterRule {
  readonly Name: 'prefix' | 'suffix';
  readonly Value: string;
}

/**
 * One of a bucket's `QueueConfigurations`, as PutBucketNotificationConfiguration takes it, but for the
 * queue: its local name. Its ARN is the endpoint's, asked for once the queue exists.
 */
export interface LocalQueueNotification {
  readonly queue: string;
  readonly Events: readonly string[];
  readonly Filter?: { readonly Key: { readonly FilterRules: readonly FilterRule[] } };
}

export interface LocalBucket {
  readonly id: string;
  readonly name: string;
  /** Set once every queue exists (the bucket's notifications replace any it had). */
  readonly notifications?: readonly LocalQueueNotification[];
}

export interface LocalQueue {
  readonly id: string;
  readonly name: string;
  /** SQS attributes as CreateQueue takes them: strings. RedrivePolicy is set once every queue exists. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface LocalAwsSpec {
  readonly tables: readonly LocalTable[];
  readonly buckets: readonly LocalBucket[];
  readonly queues: readonly LocalQueue[];
  readonly parameters: readonly LocalParameter[];
  readonly secrets: readonly LocalSecret[];
  readonly streams: readonly LocalStream[];
}

/** SimpleTable's PrimaryKey.Type (SAM specification) to DynamoDB's attribute types. */
const SIMPLE_TYPES: Readonly<Record<string, AttributeDefinition['AttributeType']>> = { String: 'S', Number: 'N', Binary: 'B' };

/** CloudFormation's SQS properties that are CreateQueue attributes of the same name. */
const QUEUE_ATTRIBUTES = [
  'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout',
  'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit', 'RedrivePolicy',
] as const;

const STREAM_VIEW_TYPES: readonly string[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] satisfies StreamViewType[];

/** Says why a part of a resource that is created is not set up locally: `path` is below `Resources.<id>.Properties`. */
type Note = (path: string, why: string) => void;

/**
 * What to create, and a warning for each resource that cannot be (it is left out, the rest goes on) and
 * for each part of one that is created without it (a stream, a notification the endpoint cannot deliver).
 */
export function localAwsResources(template: ParsedTemplate, file: string): { spec: LocalAwsSpec; diagnostics: Diagnostic[] } {
  const tables: LocalTable[] = [];
  const buckets: LocalBucket[] = [];
  const queues: LocalQueue[] = [];
  const diagnostics: Diagnostic[] = [];
  const skip = (id: string, why: string) => diagnostics.push({ severity: 'warning', file, path: `Resources.${id}`, message: `not created in the local AWS endpoint: ${why}` });
  const noteFor = (id: string): Note => (path, why) =>
    diagnostics.push({ severity: 'warning', file, path: `Resources.${id}.Properties.${path}`, message: `not set up in the local AWS endpoint: ${why}` });
  const bucketProps: Array<[LocalBucket, Record<string, unknown>]> = [];
  const parameters: LocalParameter[] = [];
  const secrets: LocalSecret[] = [];
  const streams: LocalStream[] = [];
  const notMade = new Map<string, string[]>();
  const say = (id: string, message: string) => diagnostics.push({ severity: 'warning', file, path: `Resources.${id}`, message });
  for (const [id, resource] of Object.entries(template.resources)) {
    const type = isRecord(resource) ? resource.Type : undefined;
    const ctx = template.context;
    const add = <T>(list: T[], item: T | undefined) => item && list.push(item);
    if (type === 'AWS::SSM::Parameter') add(parameters, readParameter(id, resourceProperties(template, id), ctx, skip));
    else if (type === 'AWS::SecretsManager::Secret') add(secrets, readSecret(id, resourceProperties(template, id), ctx, skip, say));
    else if (type === 'AWS::Kinesis::Stream') add(streams, readStream(id, resourceProperties(template, id), ctx, skip));
    else if (typeof type === 'string' && CALLED_TYPES.includes(type)) notMade.set(type, [...(notMade.get(type) ?? []), id]);
    if (type !== 'AWS::DynamoDB::Table' && type !== 'AWS::Serverless::SimpleTable' && type !== 'AWS::S3::Bucket' && type !== 'AWS::SQS::Queue') continue;
    const name = resourceName(id, template.context);
    const props = resourceProperties(template, id);
    if (type === 'AWS::S3::Bucket') {
      bucketProps.push([{ id, name }, props]);
    } else if (type === 'AWS::SQS::Queue') {
      const queue = readQueue(id, name, props);
      if (typeof queue === 'string') skip(id, queue);
      else queues.push(queue);
    } else {
      const table = type === 'AWS::Serverless::SimpleTable' ? simpleTable(id, name, props) : readTable(id, name, props, noteFor(id));
      if (typeof table === 'string') skip(id, table);
      else tables.push(table);
    }
  }
  // A notification names its queue by ARN (`!GetAtt Jobs.Arn`): the template's queues, by the ARN `!GetAtt` gives them.
  const queueArns = new Map<string, { id: string; name?: string }>();
  for (const [id, resource] of Object.entries(template.resources)) {
    if (!isRecord(resource) || resource.Type !== 'AWS::SQS::Queue') continue;
    const arn = resolveIntrinsics({ 'Fn::GetAtt': [id, 'Arn'] }, template.context);
    if (typeof arn === 'string') queueArns.set(arn, { id, ...(queues.find((q) => q.id === id) ? { name: resourceName(id, template.context) } : {}) });
  }
  for (const [bucket, props] of bucketProps) {
    const notifications = bucketNotifications(props.NotificationConfiguration, queueArns, noteFor(bucket.id));
    buckets.push(notifications.length ? { ...bucket, notifications } : bucket);
  }
  const line = notCreatedLine(notMade);
  if (line) diagnostics.push({ severity: 'warning', file, path: 'Resources', message: line });
  return { spec: { tables, buckets, queues, parameters, secrets, streams }, diagnostics };
}

function simpleTable(id: string, name: string, props: Record<string, unknown>): LocalTable | string {
  const key = isRecord(props.PrimaryKey) ? props.PrimaryKey : {};
  // SAM's default primary key: "a String attribute named id".
  const attribute = key.Name === undefined ? 'id' : key.Name;
  const type = key.Type === undefined ? 'S' : SIMPLE_TYPES[String(key.Type)];
  if (typeof attribute !== 'string') return 'PrimaryKey.Name is not known locally';
  if (!type) return `PrimaryKey.Type '${String(key.Type)}' is not String, Number or Binary`;
  return {
    id,
    TableName: name,
    KeySchema: [{ AttributeName: attribute, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: attribute, AttributeType: type }],
  };
}

function readTable(id: string, name: string, props: Record<string, unknown>, note: Note): LocalTable | string {
  const keySchema = keys(props.KeySchema);
  if (typeof keySchema === 'string') return `KeySchema ${keySchema}`;
  const attributes = attributeDefinitions(props.AttributeDefinitions);
  if (typeof attributes === 'string') return `AttributeDefinitions ${attributes}`;
  const global = indexes(props.GlobalSecondaryIndexes);
  if (typeof global === 'string') return `GlobalSecondaryIndexes ${global}`;
  const local = indexes(props.LocalSecondaryIndexes);
  if (typeof local === 'string') return `LocalSecondaryIndexes ${local}`;
  const stream = streamSpecification(props.StreamSpecification, note);
  const timeToLive = timeToLiveAttribute(props.TimeToLiveSpecification, note);
  if (props.KinesisStreamSpecification !== undefined) {
    note('KinesisStreamSpecification', 'Kinesis streams are not created locally, so the table streams to none');
  }
  return {
    id,
    TableName: name,
    KeySchema: keySchema,
    AttributeDefinitions: attributes,
    ...(global.length ? { GlobalSecondaryIndexes: global } : {}),
    ...(local.length ? { LocalSecondaryIndexes: local } : {}),
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
    ...(timeToLive ? { timeToLive } : {}),
  };
}

/** CloudFormation's `StreamSpecification: { StreamViewType }` (its presence enables the stream). */
function streamSpecification(value: unknown, note: Note): StreamViewType | undefined {
  if (value === undefined) return undefined;
  const type = isRecord(value) ? value.StreamViewType : undefined;
  if (type instanceof Unresolved) {
    note('StreamSpecification', `the table has no stream: StreamViewType: ${type.reason}`);
    return undefined;
  }
  if (typeof type !== 'string' || !STREAM_VIEW_TYPES.includes(type)) {
    note('StreamSpecification', `the table has no stream: StreamViewType must be ${STREAM_VIEW_TYPES.join(', ')}`);
    return undefined;
  }
  return type as StreamViewType;
}

/** `TimeToLiveSpecification: { AttributeName, Enabled }`: the attribute, when enabled. */
function timeToLiveAttribute(value: unknown, note: Note): string | undefined {
  if (value === undefined) return undefined;
  const enabled = isRecord(value) ? value.Enabled : undefined;
  if (enabled === false || enabled === 'false') return undefined;
  const attribute = isRecord(value) ? value.AttributeName : undefined;
  if (enabled !== true && enabled !== 'true') {
    note('TimeToLiveSpecification', `time to live is left off: Enabled is ${enabled instanceof Unresolved ? `not known locally (${enabled.reason})` : 'not true or false'}`);
    return undefined;
  }
  if (typeof attribute !== 'string' || attribute === '') {
    note('TimeToLiveSpecification', `time to live is left off: AttributeName is ${attribute instanceof Unresolved ? `not known locally (${attribute.reason})` : 'required'}`);
    return undefined;
  }
  return attribute;
}

/**
 * A bucket's `NotificationConfiguration`: its queue configurations to queues of the template, which
 * the endpoint delivers to (moto sends S3 event messages to SQS). What it cannot deliver is said.
 */
function bucketNotifications(value: unknown, queueArns: ReadonlyMap<string, { id: string; name?: string }>, note: Note): LocalQueueNotification[] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    note('NotificationConfiguration', 'it is not a map');
    return [];
  }
  const out: LocalQueueNotification[] = [];
  const queueConfigs = value.QueueConfigurations;
  if (queueConfigs !== undefined && !Array.isArray(queueConfigs)) note('NotificationConfiguration.QueueConfigurations', 'it is not a list');
  for (const [i, config] of (Array.isArray(queueConfigs) ? queueConfigs : []).entries()) {
    const path = `NotificationConfiguration.QueueConfigurations[${i}]`;
    const read = queueNotification(config, queueArns);
    if (typeof read === 'string') note(path, read);
    else out.push(read);
  }
  const unsupported: ReadonlyArray<[string, string]> = [
    ['LambdaConfigurations', "the local endpoint (moto) would not invoke pylambda's functions; send such an event with pylambda invoke"],
    ['TopicConfigurations', 'SNS topics are not created in the local AWS endpoint'],
  ];
  for (const [key, why] of unsupported) {
    const configs = value[key];
    if (configs === undefined) continue;
    for (const [i] of (Array.isArray(configs) ? configs : [configs]).entries()) note(`NotificationConfiguration.${key}${Array.isArray(configs) ? `[${i}]` : ''}`, why);
  }
  if (value.EventBridgeConfiguration !== undefined) {
    note('NotificationConfiguration.EventBridgeConfiguration', 'no EventBridge rule is created locally, so nothing would receive the events');
  }
  return out;
}

function queueNotification(config: unknown, queueArns: ReadonlyMap<string, { id: string; name?: string }>): LocalQueueNotification | string {
  if (!isRecord(config)) return 'it is not a map';
  const unknown = firstUnresolved(config);
  if (unknown) return unknown.reason;
  if (typeof config.Event !== 'string') return 'Event is required: an S3 event type such as s3:ObjectCreated:*';
  if (typeof config.Queue !== 'string') return 'Queue is required: the ARN of a queue';
  const queue = queueArns.get(config.Queue);
  if (!queue) return `the queue ${config.Queue} is not a queue of the template (!GetAtt <Queue>.Arn), which is all the local endpoint has`;
  if (!queue.name) return `the queue ${queue.id} is not created locally`;
  const filter = filterRules(config.Filter);
  if (typeof filter === 'string') return `Filter ${filter}`;
  return { queue: queue.name, Events: [config.Event], ...(filter ? { Filter: { Key: { FilterRules: filter } } } : {}) };
}

/** CloudFormation's `Filter: { S3Key: { Rules: [{ Name, Value }] } }`; S3 (and moto) want the names in lower case. */
function filterRules(value: unknown): FilterRule[] | undefined | string {
  if (value === undefined) return undefined;
  const rules = isRecord(value) && isRecord(value.S3Key) ? value.S3Key.Rules : undefined;
  if (!Array.isArray(rules)) return 'needs S3Key.Rules: a list of prefix and suffix rules';
  const out: FilterRule[] = [];
  for (const rule of rules) {
    const name = isRecord(rule) && typeof rule.Name === 'string' ? rule.Name.toLowerCase() : undefined;
    if (!isRecord(rule) || (name !== 'prefix' && name !== 'suffix') || typeof rule.Value !== 'string') {
      return 'has a rule without a Name of prefix or suffix and a Value';
    }
    out.push({ Name: name, Value: rule.Value });
  }
  return out.length ? out : undefined;
}

function keys(value: unknown): KeyElement[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'is required: a list of key elements';
  const out: KeyElement[] = [];
  for (const element of value) {
    if (!isRecord(element) || typeof element.AttributeName !== 'string' || (element.KeyType !== 'HASH' && element.KeyType !== 'RANGE')) {
      return 'has an element without an AttributeName and a KeyType of HASH or RANGE';
    }
    out.push({ AttributeName: element.AttributeName, KeyType: element.KeyType });
  }
  return out;
}

function attributeDefinitions(value: unknown): AttributeDefinition[] | string {
  if (!Array.isArray(value)) return 'is required: a list of attributes';
  const out: AttributeDefinition[] = [];
  for (const element of value) {
    const type = isRecord(element) ? element.AttributeType : undefined;
    if (!isRecord(element) || typeof element.AttributeName !== 'string' || (type !== 'S' && type !== 'N' && type !== 'B')) {
      return 'has an element without an AttributeName and an AttributeType of S, N or B';
    }
    out.push({ AttributeName: element.AttributeName, AttributeType: type });
  }
  return out;
}

function indexes(value: unknown): LocalIndex[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return 'must be a list';
  const out: LocalIndex[] = [];
  for (const index of value) {
    if (!isRecord(index) || typeof index.IndexName !== 'string') return 'has an index without an IndexName';
    const schema = keys(index.KeySchema);
    if (typeof schema === 'string') return `${index.IndexName}: KeySchema ${schema}`;
    const projection = isRecord(index.Projection) ? index.Projection : { ProjectionType: 'ALL' };
    out.push({ IndexName: index.IndexName, KeySchema: schema, Projection: projection });
  }
  return out;
}

function readQueue(id: string, name: string, props: Record<string, unknown>): LocalQueue | string {
  const attributes: Record<string, string> = {};
  for (const key of QUEUE_ATTRIBUTES) {
    const value = props[key];
    if (value === undefined) continue;
    const unknown = firstUnresolved(value);
    if (unknown) return `${key}: ${unknown.reason}`;
    attributes[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  // SQS requires the suffix; CloudFormation adds it to the names it makes, which `!Ref` cannot know here.
  if (attributes.FifoQueue === 'true' && !name.endsWith('.fifo')) {
    return 'a FIFO queue needs a QueueName ending in .fifo to have the same name locally as its !Ref';
  }
  return { id, name, attributes };
}

function firstUnresolved(value: unknown): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) return value.map(firstUnresolved).find((u) => u !== undefined);
  if (isRecord(value)) return Object.values(value).map(firstUnresolved).find((u) => u !== undefined);
  return undefined;
}
