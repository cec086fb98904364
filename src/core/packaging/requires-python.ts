/**
 * A project's `requires-python` (PEP 621, a PEP 440 specifier set) against the function's runtime.
 * uv refuses such a project with a long resolver explanation; this says which runtime and which
 * specifier. Lambda runs the newest patch of its minor version, so the runtime satisfies the set when
 * its `X.Y.0` or a late `X.Y` patch does (`>=3.11.4` accepts python3.11).
 */

type Release = readonly number[];

function release(text: string): Release | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(text.trim());
  return m ? m[1]!.split('.').map(Number) : undefined;
}

function compare(a: Release, b: Release): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function startsWith(version: Release, prefix: Release): boolean {
  return prefix.every((p, i) => (version[i] ?? 0) === p);
}

/** One clause (`>=3.9`, `==3.11.*`, `~=3.10`); true when it cannot be read, leaving the judgement to uv. */
function satisfies(version: Release, clause: string): boolean {
  const m = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(clause.trim());
  if (!m) return true;
  const [, op, text] = m;
  const wildcard = text!.endsWith('.*');
  const bound = release(wildcard ? text!.slice(0, -2) : text!);
  if (!bound) return true;
  switch (op) {
    case '==': case '===': return wildcard ? startsWith(version, bound) : compare(version, bound) === 0;
    case '!=': return wildcard ? !startsWith(version, bound) : compare(version, bound) !== 0;
    case '<=': return compare(version, bound) <= 0;
    case '>=': return compare(version, bound) >= 0;
    case '<': return compare(version, bound) < 0;
    case '>': return compare(version, bound) > 0;
    default: return compare(version, bound) >= 0 && startsWith(version, bound.slice(0, Math.max(1, bound.length - 1)));
  }
}

/** Whether `requires-python` leaves out the runtime's Python (`3.12`). */
export function requiresPythonExcludes(specifier: string, pythonVersion: string): boolean {
  const minor = release(pythonVersion) ?? [];
  const clauses = specifier.split(',').filter((c) => c.trim() !== '');
  return [[...minor, 0], [...minor, 99]].every((v) => !clauses.every((c) => satisfies(v, c)));
}
