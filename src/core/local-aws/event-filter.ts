/**
 * Lambda's event filtering (Lambda developer guide, "Control which events Lambda sends to your function", its "Filter
 * rule syntax" table): a pattern is an object whose keys are the record's; a list of rules at a key matches when one
 * of them does (an OR), every key of the pattern must match (an AND), a nested object matches the record's object at
 * that key, and `$or` takes a list of patterns. A record whose value at a key is a list matches when one of its
 * elements does, as EventBridge, whose pattern language this is, matches arrays.
 */

type Json = Readonly<Record<string, unknown>>;

/** Whether `record` matches `pattern` (an object, as a filter's Pattern is once parsed). */
export function matchesPattern(pattern: Json, record: unknown): boolean {
  const fields = isObject(record) ? record : {};
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return Array.isArray(rule) && rule.some((p) => isObject(p) && matchesPattern(p, fields));
    const present = Object.hasOwn(fields, key);
    const value = fields[key];
    if (isObject(rule)) return present && isObject(value) && matchesPattern(rule, value);
    // A single value for a list of one (patternProblem warns of it).
    return (Array.isArray(rule) ? rule : [rule]).some((r) => matchesRule(r, present, value));
  });
}

/** One rule of a key's list against the record's value there (`present`: whether the record has the key at all). */
function matchesRule(rule: unknown, present: boolean, value: unknown): boolean {
  if (isObject(rule) && 'exists' in rule) return rule.exists === present;
  // Every other rule needs the key; a list value matches when one of its elements does.
  if (!present) return false;
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => matchesValue(rule, v));
}

function matchesValue(rule: unknown, value: unknown): boolean {
  if (!isObject(rule)) return rule === value;
  if (typeof rule.prefix === 'string') return typeof value === 'string' && value.startsWith(rule.prefix);
  if (typeof rule.suffix === 'string') return typeof value === 'string' && value.endsWith(rule.suffix);
  if (typeof rule['equals-ignore-case'] === 'string') return typeof value === 'string' && value.toLowerCase() === rule['equals-ignore-case'].toLowerCase();
  if (Array.isArray(rule.numeric)) return typeof value === 'number' && numericHolds(rule.numeric, value);
  if ('anything-but' in rule) return anythingBut(rule['anything-but'], value);
  // A rule of another kind (patternProblem warns of it) lets the value through rather than have its message deleted.
  return true;
}

/** `["anything-but": ["a", "b"]]`, a single value, or `{"prefix": ...}`: the value is none of them. */
function anythingBut(excluded: unknown, value: unknown): boolean {
  if (isObject(excluded) && typeof excluded.prefix === 'string') return typeof value === 'string' && !value.startsWith(excluded.prefix);
  const list = Array.isArray(excluded) ? excluded : [excluded];
  return !list.includes(value);
}

/** `[">", 0, "<=", 5]`: every comparison holds. */
function numericHolds(conditions: readonly unknown[], value: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const [op, n] = [conditions[i], conditions[i + 1]];
    if (typeof n !== 'number') return false;
    const holds = op === '=' ? value === n : op === '>' ? value > n : op === '>=' ? value >= n : op === '<' ? value < n : op === '<=' ? value <= n : false;
    if (!holds) return false;
  }
  return conditions.length >= 2;
}

/** The content filters Lambda's rule syntax table lists; a rule of another kind (`wildcard`, `cidr`) it refuses. */
const RULES = new Set(['prefix', 'suffix', 'equals-ignore-case', 'numeric', 'anything-but', 'exists']);

/**
 * What Lambda may refuse in a pattern, with the key it is at: a value that is not a list of rules (or an object of
 * keys), or a rule its table does not list. Undefined when every rule is one matchesPattern applies as Lambda does.
 */
export function patternProblem(pattern: Json, at = ''): string | undefined {
  for (const [key, rule] of Object.entries(pattern)) {
    const path = at ? `${at}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(rule) || rule.some((p) => !isObject(p))) return `${path} is not a list of patterns`;
      const inner = rule.map((p) => patternProblem(p as Json, at)).find((problem) => problem !== undefined);
      if (inner) return inner;
      continue;
    }
    if (isObject(rule)) {
      const inner = patternProblem(rule, path);
      if (inner) return inner;
      continue;
    }
    if (!Array.isArray(rule)) return `${path} is ${JSON.stringify(rule)}, not a list of rules`;
    for (const r of rule) {
      if (!isObject(r)) continue;
      const kind = Object.keys(r)[0];
      if (Object.keys(r).length !== 1 || kind === undefined || !RULES.has(kind)) return `${path} has ${JSON.stringify(r)}, not a rule Lambda knows (prefix, suffix, equals-ignore-case, numeric, anything-but, exists)`;
    }
  }
  return undefined;
}

/** A filter's Pattern as an object: SAM and CloudFormation write it as a JSON string, serverless.yml as an object. */
export function parsePattern(pattern: unknown): Json | undefined {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      return undefined;
    }
  }
  return isObject(parsed) ? parsed : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `record` passes a mapping's filters (none: every record does); a pattern that cannot be read lets nothing through. */
export function passesFilters(filters: readonly unknown[], record: unknown): boolean {
  return filters.length === 0 || filters.some((filter) => {
    const pattern = parsePattern(filter);
    return pattern !== undefined && matchesPattern(pattern, record);
  });
}
