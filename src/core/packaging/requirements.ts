/**
 * What the packager needs from a requirements file beyond the installer itself: the names it lists
 * (`--exclude-boto3` keeps what the user asked for), and the options that say where packages come
 * from, which a one-off `pip wheel` of an sdist needs too (it gets a bare requirement, not the file).
 */
import { normaliseRequirements, pathOption } from './cache-key.js';
import { normaliseName } from './prune.js';

/**
 * Normalised names of the requirements a file lists itself (`boto3>=1.34`, `pydantic[email]`,
 * `pkg @ https://...`), not those of included files, options, paths or URLs without a name.
 */
export function requirementNames(content: string): string[] {
  const names: string[] = [];
  for (const line of normaliseRequirements(content).split('\n')) {
    if (line === '' || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:[[<>=!~;@]|$|\s)/.exec(line);
    if (m && !/^(\.{1,2}\/|\/|[a-z]+:\/\/|file:)/.test(line)) names.push(normaliseName(m[1]!));
  }
  return [...new Set(names)];
}

/** Options of a requirements file that choose the package sources (pip's `req_file` option names). */
const SOURCE_OPTIONS: readonly { readonly names: readonly string[]; readonly takesValue: boolean }[] = [
  { names: ['-i', '--index-url'], takesValue: true },
  { names: ['--extra-index-url'], takesValue: true },
  { names: ['-f', '--find-links'], takesValue: true },
  { names: ['--trusted-host'], takesValue: true },
  { names: ['--no-index'], takesValue: false },
  { names: ['--pre'], takesValue: false },
];

/**
 * The source options of a requirements file as argv (`['--index-url', 'https://...']`), in file
 * order, so building one sdist looks where the install looked. Relative `--find-links` stay relative:
 * the tools run in the code directory, where the requirements file is.
 */
export function sourceOptions(content: string): string[] {
  const argv: string[] = [];
  for (const line of normaliseRequirements(content).split('\n')) {
    const m = /^(-{1,2}[a-z-]+)(?:\s*=\s*|\s+)?(\S*)$/i.exec(line);
    if (!m) continue;
    const option = SOURCE_OPTIONS.find((o) => o.names.includes(m[1]!));
    if (!option) continue;
    if (option.takesValue && m[2]) argv.push(option.names[option.names.length - 1]!, m[2]);
    else if (!option.takesValue) argv.push(option.names[option.names.length - 1]!);
  }
  return argv;
}

/**
 * Hash-checking mode (pip's `--require-hashes`, on as soon as one requirement has a `--hash`, in any
 * of the files): every distribution the installer downloads must match a hash the file pins.
 */
export function usesHashes(contents: readonly string[]): boolean {
  return contents.some((content) => normaliseRequirements(content).split('\n').some((line) => /(^|\s)--(hash|require-hashes)\b/.test(line)));
}

/** One requirement line, split as pip splits it: the requirement, then its options (`--hash=...`). */
interface RequirementLine {
  readonly name: string;
  /** The requirement without the options: `docopt==0.6.2 ; python_version >= "3"`. */
  readonly requirement: string;
  readonly hashes: readonly string[];
}

function parseRequirementLine(line: string): RequirementLine | undefined {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
  if (!m || line.startsWith('-') || /^[a-z]+:\/\//i.test(line)) return undefined;
  // pip's `break_args_options`: the options start at the first word that starts with `-`.
  const words = line.split(/\s+/);
  const first = words.findIndex((w) => w.startsWith('-'));
  const requirement = (first < 0 ? words : words.slice(0, first)).join(' ');
  const options = first < 0 ? [] : words.slice(first);
  const hashes: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    if (o.startsWith('--hash=')) hashes.push(o.slice('--hash='.length));
    else if (o === '--hash' && options[i + 1]) hashes.push(options[++i]!);
  }
  return { name: normaliseName(m[1]!), requirement, hashes };
}

/**
 * The line of a requirements file that pins `name` by hash (`docopt==0.6.2 --hash=sha256:...`), as
 * pip reads it (continuations joined, comments gone); the first one when there are several.
 */
export function hashedRequirementLine(content: string, name: string): string | undefined {
  return normaliseRequirements(content).split('\n').find((line) => {
    const parsed = parseRequirementLine(line);
    return parsed?.name === name && parsed.hashes.length > 0;
  });
}

/** A wheel built here from a hash-checked source distribution, and its SHA-256. */
export interface BuiltWheel {
  readonly name: string;
  readonly sha256: string;
}

/**
 * A line of the requirements for a hash-checked install that takes locally built wheels (offered with
 * `--find-links`): a built package's line keeps its requirement and pins the wheel's own hash instead of the
 * sdist's (the sdist's was checked when it was built; the wheel can never match it); every other line is kept,
 * hashes and all. Not a `name @ file:///...whl` URL: pip and uv would record that path in the package
 * (`direct_url.json`). The files are written elsewhere (`relocatedRequirements`).
 */
export function builtWheelLine(line: string, built: readonly BuiltWheel[]): string {
  const parsed = parseRequirementLine(line);
  const wheel = parsed && built.find((b) => b.name === parsed.name);
  return parsed && wheel ? `${parsed.requirement} --hash=sha256:${wheel.sha256}` : line;
}

/**
 * A requirements file written elsewhere than `dir`, where it was: the paths pip and uv read relative to
 * the file (`-r`, `-c`, and `--find-links` when it exists there: `resolveLink`) made absolute, and every
 * other line as `rewrite` says. `include`: another file to read in place of an included one (a rewritten
 * copy of it), given the path as written; undefined keeps the file.
 */
export function relocatedRequirements(
  content: string,
  dir: string,
  resolveLink: (path: string) => string,
  rewrite: (line: string) => string,
  include: (path: string) => string | undefined = () => undefined,
): string {
  const absolute = (path: string) => (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path) ? path : `${dir.replace(/\/$/, '')}/${path}`);
  const quote = (path: string) => (/\s/.test(path) ? `"${path}"` : path);
  const lines = normaliseRequirements(content).split('\n').map((line) => {
    const option = pathOption(line);
    if (option) return `${option.option} ${quote(option.kind === 'find-links' ? resolveLink(option.path) : include(option.path) ?? absolute(option.path))}`;
    return rewrite(line);
  });
  return `${lines.join('\n')}\n`;
}
