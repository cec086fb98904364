import { guardFrozenGroup, releaseFrozenGroup } from '../adapters/frozen-groups.js';
import type { OwnedProcess } from '../adapters/process.js';
import { parseBackground, shouldFreeze, type Background } from '../core/runtime/freeze.js';
import { HEADERS } from '../core/runtime/protocol.js';

/** Environments are frozen between invocations, as on Lambda; the keeper of frozen groups runs with this Python. */
export interface FreezeOptions {
  readonly keeperPython: string;
  /** Told once per pylambda process when the keeper cannot start: from then on nothing is frozen. */
  readonly onWarning?: (message: string) => void;
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
  constructor(private readonly process: OwnedProcess, private readonly options: FreezeOptions | undefined) {}

  /** The runtime exited: its group id may be another process's next. */
  exited(): void {
    this.frozen = false;
    releaseFrozenGroup(this.process.pid);
  }

  /** What the runtime reported with its result or its init's `next` (nothing, from awslambdaric). */
  note(headers: Readonly<Record<string, string>>): void {
    this.reported = parseBackground(headers[HEADERS.background]);
  }

  /**
   * The runtime asked for the next event and none is waiting: freezes it unless something is there before it
   * is done (`idle` says it still waits, and is not being ended), or nothing could run. Decided a turn later,
   * once the pool had its turn: our runtime client sends its `next` with its result, and the invocation
   * settles (the pool hands the environment the next one in line) only after both were read. Decided at
   * once, a queued event would find its environment just frozen: two signals for nothing. The keeper is
   * then started off the request, after its reply went out.
   */
  waiting(state: { readonly eventWaiting: boolean; readonly descendantsSeen: boolean }, idle: () => boolean): void {
    if (this.frozen || !this.process.isRunning()) return;
    if (!shouldFreeze({ enabled: this.options !== undefined, reported: this.reported, ...state })) return;
    setImmediate(() => this.freeze(idle));
  }

  private freeze(idle: () => boolean): void {
    const { process } = this;
    if (this.frozen || !process.isRunning() || !idle()) return;
    const { keeperPython, onWarning } = this.options!;
    // A group no keeper guards would stay stopped for good if pylambda were killed outright: it runs on instead.
    const guarded = guardFrozenGroup(process.pid, keeperPython, (reason) => onWarning?.(
      `environments are not frozen between invocations, as Lambda freezes them: pylambda's keeper of frozen groups could not start (${reason}); what a function leaves running runs on between invocations, as with --no-freeze`,
    ));
    if (!guarded) return;
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
