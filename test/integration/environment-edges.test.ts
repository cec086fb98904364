import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveProcessCount } from '../../src/adapters/process.js';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, HANDLERS, ROOT, testPython, waitUntil } from '../helpers.js';

/** The execution environment and its pool: cases that once failed (each comment says how). */

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

/** Runs an ES module script in a fresh Node process (against the built dist), with a hard time limit. */
function runNode(script: string, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  // 'close', not 'exit': what it printed last can still be in the pipe when it has exited.
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal, stdout, ms: Date.now() - started });
  }));
}

const localFunctionScript = (taskRoot: string, python: string, body: string) =>
  `import { LocalFunction } from ${JSON.stringify(join(ROOT, 'dist', 'emulator', 'local-function.js'))};\n`
  + `const fn = { id: 'Fn', name: 'Fn', codeUri: '.', runtime: 'python3.12', architecture: 'x86_64', memorySize: 512, timeout: 5, environment: {}, events: [], source: { file: 't', path: 'x' }, handler: 'counter.handler' };\n`
  + `const local = new LocalFunction({ fn, taskRoot: ${JSON.stringify(taskRoot)}, python: { executable: ${JSON.stringify(python)}, version: '3.11' }, hostEnv: { PATH: process.env.PATH } });\n`
  + body;

describe('environments that cannot start', () => {
  // A code directory removed while `pylambda dev` runs (a branch switch) or a virtual environment being
  // recreated made spawn fail; the pool took the dead environment for one that went away before delivery
  // and started another, forever, in microtasks only: the event loop starved and Node ran out of memory.
  it.each([
    ['a missing code directory', join(HANDLERS, 'no-such-dir'), testPython()],
    ['a missing interpreter', HANDLERS, join(HANDLERS, 'no-such-python')],
  ])('fails the invocation when the runtime cannot be started (%s)', async (_what, taskRoot, python) => {
    const script = localFunctionScript(taskRoot, python, `try { await local.invoke({ payload: '{}' }); console.log('resolved'); } catch (e) { console.log('rejected: ' + e.message); }\n`);
    const out = await runNode(script, 20_000);
    expect(out.signal).toBeNull();
    expect(out.stdout).toMatch(/^rejected: .*(no-such-dir|no-such-python)/);
  });
});

describe('what keeps Node running', () => {
  // environment.ts: "Everything an environment owns is unref'd". The process was, its stdio pipes were not:
  // a script that invoked a function and returned waited for the idle timeout (5 minutes) to exit.
  it('a warm, idle environment does not keep Node running', async () => {
    const script = localFunctionScript(HANDLERS, testPython(), `const r = await local.invoke({ payload: '{}' });\nconsole.log(r.payload.toString());\n`);
    // Far below the idle timeout it once waited for (5 minutes), and above a cold start on a loaded machine.
    const out = await runNode(script, 40_000);
    expect(out.stdout).toContain('"count": 1');
    expect(out.signal).toBeNull();
    expect(out.code).toBe(0);
  });
});

/** Running: a process that exists and is not a zombie (PID 1 in a container may be slow to reap what it adopts). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('the process around the handler', () => {
  // The host's /tmp held what earlier environments, other functions and earlier runs left: on Lambda each
  // environment starts with an empty /tmp, kept while it is reused.
  it('gives each environment an empty temporary directory of its own, kept while warm, removed after', async () => {
    const { local } = fixtureFunction({ handler: 'processes.temp_files', timeout: 10 });
    live.push(local);
    const first = JSON.parse((await local.invoke({ payload: '{}' })).payload.toString());
    const warm = JSON.parse((await local.invoke({ payload: '{}' })).payload.toString());
    expect([first.before, warm.before, warm.dir]).toEqual([[], ['n0.txt'], first.dir]);
    const [a, b] = await Promise.all([local.invoke({ payload: '{}' }), local.invoke({ payload: '{}' })]);
    const cold = [a, b].map((r) => JSON.parse(r.payload.toString())).find((r) => r.dir !== first.dir);
    expect(cold.before).toEqual([]);
    await local.shutdown();
    // Removed as each environment ends, which 200 ms did not always see on a loaded machine.
    await waitUntil(() => !existsSync(first.dir) && !existsSync(cold.dir), 10_000);
    expect([existsSync(first.dir), existsSync(cold.dir)]).toEqual([false, false]);
  });

  it('stdin is at end-of-file, for the handler and the programs it starts', async () => {
    const { local } = fixtureFunction({ handler: 'processes.read_stdin', timeout: 10 });
    try {
      expect(JSON.parse((await local.invoke({ payload: '{}' })).payload.toString())).toEqual({ own: '', child: '' });
      // Timed warm: a cold start on a loaded machine can take seconds of its own.
      const started = performance.now();
      const result = await local.invoke({ payload: '{}' });
      expect(JSON.parse(result.payload.toString())).toEqual({ own: '', child: '' });
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await local.shutdown();
    }
  });

  it.skipIf(process.platform !== 'linux')('programs the function started go when pylambda is killed outright (kill -9)', async () => {
    const script = localFunctionScript(HANDLERS, testPython(), "const r = await local.invoke({ payload: '{}' });\nconsole.log(r.payload.toString());\nsetInterval(() => {}, 1000);\n")
      .replace("handler: 'counter.handler'", "handler: 'processes.start_sleeper'");
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    expect(running(pid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (running(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(running(pid)).toBe(false);
  });
});

describe('shutdown', () => {
  // An environment still starting when shutdown() ran was not among those it stopped: it came up after
  // shutdown resolved, ran the invocation, and its process outlived the shutdown.
  it('runs nothing after shutdown when it races a cold start, and leaves no process', async () => {
    const before = liveProcessCount();
    const { local } = fixtureFunction({ handler: 'counter.handler' });
    const invocation = local.invoke({ payload: '{}' }).then((r) => r.payload.toString(), (e: unknown) => e);
    await local.shutdown();
    expect(liveProcessCount()).toBe(before);
    const outcome = await invocation;
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/shutting down/);
    expect(liveProcessCount()).toBe(before);
    expect(local.pids()).toEqual([]);
  });
});

describe('Runtime API input', () => {
  // decodeURIComponent threw URIError inside the socket's data handler: an uncaught exception that
  // ended pylambda (every environment, every gateway) because a runtime posted a malformed path.
  it('answers a request id with invalid percent-encoding with 400 InvalidRequestID, and goes on', async () => {
    const { local } = fixtureFunction({ handler: 'env_dump.handler' });
    live.push(local);
    const env = JSON.parse((await local.invoke({ payload: '{}' })).payload.toString()) as Record<string, string>;
    const [host, port] = env.AWS_LAMBDA_RUNTIME_API!.split(':');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), host!);
      let data = '';
      socket.on('data', (d) => {
        data += d.toString();
        if (data.includes('\r\n\r\n') && data.endsWith('}')) {
          socket.destroy();
          resolve(data);
        }
      });
      socket.on('error', reject);
      socket.write('POST /2018-06-01/runtime/invocation/%E0%A4%A/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('"errorType":"InvalidRequestID"');
    const again = await local.invoke({ payload: '{}' });
    expect(again.functionError).toBeUndefined();
    expect(again.cold).toBe(false);
  });
});
