import { usToMs, type ImportNode } from './importtime.js';
import type { Phase } from './tree-index.js';

/**
 * Geometry of the HTML page's charts, as fractions of the chart's width, so the page needs no layout
 * code of its own and the geometry is testable.
 *
 * Icicle: one row per nesting level, top-level imports on the first row side by side in import order,
 * each module as wide as its cumulative time and its children under it, left to right.
 */
export interface IcicleBlock {
  readonly module: string;
  readonly selfMs: number;
  readonly cumulativeMs: number;
  readonly depth: number;
  /** Left edge and width, fractions of the whole import time (0..1). */
  readonly x: number;
  readonly width: number;
  readonly phase: Phase;
}

export interface IcicleLayout {
  readonly blocks: readonly IcicleBlock[];
  readonly rows: number;
  readonly totalMs: number;
}

export function layoutIcicle(roots: readonly ImportNode[], rootPhases: readonly Phase[]): IcicleLayout {
  const totalUs = roots.reduce((sum, root) => sum + root.cumulativeUs, 0);
  const blocks: IcicleBlock[] = [];
  let rows = 0;
  if (totalUs <= 0) return { blocks, rows, totalMs: 0 };
  const place = (node: ImportNode, depth: number, x: number, limit: number, phase: Phase): void => {
    // Cumulative times are each rounded up to a microsecond, so children may add up to a hair more
    // than their parent: clamp them inside it.
    const width = Math.max(0, Math.min(node.cumulativeUs / totalUs, limit - x));
    blocks.push({ module: node.name, selfMs: usToMs(node.selfUs), cumulativeMs: usToMs(node.cumulativeUs), depth, x, width, phase });
    rows = Math.max(rows, depth + 1);
    let childX = x;
    for (const child of node.children) {
      place(child, depth + 1, childX, x + width, phase);
      childX = Math.min(x + width, childX + child.cumulativeUs / totalUs);
    }
  };
  let x = 0;
  roots.forEach((root, i) => {
    place(root, 0, x, 1, rootPhases[i] ?? 'user');
    x += root.cumulativeUs / totalUs;
  });
  return { blocks, rows, totalMs: usToMs(totalUs) };
}

export interface StripPoint {
  readonly run: number;
  readonly ms: number;
  /** Position on the axis, 0..1. */
  readonly x: number;
}

export interface StripLayout {
  readonly points: readonly StripPoint[];
  readonly axisMinMs: number;
  readonly axisMaxMs: number;
  readonly medianX: number;
  readonly p90X: number;
}

/** Init Durations on one axis from a little below the fastest to a little above the slowest run. */
export function layoutStrip(valuesMs: readonly number[], medianMs: number, p90Ms: number): StripLayout {
  const lo = Math.min(...valuesMs, medianMs);
  const hi = Math.max(...valuesMs, p90Ms);
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(1, lo * 0.05);
  const axisMinMs = Math.max(0, lo - pad);
  const axisMaxMs = hi + pad;
  const at = (ms: number): number => (ms - axisMinMs) / (axisMaxMs - axisMinMs);
  return {
    points: valuesMs.map((ms, i) => ({ run: i + 1, ms, x: at(ms) })),
    axisMinMs,
    axisMaxMs,
    medianX: at(medianMs),
    p90X: at(p90Ms),
  };
}
