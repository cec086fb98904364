import type { Diagnostic } from '../errors.js';

/** What `pylambda dev` watches of a project, and what it says again when the project is read again. */

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'env', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.aws-sam', '.serverless', '.pylambda', '.idea', '.vscode']);

/**
 * Directories whose changes are not the project's: tools' caches, virtual environments and build output.
 * `build` and `dist` are skipped only where they are build output, at the top of a watched tree: elsewhere
 * they are code like any other (`from build import helpers` in src/). Virtual environments (`venv`, `env`)
 * are skipped wherever they are: one being created has no pyvenv.cfg yet to tell it by.
 */
export function skippedDirectory(parent: string, name: string, top: string): boolean {
  return SKIP_DIRS.has(name) || ((name === 'build' || name === 'dist') && parent === top);
}

/** The directories a walk of a watched tree does not enter: those skipped, and hidden ones but .chalice. */
export function walkSkips(parent: string, name: string, top: string): boolean {
  return skippedDirectory(parent, name, top) || (name.startsWith('.') && name !== '.chalice');
}

/** Whether a walk of `top` reaches `dir`, inside it: no directory on the way is one it skips. */
function walkReaches(dir: string, top: string): boolean {
  let parent = top;
  for (const name of dir.slice(top.length).split(/[/\\]/).filter(Boolean)) {
    if (walkSkips(parent, name, top)) return false;
    parent = `${parent.replace(/[/\\]$/, '')}/${name}`;
  }
  return true;
}

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
 * covered by it (`CodeUri: ../` covers the root itself), unless that one's walk skips it (`CodeUri:
 * dist/`, `.aws-sam/build/Fn`: build output, which a root's walk leaves out). The root comes first.
 */
export function watchRoots(root: string, dirs: readonly string[]): string[] {
  const candidates = [root, ...[...new Set(dirs)].sort()];
  const covers = (other: string, dir: string) => within(dir, other) && (dir === other || walkReaches(dir, other));
  return candidates.filter((dir, i) => !candidates.some((other, j) => j !== i && covers(other, dir) && (dir !== other || j < i)));
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
