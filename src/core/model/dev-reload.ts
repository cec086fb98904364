import type { Diagnostic } from '../errors.js';

/** What `pylambda dev` watches of a project, and what it says again when the project is read again. */

/**
 * Files whose change is no reason to reload: editors' temporary files (vim's 4913 probe, .swp, ~ backups,
 * emacs' .# locks, `sed -i`'s sedXXXXXX, JetBrains' ___jb_ files), bytecode, and logs, which a project
 * that logs to a file beside its code would otherwise rewrite after every request, reloading for ever.
 */
export function isNoise(name: string): boolean {
  return /(~|\.swp|\.swx|\.swo|\.pyc|\.log|\.tmp|___jb_(tmp|old)___)$/.test(name)
    || /^(\.#|\d+$|sed[A-Za-z0-9]{6}$|\.DS_Store$|\.goutputstream-)/.test(name);
}

/**
 * A virtual environment has a pyvenv.cfg at its top (PEP 405), whatever its name: one called `myvenv` or
 * `py312` was watched whole (a watch for each directory of site-packages, walked before dev was ready), and
 * every `pip install` into it reloaded the functions. A conda environment (`conda create -p ./env`) has
 * none, but a conda-meta directory.
 */
export const VENV_MARKER = 'pyvenv.cfg';

/** Whether a directory holding an entry of this name is a Python environment (VENV_MARKER, conda-meta). */
export function isEnvironmentMarker(name: string): boolean {
  return name === VENV_MARKER || name === 'conda-meta';
}

/**
 * Files whose change can change what a function does: code, configuration, and the data files code reads
 * at start-up. Anything else (a `dev.out` that dev's own output is redirected to, `tee run.txt`, a
 * database file) is no reason to reload: such a file beside the code made every request reload again.
 */
const SOURCE_FILE = /\.(py|pyi|pth|json|ya?ml|toml|cfg|ini|env|html?|jinja2?|j2|sql|csv|xml)$|^requirements[\w.-]*\.txt$|^\.env(\.[\w-]+)?$/;

/** Whether a change to a file of this name is one to reload for (SOURCE_FILE). */
export function isSourceFile(name: string): boolean {
  return SOURCE_FILE.test(name);
}

const SKIP_DIRS = new Set(['.git', '.hg', '.svn', '.venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.aws-sam', '.serverless', '.pylambda', '.idea', '.vscode']);

/**
 * Directories whose changes are not the project's: tools' caches and build output. `build` and `dist` are
 * skipped only where they are build output, at the top of a watched tree: elsewhere they are code like any
 * other (`from build import helpers` in src/). Virtual environments are told by their pyvenv.cfg
 * (isEnvironmentMarker), not by name: `env/` is as often a package or the directory of serverless.yml's
 * `${file(./env/dev.yml)}`, whose edits went unseen.
 */
export function skippedDirectory(parent: string, name: string, top: string): boolean {
  return SKIP_DIRS.has(name) || ((name === 'build' || name === 'dist') && parent === top) || SCRATCH_DIR.test(name);
}

/**
 * pylambda's own scratch directories (mkdtemp's `pylambda-tmp-XXXXXX`, an environment's TMPDIR; `pylambda-<pid>-XXXXXX`,
 * the Runtime API's socket; ...), which land in the project when TMPDIR points into it: each environment's start, and
 * each file a function wrote to its /tmp, reloaded the functions, so every request was a cold start.
 */
const SCRATCH_DIR = /^pylambda-[a-z0-9-]+-[A-Za-z0-9]{6}$/;

/**
 * The directories a walk of a watched tree does not enter: those skipped, and hidden ones but .chalice
 * (no Python package has a name that starts with a dot; a configuration file in one is watched on its own).
 */
export function walkSkips(parent: string, name: string, top: string): boolean {
  return skippedDirectory(parent, name, top) || (name.startsWith('.') && name !== '.chalice');
}

/**
 * Where a symbolic link in the code leads that dev does not follow: into installed packages (site-packages,
 * a virtual environment's), a cache or another directory a walk skips. Its edits are not the project's, and
 * a link to a venv's site-packages would add thousands of watches.
 */
export function linkTargetSkipped(target: string): boolean {
  const names = target.split(/[/\\]/).filter(Boolean);
  const last = names.at(-1) ?? '';
  return names.some((name) => SKIP_DIRS.has(name) || name === 'site-packages' || name === 'dist-packages')
    || (last.startsWith('.') && last !== '.chalice');
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
export function within(dir: string, parent: string): boolean {
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

/** Whether the walk of one of the trees `roots` reaches `dir`. */
export function reachedBy(dir: string, roots: readonly string[]): boolean {
  return roots.some((root) => within(dir, root) && walkReaches(dir, root));
}

/**
 * Whether one of the trees `roots` reports a change to `file` (absolute): its walk reaches the file's
 * directory, and the name is one a tree reports. A configuration file the trees do not report (in a hidden
 * directory, or named `settings.conf`) is watched on its own.
 */
export function treesReport(file: string, roots: readonly string[]): boolean {
  const at = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const name = file.slice(at + 1);
  return isSourceFile(name) && !isNoise(name) && reachedBy(file.slice(0, Math.max(at, 1)), roots);
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

/**
 * Whether a changed path is one of `paths`, below one, or a directory above one (a directory made with what
 * is inside it is reported once, by its own name).
 */
export function touchesAny(changed: string, paths: readonly string[]): boolean {
  return paths.some((path) => within(changed, path) || within(path, changed));
}
