import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, scratchDir, testPython } from '../helpers.js';

/** Ctrl-C and kill -9 on the command line: no Python process of it is left behind. */
const BASIC = join(FIXTURES, 'projects', 'basic');

function eventFile(content: string): string {
  const dir = scratchDir('event');
  const file = join(dir, 'event.json');
  writeFileSync(file, content);
  return file;
}

describe('interrupting the CLI', () => {
  it('leaves no Python process behind after Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'invoke', 'Slow', '--python', testPython(), '--event', eventFile('{"seconds": 30}')], {
      cwd: BASIC,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('START RequestId')) resolve();
    }));
    const runtimes = runtimesOf(child.pid!, 'failures.slow');
    expect(runtimes.length).toBe(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    await new Promise((r) => setTimeout(r, 200));
    expect(stillRunning(runtimes)).toEqual([]);
  });

  it('coldstart stopped between runs exits 130 without reporting the stopped run as a failure', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'coldstart', 'Echo', '--runs', '500', '--python', testPython()], {
      cwd: BASIC,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('cold start 3/500')) resolve();
    }));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).not.toMatch(/error/i);
  });

  it('the runtime exits by itself when pylambda is killed outright', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'invoke', 'Slow', '--python', testPython(), '--event', eventFile('{"seconds": 1}')], {
      cwd: BASIC,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => d.toString().includes('START') && resolve()));
    const runtimes = runtimesOf(child.pid!, 'failures.slow');
    expect(runtimes.length).toBe(1);
    child.kill('SIGKILL');
    // The handler sleeps 1 s; when it returns, its runtime finds pylambda gone and exits.
    const deadline = Date.now() + 5000;
    while (stillRunning(runtimes).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(stillRunning(runtimes)).toEqual([]);
  });
});

/**
 * The runtime processes (pylambda_bootstrap.py) one pylambda process started for a handler, found through
 * /proc by their parent: other test files run the same handler at the same time.
 */
function runtimesOf(parent: number, handler: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    const stat = procFile(pid, 'stat');
    // The parent pid is the second field after the command, which is in parentheses and may hold spaces.
    return stat !== undefined && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent && isRuntime(pid, handler);
  });
}

/** Those of the pids still running a runtime (a zombie's cmdline is empty; a pid given again runs something else). */
function stillRunning(pids: readonly number[]): number[] {
  return pids.filter((pid) => isRuntime(pid, 'failures.slow'));
}

function isRuntime(pid: number, handler: string): boolean {
  const cmdline = procFile(pid, 'cmdline')?.split('\0') ?? [];
  return cmdline.some((a) => a.endsWith('pylambda_bootstrap.py')) && cmdline.includes(handler);
}

function procFile(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined; // the process ended while we looked
  }
}
