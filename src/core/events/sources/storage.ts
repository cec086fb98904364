import { UserError } from '../../errors.js';
import { tableStreamArn } from '../../model/dynamodb-stream-arn.js';
import type { GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

/**
 * The eventName values of S3 notification records: the configured event type without its `s3:`
 * prefix, and never a wildcard (docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html).
 */
export const S3_EVENT_NAMES = [
  'ObjectCreated:Put', 'ObjectCreated:Post', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete', 'ObjectRemoved:DeleteMarkerCreated',
  'ObjectRestore:Post', 'ObjectRestore:Completed', 'ObjectRestore:Delete',
  'ReducedRedundancyLostObject',
  'Replication:OperationFailedReplication', 'Replication:OperationMissedThreshold', 'Replication:OperationReplicatedAfterThreshold', 'Replication:OperationNotTracked',
  'LifecycleExpiration:Delete', 'LifecycleExpiration:DeleteMarkerCreated', 'LifecycleTransition',
  'IntelligentTiering', 'ObjectTagging:Put', 'ObjectTagging:Delete', 'ObjectAcl:Put',
] as const;

/**
 * Whether records of an event name describe the object's content (size, eTag). The S3 guide's "Event
 * message structure" shows one shape, with both, for every event, but real object deletion records have
 * neither (aws-powertools/powertools-lambda-python#4156, checked on a deployed stack, fixed by #4173;
 * awslabs/swift-aws-lambda-runtime#194, a real DeleteMarkerCreated record without size). A delete marker
 * is no content either, so a handler is shown both removals without them, the shape it must survive.
 * Deletions by a lifecycle rule are the same (a real LifecycleExpiration:Delete record without either:
 * aws-powertools/powertools-lambda-python#5129, fixed by #5250).
 */
export function s3RecordHasContent(eventName: string): boolean {
  return !eventName.startsWith('ObjectRemoved:') && !eventName.startsWith('LifecycleExpiration:');
}

/**
 * A key that a trigger's filter lets through (S3 sends a function only keys with its prefix and suffix):
 * `uploads/example.txt` unless the filter says otherwise. A prefix that ends mid-word (`test`) reads as a
 * folder (`test/example.txt`), a suffix that is not a separator's (`csv`) as an extension (`example.csv`).
 */
export function s3SampleKey(filter: { readonly prefix?: string; readonly suffix?: string } = {}): string {
  const { prefix, suffix } = filter;
  const folder = prefix === undefined ? 'uploads/' : /[A-Za-z0-9]$/.test(prefix) ? `${prefix}/` : prefix;
  const name = suffix === undefined ? 'example.txt' : /^[A-Za-z0-9]/.test(suffix) ? `example.${suffix}` : `example${suffix}`;
  return `${folder}${name}`;
}

/** One S3 notification (sample: powertools s3Event.json). Keys are URL-encoded in S3 events. */
export function s3Event(ctx: GenerateContext, options: { bucket?: string; key?: string; eventName?: string; size?: number } = {}) {
  const bucket = options.bucket ?? 'my-bucket';
  const key = options.key ?? s3SampleKey();
  const eventName = options.eventName ?? 'ObjectCreated:Put';
  const id = ctx.newId().replaceAll('-', '').toUpperCase();
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: ctx.region,
        eventTime: new Date(ctx.nowMs).toISOString(),
        eventName,
        userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': id.slice(0, 16), 'x-amz-id-2': `${id}/EXAMPLE=` },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: ctx.newId(),
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' }, arn: arnOf({ service: 's3', region: ctx.region, accountId: '', resource: bucket, regionless: true }) },
          object: {
            key: s3EventKey(key),
            ...(s3RecordHasContent(eventName) ? { size: options.size ?? 1024, eTag: id.slice(0, 32).toLowerCase() } : {}),
            sequencer: id.slice(0, 18),
          },
        },
      },
    ],
  };
}

/**
 * A key as S3 writes it into an event: form-encoded ("the object key name value is URL encoded. For example, "red
 * flower.jpg" becomes "red+flower.jpg"", notification-content-structure.html, S3 naming application/x-www-form-urlencoded
 * as its content type), so parentheses and other marks are escaped too (a "photo (1).jpg" arrives as
 * "photo+%281%29.jpg"), except the slashes, which S3 leaves as they are (minio/minio#11665, from AWS's own events).
 */
export function s3EventKey(key: string): string {
  return new URLSearchParams([['', key]]).toString().slice(1).replaceAll('%2F', '/');
}

type DynamoValue = { S: string } | { N: string } | { B: string } | { BOOL: boolean } | { NULL: true } | { L: DynamoValue[] } | { M: Record<string, DynamoValue> };

/** Plain JSON to DynamoDB's typed JSON, as streams carry it. */
export function toDynamoJson(value: unknown): DynamoValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoJson) };
  return { M: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toDynamoJson(v)])) };
}

function image(item: Record<string, unknown>): Record<string, DynamoValue> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toDynamoJson(v)]));
}

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/**
 * The images a NEW_AND_OLD_IMAGES stream record carries: NewImage is the item after the change and OldImage
 * the item before it (DynamoDB Streams API reference, StreamRecord), so an INSERT has no OldImage and a
 * REMOVE no NewImage.
 */
export const STREAM_IMAGES: Readonly<Record<StreamEventName, { readonly NewImage: boolean; readonly OldImage: boolean }>> = {
  INSERT: { NewImage: true, OldImage: false },
  MODIFY: { NewImage: true, OldImage: true },
  REMOVE: { NewImage: false, OldImage: true },
};

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/**
 * The images a stream of each view type writes (DynamoDB developer guide, "Change data capture for DynamoDB
 * Streams", StreamViewType): KEYS_ONLY records carry only the keys.
 */
export const VIEW_IMAGES: Readonly<Record<StreamViewType, { readonly NewImage: boolean; readonly OldImage: boolean }>> = {
  KEYS_ONLY: { NewImage: false, OldImage: false },
  NEW_IMAGE: { NewImage: true, OldImage: false },
  OLD_IMAGE: { NewImage: false, OldImage: true },
  NEW_AND_OLD_IMAGES: { NewImage: true, OldImage: true },
};

/** A key attribute of a table (its KeySchema, with the type AttributeDefinitions give it). */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

/** Sample key values of each type: the B one is the bytes 0x01, base64 as streams carry binary values. */
const SAMPLE_KEY: Readonly<Record<KeyAttribute['type'], DynamoValue>> = { S: { S: '1' }, N: { N: '1' }, B: { B: 'AQ==' } };

export interface DynamodbEventOptions {
  readonly table?: string;
  /** The table's stream, by ARN: its table, region and account are the records'. */
  readonly streamArn?: string;
  /** One record, or a record of each of the item's changes in turn (SAM CLI's `dynamodb update`: INSERT, MODIFY, REMOVE). */
  readonly eventName?: StreamEventName | readonly StreamEventName[];
  /** The item's keys, as plain JSON; without them, sample values for `keySchema` (default: the Lambda guide's number `Id`, 101). */
  readonly keys?: Record<string, unknown>;
  readonly keySchema?: readonly KeyAttribute[];
  readonly newImage?: Record<string, unknown>;
  readonly oldImage?: Record<string, unknown>;
  readonly viewType?: StreamViewType;
}

// The item of the Lambda guide's example event and SAM CLI's DynamoDBUpdate.json: key Id 101, a Message that changes.
const SAMPLE_ITEM_KEYS: Readonly<Record<string, DynamoValue>> = { Id: { N: '101' } };
const itemVersion = (n: number): string => (n === 0 ? 'New item!' : n === 1 ? 'This item has changed' : `This item has changed (${n})`);

/**
 * DynamoDB stream records (sample: powertools dynamoStreamEvent.json): one, or one for each change of the item
 * in turn. Each has the images both its event (STREAM_IMAGES) and the stream's view type (VIEW_IMAGES) give it;
 * an image it cannot have is refused, and so is a change the item cannot have (a MODIFY of an item removed).
 */
export function dynamodbEvent(ctx: GenerateContext, options: DynamodbEventOptions = {}) {
  const eventNames: readonly StreamEventName[] = typeof options.eventName === 'string' ? [options.eventName] : options.eventName ?? ['INSERT'];
  const viewType = options.viewType ?? 'NEW_AND_OLD_IMAGES';
  if (eventNames.length === 0) throw new UserError('a DynamoDB stream event has at least one record', { exitCode: 2 });
  if (eventNames.length > 1 && (options.newImage !== undefined || options.oldImage !== undefined)) {
    throw new UserError(`an item's image is one record's: with ${eventNames.join(', ')}, each record has the item as that change left it`, { hint: 'give one --event-name with --new-image', exitCode: 2 });
  }
  const keys = options.keys ? image(options.keys) : options.keySchema ? Object.fromEntries(options.keySchema.map((k) => [k.name, SAMPLE_KEY[k.type]])) : { ...SAMPLE_ITEM_KEYS };
  const stream = streamOf(ctx, options);
  const stamp = new Date(ctx.nowMs).toISOString().slice(0, 23);
  const streamArn = stream.arn ?? arnOf({ service: 'dynamodb', region: stream.region, accountId: stream.accountId, resource: `table/${stream.table}/stream/${stamp}` });
  let version = 0;
  let exists: boolean | undefined;
  const records = eventNames.map((eventName, i) => {
    if (exists === true && eventName === 'INSERT') throw new UserError(`an INSERT cannot follow ${eventNames[i - 1]}: the item is there, and its change is a MODIFY`, { exitCode: 2 });
    if (exists === false && eventName !== 'INSERT') throw new UserError(`a ${eventName} cannot follow REMOVE: the item is gone until an INSERT`, { exitCode: 2 });
    if (eventName === 'INSERT' && exists === false) version += 1;
    const before = eventName === 'INSERT' ? undefined : { ...keys, Message: { S: itemVersion(version) } };
    if (eventName === 'MODIFY') version += 1;
    const after = eventName === 'REMOVE' ? undefined : { ...keys, Message: { S: itemVersion(version) } };
    exists = eventName !== 'REMOVE';
    const { newImage, oldImage } = images(eventName, viewType, options, after, before);
    return dynamodbRecord({
      eventID: ctx.newId().replaceAll('-', ''), eventName,
      dynamodb: {
        ApproximateCreationDateTime: ctx.nowMs / 1000, Keys: keys, ...(newImage ? { NewImage: newImage } : {}), ...(oldImage ? { OldImage: oldImage } : {}), StreamViewType: viewType,
        // Stream records of one shard have increasing sequence numbers.
        SequenceNumber: String(ctx.nowMs + i), SizeBytes: [keys, newImage, oldImage].reduce((sum, item) => sum + itemSize(item ?? {}), 0),
      },
    }, { region: stream.region, streamArn });
  });
  return { Records: records };
}

/**
 * The bytes DynamoDB counts for an item, which a stream record's SizeBytes adds up for its Keys and images
 * (the Lambda guide's example: Keys {Id: 101} and NewImage {Message: "New item!", Id: 101} are 26 bytes). The
 * rules are the developer guide's "Item sizes and formats": a name and a string are their UTF-8 bytes, a
 * number one byte per two significant digits plus one, a binary its bytes, a boolean or null one byte, a
 * list or map three bytes plus one per element.
 */
export function itemSize(item: Readonly<Record<string, DynamoValue>>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

function valueSize(value: DynamoValue): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('N' in value) {
    const digits = value.N.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('L' in value) return 3 + value.L.reduce((sum, v) => sum + 1 + valueSize(v), 0);
  if ('M' in value) return 3 + Object.entries(value.M).reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name) + valueSize(v), 0);
  return 1;
}

/** The images the record carries: the item given, else the sample item's version; one it cannot carry is refused. */
function images(eventName: StreamEventName, viewType: StreamViewType, options: DynamodbEventOptions, after: Record<string, DynamoValue> | undefined, before: Record<string, DynamoValue> | undefined) {
  const has = { NewImage: STREAM_IMAGES[eventName].NewImage && VIEW_IMAGES[viewType].NewImage, OldImage: STREAM_IMAGES[eventName].OldImage && VIEW_IMAGES[viewType].OldImage };
  for (const [which, given] of [['NewImage', options.newImage], ['OldImage', options.oldImage]] as const) {
    if (given === undefined || has[which]) continue;
    const why = STREAM_IMAGES[eventName][which] ? `a ${viewType} stream writes no ${which}` : `${eventName === 'INSERT' ? 'an' : 'a'} ${eventName} stream record has no ${which}`;
    throw new UserError(why, { exitCode: 2 });
  }
  return {
    newImage: has.NewImage ? (options.newImage ? image(options.newImage) : after) : undefined,
    oldImage: has.OldImage ? (options.oldImage ? image(options.oldImage) : before) : undefined,
  };
}

/** The stream's table, region and account: those of its ARN when given (a table in eu-west-1 sends records of eu-west-1). */
function streamOf(ctx: GenerateContext, options: DynamodbEventOptions): { table: string; region: string; accountId: string; arn?: string } {
  if (options.streamArn === undefined) return { table: options.table ?? 'my-table', region: ctx.region, accountId: ctx.accountId };
  const stream = tableStreamArn(options.streamArn);
  if (!stream) {
    throw new UserError(`--stream for dynamodb is a table's stream ARN, like arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/2024-01-01T00:00:00.000, not '${options.streamArn}'`, { hint: '--table names the table', exitCode: 2 });
  }
  if (options.table !== undefined && options.table !== stream.table) throw new UserError(`--table ${options.table} is not the table of --stream, ${stream.table}: give one`, { exitCode: 2 });
  return { table: stream.table, region: stream.region, accountId: stream.accountId, arn: options.streamArn };
}

/** A record of DynamoDB Streams (GetRecords), which the event's record carries: the item's keys and images in typed JSON. */
export interface DynamodbStreamRecord {
  readonly eventID: string;
  readonly eventName: StreamEventName;
  readonly dynamodb: {
    /** Seconds since the epoch. */
    readonly ApproximateCreationDateTime: number;
    readonly Keys: Readonly<Record<string, unknown>>;
    readonly NewImage?: Readonly<Record<string, unknown>>;
    readonly OldImage?: Readonly<Record<string, unknown>>;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: StreamViewType;
  };
}

/** One record of the event, as the event source mapping builds it of the stream's (the samples' keys, in their order). */
export function dynamodbRecord(record: DynamodbStreamRecord, stream: { readonly region: string; readonly streamArn: string }) {
  const d = record.dynamodb;
  return {
    eventID: record.eventID,
    eventVersion: '1.1',
    dynamodb: {
      // Whole seconds in the event, as in the samples and in DynamoDB Streams' own records.
      ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime),
      Keys: d.Keys,
      ...(d.NewImage ? { NewImage: d.NewImage } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage } : {}),
      StreamViewType: d.StreamViewType,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
    },
    awsRegion: stream.region,
    eventName: record.eventName,
    eventSourceARN: stream.streamArn,
    eventSource: 'aws:dynamodb',
  };
}
