/**
 * The deterministic zip: which entries, in which order, with which metadata. The same files give the
 * same entries whatever the file system, clock, umask or checkout said, so the zip's SHA-256 (and
 * Lambda's CodeSha256) changes only when content does, and unchanged code is never redeployed.
 */
import { compareUtf8, validArchivePath } from './paths.js';
import type { IncludedFile } from './select.js';

/**
 * Every entry's modification time: 1980-01-01 00:00:00, the first instant a zip (MS-DOS) date can
 * hold; Python's `zipfile.ZipInfo` default and what `chalice package` writes (chalice/utils.py
 * `ChaliceZipFile`). DOS times have no zone: the writer must encode these fields as they are.
 */
export const ZIP_TIMESTAMP = { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 } as const;

/** Regular file, rw-r--r--: world-readable, as Lambda's sandbox user is not the file's owner. */
export const FILE_MODE = 0o100644;
/** Regular file, rwxr-xr-x: for files that were executable in the source. */
export const EXECUTABLE_MODE = 0o100755;
/** Where a layer's Python code goes: Lambda extracts layers to /opt, and /opt/python is on sys.path. */
export const LAYER_PREFIX = 'python/';

export interface ZipSource {
  /** The path in the archive, POSIX, relative. */
  readonly path: string;
  /** Where to read it; the path itself when absent. */
  readonly source?: string;
  /** The source's `st_mode` (type bits optional). */
  readonly mode: number;
  readonly size: number;
}

export interface ZipEntry {
  readonly path: string;
  readonly source: string;
  /** FILE_MODE or EXECUTABLE_MODE. */
  readonly mode: number;
  /** The central directory's external attributes: the Unix mode in the high 16 bits (Info-ZIP). */
  readonly externalAttributes: number;
  readonly size: number;
}

export type ZipPlan =
  | { readonly ok: true; readonly entries: readonly ZipEntry[]; readonly unzippedBytes: number }
  | { readonly ok: false; readonly errors: readonly string[] };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/**
 * Orders and normalises the entries.
 * - Sorted by the UTF-8 bytes of the path.
 * - No directory entries: Lambda, like `unzip`, creates parent directories from the file paths, and
 *   `chalice package` zips have none either; each one would be one more thing to normalise. The only
 *   loss is an empty directory, which no import needs.
 * - Modes reduced to 0644 or 0755: the owner's execute bit decides; the umask, group write bits,
 *   setuid and friends do not reach the zip.
 * - `prefix` (`LAYER_PREFIX` for `--layer`) goes before every path.
 */
export function zipPlan(files: readonly ZipSource[], options: { readonly prefix?: string } = {}): ZipPlan {
  const prefix = options.prefix ?? '';
  const errors: string[] = [];
  if (prefix !== '' && (!prefix.endsWith('/') || !validArchivePath(prefix.slice(0, -1)))) {
    errors.push(`invalid prefix ${JSON.stringify(prefix)}: a relative directory ending in /`);
  }
  const seen = new Set<string>();
  const entries: ZipEntry[] = [];
  for (const file of files) {
    const path = prefix + file.path;
    if (!validArchivePath(file.path)) errors.push(`${JSON.stringify(file.path)} is not a relative POSIX path`);
    else if ((file.mode & S_IFMT) !== 0 && (file.mode & S_IFMT) !== S_IFREG) errors.push(`${file.path} is not a regular file (mode ${file.mode.toString(8)})`);
    else if (!Number.isSafeInteger(file.size) || file.size < 0) errors.push(`${file.path} has an invalid size ${file.size}`);
    else if (seen.has(path)) errors.push(`${path} is in the package twice`);
    else {
      seen.add(path);
      const mode = (file.mode & 0o100) !== 0 ? EXECUTABLE_MODE : FILE_MODE;
      entries.push({ path, source: file.source ?? file.path, mode, externalAttributes: mode * 0x10000, size: file.size });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  entries.sort((a, b) => compareUtf8(a.path, b.path));
  return { ok: true, entries, unzippedBytes: entries.reduce((sum, e) => sum + e.size, 0) };
}

export interface OverlayResult {
  readonly files: readonly IncludedFile[];
  /** Paths a later group replaced: `winner` and `loser` are the group names. */
  readonly shadowed: readonly { readonly archivePath: string; readonly winner: string; readonly loser: string }[];
}

/**
 * Merges groups of files where a later group wins a path (Chalice: dependencies, then the app's
 * files, then `vendor/`, the order `chalice package` writes them, in which the last copy is the one
 * extracted). Reported, since a shadowed dependency is usually a surprise.
 */
export function overlay(groups: readonly { readonly name: string; readonly files: readonly IncludedFile[] }[]): OverlayResult {
  const byPath = new Map<string, { file: IncludedFile; group: string }>();
  const shadowed: { archivePath: string; winner: string; loser: string }[] = [];
  for (const group of groups) {
    for (const file of group.files) {
      const previous = byPath.get(file.archivePath);
      if (previous) shadowed.push({ archivePath: file.archivePath, winner: group.name, loser: previous.group });
      byPath.set(file.archivePath, { file, group: group.name });
    }
  }
  return { files: [...byPath.values()].map((v) => v.file), shadowed };
}
