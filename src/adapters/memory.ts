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
