/**
 * Reading what pip and uv print: why an install failed (above all "no wheel for this platform", the
 * failure every Lambda packager without Docker meets), and how far it has got, for progress. Both
 * tools' wording is matched loosely and everything else falls back to their own error lines.
 */
import { manylinuxTags, type PackageTarget } from './platform.js';
import { normaliseName } from './prune.js';

export type Installer = 'pip' | 'uv';

export type InstallFailure =
  /** No distribution the platform flags accept: an sdist-only package, or one without wheels for the target. */
  | { readonly kind: 'no-wheel'; readonly requirement: string; readonly name: string; readonly otherVersions: readonly string[] }
  /** The index does not know the name at all (uv says so; pip cannot tell it from `no-wheel`). */
  | { readonly kind: 'not-found'; readonly name: string }
  | { readonly kind: 'other'; readonly summary: string };

/** `pyyaml==5.4.1` -> `pyyaml`; `pydantic[email]>=2` -> `pydantic`. */
export function requirementName(requirement: string): string {
  return normaliseName(requirement.trim().split(/[<>=!~;[\s@(]/, 1)[0]!);
}

/** uv draws its error tree with box characters and wraps long lines: one line of plain words is easier to match. */
function flatten(output: string): string {
  return output.replace(/[×╰─▶│├└]+/g, ' ').replace(/[`'"]/g, '').replace(/\s+/g, ' ');
}

/**
 * Why an install that exited non-zero failed. pip: `ERROR: No matching distribution found for X`, after
 * `Could not find a version that satisfies the requirement X (from versions: a, b)`, whose list holds
 * the versions that did have a usable file. uv: `Because X==1.0 has no usable wheels` (or `has no
 * wheels with a matching platform tag`, `all versions of X have no wheels ...`), and `X was not found
 * in the package registry`.
 */
export function parseInstallFailure(output: string, installer: Installer): InstallFailure {
  if (installer === 'pip') {
    // pip retries an index it cannot reach, then reports "no matching distribution" as if the package had
    // no wheel: the retries say what really happened.
    // A retry that got through lists the versions the index has: then the failure is the package's.
    const indexRead = /\(from versions: (?!none\))[^)]+\)/.test(output);
    const unreachable = indexRead ? undefined : PIP_INDEX_PROBLEMS.map((re) => re.exec(output)?.[1]).find(Boolean);
    if (unreachable) {
      const index = /^Looking in indexes: (.*)$/m.exec(output)?.[1]?.trim();
      return { kind: 'other', summary: `pip could not read the package index${index ? ` ${index}` : ''}: ${unreachable.trim()}` };
    }
    const missing = /^ERROR: No matching distribution found for (\S+)/m.exec(output);
    if (missing) {
      const requirement = missing[1]!;
      const versions = new RegExp(`satisfies the requirement ${escape(requirement)} \\(from versions: ([^)]*)\\)`).exec(output)?.[1] ?? 'none';
      return {
        kind: 'no-wheel',
        requirement,
        name: requirementName(requirement),
        otherVersions: versions === 'none' ? [] : versions.split(',').map((v) => v.trim()).filter(Boolean),
      };
    }
  } else {
    const flat = flatten(output);
    // A local project (`../libs/x`), a repository, a source archive's URL: uv builds nothing under
    // --only-binary :all: (its two wordings, for a directory and for a download); pip builds them.
    const local = /Building source distributions (?:is disabled, but attempted to build|for) ([A-Za-z0-9][\w.-]*)/.exec(flat);
    if (local) return { kind: 'other', summary: `uv builds no source under --only-binary :all:, and ${local[1]} has to be built (a local path, a repository or a source archive's URL?): pip builds those, so leave --installer uv out or give --installer pip` };
    const notFound = /Because ([A-Za-z0-9][\w.-]*) was not found in the package registry/.exec(flat);
    if (notFound) return { kind: 'not-found', name: normaliseName(notFound[1]!) };
    const noWheel = /(?:all versions of ([A-Za-z0-9][\w.-]*) have|([A-Za-z0-9][\w.-]*(?:[<>=!~]=?[\w.*+!-]+)?) has) no (?:usable )?wheels/.exec(flat);
    if (noWheel) {
      const requirement = (noWheel[1] ?? noWheel[2])!;
      return { kind: 'no-wheel', requirement, name: requirementName(requirement), otherVersions: [] };
    }
  }
  return { kind: 'other', summary: errorSummary(output, installer) };
}

/** Lines of pip's output that say the index was not reached or refused the request (pip 23-24 wording). */
const PIP_INDEX_PROBLEMS: readonly RegExp[] = [
  /(Failed to establish a new connection: [^'")]+|Temporary failure in name resolution|Name or service not known|ConnectTimeoutError|ReadTimeoutError|ProxyError|CERTIFICATE_VERIFY_FAILED|SSLError)/,
  /(Could not fetch URL [^\n]*)/,
  /(HTTP error (?:401|403|407)[^\n]*)/,
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The tool's own error lines (pip: `ERROR:`; uv: from `error:` on), else the end of its output. */
export function errorSummary(output: string, installer: Installer): string {
  const lines = output.split(/\r?\n/).map((l) => l.trimEnd());
  const errors = installer === 'pip'
    ? lines.flatMap((l, at) => (l.startsWith('ERROR:') ? [l, ...crashCause(lines, at)] : []))
    : lines.slice(Math.max(0, lines.findIndex((l) => /^\s*(error|×)/.test(l))));
  const chosen = (errors.length > 0 && errors.some((l) => l !== '') ? errors : lines).filter((l) => l.trim() !== '');
  return chosen.slice(-15).join('\n');
}

/**
 * pip's own crash (`ERROR: Exception:`, then a traceback): the exception it ended with, the traceback's last line
 * (`UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 9`, a requirements file that is not
 * UTF-8), which says more than its ERROR line.
 */
function crashCause(lines: readonly string[], at: number): string[] {
  if (lines[at] !== 'ERROR: Exception:' || !lines[at + 1]?.startsWith('Traceback (most recent call last):')) return [];
  const end = lines.findIndex((l, i) => i > at + 1 && /^\S/.test(l));
  return end < 0 ? [] : [lines[end]!];
}

/**
 * Why `pip wheel` could not build an sdist, in a few lines. pip frames the build backend's output
 * between `[N lines of output]` and `[end of output]` and then adds its own generic notes; the cause
 * (`AttributeError: ...`, `fatal error: Python.h: No such file`, `error: command 'gcc' failed`) is
 * inside the last frame.
 */
export function buildFailureSummary(output: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.trim());
  const end = lines.lastIndexOf('[end of output]');
  let start = end;
  while (start > 0 && !/lines? of output\]$/.test(lines[start - 1]!)) start--;
  const block = (end >= 0 ? lines.slice(start, end) : lines).filter((l) => l !== '' && !l.startsWith('[notice]'));
  const errors = block.filter((l) => /(^|\s|:)(\w*Error|error)[:\s]/.test(l) && !/subprocess-exited-with-error|originates from a subprocess/.test(l));
  return (errors.length > 0 ? errors.slice(-5) : block.slice(-8)).join('\n');
}

export type InstallProgress =
  /** pip found one more distribution to install (`Collecting pydantic-core==2.27.2`). */
  | { readonly kind: 'collecting'; readonly name: string }
  /** The resolver is done: `count` distributions (pip's `Installing collected packages`, uv's `Resolved`). */
  | { readonly kind: 'resolved'; readonly count: number }
  | { readonly kind: 'installed'; readonly count: number };

export function parseInstallProgress(line: string): InstallProgress | undefined {
  const collecting = /^Collecting ([A-Za-z0-9][\w.-]*)/.exec(line.trim());
  if (collecting) return { kind: 'collecting', name: normaliseName(collecting[1]!) };
  const installing = /^Installing collected packages: (.+)$/.exec(line.trim());
  if (installing) return { kind: 'resolved', count: installing[1]!.split(',').length };
  const resolved = /^Resolved (\d+) packages? in/.exec(line.trim());
  if (resolved) return { kind: 'resolved', count: Number(resolved[1]) };
  const installed = /^(?:Installed (\d+) packages? in|Successfully installed (.+)$)/.exec(line.trim());
  if (installed) return { kind: 'installed', count: installed[1] ? Number(installed[1]) : installed[2]!.split(/\s+/).length };
  return undefined;
}

/**
 * What pip says when a download does not match the hashes the requirements pin (`THESE PACKAGES DO
 * NOT MATCH THE HASHES ...`): the lines naming the file, the expected and the actual hash; undefined
 * when that is not why it failed.
 */
export function hashMismatch(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const start = lines.findIndex((l) => /DO NOT MATCH THE HASHES/.test(l));
  if (start < 0) return undefined;
  const detail: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line) || line.trim() === '') break;
    // `(from -r /scratch/file.txt (line 1))` names pylambda's scratch file, not the user's.
    detail.push(line.trimEnd().replace(/ \(from -r .*\)(:?)$/, '$1'));
  }
  if (detail.length === 0) return lines[start]!.trim();
  // pip aligns `Expected` and `Got`: keep that, without its outer indent.
  const indent = Math.min(...detail.map((l) => /^\s*/.exec(l)![0].length));
  return detail.map((l) => l.slice(indent)).join('\n');
}

/** What became of the attempt to build a dependency that has no wheel from its source distribution. */
export type SdistAttempt =
  | { readonly state: 'none' }
  | { readonly state: 'build-failed'; readonly summary: string }
  | { readonly state: 'unavailable'; readonly why: string };

/**
 * The error for a dependency without a usable wheel when its source could not rescue it. Names the
 * package, the platform, and the ways out (a version with a wheel comes first when pip listed some).
 */
export function noWheelError(failure: Extract<InstallFailure, { kind: 'no-wheel' | 'not-found' }>, target: PackageTarget, sdist: SdistAttempt): { message: string; hint: string } {
  const platform = `${target.runtime} on ${target.architecture} (${manylinuxTags(target)[0]} or older)`;
  if (failure.kind === 'not-found') {
    return {
      message: `${failure.name} was not found in the package index`,
      hint: 'Check its name in requirements.txt, and the index options (--index-url, PIP_INDEX_URL, UV_INDEX_URL).',
    };
  }
  const what = failure.requirement;
  const tail = sdist.state === 'none'
    ? ', and no source distribution to build instead (check the name and version)'
    : sdist.state === 'build-failed'
      ? `, and its source distribution failed to build on this machine:\n${indent(sdist.summary)}`
      : `, and its source distribution cannot be tried: ${sdist.why}`;
  const versions = failure.otherVersions;
  const hint = [
    ...(versions.length > 0 ? [`- versions of ${failure.name} with a wheel for this platform: ${versions.slice(-5).join(', ')}; pin one of them`] : []),
    `- pin a version of ${failure.name} that publishes a manylinux wheel for ${target.machine} (see https://pypi.org/project/${failure.name}/#files)`,
    `- or replace ${failure.name} with a package that ships wheels`,
    `- or build it for Lambda yourself (in the public.ecr.aws/lambda/python:${target.pythonVersion} image) and vendor the result into the function's directory`,
  ].join('\n');
  return { message: `${what} has no wheel for ${platform}${tail}`, hint };
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
