/**
 * The known name a mistyped one most likely meant (`--prot` for `--port`, `invok` for `invoke`), as git and
 * wrangler suggest: within two edits (one for names of up to four letters), or the only name it begins.
 */
export function didYouMean(typed: string, known: readonly string[]): string | undefined {
  const limit = typed.replace(/^-+/, '').length <= 4 ? 1 : 2;
  const scored = known.map((name) => ({ name, distance: editDistance(typed, name) })).filter((c) => c.distance <= limit);
  scored.sort((a, b) => a.distance - b.distance);
  if (scored[0] && scored[0].distance < (scored[1]?.distance ?? Infinity)) return scored[0].name;
  if (scored.length > 0) return undefined;
  const begun = known.filter((name) => typed.length >= 3 && name.startsWith(typed));
  return begun.length === 1 ? begun[0] : undefined;
}

/** Levenshtein distance, a swap of two neighbours counting as one edit (`--prot`). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
