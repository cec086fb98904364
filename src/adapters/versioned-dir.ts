/** Directories made once for each version of what fills them (a zip unzipped, inline code written, layers merged). */
import { mkdir, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { leaseName, namesToPrune, type CachePruneInput } from '../core/state/cache-pruning.js';
import { holdScratch, releaseScratch } from './fs.js';
import { removeDir } from './package-files.js';
import { processAlive } from './process.js';

/**
 * `cacheDir/<prefix><version>`, filled by `fill` the first time, and leased to this process (core/state/cache-pruning.ts):
 * the other versions of `prefix` go unless another live process runs from them, and so does any entry of `cacheDir`
 * unused for a day. The directory is filled under another name and then renamed, so one of this name is always
 * complete; another process (an invoke while dev runs) may have finished first, and its copy is the same.
 */
export async function versionedDirectory(cacheDir: string, prefix: string, version: string, fill: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(cacheDir, `${prefix}${version}`);
  await mkdir(cacheDir, { recursive: true });
  // The lease comes first: another process's pruning then sees the entry held before this one looks for it.
  await lease(dir);
  if (!(await isDirectory(dir))) {
    await fillOnce(dir, fill).catch(async (error: unknown) => {
      await releaseOwn(cacheDir, (name) => name === basename(dir));
      throw error;
    });
  }
  await releaseOwn(cacheDir, (name) => name.startsWith(prefix) && name !== basename(dir));
  await pruneCache(cacheDir, { keep: new Set([basename(dir)]), superseded: (name) => name.startsWith(prefix) });
  return dir;
}

async function fillOnce(dir: string, fill: (dir: string) => Promise<void>): Promise<void> {
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
}

/** This process runs from `dir`: its lease, removed when the process exits, and the entry's last use is now. */
async function lease(dir: string): Promise<void> {
  const file = join(dirname(dir), leaseName(basename(dir), process.pid));
  holdScratch(file);
  await writeFile(file, '');
  const now = new Date();
  await utimes(dir, now, now).catch(() => undefined);
}

/**
 * The entries this process's own functions run from, with how many use each. A lease is the process's, but within it
 * a reload replaces a function while its invocations in flight go on from the old code: the old version of a zip or
 * a layer view must outlive the new one's making until that function has stopped (useDirectories).
 */
const runningFrom = new Map<string, number>();

/** `dirs` are run from until the returned function is called: this process neither gives up their leases nor removes them meanwhile. */
export function useDirectories(dirs: readonly string[]): () => void {
  const held = [...new Set(dirs.map((dir) => resolve(dir)))];
  for (const dir of held) runningFrom.set(dir, (runningFrom.get(dir) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const dir of held) {
      const left = (runningFrom.get(dir) ?? 1) - 1;
      if (left > 0) runningFrom.set(dir, left);
      else runningFrom.delete(dir);
    }
  };
}

function runHere(cacheDir: string, entry: string): boolean {
  return runningFrom.has(resolve(cacheDir, entry));
}

/** Gives up this process's leases on the entries of `cacheDir` that `released` names, but for those its functions run from. */
export async function releaseOwn(cacheDir: string, released: (entry: string) => boolean): Promise<void> {
  const suffix = `.lease-${process.pid}`;
  for (const name of await readdir(cacheDir).catch(() => [])) {
    if (!name.endsWith(suffix) || !released(name.slice(0, -suffix.length)) || runHere(cacheDir, name.slice(0, -suffix.length))) continue;
    await removeDir(join(cacheDir, name));
  }
}

/** Removes what core/state/cache-pruning.ts says may go from `cacheDir`, judged by live processes' leases. */
export async function pruneCache(cacheDir: string, options: Pick<CachePruneInput, 'keep' | 'superseded' | 'maxIdleMs'>): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const now = Date.now();
  const mtimes = new Map<string, number>();
  for (const name of names) {
    const info = await stat(join(cacheDir, name)).catch(() => undefined);
    if (info) mtimes.set(name, info.mtimeMs);
  }
  const remove = namesToPrune({ names, alive: processAlive, ...options, idleMs: (name) => (mtimes.has(name) ? now - mtimes.get(name)! : undefined) });
  for (const name of remove) await removeDir(join(cacheDir, name));
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
