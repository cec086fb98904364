/**
 * Wheel file names (PEP 427, binary distribution format) and whether a wheel runs on the target.
 * Used to judge a wheel built locally from an sdist, and to double-check what an installer chose.
 */
import { compareGlibc, formatGlibc, manylinuxGlibc, manylinuxTags, type PackageTarget } from './platform.js';

export interface WheelName {
  readonly filename: string;
  /** As written in the file name (`-` already replaced by `_`). */
  readonly distribution: string;
  readonly version: string;
  readonly build?: string;
  /** Compressed tag sets (PEP 425) split on `.`: `py2.py3` -> ['py2', 'py3']. */
  readonly pythonTags: readonly string[];
  readonly abiTags: readonly string[];
  readonly platformTags: readonly string[];
  /** Pure Python: no ABI and no platform (`py3-none-any`, `py2.py3-none-any`, `cp312-none-any`). */
  readonly pure: boolean;
}

export type WheelParse = { readonly ok: true; readonly wheel: WheelName } | { readonly ok: false; readonly error: string };

/** `name-version(-build)?-python-abi-platform.whl`; a build tag must start with a digit (PEP 427). */
export function parseWheelFilename(filename: string): WheelParse {
  const base = filename.split('/').pop()!;
  if (!base.endsWith('.whl')) return { ok: false, error: `${base} is not a wheel (no .whl suffix)` };
  const parts = base.slice(0, -4).split('-');
  if (parts.length !== 5 && parts.length !== 6) {
    return { ok: false, error: `${base} is not a valid wheel name: expected name-version[-build]-python-abi-platform.whl` };
  }
  if (parts.some((p) => p === '')) return { ok: false, error: `${base} has an empty part` };
  const build = parts.length === 6 ? parts[2]! : undefined;
  if (build !== undefined && !/^\d/.test(build)) return { ok: false, error: `${base} has a build tag that does not start with a digit` };
  const [pythonTag, abiTag, platformTag] = parts.slice(-3) as [string, string, string];
  const pythonTags = pythonTag.split('.');
  const abiTags = abiTag.split('.');
  const platformTags = platformTag.split('.');
  return {
    ok: true,
    wheel: {
      filename: base,
      distribution: parts[0]!,
      version: parts[1]!,
      ...(build === undefined ? {} : { build }),
      pythonTags,
      abiTags,
      platformTags,
      pure: abiTags.every((t) => t === 'none') && platformTags.every((t) => t === 'any'),
    },
  };
}

function minorOf(target: PackageTarget): number {
  return Number(target.pythonVersion.split('.')[1]);
}

/**
 * Whether one (python, abi) pair loads on the target's CPython, following pypa/packaging `cpython_tags`
 * and `compatible_tags`: the exact ABI (`cp312-cp312`), the stable ABI from 3.2 up to the runtime's
 * version (`cp38-abi3`), or no ABI with `cp312`, `py3`, or `py3N` up to the runtime's version.
 */
function interpreterMatches(python: string, abi: string, target: PackageTarget): boolean {
  const minor = minorOf(target);
  const cp = /^cp3(\d+)$/.exec(python);
  const py = /^py3(\d*)$/.exec(python);
  if (abi === target.abi) return python === target.abi;
  if (abi === 'abi3') return cp !== null && Number(cp[1]) >= 2 && Number(cp[1]) <= minor;
  if (abi !== 'none') return false;
  if (cp) return Number(cp[1]) === minor;
  if (py) return py[1] === '' || Number(py[1]) <= minor;
  return false;
}

export type WheelVerdict = { readonly compatible: true } | { readonly compatible: false; readonly reason: string };

/** Whether a wheel runs on the target: some (python, abi, platform) of its tag sets must match. */
export function wheelCompatibility(wheel: WheelName, target: PackageTarget): WheelVerdict {
  const platforms = new Set([...manylinuxTags(target), 'any']);
  const interpreterOk = wheel.pythonTags.some((p) => wheel.abiTags.some((a) => interpreterMatches(p, a, target)));
  const platformOk = wheel.platformTags.some((p) => platforms.has(p));
  // Tag sets are a cross product (PEP 425), so one matching pair and one matching platform make a triple.
  if (interpreterOk && platformOk) return { compatible: true };
  if (!interpreterOk) {
    return { compatible: false, reason: `it is built for ${wheel.pythonTags.join('.')}-${wheel.abiTags.join('.')}, not CPython ${target.pythonVersion} (${target.abi})` };
  }
  return { compatible: false, reason: platformReason(wheel.platformTags, target) };
}

function platformReason(tags: readonly string[], target: PackageTarget): string {
  for (const tag of tags) {
    const ml = manylinuxGlibc(tag);
    if (!ml) continue;
    if (ml.machine !== target.machine) return `it is built for ${ml.machine}, not ${target.machine}`;
    if (compareGlibc(ml.glibc, target.glibc) > 0) {
      return `it needs glibc ${formatGlibc(ml.glibc)} but ${target.runtime} runs on glibc ${formatGlibc(target.glibc)}`;
    }
  }
  return `its platform ${tags.join('.')} is not Lambda's (${manylinuxTags(target)[0]} or older)`;
}

export type BuiltWheelJudgement =
  | { readonly ok: true; readonly wheel: WheelName }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/**
 * The rule for an sdist-only dependency built on this machine: accepted only when the wheel is pure
 * Python and loads on the target. A native one was compiled for this host's CPU, glibc and Python,
 * and no Lambda toolchain is available without Docker: it fails with the ways out.
 */
export function judgeBuiltWheel(filename: string, target: PackageTarget): BuiltWheelJudgement {
  const parsed = parseWheelFilename(filename);
  if (!parsed.ok) return { ok: false, message: parsed.error, hint: '' };
  const { wheel } = parsed;
  const verdict = wheelCompatibility(wheel, target);
  if (wheel.pure && verdict.compatible) return { ok: true, wheel };
  const name = wheel.distribution;
  const what = wheel.pure
    ? `its source builds ${wheel.filename}, which does not load there: ${verdict.compatible ? '' : verdict.reason}`
    : `its source distribution contains native code (it builds ${wheel.filename}), which cannot be built for Lambda on this machine`;
  return {
    ok: false,
    message: `${name} ${wheel.version} has no wheel for ${target.runtime} on ${target.architecture}, and ${what}`,
    hint: [
      `- pin a version of ${name} that publishes a manylinux wheel for ${target.machine} (see https://pypi.org/project/${name}/#files)`,
      `- or replace ${name} with a package that ships wheels`,
      `- or build it for Lambda yourself (in the public.ecr.aws/lambda/python:${target.pythonVersion} image) and vendor the result into the function's directory`,
    ].join('\n'),
  };
}
