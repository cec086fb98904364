/**
 * Values an EventBridge event pattern matches (EventBridge user guide, "Event patterns" and "Content filtering"):
 * for a sample event whose `detail` the rule lets through, so the function reads the fields it filters on.
 */

type Json = Record<string, unknown>;

/** What stands in for a value a pattern only constrains (a prefix's rest, anything but a list). */
const FILLER = 'sample';

/**
 * An object that matches `pattern` (its keys' first satisfiable matcher each; nested objects alike; the first
 * branch of a `$or`); keys a matcher wants absent (`exists: false`) are left out.
 */
export function matchingObject(pattern: unknown): Json {
  if (!isObject(pattern)) return {};
  const out: Json = {};
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      const first = Array.isArray(rule) ? rule[0] : undefined;
      Object.assign(out, matchingObject(first));
      continue;
    }
    if (isObject(rule)) {
      out[key] = matchingObject(rule);
      continue;
    }
    const value = firstMatch(Array.isArray(rule) ? rule : [rule]);
    if (value !== ABSENT) out[key] = value;
  }
  return out;
}

const ABSENT = Symbol('absent');

/** A value a list of matchers (`["a", {"prefix": "b"}]`) lets through: its first satisfiable one's. */
export function matchingValue(matchers: readonly unknown[]): unknown {
  const value = firstMatch(matchers);
  return value === ABSENT ? undefined : value;
}

function firstMatch(matchers: readonly unknown[]): unknown {
  for (const m of matchers) {
    if (m === null || typeof m !== 'object') return m;
    const value = fromMatcher(m as Json);
    if (value !== undefined) return value;
  }
  return FILLER;
}

/** A value one content filter (`{prefix: ...}`, `{numeric: [...]}` ...) lets through; undefined for one it does not know. */
function fromMatcher(m: Json): unknown {
  if (typeof m.prefix === 'string') return `${m.prefix}${FILLER}`;
  if (isObject(m.prefix) && typeof m.prefix['equals-ignore-case'] === 'string') return `${m.prefix['equals-ignore-case']}${FILLER}`;
  if (typeof m.suffix === 'string') return `${FILLER}${m.suffix}`;
  if (isObject(m.suffix) && typeof m.suffix['equals-ignore-case'] === 'string') return `${FILLER}${m.suffix['equals-ignore-case']}`;
  if (typeof m['equals-ignore-case'] === 'string') return m['equals-ignore-case'];
  if (typeof m.wildcard === 'string') return m.wildcard.replaceAll('*', FILLER);
  if (m.exists === false) return ABSENT;
  if (m.exists === true) return FILLER;
  if (m['anything-but'] !== undefined) return anythingBut(m['anything-but']);
  if (Array.isArray(m.numeric)) return numeric(m.numeric);
  if (typeof m.cidr === 'string') return m.cidr.split('/')[0];
  return undefined;
}

/** A string none of the excluded values equals (nor starts with, for an excluded prefix). */
function anythingBut(excluded: unknown): unknown {
  const list = Array.isArray(excluded) ? excluded : [excluded];
  if (list.length > 0 && list.every((v) => typeof v === 'number')) return Math.max(...(list as number[])) + 1;
  const taken = (v: string) => list.some((x) => x === v || (isObject(x) && typeof x.prefix === 'string' && v.startsWith(x.prefix)));
  // Each candidate starts with another letter: a prefix excludes one of them at most.
  for (let i = 0; i < 26; i++) {
    const value = i === 0 ? FILLER : `${String.fromCharCode(97 + i)}-${FILLER}`;
    if (!taken(value)) return value;
  }
  return `${FILLER}-${list.length}`;
}

/**
 * A number within `['>', 0, '<=', 5]`-style bounds: the lowest whole one allowed, else the highest, else 0; between
 * bounds with no whole number in them (`['>', 0, '<', 1]`, as for a ratio), the middle of them.
 */
function numeric(conditions: readonly unknown[]): number {
  let low: { n: number; open: boolean } | undefined;
  let high: { n: number; open: boolean } | undefined;
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const [op, n] = [conditions[i], conditions[i + 1]];
    if (typeof n !== 'number') continue;
    if (op === '=') return n;
    if ((op === '>' || op === '>=') && (!low || n >= low.n)) low = { n, open: op === '>' };
    if ((op === '<' || op === '<=') && (!high || n <= high.n)) high = { n, open: op === '<' };
  }
  const fits = (v: number) => (!low || (low.open ? v > low.n : v >= low.n)) && (!high || (high.open ? v < high.n : v <= high.n));
  const candidates = [low && (low.open ? Math.floor(low.n) + 1 : Math.ceil(low.n)), high && (high.open ? Math.ceil(high.n) - 1 : Math.floor(high.n)), 0];
  const whole = candidates.find((v): v is number => v !== undefined && fits(v));
  if (whole !== undefined) return whole;
  return low && high ? (low.n + high.n) / 2 : (low?.n ?? high?.n ?? 0);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
