/**
 * The argv of pip and uv for a Lambda-compatible install without Docker (shared/LAMBDA-FACTS.md
 * section 8). Argv arrays, never shell strings: the adapter spawns them as they are.
 */
import { formatGlibc, manylinuxTags, type GlibcVersion, type Machine, type PackageTarget } from './platform.js';

export interface InstallOptions {
  readonly target: PackageTarget;
  /** The directory the dependencies go into; a fresh one per cache key. */
  readonly targetDir: string;
  readonly requirementsFile: string;
  /** Directories of locally built pure-Python wheels (see `sdistWheelArgs`), offered to the resolver. */
  readonly findLinks?: readonly string[];
  /** The requirements pin hashes (`usesHashes`): every distribution installed must match one (uv needs telling; pip sees it in the file). */
  readonly requireHashes?: boolean;
}

/** pip accepts several `--platform` values since 20.3 ("Allow multiple values for --abi and --platform", #6121). */
export const MIN_PIP_VERSION = '20.3';
/** uv accepts the `-manylinux_2_34` target triples since 0.5.4 (astral-sh/uv#9234). */
export const MIN_UV_VERSION = '0.5.4';

/**
 * `python -m pip install` for the target. The choices:
 * - `--platform` once per tag of `manylinuxTags`: pip matches each value literally and only expands
 *   manylinux2014/manylinux2010 to their older legacy aliases (pip `_custom_manylinux_platforms`);
 *   `manylinux_2_28` is never implied by `manylinux_2_34`, so all of them are listed, newest first
 *   (the order is pip's preference when a release has several wheels).
 * - `--implementation cp --python-version X.Y --abi cpXY`: pip adds `abi3` and `none` by itself
 *   (pypa/packaging `cpython_tags`).
 * - `--only-binary=:all:`: with a foreign platform pip refuses anything else (pip
 *   `check_dist_restriction`), and a source build would be for this machine, not Lambda's.
 *   Dependencies stay on (no `--no-deps`): the closure is what must be installed.
 * - `--no-compile`: pip would write timestamp-checked `.pyc` for the Python it runs under; the
 *   packager compiles for the runtime's version with unchecked-hash invalidation instead.
 * - `--upgrade`: if the directory is not empty after all, replace what is there rather than keep a
 *   stale copy with a warning nobody reads.
 * - `--no-input`, `--disable-pip-version-check`: never wait on a prompt, no extra request to PyPI.
 */
export function pipArgs(python: string, options: InstallOptions): string[] {
  const { target } = options;
  return [
    python, '-m', 'pip', 'install',
    '--target', options.targetDir,
    '--implementation', 'cp',
    '--python-version', target.pythonVersion,
    '--abi', target.abi,
    '--only-binary=:all:',
    ...manylinuxTags(target).flatMap((tag) => ['--platform', tag]),
    '--no-compile',
    '--upgrade',
    '--no-input',
    '--disable-pip-version-check',
    ...(options.findLinks ?? []).flatMap((dir) => ['--find-links', dir]),
    '-r', options.requirementsFile,
  ];
}

/**
 * The glibc minors uv has a `--python-platform` value for (uv `TargetTriple`: `-manylinux_2_17`,
 * `_2_28`, `_2_31` ... `_2_40`). There is no `_2_26`.
 */
const UV_GLIBC_MINORS: readonly number[] = [17, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];

export interface UvPlatform {
  /** `x86_64-manylinux_2_34` */
  readonly value: string;
  readonly glibc: GlibcVersion;
  /** False when uv has no value for the runtime's exact glibc and an older one was chosen. */
  readonly exact: boolean;
}

/**
 * The `--python-platform` for the target: the runtime's glibc when uv names it, else the newest one
 * below it. Never a newer one: uv would then pick wheels that need symbols Lambda's glibc lacks (the
 * classic `GLIBC_2.28 not found` on python3.9-3.11). For glibc 2.26 that is `manylinux_2_17`: uv still
 * accepts every older tag, it only misses wheels tagged exactly 2.18 to 2.26, which are rare (projects
 * build manylinux2014 and manylinux_2_28); pip, with the full tag list, does not miss them.
 */
export function uvPlatform(target: Pick<PackageTarget, 'glibc' | 'machine'>): UvPlatform {
  const below = UV_GLIBC_MINORS.filter((m) => m <= target.glibc.minor);
  const minor = below[below.length - 1] ?? UV_GLIBC_MINORS[0]!;
  const exact = minor === target.glibc.minor;
  return { value: uvTriple(target.machine, minor), glibc: { major: 2, minor }, exact };
}

function uvTriple(machine: Machine, minor: number): string {
  return `${machine}-manylinux_2_${minor}`;
}

/** Why the uv install is less complete than pip's would be, for a `--verbose` note; undefined when it is not. */
export function uvPlatformNote(target: PackageTarget): string | undefined {
  const platform = uvPlatform(target);
  if (platform.exact) return undefined;
  return `uv has no platform for glibc ${formatGlibc(target.glibc)}; using ${platform.value}, which skips wheels that need glibc ${formatGlibc(platform.glibc)} to ${formatGlibc(target.glibc)}`;
}

/**
 * `uv pip install` for the target. uv evaluates markers for `--python-version` and
 * `--python-platform` (uv `resolution_markers`), which pip cannot. `--python` names the interpreter uv
 * installs with (it needs one even with `--target`). `--link-mode copy`: uv hard-links from its cache
 * by default, and the packager prunes and compiles in this directory; copies keep uv's cache intact.
 * uv compiles no bytecode unless asked (`--compile-bytecode`), so nothing is needed for that.
 * `--require-hashes` with hashed requirements: uv only checks the hashes a file gives (`--verify-hashes`),
 * where pip, as soon as one line has a `--hash`, refuses any distribution without one (a dependency the
 * file forgot to pin is installed unchecked otherwise).
 */
export function uvArgs(uv: string, options: InstallOptions & { readonly python?: string }): string[] {
  const { target } = options;
  return [
    uv, 'pip', 'install',
    '--target', options.targetDir,
    ...(options.python ? ['--python', options.python] : []),
    '--python-version', target.pythonVersion,
    '--python-platform', uvPlatform(target).value,
    '--only-binary', ':all:',
    '--link-mode', 'copy',
    ...(options.requireHashes ? ['--require-hashes'] : []),
    ...(options.findLinks ?? []).flatMap((dir) => ['--find-links', dir]),
    '-r', options.requirementsFile,
  ];
}

/**
 * Builds one sdist-only requirement (`name==version`) into a wheel on this machine, with the
 * project's Python, without its dependencies (those come from the platform install). `--no-binary
 * NAME` makes pip build the sdist even when a wheel for this host exists: the question is what the
 * sdist builds to. uv has no `pip wheel`, so this is pip for both installers. Accept the result only
 * when `judgeBuiltWheel` says it is pure Python; then pass `wheelDir` as `findLinks` to the install.
 * `hashedFile`: a requirements file holding the requirement's line with its `--hash` options (a hash
 * is only accepted in a file), read instead of `requirement`, so pip checks the sdist against them.
 */
export function sdistWheelArgs(python: string, requirement: string, wheelDir: string, sources: readonly string[] = [], hashedFile?: string): string[] {
  const name = requirement.split(/[<>=!~;[\s@]/, 1)[0]!;
  return [
    python, '-m', 'pip', 'wheel',
    '--no-deps',
    '--no-binary', name,
    '--wheel-dir', wheelDir,
    '--no-input',
    '--disable-pip-version-check',
    // The requirements file's --index-url / --find-links (`sourceOptions`): the sdist is where the install looked.
    ...sources,
    ...(hashedFile ? ['--require-hashes', '-r', hashedFile] : [requirement]),
  ];
}

/**
 * Builds one source requirement (a local directory, a repository, a source archive's URL) into a wheel,
 * without its dependencies: uv installs the wheel and resolves those for the target, where pip would
 * judge their markers by this machine. uv has no `pip wheel`, so this is pip with the project's Python.
 * `--ignore-requires-python`: the wheel is for the function's runtime, not for the Python that builds it (a
 * python3.12-only library packaged on a 3.11 machine); the runtime is judged against it before (a local project's
 * pyproject.toml) and by uv as it installs the wheel for the target. `hashedFile`: as for `sdistWheelArgs`,
 * a file holding the line with its `--hash` options, so pip checks the archive it downloads against them.
 */
export function sourceWheelArgs(python: string, requirement: string, wheelDir: string, sources: readonly string[] = [], hashedFile?: string): string[] {
  return [
    python, '-m', 'pip', 'wheel', '--no-deps', '--ignore-requires-python', '--wheel-dir', wheelDir, '--no-input', '--disable-pip-version-check', ...sources,
    ...(hashedFile ? ['--require-hashes', '-r', hashedFile] : [requirement]),
  ];
}

/** Compares dotted versions numerically (`20.10` > `20.3`); pre-release suffixes are ignored. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const a = parts(version);
  const b = parts(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/**
 * `uv export` of a uv.lock into the requirements the install reads (uv sync has no `--python-platform`,
 * so the locked versions go through the same `uv pip install` as a requirements.txt). `--locked`: a lock
 * that no longer matches pyproject.toml is an error naming `uv lock`, where a plain export would rewrite
 * the user's lock (as sam build's python_uv workflow does). `--no-dev`: the dev group does not ship.
 * `--no-emit-project`: the project's own code is the function's code. `--no-hashes`: a path source or
 * workspace member has no hash, and hash-checking then refuses the whole file. `--package`: a workspace
 * member's own dependencies, where uv would export the workspace root's. No `--format`: its values changed
 * across uv versions, and requirements.txt is the default.
 */
export function uvExportArgs(uv: string, outputFile: string, member?: string): string[] {
  return [
    uv, 'export', '--locked', '--no-dev', '--no-emit-project', '--no-hashes', '--no-header', '--quiet',
    ...(member ? ['--package', member] : []),
    '--output-file', outputFile,
  ];
}
