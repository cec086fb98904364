import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { PeakMemory, PeakMemoryReader, processTree, proportionalKb } from '../../src/adapters/memory.js';
import { testPython } from '../helpers.js';

/** This process's VmHWM, read the plain way. */
const ownPeakKb = () => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);

// /proc is Linux's; elsewhere the reader reads nothing and the runtime's own report is all there is.
const linux = process.platform === 'linux';

describe.skipIf(!linux)('PeakMemoryReader', () => {
  it("reads a process's VmHWM from /proc", () => {
    const reader = new PeakMemoryReader(process.pid);
    const kb = reader.peakKb()!;
    reader.close();
    expect(Math.abs(kb - ownPeakKb())).toBeLessThan(2048);
    expect(reader.peakKb()).toBeUndefined();
  });

  it('reads nothing for a process that does not exist', () => {
    expect(new PeakMemoryReader(2 ** 22 + 1).peakKb()).toBeUndefined();
  });
});

describe.skipIf(!linux)('PeakMemory', () => {
  it('reads /proc, then gives the last value while it is fresh', () => {
    let now = 1000;
    const peak = new PeakMemory(() => now);
    expect(peak.read()).toBeUndefined();
    peak.watch(process.pid);
    const first = peak.read()!;
    expect(first).toBeGreaterThan(1024);
    peak.note(first + 5_000_000);
    now += 0.5;
    expect(peak.read(1)).toBe(first + 5_000_000);
    // Stale: /proc again, and the peak never goes down.
    now += 2;
    expect(peak.read(1)).toBe(first + 5_000_000);
  });

  it('takes a reported peak as the freshest value, never lowering the peak', () => {
    let now = 0;
    const peak = new PeakMemory(() => now);
    peak.note(300);
    peak.note(200);
    peak.note(undefined);
    expect(peak.read(1)).toBe(300);
    now = 10;
    // Nothing to read from (no process watched): the last value stays.
    expect(peak.read(1)).toBe(300);
  });

  it('keeps the last value once the process is gone', () => {
    const peak = new PeakMemory(() => 0);
    peak.watch(process.pid);
    const kb = peak.read()!;
    peak.close();
    expect(peak.read()).toBe(kb);
  });
});

describe.skipIf(!linux)('processTree and proportionalKb', () => {
  it('lists a process and its descendants with their resident memory', async () => {
    // sh -> python holding 40 MB: the tree is both, python the large one.
    const shell = spawn('sh', ['-c', `${testPython()} -S -c 'import sys, time; held = b"x" * (40 << 20); print(1, flush=True); time.sleep(30)'; :`], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    try {
      await new Promise((resolve) => shell.stdout.once('data', resolve));
      const tree = processTree(shell.pid!)!;
      expect(tree.runtime.pid).toBe(shell.pid);
      expect(tree.runtime.rssKb).toBeLessThan(10 * 1024);
      expect(tree.descendants).toHaveLength(1);
      expect(tree.descendants[0]!.rssKb).toBeGreaterThan(40 * 1024);
      const total = await proportionalKb([shell.pid!, tree.descendants[0]!.pid]);
      expect(total).toBeGreaterThan(40 * 1024);
      expect(total).toBeLessThanOrEqual(tree.runtime.rssKb + tree.descendants[0]!.rssKb);
    } finally {
      process.kill(-shell.pid!, 'SIGKILL');
    }
  });

  // A fork shares its parent's pages until either writes them: the cgroup counts them once, VmRSS in both.
  it('counts the pages a fork shares once', async () => {
    const script = 'import os, sys, time\nheld = b"x" * (60 << 20)\nif os.fork() == 0:\n    time.sleep(30)\n    os._exit(0)\nprint(1, flush=True)\ntime.sleep(30)\n';
    const parent = spawn(testPython(), ['-S', '-c', script], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    try {
      await new Promise((resolve) => parent.stdout.once('data', resolve));
      const tree = processTree(parent.pid!)!;
      const resident = tree.runtime.rssKb + tree.descendants[0]!.rssKb;
      const proportional = await proportionalKb([parent.pid!, tree.descendants[0]!.pid]);
      expect(resident).toBeGreaterThan(120 * 1024);
      expect(proportional).toBeLessThan(90 * 1024);
    } finally {
      process.kill(-parent.pid!, 'SIGKILL');
    }
  });

  it('is undefined for a process that started none', () => {
    const lone = spawn('sleep', ['30']);
    try {
      expect(processTree(lone.pid!)).toBeUndefined();
    } finally {
      lone.kill('SIGKILL');
    }
  });

  it('reports the most the tree held together, beside the runtime\'s own peak', () => {
    const peak = new PeakMemory(() => 0);
    peak.note(20_000);
    expect(peak.reportKb()).toBe(20_000);
    peak.noteTree(90_000);
    peak.noteTree(50_000);
    expect([peak.read(1), peak.reportKb()]).toEqual([20_000, 90_000]);
  });
});
