import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, symlinkSync, type Dirent } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The code directory as a cold start on Lambda sees it, for `pylambda coldstart` to measure.
 *
 * Lambda cannot write `__pycache__` into its read-only /var/task, so a cold start compiles every source
 * file it imports unless the package ships a .pyc that stays valid there. A timestamp-based .pyc does
 * not: the zip rewrites modification times and Python finds it stale (shared/LAMBDA-FACTS.md, section 8).
 * Only hash-based ones (`compileall --invalidation-mode unchecked-hash` or `checked-hash`) survive.
 *
 * Measured in place, a developer's own `__pycache__` (left by tests or earlier runs) would make the
 * numbers look better than Lambda's, and the first run would write one for the others. So the runs use
 * a stage: a temporary directory that mirrors the code directory with symbolic links, whose
 * `__pycache__` folders hold only the hash-based .pyc for the interpreter that runs it, and the
 * processes run with PYTHONDONTWRITEBYTECODE=1. A folder with no `__pycache__` anywhere below it is
 * linked whole, so a stage costs a few system calls per folder that has bytecode, not per file.
 */
export interface Stage {
  /** The directory to run the function from (its LAMBDA_TASK_ROOT). */
  readonly dir: string;
  /** Hash-based .pyc for the running interpreter, kept: the runs use them as Lambda would. */
  readonly keptBytecode: number;
  /** Timestamp-based .pyc for the running interpreter, left out: they would be stale on Lambda. */
  readonly droppedBytecode: number;
  remove(): Promise<void>;
}

/** Folders never imported from, linked whole without a look inside. */
function opaque(dir: string, entry: Dirent): boolean {
  return entry.name.startsWith('.') || entry.name === 'node_modules' || existsSync(join(dir, entry.name, 'pyvenv.cfg'));
}

const PYC_FLAGS_OFFSET = 4;
const HASH_BASED = 0b1;

/** The .pyc header's flags (PEP 552): bit 0 set means validated by source hash, not by timestamp. */
export function isHashBasedPyc(path: string): boolean {
  const header = Buffer.alloc(8);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    if (readSync(fd, header, 0, 8, 0) < 8) return false;
    return (header.readUInt32LE(PYC_FLAGS_OFFSET) & HASH_BASED) !== 0;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `cpython-312` for Python `3.12.4`: the tag in the names of the .pyc that interpreter loads. */
export const cacheTag = (pythonVersion: string): string => `cpython-${pythonVersion.split('.').slice(0, 2).join('')}`;

export function stageCodeDirectory(codeDir: string, tag: string): Stage {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-coldstart-'));
  const counts = { kept: 0, dropped: 0 };
  const hasCache = new Map<string, boolean>();

  const containsCache = (path: string): boolean => {
    let found = hasCache.get(path);
    if (found === undefined) {
      const entries = readdirSync(path, { withFileTypes: true });
      found = entries.some((e) => e.isDirectory() && (e.name === '__pycache__' || (!opaque(path, e) && containsCache(join(path, e.name)))));
      hasCache.set(path, found);
    }
    return found;
  };

  const mirror = (from: string, to: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory() && entry.name === '__pycache__') {
        mkdirSync(target);
        for (const pyc of readdirSync(source)) {
          if (!pyc.endsWith('.pyc') || !pyc.includes(`.${tag}.`)) continue;
          if (isHashBasedPyc(join(source, pyc))) {
            symlinkSync(join(source, pyc), join(target, pyc));
            counts.kept += 1;
          } else {
            counts.dropped += 1;
          }
        }
      } else if (entry.isDirectory() && !opaque(from, entry) && containsCache(source)) {
        mkdirSync(target);
        mirror(source, target);
      } else {
        symlinkSync(source, target);
      }
    }
  };

  try {
    mirror(codeDir, dir);
  } catch (error) {
    // The copy's own error is the one to report: a staging directory that cannot be removed either is left behind,
    // not a second, unhandled failure.
    rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  return {
    dir,
    keptBytecode: counts.kept,
    droppedBytecode: counts.dropped,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
