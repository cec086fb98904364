import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, oneRouteTemplate, processState as state, scratchDir, testPython, waitUntil } from '../helpers.js';

/**
 * Ctrl-C and kill -9 with a frozen environment, and the end of `invoke`: nothing of it is left behind. (invoke
 * ends its environment as the function returns, before a freeze would begin: it has no next event to wait for.)
 */

const APP = [
  'import os, subprocess, sys',
  'CHILD = []',
  '',
  'def handler(event, context):',
  '    # A program left running: the environment is frozen once the handler returned.',
  '    if not CHILD:',
  '        CHILD.append(subprocess.Popen([sys.executable, "-c", "import time\\nwhile True: time.sleep(0.01)"]))',
  '    return {"statusCode": 200, "body": "%d %d" % (os.getpid(), CHILD[0].pid)}',
  '',
].join('\n');

function project(): string {
  const dir = scratchDir('freeze-cli');
  writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/bg'));
  writeFileSync(join(dir, 'app.py'), APP);
  return dir;
}

/** The pids' states once all are gone, or when `ms` is up. Generous times: a kill's teardown, and the keeper's noticing
 * that dev died, lag on a loaded machine; what is left behind stays for good. */
async function gone(pids: readonly number[], ms: number): Promise<Array<string | undefined>> {
  const deadline = Date.now() + ms;
  while (pids.some((p) => state(p) !== undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return pids.map(state);
}

/** `pylambda dev` on the project, once it served one request: the runtime's and its program's pids, both frozen. */
async function devWithFrozenEnvironment() {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', project(), '--port', '0', '--python', testPython(), '--no-watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!out.includes('Ctrl-C stops') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  const base = /HTTP API \S+ {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
  expect(base, out).toBeDefined();
  const [runtime, program] = (await (await fetch(`${base}/bg`)).text()).split(' ').map(Number) as [number, number];
  // The freeze waits for the keeper of frozen groups, a Python process started at the first freeze: slow under load.
  await waitUntil(() => state(runtime) === 'T' && state(program) === 'T', 5000);
  expect([state(runtime), state(program)]).toEqual(['T', 'T']);
  return { child, pids: [runtime, program] };
}

describe.skipIf(process.platform !== 'linux')('a frozen environment on the command line', () => {
  it('dev stopped with Ctrl-C leaves neither the runtime nor its program behind', async () => {
    const { child, pids } = await devWithFrozenEnvironment();
    child.kill('SIGINT');
    expect(await new Promise((r) => child.on('exit', (code) => r(code)))).toBe(130);
    expect(await gone(pids, 5000)).toEqual([undefined, undefined]);
  });

  it('dev killed outright (kill -9) leaves neither behind: the keeper of frozen groups ends them', async () => {
    const { child, pids } = await devWithFrozenEnvironment();
    child.kill('SIGKILL');
    expect(await gone(pids, 10_000)).toEqual([undefined, undefined]);
  });

  it('invoke ends the environment, with the program the function left running', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'invoke', '--python', testPython()], { cwd: project(), stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // 'close', not 'exit': its answer can still be in the pipe when it has exited.
    expect(await new Promise((r) => child.on('close', (code) => r(code)))).toBe(0);
    const [runtime, program] = (JSON.parse(out) as { body: string }).body.split(' ').map(Number) as [number, number];
    expect(await gone([runtime, program], 5000)).toEqual([undefined, undefined]);
  });
});
