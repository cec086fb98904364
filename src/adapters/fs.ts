import { createHash } from 'node:crypto';
import { accessSync, constants, createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';
import { SAVE_AS_UTF8_HINT, decodeUtf8Text } from '../core/model/text-encoding.js';

export function fileExists(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The path with its symbolic links resolved, or the path itself where it does not exist (yet). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The SHA-1 of a regular file of at most `maxBytes` bytes; undefined for anything else (gone, a directory, larger). */
export async function fileDigest(path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    return createHash('sha1').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

export function dirExists(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** The names in a directory, or undefined when it is not one. */
export function directoryNames(path: string): string[] | undefined {
  return dirExists(path) ? readdirSync(path) : undefined;
}

/** Reads a UTF-8 text file, turning "not there", "not readable" and "not UTF-8" into messages a user can act on. */
export async function readText(path: string, what = 'file'): Promise<string> {
  const decoded = decodeUtf8Text(await readBytes(path, what));
  if (!decoded.ok) throw new UserError(`The ${what} ${path} ${decoded.problem}`, { hint: SAVE_AS_UTF8_HINT });
  return decoded.text;
}

/** A text file that may well not be there (a shared AWS config file): undefined when it cannot be read. */
export async function readTextIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file's bytes, with readText's messages. */
export async function readBytes(path: string, what = 'file'): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`The ${what} ${path} does not exist`);
    if (code === 'EISDIR') throw new UserError(`The ${what} ${path} is a directory, not a file`);
    if (code === 'EACCES') throw new UserError(`The ${what} ${path} cannot be read (permission denied)`);
    throw error;
  }
}

/** A text file of at most `maxBytes`, read at once (for readers that cannot wait); an error says which limit or why. */
export function readTextSync(path: string, maxBytes: number): string {
  const size = statSync(path).size;
  if (size > maxBytes) throw new Error(`it is ${size} bytes, over the ${maxBytes} pylambda reads`);
  const decoded = decodeUtf8Text(readFileSync(path));
  if (!decoded.ok) throw new Error(decoded.problem);
  return decoded.text;
}

/**
 * Reads a stream to its end, or to the first byte past `maxBytes`: an input over a limit is refused
 * without holding all of it (`--event -` fed from `yes`, or /dev/zero, would never end).
 */
export async function readUpTo(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (size > maxBytes) break;
  }
  return Buffer.concat(chunks);
}

/** A file's bytes, up to the first byte past `maxBytes` (see readUpTo); errors as from readFile. */
export async function readFileUpTo(path: string, maxBytes: number): Promise<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    return await readUpTo(stream, maxBytes);
  } finally {
    stream.destroy();
  }
}

/**
 * Deletes the cached bytecode of Python files that just changed. Python trusts a `.pyc` whose recorded
 * source mtime (whole seconds) and size match, so an edit within the same second that keeps the size
 * would otherwise run the old code.
 */
export async function forgetBytecode(sources: readonly string[]): Promise<void> {
  await Promise.all(sources.filter((f) => f.endsWith('.py')).map(async (source) => {
    const cache = join(dirname(source), '__pycache__');
    const stem = `${basename(source, '.py')}.`;
    try {
      for (const name of await readdir(cache)) {
        if (name.startsWith(stem) && name.endsWith('.pyc')) await rm(join(cache, name), { force: true });
      }
    } catch {
      // no cache directory: nothing to forget
    }
  }));
}

/** Why a directory cannot be made, in the user's words, for the errors a path can give. */
const MKDIR_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  // procfs and sysfs answer ENOENT to a new entry; Node's recursive mkdir then retries for ever.
  ENOENT: 'this file system does not allow it',
};

/**
 * Makes a directory and its missing parents, one at a time: `mkdir -p` in Node loops for ever under
 * /proc, and its errors (ENOTDIR, EACCES) would reach the user as internal errors.
 */
export async function makeDirectory(path: string, what: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
    if (!(info instanceof Error)) {
      if (!info.isDirectory()) throw new UserError(`Cannot create ${what} ${path}: ${dir} is not a directory`);
      break;
    }
    if ((info.code !== 'ENOENT' && info.code !== 'ENOTDIR') || dirname(dir) === dir) throw new UserError(`Cannot create ${what} ${path}: ${info.message}`);
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') {
        // There since the look above (made by another process), or a link to nothing (stat saw no file).
        if ((await stat(dir).catch(() => undefined))?.isDirectory()) continue;
        throw new UserError(`Cannot create ${what} ${path}: ${dir} exists and is not a directory (a link to nothing?)`);
      }
      throw new UserError(`Cannot create ${what} ${path}: ${MKDIR_REASONS[code] ?? (error as Error).message}`);
    }
  }
}

/** Work directories of this process that must not outlive it (a staging directory, a half-built cache entry). */
const scratch = new Set<string>();
let exitHooked = false;

/**
 * Removes `path` when the process exits before `releaseScratch(path)`: Ctrl-C during `package` left its
 * staging directory in the user's output directory and a half-built cache entry of tens of MB.
 */
export function holdScratch(path: string): void {
  scratch.add(path);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });
}

export function releaseScratch(path: string): void {
  scratch.delete(path);
}

/**
 * An empty directory of one execution environment's own, its TMPDIR: on Lambda each environment starts with an
 * empty /tmp that lives as long as it does; the host's /tmp held what earlier environments, other functions and
 * earlier runs had left. Removed with the environment, or when this process exits.
 */
export function makeEnvironmentTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-tmp-'));
  holdScratch(dir);
  return dir;
}

export function removeEnvironmentTmp(dir: string): void {
  // Held until it is gone: dev stopped by Ctrl-C exits while these removals are under way, and left a TMPDIR per environment.
  rm(dir, { recursive: true, force: true }).catch(() => undefined).finally(() => releaseScratch(dir));
}

/** A file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
