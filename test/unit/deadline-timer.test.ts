import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer } from '../../src/emulator/deadline-timer.js';

describe('an environment deadline timer', () => {
  afterEach(() => vi.useRealTimers());

  // The clock it measures Duration with may be a fraction of a millisecond behind when the timer fires: a timed-out
  // invocation reported 3999 ms of a 4 s timeout, where Lambda's REPORT says the whole timeout.
  it('does not call the deadline reached while the clock is short of it, even by a fraction of a millisecond', () => {
    vi.useFakeTimers();
    let now = 0;
    const fired: number[] = [];
    const timer = new DeadlineTimer(() => now, () => true, () => fired.push(now));
    timer.start(1000);
    now = 999.4;
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([]);
    now = 1000.1;
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([1000.1]);
    timer.stop();
  });

  it('calls nothing for an invocation that already ended', () => {
    vi.useFakeTimers();
    let now = 0;
    const fired: number[] = [];
    const timer = new DeadlineTimer(() => now, () => false, () => fired.push(now));
    timer.start(50);
    now = 60;
    vi.advanceTimersByTime(60);
    expect(fired).toEqual([]);
    timer.stop();
  });
});
