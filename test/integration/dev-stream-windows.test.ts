// A stream trigger with TumblingWindowInSeconds hands its function each window's state, batch after batch, and ends
// the window with a final invocation: at its end, or at once when its shard closes (a resharding).
import { describe, expect, it } from 'vitest';
import { eventually, pythonJson } from '../helpers.js';
import { devSessions, printedJson, streamed } from '../local-aws-sessions.js';
import { put, windowed, WINDOWED_APP } from '../stream-trigger-apps.js';

const sessions = devSessions();
const serve = (name: string, template: string, app: string) => sessions.serve(name, { 'template.yaml': template, 'app.py': app });

/** How long the resharding test may work: the longest a 900 s window it opens must still have to run. */
const WORK_MS = 150_000;

/** What WindowWorker printed of an invocation's event. */
type WindowCall = Record<string, unknown> & { window: { start: string; end: string }; shardId: string; names: string[] };

describe('dev --local-aws: tumbling windows', () => {
  it('passes a tumbling window\'s state from each batch to the next, and ends the window with a final invocation', async () => {
    const dev = await serve('stream-window', windowed(5), WINDOWED_APP);
    const records = [{ name: 'w1' }, { name: 'w2' }, { name: 'w3' }];
    await put(dev.url, { records });
    const calls = () => printedJson<WindowCall>(dev.events, 'window');
    const done = () => calls().flatMap((c) => c.names).length === 3 && calls().at(-1)?.isFinalInvokeForWindow === true;
    await eventually(() => (done() ? true : undefined), 45_000);
    // One put_records call: its records arrive together, in one 5 s window that starts at a whole multiple of 5 s. Or
    // in two, one after the other, when a window's end fell between two records' arrival (moto stamps each record as
    // it stores it, and a loaded machine can take milliseconds between them).
    const windows = [...new Map(calls().map((c) => [c.window.start, c.window])).values()];
    expect(windows.length === 1 || windows.length === 2).toBe(true);
    for (const { start, end } of windows) {
      expect(Date.parse(end) - Date.parse(start)).toBe(5000);
      expect(Date.parse(start) % 5000).toBe(0);
    }
    if (windows.length === 2) expect(windows[1]!.start).toBe(windows[0]!.end);
    expect(calls().flatMap((c) => c.names)).toEqual(['w1', 'w2', 'w3']);
    // Each window: a batch per record, each with the state the one before answered with, then the final invocation.
    const fixed = { shardId: 'shardId-000000000000', eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', isWindowTerminatedEarly: false };
    const expected = windows.flatMap((window) => {
      const names = calls().filter((c) => c.window.start === window.start).flatMap((c) => c.names);
      const batches = names.map((name, i) => ({ ...fixed, window, state: i === 0 ? {} : { seen: names.slice(0, i) }, isFinalInvokeForWindow: false, names: [name] }));
      return [...batches, { ...fixed, window, state: { seen: names }, isFinalInvokeForWindow: true, names: [] }];
    });
    expect(calls()).toEqual(expected);
    const streamedLines = windows.flatMap((window) => [
      ...calls().filter((c) => c.window.start === window.start && c.names.length > 0).map(() => [1, 1, undefined]),
      [0, 0, true],
    ]);
    expect(streamed(dev.events).filter((e) => e.functionId === 'WindowWorker').map((e) => [e.records, e.processed, e.final])).toEqual(streamedLines);
  }, 90_000);

  it('ends a window at once when its shard closes (a split): a final invocation, terminated early; and goes on reading it as moto keeps filling it', async () => {
    // A 900 s window that does not end on its own during the test: started at least the test's 150 s of work before
    // its end (60 s was less than the test took on a loaded machine, its waits allowing 135 s).
    const left = 900_000 - (Date.now() % 900_000);
    if (left < WORK_MS) await new Promise((resolve) => setTimeout(resolve, left + 1000));
    const dev = await serve('stream-window-split', windowed(900), WINDOWED_APP);
    const calls = () => printedJson<WindowCall>(dev.events, 'window');
    await put(dev.url, { records: [{ name: 'w1' }, { name: 'w2' }] });
    await eventually(() => (calls().length === 2 ? true : undefined), 45_000);
    await pythonJson([
      'import json, boto3',
      `k = boto3.client("kinesis", endpoint_url=${JSON.stringify(dev.endpoint)}, region_name="us-east-1")`,
      'k.split_shard(StreamName="Clicks", ShardToSplit="shardId-000000000000", NewStartingHashKey=str(2 ** 127))',
      'print(json.dumps([s["ShardId"] for s in k.describe_stream(StreamName="Clicks")["StreamDescription"]["Shards"]]))',
    ].join('\n'));
    await eventually(() => (calls().some((c) => c.isFinalInvokeForWindow) ? true : undefined), 45_000);
    await put(dev.url, { records: [{ name: 'w3' }] });
    // Read from the closed shard, w3 opens a window that the next empty read of that shard ends early again.
    await eventually(() => (calls().length === 5 ? true : undefined), 45_000);
    const [first] = calls();
    const fixed = { window: first!.window, shardId: 'shardId-000000000000', eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks' };
    expect(calls()).toEqual([
      { ...fixed, state: {}, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false, names: ['w1'] },
      { ...fixed, state: { seen: ['w1'] }, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false, names: ['w2'] },
      { ...fixed, state: { seen: ['w1', 'w2'] }, isFinalInvokeForWindow: true, isWindowTerminatedEarly: true, names: [] },
      // moto puts what is put after the split into the closed shard: it is still read, a window with a fresh state.
      { ...fixed, state: {}, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false, names: ['w3'] },
      { ...fixed, state: { seen: ['w3'] }, isFinalInvokeForWindow: true, isWindowTerminatedEarly: true, names: [] },
    ]);
    expect(streamed(dev.events).filter((e) => e.functionId === 'WindowWorker').map((e) => [e.shard, e.records, e.final, e.early])).toEqual([
      ['shardId-000000000000', 1, undefined, undefined], ['shardId-000000000000', 1, undefined, undefined], ['shardId-000000000000', 0, true, true], ['shardId-000000000000', 1, undefined, undefined],
      ['shardId-000000000000', 0, true, true],
    ]);
    const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('after the shard was closed') ? [e.diagnostic.message] : []));
    expect(warnings).toEqual([
      'the local AWS endpoint put records into shardId-000000000000 of the Kinesis stream Clicks after the shard was closed (moto does, where Kinesis puts them into its child shards): its triggers hand them over from it',
    ]);
  }, WORK_MS + WORK_MS + 1000);
});
