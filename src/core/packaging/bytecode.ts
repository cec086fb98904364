/**
 * Bytecode shipped in the package (shared/LAMBDA-FACTS.md section 8). `/var/task` is read-only, so
 * without `.pyc` for the runtime's exact Python every cold start compiles every imported module again.
 * They are compiled with `unchecked-hash` invalidation: the zip rewrites modification times, which
 * would make timestamp-checked `.pyc` stale (and slower than none), and a hash-checked one would
 * re-read and hash each source at import.
 */
import type { PackageTarget } from './platform.js';

/** What LAMBDA-FACTS measured for `import boto3`: the cost a user weighs when the warning appears. */
export const IMPORT_BOTO3_MS = { withoutPyc: 414, withPyc: 142 } as const;

/** CPython's cache tag for a version: `3.12` -> `cpython-312` (`sys.implementation.cache_tag`). */
export function cacheTag(pythonVersion: string): string {
  return `cpython-${pythonVersion.replace('.', '')}`;
}

/** Where CPython looks for a module's bytecode (PEP 3147): `pkg/mod.py` -> `pkg/__pycache__/mod.cpython-312.pyc`. */
export function pycPath(sourcePath: string, pythonVersion: string): string | undefined {
  const m = /^(.*\/)?([^/]+)\.py$/.exec(sourcePath);
  if (!m) return undefined;
  return `${m[1] ?? ''}__pycache__/${m[2]}.${cacheTag(pythonVersion)}.pyc`;
}

/**
 * The modules of a tree that have no bytecode for the version after compiling: compileall skips a
 * file it cannot compile (Python 2 syntax in a file nothing imports, a template named `.py`) and only
 * says so on its output, which its worker processes interleave.
 */
export function missingBytecode(paths: readonly string[], pythonVersion: string): string[] {
  const present = new Set(paths);
  return paths.filter((p) => p.endsWith('.py') && !present.has(pycPath(p, pythonVersion)!));
}

/** The warning when no Python of the runtime's version is available to compile with. */
export function noBytecodeWarning(target: PackageTarget, looked: readonly string[]): string {
  return [
    `No Python ${target.pythonVersion} found to compile bytecode (looked at ${looked.join(', ')}):`,
    `the package ships without .pyc files, so Lambda compiles every imported module at each cold start`,
    `(measured: import boto3 takes ${IMPORT_BOTO3_MS.withoutPyc} ms without them, ${IMPORT_BOTO3_MS.withPyc} ms with them).`,
    `Install Python ${target.pythonVersion} (python${target.pythonVersion} on PATH) or create .venv with it.`,
  ].join(' ');
}

/**
 * Whether the first 16 bytes of a `.pyc` say "hash-based, source not checked" (PEP 552): flags word
 * 0b01 after the magic number.
 */
export function isUncheckedHashPyc(header: Uint8Array): boolean {
  if (header.length < 16) return false;
  const flags = header[4]! | (header[5]! << 8) | (header[6]! << 16) | (header[7]! << 24);
  return flags === 0b01;
}

/**
 * `python -m compileall` over an installed tree: every module, `-j 0` (one worker per CPU),
 * `unchecked-hash`, and `-s DIR` so the file names inside the bytecode are relative to the tree: the
 * same bytes on every machine and cache path (CPython fixes `co_filename` to the real source path at
 * import anyway). Not `-q`: its `Compiling '...'` lines drive the progress counter.
 */
export function compileallArgs(python: string, dir: string): string[] {
  return [python, '-m', 'compileall', '-j', '0', '--invalidation-mode', 'unchecked-hash', '-s', dir, dir];
}
