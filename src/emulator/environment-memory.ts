import { PeakMemory } from '../adapters/memory.js';
import { ProcessTreeMemory } from './tree-memory.js';

/** At the end of an invocation the peak is read again only if the last read is older than this (PeakMemory). */
export const PEAK_FRESH_MS = 1;

/**
 * An environment's memory against Lambda's limit, MemorySize: the runtime's own peak, the total of the
 * processes it started, and what REPORT says of them (Max Memory Used).
 */
export class EnvironmentMemory {
  private readonly peak: PeakMemory;
  private readonly tree: ProcessTreeMemory;

  constructor(private readonly memorySizeMb: number, monotonic: () => number, onError: (error: Error) => void) {
    this.peak = new PeakMemory(monotonic);
    this.tree = new ProcessTreeMemory(memorySizeMb * 1024, monotonic, onError);
  }

  watch(pid: number): void {
    this.peak.watch(pid);
  }

  /** A peak the runtime reported itself (with a result or an init error). */
  note(kb: number | undefined): void {
    this.peak.note(kb);
  }

  /** Whether the runtime's peak (read again when older than maxAgeMs) is past MemorySize. */
  overLimit(maxAgeMs = 0): boolean {
    const peak = this.peak.read(maxAgeMs);
    return peak !== undefined && peak > this.memorySizeMb * 1024;
  }

  /** One poll of the runtime's processes: `over` gets the one to kill when together they pass the limit. */
  checkTree(pid: number, over: (victim: number) => void): void {
    this.tree.check(pid, (kb) => this.peak.noteTree(kb), over);
  }

  /** The runtime had processes under it when last looked at. */
  get descendantsSeen(): boolean {
    return this.tree.found;
  }

  /** The peak the runtime reached, read once more before it is killed. */
  readLast(): void {
    this.peak.read();
  }

  maxUsedMb(): number {
    this.peak.read(PEAK_FRESH_MS);
    const peakKb = this.peak.reportKb();
    // Lambda's cgroup stops the function at its memory size: its REPORT never shows more; here the kill comes a poll later.
    return peakKb === undefined ? 0 : Math.min(Math.round(peakKb / 1024), this.memorySizeMb);
  }

  close(): void {
    this.peak.close();
  }
}
