import { guardFrozenGroup, releaseFrozenGroup } from '../adapters/frozen-groups.js';
import type { OwnedProcess } from '../adapters/process.js';
import { parseBackground, shouldFreeze, type Background } from '../core/runtime/freeze.js';
import { HEADERS } from '../core/runtime/protocol.js';

/** Environments are frozen between invocations, as on Lambda; the keeper of frozen groups runs with this Python. */
export interface FreezeOptions {
  readonly keeperPython: string;
}

/**
 * An environment's freeze, as core/runtime/freeze.ts decides it: SIGSTOP to its process group (the runtime,
 * every thread of it, what it started) while the runtime waits for an event, SIGCONT before the event is
 * written. Whatever ends the environment sends SIGKILL, which a stopped process obeys: nothing else need thaw it.
 */
export class Freezer {
  private reported: Background | undefined;
  private frozen = false;

  /** Without options nothing is ever frozen (`--no-freeze`). */
  constructor(private readonly process: OwnedProcess, private readonly options: FreezeOptions | undefined) {
    // Once it exited, its group id may be another process's next.
    void process.exited.then(() => {
      this.frozen = false;
      releaseFrozenGroup(process.pid);
    });
  }

  /** What the runtime reported with its result or its init's `next` (nothing, from awslambdaric). */
  note(headers: Readonly<Record<string, string>>): void {
    this.reported = parseBackground(headers[HEADERS.background]);
  }

  /** The runtime asked for the next event: freezes it unless that event is there or nothing could run. */
  waiting(state: { readonly eventWaiting: boolean; readonly descendantsSeen: boolean }): void {
    const { process } = this;
    if (this.frozen || !process.isRunning()) return;
    if (!shouldFreeze({ enabled: this.options !== undefined, reported: this.reported, ...state })) return;
    guardFrozenGroup(process.pid, this.options!.keeperPython);
    process.kill('SIGSTOP');
    this.frozen = true;
  }

  /** Before the event goes out. */
  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.process.kill('SIGCONT');
  }
}
