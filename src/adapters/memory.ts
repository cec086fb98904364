import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads a process's peak resident memory (VmHWM in /proc/<pid>/status): the kernel keeps the high-water
 * mark, so the true peak is seen even between reads. Linux only; elsewhere it reports nothing.
 */
export class PeakMemoryReader {
  private fd: number | undefined;
  private readonly buffer = Buffer.alloc(4096);

  constructor(pid: number) {
    try {
      this.fd = openSync(`/proc/${pid}/status`, 'r');
    } catch {
      this.fd = undefined;
    }
  }

  /** Peak resident set size in kB, or undefined when it cannot be read. */
  peakKb(): number | undefined {
    if (this.fd === undefined) return undefined;
    try {
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const text = this.buffer.toString('latin1', 0, n);
      const at = text.indexOf('VmHWM:');
      if (at < 0) return undefined;
      return Number.parseInt(text.slice(at + 6, text.indexOf('kB', at)), 10);
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * A process's peak memory so far, from /proc or as the process reported it, and kept once the process is
 * gone. A read returns the last value when it is under `maxAgeMs` old: a process cannot fault in more than
 * a few MB in a millisecond, and a read of /proc/<pid>/status costs ~10 us, a share of a warm invocation.
 */
export class PeakMemory {
  private reader: PeakMemoryReader | undefined;
  private lastKb: number | undefined;
  private lastAt = 0;

  constructor(private readonly monotonic: () => number) {}

  watch(pid: number): void {
    this.reader = new PeakMemoryReader(pid);
  }

  read(maxAgeMs = 0): number | undefined {
    const now = this.monotonic();
    if (this.lastKb !== undefined && now - this.lastAt < maxAgeMs) return this.lastKb;
    const peak = this.reader?.peakKb();
    if (peak !== undefined) this.note(peak, now);
    return this.lastKb;
  }

  /** A peak the process reported itself (pylambda's runtime does with each result) is as fresh as a read. */
  note(kb: number | undefined, now = this.monotonic()): void {
    if (kb === undefined) return;
    this.lastKb = Math.max(kb, this.lastKb ?? 0);
    this.lastAt = now;
  }

  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }
}
