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

type DynamoValue = { S: string } | { N: string } | { BOOL: boolean } | { NULL: true } | { L: DynamoValue[] } | { M: Record<string, DynamoValue> };

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

/** One DynamoDB stream record (sample: powertools dynamoStreamEvent.json). An image the record cannot have is refused. */
export function dynamodbEvent(ctx: GenerateContext, options: { table?: string; eventName?: StreamEventName; keys?: Record<string, unknown>; newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> } = {}) {
  const eventName = options.eventName ?? 'INSERT';
  const has = STREAM_IMAGES[eventName];
  for (const [which, given] of [['NewImage', options.newImage], ['OldImage', options.oldImage]] as const) {
    if (given !== undefined && !has[which]) throw new UserError(`${eventName === 'INSERT' ? 'an' : 'a'} ${eventName} stream record has no ${which}`, { exitCode: 2 });
  }
  const keys = options.keys ?? { id: '1' };
  const newImage = has.NewImage ? (options.newImage ?? { ...keys, message: 'New item!' }) : undefined;
  const oldImage = has.OldImage ? (options.oldImage ?? { ...keys, message: 'Old item' }) : undefined;
  const table = options.table ?? 'my-table';
  const stamp = new Date(ctx.nowMs).toISOString().slice(0, 23);
  return {
    Records: [
      {
        eventID: ctx.newId().replaceAll('-', ''),
        eventVersion: '1.1',
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(ctx.nowMs / 1000),
          Keys: image(keys),
          ...(newImage ? { NewImage: image(newImage) } : {}),
          ...(oldImage ? { OldImage: image(oldImage) } : {}),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
          SequenceNumber: String(ctx.nowMs),
          SizeBytes: JSON.stringify({ keys, newImage, oldImage }).length,
        },
        awsRegion: ctx.region,
        eventName,
        eventSourceARN: `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${table}/stream/${stamp}`,
        eventSource: 'aws:dynamodb',
      },
    ],
  };
}
