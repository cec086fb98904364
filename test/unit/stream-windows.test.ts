import { describe, expect, it } from 'vitest';
import { answeredState, inWindow, STATE_LIMIT_BYTES, windowFields, windowEnd, windowOf } from '../../src/core/local-aws/stream-windows.js';

const at = (iso: string) => Date.parse(iso);
const record = (iso: string) => ({ sequenceNumber: iso, arrivalMs: at(iso) });
// The guide's KinesisTimeWindowEvent: a 120 s window, 07:04 to 07:06.
const WINDOW = { startMs: at('2020-12-09T07:04:00Z'), endMs: at('2020-12-09T07:06:00Z') };

describe('tumbling windows', () => {
  it.each<[string, string, number, string, string]>([
    ['a record inside a 120 s window', '2020-12-09T07:04:35.000Z', 120, '2020-12-09T07:04:00.000Z', '2020-12-09T07:06:00.000Z'],
    ['a record at a window\'s start', '2020-12-09T07:06:00.000Z', 120, '2020-12-09T07:06:00.000Z', '2020-12-09T07:08:00.000Z'],
    ['a 300 s window', '2020-07-30T17:03:59.999Z', 300, '2020-07-30T17:00:00.000Z', '2020-07-30T17:05:00.000Z'],
  ])('cuts %s at whole multiples of its length', (_what, arrival, seconds, start, end) => {
    const w = windowOf(at(arrival), seconds);
    expect([new Date(w.startMs).toISOString(), new Date(w.endMs).toISOString()]).toEqual([start, end]);
  });

  it('gives a batch the records of one window only', () => {
    expect(inWindow([record('2020-12-09T07:04:01Z'), record('2020-12-09T07:05:59Z'), record('2020-12-09T07:06:00Z')], WINDOW)).toBe(2);
    expect(inWindow([record('2020-12-09T07:06:00Z')], WINDOW)).toBe(0);
    expect(inWindow([], WINDOW)).toBe(0);
  });

  // The window's state machine: [case, records waiting, now, state too large, shard closed, what ends it].
  it.each<[string, readonly string[], string, boolean, boolean, { early: boolean } | undefined]>([
    ['its time is not up', [], '2020-12-09T07:05:00Z', false, false, undefined],
    ['its time is up, nothing of it waiting', [], '2020-12-09T07:06:00Z', false, false, { early: false }],
    ['its time is up, a record of it still waiting (a retry)', ['2020-12-09T07:05:59Z'], '2020-12-09T07:06:30Z', false, false, undefined],
    ['a record of the next window waits', ['2020-12-09T07:06:01Z'], '2020-12-09T07:05:59Z', false, false, { early: false }],
    ['its state outgrew 1 MB, a record of it waiting', ['2020-12-09T07:05:00Z'], '2020-12-09T07:05:01Z', true, false, { early: true }],
    ['its shard closed before its end, nothing of it waiting', [], '2020-12-09T07:05:00Z', false, true, { early: true }],
    ['its shard closed, a record of it still waiting', ['2020-12-09T07:04:30Z'], '2020-12-09T07:05:00Z', false, true, undefined],
    ['its shard closed after its end', [], '2020-12-09T07:06:10Z', false, true, { early: false }],
    ['its shard closed and its state outgrew 1 MB', [], '2020-12-09T07:05:00Z', true, true, { early: true }],
  ])('ends a window when %s', (_what, waiting, now, early, closed, ends) => {
    expect(windowEnd({ ...WINDOW, ...(early ? { early } : {}) }, waiting.map(record), at(now), closed)).toEqual(ends);
  });

  it('adds the guide\'s fields to the event, in its order', () => {
    const from = { shardId: 'shardId-000000000006', streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream' };
    expect(JSON.stringify(windowFields(WINDOW, { 1: 282, 2: 715 }, from, { final: false, early: false }))).toBe(JSON.stringify({
      window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' },
      state: { 1: 282, 2: 715 },
      shardId: 'shardId-000000000006',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream',
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    }));
  });

  it.each<[string, string, ReturnType<typeof answeredState>]>([
    ['the guide\'s TimeWindowEventResponse', '{"state": {"1": 282, "2": 715}, "batchItemFailures": []}', { state: { 1: 282, 2: 715 }, tooLarge: false }],
    ['an empty state', '{"state": {}}', { state: {}, tooLarge: false }],
    ['an answer without a state: a failed invocation', '{"batchItemFailures": []}', { error: 'the answer has no state' }],
    ['no answer (None)', 'null', { error: 'the answer has no state' }],
    ['an answer that is not JSON', 'done', { error: 'the answer is not JSON with a state' }],
    ['a state over 1 MB: the window ends early', JSON.stringify({ state: 'x'.repeat(STATE_LIMIT_BYTES) }), { state: 'x'.repeat(STATE_LIMIT_BYTES), tooLarge: true }],
  ])('reads %s', (_what, payload, expected) => {
    expect(answeredState(payload)).toEqual(expected);
  });
});
