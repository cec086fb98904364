/**
 * Writes a zip from a plan (core/packaging/zip-plan.ts) with yazl. Every rule (order, modes, date)
 * is in the plan; this only makes the bytes, the same bytes for the same plan and file contents.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { UserError, USER_ERROR_EXIT } from '../core/errors.js';
import { ZIP_TIMESTAMP, type ZipEntry } from '../core/packaging/zip-plan.js';

export interface WriteZipOptions {
  /** Where relative `source` paths are read from. */
  readonly baseDir?: string;
  /** Called as each entry starts, for a progress bar. */
  readonly onEntry?: (index: number, total: number, entry: ZipEntry) => void;
}

export interface WrittenZip {
  readonly path: string;
  readonly bytes: number;
  /** Hex SHA-256 of the zip (Lambda's CodeSha256 is the same digest in base64). */
  readonly sha256: string;
}

/**
 * The zip's date fields are MS-DOS local time and yazl encodes them with the local-time getters, so
 * the Date is built from local fields: the bytes say 1980-01-01 00:00:00 in every time zone.
 * `forceDosTimestamp` leaves out the Info-ZIP extended timestamp, a UTC instant that would differ
 * between zones. Compression level pinned, so a new yazl default cannot change the bytes.
 */
function entryOptions(entry: ZipEntry) {
  const t = ZIP_TIMESTAMP;
  return {
    mtime: new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second),
    mode: entry.mode,
    forceDosTimestamp: true,
    compress: true,
    compressionLevel: 6,
    size: entry.size,
  };
}

/** yazl's error for a file whose bytes are not the size it was added with (index.js, ByteCounter "end"). */
const SIZE_MISMATCH = 'file data stream has unexpected number of bytes';

/**
 * A file written to while it is packaged: most often the command's own output redirected into the code
 * directory (`pylambda package > build.log` where CodeUri is `.`), which grows as it is read.
 */
function changedWhileZipped(source: string, plannedBytes: number, outPath: string): UserError {
  return new UserError(`${source} changed while it was zipped into ${basename(outPath)} (it had ${plannedBytes} bytes when the files were listed)`, {
    hint: 'Something writes to it during the packaging, such as the output of pylambda package redirected into the code directory: write that elsewhere, or leave the file out with .pylambdaignore.',
    exitCode: USER_ERROR_EXIT.failure,
  });
}

/**
 * Writes `entries` in their order to `outPath` (through a temporary file renamed at the end, so a
 * failed run leaves no half zip). A file whose size changed since it was planned fails the write:
 * yazl checks the byte count.
 */
export async function writeZip(entries: readonly ZipEntry[], outPath: string, options: WriteZipOptions = {}): Promise<WrittenZip> {
  const zip = new ZipFile();
  const sourceOf = (entry: ZipEntry) => (isAbsolute(entry.source) || !options.baseDir ? entry.source : join(options.baseDir, entry.source));
  // yazl reads one entry at a time: the one a size mismatch is about.
  let reading: ZipEntry | undefined;
  entries.forEach((entry, index) => {
    const source = sourceOf(entry);
    zip.addReadStreamLazy(entry.path, entryOptions(entry), (callback) => {
      reading = entry;
      options.onEntry?.(index, entries.length, entry);
      const stream = createReadStream(source);
      // yazl listens for errors only on its own streams (addFile); route this one's to the ZipFile.
      stream.on('error', (error) => zip.emit('error', error));
      callback(null, stream);
    });
  });
  zip.end();

  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const temporary = `${outPath}.partial`;
  const output = zip.outputStream as Readable;
  const written = pipeline(output, measure, createWriteStream(temporary));
  // yazl reports source errors (a missing file, a size mismatch) on the ZipFile, not on its stream.
  const failed = new Promise<never>((_, reject) => zip.on('error', (error: Error) => {
    output.destroy(error);
    reject(error.message === SIZE_MISMATCH && reading ? changedWhileZipped(sourceOf(reading), reading.size, outPath) : error);
  }));
  try {
    await Promise.race([written, failed]);
    await rename(temporary, outPath);
  } catch (error) {
    await written.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return { path: outPath, bytes, sha256: hash.digest('hex') };
}
