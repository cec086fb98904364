/**
 * File operations of a package build: a staging directory beside the output (same file system, so
 * publishing is a rename), hard links for functions that share a zip, atomic writes, and deleting
 * the files pruning chose.
 */
import { existsSync, statSync } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { holdScratch, makeDirectory, releaseScratch } from './fs.js';
import { processAlive } from './process.js';

/** A fresh staging directory; those left by runs that died (by their pid) are removed first. */
export async function makeStaging(outDir: string): Promise<string> {
  await makeDirectory(outDir, 'the output directory');
  for (const name of await readdir(outDir)) {
    // What a killed run left: its staging directory, or a half-written manifest.
    const match = /^\.staging-(\d+)-|\.partial-(\d+)$/.exec(name);
    const pid = match?.[1] ?? match?.[2];
    if (pid && !processAlive(Number(pid))) await rm(join(outDir, name), { recursive: true, force: true });
  }
  const staging = await mkdtemp(join(outDir, `.staging-${process.pid}-`));
  holdScratch(staging);
  return staging;
}


/** Moves each staged file into the output directory, replacing the old file of the same name. */
export async function publish(stagingDir: string, names: readonly string[], outDir: string): Promise<void> {
  for (const name of names) await rename(join(stagingDir, name), join(outDir, name));
}

/** A second name for the same bytes: a hard link where the file system allows it, else a copy. */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

export function fileSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

export function exists(path: string): boolean {
  return existsSync(path);
}

/** Deletes files (POSIX paths relative to `root`), then the directories that became empty. */
export async function removeFiles(root: string, paths: readonly string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const path of paths) {
    await unlink(join(root, path));
    for (let dir = dirname(path); dir !== '.' && dir !== ''; dir = dirname(dir)) dirs.add(dir);
  }
  // Deepest first, so a parent is tried after its children.
  for (const dir of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length)) {
    if ((await readdir(join(root, dir)).catch(() => ['?'])).length === 0) await rmdir(join(root, dir)).catch(() => undefined);
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  releaseScratch(dir);
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
