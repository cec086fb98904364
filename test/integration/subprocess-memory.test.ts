import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

// Lambda's memory limit is its cgroup's: the runtime and every process it starts count together, and the
// kernel's OOM killer ends the cgroup's largest process when they pass it. A handler that shells out to a
// large tool (ffmpeg, a headless browser) fails on Lambda though the Python process itself stays small.

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

/**
 * A handler that holds `ownMb` itself and runs a child that holds `childMb` for `holdSeconds`; it returns the child's exit
 * code. A child meant to be killed holds its memory past the function's timeout, so that one a loaded machine's poller
 * looks at late is still there to kill (one that ended on its own first would pass unseen), and one never killed fails as
 * the function's timeout.
 */
function project(ownMb: number, childMb: number, holdSeconds: number) {
  const dir = scratchDir('subprocess-memory');
  const touch = (mb: number) => `b"x" * (${mb} * 1024 * 1024)`;
  writeFileSync(join(dir, 'app.py'), [
    'import subprocess', 'import sys', '',
    'CHILD = "import time; held = ' + touch(childMb).replace(/"/g, '\\"') + '; time.sleep(' + holdSeconds + ')"', '',
    'def handler(event, context):',
    `    own = ${touch(ownMb)}`,
    '    code = subprocess.run([sys.executable, "-S", "-c", CHILD]).returncode',
    '    return {"code": code, "own": len(own)}', '',
  ].join('\n'));
  const made = fixtureFunction({ handler: 'app.handler', memorySize: 128, timeout: 10 }, { taskRoot: dir });
  live.push(made.local);
  return made;
}

const lastReport = (logs: ReturnType<typeof project>['logs']) => logs.filter((l) => l.kind === 'platform').map((l) => l.text).at(-1);

describe('memory of the processes a function starts', () => {
  it('counts toward Max Memory Used', async () => {
    // Held 2 s (0.6 before): the poller of a loaded machine must still find the child alive.
    const { local } = project(1, 60, 2);
    const result = await local.invoke({ payload: '{}' });
    expect(JSON.parse(result.payload.toString())).toMatchObject({ code: 0 });
    // The runtime alone holds ~15 MB; with its child's 60 MB, 75 or so. A sample taken while the child still fills its
    // memory (a loaded machine samples late in its life, or early) may see less of it: over 50 is the child's alone.
    expect(result.report.maxMemoryUsedMb).toBeGreaterThan(50);
    expect(result.report.maxMemoryUsedMb).toBeLessThanOrEqual(128);
  });

  it('a child over the limit is killed, as the OOM killer would, and the handler goes on', async () => {
    const { local, logs } = project(1, 200, 30);
    const result = await local.invoke({ payload: '{}' });
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toMatchObject({ code: -9 });
    expect(result.report.maxMemoryUsedMb).toBe(128);
    expect(lastReport(logs)).toMatch(/\tMemory Size: 128 MB\tMax Memory Used: 128 MB\t/);
    // The environment lives on: the runtime was not the one killed.
    const again = await local.invoke({ payload: '{}' });
    expect(again.cold).toBe(false);
  });

  it('the runtime, when it is the largest of them, is killed: Runtime.OutOfMemory', async () => {
    const { local } = project(90, 60, 30);
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBe('Runtime.OutOfMemory');
    expect(result.report).toMatchObject({ maxMemoryUsedMb: 128, status: 'error', errorType: 'Runtime.OutOfMemory' });
  });

  // multiprocessing's fork shares the parent's pages: Lambda's cgroup counts them once (the AWS pattern of a
  // Process and a Pipe). Counted twice, a runtime of 70 MB and its fork passed 128 MB and were killed.
  it('a fork sharing the runtime\'s memory is counted once, not killed', async () => {
    const dir = scratchDir('fork-memory');
    writeFileSync(join(dir, 'app.py'), [
      'import multiprocessing', 'import time', '',
      'HELD = b"x" * (60 * 1024 * 1024)', '',
      'def work(conn):', '    time.sleep(0.5)', '    conn.send(len(HELD))', '',
      'def handler(event, context):',
      '    parent, child = multiprocessing.get_context("fork").Pipe()',
      '    p = multiprocessing.get_context("fork").Process(target=work, args=(child,))',
      '    p.start()', '    size = parent.recv()', '    p.join()',
      '    return {"size": size, "code": p.exitcode}', '',
    ].join('\n'));
    const { local } = fixtureFunction({ handler: 'app.handler', memorySize: 128, timeout: 10 }, { taskRoot: dir });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toEqual({ size: 62914560, code: 0 });
    expect(result.report.maxMemoryUsedMb).toBeLessThan(110);
  });

  // A subprocess started from a worker thread is that thread's child in /proc, not the main thread's.
  it('counts a subprocess started from a worker thread', async () => {
    const dir = scratchDir('thread-subprocess');
    const child = 'import time; held = b\\"x\\" * (200 * 1024 * 1024); time.sleep(30)';
    writeFileSync(join(dir, 'app.py'), [
      'import subprocess', 'import sys', 'from concurrent.futures import ThreadPoolExecutor', '',
      'def run():', `    return subprocess.run([sys.executable, "-S", "-c", "${child}"]).returncode`, '',
      'def handler(event, context):', '    with ThreadPoolExecutor(1) as pool:', '        return {"code": pool.submit(run).result()}', '',
    ].join('\n'));
    const { local } = fixtureFunction({ handler: 'app.handler', memorySize: 128, timeout: 10 }, { taskRoot: dir });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(JSON.parse(result.payload.toString())).toEqual({ code: -9 });
    expect(result.report.maxMemoryUsedMb).toBe(128);
  });
});
