/**
 * The key paths of a JSON value (`Records[].s3.bucket.name`), for comparing a generated event's shape
 * with a real sample's. Arrays are merged over their items; user-defined maps can be cut off at a path.
 */
export function keyPaths(value: unknown, opaque: readonly string[] = [], prefix = ''): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item, `${path}[]`);
      return;
    }
    if (v === null || typeof v !== 'object' || opaque.includes(path)) return;
    for (const [k, child] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      out.add(p);
      walk(child, p);
    }
  };
  walk(value, prefix);
  return [...out].sort();
}
