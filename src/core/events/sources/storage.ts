import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';

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
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' }, arn: `arn:aws:s3:::${bucket}` },
          object: {
            // S3 events carry the key URL-encoded with '+' for spaces.
            key: encodeURIComponent(key).replaceAll('%2F', '/').replaceAll('%20', '+'),
            ...(s3RecordHasContent(eventName) ? { size: options.size ?? 1024, eTag: id.slice(0, 32).toLowerCase() } : {}),
            sequencer: id.slice(0, 18),
          },
        },
      },
    ],
  };
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
  readonly eventName?: StreamEventName;
  /** The item's keys, as plain JSON; without them, sample values for `keySchema` (default: a string `id`). */
  readonly keys?: Record<string, unknown>;
  readonly keySchema?: readonly KeyAttribute[];
  readonly newImage?: Record<string, unknown>;
  readonly oldImage?: Record<string, unknown>;
  readonly viewType?: StreamViewType;
}

/**
 * One DynamoDB stream record (sample: powertools dynamoStreamEvent.json). It has the images both its event
 * (STREAM_IMAGES) and the stream's view type (VIEW_IMAGES) give it; an image it cannot have is refused.
 */
export function dynamodbEvent(ctx: GenerateContext, options: DynamodbEventOptions = {}) {
  const eventName = options.eventName ?? 'INSERT';
  const viewType = options.viewType ?? 'NEW_AND_OLD_IMAGES';
  const has = { NewImage: STREAM_IMAGES[eventName].NewImage && VIEW_IMAGES[viewType].NewImage, OldImage: STREAM_IMAGES[eventName].OldImage && VIEW_IMAGES[viewType].OldImage };
  for (const [which, given] of [['NewImage', options.newImage], ['OldImage', options.oldImage]] as const) {
    if (given === undefined || has[which]) continue;
    const why = STREAM_IMAGES[eventName][which] ? `a ${viewType} stream writes no ${which}` : `${eventName === 'INSERT' ? 'an' : 'a'} ${eventName} stream record has no ${which}`;
    throw new UserError(why, { exitCode: 2 });
  }
  const keys = options.keys ? image(options.keys) : Object.fromEntries((options.keySchema ?? [{ name: 'id', type: 'S' }]).map((k) => [k.name, SAMPLE_KEY[k.type]]));
  const newImage = has.NewImage ? (options.newImage ? image(options.newImage) : { ...keys, message: { S: 'New item!' } }) : undefined;
  const oldImage = has.OldImage ? (options.oldImage ? image(options.oldImage) : { ...keys, message: { S: 'Old item' } }) : undefined;
  const table = options.table ?? 'my-table';
  const stamp = new Date(ctx.nowMs).toISOString().slice(0, 23);
  return {
    Records: [dynamodbRecord({
      eventID: ctx.newId().replaceAll('-', ''), eventName, keys, ...(newImage ? { newImage } : {}), ...(oldImage ? { oldImage } : {}), viewType,
      sequenceNumber: String(ctx.nowMs), sizeBytes: JSON.stringify({ keys, newImage, oldImage }).length, createdSeconds: Math.floor(ctx.nowMs / 1000),
      region: ctx.region, streamArn: `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${table}/stream/${stamp}`,
    })],
  };
}

/** What a DynamoDB stream record of the event says: the stream's record (images in DynamoDB's typed JSON), and its stream. */
export interface DynamodbRecordFields {
  readonly eventID: string;
  readonly eventName: StreamEventName;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly newImage?: Readonly<Record<string, unknown>>;
  readonly oldImage?: Readonly<Record<string, unknown>>;
  readonly viewType: StreamViewType;
  readonly sequenceNumber: string;
  readonly sizeBytes: number;
  /** Seconds since the epoch. */
  readonly createdSeconds: number;
  readonly region: string;
  readonly streamArn: string;
}

/** One record of the event, as the event source mapping builds it (the samples' keys, in their order). */
export function dynamodbRecord(f: DynamodbRecordFields) {
  return {
    eventID: f.eventID,
    eventVersion: '1.1',
    dynamodb: {
      ApproximateCreationDateTime: f.createdSeconds,
      Keys: f.keys,
      ...(f.newImage ? { NewImage: f.newImage } : {}),
      ...(f.oldImage ? { OldImage: f.oldImage } : {}),
      StreamViewType: f.viewType,
      SequenceNumber: f.sequenceNumber,
      SizeBytes: f.sizeBytes,
    },
    awsRegion: f.region,
    eventName: f.eventName,
    eventSourceARN: f.streamArn,
    eventSource: 'aws:dynamodb',
  };
}
