import { describe, expect, it } from 'vitest';
import { oomVictim, shouldMeasureTree, TREE_PSS_INTERVAL_MS } from '../../src/core/runtime/memory-limit.js';

describe('the OOM killer of the cgroup (mm/oom_kill.c: the largest by resident memory)', () => {
  const runtime = { pid: 10, rssKb: 80_000 };
  it.each<[string, Array<{ pid: number; rssKb: number }>, number]>([
    ['a subprocess larger than the runtime', [{ pid: 11, rssKb: 200_000 }], 11],
    ['the runtime larger than its subprocess', [{ pid: 11, rssKb: 60_000 }], 10],
    ['a tie: the runtime', [{ pid: 11, rssKb: 80_000 }], 10],
    ['the largest of several', [{ pid: 11, rssKb: 90_000 }, { pid: 12, rssKb: 150_000 }, { pid: 13, rssKb: 100_000 }], 12],
    ['no subprocess', [], 10],
  ])('%s', (_what, descendants, victim) => {
    expect(oomVictim(runtime, descendants)).toBe(victim);
  });
});

describe('when the tree is measured exactly (Pss)', () => {
  it.each<[string, number, number, boolean]>([
    ['resident over the limit: now, whatever the interval', 140_000, 0, true],
    ['under it, within the interval: not yet', 100_000, TREE_PSS_INTERVAL_MS - 1, false],
    ['under it, the interval gone: now', 100_000, TREE_PSS_INTERVAL_MS, true],
    ['never measured: now', 100_000, Infinity, true],
  ])('%s', (_what, residentKb, since, expected) => {
    expect(shouldMeasureTree(residentKb, 131_072, since)).toBe(expected);
  });
});
