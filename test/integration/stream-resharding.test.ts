// A resharding as Kinesis does it, which moto does not: a closed shard's last GetRecords gives no NextShardIterator,
// and what is put after the split is in its children. The stream trigger's poller, against a small Kinesis endpoint of
// the test's on a real socket, ends the parent's tumbling window at once (isWindowTerminatedEarly) and reads the
// children only then, each from its start.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamPollers } from '../../src/api/dev-stream-pollers.js';
import type { DevEvent } from '../../src/api/dev.js';
import { loadProject } from '../../src/api/project.js';
import type { InvokeResult } from '../../src/emulator/local-function.js';
import { eventually, scratchDir } from '../helpers.js';

interface Shard {
  readonly id: string;
  readonly parent?: string;
  closed: boolean;
  readonly records: Array<{ SequenceNumber: string; ApproximateArrivalTimestamp: number; Data: string; PartitionKey: string }>;
}

/** Kinesis's DescribeStream, GetShardIterator and GetRecords over `shards`, as Kinesis answers them; `put` adds a record to a shard. */
function kinesis(shards: Shard[]): { server: Server; put: (shard: Shard, name: string) => void } {
  let sequence = 0;
  const answer = (target: string, body: Record<string, unknown>): unknown => {
    const shard = (id: unknown) => shards.find((s) => s.id === id)!;
    switch (target) {
      case 'DescribeStream':
        return { StreamDescription: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', Shards: shards.map((s) => ({
          ShardId: s.id, ...(s.parent ? { ParentShardId: s.parent } : {}),
          SequenceNumberRange: { StartingSequenceNumber: '0', ...(s.closed ? { EndingSequenceNumber: String(sequence) } : {}) },
        })) } };
      case 'GetShardIterator': {
        const s = shard(body.ShardId);
        const at = body.ShardIteratorType === 'TRIM_HORIZON' ? 0 : body.ShardIteratorType === 'LATEST' ? s.records.length : s.records.findIndex((r) => r.SequenceNumber === body.StartingSequenceNumber) + 1;
        return { ShardIterator: `${s.id}/${at}` };
      }
      case 'GetRecords': {
        const [id, at] = String(body.ShardIterator).split('/');
        const s = shard(id);
        const records = s.records.slice(Number(at));
        const next = Number(at) + records.length;
        // A closed shard read to its end: no next iterator.
        return { Records: records, NextShardIterator: s.closed && next === s.records.length ? null : `${s.id}/${next}`, MillisBehindLatest: 0 };
      }
      default:
        throw new Error(target);
    }
  };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']).split('.')[1]!;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      res.end(JSON.stringify(answer(target, JSON.parse(text) as Record<string, unknown>)));
    });
  });
  const put = (s: Shard, name: string) => {
    s.records.push({ SequenceNumber: String(++sequence), ApproximateArrivalTimestamp: Date.now() / 1000, Data: Buffer.from(JSON.stringify({ name })).toString('base64'), PartitionKey: 'p' });
  };
  return { server, put };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('a stream trigger across a resharding, as Kinesis does it', () => {
  it('ends the parent\'s window at once when its shard ends, then reads its children from their start', async () => {
    // A 900 s window that does not end on its own during the test.
    const left = 900_000 - (Date.now() % 900_000);
    if (left < 30_000) await new Promise((resolve) => setTimeout(resolve, left + 1000));
    const parent: Shard = { id: 'shardId-000000000000', closed: false, records: [] };
    const children: Shard[] = [
      { id: 'shardId-000000000001', parent: parent.id, closed: false, records: [] },
      { id: 'shardId-000000000002', parent: parent.id, closed: false, records: [] },
    ];
    const shards = [parent];
    const { server, put } = kinesis(shards);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = scratchDir('resharding');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Clicks: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: TRIM_HORIZON, BatchSize: 1, TumblingWindowInSeconds: 900 } }
`);
    // The function: each event it is handed, answering with the names seen in its window.
    const events: Array<Record<string, unknown> & { state: { seen?: string[] }; shardId: string; Records: Array<{ kinesis: { data: string } }> }> = [];
    // When each invocation began and ended: the final one takes a while, which a child read beside it would overlap.
    const timeline: string[] = [];
    const run = async (_id: string, request: { payload: string | Buffer }): Promise<InvokeResult> => {
      const event = JSON.parse(request.payload.toString()) as (typeof events)[number];
      events.push(event);
      timeline.push(`begin ${event.shardId}`);
      if (event.isFinalInvokeForWindow === true) await new Promise((resolve) => setTimeout(resolve, 2500));
      timeline.push(`end ${event.shardId}`);
      const names = event.Records.map((r) => (JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString()) as { name: string }).name);
      return { requestId: `r${events.length}`, payload: Buffer.from(JSON.stringify({ state: { seen: [...(event.state.seen ?? []), ...names] } })), cold: false, environmentId: 1, report: {} as InvokeResult['report'] };
    };
    const said: DevEvent[] = [];
    const pollers = new StreamPollers({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, created: [{ kind: 'stream', name: 'Clicks' }],
      region: () => 'us-east-1', accountId: () => '123456789012', run, onEvent: (e) => said.push(e),
    });
    stop = async () => {
      await pollers.stop();
      await new Promise((resolve) => server.close(resolve));
    };
    put(parent, 'p1');
    put(parent, 'p2');
    await pollers.set((await loadProject({ dir })).project);
    await eventually(() => (events.length === 2 ? true : undefined), 20_000);
    // The split: the parent closes, and what is put next is in a child.
    parent.closed = true;
    shards.push(...children);
    put(children[1]!, 'c1');
    await eventually(() => (events.length === 4 ? true : undefined), 20_000);
    const seen = events.map((e) => ({ shardId: e.shardId, state: e.state, final: e.isFinalInvokeForWindow, early: e.isWindowTerminatedEarly, records: e.Records.length }));
    expect(seen).toEqual([
      { shardId: parent.id, state: {}, final: false, early: false, records: 1 },
      { shardId: parent.id, state: { seen: ['p1'] }, final: false, early: false, records: 1 },
      { shardId: parent.id, state: { seen: ['p1', 'p2'] }, final: true, early: true, records: 0 },
      // The child's own window, with a fresh state, from the child's first record.
      { shardId: children[1]!.id, state: {}, final: false, early: false, records: 1 },
    ]);
    expect(timeline.slice(4)).toEqual([`begin ${parent.id}`, `end ${parent.id}`, `begin ${children[1]!.id}`, `end ${children[1]!.id}`]);
    expect(said.filter((e) => e.type === 'warning' || e.type === 'error')).toEqual([]);
  }, 60_000);
});
