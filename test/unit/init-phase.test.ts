import { describe, expect, it } from 'vitest';
import { InitPhase } from '../../src/emulator/init-phase.js';

/** An init spawned at 100 ms that ended at 350 ms (250 ms), on a clock the test sets. */
function phase(suppressed: boolean, ended = true): { init: InitPhase; clock: { t: number } } {
  const clock = { t: 100 };
  const init = new InitPhase(() => clock.t, suppressed);
  init.start();
  clock.t = 350;
  if (ended) init.end(true);
  return { init, clock };
}

describe('the init phase of an environment', () => {
  it.each<[string, boolean, boolean, number | undefined, Array<{ durationMs: number; initDurationMs?: number }>]>([
    ['the first record carries the Init Duration, the next ones none', false, true, 400, [{ durationMs: 100, initDurationMs: 250 }, { durationMs: 100 }]],
    ['an invocation never delivered has no Duration, but still reports the init', false, true, undefined, [{ durationMs: 0, initDurationMs: 250 }, { durationMs: 0 }]],
    ['an init that has not ended has no Init Duration to report', false, false, 400, [{ durationMs: 100 }, { durationMs: 100 }]],
    ['a suppressed init is part of the first Duration, from the spawn, not an Init Duration', true, true, 100, [{ durationMs: 400 }, { durationMs: 400 }]],
    ['a suppressed init that fails before delivery counts from the spawn, once', true, false, undefined, [{ durationMs: 400 }, { durationMs: 0 }]],
  ])('%s', (_name, suppressed, ended, startedAt, records) => {
    const { init, clock } = phase(suppressed, ended);
    clock.t = 500;
    expect([init.invocationTimes(500, startedAt), init.invocationTimes(500, startedAt)]).toEqual(records);
  });

  it('starts a suppressed init\'s first invocation at the spawn, any other at its delivery', () => {
    expect(phase(true).init.invocationStart(400)).toBe(100);
    expect(phase(false).init.invocationStart(400)).toBe(400);
    const { init } = phase(true);
    init.reportedAlone();
    expect(init.invocationStart(400)).toBe(400);
  });

  it('says when it ended, and whether it ran to its end', () => {
    const { init } = phase(false, false);
    expect([init.endedAt, init.completed]).toEqual([undefined, false]);
    init.end();
    expect([init.endedAt, init.durationMs, init.completed]).toEqual([350, 250, false]);
    init.end(true);
    expect(init.completed).toBe(true);
  });
});
