/** Directories made once for each version of what fills them (a zip unzipped, inline code written). */
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { holdScratch, releaseScratch } from './fs.js';
import { removeDir } from './package-files.js';

/**
 * `cacheDir/<prefix><version>`, filled by `fill` the first time, and the other versions of `prefix` removed.
 * The directory is filled under another name and then renamed, so one of this name is always complete; another
 * process (an invoke while dev runs) may have finished first, and its copy is the same.
 */
export async function versionedDirectory(cacheDir: string, prefix: string, version: string, fill: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(cacheDir, `${prefix}${version}`);
  if (await isDirectory(dir)) return dir;
  await mkdir(cacheDir, { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  holdScratch(partial);
  try {
    await removeDir(partial);
    await fill(partial);
    await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await isDirectory(dir))) throw error;
    });
  } finally {
    await removeDir(partial);
    releaseScratch(partial);
  }
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith(prefix) && join(cacheDir, name) !== dir && !name.includes('.partial-')) await removeDir(join(cacheDir, name));
  }
  return dir;
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
