/**
 * What a stream's event source mapping does after a batch (Lambda developer guide, "Using Lambda with Kinesis Data
 * Streams": polling and batching, error handling; "Configuring partial batch response with Kinesis Data Streams"):
 * records of one shard go in order, and a batch the function fails is retried, blocking the shard, until it succeeds
 * or MaximumRetryAttempts or MaximumRecordAgeInSeconds runs out; then it is skipped. With ReportBatchItemFailures the
 * checkpoint goes before the lowest sequence number the function names, and only what follows is retried. With
 * BisectBatchOnFunctionError a failed invocation's batch is split in two, and the first half retried.
 */
import { reportedFailures } from './batch-item-failures.js';
import type { StreamMapping } from './stream-mappings.js';

export interface PolledRecord {
  readonly sequenceNumber: string;
  /** When the stream took the record, in milliseconds since the epoch. */
  readonly arrivalMs: number;
}

export interface BatchOutcome {
  readonly functionError: boolean;
  readonly payload: string;
}

export interface BatchVerdict {
  /** Records at the batch's head the function processed: the checkpoint moves past them. */
  readonly processed: number;
  /** Records after those that are given up (checkpointed without success). */
  readonly skipped: number;
  /** Why they were given up. */
  readonly skippedFor?: 'retries' | 'age';
  /** How many times the function was given the records given up (their OnFailure record's approximateInvokeCount). */
  readonly invocations?: number;
  /** Records after the processed ones to deliver again, and the retry that is (1 for the first). */
  readonly retry?: { readonly size: number; readonly attempt: number };
}

type Rules = Pick<StreamMapping, 'reportBatchItemFailures' | 'bisectBatchOnFunctionError' | 'maximumRetryAttempts' | 'maximumRecordAgeSeconds'>;

/**
 * The verdict on a batch the function was given: `retries` is how many times its first record has been retried so far,
 * `nowMs` the time now (for MaximumRecordAgeInSeconds).
 */
export function afterBatch(rules: Rules, batch: readonly PolledRecord[], outcome: BatchOutcome, retries: number, nowMs: number): BatchVerdict {
  const failed = firstFailure(rules, batch, outcome);
  if (failed === undefined) return { processed: batch.length, skipped: 0 };
  const rest = batch.slice(failed.at);
  // The checkpoint moved: the first record now is another one, not yet retried.
  const tried = failed.at > 0 ? 0 : retries;
  if (rules.maximumRetryAttempts >= 0 && tried >= rules.maximumRetryAttempts) return { processed: failed.at, skipped: rest.length, skippedFor: 'retries', invocations: tried + 1 };
  if (tooOld(rules, rest[0]!, nowMs)) return { processed: failed.at, skipped: rest.length, skippedFor: 'age', invocations: tried + 1 };
  // A partial batch response splits the batch at the record it names already; an invocation that failed is halved.
  const size = rules.bisectBatchOnFunctionError && failed.whole && rest.length > 1 ? Math.ceil(rest.length / 2) : rest.length;
  return { processed: failed.at, skipped: 0, retry: { size, attempt: tried + 1 } };
}

/** Where the batch failed: the index of the lowest sequence number named failed, 0 for the whole batch. */
function firstFailure(rules: Rules, batch: readonly PolledRecord[], outcome: BatchOutcome): { at: number; whole: boolean } | undefined {
  if (outcome.functionError) return { at: 0, whole: true };
  if (!rules.reportBatchItemFailures) return undefined;
  const failed = reportedFailures(outcome.payload, new Set(batch.map((r) => r.sequenceNumber)));
  if (failed === 'all') return { at: 0, whole: true };
  const at = batch.findIndex((r) => failed.has(r.sequenceNumber));
  return at < 0 ? undefined : { at, whole: false };
}

function tooOld(rules: Pick<Rules, 'maximumRecordAgeSeconds'>, record: PolledRecord, nowMs: number): boolean {
  return rules.maximumRecordAgeSeconds >= 0 && nowMs - record.arrivalMs > rules.maximumRecordAgeSeconds * 1000;
}

/** How many records at the head of what was read are older than MaximumRecordAgeInSeconds: Lambda skips them unread. */
export function expiredAtHead(rules: Pick<Rules, 'maximumRecordAgeSeconds'>, records: readonly PolledRecord[], nowMs: number): number {
  const fresh = records.findIndex((r) => !tooOld(rules, r, nowMs));
  return fresh < 0 ? records.length : fresh;
}

/**
 * Whether a batch goes to the function now, and otherwise how long to wait at most: at once when BatchSize records are
 * read, else once the first of them has waited MaximumBatchingWindowInSeconds (0: at once).
 */
export function batchDue(mapping: Pick<StreamMapping, 'batchSize' | 'batchWindowMs'>, buffered: number, firstReadMs: number, nowMs: number): { due: true } | { due: false; waitMs?: number } {
  if (buffered === 0) return { due: false };
  if (buffered >= mapping.batchSize) return { due: true };
  const left = firstReadMs + mapping.batchWindowMs - nowMs;
  return left <= 0 ? { due: true } : { due: false, waitMs: left };
}
