/**
 * `dev --local-aws`: a stream trigger's OnFailure destination. When the mapping gives records up (their retries or
 * age ran out), Lambda sends the destination a record of where they are in the stream (core/local-aws/
 * stream-failure-record.ts); dev sends it to the SQS queue or SNS topic on the local endpoint, or writes it (with
 * the event) to the S3 bucket there.
 */
import { randomUUID } from 'node:crypto';
import type { PolledRecord } from '../core/local-aws/stream-checkpoints.js';
import { mappingUuid, streamFailureObject, streamFailureRecord, type GivenUpBatch, type GiveUpCondition } from '../core/local-aws/stream-failure-record.js';
import type { StreamMapping } from '../core/local-aws/stream-mappings.js';
import type { ReadFrom } from '../core/local-aws/stream-records.js';
import { functionArn } from '../core/runtime/environment.js';
import type { BatchInvocation, TriggerPollerOptions } from './dev-poller-loops.js';
import { DESTINATION_KIND, putInBucket, sendToDestination } from './local-aws-destinations.js';

export interface GivenUp {
  readonly mapping: StreamMapping;
  /** The function's name, for its ARN. */
  readonly functionName: string;
  readonly from: ReadFrom;
  readonly records: readonly PolledRecord[];
  readonly condition: GiveUpCondition;
  readonly invocations: number;
  /** The last invocation, absent when the records were too old to be given to the function. */
  readonly last?: BatchInvocation;
  /** The last invocation's event (the records' event, when there was none): an S3 destination's record holds it. */
  readonly event: string;
}

/** Sends the record of records given up to the mapping's OnFailure destination; says what became of it (undefined: none set). */
export async function sendOnFailure(options: Pick<TriggerPollerOptions, 'endpoint' | 'region' | 'accountId'>, given: GivenUp): Promise<string | undefined> {
  const destination = given.mapping.onFailure;
  if (!destination || given.records.length === 0) return undefined;
  const where = `OnFailure ${DESTINATION_KIND[destination.type]} ${destination.arn}`;
  const { last } = given;
  const batch: GivenUpBatch = {
    service: given.mapping.service, condition: given.condition, requestId: last?.requestId ?? randomUUID(),
    functionArn: functionArn(given.functionName, given.from.region, given.from.accountId), invocations: given.invocations,
    ...(last ? { response: { statusCode: last.statusCode, functionError: last.statusCode === 200 && last.functionError } } : {}),
    records: given.records, shardId: given.from.shardId, streamArn: given.from.streamArn, nowMs: Date.now(),
  };
  const local = { endpoint: options.endpoint, region: options.region() };
  try {
    if (destination.type === 'sqs' || destination.type === 'sns') {
      await sendToDestination(local, { type: destination.type, arn: destination.arn }, JSON.stringify(streamFailureRecord(batch)));
      return `record sent to ${where}`;
    }
    if (destination.type !== 's3') return `${where}: dev sends no record to ${DESTINATION_KIND[destination.type]} destinations`;
    const { key, body } = streamFailureObject(batch, given.event, mappingUuid(given.mapping.functionId, given.mapping.sourceId), randomUUID());
    await putInBucket(local, destination.arn, key, body);
    return `record written to ${where} as ${key}`;
  } catch (error) {
    return `${where}: record not sent to the local endpoint (${error instanceof Error ? error.message : String(error)})`;
  }
}
