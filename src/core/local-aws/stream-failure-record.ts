/**
 * What a stream's event source mapping sends its OnFailure destination when it gives a batch up (Lambda developer
 * guide, "Retain discarded batch records for a Kinesis Data Streams event source", and the same page for DynamoDB:
 * the example invocation records, whose keys and order this follows). The records themselves are not in it, only
 * where they are in the stream, which still holds them.
 */
import { createHash } from 'node:crypto';
import { s3RecordKeyTail } from './s3-record-key.js';
import type { PolledRecord } from './stream-checkpoints.js';

/** requestContext.condition: why the records were given up. */
export type GiveUpCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface GivenUpBatch {
  readonly service: 'kinesis' | 'dynamodb';
  readonly condition: GiveUpCondition;
  /** The last invocation's request id (a fresh one when none was made). */
  readonly requestId: string;
  /** The function's unqualified ARN, as the examples name it. */
  readonly functionArn: string;
  /** How many times the function was given these records (0: they were too old before any invocation). */
  readonly invocations: number;
  /** The last invocation's answer, absent when none was made. */
  readonly response?: { readonly statusCode: number; readonly functionError: boolean };
  /** The records given up, in stream order (at least one). */
  readonly records: readonly PolledRecord[];
  readonly shardId: string;
  readonly streamArn: string;
  /** When the record is made: its timestamp. */
  readonly nowMs: number;
}

export function streamFailureRecord(batch: GivenUpBatch): Record<string, unknown> {
  const first = batch.records[0]!;
  const last = batch.records[batch.records.length - 1]!;
  // Kinesis's arrival times have milliseconds ("2019-11-14T00:38:04.835Z"); DynamoDB's whole seconds ("2019-11-14T00:13:19Z"),
  // as its records' ApproximateCreationDateTime.
  const arrival = (ms: number) => (batch.service === 'kinesis' ? new Date(ms).toISOString() : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
  return {
    requestContext: { requestId: batch.requestId, functionArn: batch.functionArn, condition: batch.condition, approximateInvokeCount: batch.invocations },
    ...(batch.response
      ? { responseContext: { statusCode: batch.response.statusCode, executedVersion: '$LATEST', ...(batch.response.functionError ? { functionError: 'Unhandled' } : {}) } }
      : {}),
    version: '1.0',
    timestamp: new Date(batch.nowMs).toISOString(),
    [batch.service === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: {
      shardId: batch.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first.arrivalMs),
      approximateArrivalOfLastRecord: arrival(last.arrivalMs),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  };
}

/**
 * What Lambda writes to an S3 OnFailure destination (same page, "Example Amazon S3 invocation record"): the record
 * of the other destinations and `payload`, the whole event of the last invocation as a JSON string, in an object named
 * `aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>`.
 */
export function streamFailureObject(batch: GivenUpBatch, event: string, mappingUuid: string, objectUuid: string): { readonly key: string; readonly body: string } {
  const key = `aws/lambda/${mappingUuid}/${batch.shardId}/${s3RecordKeyTail(batch.nowMs, objectUuid)}`;
  return { key, body: JSON.stringify({ ...streamFailureRecord(batch), payload: event }) };
}

/**
 * The UUID of a mapping, in the S3 destination's keys: dev has no mapping resource to take it from, so one made from
 * the function's and the trigger's ids, the same in every run (a UUID's version 4 and variant bits set).
 */
export function mappingUuid(functionId: string, sourceId: string): string {
  const hex = createHash('sha256').update(`${functionId}\0${sourceId}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
