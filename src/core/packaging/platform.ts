/**
 * The platform a package is built for: a Lambda Python runtime on one architecture, and every wheel
 * platform tag that runs there (shared/LAMBDA-FACTS.md sections 7 and 8).
 */
import { UserError } from '../errors.js';
import { PYTHON_RUNTIMES, pythonRuntime } from '../model/limits.js';
import type { Architecture } from '../model/project.js';

export interface GlibcVersion {
  readonly major: number;
  readonly minor: number;
}

/** The CPU name used in wheel platform tags and ELF files: Lambda's `arm64` is `aarch64` there. */
export type Machine = 'x86_64' | 'aarch64';

export interface PackageTarget {
  /** `python3.12` */
  readonly runtime: string;
  /** `3.12` */
  readonly pythonVersion: string;
  /** The CPython ABI tag of the runtime: `cp312`. */
  readonly abi: string;
  readonly architecture: Architecture;
  readonly machine: Machine;
  /** The glibc of the runtime's Amazon Linux: the newest symbol version a native library may need. */
  readonly glibc: GlibcVersion;
}

export function machineFor(architecture: Architecture): Machine {
  return architecture === 'arm64' ? 'aarch64' : 'x86_64';
}

export function parseGlibcVersion(text: string): GlibcVersion | undefined {
  const m = /^(\d+)\.(\d+)/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function formatGlibc(v: GlibcVersion): string {
  return `${v.major}.${v.minor}`;
}

export function compareGlibc(a: GlibcVersion, b: GlibcVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** The target of a function; an unknown runtime is the user's mistake, named with the ones that exist. */
export function packageTarget(runtime: string, architecture: Architecture): PackageTarget {
  const found = pythonRuntime(runtime);
  if (!found) {
    const known = PYTHON_RUNTIMES.map((r) => r.name).join(', ');
    throw new UserError(`Cannot package for runtime ${runtime}: pylambda packages Python runtimes (${known})`);
  }
  return {
    runtime: found.name,
    pythonVersion: found.version,
    abi: `cp${found.version.replace('.', '')}`,
    architecture,
    machine: machineFor(architecture),
    glibc: parseGlibcVersion(found.glibc)!,
  };
}

/**
 * PEP 600 defines `manylinux_2_17`, `manylinux_2_12` and `manylinux_2_5` as the same platforms as the
 * legacy `manylinux2014`, `manylinux2010` and `manylinux1`; the legacy names were only ever defined for
 * some CPUs: manylinux1 and manylinux2010 for x86_64/i686 (PEP 513, PEP 571), manylinux2014 also for
 * aarch64 (PEP 599).
 */
const LEGACY_ALIASES: readonly { minor: number; name: string; machines: readonly Machine[] }[] = [
  { minor: 17, name: 'manylinux2014', machines: ['x86_64', 'aarch64'] },
  { minor: 12, name: 'manylinux2010', machines: ['x86_64'] },
  { minor: 5, name: 'manylinux1', machines: ['x86_64'] },
];

/**
 * The oldest glibc a manylinux tag can name: 2.5 on x86 (manylinux1), 2.17 elsewhere (aarch64 starts
 * with manylinux2014). Same floors as pypa/packaging `_manylinux.platform_tags` and uv's
 * `get_minimum_manylinux_minor`.
 */
function oldestGlibcMinor(machine: Machine): number {
  return machine === 'x86_64' ? 5 : 17;
}

/**
 * Every manylinux platform tag that runs on the target, newest first, each legacy alias right after
 * its PEP 600 twin: exactly the list pip (through pypa/packaging `platform_tags`) builds for itself on
 * a machine with the runtime's glibc. `linux_<arch>` is left out on purpose: such wheels were built
 * for one machine and promise nothing about Lambda's.
 */
export function manylinuxTags(target: Pick<PackageTarget, 'glibc' | 'machine'>): string[] {
  const tags: string[] = [];
  for (let minor = target.glibc.minor; minor >= oldestGlibcMinor(target.machine); minor--) {
    tags.push(`manylinux_${target.glibc.major}_${minor}_${target.machine}`);
    const legacy = LEGACY_ALIASES.find((a) => a.minor === minor && a.machines.includes(target.machine));
    if (legacy) tags.push(`${legacy.name}_${target.machine}`);
  }
  return tags;
}

/** The glibc a platform tag needs (`manylinux2014_x86_64` -> 2.17), or undefined for a non-manylinux tag. */
export function manylinuxGlibc(platformTag: string): { glibc: GlibcVersion; machine: string } | undefined {
  const pep600 = /^manylinux_(\d+)_(\d+)_(.+)$/.exec(platformTag);
  if (pep600) return { glibc: { major: Number(pep600[1]), minor: Number(pep600[2]) }, machine: pep600[3]! };
  const legacy = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(platformTag);
  if (!legacy) return undefined;
  const alias = LEGACY_ALIASES.find((a) => a.name === legacy[1])!;
  return { glibc: { major: 2, minor: alias.minor }, machine: legacy[2]! };
}

/** The machine pip runs on: Node's names for it (`process.platform`, `process.arch`). */
export interface HostPlatform {
  readonly os: string;
  readonly arch: string;
}

/**
 * pip evaluates environment markers (`; python_version < "3.11"`, `; platform_machine == "aarch64"`,
 * `; sys_platform == "linux"`) for the interpreter and machine it runs on, not for `--python-version` and
 * `--platform` (pypa/pip#6117, #10050, #11664: closed as a design limit), so a conditional dependency can
 * be wrongly skipped or added: under another minor version, on another machine (an arm64 package built on
 * x86_64), or on another OS (a Mac). uv evaluates them for `--python-version` and `--python-platform`.
 */
export function markerWarning(installerPython: string, target: PackageTarget, installer: 'pip' | 'uv', host?: HostPlatform): string | undefined {
  if (installer === 'uv') return undefined;
  const [major, minor] = installerPython.split('.');
  const differences: string[] = [];
  if (`${major}.${minor}` !== target.pythonVersion) differences.push(`Python ${major}.${minor}, not ${target.pythonVersion} (python_version markers)`);
  const machine = host ? (({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[host.arch] ?? host.arch) : undefined;
  const wanted = machineFor(target.architecture);
  if (host && host.os !== 'linux') differences.push(`${host.os === 'darwin' ? 'macOS' : host.os === 'win32' ? 'Windows' : host.os}, not Linux (sys_platform and platform_system markers)`);
  if (machine && machine !== wanted) differences.push(`${machine}, not ${wanted} (platform_machine markers)`);
  if (differences.length === 0) return undefined;
  return `pip evaluates environment markers for the machine it runs on, which differs from ${target.runtime} on ${target.architecture}: ${differences.join('; ')}. Dependencies conditional on them may be skipped or added wrongly: install uv, which evaluates them for the target${differences[0]!.startsWith('Python') ? `, or use Python ${target.pythonVersion}` : ''}`;
}
