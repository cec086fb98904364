import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/runtime/logs.js';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

// `pylambda dev` starts an environment as soon as the code changes (recycle with a prewarm), before any
// request. When that init fails, Lambda's model is that the environment's init phase has run and failed:
// the next invocation reports it (INIT_REPORT, Phase: init) and retries it (Phase: invoke). Without
// this, the save printed the error, and the next request started two more inits that printed it twice.

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

const errors = (logs: LogEvent[]) => logs.filter((l) => l.kind === 'function' && l.text.startsWith('[ERROR]'));
const shape = (logs: LogEvent[]) =>
  logs.filter((l) => l.kind === 'platform' || l.text.startsWith('[ERROR]')).map((l) => (l.kind === 'function' ? '[ERROR]' : l.text.split(' ')[0]));

/** Polls `condition`; each wait is for a Python process to start, which a loaded machine takes seconds to do. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function project(source: string, options: { initTimeoutMs?: number; reservedConcurrency?: number } = {}) {
  const dir = scratchDir('prewarm-init');
  writeFileSync(join(dir, 'app.py'), source);
  const { initTimeoutMs, reservedConcurrency } = options;
  const made = fixtureFunction({ handler: 'app.handler', ...(reservedConcurrency ? { reservedConcurrency } : {}) }, { taskRoot: dir, ...(initTimeoutMs ? { initTimeoutMs } : {}) });
  live.push(made.local);
  return { dir, ...made };
}

const BROKEN = 'raise ValueError("boom")\n';
const FIXED = 'def handler(event, context):\n    return "ok"\n';

describe('an environment started ahead of its requests whose init fails', () => {
  it('is reported by the next invocation, which retries it: the error twice in all, as on Lambda', async () => {
    const { local, logs } = project(BROKEN);
    local.recycle(1);
    await until(() => errors(logs).length === 1 && local.pids().length === 0);
    expect(shape(logs)).toEqual(['[ERROR]']);

    const result = await local.invoke({ payload: '{}' });
    expect([result.errorType, result.cold]).toEqual(['ValueError', true]);
    expect(shape(logs)).toEqual(['[ERROR]', 'INIT_REPORT', '[ERROR]', 'INIT_REPORT', 'START', 'END', 'REPORT']);
    const reports = logs.filter((l) => l.kind === 'platform' && l.text.startsWith('INIT_REPORT')).map((l) => l.text);
    expect(reports[0]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: ValueError$/);
    expect(reports[1]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: ValueError$/);
    expect(JSON.parse(result.payload.toString())).toMatchObject({ errorType: 'ValueError', errorMessage: 'boom' });

    // The failure was the first invocation's alone: the next one starts an environment of its own.
    logs.length = 0;
    await local.invoke({ payload: '{}' });
    expect(shape(logs)).toEqual(['[ERROR]', 'INIT_REPORT', '[ERROR]', 'INIT_REPORT', 'START', 'END', 'REPORT']);
  });

  it('is forgotten when the code changes again: the next invocation runs the new code', async () => {
    const { dir, local, logs } = project(BROKEN);
    local.recycle(1);
    await until(() => errors(logs).length === 1 && local.pids().length === 0);
    writeFileSync(join(dir, 'app.py'), FIXED);
    local.recycle(0);
    logs.length = 0;
    const result = await local.invoke({ payload: '{}' });
    expect([result.payload.toString(), result.functionError]).toEqual(['"ok"', undefined]);
    expect(shape(logs)).toEqual(['START', 'END', 'REPORT']);
  });

  it('met by a request while it runs: that request reports it, with no stored failure left behind', async () => {
    const { local, logs } = project(`import time\ntime.sleep(0.3)\n${BROKEN}`);
    local.recycle(1);
    await until(() => local.pids().length === 1);
    const first = await local.invoke({ payload: '{}' });
    expect(first.errorType).toBe('ValueError');
    expect(shape(logs)).toEqual(['[ERROR]', 'INIT_REPORT', '[ERROR]', 'INIT_REPORT', 'START', 'END', 'REPORT']);
    logs.length = 0;
    await local.invoke({ payload: '{}' });
    expect(shape(logs)).toEqual(['[ERROR]', 'INIT_REPORT', '[ERROR]', 'INIT_REPORT', 'START', 'END', 'REPORT']);
  });

  // sys.exit after /init/error waits for the threads the module started: the runtime does not end by
  // itself, and an environment left running held the function's only slot from the retry.
  it('is stopped even when its runtime would not exit (a thread the module started)', async () => {
    const { local, logs } = project(`import threading\nimport time\n\nthreading.Thread(target=time.sleep, args=(30,)).start()\n${BROKEN}`, { reservedConcurrency: 1 });
    local.recycle(1);
    await until(() => errors(logs).length === 1 && local.pids().length === 0);
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBe('ValueError');
    expect(shape(logs)).toEqual(['[ERROR]', 'INIT_REPORT', '[ERROR]', 'INIT_REPORT', 'START', 'END', 'REPORT']);
  });

  // The first init sleeps past its limit, the retry not at all: the limit (3 s) leaves a loaded machine's interpreter
  // time to start and print before it (200 ms did not, once).
  it('an init past its time limit is the next invocation\'s too: Status: timeout at once, then the retry', async () => {
    const source = [
      'import os', 'import time', '', 'print("init begins")', 'FIRST = os.path.join(os.path.dirname(__file__), "first-init")',
      'if not os.path.exists(FIRST):', '    open(FIRST, "w").close()', '    time.sleep(60)', '', '',
      'def handler(event, context):', '    return "ok"', '',
    ].join('\n');
    const { local, logs } = project(source, { initTimeoutMs: 3000 });
    const inits = () => logs.filter((l) => l.kind === 'function' && l.text.trim() === 'init begins').length;
    local.recycle(1);
    await until(() => inits() === 1);
    await until(() => local.pids().length === 0);
    const result = await local.invoke({ payload: '{}' });
    expect([result.payload.toString(), result.cold]).toEqual(['"ok"', true]);
    // The prewarm's init and the retry: no third init in between.
    expect(inits()).toBe(2);
    const platform = logs.filter((l) => l.kind === 'platform').map((l) => l.text.split('\t').slice(0, 3).join(' | '));
    expect(platform[0]).toBe('INIT_REPORT Init Duration: 3000.00 ms | Phase: init | Status: timeout');
    expect(platform.slice(1).map((t) => t.split(' ')[0])).toEqual(['START', 'END', 'REPORT']);
  });
});
