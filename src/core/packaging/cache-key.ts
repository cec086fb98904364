/**
 * The key of the dependency cache: an unchanged re-package reuses the installed dependencies. It is
 * built from everything that changes what the installer produces: the requirements' content (and of
 * the files they include), runtime, architecture, installer name, version and flags. Core stays pure:
 * the caller passes the hash function (SHA-256 from node:crypto in an adapter).
 */
import type { Architecture } from '../model/project.js';

/** Bump when the packager changes what it does to an install (pruning, compiling): old entries go stale. */
export const CACHE_SCHEMA = 'pylambda-deps/3';

export interface CacheKeyInput {
  /** The requirements file first, then every file it includes (`-r`, `-c`), with their contents. */
  readonly requirements: readonly { readonly path: string; readonly content: string }[];
  readonly runtime: string;
  readonly architecture: Architecture;
  readonly installer: { readonly name: 'pip' | 'uv'; readonly version: string };
  /** The installer's argv with the target directory left out (it is where the cache entry goes). */
  readonly flags: readonly string[];
  /** Anything else that shapes the result: a digest of Chalice's `vendor/`, the index URL, ... */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * A requirements file as pip reads it: continuation lines joined, comments removed (pip's
 * `COMMENT_RE`: `#` at the start or after whitespace, so `#egg=` in a URL stays), blank lines and
 * trailing spaces dropped, line endings unified. Order is kept: pip honours it for duplicate options.
 */
export function normaliseRequirements(content: string): string {
  return content
    .replace(/\r\n?/g, '\n')
    .replace(/\\\n/g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s+)#.*$/, '').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * `${NAME}` in a requirements file: pip (`req_file.py`, `ENV_VAR_RE`) and uv replace it by the
 * variable's value before reading the line, so the same text can install other versions or come from
 * another index. Upper-case letters, digits and `_` only; `$NAME` and `${lower}` stay as written.
 */
const VARIABLE = /\$\{([A-Z0-9_]+)\}/g;

/** The text as the installer reads it: each variable replaced by its value; one that is not set stays as written (pip's rule). */
export function expandRequirementVariables(content: string, env: Readonly<Record<string, string | undefined>>): string {
  return content.replace(VARIABLE, (whole, name: string) => env[name] || whole);
}

/**
 * What a requirements file installs, for the cache key and its notes: the variables expanded, and each URL's
 * `user:password@` taken out. Credentials grant access and change nothing that installs; a CodeArtifact token
 * (`--index-url https://aws:${TOKEN}@...`) is new every twelve hours, and must neither miss the cache each
 * time nor be printed in a note.
 */
export function effectiveRequirements(content: string, env: Readonly<Record<string, string | undefined>>): string {
  return withoutCredentials(expandRequirementVariables(content, env));
}

/** Every URL's `user:password@` taken out: in requirements, and in PIP_INDEX_URL and the like (see effectiveRequirements). */
export function withoutCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1');
}

/** The files a requirements file pulls in (`-r other.txt`, `--constraint=c.txt`), relative to it. */
export function requirementIncludes(content: string): { readonly kind: 'requirement' | 'constraint'; readonly path: string }[] {
  const includes: { kind: 'requirement' | 'constraint'; path: string }[] = [];
  for (const line of normaliseRequirements(content).split('\n')) {
    const option = pathOption(line);
    if (option && option.kind !== 'find-links') includes.push({ kind: option.kind, path: option.path });
  }
  return includes;
}

/** A requirements line that names a path: `-r`/`--requirement`, `-c`/`--constraint`, `-f`/`--find-links`. */
export interface PathOption {
  /** The option as written (`-r`, `--find-links`). */
  readonly option: string;
  readonly kind: 'requirement' | 'constraint' | 'find-links';
  readonly path: string;
}

const PATH_OPTIONS: Readonly<Record<string, PathOption['kind']>> = {
  '-r': 'requirement', '--requirement': 'requirement', '-c': 'constraint', '--constraint': 'constraint', '-f': 'find-links', '--find-links': 'find-links',
};

/** The option and its path, read as pip reads them; undefined for any other line (or a quote left open). */
export function pathOption(line: string): PathOption | undefined {
  const m = /^(-r|--requirement|-c|--constraint|-f|--find-links)(?:\s*=\s*|\s+)(.+)$/.exec(line);
  const path = m ? optionValue(m[2]!) : undefined;
  return m && path ? { option: m[1]!, kind: PATH_OPTIONS[m[1]!]!, path } : undefined;
}

/**
 * An option's value as pip reads it (it splits each line as shlex does): `"other reqs.txt"` and
 * `other\ reqs.txt` are one value, quotes and escapes taken off; undefined when a quote is not closed.
 */
function optionValue(text: string): string | undefined {
  let value = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) value += text[++i];
      else value += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < text.length) value += text[++i];
    else if (/\s/.test(c)) break;
    else value += c;
  }
  return quote ? undefined : value;
}

/**
 * Why a requirements file cannot be cached by its text, or undefined: what it installs can change
 * while the text does not (a local directory's code, a branch of a repository).
 */
export function uncacheableReason(content: string): string | undefined {
  for (const line of normaliseRequirements(content).split('\n')) {
    if (/^(-e|--editable)\b/.test(line)) return `${line}: an editable install follows its source`;
    if (isLocalPath(line)) return `${line}: a local path can change without the requirements changing`;
    // A directory of wheels beside the requirements: a wheel added to it changes what installs.
    const links = pathOption(line);
    if (links?.kind === 'find-links' && (!/^[a-z][a-z0-9+.-]*:\/\//i.test(links.path) || /^file:/i.test(links.path))) {
      return `${line}: a local directory of wheels can change without the requirements changing`;
    }
    const vcs = /^(?:\S+\s*@\s*)?(git|hg|svn|bzr)\+\S+/.exec(line);
    if (vcs && !/@[0-9a-f]{40}(?:[#\s]|$)/.test(line)) return `${line}: a repository reference that is not a full commit hash can move`;
  }
  return undefined;
}

/** The canonical text the key hashes: versioned, fixed key order, one JSON document. */
export function cacheKeyMaterial(input: CacheKeyInput): string {
  const extra = Object.entries(input.extra ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({
    schema: CACHE_SCHEMA,
    runtime: input.runtime,
    architecture: input.architecture,
    installer: `${input.installer.name} ${input.installer.version}`,
    flags: input.flags,
    requirements: input.requirements.map((r) => [r.path, normaliseRequirements(r.content)]),
    extra,
  });
}

export function cacheKey(input: CacheKeyInput, hash: (text: string) => string): string {
  return hash(cacheKeyMaterial(input));
}

/**
 * A requirement line naming a directory or file on this machine (`../libs/x`, `.`, `x @ file:///...`), built
 * here. pip takes a line for a path when it starts with `.` or holds a `/` (`_looks_like_path`): `libs/shared`
 * is a directory, where no requirement name has a `/`.
 */
export function isLocalPath(line: string): boolean {
  return /^(\.{1,2}(\/|\[|\s|$)|\/|file:)/.test(line) || /@\s*file:/.test(line) || /^(?!-)(?![a-z][a-z0-9+.-]*:)[^\s@;[=<>!~]+\//i.test(line);
}
