import type { Diagnostic } from '../errors.js';

/** What `pylambda dev` watches of a project, and what it says again when the project is read again. */

/** `dir` is `parent` or a directory below it (absolute, normalised paths; `/` or `\` separators). */
function within(dir: string, parent: string): boolean {
  if (dir === parent) return true;
  if (!dir.startsWith(parent)) return false;
  return /[/\\]$/.test(parent) || dir[parent.length] === '/' || dir[parent.length] === '\\';
}

/**
 * The directory trees to watch: the project's root, and each code or layer directory outside it. A
 * template in `infra/` with `CodeUri: ../src` keeps its code outside the template's directory, and edits
 * there went unseen while dev said it was watching. A directory inside another one on the list is
 * covered by it (`CodeUri: ../` covers the root itself). The root comes first.
 */
export function watchRoots(root: string, dirs: readonly string[]): string[] {
  const candidates = [root, ...[...new Set(dirs)].sort()];
  return candidates.filter((dir, i) => !candidates.some((other, j) => j !== i && within(dir, other) && (dir !== other || j < i)));
}

/**
 * The warnings of a project read again that the previous reading did not have: a function added with
 * `InlineCode` or another language is skipped, and a reload said nothing of it. Warnings that were
 * there before were said already; repeated at every save they would bury the request lines.
 */
export function newWarnings(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file ?? ''}\n${d.path}\n${d.message}`;
  const seen = new Set(before.map(key));
  return after.filter((d) => !seen.has(key(d)));
}
