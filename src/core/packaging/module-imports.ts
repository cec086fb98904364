/**
 * Which of a package's modules a handler's import always runs: what its module imports at its top level, and
 * what those import in turn. A module there that does not compile fails every invocation as the handler's own
 * does (Runtime.UserCodeSyntaxError), where one imported inside a function, a `try` or an `if` may never run.
 */

import { withoutCommentsAndStrings } from './handler-function.js';

const NAME = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const DOTTED = String.raw`${NAME}(?:\s*\.\s*${NAME})*`;
// Only statements at column 0 run whenever the module is imported; an indented one is in a block.
const IMPORT = new RegExp(String.raw`^import[ \t]+(${DOTTED}(?:[ \t]+as[ \t]+${NAME})?(?:[ \t]*,[ \t]*${DOTTED}(?:[ \t]+as[ \t]+${NAME})?)*)`, 'gmu');
const FROM = new RegExp(String.raw`^from[ \t]+(\.*)[ \t]*(${DOTTED})?[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)`, 'gmu');

/**
 * The modules a module's top level imports, as the files that may hold each (`a/b.py` or `a/b/__init__.py`),
 * with the packages above them, whose `__init__.py` the import runs first. `file` is the module's path in the
 * package (`src/handlers.py`), which places a relative import.
 */
export function topLevelImports(source: string, file: string): string[][] {
  const code = withoutCommentsAndStrings(source).replace(/\\\n/g, ' ');
  const modules: string[] = [];
  for (const m of code.matchAll(IMPORT)) {
    for (const part of m[1]!.split(',')) modules.push(part.trim().split(/\s+as\s+/)[0]!.replace(/\s/g, ''));
  }
  const here = file.split('/').slice(0, -1);
  for (const m of code.matchAll(FROM)) {
    const dots = m[1]!.length;
    const named = (m[2] ?? '').replace(/\s/g, '');
    // A relative import counts from the module's package: `.` is the directory of a module, of an __init__.py too.
    if (dots > 0 && dots - 1 > here.length) continue;
    const base = here.slice(0, dots === 0 ? 0 : here.length - (dots - 1));
    const from = [...base, ...(named ? named.split('.') : [])].join('.');
    if (!from) continue;
    modules.push(from);
    // `from pkg import mod` imports the submodule mod when there is one.
    const names = m[3]!.replace(/[()]/g, '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!.trim()).filter((n) => n && n !== '*');
    for (const n of names) modules.push(`${from}.${n}`);
  }
  return modules.map((module) => {
    const parts = module.split('.');
    return parts.map((_, i) => parts.slice(0, i + 1).join('/')).flatMap((p) => [`${p}.py`, `${p}/__init__.py`]);
  });
}

/**
 * The files from the handler's module to `target` along top-level imports (`['app.py', 'src/utils.py']`),
 * or undefined when its import never reaches it. `read` gives a packaged module's text (undefined: not there).
 */
export function importChain(entry: string, target: string, read: (file: string) => string | undefined): string[] | undefined {
  const via = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file === target) {
      const chain = [file];
      for (let prev = via.get(file); prev !== undefined; prev = via.get(prev)) chain.unshift(prev);
      return chain;
    }
    // The target does not compile, so its imports are never run; the others are read for theirs.
    const source = read(file);
    if (source === undefined) continue;
    for (const candidates of topLevelImports(source, file)) {
      for (const next of candidates) {
        if (via.has(next) || (next !== target && read(next) === undefined)) continue;
        via.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}
