/**
 * The resources a local AWS endpoint creates for a template: DynamoDB tables, S3 buckets and SQS queues,
 * named as `!Ref` names them locally (cfn/intrinsics.ts `resourceName`: the explicit name property, else
 * the logical id), so a function's `TABLE_NAME: !Ref TodoTable` finds its table.
 */
import type { Diagnostic } from '../errors.js';
import { Unresolved, resourceName } from '../model/cfn/intrinsics.js';
import { isRecord } from '../model/fields.js';
import { resourceProperties, type ParsedTemplate } from '../model/sam/template.js';

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

/** CreateTable's arguments. Billing is always on demand: throughput means nothing locally. */
export interface LocalTable {
  readonly id: string;
  readonly TableName: string;
  readonly KeySchema: readonly KeyElement[];
  readonly AttributeDefinitions: readonly AttributeDefinition[];
  readonly GlobalSecondaryIndexes?: readonly LocalIndex[];
  readonly LocalSecondaryIndexes?: readonly LocalIndex[];
}

export interface LocalBucket {
  readonly id: string;
  readonly name: string;
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
}

/** SimpleTable's PrimaryKey.Type (SAM specification) to DynamoDB's attribute types. */
const SIMPLE_TYPES: Readonly<Record<string, AttributeDefinition['AttributeType']>> = { String: 'S', Number: 'N', Binary: 'B' };

/** CloudFormation's SQS properties that are CreateQueue attributes of the same name. */
const QUEUE_ATTRIBUTES = [
  'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds', 'VisibilityTimeout',
  'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit', 'RedrivePolicy',
] as const;

/** What to create, and a warning for each resource that cannot be (it is left out, the rest goes on). */
export function localAwsResources(template: ParsedTemplate, file: string): { spec: LocalAwsSpec; diagnostics: Diagnostic[] } {
  const tables: LocalTable[] = [];
  const buckets: LocalBucket[] = [];
  const queues: LocalQueue[] = [];
  const diagnostics: Diagnostic[] = [];
  const skip = (id: string, why: string) => diagnostics.push({ severity: 'warning', file, path: `Resources.${id}`, message: `not created in the local AWS endpoint: ${why}` });
  for (const [id, resource] of Object.entries(template.resources)) {
    const type = isRecord(resource) ? resource.Type : undefined;
    if (type !== 'AWS::DynamoDB::Table' && type !== 'AWS::Serverless::SimpleTable' && type !== 'AWS::S3::Bucket' && type !== 'AWS::SQS::Queue') continue;
    const name = resourceName(id, template.context);
    const props = resourceProperties(template, id);
    if (type === 'AWS::S3::Bucket') {
      buckets.push({ id, name });
    } else if (type === 'AWS::SQS::Queue') {
      const queue = readQueue(id, name, props);
      if (typeof queue === 'string') skip(id, queue);
      else queues.push(queue);
    } else {
      const table = type === 'AWS::Serverless::SimpleTable' ? simpleTable(id, name, props) : readTable(id, name, props);
      if (typeof table === 'string') skip(id, table);
      else tables.push(table);
    }
  }
  return { spec: { tables, buckets, queues }, diagnostics };
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

function readTable(id: string, name: string, props: Record<string, unknown>): LocalTable | string {
  const keySchema = keys(props.KeySchema);
  if (typeof keySchema === 'string') return `KeySchema ${keySchema}`;
  const attributes = attributeDefinitions(props.AttributeDefinitions);
  if (typeof attributes === 'string') return `AttributeDefinitions ${attributes}`;
  const global = indexes(props.GlobalSecondaryIndexes);
  if (typeof global === 'string') return `GlobalSecondaryIndexes ${global}`;
  const local = indexes(props.LocalSecondaryIndexes);
  if (typeof local === 'string') return `LocalSecondaryIndexes ${local}`;
  return {
    id,
    TableName: name,
    KeySchema: keySchema,
    AttributeDefinitions: attributes,
    ...(global.length ? { GlobalSecondaryIndexes: global } : {}),
    ...(local.length ? { LocalSecondaryIndexes: local } : {}),
  };
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
