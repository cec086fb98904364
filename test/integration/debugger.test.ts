// --debug-port: the function runs under the real debugpy (PyPI, in the test venv), and a Debug Adapter Protocol client
// attaches as VS Code's Remote Attach does, stops at a breakpoint past the function's timeout, and lets it go on.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DapClient } from '../dap-client.js';
import { freePort } from '../dev-child.js';
import { ROOT, eventFile, eventually, fnTemplate, scratchDir, startDev, testPython, waitUntil } from '../helpers.js';
import { cli } from './invoke-cli.js';

const HANDLER = ['import time', '', '', 'def handler(event, context):', '    seen = event.get("name", "nobody")', '    return {"statusCode": 200, "body": "hello " + seen}', ''].join('\n');
const BREAK_LINE = 6;

/**
 * `start` on a port for --debug-port (which refuses 0), found free below the ephemeral range (freePort): a port 0
 * handed out and closed again could be an outgoing connection's of another test before debugpy bound it. Something may
 * still take it in between: pylambda or debugpy then says so, and `start` goes again on another.
 */
async function onFreeDebugPort<T>(start: (port: number) => Promise<T>): Promise<{ port: number; started: T }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { port, started: await start(port) };
    } catch (error) {
      const taken = error instanceof Error && (error.message.includes(`--debug-port ${port}: the port is in use`) || error.message.includes('debugpy cannot listen'));
      if (!taken || attempt === 3) throw error;
    }
  }
}

function project(prefix: string, extra: string[] = []): string {
  const dir = scratchDir(prefix);
  writeFileSync(join(dir, 'app.py'), HANDLER);
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    properties: ['Timeout: 1'],
    events: ['Get: { Type: HttpApi, Properties: { Path: /hello, Method: get } }'],
    resources: extra,
  }));
  return dir;
}

/**
 * `pylambda ARGV` as a user runs it: a process of its own, from the built command line. `waiting` settles once it says
 * its environment waits for a debugger (a user attaches then), and fails with its stderr if it ends before.
 */
function runCommand(argv: string[], cwd: string): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; waiting: Promise<void> } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), ...argv], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' } });
  let stdout = '';
  let stderr = '';
  let said: () => void = () => undefined;
  let ended: (error: Error) => void = () => undefined;
  const waiting = new Promise<void>((resolve, reject) => ((said = resolve), (ended = reject)));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('pylambda: waiting for a debugger')) said();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => {
    ended(new Error(`pylambda ${argv[0]} exited ${code} before waiting for a debugger: ${stderr}`));
    resolve({ code, stdout, stderr });
  }));
  return { done, waiting };
}

/** debugpy's adapter processes serving the port. */
function adapters(port: number): string[] {
  const out = spawnSync('pgrep', ['-f', `debugpy/adapter .*--port ${port} `], { encoding: 'utf8' });
  return out.stdout.split('\n').filter(Boolean);
}

const clients: DapClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

/**
 * Attaches with a breakpoint in the handler, waits there for longer than the function's 1 s timeout, and continues.
 * The answer to `continue` may come from the adapter rather than the function: under awslambdaric the result is posted
 * (in C, holding the GIL) before debugpy's thread can answer, the environment ends, and the adapter answers for it.
 */
async function holdAtBreakpoint(port: number, file: string): Promise<{ client: DapClient; stopped: Record<string, unknown> }> {
  const client = await DapClient.connect(port);
  clients.push(client);
  await client.attach({ [file]: [BREAK_LINE] });
  const stopped = await client.next((m) => m.type === 'event' && m.event === 'stopped');
  await new Promise((r) => setTimeout(r, 1500));
  await client.request('continue', { threadId: stopped.body!.threadId });
  return { client, stopped: stopped.body! };
}

describe('invoke --debug-port', () => {
  it.each(['pylambda', 'awslambdaric'])('waits for a debugger, stops at its breakpoint with no timeout, and returns the result (%s client)', async (client) => {
    const dir = project('debug-invoke');
    // The command as a process of its own: nothing else keeps its Node running while a breakpoint holds the function.
    const { port, started: run } = await onFreeDebugPort(async (p) => {
      const started = runCommand(['invoke', 'Fn', '--debug-port', String(p), '--runtime-client', client, '--event', eventFile('{"name": "ada"}'), '--python', testPython()], dir);
      await started.waiting;
      return started;
    });
    const { client: debuggerClient, stopped } = await holdAtBreakpoint(port, join(dir, 'app.py'));
    expect(stopped.reason).toBe('breakpoint');
    const { code, stdout, stderr } = await run.done;
    // The adapter tells the debugger the function has ended before it goes.
    await debuggerClient.next((m) => m.type === 'event' && m.event === 'terminated');
    expect(stderr).toContain(`pylambda: waiting for a debugger to attach at 127.0.0.1:${port} (debugpy)\n`);
    expect(stderr).not.toContain('Task timed out');
    expect(JSON.parse(stdout)).toEqual({ statusCode: 200, body: 'hello ada' });
    expect(code).toBe(0);
    // The debugger is still attached: the adapter ends with the environment all the same.
    expect(await waitUntil(() => adapters(port).length === 0, 10_000)).toBe(true);
  }, 60_000);

  it('refuses a port in use, port 0, and a Python without debugpy, before anything runs', async () => {
    const dir = project('debug-refused');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await cli(['invoke', 'Fn', '--debug-port', String(port)], { cwd: dir });
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(`error: --debug-port ${port}: the port is in use on 127.0.0.1\n`);
    } finally {
      taken.close();
    }
    const zero = await cli(['invoke', 'Fn', '--debug-port', '0'], { cwd: dir });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("error: --debug-port must be a port number (1-65535), not '0'");
    const venv = scratchDir('debug-novenv');
    expect(spawnSync('python3', ['-m', 'venv', '--without-pip', venv]).status).toBe(0);
    const bare = await cli(['invoke', 'Fn', '--debug-port', String(await freePort()), '--python', join(venv, 'bin', 'python')], { cwd: dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(`error: --debug-port runs the function under debugpy, which is not installed in ${join(venv, 'bin', 'python')}`);
    expect(bare.stderr).toContain(`-m pip install debugpy`);
  }, 60_000);
});

describe('dev --debug-port', () => {
  const OTHER = ['Other:', '  Type: AWS::Serverless::Function', '  Properties:', '    Runtime: python3.12', '    Handler: other.handler', '    Timeout: 1',
    '    Events:', '      Get: { Type: HttpApi, Properties: { Path: /other, Method: get } }'];

  it('needs --debug-function when the project has several functions, and names them', async () => {
    const dir = project('debug-dev-which', OTHER);
    await expect(startDev(dir, { debug: { port: await freePort() } })).rejects.toThrow(
      '--debug-port debugs one function at a time, and template.yaml defines 2: name it with --debug-function');
    await expect(startDev(dir, { debug: { port: await freePort(), functionName: 'Fm' } })).rejects.toThrow("No function named 'Fm' in template.yaml: did you mean Fn?");
  });

  it('a change to the code starts an environment that waits for the debugger again, which gets the new code\'s answer', async () => {
    const dir = project('debug-dev-reload');
    const app = join(dir, 'app.py');
    const { port, started: dev } = await onFreeDebugPort((p) => startDev(dir, { debug: { port: p }, watch: true }));
    const waitingLines = () => dev.events.filter((e) => e.type === 'log' && e.event.text.startsWith('pylambda: waiting for a debugger')).length;
    try {
      const base = dev.url('ServerlessHttpApi');
      const first = fetch(`${base}/hello`);
      const { client: before } = await holdAtBreakpoint(port, app);
      expect(await (await first).text()).toBe('hello nobody');
      writeFileSync(app, HANDLER.replace('"hello "', '"bye "'));
      // The environment started for the new code has listened at the port once it says it waits: the old one's
      // adapter, which the debugger attached before holds, has let it go by then.
      await eventually(() => (waitingLines() === 2 ? true : undefined), 20_000);
      await before.next((m) => m.type === 'event' && m.event === 'terminated');
      const second = fetch(`${base}/hello`);
      const { stopped } = await holdAtBreakpoint(port, app);
      expect(stopped.reason).toBe('breakpoint');
      const res = await second;
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('bye nobody');
      expect(dev.events.filter((e) => e.type === 'log' && e.event.text.includes('debugpy cannot listen'))).toEqual([]);
    } finally {
      await dev.session.stop();
    }
    expect(await waitUntil(() => adapters(port).length === 0, 10_000)).toBe(true);
  }, 60_000);

  it("the debugged function's requests wait for the debugger past the integration timeout; the others keep theirs", async () => {
    const dir = project('debug-dev', OTHER);
    writeFileSync(join(dir, 'other.py'), 'import time\n\n\ndef handler(event, context):\n    time.sleep(2)\n    return {"statusCode": 200, "body": "late"}\n');
    const { port, started: dev } = await onFreeDebugPort((p) => startDev(dir, { debug: { port: p, functionName: 'Fn' }, integrationTimeoutMs: 500 }));
    try {
      const ready = dev.events.find((e) => e.type === 'ready');
      expect(ready && 'debugger' in ready ? ready.debugger : undefined).toEqual({ functionId: 'Fn', address: `127.0.0.1:${port}` });
      const base = dev.url('ServerlessHttpApi');
      const answer = fetch(`${base}/hello`);
      const { client: debuggerClient } = await holdAtBreakpoint(port, join(dir, 'app.py'));
      const res = await answer;
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('hello nobody');
      // Warm: the same environment, still attached, answers at once once the breakpoint is gone.
      await debuggerClient.request('setBreakpoints', { source: { path: join(dir, 'app.py') }, breakpoints: [] });
      const again = await fetch(`${base}/hello`);
      expect(again.status).toBe(200);
      expect(dev.events.filter((e) => e.type === 'log' && e.event.text.startsWith('pylambda: waiting for a debugger'))).toHaveLength(1);
      const other = await fetch(`${base}/other`);
      expect(other.status).toBe(503);
    } finally {
      await dev.session.stop();
    }
    // The adapter debugpy starts leaves the environment's process group; it ends with the environment, though the
    // debugger is still attached.
    expect(await waitUntil(() => adapters(port).length === 0, 10_000)).toBe(true);
  }, 60_000);
});
