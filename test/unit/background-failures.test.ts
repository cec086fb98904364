import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PollerLoops } from '../../src/api/dev-poller-loops.js';
import type { DevEvent } from '../../src/api/dev-types.js';
import type { ExecutionEnvironment } from '../../src/emulator/environment.js';
import { FunctionPool } from '../../src/emulator/pool.js';

/**
 * Work nobody awaits (an environment stopped in the background, the loop of a trigger a reload removed) that
 * rejects: Node 20 ended the process on each of these unhandled rejections. Each now reaches its caller's onError.
 */
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Lets the rejections settle and Node say which were unhandled. */
const settle = () => new Promise((r) => setTimeout(r, 20));

/** An environment whose every invocation succeeds and whose stop fails (a bug in its cleanup). */
function failingStopEnvironment(id: number): ExecutionEnvironment {
  return {
    id, pid: 1000 + id, alive: true, busy: false, initEndedAt: 0,
    invoke: () => Promise.resolve({ outcome: { kind: 'response', payload: Buffer.from('{}') }, durationMs: 1, maxMemoryUsedMb: 1, reusable: true }),
    stop: () => Promise.reject(new Error(`environment ${id}: cleanup broke`)),
    onStopped: () => undefined,
    onInitFailure: () => undefined,
  } as unknown as ExecutionEnvironment;
}

const invocation = { requestId: 'r1', payload: Buffer.from('{}'), contentType: 'application/json' };

describe('a stop nobody waits for that fails', () => {
  it('reaches the pool\'s onError when a recycle stops an idle environment, not an unhandled rejection', async () => {
    const errors: Error[] = [];
    const pool = new FunctionPool({ maxConcurrency: 1, idleTimeoutMs: 60_000, createEnvironment: (id) => Promise.resolve(failingStopEnvironment(id)), onError: (e) => errors.push(e) });
    await pool.run(invocation);
    pool.recycle(0);
    await settle();
    expect(errors.map((e) => e.message)).toEqual(['environment 1: cleanup broke']);
    expect(unhandled).toEqual([]);
  });

  it('reaches onError when an invocation leaves its environment not reusable', async () => {
    const errors: Error[] = [];
    const env = failingStopEnvironment(1);
    (env as { invoke: unknown }).invoke = () => Promise.resolve({ outcome: { kind: 'response', payload: Buffer.from('{}') }, durationMs: 1, maxMemoryUsedMb: 1, reusable: false });
    const pool = new FunctionPool({ maxConcurrency: 1, idleTimeoutMs: 60_000, createEnvironment: () => Promise.resolve(env), onError: (e) => errors.push(e) });
    await pool.run(invocation);
    await settle();
    expect(errors.map((e) => e.message)).toEqual(['environment 1: cleanup broke']);
    expect(unhandled).toEqual([]);
  });
});

describe("a trigger's poller loop that rejects", () => {
  it('is an error event once a reload removed its mapping and nobody waits for it', async () => {
    const events: DevEvent[] = [];
    let fail: (e: Error) => void = () => undefined;
    const loops = new PollerLoops<string>((_mapping, _signal, started) => {
      started();
      return new Promise<void>((_resolve, reject) => (fail = reject));
    }, (e) => events.push(e));
    await loops.set(['queue-a']);
    await loops.set([]);
    fail(new Error('poller bug'));
    await settle();
    expect(events).toEqual([{ type: 'error', error: new Error('poller bug') }]);
    expect(unhandled).toEqual([]);
    await loops.stop();
  });
});
