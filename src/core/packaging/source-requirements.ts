/**
 * Requirements only a build on this machine can install: a local path, a repository (`git+https://...`),
 * a URL of a source archive (`pkg @ https://.../pkg-1.0.tar.gz`). uv builds none of them under
 * `--only-binary :all:` ("Building source distributions ... is disabled"); pip builds them whatever that
 * option says (pip `--only-binary` covers what it finds on an index), so pip builds each into a wheel that
 * the installer takes (package-source-wheels.ts), and what they build is checked as every installed file is
 * (a native one is refused by its ELF and suffix).
 */
import { isLocalPath, normaliseRequirements } from './cache-key.js';

export type SourceKind = 'local path' | 'repository' | 'source archive';

export interface SourceRequirement {
  readonly line: string;
  readonly kind: SourceKind;
}

export function sourceKind(line: string): SourceKind | undefined {
  if (/^(-e|--editable)\b/.test(line)) return undefined;
  if (isLocalPath(line)) return 'local path';
  if (/^(?:\S+\s*@\s*)?(git|hg|svn|bzr)\+/i.test(line)) return 'repository';
  if (/^(?:[^\s@]+\s*@\s*)?(https?|ftp):\/\/[^\s;#]+\.(tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar|zip)(#\S*)?(\s|$)/i.test(line)) return 'source archive';
  return undefined;
}

/** The first such line of a requirements file, after its variables are expanded. */
export function sourceRequirement(content: string): SourceRequirement | undefined {
  for (const line of normaliseRequirements(content).split('\n')) {
    const kind = sourceKind(line);
    if (kind) return { line, kind };
  }
  return undefined;
}

/**
 * A source requirement split for building it alone: what `pip wheel --no-deps` builds (`requirement`),
 * its extras, and its environment marker, kept for the install. The marker is taken off for the build:
 * pip would judge it by this machine (`; platform_machine == "aarch64"` on x86_64 skips the line with
 * only a warning), where uv judges the line with the built wheel for the target.
 * `path`: a local path's directory, as written (relative to the code directory), to build from a copy.
 * `hashes`: the `--hash` options of the line (`sha256:...`), which the build checks the download against.
 */
export interface SourceLine extends SourceRequirement {
  readonly requirement: string;
  readonly extras: string;
  readonly marker?: string;
  readonly path?: string;
  readonly hashes?: readonly string[];
}

export function splitSourceLine(line: string, kind: SourceKind): SourceLine {
  // pip's `break_args_options`: the line's options (`--hash=...`) start at its first word that starts with `-`.
  const words = line.split(/\s+/);
  const first = words.findIndex((w, i) => i > 0 && w.startsWith('-'));
  const text = first < 0 ? line : words.slice(0, first).join(' ');
  const hashes = first < 0 ? [] : optionValues(words.slice(first), '--hash');
  // PEP 508: a marker after a URL or path needs whitespace before its `;` (else it is part of the URL).
  const at = text.search(/\s;/);
  const requirement = (at < 0 ? text : text.slice(0, at)).trim();
  const marker = at < 0 ? undefined : text.slice(text.indexOf(';', at) + 1).trim() || undefined;
  const named = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*@\s*(\S+)$/.exec(requirement);
  const base = { line, kind, requirement, ...(marker ? { marker } : {}), ...(hashes.length > 0 ? { hashes } : {}) };
  if (kind !== 'local path') return { ...base, extras: named?.[2]?.replace(/\s/g, '') ?? '' };
  const location = named ? named[3]! : requirement;
  const m = /^(.*?)(\[[^\]]*\])?$/.exec(location)!;
  const path = m[1]!.replace(/^file:(\/\/)?/, '');
  return { ...base, extras: (named?.[2] ?? m[2] ?? '').replace(/\s/g, ''), path: path === '' ? '.' : path };
}

/** The values of one option in a line's options (`--hash=sha256:1 --hash sha256:2`). */
function optionValues(options: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    if (o.startsWith(`${name}=`)) values.push(o.slice(name.length + 1));
    else if (o === name && options[i + 1]) values.push(options[++i]!);
  }
  return values;
}

/** A source line as messages show it: without its `--hash` options. */
export function shownLine(line: SourceLine): string {
  return line.hashes ? `${line.requirement}${line.marker ? ` ; ${line.marker}` : ''}` : line.line;
}

/**
 * Why a source line cannot be installed with hash-checking on (pip's `--require-hashes`, on as soon as one
 * line of the files has a `--hash`), or undefined when it can: only a source archive has bytes to hash, and
 * only its `--hash` says which. pip refuses the others as well ("Can't verify hashes for these file://
 * requirements because they point to directories", "... we don't have a way to hash version control
 * repositories").
 */
export function unhashableReason(line: SourceLine): string | undefined {
  if (line.kind === 'local path') return 'a local directory has no archive whose hash could be checked';
  if (line.kind === 'repository') return "a repository's code has no archive whose hash could be checked";
  if (!line.hashes) return 'it has no --hash, and in hash-checking mode every requirement must have one';
  return undefined;
}

/** Every source requirement of a requirements file, after its variables are expanded. */
export function sourceLines(content: string): SourceLine[] {
  return normaliseRequirements(content).split('\n').flatMap((line) => {
    const kind = sourceKind(line);
    return kind ? [splitSourceLine(line, kind)] : [];
  });
}

/**
 * A source requirement built into a wheel: the wheel's absolute path and its distribution name, and with
 * hash-checking on, the wheel's own SHA-256 (the archive it was built from was checked against the line's).
 */
export interface SourceWheel {
  readonly line: string;
  readonly name: string;
  readonly extras: string;
  readonly marker?: string;
  readonly wheel: string;
  readonly sha256?: string;
}

/**
 * The line the install reads instead of a built source requirement: the wheel by path, extras and marker
 * kept, and its own hash when the install checks hashes (the archive's can never match the wheel).
 */
export function sourceWheelLine(built: SourceWheel): string {
  return `${built.name}${built.extras} @ file://${built.wheel}${built.marker ? ` ; ${built.marker}` : ''}${built.sha256 ? ` --hash=sha256:${built.sha256}` : ''}`;
}

/** Names never copied to build a local directory: caches, environments, and this tool's output. */
const NOT_COPIED = new Set(['.aws-sam', '.venv', 'venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache']);

/**
 * Whether a path of a local directory (relative to it, `/`-separated) goes into the copy that is built.
 * Its top-level `build/` and `*.egg-info` are left behind too: setuptools reuses a stale `build/lib`, so
 * files deleted from the source would come back in the wheel.
 */
export function copiedForBuild(relativePath: string): boolean {
  if (relativePath === '') return true;
  const parts = relativePath.split('/');
  if (parts.some((p) => NOT_COPIED.has(p))) return false;
  return parts[0] !== 'build' && !parts[0]!.endsWith('.egg-info');
}
