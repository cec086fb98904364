/**
 * An environment's deadline timer, kept from one invocation to the next: a timer per invocation cost a share
 * of a warm invocation. A timer still set for an earlier invocation's deadline fires first (the timeout is
 * the same, the start earlier) and sets itself again for what is left. While an invocation runs the timer
 * keeps Node alive; between invocations it does not.
 */
export class DeadlineTimer {
  private deadlineAt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Without a deadline to enforce, what keeps Node running while an invocation does (`pylambda invoke` awaits nothing else). */
  private hold: NodeJS.Timeout | undefined;

  /**
   * `running`: an invocation is under way, whose deadline `onDeadline` enforces. `enforce` false: a debugger may hold the
   * invocation at a breakpoint (--debug-port), and no deadline ends it.
   */
  constructor(private readonly now: () => number, private readonly running: () => boolean, private readonly onDeadline: () => void, private readonly enforce = true) {}

  /** An invocation starts, `ms` before its deadline. */
  start(ms: number): void {
    if (!this.enforce) {
      (this.hold ??= setInterval(() => undefined, 1 << 30)).ref();
      return;
    }
    this.deadlineAt = this.now() + ms;
    if (this.timer) this.timer.ref();
    else this.arm(ms);
  }

  /** The invocation ended: the timer may stay, but keeps nothing alive. */
  release(): void {
    this.timer?.unref();
    this.hold?.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearInterval(this.hold);
    this.hold = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running()) return;
      // A timer may fire a fraction of a millisecond early by this clock: the deadline is not reached until it is,
      // as a timed-out invocation's Duration is its whole timeout on Lambda (REPORT ... Duration: 3000.00 ms).
      const left = this.deadlineAt - this.now();
      if (left > 0) this.arm(Math.ceil(left));
      else this.onDeadline();
    }, ms);
  }
}
