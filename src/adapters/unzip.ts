/** Unzips a function's or layer's zip into a directory to run from, checked entry by entry (core/model/archive-entries.ts). */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, stat, symlink } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';
import { UserError } from '../core/errors.js';
import { entryNameProblem, entryType, linkProblem, unzippedSizeProblem, type EntryType } from '../core/model/archive-entries.js';
import { sha256Text } from './file-digest.js';
import { readUpTo } from './fs.js';
import { versionedDirectory } from './versioned-dir.js';
import { loadOwnModule } from './own-module.js';

/** A link's target is a path; past this many bytes it is not one. */
const MAX_LINK_BYTES = 4096;

/**
 * The directory `zip` is unzipped into under `cacheDir`, made once for each version of the zip (its path,
 * size and modification time): an unchanged zip is not unzipped again at each invoke or reload, and a
 * rebuilt one gets a directory of its own (the earlier versions' are removed). `label` names the zip in
 * messages (as the template writes it).
 */
export async function unzippedDirectory(zip: string, cacheDir: string, label: string): Promise<string> {
  const info = await stat(zip);
  const prefix = `${basename(zip).replace(/[^A-Za-z0-9._-]/g, '_')}-${sha256Text(resolve(zip)).slice(0, 8)}-`;
  return versionedDirectory(cacheDir, prefix, sha256Text(`${info.size}:${info.mtimeMs}`).slice(0, 12), (dir) => unzipInto(zip, dir, label));
}

/**
 * Unzips `zip` into `dest` (made here), refusing the whole zip for one unsafe entry or too many bytes, before
 * anything is written. The sizes checked are those the zip declares: with validateEntrySizes, an entry whose
 * data inflates past its declared size fails as it is read, so a zip bomb cannot lie its way past the limit.
 */
export async function unzipInto(zip: string, dest: string, label: string): Promise<void> {
  // Loaded at the first zip: dev and invoke import this module for code that is rarely a zip, and yauzl's
  // CommonJS modules (with zlib's) were compiled and run at every start.
  const { default: yauzl } = await loadOwnModule(() => import('yauzl'));
  const file = await yauzl.openPromise(zip, { decodeStrings: false, autoClose: false, validateEntrySizes: true }).catch((error: Error) => {
    throw new UserError(`${label} cannot be read as a zip file: ${error.message}`, { hint: 'Build the zip again (zip -r, or sam build).' });
  });
  try {
    const entries = await readEntries(file, label, yauzl.getFileNameLowLevel);
    const problem = unzippedSizeProblem(label, entries.reduce((sum, e) => sum + (e.type.kind === 'directory' ? 0 : e.entry.uncompressedSize), 0));
    if (problem) throw new UserError(problem);
    await mkdir(dest, { recursive: true });
    // Links last: no entry is then written through a link an earlier entry made.
    for (const e of entries.filter((x) => x.type.kind !== 'symlink')) await extract(file, e, dest, label);
    for (const e of entries.filter((x) => x.type.kind === 'symlink')) await extract(file, e, dest, label);
  } finally {
    file.close();
  }
}

interface Named {
  readonly entry: Entry;
  readonly name: string;
  readonly type: EntryType;
}

/** Every entry with its name (decoded as the zip says: UTF-8 flag, Info-ZIP Unicode path), each name checked. */
async function readEntries(file: ZipFile, label: string, fileName: typeof import('yauzl').getFileNameLowLevel): Promise<Named[]> {
  const out: Named[] = [];
  try {
    for await (const entry of file.eachEntry()) {
      const name = fileName(entry.generalPurposeBitFlag, entry.fileNameRaw as unknown as Buffer, entry.extraFields, false);
      const problem = entryNameProblem(label, name);
      if (problem) throw new UserError(problem, { hint: 'Build the zip again from the directory that holds the code (cd src && zip -r ../function.zip .).' });
      if (entry.isEncrypted()) throw new UserError(`${label}: the entry '${name}' is encrypted, so the zip is not unzipped`);
      if (!entry.canDecodeFileData()) throw new UserError(`${label}: the entry '${name}' uses compression method ${entry.compressionMethod}, which Lambda does not read (only stored and deflated), so the zip is not unzipped`);
      out.push({ entry, name, type: entryType(name, entry.versionMadeBy, entry.externalFileAttributes) });
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${label} cannot be read as a zip file: ${(error as Error).message}`, { hint: 'Build the zip again (zip -r, or sam build).' });
  }
  return out;
}

async function extract(file: ZipFile, { entry, name, type }: Named, dest: string, label: string): Promise<void> {
  const path = resolve(dest, name);
  // entryNameProblem said no already; this is the last word on where a file goes.
  if (path !== dest && !path.startsWith(dest + sep)) throw new UserError(`${label}: the entry '${name}' would be written outside ${dest}, so the zip is not unzipped`);
  try {
    if (type.kind === 'directory') {
      await mkdir(path, { recursive: true });
      return;
    }
    await mkdir(dirname(path), { recursive: true });
    const stream = await file.openReadStreamPromise(entry);
    if (type.kind === 'symlink') {
      const target = (await readUpTo(stream, MAX_LINK_BYTES)).toString('utf8');
      const problem = linkProblem(label, name, target);
      if (problem) throw new UserError(problem, { hint: 'Build the zip again with the files themselves (zip without -y), not links to them.' });
      await symlink(target, path);
      return;
    }
    await pipeline(stream, createWriteStream(path));
    await chmod(path, type.mode);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    // Two entries for one path (a file and a directory of the same name), a full disk, a zip cut short.
    throw new UserError(`${label}: the entry '${name}' cannot be unzipped into ${dest}: ${code === 'ENOSPC' ? 'the disk is full' : message}`);
  }
}
