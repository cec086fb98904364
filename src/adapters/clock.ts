import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Monotonic milliseconds, for durations. */
  monotonic(): number;
  /** Wall-clock epoch milliseconds, for deadlines and timestamps. */
  now(): number;
}

export const systemClock: Clock = {
  monotonic: () => performance.now(),
  now: () => Date.now(),
};

/** Waits and the time they are measured in, for what Lambda schedules minutes ahead (an asynchronous retry). */
export interface Timer {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves true after `ms`, or false as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<boolean>;
}

/** A timer whose time runs `factor` times faster than the wall clock: a minute of Lambda's in 60 ms at 1000 (tests). */
export function scaledTimer(factor: number): Timer {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * factor,
    sleep: (ms, signal) => new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const done = (waited: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        resolve(waited);
      };
      const aborted = () => done(false);
      const timer = setTimeout(() => done(true), ms / factor);
      signal.addEventListener('abort', aborted, { once: true });
    }),
  };
}

export const systemTimer: Timer = scaledTimer(1);

/** Resolves after `ms`, or at once when the signal aborts. */
export async function sleep(ms: number, signal: AbortSignal = new AbortController().signal): Promise<void> {
  await systemTimer.sleep(ms, signal);
}
