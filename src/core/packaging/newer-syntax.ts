/**
 * Whether a line Python refused is syntax a newer Python accepts: only then is "choose a newer Runtime" advice. An
 * older Python says "invalid syntax" both for a typo (`def f(:`) and for a newer statement (`match x:`), so the
 * line is what tells them apart, matched against what each version added. Only one Python (the runtime's) runs
 * here, so a construct not listed is taken for a mistake.
 */
const ADDED: ReadonlyArray<{ readonly version: [number, number]; readonly what: RegExp }> = [
  // PEP 634: match and case statements.
  { version: [3, 10], what: /^(match|case)\s+\S.*:\s*(#.*)?$/ },
  // PEP 654: except* (exception groups).
  { version: [3, 11], what: /^except\s*\*/ },
  // PEP 695: type aliases and type parameters on functions and classes.
  { version: [3, 12], what: /^type\s+[A-Za-z_]\w*\s*(\[[^\]]*\])?\s*=/ },
  { version: [3, 12], what: /^((async\s+)?def|class)\s+[A-Za-z_]\w*\s*\[/ },
  // PEP 701: an f-string's expression holding the f-string's own quote (f"{d["key"]}").
  { version: [3, 12], what: /(^|[^\w])[rR]?[fF][rR]?(["'])[^"'\n]*\{[^}]*\2/ },
  // PEP 696: a type parameter's default.
  { version: [3, 13], what: /^((async\s+)?def|class)\s+[A-Za-z_]\w*\s*\[[^\]]*=/ },
  // PEP 758: several exceptions without parentheses (and without `as`); PEP 750: template strings.
  { version: [3, 14], what: /^except\s+[^\s(:][^:]*,(?![^:]*\bas\b)[^:]*:/ },
  { version: [3, 14], what: /(^|[^\w])[rR]?[tT][rR]?(["'])/ },
];

/** The first runtime (`python3.12`) whose Python accepts `line` where `runtime`'s refused it, or undefined. */
export function newerSyntaxRuntime(line: string, runtime: string): string | undefined {
  const match = /^python(\d+)\.(\d+)$/.exec(runtime);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const text = line.trim();
  const added = ADDED.find(({ version: [m, n], what }) => (m > major || (m === major && n > minor)) && what.test(text));
  return added ? `python${added.version[0]}.${added.version[1]}` : undefined;
}
