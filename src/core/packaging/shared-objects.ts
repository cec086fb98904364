/**
 * The check every installed `.so` goes through: will Lambda's loader and Python accept it? A wrong
 * file otherwise fails only at import time in the cloud (`ImportError: /lib64/libc.so.6: version
 * 'GLIBC_2.28' not found`, or `wrong ELF class` / `cannot open shared object file`).
 */
import { EM_AARCH64, EM_X86_64, type ElfInfo } from './elf.js';
import { compareGlibc, formatGlibc, type PackageTarget } from './platform.js';

const MACHINE_CODES: Readonly<Record<PackageTarget['machine'], number>> = { x86_64: EM_X86_64, aarch64: EM_AARCH64 };

/** Whether a path in a package is a shared object worth checking (`.so`, `.so.1.2`, `.abi3.so`). */
export function isSharedObjectPath(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return /\.so(\.\d+)*$/.test(base);
}

/**
 * Every reason the file at `path` cannot load on the target; empty when it can. Lambda runs 64-bit
 * little-endian Linux on x86_64 or aarch64, with the runtime's glibc (2.26 or 2.34).
 */
export function checkSharedObject(path: string, info: ElfInfo, target: PackageTarget): string[] {
  const problems: string[] = [];
  const expected = MACHINE_CODES[target.machine];
  if (info.machine !== expected || info.elfClass !== 64 || info.endianness !== 'little') {
    const built = `${info.machineName}${info.elfClass === 64 ? '' : ', 32-bit'}${info.endianness === 'little' ? '' : ', big-endian'}`;
    problems.push(`${path} is built for ${built}, but the function runs on ${target.machine} (${target.architecture})`);
  }
  if (info.glibc && compareGlibc(info.glibc, target.glibc) > 0) {
    problems.push(`${path} needs ${info.glibc.symbol} but ${target.runtime} runs on glibc ${formatGlibc(target.glibc)}`);
  }
  for (const marker of info.glibcAbi) {
    problems.push(`${path} needs ${marker}, which glibc ${formatGlibc(target.glibc)} (${target.runtime}) does not provide`);
  }
  const suffix = extensionSuffixProblem(path, target);
  if (suffix) problems.push(suffix);
  return problems;
}

/**
 * CPython imports an extension module only with a suffix it knows (`importlib.machinery.
 * EXTENSION_SUFFIXES`): on Linux `.cpython-312-x86_64-linux-gnu.so`, `.abi3.so` and `.so`. A module
 * tagged for another version or CPU is silently skipped, and the import fails with "No module named".
 */
export function extensionSuffixProblem(path: string, target: PackageTarget): string | undefined {
  const m = /\.cpython-(\d)(\d+)(t?)-([a-z0-9_]+)-linux-gnu\.so$/.exec(path);
  if (!m) return undefined;
  const version = `${m[1]}.${m[2]}`;
  if (version !== target.pythonVersion || m[3] === 't') {
    return `${path} is an extension module for Python ${version}${m[3] ? ' (free-threaded)' : ''}; ${target.runtime} will not import it`;
  }
  if (m[4] !== target.machine) return `${path} is an extension module for ${m[4]}; the function runs on ${target.machine}`;
  return undefined;
}

/**
 * A compiled program in `bin/` (kept: its package runs it) built for another machine than the
 * target's: running it on Lambda fails with `Exec format error`. A warning, not an error: a package may
 * ship a program it never runs there. Undefined when it runs on the target.
 */
export function foreignProgramWarning(path: string, info: ElfInfo, target: PackageTarget): string | undefined {
  if (info.machine === MACHINE_CODES[target.machine]) return undefined;
  return `${path} is a program for ${info.machineName}, but the function runs on ${target.machine} (${target.architecture}): running it there fails with "Exec format error"`;
}
