import { isRecord } from '../fields.js';
import type { StreamSource, StreamTable } from '../event-sources.js';
import { tableStreamArn } from '../dynamodb-stream-arn.js';

/**
 * The stream a trigger reads (SAM `Kinesis`/`DynamoDB` events' `Stream`, serverless.yml `stream.arn`), and for
 * a table's stream what its records carry: the table's name, key schema and StreamViewType, so that a sample
 * record has the keys and images the real stream sends.
 */
export interface StreamLookup {
  /** The template's resources, as written. */
  readonly resources: Readonly<Record<string, unknown>>;
  /** A value with its intrinsics resolved as far as they can be locally: a string when it is known. */
  readonly resolve: (value: unknown) => unknown;
}

// GlobalTable has the same KeySchema, AttributeDefinitions, StreamSpecification and StreamArn attribute.
const TABLE_TYPES: ReadonlySet<unknown> = new Set(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']);
const VIEW_TYPES: readonly string[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'] satisfies NonNullable<StreamTable['viewType']>[];
// arn:aws:kinesis:<region>:<account>:stream/<name>[/consumer/...].
const STREAM_ARN = /^(arn:aws[\w-]*:kinesis:[\w-]+:\d{12}:stream\/[\w.-]+)(?:\/consumer\/.*)?$/;

/** What the trigger names; `service` (serverless.yml's `type`) when nothing else says which. */
export function streamSource(raw: unknown, service: StreamSource['service'] | undefined, lookup: StreamLookup): StreamSource | undefined {
  const target = pointsAt(raw);
  const resource = target ? lookup.resources[target.id] : undefined;
  if (target && isRecord(resource)) {
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    if (TABLE_TYPES.has(resource.Type) && target.attr === 'StreamArn') return { service: 'dynamodb', table: streamTable(target.id, props, lookup) };
    if (resource.Type === 'AWS::Kinesis::Stream') return { service: 'kinesis', stream: nameOf(props.Name, target.id, lookup) };
    // An enhanced fan-out consumer reads its stream's records.
    if (resource.Type === 'AWS::Kinesis::StreamConsumer') return streamSource(props.StreamARN, 'kinesis', lookup) ?? { service: 'kinesis' };
  }
  const arn = lookup.resolve(raw);
  const kinesis = typeof arn === 'string' ? STREAM_ARN.exec(arn) : null;
  if (kinesis) return { service: 'kinesis', stream: kinesis[1]! };
  const table = typeof arn === 'string' ? tableStreamArn(arn)?.table : undefined;
  if (typeof arn === 'string' && table) {
    const own = Object.entries(lookup.resources).find(([id, r]) => isRecord(r) && TABLE_TYPES.has(r.Type) && nameOf(props(r).TableName, id, lookup) === table);
    return { service: 'dynamodb', arn, table: own ? streamTable(own[0], props(own[1]), lookup) : { name: table } };
  }
  return service ? { service } : undefined;
}

const props = (resource: unknown): Record<string, unknown> => (isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {});

/** `Fn::GetAtt: [X, Attr]`, `Fn::GetAtt: X.Attr` or `Ref: X`: the resource and attribute ('' for a Ref). */
function pointsAt(raw: unknown): { id: string; attr: string } | undefined {
  if (!isRecord(raw)) return undefined;
  const att = raw['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return { id: att[0], attr: String(att[1] ?? '') };
  if (typeof att === 'string' && att.includes('.')) return { id: att.slice(0, att.indexOf('.')), attr: att.slice(att.indexOf('.') + 1) };
  return typeof raw.Ref === 'string' ? { id: raw.Ref, attr: '' } : undefined;
}

/** The explicit name, else the logical id (as intrinsics.ts names resources locally). */
function nameOf(value: unknown, id: string, lookup: StreamLookup): string {
  const name = value === undefined ? undefined : lookup.resolve(value);
  return typeof name === 'string' && name !== '' ? name : id;
}

/** A table's name, its key attributes with their types, and its stream's view type, as far as they are known. */
export function streamTable(id: string, properties: Record<string, unknown>, lookup: StreamLookup): StreamTable {
  const schema = lookup.resolve(properties.KeySchema);
  const definitions = lookup.resolve(properties.AttributeDefinitions);
  const types = new Map((Array.isArray(definitions) ? definitions : []).filter(isRecord).map((d) => [d.AttributeName, d.AttributeType]));
  const elements = (Array.isArray(schema) ? schema : []).filter(isRecord);
  // HASH first: the partition key leads Keys in every stream record, whatever order the template lists them in.
  const ordered = [...elements.filter((k) => k.KeyType === 'HASH'), ...elements.filter((k) => k.KeyType === 'RANGE')];
  const keys = ordered.map((k) => ({ name: k.AttributeName, type: types.get(k.AttributeName) }));
  const known = keys.length > 0 && keys.length === elements.length && keys.every((k): k is { name: string; type: 'S' | 'N' | 'B' } => typeof k.name === 'string' && (k.type === 'S' || k.type === 'N' || k.type === 'B'));
  const spec = lookup.resolve(properties.StreamSpecification);
  const viewType = isRecord(spec) && typeof spec.StreamViewType === 'string' && VIEW_TYPES.includes(spec.StreamViewType) ? (spec.StreamViewType as StreamTable['viewType']) : undefined;
  return { name: nameOf(properties.TableName, id, lookup), ...(known ? { keys } : {}), ...(viewType ? { viewType } : {}) };
}
