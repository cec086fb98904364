/** The fuzz tests' random numbers: mulberry32, small and seeded, so a failing case is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many cases a fuzz test runs: its default, or PYLAMBDA_FUZZ_CASES for a longer hunt. */
export function fuzzCases(fallback: number): number {
  return Number(process.env.PYLAMBDA_FUZZ_CASES || fallback);
}
