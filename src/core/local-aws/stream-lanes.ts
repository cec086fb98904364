/**
 * ParallelizationFactor (Lambda developer guide, "Using Lambda with Kinesis Data Streams": "Lambda can process up to
 * 10 batches in each shard simultaneously ... Lambda still ensures in-order processing at the partition-key level";
 * for DynamoDB, "at the item (partition and sort key) level"). dev splits a shard into `factor` lanes by a hash of each
 * record's key: a lane's batches go one after the other, the lanes' side by side, so records of one key stay in order.
 * Which key goes to which lane Lambda does not say; any stable choice keeps its promise.
 */
import type { StreamRecord } from './stream-records.js';

/** What orders a record among the others: a Kinesis record's partition key, a DynamoDB record's item keys. */
export function orderingKey(r: StreamRecord): string {
  if (r.service === 'kinesis') return r.record.PartitionKey;
  const keys = r.record.dynamodb.Keys;
  return JSON.stringify(Object.keys(keys).sort().map((name) => [name, keys[name]]));
}

/** The lane (0 to factor - 1) of a key. */
export function laneOf(key: string, factor: number): number {
  if (factor <= 1) return 0;
  // FNV-1a, 32 bits: stable across runs and spreads short keys ("user-1", "user-2") well.
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % factor;
}
