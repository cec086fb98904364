/** Route templates of REST and HTTP APIs: `/items/{id}`, `/files/{proxy+}`, `/`. */

export type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

export type ParsedTemplate = { readonly ok: true; readonly segments: readonly Segment[] } | { readonly ok: false; readonly problem: string };

/** HTTP API's catch-all route key; REST APIs have no equivalent. */
export const DEFAULT_ROUTE = '$default';

const NAME = /^[A-Za-z0-9_.\-:]+$/;

/**
 * Splits a route template into segments. A variable is a whole segment (`{id}`); a greedy one (`{proxy+}`)
 * comes last (API Gateway docs, "Working with path variables": "The greedy path variable must be at the end
 * of the resource path").
 */
export function parseTemplate(path: string): ParsedTemplate {
  if (!path.startsWith('/')) return { ok: false, problem: 'must start with /' };
  if (path === '/') return { ok: true, segments: [] };
  const parts = path.slice(1).split('/');
  const segments: Segment[] = [];
  for (const [index, part] of parts.entries()) {
    if (part === '') {
      return { ok: false, problem: index === parts.length - 1 ? 'must not end with /' : 'has an empty segment (//)' };
    }
    const variable = /^\{(.*)\}$/.exec(part);
    if (!variable) {
      if (part.includes('{') || part.includes('}')) return { ok: false, problem: `'${part}': a path variable must be a whole segment, as in {id}` };
      segments.push({ kind: 'literal', value: part });
      continue;
    }
    const inner = variable[1]!;
    const greedy = inner.endsWith('+');
    const name = greedy ? inner.slice(0, -1) : inner;
    if (!NAME.test(name)) return { ok: false, problem: `'${part}' is not a valid path variable` };
    if (greedy && index !== parts.length - 1) return { ok: false, problem: `the greedy variable '${part}' must be the last segment` };
    segments.push(greedy ? { kind: 'greedy', name } : { kind: 'param', name });
  }
  return { ok: true, segments };
}

/** The shape two routes share when they match the same requests: `{a}` and `{b}` in one position are the same. */
export function shapeOf(segments: readonly Segment[]): string {
  return '/' + segments.map((s) => (s.kind === 'literal' ? s.value : s.kind === 'param' ? '{}' : '{+}')).join('/');
}

/** How a segment ranks: a literal beats a variable, which beats a greedy variable. */
export function segmentRank(segment: Segment): number {
  return segment.kind === 'literal' ? 0 : segment.kind === 'param' ? 1 : 2;
}

/** Lexicographic comparison of two rank lists (shorter first on a tie, which only happens for routes that cannot both match). */
export function compareRanks(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
