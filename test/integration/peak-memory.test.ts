import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PeakMemory, PeakMemoryReader } from '../../src/adapters/memory.js';

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
