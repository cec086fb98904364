/**
 * Lambda freezes an execution environment between invocations: "Lambda freezes the execution environment
 * when the runtime and each extension have completed and there are no pending events"
 * (lambda-runtime-environment.html, "Lambda execution environment lifecycle"). Every process and thread
 * of it stops: a background thread's logs show up during the next invocation, a threading.Timer fires
 * late, a subprocess left running makes no progress. That holds after the init too, when no event is
 * already waiting for the environment (an environment started ahead of its requests).
 *
 * Locally a freeze is SIGSTOP to the environment's process group, and SIGCONT before the next event. Two
 * signals and the context switches they cause are a share of a warm invocation, so an environment is
 * frozen only when something in it could run while it waits: pylambda's runtime client reports that with
 * each result; a runtime that reports nothing (the official awslambdaric) is always frozen.
 */

/** What a runtime had besides its main loop when it asked for the next event. */
export interface Background {
  /** Threads started since the runtime's own (the function's: at import or during an invocation). */
  readonly threads: number;
  /** The process has children (running, or exited and not yet waited for). */
  readonly children: boolean;
}

/**
 * pylambda's runtime client sends `threads=<n>,children=<0|1>` with each result and with its init's
 * `next` (X-Pylambda-Background, protocol.ts). Anything else is undefined: not reported.
 */
export function parseBackground(value: string | undefined): Background | undefined {
  const match = value === undefined ? null : /^threads=(\d{1,6}),children=([01])$/.exec(value);
  return match ? { threads: Number(match[1]), children: match[2] === '1' } : undefined;
}

export interface FreezeState {
  /** Freezing is on (`--no-freeze` turns it off: a debugger attached to the process would stop with it). */
  readonly enabled: boolean;
  /** An event waits for the environment: it is handed over at once, and Lambda does not freeze in between. */
  readonly eventWaiting: boolean;
  /** What the runtime reported with its result, or with its init's `next`; undefined: it reports nothing. */
  readonly reported: Background | undefined;
  /** The emulator saw processes under the runtime (the memory poller's walk of its tree). */
  readonly descendantsSeen: boolean;
}

/** Whether an environment whose runtime now waits for the next event is frozen until that event comes. */
export function shouldFreeze(state: FreezeState): boolean {
  if (!state.enabled || state.eventWaiting) return false;
  const { reported } = state;
  if (reported === undefined) return true;
  return reported.threads > 0 || reported.children || state.descendantsSeen;
}
