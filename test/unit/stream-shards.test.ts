import { describe, expect, it } from 'vitest';
import { listedShards, shardsToStart, type ListedShard } from '../../src/core/local-aws/stream-shards.js';

const shard = (id: string, parents: string[] = [], closed = false): ListedShard => ({ id, parents, closed });

describe('stream shards', () => {
  it('reads DescribeStream\'s shards: their parents, and whether they are closed', () => {
    // A split's parent and child, as Kinesis lists them (a merge's child names two parents).
    expect(listedShards([
      { ShardId: 'shardId-000000000000', SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '4' } } as never,
      { ShardId: 'shardId-000000000001', ParentShardId: 'shardId-000000000000', SequenceNumberRange: { StartingSequenceNumber: '5' } } as never,
      { ShardId: 'shardId-000000000003', ParentShardId: 'shardId-000000000001', AdjacentParentShardId: 'shardId-000000000002' },
    ])).toEqual([
      shard('shardId-000000000000', [], true),
      shard('shardId-000000000001', ['shardId-000000000000']),
      shard('shardId-000000000003', ['shardId-000000000001', 'shardId-000000000002']),
    ]);
  });

  // [case, listed, started, finished, in order, to start]
  it.each<[string, ListedShard[], string[], string[], boolean, string[]]>([
    ['a first listing: every root', [shard('a'), shard('b')], [], [], true, ['a', 'b']],
    ['a child whose parent is still read', [shard('a', [], true), shard('b', ['a'])], ['a'], [], true, []],
    ['a child whose parent is read to its end', [shard('a', [], true), shard('b', ['a']), shard('c', ['a'])], ['a'], ['a'], true, ['b', 'c']],
    ['a merge\'s child, one parent read', [shard('a', [], true), shard('b', [], true), shard('c', ['a', 'b'])], ['a', 'b'], ['a'], true, []],
    ['a merge\'s child, both parents read', [shard('a', [], true), shard('b', [], true), shard('c', ['a', 'b'])], ['a', 'b'], ['a', 'b'], true, ['c']],
    ['a child whose parent is no longer listed (trimmed)', [shard('b', ['a'])], [], [], true, ['b']],
    ['a shard already read', [shard('a')], ['a'], [], true, []],
    ['a LATEST first listing: parent and child at once', [shard('a', [], true), shard('b', ['a'])], [], [], false, ['a', 'b']],
  ])('starts %s', (_what, listed, started, finished, inOrder, expected) => {
    expect(shardsToStart(listed, new Set(started), new Set(finished), inOrder)).toEqual(expected);
  });
});
