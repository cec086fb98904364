import type { InvocationRecord } from './invocation.js';

/**
 * An environment's init phase, timed: from the runtime's spawn to its first request for an event (or its init
 * error, or its end), and which invocation reports it. The first record after the init carries its Init
 * Duration, as Lambda's first REPORT does; a suppressed init (Lambda's retry of one past its limit, run in the
 * first invocation: see EnvironmentOptions.suppressedInit) is part of the invocation's Duration instead.
 */
export class InitPhase {
  private spawnedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private reported = false;
  /** How long the init took once it ended: to its limit, when it ran past it. */
  durationMs: number | undefined;
  /** Whether it ran to its end, the runtime asking for its first event. */
  completed = false;

  constructor(private readonly now: () => number, private readonly suppressed: boolean) {}

  start(): void {
    this.spawnedAt = this.now();
  }

  /** Calls onTimeout once the init has run for limitMs; returns what stops the timer. */
  limit(limitMs: number, onTimeout: () => void): () => void {
    const timer = setTimeout(onTimeout, limitMs);
    timer.unref();
    this.timer = timer;
    return () => clearTimeout(timer);
  }

  /** The init ended now: failed or cut short, or completed with the runtime's first request for an event. */
  end(completed = false): void {
    this.durationMs = this.now() - this.spawnedAt;
    if (!completed) return;
    this.completed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** When it ended, on the clock's monotonic time; undefined while it runs. */
  get endedAt(): number | undefined {
    return this.durationMs === undefined ? undefined : this.spawnedAt + this.durationMs;
  }

  /** When the Duration of an invocation delivered at `now` starts. */
  invocationStart(now: number): number {
    return this.suppressed && !this.reported ? this.spawnedAt : now;
  }

  /** Reported by an init failure of its own, which no invocation was there to carry. */
  reportedAlone(): void {
    this.reported = true;
  }

  /** An invocation's Duration (startedAt undefined: never delivered) and the Init Duration it reports, once. */
  invocationTimes(now: number, startedAt: number | undefined): Pick<InvocationRecord, 'durationMs' | 'initDurationMs'> {
    const first = !this.reported;
    this.reported = true;
    const durationMs = startedAt !== undefined ? now - startedAt : this.suppressed && first ? now - this.spawnedAt : 0;
    return first && !this.suppressed && this.durationMs !== undefined ? { durationMs, initDurationMs: this.durationMs } : { durationMs };
  }
}
