/**
 * A `package` block's file rules as one list of `patterns`, the way the Framework v3 applies them
 * (lib/plugins/package/lib/package-service.js, resolveFilePathsFromPatterns): every exclusion first, each
 * `x` of `exclude` as `!x` (and a `!x` there as `x`), then `include` and `patterns` as written; the last
 * rule that matches a file decides. `include`/`exclude` are deprecated in v3 (PACKAGE_PATTERNS) and gone
 * in v4, but v3 still honours them: `exclude: [./**]` with `include: [handler.py]` ships handler.py alone.
 */
import { isRecord, type FieldReader } from '../fields.js';

/** A package block's rules, kept apart because the Framework puts all exclusions before any inclusion. */
export interface PackageRules {
  /** As patterns: `exclude: [x]` is `!x`. */
  readonly excludes: readonly string[];
  /** `include`, then `patterns`. */
  readonly includes: readonly string[];
}

export const NO_RULES: PackageRules = { excludes: [], includes: [] };

/** The rules of a `package` block (the service's, a function's or a layer's); `at` is its path. */
export function packageRules(pkg: unknown, at: string, r: FieldReader): PackageRules {
  if (!isRecord(pkg)) return NO_RULES;
  const list = (key: string) => (pkg[key] === undefined ? [] : (r.list(pkg[key], `${at}.${key}`) ?? [])).filter((p): p is string => typeof p === 'string');
  return {
    excludes: list('exclude').map((p) => (p.startsWith('!') ? p.slice(1) : `!${p}`)),
    includes: [...list('include'), ...list('patterns')],
  };
}

/**
 * Rules in the Framework's order (getExcludes, then getIncludes): the exclusions of each, in the order
 * given, then the inclusions of each. The service's come first, then the layers' paths, then the function's.
 */
export function patternsOf(...rules: readonly PackageRules[]): string[] {
  return [...rules.flatMap((r) => r.excludes), ...rules.flatMap((r) => r.includes)];
}
