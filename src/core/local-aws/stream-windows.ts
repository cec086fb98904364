/**
 * TumblingWindowInSeconds (Lambda developer guide, "Implementing stateful Kinesis Data Streams processing", and the
 * same for DynamoDB): a record belongs to the window of the time the stream took it; the function gets each batch of a
 * window with the `state` it returned last (`{}` at first) and must answer with a `state`, else the invocation failed;
 * once the window is over, a final invocation (`isFinalInvokeForWindow`) gets the state to act on. A state over 1 MB
 * ends the window early (`isWindowTerminatedEarly`). The examples' windows start at whole multiples of their length
 * (07:04-07:06 for 120 s), which is how dev cuts them.
 */
import type { PolledRecord } from './stream-checkpoints.js';
import type { ReadFrom } from './stream-records.js';

export interface WindowBounds {
  readonly startMs: number;
  readonly endMs: number;
}

/** "Your state can be a maximum of 1 MB per shard. If it exceeds that size, Lambda terminates the window early." */
export const STATE_LIMIT_BYTES = 1024 * 1024;

export function windowOf(arrivalMs: number, seconds: number): WindowBounds {
  const length = seconds * 1000;
  const startMs = Math.floor(arrivalMs / length) * length;
  return { startMs, endMs: startMs + length };
}

/** How many records at the head of `records` belong to `window`: a batch holds one window's records. */
export function inWindow(records: readonly PolledRecord[], window: WindowBounds): number {
  const after = records.findIndex((r) => r.arrivalMs < window.startMs || r.arrivalMs >= window.endMs);
  return after < 0 ? records.length : after;
}

/**
 * Whether the window ends now, and whether early (`isWindowTerminatedEarly`): not while a record of it waits; at its
 * end (or once a record of a later window waits); early when its state outgrew the limit, or when its shard closed
 * (resharding, or a DynamoDB stream's shard rolling over) before its end, as Lambda ends a window whose shard ends
 * ("Using tumbling windows", Kinesis and DynamoDB). `shardClosed`: the shard's last record has been read.
 */
export function windowEnd(window: WindowBounds & { readonly early?: boolean }, waiting: readonly PolledRecord[], nowMs: number, shardClosed = false): { readonly early: boolean } | undefined {
  if (window.early === true) return { early: true };
  if (inWindow(waiting, window) > 0) return undefined;
  if (nowMs >= window.endMs || waiting.length > 0) return { early: false };
  return shardClosed ? { early: true } : undefined;
}

/** What a tumbling window adds to a batch's event, after `Records`, in the examples' order. */
export function windowFields(window: WindowBounds, state: unknown, from: Pick<ReadFrom, 'shardId' | 'streamArn'>, final: { readonly final: boolean; readonly early: boolean }) {
  const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    window: { start: at(window.startMs), end: at(window.endMs) },
    state,
    shardId: from.shardId,
    eventSourceARN: from.streamArn,
    isFinalInvokeForWindow: final.final,
    isWindowTerminatedEarly: final.early,
  };
}

/** The state a function answered with, or why the answer is a failed invocation. */
export function answeredState(payload: string): { readonly state: unknown; readonly tooLarge: boolean } | { readonly error: string } {
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return { error: 'the answer is not JSON with a state' };
  }
  if (typeof answer !== 'object' || answer === null || !('state' in answer)) return { error: 'the answer has no state' };
  const { state } = answer as { state: unknown };
  return { state, tooLarge: Buffer.byteLength(JSON.stringify(state) ?? '') > STATE_LIMIT_BYTES };
}
