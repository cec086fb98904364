/**
 * dev's reloads, one at a time: two at once would both start servers for a new endpoint (one left running
 * after stop), or apply an older version after a newer one. Files changed during a reload make the next one.
 * A change that supersedes the running reload (a Chalice app.py saved again while its routes are read) aborts
 * its signal: an import that is slow or hangs (a network call at module level, a debugging sleep) no longer
 * holds the fix back for up to its 30 s timeout, and the abandoned read is not reported.
 */
export class ReloadQueue {
  private running: Promise<void> | undefined;
  private readonly pending = new Set<string>();
  private current: AbortController | undefined;

  constructor(
    /** Applies one batch of changed files; `signal` aborts once a newer change supersedes it. */
    private readonly apply: (files: readonly string[], signal: AbortSignal) => Promise<void>,
    /** Whether a file changed during a reload makes that reload's work worthless. */
    private readonly supersedes: (file: string) => boolean,
    /** A reload that failed, and was neither superseded nor stopped. */
    private readonly failed: (error: unknown) => void,
    private readonly stopped: () => boolean,
  ) {}

  /** Files seen before reloads may run (dev's servers still starting): the first run takes them. */
  hold(files: readonly string[]): void {
    for (const file of files) this.pending.add(file);
  }

  /** The files held, and forgets them. */
  take(): string[] {
    const files = [...this.pending];
    this.pending.clear();
    return files;
  }

  /** Abandons the reload under way (dev stops): a route read stops its import now, not at its timeout. */
  abort(): void {
    this.current?.abort();
  }

  /** Reloads `files`, or adds them to the next reload when one is running. Never rejects. */
  run(files: readonly string[]): Promise<void> {
    if (this.running) {
      this.hold(files);
      if (files.some((f) => this.supersedes(f))) this.current?.abort();
      return this.running;
    }
    this.running = (async () => {
      try {
        for (let batch: readonly string[] = files; batch.length > 0 && !this.stopped(); batch = this.take()) {
          const controller = new AbortController();
          this.current = controller;
          try {
            await this.apply(batch, controller.signal);
          } catch (error) {
            if (!this.stopped() && !controller.signal.aborted) this.failed(error);
          }
        }
      } finally {
        this.current = undefined;
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
