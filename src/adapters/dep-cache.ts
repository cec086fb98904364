/**
 * The dependency cache on disk: one directory per cache key, holding the finished dependency tree
 * (`tree/`) and what is known about it (`entry.json`). An entry is built in a `.partial-<pid>-...`
 * directory and renamed into place when complete, so a crashed or interrupted build never leaves a
 * half entry under a real key; partial directories of processes that are gone are removed later.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_CACHE_MAX_AGE_MS } from '../core/state/cache-pruning.js';
import { holdScratch, releaseScratch } from './fs.js';
import { pruneCache } from './versioned-dir.js';

export interface CacheSlot {
  /** The directory the installer writes into. */
  readonly tree: string;
  readonly dir: string;
}

const ENTRY_FILE = 'entry.json';

export function entryDir(cacheRoot: string, key: string): string {
  return join(cacheRoot, 'deps', key);
}

/** The entry's metadata and tree, or undefined when there is no complete entry for the key. Found, it is used now (pruneUnusedEntries). */
export async function readEntry(cacheRoot: string, key: string): Promise<{ meta: unknown; tree: string } | undefined> {
  const dir = entryDir(cacheRoot, key);
  try {
    const meta = JSON.parse(await readFile(join(dir, ENTRY_FILE), 'utf8')) as unknown;
    const tree = join(dir, 'tree');
    if (!existsSync(tree)) return undefined;
    await markUsed([dir]);
    return { meta, tree };
  } catch {
    return undefined;
  }
}

/** A fresh, empty directory to build an entry in. */
export async function startEntry(cacheRoot: string, key: string): Promise<CacheSlot> {
  await mkdir(join(cacheRoot, 'deps'), { recursive: true });
  const dir = await mkdtemp(join(cacheRoot, 'deps', `${key}.partial-${process.pid}-`));
  holdScratch(dir);
  const tree = join(dir, 'tree');
  await mkdir(tree);
  return { dir, tree };
}

/**
 * Makes a built slot the entry for `key`, replacing an older one. When another build won the race,
 * its entry (built from the same inputs) is kept and this one discarded. Returns the entry's tree.
 */
export async function commitEntry(slot: CacheSlot, cacheRoot: string, key: string, meta: unknown): Promise<string> {
  await writeFile(join(slot.dir, ENTRY_FILE), `${JSON.stringify(meta)}\n`);
  const final = entryDir(cacheRoot, key);
  if (existsSync(final)) {
    const old = `${final}.old-${process.pid}`;
    await rename(final, old).catch(() => undefined);
    // Not waited for, and its failure (a file of it in use, a directory not ours to empty) is no failure of this
    // build: the old entry is only left behind, as a rename that failed leaves it. Unhandled, it ended pylambda.
    rm(old, { recursive: true, force: true }).catch(() => undefined);
  }
  try {
    await rename(slot.dir, final);
  } catch {
    await rm(slot.dir, { recursive: true, force: true });
  }
  releaseScratch(slot.dir);
  return join(final, 'tree');
}

export async function discard(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  releaseScratch(dir);
}

/** Removes `.partial-<pid>-` and `.old-<pid>` directories whose process no longer runs. */
export async function removeAbandoned(cacheRoot: string): Promise<void> {
  await pruneCache(join(cacheRoot, 'deps'), { keep: new Set(), superseded: () => false, maxIdleMs: Number.POSITIVE_INFINITY });
}

/**
 * Removes the dependency trees and compiled modules no package used for a month (core/state/cache-pruning.ts): every
 * new set of requirements and every edit of a module added one, which was kept for good.
 */
export async function pruneUnusedEntries(cacheRoot: string): Promise<void> {
  for (const cache of ['deps', 'bytecode']) await pruneCache(join(cacheRoot, cache), { keep: new Set(), superseded: () => false, maxIdleMs: PACKAGE_CACHE_MAX_AGE_MS });
}

/** Marks cache entries used now (their modification time, which pruneUnusedEntries reads); one gone meanwhile is no error. */
export async function markUsed(paths: readonly string[]): Promise<void> {
  const now = new Date();
  await Promise.all(paths.map((path) => utimes(path, now, now).catch(() => undefined)));
}
