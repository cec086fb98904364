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
