/**
 * What to remove from installed dependencies (shared/LAMBDA-FACTS.md section 8): weight Lambda never
 * uses. Never a `*.dist-info` directory of a kept distribution: `importlib.metadata` reads them
 * (entry points, `version("pydantic")`, plugin discovery), and packages fail at import without them.
 * Never `strip` on `.so` files either (that is not done here at all). serverless-python-requirements'
 * `slim` deletes `*.dist-info*`; that is the mistake this module does not make.
 */
import type { PackageTarget } from './platform.js';

export interface PruneOptions {
  readonly target: PackageTarget;
  /** A Chalice app: the installed `chalice/` package is replaced by its two runtime modules. */
  readonly chalice?: boolean;
  /** Top-level names to drop entirely (from `boto3Exclusion`), with their `.dist-info` directories. */
  readonly drop?: readonly DroppedDistribution[];
  /** `tests` directories a package's own code imports (importedTests, `astropy/tests`): kept. */
  readonly keepTests?: ReadonlySet<string>;
  /** Files of `bin/` that are compiled programs (ELF), not scripts: kept (rule 3). */
  readonly programs?: ReadonlySet<string>;
}

export interface DroppedDistribution {
  /** Normalised distribution name (`python-dateutil`). */
  readonly name: string;
  /** Its top-level modules and packages (`dateutil`, `six.py`). */
  readonly topLevel: readonly string[];
  readonly reason: string;
}

export interface Removal {
  readonly path: string;
  readonly reason: string;
}

export interface PruneResult {
  readonly keep: readonly string[];
  readonly remove: readonly Removal[];
}

/** Name part of a `.dist-info` directory: `python_dateutil-2.9.0.post0.dist-info` -> `python-dateutil`. */
export function distInfoName(dir: string): string | undefined {
  const m = /^(.+?)-[^-]+\.dist-info$/.exec(dir);
  return m ? normaliseName(m[1]!) : undefined;
}

/** PEP 503 normalisation: runs of `-`, `_`, `.` become `-`, lower case. */
export function normaliseName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * Decides for each installed file (POSIX path relative to the install directory) whether it stays.
 * The rules, first match wins:
 * 1. a dropped distribution's files and its `.dist-info` go (`--exclude-boto3`);
 * 2. anything else in a `.dist-info` stays, but uv's `uv_cache.json` (a timestamp) and `direct_url.json` (a path);
 * 3. `bin/` at the top: the console scripts pip writes for `--target`, with a shebang of the
 *    installing machine's Python; Lambda never runs them. Not a compiled program a wheel ships as a
 *    script (uv, ruff, ninja): its package runs it from there (uv's `find_uv_bin` looks in `<target>/bin`
 *    "from `pip install --target`"). And `.lock` at the top, the file uv locks the target directory
 *    with while it installs;
 * 4. Chalice apps: the installed `chalice/` package (the packager adds its two runtime modules);
 * 5. `.pyc` in `__pycache__` for another Python (`cpython-311` under python3.12): never loaded;
 * 6. `*.pyi` stubs: read by type checkers, never imported;
 * 7. `tests/` inside a package (`pandas/tests/`): test suites, not imported by library code. A
 *    top-level `tests` is left alone: that name is an import package some distribution declares
 *    (its `top_level.txt`), and removing a whole top-level package is not "removing its tests".
 *    Only `tests`, not `test`: `twisted/test` and similar hold runtime helpers. A package whose own
 *    code imports its tests (astropy's `__init__` imports `astropy.tests.runner`) keeps them.
 */
export function pruneDependencies(paths: readonly string[], options: PruneOptions): PruneResult {
  const cacheTag = `cpython-${options.target.pythonVersion.replace('.', '')}`;
  const dropped = new Map<string, DroppedDistribution>();
  for (const dist of options.drop ?? []) for (const top of dist.topLevel) dropped.set(top, dist);
  const droppedNames = new Map((options.drop ?? []).map((d) => [d.name, d]));

  const keep: string[] = [];
  const remove: Removal[] = [];
  for (const path of paths) {
    const reason = removalReason(path, options, cacheTag, dropped, droppedNames);
    if (reason) remove.push({ path, reason });
    else keep.push(path);
  }
  return { keep, remove };
}

function removalReason(
  path: string,
  options: PruneOptions,
  cacheTag: string,
  dropped: ReadonlyMap<string, DroppedDistribution>,
  droppedNames: ReadonlyMap<string, DroppedDistribution>,
): string | undefined {
  const segments = path.split('/');
  const top = segments[0]!;
  const base = segments[segments.length - 1]!;
  const distName = top.endsWith('.dist-info') ? distInfoName(top) : undefined;
  const drop = dropped.get(top) ?? (distName === undefined ? undefined : droppedNames.get(distName));
  if (drop) return drop.reason;
  if (top.endsWith('.dist-info')) return segments.length === 2 && Object.hasOwn(VOLATILE_DIST_INFO, base) ? VOLATILE_DIST_INFO[base] : undefined;
  if (top === 'bin' && segments.length > 1 && !options.programs?.has(path)) return "pip's console scripts (never run on Lambda)";
  if (path === '.lock') return "uv's lock of the install directory";
  if (options.chalice && top === 'chalice' && segments.length > 1) return 'replaced by the Chalice runtime modules, as `chalice package` does';
  if (base.endsWith('.pyc') && segments[segments.length - 2] === '__pycache__') {
    const tag = /\.([a-z]+-\d+)(?:\.opt-\d)?\.pyc$/.exec(base)?.[1];
    if (tag !== cacheTag) return `bytecode for ${tag ?? 'another Python'}, not ${options.target.runtime}`;
  }
  if (base.endsWith('.pyi')) return 'type stubs (never imported)';
  const testsAt = segments.indexOf('tests', 1);
  if (testsAt > 0 && testsAt < segments.length - 1 && !options.keepTests?.has(segments.slice(0, testsAt + 1).join('/'))) return `the test suite of ${top}`;
  return undefined;
}

/** The top-level packages with a `tests/` below their top (the ones rule 7 would prune). */
export function packagesWithTests(paths: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    const segments = path.split('/');
    const at = segments.indexOf('tests', 1);
    if (at > 0 && at < segments.length - 1 && !segments[0]!.endsWith('.dist-info')) out.add(segments[0]!);
  }
  return out;
}

/**
 * The `tests` packages a distribution's own modules import, as directories (`astropy/tests`):
 * `from .tests.runner import X` in astropy/__init__.py, `from astropy.tests import helper`,
 * `import astropy.tests`, `from . import tests`. Test tooling is not the package's own code: modules inside
 * a `tests` directory, pytest's `conftest.py`, and data generators under `_precompute` (scipy's).
 */
export function importedTests(sources: ReadonlyArray<{ readonly path: string; readonly text: string }>): Set<string> {
  const found = new Set<string>();
  const statement = /^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+([^\n#]*)|import[ \t]+([\w.]+))/gm;
  for (const { path, text } of sources) {
    const segments = path.split('/');
    if (segments.includes('tests') || segments[segments.length - 1] === 'conftest.py' || segments.some((s) => s.startsWith('_precompute'))) continue;
    const pkg = segments.slice(0, -1);
    for (const m of text.matchAll(statement)) {
      const [, dots = '', from = '', names = '', imported] = m;
      // The module path named, as segments from the install directory's top.
      const base = imported ? imported.split('.') : [...(dots ? pkg.slice(0, pkg.length - (dots.length - 1)) : []), ...from.split('.').filter(Boolean)];
      const at = base.indexOf('tests');
      if (at > 0) found.add(base.slice(0, at + 1).join('/'));
      else if (!imported && /\btests\b/.test(names) && base.length > 0) found.add([...base, 'tests'].join('/'));
    }
  }
  return found;
}

/**
 * Files installers write into a `.dist-info` that vary from one build or checkout to another, and why they go.
 * Kept, the zip would vary with them; their RECORD lines go too (volatileRecordLines).
 */
const VOLATILE_DIST_INFO: Readonly<Record<string, string>> = {
  // uv writes the built wheel's timestamp there for its own cache.
  'uv_cache.json': "uv's cache record (a timestamp)",
  // PEP 610's record of a direct-URL install: for a local path (`../mylib`) this machine's absolute path.
  // Only pip freeze and its kind read it.
  'direct_url.json': 'where the installer took it from (a path on this machine)',
};

/**
 * The RECORD files left in a tree after pruning, each to lose the lines of the files pruning removed
 * (recordWithout). A pruned file's line is a claim about a file that is not there, and some vary with the
 * builder: uv's uv_cache.json (a timestamp), direct_url.json (a path), and the console scripts of `bin/`,
 * whose hash covers the shebang the installer wrote, the builder's own Python (`#!/home/me/.venv/bin/python`).
 */
export function keptRecords(paths: readonly string[], removed: readonly string[]): string[] {
  const gone = new Set(removed);
  return paths.filter((path) => /^[^/]+\.dist-info\/RECORD$/.test(path) && !gone.has(path));
}

/**
 * A RECORD line's path as a path of the install directory. RECORD paths are relative to the directory that
 * holds the `.dist-info`, and `pip install --target` installs into `<tmp>/lib/python` before it moves that
 * and `<tmp>/bin` into the target, so its scripts are recorded as `../../bin/name` (pip `_handle_target_dir`);
 * uv writes `bin/name`.
 */
export function recordedPath(field: string): string {
  return field.replace(/^"|"$/g, '').replace(/^(\.\.\/\.\.\/)(?=bin\/)/, '');
}

/** A RECORD (CSV: path, hash, size) without the lines of `files`, line endings kept. */
export function recordWithout(text: string, files: readonly string[]): string {
  const gone = new Set(files);
  return text.split(/(?<=\n)/).filter((line) => !gone.has(recordedPath(line.split(',')[0]!))).join('');
}
