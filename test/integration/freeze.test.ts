import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction, LocalFunctionOptions, RuntimeClient } from '../../src/emulator/local-function.js';
import { fixtureFunction, processState, scratchDir, waitUntil } from '../helpers.js';

/**
 * Lambda freezes an execution environment between invocations ("Lambda freezes the execution environment when
 * the runtime and each extension have completed and there are no pending events", lambda-runtime-environment):
 * a thread or a program the function left running makes no progress until the next event.
 */

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

function background(options: { runtimeClient?: RuntimeClient; timeout?: number } & Partial<LocalFunctionOptions> = {}) {
  const { timeout, ...rest } = options;
  const made = fixtureFunction({ handler: 'background.ticker', ...(timeout ? { timeout } : {}) }, rest);
  live.push(made.local);
  return made.local;
}

/** The times (ms) a ticker wrote into `file`. */
const ticks = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const alive = (pid: number) => processState(pid) !== undefined;
/** The environment whose runtime is `pid` is frozen (its runtime stopped), within a second. */
const frozen = (pid: number) => waitUntil(() => processState(pid) === 'T', 5000);
const pidOf = (result: { payload: Buffer }) => (JSON.parse(result.payload.toString()) as { pid: number }).pid;

/**
 * Two invocations 1 s apart, each working 0.3 s while the ticker ticks every 10 ms: what it wrote between the first's
 * end and the second's start, and after that start. (With 50 ms of work, a program the handler started, or a thread,
 * got two ticks or fewer in on a loaded machine.)
 */
async function twoInvocations(local: LocalFunction, handler: string, file: string) {
  const first = await local.invoke({ payload: JSON.stringify({ file, sleep: 0.3 }) });
  expect(first.functionError, first.payload.toString()).toBeUndefined();
  // A tick may land in the moment between the result and the signal (awslambdaric asks for its next event a
  // moment after its result): counted from the freeze, which the runtime's state shows.
  const isFrozen = await frozen(pidOf(first));
  const frozenAt = Date.now();
  await sleep(1000);
  const resumed = Date.now();
  const second = await local.invoke({ payload: JSON.stringify({ file, sleep: 0.3 }) });
  expect(second.cold).toBe(false);
  const all = ticks(file);
  return { first, second, isFrozen, between: all.filter((t) => t > frozenAt && t < resumed), after: all.filter((t) => t >= resumed), handler };
}

describe.skipIf(process.platform !== 'linux')('the freeze between invocations', () => {
  it.each<[string, RuntimeClient, string]>([
    ['a thread the handler started (pylambda runtime)', 'pylambda', 'background.ticker'],
    ['a program the handler started (pylambda runtime)', 'pylambda', 'background.child_ticker'],
    // Counted among the process's threads (/proc/self/task), where Python's own count misses it.
    ['a thread threading does not know of (pylambda runtime)', 'pylambda', 'background.raw_ticker'],
    ['a thread the handler started (awslambdaric)', 'awslambdaric', 'background.ticker'],
    ['a program the handler started (awslambdaric)', 'awslambdaric', 'background.child_ticker'],
  ])('stops %s until the next event, which it then resumes in', async (_what, runtimeClient, handler) => {
    const file = join(scratchDir('freeze'), 'ticks');
    const { local } = fixtureFunction({ handler }, { runtimeClient });
    live.push(local);
    const { second, isFrozen, between, after } = await twoInvocations(local, handler, file);
    expect(isFrozen).toBe(true);
    expect(ticks(file).length).toBeGreaterThan(2);
    expect(between).toEqual([]);
    expect(after.length).toBeGreaterThan(1);
    // REPORT's Duration is the second invocation's 0.3 s of work, not the 1 s it waited frozen.
    expect(second.report.durationMs).toBeLessThan(900);
  });

  it('lets them run with freeze off (--no-freeze)', async () => {
    const file = join(scratchDir('freeze'), 'ticks');
    const { isFrozen, between } = await twoInvocations(background({ freeze: false }), 'background.ticker', file);
    expect(isFrozen).toBe(false);
    expect(between.length).toBeGreaterThan(10);
  });

  it('never signals an environment with nothing in the background, and thaws one with something at every event', async () => {
    const dir = scratchDir('freeze');
    const { local } = fixtureFunction({ handler: 'background.continues' });
    live.push(local);
    const quiet = join(dir, 'quiet');
    for (let i = 0; i < 5; i++) await local.invoke({ payload: JSON.stringify({ file: quiet }) });
    await sleep(50);
    // The runtime counts each SIGCONT it gets (a freeze always ends with one): none.
    expect(existsSync(quiet)).toBe(false);
    const { local: busy } = fixtureFunction({ handler: 'background.continues' });
    live.push(busy);
    const thawed = join(dir, 'thawed');
    for (let i = 0; i < 5; i++) {
      // Each once the one before is frozen: one sent as the last returns is handed over at once (below).
      expect(await frozen(pidOf(await busy.invoke({ payload: JSON.stringify({ file: thawed, thread: true }) })))).toBe(true);
    }
    await sleep(50);
    // Frozen after each of the five, thawed before each of the next four.
    expect(readFileSync(thawed, 'utf8')).toBe('cont\n'.repeat(4));
  });

  it('hands a queued event to its environment at once, without a freeze in between', async () => {
    // Our runtime client asks for its next event with its result: the freeze waits for the pool's turn, in
    // which it hands the environment the next invocation in line.
    const thawed = join(scratchDir('freeze'), 'thawed');
    const { local } = fixtureFunction({ handler: 'background.continues' }, { maxConcurrency: 1 });
    live.push(local);
    const pid = pidOf(await local.invoke({ payload: JSON.stringify({ file: thawed, thread: true }) }));
    expect(await frozen(pid)).toBe(true);
    const queued = await Promise.all(Array.from({ length: 10 }, () => local.invoke({ payload: JSON.stringify({ file: thawed }) })));
    expect(new Set(queued.map(pidOf))).toEqual(new Set([pid]));
    expect(await frozen(pid)).toBe(true);
    await sleep(50);
    // Thawed for the first of the ten; each of the others was waiting when the one before it returned.
    expect(readFileSync(thawed, 'utf8')).toBe('cont\n');
  });

  it.each<RuntimeClient>(['pylambda', 'awslambdaric'])('gives what a thread writes once thawed the id of the request that thawed it (%s)', async (runtimeClient) => {
    // docs/dev.md: a thread's line written while frozen waits for the next request, and carries its id.
    const { local, logs } = fixtureFunction({ handler: 'background.logs_later' }, { runtimeClient });
    live.push(local);
    const first = await local.invoke({ payload: JSON.stringify({ after: 0.1 }) });
    expect(await frozen(pidOf(first))).toBe(true);
    await sleep(300);
    const second = await local.invoke({ payload: JSON.stringify({ sleep: 0.2 }) });
    const lines = logs.filter((l) => l.kind === 'function' && l.text.includes('from a thread'));
    expect(lines.map((l) => l.requestId)).toEqual([second.requestId]);
  });

  it('times out a thawed invocation as any other, and ends the environment', async () => {
    const file = join(scratchDir('freeze'), 'ticks');
    const local = background({ timeout: 1 });
    const pid = (JSON.parse((await local.invoke({ payload: JSON.stringify({ file }) })).payload.toString()) as { pid: number }).pid;
    await sleep(300);
    const timedOut = await local.invoke({ payload: JSON.stringify({ file, sleep: 5 }) });
    expect(timedOut.errorType).toBe('Sandbox.Timedout');
    expect(timedOut.report.durationMs).toBeGreaterThanOrEqual(1000);
    expect(timedOut.report.durationMs).toBeLessThan(1300);
    // Its end is a kill's teardown, which lags on a loaded machine (a fixed 100 ms was not always enough).
    expect(await waitUntil(() => !alive(pid), 5000)).toBe(true);
  });

  it('freezes an environment started ahead of its requests once its init is over, until its first event', async () => {
    const file = join(scratchDir('freeze'), 'ticks');
    const { local } = fixtureFunction({ handler: 'background.continues' }, { envOverrides: { TICK_AT_IMPORT: file } });
    live.push(local);
    // What dev does after a code change: an environment started ahead, with no event waiting for it.
    local.recycle(1);
    const deadline = Date.now() + 5000;
    while (ticks(file).length === 0 && Date.now() < deadline) await sleep(20);
    // The init ticked for its 50 ms, and is over: frozen, as its runtime's state shows (a fixed 150 ms could end
    // before the freeze on a loaded machine, and a tick come after it).
    const [pid] = local.pids();
    expect(await frozen(pid!)).toBe(true);
    expect(ticks(file).length).toBeGreaterThan(1);
    const frozenAt = Date.now();
    await sleep(300);
    expect(ticks(file).filter((t) => t > frozenAt)).toEqual([]);
    const resumed = Date.now();
    const first = await local.invoke({ payload: JSON.stringify({ file: join(scratchDir('freeze'), 'cont'), sleep: 0.05 }) });
    // Its init is the cold start the REPORT shows, though it ended before the event came.
    expect(first.cold).toBe(true);
    expect(ticks(file).filter((t) => t >= resumed).length).toBeGreaterThan(0);
  });

  it.each<[string, (local: LocalFunction) => Promise<void> | void]>([
    ['an idle timeout', () => sleep(500)],
    ['a code change (hot reload)', (local) => local.recycle(0)],
    ['a shutdown', (local) => local.shutdown()],
  ])('ends a frozen environment and what it started at %s', async (_what, end) => {
    const file = join(scratchDir('freeze'), 'ticks');
    const { local } = fixtureFunction({ handler: 'background.child_ticker' }, { idleTimeoutMs: 200 });
    live.push(local);
    const { pid, child } = JSON.parse((await local.invoke({ payload: JSON.stringify({ file }) })).payload.toString()) as { pid: number; child: number };
    // What ends it ends a frozen environment: stopped, it cannot end itself.
    // SIGSTOP goes to the whole group, but each process stops as the kernel gets to it: the child is polled too.
    expect([await frozen(pid), await frozen(child)]).toEqual([true, true]);
    await end(local);
    // 10 s: a kill's teardown lags on a loaded machine; what is left behind stays for good.
    const deadline = Date.now() + 10_000;
    while ((alive(pid) || alive(child)) && Date.now() < deadline) await sleep(20);
    expect([alive(pid), alive(child)]).toEqual([false, false]);
  });
});
