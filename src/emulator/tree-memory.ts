import { processTree, proportionalKb } from '../adapters/memory.js';
import { asError } from '../core/errors.js';
import { oomVictim, shouldMeasureTree } from '../core/runtime/memory-limit.js';

/** How often a runtime that started no process is looked at again for one (a walk of its threads' children). */
const LOOK_AGAIN_MS = 100;

/**
 * The memory of the processes a runtime starts, checked at the memory poller's pace: found through /proc,
 * measured exactly (Pss) as memory-limit.ts says when, one read at a time and off the event loop, and the OOM
 * killer's victim named when they pass the limit together.
 */
export class ProcessTreeMemory {
  private lookedAt = -Infinity;
  private sawTree = false;
  private measuredAt = -Infinity;
  private reading = false;

  /** `onError`: a note or kill that threw (a bug), reported; a read that failed measured nothing. */
  constructor(private readonly limitKb: number, private readonly monotonic: () => number, private readonly onError: (error: Error) => void) {}

  /** The runtime had processes under it when last looked at (the freeze counts them: core/runtime/freeze.ts). */
  get found(): boolean {
    return this.sawTree;
  }

  /** One poll of the tree of `pid`: `note` gets its measured total, `over` the process to kill past the limit. */
  check(pid: number, note: (kb: number) => void, over: (victim: number) => void): void {
    const now = this.monotonic();
    if (this.reading || (!this.sawTree && now - this.lookedAt < LOOK_AGAIN_MS)) return;
    this.lookedAt = now;
    const tree = processTree(pid);
    this.sawTree = tree !== undefined;
    if (!tree) return;
    const residentKb = tree.descendants.reduce((sum, d) => sum + d.rssKb, tree.runtime.rssKb);
    if (!shouldMeasureTree(residentKb, this.limitKb, now - this.measuredAt)) return;
    this.measuredAt = now;
    this.reading = true;
    proportionalKb([tree.runtime.pid, ...tree.descendants.map((d) => d.pid)]).then((totalKb) => {
      this.reading = false;
      note(totalKb);
      if (totalKb <= this.limitKb) return;
      // The read took a while: a subprocess that ended since may have left its pid to another process.
      const victim = oomVictim(tree.runtime, tree.descendants);
      if (victim === tree.runtime.pid || processTree(pid)?.descendants.some((d) => d.pid === victim)) over(victim);
    }, () => {
      this.reading = false;
    }).catch((error: unknown) => {
      this.reading = false;
      this.onError(asError(error));
    });
  }
}
