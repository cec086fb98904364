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

/** One S3 notification (sample: powertools s3Event.json). Keys are URL-encoded in S3 events. */
export function s3Event(ctx: GenerateContext, options: { bucket?: string; key?: string; eventName?: string; size?: number } = {}) {
  const bucket = options.bucket ?? 'my-bucket';
  const key = options.key ?? 'uploads/example.txt';
  const id = ctx.newId().replaceAll('-', '').toUpperCase();
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: ctx.region,
        eventTime: new Date(ctx.nowMs).toISOString(),
        eventName: options.eventName ?? 'ObjectCreated:Put',
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
            size: options.size ?? 1024,
            eTag: id.slice(0, 32).toLowerCase(),
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

/** One DynamoDB stream record (sample: powertools dynamoStreamEvent.json). */
export function dynamodbEvent(ctx: GenerateContext, options: { table?: string; eventName?: 'INSERT' | 'MODIFY' | 'REMOVE'; keys?: Record<string, unknown>; newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> } = {}) {
  const eventName = options.eventName ?? 'INSERT';
  const keys = options.keys ?? { id: '1' };
  const newImage = options.newImage ?? (eventName === 'REMOVE' ? undefined : { ...keys, message: 'New item!' });
  const oldImage = options.oldImage ?? (eventName === 'INSERT' ? undefined : { ...keys, message: 'Old item' });
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
