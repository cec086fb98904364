import { formatBytes, PACKAGE_LIMITS } from '../packaging/limits.js';

/**
 * What an entry of a zip that pylambda unzips to run (a zip CodeUri or layer ContentUri) may be. A name
 * with `..` or an absolute path would write outside the directory ("zip slip"), and a symbolic link
 * pointing out of it would let the code read there; SAM CLI refuses the same (samcli/local/lambdafn/zip.py
 * `_extract`: "A symlink has an absolute target which is not allowed", "points outside the extraction
 * directory"). What a zip may hold unzipped is Lambda's own limit: Lambda refuses a larger package, and a
 * zip bomb stops there.
 */

export type EntryKind = 'file' | 'directory' | 'symlink';

export interface EntryType {
  readonly kind: EntryKind;
  /** Permission bits to give the file (a directory is always 0o755). */
  readonly mode: number;
}

/** Unix file type bits of a zip's external attributes (the upper 16 bits, when made on Unix). */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
/** The "version made by" host of a zip written on Unix (APPNOTE 4.4.2: 3 = UNIX). */
const HOST_UNIX = 3;

/**
 * The kind and mode of an entry, from its name and attributes. A zip made elsewhere (Windows, Python's
 * zipfile without attributes) has no Unix mode: files are then readable (0o644), as Lambda needs them.
 */
export function entryType(name: string, versionMadeBy: number, externalAttributes: number): EntryType {
  const unix = versionMadeBy >>> 8 === HOST_UNIX ? (externalAttributes >>> 16) & 0xffff : 0;
  const type = unix & S_IFMT;
  if (name.endsWith('/') || type === S_IFDIR) return { kind: 'directory', mode: 0o755 };
  if (type === S_IFLNK) return { kind: 'symlink', mode: 0o777 };
  const perms = unix & 0o777;
  // Always readable (a zip written by Python's ZipFile.writestr has no permission bits at all); the execute
  // bits are kept (a layer's bin/ tool, a wrapper script).
  return { kind: 'file', mode: perms === 0 ? 0o644 : perms | 0o644 };
}

/** Why an entry's name cannot be unzipped safely, or undefined. `zip` names the archive in the message. */
export function entryNameProblem(zip: string, name: string): string | undefined {
  const unsafe = (why: string) => `${zip}: the entry '${name}' ${why}, so the zip is not unzipped`;
  if (name === '' || name.includes('\0')) return unsafe('has no usable name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return unsafe('is an absolute path, which would be written outside the directory it is unzipped into (zip slip)');
  if (name.split(/[/\\]/).includes('..')) return unsafe("has a '..' in its path, which would be written outside the directory it is unzipped into (zip slip)");
  return undefined;
}

/** Why a symbolic link entry cannot be made safely: its target leaves the directory it is unzipped into. */
export function linkProblem(zip: string, name: string, target: string): string | undefined {
  const unsafe = (why: string) => `${zip}: the entry '${name}' is a symbolic link to '${target}', ${why}, so the zip is not unzipped`;
  if (target === '' || target.includes('\0')) return unsafe('which is no path');
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) return unsafe('an absolute path outside the directory it is unzipped into');
  const parts = name.split('/').filter(Boolean).slice(0, -1);
  for (const part of target.split(/[/\\]/)) {
    if (part === '..') {
      if (parts.length === 0) return unsafe('outside the directory it is unzipped into');
      parts.pop();
    } else if (part !== '' && part !== '.') {
      parts.push(part);
    }
  }
  return undefined;
}

/** Why a zip holding this many bytes unzipped is not unzipped (over Lambda's unzipped package limit). */
export function unzippedSizeProblem(zip: string, bytes: number, limit = PACKAGE_LIMITS.unzippedBytes): string | undefined {
  if (bytes <= limit) return undefined;
  // Just over the limit, both round alike: the bytes say which is larger.
  const [size, most] = formatBytes(bytes) === formatBytes(limit) ? [`${bytes} bytes`, `${limit} bytes`] : [formatBytes(bytes), formatBytes(limit)];
  return `${zip} holds ${size} unzipped, over the ${most} Lambda takes for a function's code and layers, so it is not unzipped`;
}
