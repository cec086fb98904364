/** While an invocation runs its environment's memory is checked this often (the kernel keeps the peak). */
const MEMORY_POLL_MS = 20;

/** What the poller checks: an environment with an invocation running. */
export interface MemoryWatched {
  checkMemory(): void;
}

/** One poller for every environment that is running an invocation. */
const busy = new Set<MemoryWatched>();
let poller: NodeJS.Timeout | undefined;

export function watchMemory(env: MemoryWatched): void {
  busy.add(env);
  if (poller) return;
  poller = setInterval(() => {
    for (const e of busy) e.checkMemory();
  }, MEMORY_POLL_MS);
  poller.unref();
}

export function unwatchMemory(env: MemoryWatched): void {
  busy.delete(env);
  if (busy.size === 0 && poller) {
    clearInterval(poller);
    poller = undefined;
  }
}
