import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ProcessMemory } from '../core/runtime/memory-limit.js';

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
      return fieldKb(this.buffer.toString('latin1', 0, n), 'VmHWM:');
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A `Field:   123 kB` line of /proc/<pid>/status. */
function fieldKb(status: string, field: string): number | undefined {
  const at = status.indexOf(field);
  return at < 0 ? undefined : Number.parseInt(status.slice(at + field.length, status.indexOf('kB', at)), 10);
}

/** A process's resident memory now, in kB (VmRSS), or undefined once it is gone. */
function residentKb(pid: number): number | undefined {
  try {
    return fieldKb(readFileSync(`/proc/${pid}/status`, 'latin1'), 'VmRSS:');
  } catch {
    return undefined;
  }
}

/**
 * The processes a process started, and theirs: /proc/<pid>/task/<tid>/children (Linux 3.5+) for each of its
 * threads, as a subprocess started from a worker thread (a ThreadPoolExecutor running ffmpeg) is that thread's.
 */
function descendants(pid: number, out: number[] = [], depth = 0): number[] {
  if (depth > 16) return out;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1');
    } catch {
      continue;
    }
    for (const child of text.split(/\s+/)) {
      if (child === '') continue;
      out.push(Number(child));
      descendants(Number(child), out, depth + 1);
    }
  }
  return out;
}

/** The runtime and what it started, at one moment, with their resident memory; undefined while it started nothing. */
export function processTree(pid: number): { runtime: ProcessMemory; descendants: ProcessMemory[] } | undefined {
  const pids = descendants(pid);
  if (pids.length === 0) return undefined;
  const withMemory = (p: number) => ({ pid: p, rssKb: residentKb(p) ?? 0 });
  return { runtime: withMemory(pid), descendants: pids.map(withMemory) };
}

/**
 * The memory processes hold together, each page once: the sum of their Pss (/proc/<pid>/smaps_rollup, Linux
 * 4.14+), which splits a page a fork shares between its sharers, as the cgroup counts it once. VmRSS where
 * Pss cannot be read. Read off the event loop: the kernel walks the page tables for it, ~12 ms a GB.
 */
export async function proportionalKb(pids: readonly number[]): Promise<number> {
  const each = await Promise.all(pids.map(async (pid) => {
    try {
      return fieldKb(await readFile(`/proc/${pid}/smaps_rollup`, 'latin1'), '\nPss:') ?? residentKb(pid) ?? 0;
    } catch {
      return residentKb(pid) ?? 0;
    }
  }));
  return each.reduce((a, b) => a + b, 0);
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
  private treePeakKb: number | undefined;

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

  /** A total of the runtime and its descendants (proportionalKb): it counts for REPORT, not as the runtime's own peak. */
  noteTree(kb: number): void {
    this.treePeakKb = Math.max(kb, this.treePeakKb ?? 0);
  }

  /** REPORT's Max Memory Used: the runtime's peak, or the most it and its descendants held together. */
  reportKb(): number | undefined {
    return this.treePeakKb === undefined ? this.lastKb : Math.max(this.treePeakKb, this.lastKb ?? 0);
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
