/**
 * Summary of N measured durations (Init Duration of N cold starts).
 *
 * - median: the middle value, or the mean of the two middle values for an even N (the usual median);
 * - p90: the nearest-rank percentile, the smallest measured value with at least 90 % of the runs at or
 *   below it (ceil(0.9 N)-th smallest). It is always a run that happened, which suits small N: with
 *   10 runs p90 is the 9th fastest, with fewer than 10 it is the slowest.
 */
export interface DurationStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
}

function checked(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no durations to summarise');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('durations must be finite numbers');
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = checked(values);
  // The small epsilon keeps 0.9 * 10 = 9.000000000000002 from rounding up to the 10th value.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number {
  const sorted = checked(values);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): DurationStats {
  const sorted = checked(values);
  return {
    count: sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    median: median(sorted),
    p90: percentile(sorted, 90),
  };
}
