/**
 * A stream's records as GetRecords returns them (Kinesis's, DynamoDB Streams'), turned into the records of the event
 * Lambda builds of a batch, by the same code as `events generate kinesis` and `dynamodb`; and what the mapping's
 * filters are matched against.
 */
import { kinesisRecord } from '../events/sources/kinesis.js';
import { dynamodbRecord, type DynamodbStreamRecord } from '../events/sources/storage.js';
import type { PolledRecord } from './stream-checkpoints.js';

/** A record of Kinesis's GetRecords (JSON protocol: Data in base64, the timestamp in seconds). */
export interface KinesisGetRecord {
  readonly SequenceNumber: string;
  readonly ApproximateArrivalTimestamp: number;
  readonly Data: string;
  readonly PartitionKey: string;
}

/** Where records were read: the event's eventSourceARN is the stream's (a table's stream's, for DynamoDB). */
export interface ReadFrom {
  readonly streamArn: string;
  readonly shardId: string;
  readonly region: string;
  readonly accountId: string;
}

export type StreamRecord =
  | { readonly service: 'kinesis'; readonly record: KinesisGetRecord }
  | { readonly service: 'dynamodb'; readonly record: DynamodbStreamRecord };

/** Its sequence number (a partial batch response's itemIdentifier) and when the stream took it. */
export function polled(r: StreamRecord): PolledRecord {
  return r.service === 'kinesis'
    ? { sequenceNumber: r.record.SequenceNumber, arrivalMs: r.record.ApproximateArrivalTimestamp * 1000 }
    : { sequenceNumber: r.record.dynamodb.SequenceNumber, arrivalMs: r.record.dynamodb.ApproximateCreationDateTime * 1000 };
}

/** The event a batch is delivered as. */
export function streamBatchEvent(records: readonly StreamRecord[], from: ReadFrom) {
  return { Records: records.map((r) => eventRecord(r, from)) };
}

function eventRecord(r: StreamRecord, from: ReadFrom) {
  if (r.service === 'kinesis') {
    const k = r.record;
    return kinesisRecord({ partitionKey: k.PartitionKey, sequenceNumber: k.SequenceNumber, data: k.Data, arrivalSeconds: k.ApproximateArrivalTimestamp, ...from });
  }
  return dynamodbRecord(r.record, from);
}

/**
 * What the mapping's filters see of a record ("Using event filtering with a Kinesis event source": only `data`, and
 * only when it is JSON; "... with a DynamoDB event source": the record, `dynamodb`'s images in typed JSON).
 */
export function filterView(r: StreamRecord, from: ReadFrom): unknown {
  if (r.service === 'dynamodb') return eventRecord(r, from);
  try {
    return { data: JSON.parse(Buffer.from(r.record.Data, 'base64').toString('utf8')) as unknown };
  } catch {
    return {};
  }
}
