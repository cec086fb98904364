import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvokeRejected, type LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir, waitUntil } from '../helpers.js';

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

function counter(overrides: Parameters<typeof fixtureFunction>[0] extends infer T ? Partial<T> : never = {}, options: Parameters<typeof fixtureFunction>[1] = {}) {
  const made = fixtureFunction({ handler: 'counter.handler', ...overrides }, options);
  live.push(made.local);
  return made;
}

const body = (payload: Buffer) => JSON.parse(payload.toString()) as { pid: number; count: number };
const alive = (pid: number) => existsSync(`/proc/${pid}`);

describe('execution environment lifecycle', () => {
  it('starts cold once, then reuses the warm environment', async () => {
    const { local, logs } = counter();
    const first = await local.invoke({ payload: '{}' });
    const second = await local.invoke({ payload: '{}' });
    // END and REPORT follow the function's last lines, on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.cold).toBe(true);
    expect(second.cold).toBe(false);
    expect(first.report.initDurationMs).toBeGreaterThan(0);
    expect(second.report.initDurationMs).toBeUndefined();
    expect(body(second.payload)).toEqual({ pid: body(first.payload).pid, count: 2 });
    const reports = logs.filter((l) => l.kind === 'platform' && l.text.startsWith('REPORT'));
    expect(reports).toHaveLength(2);
    expect(reports[0]!.text).toMatch(/\tInit Duration: \d+\.\d\d ms\t$/);
    expect(reports[1]!.text).not.toContain('Init Duration');
    expect(reports[0]!.text).toMatch(/^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\t/);
    expect(first.report.maxMemoryUsedMb).toBeGreaterThan(5);
  });

  it('runs N invocations in N environments up to the limit, and queues the rest', async () => {
    const { local } = counter({ reservedConcurrency: 2 });
    const started = performance.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => local.invoke({ payload: '{"sleep": 0.4}' })));
    const elapsed = performance.now() - started;
    const pids = new Set(results.map((r) => body(r.payload).pid));
    expect(pids.size).toBe(2);
    expect(results.filter((r) => r.cold)).toHaveLength(2);
    expect(local.environmentCount).toBe(2);
    // Two rounds of 0.4 s: the queued pair waited for the first pair.
    expect(elapsed).toBeGreaterThan(800);
  });

  it('starts as many environments as there are parallel invocations when under the limit', async () => {
    const { local } = counter({}, { maxConcurrency: 10 });
    const results = await Promise.all([1, 2, 3].map(() => local.invoke({ payload: '{"sleep": 0.3}' })));
    expect(new Set(results.map((r) => body(r.payload).pid)).size).toBe(3);
    expect(results.every((r) => r.cold)).toBe(true);
  });

  it('replaces the environment after a timeout: the next invocation is a cold start', async () => {
    const { local } = counter({ timeout: 1 });
    const warm = body((await local.invoke({ payload: '{}' })).payload);
    const timedOut = await local.invoke({ payload: '{"sleep": 5}' });
    expect(timedOut.errorType).toBe('Sandbox.Timedout');
    expect(timedOut.report.status).toBe('timeout');
    const after = await local.invoke({ payload: '{}' });
    expect(after.cold).toBe(true);
    expect(body(after.payload).pid).not.toBe(warm.pid);
    expect(alive(warm.pid)).toBe(false);
  });

  it('times each invocation from its own start, though the environment keeps one deadline timer', async () => {
    // A 2 s timeout and 0.4 s margins each way: with 1 s and 0.2 s, a loaded machine's delays ate the margin.
    const { local } = counter({ timeout: 2 });
    const first = await local.invoke({ payload: '{}' });
    await new Promise((r) => setTimeout(r, 1200));
    // The timer set for the first invocation's deadline fires 0.8 s into this one, which has 2 s of its own.
    const second = await local.invoke({ payload: '{"sleep": 1.2}' });
    expect(second.errorType).toBeUndefined();
    expect(body(second.payload)).toEqual({ pid: body(first.payload).pid, count: 2 });
    const started = performance.now();
    const third = await local.invoke({ payload: '{"sleep": 5}' });
    const elapsed = performance.now() - started;
    expect(third.errorType).toBe('Sandbox.Timedout');
    expect(elapsed).toBeGreaterThan(1950);
    expect(elapsed).toBeLessThan(3000);
  });

  it('replaces the environment after a crash', async () => {
    const { local } = fixtureFunction({ handler: 'failures.exits' });
    live.push(local);
    const crash = await local.invoke({ payload: '{}' });
    expect(crash.errorType).toBe('Runtime.ExitError');
    const again = await local.invoke({ payload: '{}' });
    expect(again.cold).toBe(true);
    expect(again.errorType).toBe('Runtime.ExitError');
  });

  // CloudWatch, for a runtime that exits (observed): "RequestId: <id> Error: Runtime exited with error: exit status 1",
  // then "Runtime.ExitError" on a line of its own, before END.
  it('logs a crash as Lambda does: the message, then the error type', async () => {
    const { local, logs } = fixtureFunction({ handler: 'failures.exits' });
    live.push(local);
    const crash = await local.invoke({ payload: '{}' });
    const lines = logs.filter((l) => l.kind === 'platform').map((l) => l.text);
    expect(lines.slice(1, 3)).toEqual([`RequestId: ${crash.requestId} Error: Runtime exited with error: exit status 3\nRuntime.ExitError`, `END RequestId: ${crash.requestId}`]);
  });

  // Lambda discards the sandbox when the runtime exits: a subprocess the function started goes with it.
  it('leaves no process the function started behind when its runtime crashes', async () => {
    const pidfile = join(scratchDir('orphan'), 'pid');
    const { local } = fixtureFunction({ handler: 'failures.spawns_then_exits' });
    live.push(local);
    const crash = await local.invoke({ payload: JSON.stringify({ pidfile }) });
    expect(crash.errorType).toBe('Runtime.ExitError');
    const pid = Number(readFileSync(pidfile, 'utf8'));
    // Gone, or a zombie of its new parent: not running either way.
    const running = () => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    // 10 s: a kill's teardown lags on a loaded machine; a process left behind stays for good.
    const deadline = Date.now() + 10_000;
    while (running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(running()).toBe(false);
  });

  it('retries init on the next invocation after an init error', async () => {
    const { local } = fixtureFunction({ handler: 'import_error.handler' });
    live.push(local);
    const one = await local.invoke({ payload: '{}' });
    const two = await local.invoke({ payload: '{}' });
    expect([one.cold, two.cold]).toEqual([true, true]);
    expect([one.errorType, two.errorType]).toEqual(['Runtime.ImportModuleError', 'Runtime.ImportModuleError']);
    expect(one.report).toMatchObject({ status: 'error', errorType: 'Runtime.ImportModuleError' });
  });

  // What CloudWatch shows for a module that cannot be imported (observed): the init's error and
  // INIT_REPORT (Phase: init), the same again from the init Lambda retries inside the invocation
  // (Phase: invoke), then START, END, and a REPORT whose Duration is that retry, with no Init Duration.
  it('an init error is retried within the invocation: two INIT_REPORTs, then START, END and REPORT', async () => {
    const { local, logs } = fixtureFunction({ handler: 'import_error.handler' });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBe('Runtime.ImportModuleError');
    const shape = logs.filter((l) => l.kind === 'platform' || l.text.startsWith('[ERROR]')).map((l) => (l.kind === 'function' ? '[ERROR]' : l.text.split(' ')[0]));
    expect(shape).toEqual(['[ERROR]', 'INIT_REPORT', '[ERROR]', 'INIT_REPORT', 'START', 'END', 'REPORT']);
    const reports = platformLines(logs).filter((t) => t.startsWith('INIT_REPORT'));
    expect(reports[0]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.ImportModuleError$/);
    expect(reports[1]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: error\tError Type: Runtime\.ImportModuleError$/);
    expect(result.report.initDurationMs).toBeUndefined();
    expect(result.report.durationMs).toBeGreaterThan(0);
    expect(platformLines(logs).at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.ImportModuleError\t$/);
  });

  it('an init that fails once and then succeeds: the invocation succeeds, as on Lambda', async () => {
    const dir = scratchDir('flaky-init');
    // Fails the first time it is imported (a dependency not yet reachable), works the second.
    writeFileSync(join(dir, 'app.py'), `import os\n\nmark = os.path.join(${JSON.stringify(dir)}, "tried")\nif not os.path.exists(mark):\n    open(mark, "w").close()\n    raise ConnectionError("not yet")\n\n\ndef handler(event, context):\n    return "ok"\n`);
    const { local, logs } = fixtureFunction({ handler: 'app.handler' }, { taskRoot: dir });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect([result.payload.toString(), result.functionError, result.cold]).toEqual(['"ok"', undefined, true]);
    expect(platformLines(logs).map((t) => t.split(' ')[0])).toEqual(['INIT_REPORT', 'START', 'END', 'REPORT']);
    // An exception at import other than an ImportError is reported under its own class name (awslambdaric).
    expect(platformLines(logs)[0]).toMatch(/\tPhase: init\tStatus: error\tError Type: ConnectionError$/);
  });

  it('without the retry (coldstart): one init, its INIT_REPORT, and the init error', async () => {
    const { local, logs } = fixtureFunction({ handler: 'import_error.handler' }, { retryInitTimeout: false });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBe('Runtime.ImportModuleError');
    expect(result.report.initDurationMs).toBeGreaterThan(0);
    expect(platformLines(logs).map((t) => t.split(' ')[0])).toEqual(['INIT_REPORT', 'START', 'END', 'REPORT']);
  });

  // "If all three tasks don't complete within 10 seconds, Lambda retries the Init phase at the time of the
  // first function invocation with the configured function timeout" (lambda-runtime-environment): the
  // retry's init is part of the invocation, its Duration and its timeout.
  const slowInit = (seconds: number) => {
    const dir = scratchDir('init-timeout');
    writeFileSync(join(dir, 'app.py'), `import time\n\nprint("init begins")\ntime.sleep(${seconds})\n\n\ndef handler(event, context):\n    return 1\n`);
    const made = fixtureFunction({ handler: 'app.handler', timeout: 3 }, { taskRoot: dir, initTimeoutMs: 400 });
    live.push(made.local);
    return made;
  };
  const platformLines = (logs: ReturnType<typeof slowInit>['logs']) => logs.filter((l) => l.kind === 'platform').map((l) => l.text);

  it('an init past its time limit is retried within the invocation, with the function timeout', async () => {
    const { local, logs } = slowInit(0.8);
    const result = await local.invoke({ payload: '{}' });
    expect(result.payload.toString()).toBe('1');
    expect(result.functionError).toBeUndefined();
    expect(result.cold).toBe(true);
    expect(result.report.durationMs).toBeGreaterThan(750);
    expect(result.report.initDurationMs).toBeUndefined();
    const lines = platformLines(logs);
    expect(lines.map((t) => t.split(' ')[0])).toEqual(['INIT_REPORT', 'START', 'END', 'REPORT']);
    // The retried init runs inside the invocation: after START.
    expect(logs.map((l) => (l.kind === 'function' ? l.text.trim() : l.text.split(' ')[0]))).toEqual(['init begins', 'INIT_REPORT', 'START', 'init begins', 'END', 'REPORT']);
    // The init phase lasted its limit, however late the host's timer fired.
    expect(lines[0]).toBe('INIT_REPORT Init Duration: 400.00 ms\tPhase: init\tStatus: timeout');
    expect(lines[3]).not.toContain('Init Duration');
  });

  // A retry that waits for a free environment keeps its longer init limit when one is started for it.
  it('retries each slow init even when the invocations queue for the concurrency limit', async () => {
    const dir = scratchDir('init-timeout');
    writeFileSync(join(dir, 'app.py'), 'import time\n\ntime.sleep(0.8)\n\n\ndef handler(event, context):\n    return 1\n');
    const { local } = fixtureFunction({ handler: 'app.handler', timeout: 3 }, { taskRoot: dir, initTimeoutMs: 400, maxConcurrency: 1 });
    live.push(local);
    const results = await Promise.all([local.invoke({ payload: '{}' }), local.invoke({ payload: '{}' })]);
    expect(results.map((r) => r.payload.toString())).toEqual(['1', '1']);
  });

  it('without the retry (coldstart): Runtime.InitTimeout, and INIT_REPORT with Status: timeout in the log', async () => {
    const dir = scratchDir('init-timeout');
    writeFileSync(join(dir, 'app.py'), 'import time\n\ntime.sleep(30)\n\n\ndef handler(event, context):\n    return 1\n');
    const { local, logs } = fixtureFunction({ handler: 'app.handler', timeout: 3 }, { taskRoot: dir, initTimeoutMs: 400, retryInitTimeout: false });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(JSON.parse(result.payload.toString())).toEqual({ errorType: 'Runtime.InitTimeout', errorMessage: `RequestId: ${result.requestId} Error: Init phase timed out after 0.40 seconds` });
    const lines = platformLines(logs);
    expect(lines.map((t) => t.split(' ')[0])).toEqual(['INIT_REPORT', 'START', 'END', 'REPORT']);
    expect(lines.some((t) => t.includes('Task timed out'))).toBe(false);
  });

  it('a retried init past the function timeout: the invocation times out', async () => {
    const { local, logs } = slowInit(30);
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBe('Sandbox.Timedout');
    expect(JSON.parse(result.payload.toString())).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 3.00 seconds` });
    const lines = platformLines(logs);
    expect(lines[0]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout$/);
    // The retry's own INIT_REPORT says it timed out too, as the REPORT does (it said Status: error, Error Type: Sandbox.Timedout).
    expect(lines.filter((t) => t.startsWith('INIT_REPORT')).slice(1)).toEqual([expect.stringMatching(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: invoke\tStatus: timeout$/)]);
    expect(lines.some((t) => t.includes('Task timed out after 3.00 seconds'))).toBe(true);
    expect(result.report.durationMs).toBeGreaterThanOrEqual(2900);
  });

  it('kills an environment over its memory size without touching the others', async () => {
    const { local } = fixtureFunction({ handler: 'failures.hog', memorySize: 128 }, { maxConcurrency: 2 });
    live.push(local);
    const [small, big] = await Promise.all([local.invoke({ payload: '{"mb": 10}' }), local.invoke({ payload: '{"mb": 300}' })]);
    expect(small.payload.toString()).toBe('10');
    expect(big.errorType).toBe('Runtime.OutOfMemory');
    // As on Lambda, the REPORT of an invocation killed for memory shows its memory size, never more.
    expect(big.report.maxMemoryUsedMb).toBe(128);
    const again = await local.invoke({ payload: '{"mb": 10}' });
    expect(again.cold).toBe(false);
  });

  // pylambda's runtime sends its peak (ru_maxrss) with each result, sparing the server a read of /proc;
  // awslambdaric sends none, and the server reads /proc/<pid>/status. Both must give the kernel's VmHWM.
  it.skipIf(process.platform !== 'linux').each(['pylambda', 'awslambdaric'] as const)('reports the peak memory the kernel kept (%s runtime)', async (runtimeClient) => {
    const { local } = fixtureFunction({ handler: 'failures.peak', memorySize: 512 }, { runtimeClient });
    live.push(local);
    const result = await local.invoke({ payload: '{"mb": 80}' });
    const { pid, mb } = JSON.parse(result.payload.toString()) as { pid: number; mb: number };
    expect(mb).toBe(80);
    const vmHwmKb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    expect(result.report.maxMemoryUsedMb).toBeGreaterThanOrEqual(80);
    expect(result.report.maxMemoryUsedMb).toBe(Math.round(vmHwmKb / 1024));
  });

  // The runtime waits for events in poll(POLLIN). A blocking recv on its socket was woken each time the
  // server read a result (the kernel wakes every sleeper when the sender's buffer space is freed): two
  // context switches per invocation instead of one.
  it.skipIf(process.platform !== 'linux')('switches the runtime process out once per warm invocation', async () => {
    const { local } = counter();
    const { pid } = body((await local.invoke({ payload: '{}' })).payload);
    const switches = () => Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    const before = switches();
    for (let i = 0; i < 200; i++) await local.invoke({ payload: '{}' });
    expect((switches() - before) / 200).toBeLessThan(1.5);
  });

  // Lambda sends a trace header with every invocation, Sampled=0 without active tracing: Powertools'
  // Logger, for one, puts it in every line as xray_trace_id.
  it('gives every invocation a trace id of its own in _X_AMZN_TRACE_ID', async () => {
    const { local } = fixtureFunction({ handler: 'results.trace' });
    live.push(local);
    const traces = [];
    for (let i = 0; i < 2; i++) traces.push((JSON.parse((await local.invoke({ payload: '{}' })).payload.toString()) as { trace: string }).trace);
    for (const trace of traces) expect(trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(traces[0]).not.toBe(traces[1]);
  });

  it('stops idle environments after the idle timeout', async () => {
    const { local } = counter({}, { idleTimeoutMs: 300 });
    const { pid } = body((await local.invoke({ payload: '{}' })).payload);
    expect(alive(pid)).toBe(true);
    // Waited for, not slept on: its stop is a kill's teardown, which lags on a loaded machine (the default idle timeout is minutes).
    expect(await waitUntil(() => !alive(pid) && local.environmentCount === 0, 10_000)).toBe(true);
  });

  it('counts the idle timeout from the last invocation, environment by environment', async () => {
    // Their idle times 1 s apart, and each end waited for: fixed sleeps left 0.1 s either way, too little on a loaded machine.
    const { local } = counter({}, { idleTimeoutMs: 2000 });
    const [a, b] = (await Promise.all([1, 2].map(() => local.invoke({ payload: '{"sleep": 0.1}' })))).map((r) => body(r.payload).pid);
    await new Promise((r) => setTimeout(r, 1000));
    // One of them serves again (the most recently used): its idle time starts over, the other's does not.
    const again = body((await local.invoke({ payload: '{}' })).payload).pid;
    const other = again === a ? b! : a!;
    expect(await waitUntil(() => !alive(other) && local.environmentCount === 1, 10_000)).toBe(true);
    expect(alive(again)).toBe(true);
    expect(await waitUntil(() => !alive(again) && local.environmentCount === 0, 10_000)).toBe(true);
  });

  it('leaves no process behind after shutdown', async () => {
    const { local } = counter({}, { maxConcurrency: 3 });
    const results = await Promise.all([1, 2, 3].map(() => local.invoke({ payload: '{"sleep": 0.2}' })));
    const pids = results.map((r) => body(r.payload).pid);
    expect(pids.every(alive)).toBe(true);
    await local.shutdown();
    expect(pids.some(alive)).toBe(false);
  });

  it('refuses a request payload over 6 MB before running anything', async () => {
    const { local } = counter();
    const big = Buffer.alloc(6 * 1024 * 1024 + 1, 32);
    await expect(local.invoke({ payload: big })).rejects.toThrow(InvokeRejected);
    await expect(local.invoke({ payload: big })).rejects.toThrow(/RequestEntityTooLargeException: Request must be smaller than 6291456 bytes/);
    expect(local.environmentCount).toBe(0);
  });

  it('throttles a function whose reserved concurrency is 0', async () => {
    const { local } = counter({ reservedConcurrency: 0 });
    await expect(local.invoke({ payload: '{}' })).rejects.toThrow('TooManyRequestsException: Rate Exceeded.');
    await expect(local.invoke({ payload: '{}' })).rejects.toMatchObject({ hint: 'Fn has ReservedConcurrentExecutions 0: Lambda throttles every invocation of it.' });
  });

  it('passes the environment Lambda defines, the function\'s variables, and no other host variable', async () => {
    const { local } = fixtureFunction({ handler: 'env_dump.handler', name: 'envfn', environment: { TABLE: 't1' } }, {
      hostEnv: { PATH: process.env.PATH, HOME: '/home/x', AWS_REGION: 'eu-west-3', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5000', SECRET_OF_HOST: 'nope' },
    });
    live.push(local);
    const env = JSON.parse((await local.invoke({ payload: '{}' })).payload.toString()) as Record<string, string>;
    expect(env).toMatchObject({
      TABLE: 't1',
      AWS_LAMBDA_FUNCTION_NAME: 'envfn',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/envfn',
      AWS_REGION: 'eu-west-3',
      AWS_DEFAULT_REGION: 'eu-west-3',
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5000',
      _HANDLER: 'env_dump.handler',
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env.AWS_LAMBDA_RUNTIME_API).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.SECRET_OF_HOST).toBeUndefined();
    expect(env._PYLAMBDA_WATCH_PARENT).toBeUndefined();
  });

  // Powertools' Tracer records (capture_response, annotations) only in a sampled trace.
  it('samples the invocations of a function with active tracing, with the X-Ray variables Lambda sets', async () => {
    const { local } = fixtureFunction({ handler: 'env_dump.handler', tracing: 'Active' });
    live.push(local);
    const env = JSON.parse((await local.invoke({ payload: '{}' })).payload.toString()) as Record<string, string>;
    expect(env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/);
    expect(env).toMatchObject({ AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' });
    const { local: untraced } = fixtureFunction({ handler: 'env_dump.handler' });
    live.push(untraced);
    const plain = JSON.parse((await untraced.invoke({ payload: '{}' })).payload.toString()) as Record<string, string>;
    expect([plain._X_AMZN_TRACE_ID!.endsWith(';Sampled=0'), plain.AWS_XRAY_DAEMON_ADDRESS]).toEqual([true, undefined]);
    // The function's own setting wins over the default.
    const { local: own } = fixtureFunction({ handler: 'env_dump.handler', tracing: 'Active', environment: { AWS_XRAY_CONTEXT_MISSING: 'RUNTIME_ERROR' } });
    live.push(own);
    expect(JSON.parse((await own.invoke({ payload: '{}' })).payload.toString()).AWS_XRAY_CONTEXT_MISSING).toBe('RUNTIME_ERROR');
  });

  it('lets the function set TZ and LANG, which Lambda does not reserve', async () => {
    const { local } = fixtureFunction({ handler: 'env_dump.handler', environment: { TZ: 'Asia/Tokyo', LANG: 'C.UTF-8' } });
    live.push(local);
    const env = JSON.parse((await local.invoke({ payload: '{}' })).payload.toString()) as Record<string, string>;
    expect([env.TZ, env.LANG]).toEqual(['Asia/Tokyo', 'C.UTF-8']);
  });
});
