/**
 * Which shards of a stream a mapping reads, and when. A resharding (Kinesis SplitShard, MergeShards,
 * UpdateShardCount; a DynamoDB stream's shards roll over on their own) closes shards and opens their children; Lambda
 * finds the new shards and reads a child only once its parents are read to their end, from the child's start, so a
 * key's records stay in order (Kinesis developer guide, "Resharding a stream": "process data from the parent shards
 * before you process data from the child shards").
 */

export interface ListedShard {
  readonly id: string;
  /** ParentShardId and AdjacentParentShardId (a merge's). */
  readonly parents: readonly string[];
  /** The shard has an EndingSequenceNumber: nothing more is put into it. */
  readonly closed: boolean;
}

interface DescribedShard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly SequenceNumberRange?: { readonly EndingSequenceNumber?: string };
}

/** The shards of a DescribeStream answer (Kinesis's and DynamoDB Streams' have the same keys). */
export function listedShards(shards: readonly DescribedShard[]): ListedShard[] {
  return shards.map((s) => ({
    id: s.ShardId,
    parents: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => typeof p === 'string' && p !== ''),
    closed: typeof s.SequenceNumberRange?.EndingSequenceNumber === 'string',
  }));
}

/**
 * The listed shards to start reading now: those not read yet whose parents are not listed or are read to their end.
 * `inOrder` false (a LATEST mapping's first listing, whose closed shards hold nothing new): every shard at once.
 */
export function shardsToStart(listed: readonly ListedShard[], started: ReadonlySet<string>, finished: ReadonlySet<string>, inOrder = true): string[] {
  const ids = new Set(listed.map((s) => s.id));
  return listed
    .filter((s) => !started.has(s.id))
    .filter((s) => !inOrder || s.parents.every((p) => !ids.has(p) || finished.has(p)))
    .map((s) => s.id);
}
