import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FIXTURES, ROOT, eventFile, runtimesOf, stillRunningAfter, testPython } from '../helpers.js';

/** Ctrl-C and kill -9 on the command line: no Python process of it is left behind. */
const BASIC = join(FIXTURES, 'projects', 'basic');

describe('interrupting the CLI', () => {
  it('leaves no Python process behind after Ctrl-C', async () => {
    const { child } = await run(['invoke', 'Slow', '--event', eventFile('{"seconds": 30}')], 'START RequestId');
    const runtimes = runtimesOf(child.pid!, 'failures.slow');
    expect(runtimes.length).toBe(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(await stillRunningAfter(runtimes)).toEqual([]);
  });

  it('coldstart stopped between runs exits 130 without reporting the stopped run as a failure', async () => {
    const { child, stderr } = await run(['coldstart', 'Echo', '--runs', '500'], 'cold start 3/500');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr()).not.toMatch(/error/i);
  });

  it('the runtime exits by itself when pylambda is killed outright', async () => {
    // A handler busy for 30 s: only the runtime's watch of its stdin can end it within the 10 s (3 s, which a loaded
    // machine could take to run the watcher's thread).
    const { child } = await run(['invoke', 'Slow', '--event', eventFile('{"seconds": 30}')], 'START RequestId');
    const runtimes = runtimesOf(child.pid!, 'failures.slow');
    expect(runtimes.length).toBe(1);
    child.kill('SIGKILL');
    // Its stdin, pylambda's pipe, reaches its end: the runtime's watcher ends it and its group at once.
    expect(await stillRunningAfter(runtimes, 10_000)).toEqual([]);
  });
});

/** The command line in the basic project, once its stderr says `ready`; killed if the test ends first. */
async function run(args: readonly string[], ready: string) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), ...args, '--python', testPython()], { cwd: BASIC, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(ready)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`pylambda ${args[0]} exited (${code}) before "${ready}": ${stderr}`)));
  });
  return { child, stderr: () => stderr };
}
