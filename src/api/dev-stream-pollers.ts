/**
 * `dev --local-aws`: Lambda's event source mappings for Kinesis and DynamoDB streams against the local endpoint's
 * streams, so a record put into a stream of the template (a Kinesis put_record, a put_item on a table with a
 * StreamSpecification) reaches the function it triggers, as deployed. The rules are in core/local-aws
 * (stream-mappings.ts, stream-checkpoints.ts, stream-lanes.ts); the checkpoint is kept here, in memory, one per shard
 * (one per lane of a shard, with a ParallelizationFactor).
 */
import { passesFilters } from '../core/local-aws/event-filter.js';
import { afterBatch, batchDue, expiredAtHead } from '../core/local-aws/stream-checkpoints.js';
import { laneOf, orderingKey } from '../core/local-aws/stream-lanes.js';
import { answeredState, inWindow, windowFields, windowOf, windowOver, type WindowBounds } from '../core/local-aws/stream-windows.js';
import { streamMappings, type StreamMapping } from '../core/local-aws/stream-mappings.js';
import { filterView, polled, streamBatchEvent, type ReadFrom, type StreamRecord } from '../core/local-aws/stream-records.js';
import type { Project } from '../core/model/project.js';
import { invokeWithBatch, PollerLoops, pollUntilAborted, sleep, type TriggerPollerOptions } from './dev-poller-loops.js';
import { warningEvent, type DevEvent } from './dev-types.js';
import { sendOnFailure, type GivenUp } from './dev-stream-failures.js';
import { callLocalAws, DYNAMODB, DYNAMODB_STREAMS, KINESIS } from '../adapters/local-aws-client.js';

/**
 * How often a shard is read when it had nothing new: Lambda polls a Kinesis shard once a second and a DynamoDB
 * stream's 4 times a second ("Polling and batching streams").
 */
const POLL_MS = { kinesis: 1000, dynamodb: 250 } as const;
/** The pause before a failed batch is delivered again. */
const RETRY_MS = 500;
// GetRecords' Limit: at most 10000 for Kinesis, 1000 for DynamoDB Streams.
const READ_LIMIT = { kinesis: 10000, dynamodb: 1000 } as const;

const SERVICE = { kinesis: 'Kinesis', dynamodb: 'DynamoDB' } as const;

/** A lane of a shard (ParallelizationFactor: stream-lanes.ts): its records not yet delivered, and how the batch at their head has fared. */
interface Lane {
  readonly buffer: StreamRecord[];
  /** When the oldest record in the buffer was read (MaximumBatchingWindowInSeconds counts from it). */
  firstReadMs: number;
  /** Retries of the batch at the head so far, and its size while it is retried. */
  retries: number;
  retrySize?: number;
  /** The tumbling window of the batches now (TumblingWindowInSeconds), and the state the function answered with last. */
  window?: WindowBounds & { state: unknown; early?: boolean };
}

/** Where a shard is read: its lanes, one unless the mapping's ParallelizationFactor says more. */
interface ShardState {
  readonly lanes: Lane[];
  /** The last sequence number read: a new iterator starts after it. */
  lastRead?: string;
}

export class StreamPollers {
  private readonly loops: PollerLoops<StreamMapping>;
  private readonly held = { streams: new Set<string>(), tables: new Set<string>() };
  private readonly unheldSaid = new Set<string>();
  /** The functions' names by id, for their ARNs. */
  private names = new Map<string, string>();

  constructor(private readonly options: TriggerPollerOptions) {
    this.loops = new PollerLoops((mapping, signal, started) => this.poll(mapping, signal, started), options.onEvent);
    this.hold(options.created);
  }

  /** Resources the endpoint made since (a reload's): their streams can be polled. */
  hold(created: ReadonlyArray<{ readonly kind: string; readonly name: string }>): void {
    for (const c of created) {
      if (c.kind === 'stream') this.held.streams.add(c.name);
      if (c.kind === 'table') this.held.tables.add(c.name);
    }
  }

  /**
   * Polls for the project's stream triggers from now on: those already polled go on, the others stop. Resolves once
   * the new ones read their shards: a LATEST trigger then gets every record put after.
   */
  set(project: Project): Promise<void> {
    const { mappings, unheld } = streamMappings(project, this.held);
    this.names = new Map(project.functions.map((f) => [f.id, f.name]));
    for (const u of unheld) {
      const key = JSON.stringify(u);
      if (this.unheldSaid.has(key)) continue;
      this.unheldSaid.add(key);
      const what = u.service === 'kinesis' ? `the Kinesis stream ${u.name}` : `the stream of the table ${u.name}`;
      this.warn(`the ${SERVICE[u.service]} trigger ${u.sourceId} of ${u.functionId} reads ${what}, which the local AWS endpoint does not hold (it is not one of the template's resources): it is not polled`);
    }
    return this.loops.set(mappings);
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }

  private poll(mapping: StreamMapping, signal: AbortSignal, started: () => void): Promise<void> {
    const what = mapping.service === 'kinesis' ? `the Kinesis stream ${mapping.name}` : `the stream of the table ${mapping.name}`;
    const warn = (reason: string) => {
      started();
      this.warn(`the ${SERVICE[mapping.service]} trigger ${mapping.sourceId} of ${mapping.functionId} cannot read ${what} from the local AWS endpoint (${reason}); it tries again every second`);
    };
    return pollUntilAborted(signal, async (ok) => {
      const { streamArn, shards } = await this.describe(mapping, signal);
      ok();
      let reading = 0;
      const shardStarted = () => ++reading === shards.length && started();
      if (shards.length === 0) started();
      // Each shard in order, the shards side by side, as Lambda reads them.
      await Promise.all(shards.map((shardId) => {
        const state: ShardState = { lanes: Array.from({ length: mapping.parallelizationFactor }, () => ({ buffer: [], firstReadMs: 0, retries: 0 })) };
        const from: ReadFrom = { streamArn, shardId, region: this.options.region(), accountId: this.options.accountId() };
        return pollUntilAborted(signal, (shardOk) => this.readShard(mapping, from, state, signal, shardOk, shardStarted), warn);
      }));
    }, warn);
  }

  /** The stream's ARN and its shards (a table's latest stream, for DynamoDB). */
  private async describe(mapping: StreamMapping, signal: AbortSignal): Promise<{ streamArn: string; shards: string[] }> {
    const region = this.options.region();
    if (mapping.service === 'kinesis') {
      const { StreamDescription: d } = await callLocalAws<{ StreamDescription: { StreamARN: string; Shards: Array<{ ShardId: string }> } }>(this.options.endpoint, KINESIS, region, 'DescribeStream', { StreamName: mapping.name }, signal);
      return { streamArn: d.StreamARN, shards: d.Shards.map((s) => s.ShardId) };
    }
    const { Table: table } = await callLocalAws<{ Table: { LatestStreamArn?: string } }>(this.options.endpoint, DYNAMODB, region, 'DescribeTable', { TableName: mapping.name }, signal);
    if (!table.LatestStreamArn) throw new Error('the table has no stream: its StreamSpecification turns one on');
    const { StreamDescription: d } = await callLocalAws<{ StreamDescription: { Shards: Array<{ ShardId: string }> } }>(this.options.endpoint, DYNAMODB_STREAMS, region, 'DescribeStream', { StreamArn: table.LatestStreamArn }, signal);
    return { streamArn: table.LatestStreamArn, shards: d.Shards.map((s) => s.ShardId) };
  }

  /** Reads one shard until the signal aborts it (or the shard is closed and all it held delivered). */
  private async readShard(mapping: StreamMapping, from: ReadFrom, state: ShardState, signal: AbortSignal, ok: () => void, started: () => void): Promise<void> {
    let iterator: string | undefined = await this.iterator(mapping, from, state.lastRead, signal);
    if (state.lastRead === undefined) started();
    while (!signal.aborted) {
      const now = Date.now();
      const dues = state.lanes.map((lane) => ({ lane, due: laneDue(mapping, lane, now) }));
      const due = dues.filter((d) => d.due.due).map((d) => d.lane);
      if (due.length > 0) {
        // The lanes' batches side by side; a lane's next batch waits for its last.
        await Promise.all(due.map((lane) => this.deliver(mapping, from, lane, signal)));
        continue;
      }
      const waits = dues.flatMap((d) => (!d.due.due && d.due.waitMs !== undefined ? [d.due.waitMs] : []));
      const waitMs = waits.length > 0 ? Math.min(...waits) : undefined;
      if (iterator === undefined) {
        // A closed shard: what it held goes out once its window is up.
        if (state.lanes.every((lane) => lane.buffer.length === 0)) return;
        await sleep(waitMs ?? POLL_MS[mapping.service], signal);
        continue;
      }
      const read = await this.call<{ Records: unknown[]; NextShardIterator?: string | null }>(mapping, 'GetRecords', { ShardIterator: iterator, Limit: READ_LIMIT[mapping.service] }, signal);
      ok();
      iterator = read.NextShardIterator ?? undefined;
      for (const raw of read.Records) {
        const record = { service: mapping.service, record: raw } as StreamRecord;
        state.lastRead = polled(record).sequenceNumber;
        // A record no filter matches is passed over, as if processed (Lambda's filtered records are not retried).
        if (!passesFilters(mapping.filters, filterView(record, from))) continue;
        const lane = state.lanes[laneOf(orderingKey(record), state.lanes.length)]!;
        if (lane.buffer.length === 0) lane.firstReadMs = Date.now();
        lane.buffer.push(record);
      }
      if (read.Records.length === 0) await sleep(Math.min(POLL_MS[mapping.service], waitMs ?? Infinity), signal);
    }
  }

  private async iterator(mapping: StreamMapping, from: ReadFrom, after: string | undefined, signal: AbortSignal): Promise<string | undefined> {
    // DynamoDB Streams has no AT_TIMESTAMP (nor does Lambda take it for a table's stream): from the start, then.
    const type = after ? 'AFTER_SEQUENCE_NUMBER' : mapping.startingPosition === 'AT_TIMESTAMP' && mapping.service === 'dynamodb' ? 'TRIM_HORIZON' : mapping.startingPosition;
    const at = {
      ...(after ? { [mapping.service === 'kinesis' ? 'StartingSequenceNumber' : 'SequenceNumber']: after } : {}),
      ...(type === 'AT_TIMESTAMP' ? { Timestamp: mapping.startingPositionTimestamp ?? 0 } : {}),
    };
    const stream = mapping.service === 'kinesis' ? { StreamName: mapping.name } : { StreamArn: from.streamArn };
    const { ShardIterator } = await this.call<{ ShardIterator?: string | null }>(mapping, 'GetShardIterator', { ...stream, ShardId: from.shardId, ShardIteratorType: type, ...at }, signal);
    return ShardIterator ?? undefined;
  }

  /** Hands the function the batch at the buffer's head, and moves the checkpoint as the result says. */
  private async deliver(mapping: StreamMapping, from: ReadFrom, state: Lane, signal: AbortSignal): Promise<void> {
    const expired = expiredAtHead(mapping, state.buffer.map(polled), Date.now());
    if (expired > 0) {
      state.retries = 0;
      state.retrySize = undefined;
      const records = state.buffer.splice(0, expired).map(polled);
      const onFailure = await this.giveUp({ mapping, from, records, condition: 'RecordAgeExceeded', invocations: 0 });
      this.say(mapping, from, { records: expired, processed: 0, skipped: expired, retrying: 0, durationMs: 0, reason: `older than MaximumRecordAgeInSeconds (${mapping.maximumRecordAgeSeconds} s)`, ...onFailure });
      return;
    }
    if (state.window && windowOver(state.window, state.buffer.map(polled), Date.now())) return this.closeWindow(mapping, from, state, state.window, signal);
    let batch = state.buffer.slice(0, state.retrySize ?? mapping.batchSize);
    if (mapping.tumblingWindowSeconds > 0) {
      state.window ??= { ...windowOf(polled(batch[0]!).arrivalMs, mapping.tumblingWindowSeconds), state: {} };
      batch = batch.slice(0, inWindow(batch.map(polled), state.window));
    }
    const window = state.window ? windowFields(state.window, state.window.state, from, { final: false, early: false }) : {};
    const started = performance.now();
    // Throttled (reserved concurrency 0) or too large: the batch is retried, as Lambda retries it.
    let outcome = await invokeWithBatch(this.options.run, mapping.functionId, JSON.stringify({ ...streamBatchEvent(batch, from), ...window }));
    // dev stops (the function was ended under the batch), or a reload replaced the mapping: its poller is gone.
    if (signal.aborted) return;
    if (state.window && !outcome.functionError) {
      const answer = answeredState(outcome.payload);
      if ('error' in answer) outcome = { ...outcome, functionError: true, reason: answer.error };
      else Object.assign(state.window, { state: answer.state, early: answer.tooLarge });
    }
    const durationMs = performance.now() - started;
    const verdict = afterBatch(mapping, batch.map(polled), outcome, state.retries, Date.now());
    const given = state.buffer.splice(0, verdict.processed + verdict.skipped).slice(verdict.processed).map(polled);
    const onFailure = verdict.skippedFor === undefined ? {} : await this.giveUp({
      mapping, from, records: given, condition: verdict.skippedFor === 'age' ? 'RecordAgeExceeded' : 'RetryAttemptsExhausted', invocations: verdict.invocations ?? 1, last: outcome,
    });
    state.retries = verdict.retry?.attempt ?? 0;
    state.retrySize = verdict.retry?.size;
    const skippedFor = verdict.skippedFor === 'retries' ? `after ${mapping.maximumRetryAttempts} retr${mapping.maximumRetryAttempts === 1 ? 'y' : 'ies'}` : verdict.skippedFor === 'age' ? 'older than MaximumRecordAgeInSeconds' : undefined;
    const reason = [outcome.reason, skippedFor].filter(Boolean).join('; ');
    this.say(mapping, from, {
      records: batch.length, processed: verdict.processed, skipped: verdict.skipped, retrying: verdict.retry ? batch.length - verdict.processed : 0,
      ...(verdict.retry ? { attempt: verdict.retry.attempt } : {}), durationMs,
      ...(outcome.cold === undefined ? {} : { cold: outcome.cold }), ...(reason ? { reason } : {}), ...onFailure,
    });
    if (verdict.retry) await sleep(RETRY_MS, signal);
  }

  /** The window's final invocation, with its state: retried until it succeeds, the shard waiting (it checkpoints the window). */
  private async closeWindow(mapping: StreamMapping, from: ReadFrom, state: Lane, window: NonNullable<Lane['window']>, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const fields = windowFields(window, window.state, from, { final: true, early: window.early === true });
    const outcome = await invokeWithBatch(this.options.run, mapping.functionId, JSON.stringify({ Records: [], ...fields }));
    if (signal.aborted) return;
    if (!outcome.functionError) state.window = undefined;
    this.say(mapping, from, {
      records: 0, processed: 0, skipped: 0, retrying: 0, final: true, durationMs: performance.now() - started,
      ...(outcome.cold === undefined ? {} : { cold: outcome.cold }), ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
    if (outcome.functionError) await sleep(RETRY_MS, signal);
  }

  /** Records given up go to the mapping's OnFailure destination, if it has one: what became of them, for the batch's line. */
  private async giveUp(given: Omit<GivenUp, 'functionName'>): Promise<{ onFailure?: string }> {
    const said = await sendOnFailure(this.options, { ...given, functionName: this.names.get(given.mapping.functionId) ?? given.mapping.functionId });
    return said === undefined ? {} : { onFailure: said };
  }

  private say(mapping: StreamMapping, from: ReadFrom, fate: Omit<Extract<DevEvent, { type: 'stream' }>, 'type' | 'functionId' | 'service' | 'stream' | 'shard'>): void {
    this.options.onEvent({ type: 'stream', functionId: mapping.functionId, service: mapping.service, stream: mapping.name, shard: from.shardId, ...fate });
  }

  private warn(message: string): void {
    this.options.onEvent(warningEvent(message));
  }

  private call<T>(mapping: StreamMapping, action: string, body: Record<string, unknown>, signal: AbortSignal): Promise<T> {
    return callLocalAws<T>(this.options.endpoint, mapping.service === 'kinesis' ? KINESIS : DYNAMODB_STREAMS, this.options.region(), action, body, signal);
  }
}

/**
 * Whether a lane's next invocation is due: a retry or a window over at once, else a batch once it is full or its
 * batching window is up; an open tumbling window wakes the lane at its end.
 */
function laneDue(mapping: StreamMapping, lane: Lane, nowMs: number): ReturnType<typeof batchDue> {
  if (lane.retrySize !== undefined || (lane.window && windowOver(lane.window, lane.buffer.map(polled), nowMs))) return { due: true };
  const due = batchDue(mapping, lane.buffer.length, lane.firstReadMs, nowMs);
  if (due.due || !lane.window) return due;
  return { due: false, waitMs: Math.min(due.waitMs ?? Infinity, lane.window.endMs - nowMs) };
}
