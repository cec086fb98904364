/**
 * `dev --local-aws`: Lambda's event source mappings for Kinesis and DynamoDB streams against the local endpoint's
 * streams, so a record put into a stream of the template (a Kinesis put_record, a put_item on a table with a
 * StreamSpecification) reaches the function it triggers, as deployed. The rules are in core/local-aws
 * (stream-mappings.ts, stream-checkpoints.ts, stream-lanes.ts, stream-shards.ts); the checkpoint is kept here, in
 * memory, one per shard (one per lane of a shard, with a ParallelizationFactor).
 */
import { passesFilters } from '../core/local-aws/event-filter.js';
import { afterBatch, batchDue, expiredAtHead } from '../core/local-aws/stream-checkpoints.js';
import { laneOf, orderingKey } from '../core/local-aws/stream-lanes.js';
import { answeredState, inWindow, windowEnd, windowFields, windowOf, type WindowBounds } from '../core/local-aws/stream-windows.js';
import { listedShards, shardsToStart, type ListedShard } from '../core/local-aws/stream-shards.js';
import { streamMappings, type StreamMapping } from '../core/local-aws/stream-mappings.js';
import { filterView, polled, streamBatchEvent, type ReadFrom, type StreamRecord } from '../core/local-aws/stream-records.js';
import type { Project } from '../core/model/project.js';
import { invokeWithBatch, PollerLoops, pollUntilAborted, type TriggerPollerOptions } from './dev-poller-loops.js';
import { warningEvent, type DevEvent, type PolledTrigger } from './dev-types.js';
import { sendOnFailure, type GivenUp } from './dev-stream-failures.js';
import { sleep } from '../adapters/clock.js';
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
const streamWhat = (s: { readonly service: 'kinesis' | 'dynamodb'; readonly name: string }) => (s.service === 'kinesis' ? `the Kinesis stream ${s.name}` : `the stream of the table ${s.name}`);
/** How often a stream is listed again, for the shards a resharding opens and closes. */
const LIST_MS = 1000;

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
  /** A shard found after the first listing (a resharding's child): read from its start, as Lambda reads it. */
  readonly fromStart: boolean;
  /** The listing says the shard is closed: a read that finds nothing after that has read its last record. */
  closed: boolean;
  /** Its last record has been read (the endpoint gave no next iterator, or closed found nothing more). */
  ended: boolean;
}

export class StreamPollers {
  private readonly loops: PollerLoops<StreamMapping>;
  private readonly held = { streams: new Set<string>(), tables: new Set<string>() };
  private readonly unheldSaid = new Set<string>();
  private readonly straySaid = new Set<string>();
  /** The triggers polled since the last set(), for the ready banner. */
  polled: PolledTrigger[] = [];
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
    this.polled = mappings.map((m) => ({ functionId: m.functionId, service: m.service, name: m.name }));
    this.names = new Map(project.functions.map((f) => [f.id, f.name]));
    for (const u of unheld) {
      const key = JSON.stringify(u);
      if (this.unheldSaid.has(key)) continue;
      this.unheldSaid.add(key);
      const what = streamWhat(u);
      this.warn(`the ${SERVICE[u.service]} trigger ${u.sourceId} of ${u.functionId} reads ${what}, which the local AWS endpoint does not hold (it is not one of the template's resources): it is not polled`);
    }
    return this.loops.set(mappings);
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }

  private async poll(mapping: StreamMapping, signal: AbortSignal, started: () => void): Promise<void> {
    const what = streamWhat(mapping);
    const warn = (reason: string) => {
      started();
      this.warn(`the ${SERVICE[mapping.service]} trigger ${mapping.sourceId} of ${mapping.functionId} cannot read ${what} from the local AWS endpoint (${reason}); it tries again every second`);
    };
    const shards = new Map<string, { readonly state: ShardState; readonly done: Promise<void> }>();
    const finished = new Set<string>();
    await pollUntilAborted(signal, async (ok) => {
      while (!signal.aborted) {
        const { streamArn, listed } = await this.describe(mapping, signal);
        ok();
        for (const shard of listed) {
          const known = shards.get(shard.id);
          if (known) known.state.closed = shard.closed;
        }
        const first = shards.size === 0;
        const starting = shardsToStart(listed, new Set(shards.keys()), finished, !first || mapping.startingPosition !== 'LATEST');
        let reading = 0;
        const shardStarted = first ? () => ++reading === starting.length && started() : () => {};
        if (first && starting.length === 0) started();
        for (const shardId of starting) {
          const state: ShardState = {
            lanes: Array.from({ length: mapping.parallelizationFactor }, () => ({ buffer: [], firstReadMs: 0, retries: 0 })),
            fromStart: !first, closed: listed.find((s) => s.id === shardId)?.closed === true, ended: false,
          };
          const from: ReadFrom = { streamArn, shardId, region: this.options.region(), accountId: this.options.accountId() };
          const ended = () => {
            if (!signal.aborted) finished.add(shardId);
          };
          const done = pollUntilAborted(signal, (shardOk) => this.readShard(mapping, from, state, signal, { ok: shardOk, started: shardStarted, ended }), warn).then(ended);
          shards.set(shardId, { state, done });
        }
        await sleep(LIST_MS, signal);
      }
    }, warn);
    await Promise.all([...shards.values()].map((s) => s.done));
  }

  /** The stream's ARN and its shards (a table's latest stream, for DynamoDB). */
  private async describe(mapping: StreamMapping, signal: AbortSignal): Promise<{ streamArn: string; listed: ListedShard[] }> {
    const region = this.options.region();
    type Described = { StreamDescription: { StreamARN?: string; Shards: Parameters<typeof listedShards>[0] } };
    if (mapping.service === 'kinesis') {
      const { StreamDescription: d } = await callLocalAws<Described>(this.options.endpoint, KINESIS, region, 'DescribeStream', { StreamName: mapping.name }, signal);
      return { streamArn: d.StreamARN ?? '', listed: listedShards(d.Shards) };
    }
    const { Table: table } = await callLocalAws<{ Table: { LatestStreamArn?: string } }>(this.options.endpoint, DYNAMODB, region, 'DescribeTable', { TableName: mapping.name }, signal);
    if (!table.LatestStreamArn) throw new Error('the table has no stream: its StreamSpecification turns one on');
    const { StreamDescription: d } = await callLocalAws<Described>(this.options.endpoint, DYNAMODB_STREAMS, region, 'DescribeStream', { StreamArn: table.LatestStreamArn }, signal);
    return { streamArn: table.LatestStreamArn, listed: listedShards(d.Shards) };
  }

  /**
   * Reads one shard until the signal aborts it, or the shard is closed and all it held delivered (its window closed):
   * then its children may be read (`ended`).
   */
  private async readShard(mapping: StreamMapping, from: ReadFrom, state: ShardState, signal: AbortSignal, on: { ok: () => void; started: () => void; ended: () => void }): Promise<void> {
    let iterator: string | undefined = await this.iterator(mapping, from, state, signal);
    if (iterator === undefined) state.ended = true;
    if (state.lastRead === undefined) on.started();
    while (!signal.aborted) {
      const now = Date.now();
      const dues = state.lanes.map((lane) => ({ lane, due: laneDue(mapping, lane, now, state.ended) }));
      const due = dues.filter((d) => d.due.due).map((d) => d.lane);
      if (due.length > 0) {
        // The lanes' batches side by side; a lane's next batch waits for its last.
        await Promise.all(due.map((lane) => this.deliver(mapping, from, lane, state.ended, signal)));
        continue;
      }
      const waits = dues.flatMap((d) => (!d.due.due && d.due.waitMs !== undefined ? [d.due.waitMs] : []));
      const waitMs = waits.length > 0 ? Math.min(...waits) : undefined;
      // A closed shard: what it held goes out (its window ends), then its children are read.
      if (state.ended && state.lanes.every((lane) => lane.buffer.length === 0 && !lane.window)) {
        if (iterator === undefined) return;
        // moto: a closed shard's iterator goes on, and records put after a split or merge go on into the closed shard
        // (Kinesis puts them into its children): it is still read, so that they are not lost.
        on.ended();
      }
      if (iterator === undefined) {
        await sleep(waitMs ?? POLL_MS[mapping.service], signal);
        continue;
      }
      const [closedBefore, endedBefore] = [state.closed, state.ended];
      const read = await this.call<{ Records: unknown[]; NextShardIterator?: string | null }>(mapping, 'GetRecords', { ShardIterator: iterator, Limit: READ_LIMIT[mapping.service] }, signal);
      on.ok();
      iterator = read.NextShardIterator ?? undefined;
      if (state.ended && read.Records.length > 0) this.strayRecords(mapping, from);
      // Listed as closed before a read that finds nothing, the shard has ended (moto gives a closed shard iterators).
      state.ended = iterator === undefined || (closedBefore && read.Records.length === 0);
      for (const raw of read.Records) {
        const record = { service: mapping.service, record: raw } as StreamRecord;
        state.lastRead = polled(record).sequenceNumber;
        // A record no filter matches is passed over, as if processed (Lambda's filtered records are not retried).
        if (!passesFilters(mapping.filters, filterView(record, from))) continue;
        const lane = state.lanes[laneOf(orderingKey(record), state.lanes.length)]!;
        if (lane.buffer.length === 0) lane.firstReadMs = Date.now();
        lane.buffer.push(record);
      }
      // Just ended: its window ends at once.
      if (read.Records.length === 0 && (endedBefore || !state.ended)) await sleep(Math.min(POLL_MS[mapping.service], waitMs ?? Infinity), signal);
    }
  }

  private async iterator(mapping: StreamMapping, from: ReadFrom, state: ShardState, signal: AbortSignal): Promise<string | undefined> {
    const after = state.lastRead;
    // DynamoDB Streams has no AT_TIMESTAMP (nor does Lambda take it for a table's stream): from the start, then.
    const position = state.fromStart || (mapping.startingPosition === 'AT_TIMESTAMP' && mapping.service === 'dynamodb') ? 'TRIM_HORIZON' : mapping.startingPosition;
    const type = after ? 'AFTER_SEQUENCE_NUMBER' : position;
    const at = {
      ...(after ? { [mapping.service === 'kinesis' ? 'StartingSequenceNumber' : 'SequenceNumber']: after } : {}),
      ...(type === 'AT_TIMESTAMP' ? { Timestamp: mapping.startingPositionTimestamp ?? 0 } : {}),
    };
    const stream = mapping.service === 'kinesis' ? { StreamName: mapping.name } : { StreamArn: from.streamArn };
    const { ShardIterator } = await this.call<{ ShardIterator?: string | null }>(mapping, 'GetShardIterator', { ...stream, ShardId: from.shardId, ShardIteratorType: type, ...at }, signal);
    return ShardIterator ?? undefined;
  }

  /** Hands the function the batch at the buffer's head, and moves the checkpoint as the result says. */
  private async deliver(mapping: StreamMapping, from: ReadFrom, state: Lane, shardEnded: boolean, signal: AbortSignal): Promise<void> {
    const expired = expiredAtHead(mapping, state.buffer.map(polled), Date.now());
    if (expired > 0) {
      state.retries = 0;
      state.retrySize = undefined;
      const records = state.buffer.splice(0, expired);
      const onFailure = await this.giveUp({ mapping, from, records: records.map(polled), condition: 'RecordAgeExceeded', invocations: 0, event: JSON.stringify(streamBatchEvent(records, from)) });
      this.say(mapping, from, { records: expired, processed: 0, skipped: expired, retrying: 0, durationMs: 0, reason: `older than MaximumRecordAgeInSeconds (${mapping.maximumRecordAgeSeconds} s)`, ...onFailure });
      return;
    }
    const end = state.window && windowEnd(state.window, state.buffer.map(polled), Date.now(), shardEnded);
    if (state.window && end) return this.closeWindow(mapping, from, state, state.window, end.early, signal);
    let batch = state.buffer.slice(0, state.retrySize ?? mapping.batchSize);
    if (mapping.tumblingWindowSeconds > 0) {
      state.window ??= { ...windowOf(polled(batch[0]!).arrivalMs, mapping.tumblingWindowSeconds), state: {} };
      batch = batch.slice(0, inWindow(batch.map(polled), state.window));
    }
    const window = state.window ? windowFields(state.window, state.window.state, from, { final: false, early: false }) : {};
    const started = performance.now();
    // Throttled (reserved concurrency 0) or too large: the batch is retried, as Lambda retries it.
    const event = JSON.stringify({ ...streamBatchEvent(batch, from), ...window });
    let outcome = await invokeWithBatch(this.options.run, mapping, event);
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
      mapping, from, records: given, condition: verdict.skippedFor === 'age' ? 'RecordAgeExceeded' : 'RetryAttemptsExhausted', invocations: verdict.invocations ?? 1, last: outcome, event,
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
  private async closeWindow(mapping: StreamMapping, from: ReadFrom, state: Lane, window: NonNullable<Lane['window']>, early: boolean, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const fields = windowFields(window, window.state, from, { final: true, early });
    const outcome = await invokeWithBatch(this.options.run, mapping, JSON.stringify({ Records: [], ...fields }));
    if (signal.aborted) return;
    if (!outcome.functionError) state.window = undefined;
    this.say(mapping, from, {
      records: 0, processed: 0, skipped: 0, retrying: 0, final: true, ...(early ? { early: true } : {}), durationMs: performance.now() - started,
      ...(outcome.cold === undefined ? {} : { cold: outcome.cold }), ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
    if (outcome.functionError) await sleep(RETRY_MS, signal);
  }

  /** Records in a shard after it ended (moto's, after a resharding): said once a shard, whichever trigger reads them first. */
  private strayRecords(mapping: StreamMapping, from: ReadFrom): void {
    const key = `${mapping.name} ${from.shardId}`;
    if (this.straySaid.has(key)) return;
    this.straySaid.add(key);
    this.warn(`the local AWS endpoint put records into ${from.shardId} of ${streamWhat(mapping)} after the shard was closed (moto does, where Kinesis puts them into its child shards): its triggers hand them over from it`);
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
function laneDue(mapping: StreamMapping, lane: Lane, nowMs: number, shardEnded: boolean): ReturnType<typeof batchDue> {
  if (lane.retrySize !== undefined || (lane.window && windowEnd(lane.window, lane.buffer.map(polled), nowMs, shardEnded))) return { due: true };
  const due = batchDue(mapping, lane.buffer.length, lane.firstReadMs, nowMs);
  if (due.due || !lane.window) return due;
  return { due: false, waitMs: Math.min(due.waitMs ?? Infinity, lane.window.endMs - nowMs) };
}
