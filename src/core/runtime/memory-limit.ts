/**
 * Lambda's memory limit is its cgroup's: the runtime and every process it starts count together, and past
 * MemorySize the kernel's OOM killer ends one process of the cgroup. These are the rules pylambda applies to
 * the runtime's process tree, read from /proc by the emulator.
 */

/** One process of the tree: its resident memory (VmRSS), which the OOM killer ranks by. */
export interface ProcessMemory {
  readonly pid: number;
  readonly rssKb: number;
}

/**
 * How often the tree's proportional memory (Pss, which counts a page a fork shares once) is read while its
 * resident total is under the limit: /proc/<pid>/smaps_rollup walks the page tables, ~5 ms for 200 MB.
 */
export const TREE_PSS_INTERVAL_MS = 200;

/**
 * Whether the tree's memory is read exactly now: at once when the resident total passes the limit (it
 * counts a fork's shared pages twice, so only Pss says whether the cgroup would), else every interval.
 */
export function shouldMeasureTree(residentKb: number, limitKb: number, msSinceLast: number): boolean {
  return residentKb > limitKb || msSinceLast >= TREE_PSS_INTERVAL_MS;
}

/**
 * The process the OOM killer ends: the largest by resident memory (oom_badness ranks by RSS, swap and page
 * tables; mm/oom_kill.c). Which of two equals it takes depends on its walk of the cgroup; here the runtime. A
 * descendant killed, the runtime goes on and its subprocess call sees SIGKILL, as on Lambda; the runtime killed
 * ends the environment.
 */
export function oomVictim(runtime: ProcessMemory, descendants: readonly ProcessMemory[]): number {
  let victim = runtime;
  for (const d of descendants) if (d.rssKb > victim.rssKb) victim = d;
  return victim.pid;
}
