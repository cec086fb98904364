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
    if (busy.size === 0) {
      clearInterval(poller);
      poller = undefined;
      return;
    }
    for (const e of busy) e.checkMemory();
  }, MEMORY_POLL_MS);
  poller.unref();
}

/**
 * The poller stops itself at its next tick with nothing to check, not here: one invocation after another
 * would otherwise start and stop a timer each time.
 */
export function unwatchMemory(env: MemoryWatched): void {
  busy.delete(env);
}
