/**
 * What may go from one of pylambda's caches of directories in the state directory (zips unzipped, inline code
 * written, layers' merged views): several pylambda processes share them (two `dev`s of one project, a `dev` and an
 * `invoke`), and a directory one of them removes may be on the sys.path of another's live Python. So each process
 * that runs from an entry holds a lease on it, an empty file `<entry>.lease-<pid>`, and an entry goes only when no
 * live process holds it: because a newer version replaced it, or because it has not been used for a long time
 * (an entry for a zip or a function that left the project was otherwise kept for good).
 */

/** How long an entry no live process holds is kept after its last use, when nothing replaced it. */
export const UNUSED_ENTRY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The same for `pylambda package`'s cache (dependency trees, compiled modules): slower to make again (an install
 * from PyPI), so kept for a month. Every new set of requirements and every edit of a module added an entry for good.
 */
export const PACKAGE_CACHE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

const LEASE = /^(.+)\.lease-(\d+)$/;
/** `.partial-<pid>` (being filled; dep-cache's has a random tail) or `.old-<pid>` (dep-cache's replaced entry, being removed). */
const PARTIAL = /^(.+)\.(?:partial|old)-(\d+)(?:-.*)?$/;

export function leaseName(entry: string, pid: number): string {
  return `${entry}.lease-${pid}`;
}

export type CacheName =
  | { readonly kind: 'entry'; readonly name: string }
  | { readonly kind: 'lease' | 'partial'; readonly name: string; readonly entry: string; readonly pid: number };

/** A name in a cache directory: an entry, a lease on one, or a process's copy of one being filled or removed. */
export function parseCacheName(name: string): CacheName {
  const lease = LEASE.exec(name);
  if (lease) return { kind: 'lease', name, entry: lease[1]!, pid: Number(lease[2]) };
  const partial = PARTIAL.exec(name);
  if (partial) return { kind: 'partial', name, entry: partial[1]!, pid: Number(partial[2]) };
  return { kind: 'entry', name };
}

export interface CachePruneInput {
  /** Every name in the cache directory. */
  readonly names: readonly string[];
  /** Whether a process is alive (a lease or partial of a dead one is left over: a crash, a kill -9). */
  readonly alive: (pid: number) => boolean;
  /** The entries the caller runs from now: never removed, whatever their leases say. */
  readonly keep: ReadonlySet<string>;
  /** Entries a newer version replaced (or the caller no longer wants): removed as soon as no live process holds them. */
  readonly superseded: (entry: string) => boolean;
  /** Milliseconds since the entry was last used (its modification time); undefined when unknown. */
  readonly idleMs: (entry: string) => number | undefined;
  readonly maxIdleMs?: number;
}

/**
 * The names to remove: entries no live process holds that were superseded or unused for longer than `maxIdleMs`,
 * and the leases and partial directories of processes that are gone. A live process's lease or partial directory
 * is never touched, nor an entry someone is filling right now.
 */
export function namesToPrune(input: CachePruneInput): string[] {
  const maxIdle = input.maxIdleMs ?? UNUSED_ENTRY_MAX_AGE_MS;
  const held = new Set<string>();
  const remove: string[] = [];
  const entries: string[] = [];
  for (const name of input.names) {
    const parsed = parseCacheName(name);
    if (parsed.kind === 'entry') entries.push(name);
    else if (input.alive(parsed.pid)) held.add(parsed.entry);
    else remove.push(name);
  }
  for (const entry of entries) {
    if (input.keep.has(entry) || held.has(entry)) continue;
    const idle = input.idleMs(entry);
    if (input.superseded(entry) || (idle !== undefined && idle > maxIdle)) remove.push(entry);
  }
  return remove;
}
