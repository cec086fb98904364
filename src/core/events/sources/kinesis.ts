import { UserError } from '../../errors.js';
import { contextOf, namedResource, RESOURCE_NAMES } from './arn.js';
import type { GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

// A sequence number, as the Kinesis API reference's pattern says it.
const SEQUENCE = /^(?:0|[1-9]\d{0,128})$/;
const STREAM = { service: 'kinesis', prefix: 'stream/', flag: '--stream', example: 'arn:aws:kinesis:us-east-1:123456789012:stream/my-stream', name: RESOURCE_NAMES.stream } as const;

/**
 * One Kinesis Data Streams record, as the event source mapping delivers it (AWS Lambda guide, "Using Lambda
 * with Kinesis Data Streams", example event). `data` is the record's bytes in base64: `body` gives them as
 * text, `data` as base64 already (a binary payload, a gzip or protobuf one). A stream given by ARN sets the
 * record's region and account.
 */
export function kinesisEvent(ctx: GenerateContext, options: { stream?: string; body?: string; data?: string; partitionKey?: string; sequence?: string } = {}) {
  if (options.body !== undefined && options.data !== undefined) {
    throw new UserError('--body and --data both set the record\'s data: give one', { hint: '--body takes text, --data the bytes in base64', exitCode: 2 });
  }
  if (options.data !== undefined && !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(options.data)) {
    throw new UserError(`--data must be base64 (the record's bytes), not '${options.data}'`, { hint: '--body takes the data as text', exitCode: 2 });
  }
  const stream = namedResource(ctx, STREAM, options.stream ?? 'my-stream');
  const at = contextOf(ctx, stream);
  // Sequence numbers are decimal strings of 56 digits in every sample.
  const unique = BigInt(`0x${at.newId().replaceAll('-', '')}`).toString().padStart(41, '0');
  const sequenceNumber = options.sequence ?? `49${String(at.nowMs).padStart(13, '0')}${unique}`.slice(0, 56);
  if (!SEQUENCE.test(sequenceNumber)) throw new UserError(`--sequence must be a record's sequence number, up to 129 decimal digits, not '${sequenceNumber}'`, { exitCode: 2 });
  return {
    Records: [kinesisRecord({
      partitionKey: options.partitionKey ?? '1', sequenceNumber, data: options.data ?? Buffer.from(options.body ?? 'Hello from Kinesis!').toString('base64'),
      arrivalSeconds: at.nowMs / 1000, shardId: 'shardId-000000000000', streamArn: stream.arn, region: at.region, accountId: at.accountId,
    })],
  };
}

/** What a Kinesis record of the event says, from the stream's record and where it was read. */
export interface KinesisRecordFields {
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  /** The record's bytes, in base64. */
  readonly data: string;
  /** When the stream took the record, in seconds since the epoch (with milliseconds). */
  readonly arrivalSeconds: number;
  readonly shardId: string;
  readonly streamArn: string;
  readonly region: string;
  readonly accountId: string;
}

/** One record of the event, as the event source mapping builds it (the samples' keys, in their order). */
export function kinesisRecord(f: KinesisRecordFields) {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: f.partitionKey,
      sequenceNumber: f.sequenceNumber,
      data: f.data,
      // Seconds since the epoch, with milliseconds (a JSON number, not a string).
      approximateArrivalTimestamp: f.arrivalSeconds,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${f.shardId}:${f.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: arnOf({ service: 'iam', region: f.region, accountId: f.accountId, resource: 'role/lambda-role', regionless: true }),
    awsRegion: f.region,
    eventSourceARN: f.streamArn,
  };
}
