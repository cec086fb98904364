import type { Clock } from '../adapters/clock.js';
import type { LambdaErrorPayload } from '../core/runtime/errors.js';
import type { OutputLine } from '../core/runtime/logs.js';
import type { FreezeOptions } from './freezer.js';

/** How to start the runtime process, given the Runtime API's address. */
export interface LaunchSpec {
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The runtime's environment, given the Runtime API's host:port and, when offered, its Unix socket. */
  readonly env: (runtimeApi: string, unixSocket: string | undefined) => Record<string, string>;
  /** The runtime can use the Runtime API over a Unix socket (pylambda's own client can). */
  readonly unixSocket?: boolean;
  /** The runtime exits when its stdin closes (pylambda's own client does). */
  readonly watchesStdin: boolean;
}

export interface EnvironmentOptions {
  readonly id: number;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  readonly initTimeoutMs?: number;
  /**
   * A debugger may hold the process at a breakpoint (--debug-port): neither the deadline nor the init's limit is
   * enforced, as `sam local invoke -d` sets no timer. The runtime still gets the deadline the function's timeout gives.
   */
  readonly untimed?: boolean;
  /**
   * A suppressed init: Lambda "retries the Init phase at the time of the first function invocation with the
   * configured function timeout" after an init past 10 s. The init then runs inside the first invocation:
   * it has the function's timeout for init and handler together, and its time is part of the Duration.
   */
  readonly suppressedInit?: boolean;
  readonly launch: LaunchSpec;
  /** Freeze the environment between invocations, as Lambda does (freezer.ts); undefined: never. */
  readonly freeze?: FreezeOptions;
  readonly clock: Clock;
  readonly onOutput: (line: OutputLine) => void;
  /** A failure of work nobody waits for (its stop, a memory read): pylambda's bug, for the caller to report. */
  readonly onError: (error: Error) => void;
}

export interface Invocation {
  readonly requestId: string;
  readonly payload: Buffer;
  readonly contentType: string;
  readonly traceId?: string;
  readonly clientContext?: string;
  readonly cognitoIdentity?: string;
  readonly tenantId?: string;
  /** The alias or version invoked: the invoked ARN is the function's with `:qualifier`. */
  readonly qualifier?: string;
  /** The version it runs (an alias's, or the number invoked): an environment of that version runs it. `$LATEST` when absent. */
  readonly version?: string;
}

export type Outcome =
  | { readonly kind: 'response'; readonly payload: Buffer }
  /** The runtime reported an error: the handler's exception, or a failed init. */
  | { readonly kind: 'functionError'; readonly payload: Buffer; readonly errorType: string; readonly duringInit: boolean }
  /** The platform ended the invocation: timeout, crash, memory, size. */
  | { readonly kind: 'platformError'; readonly error: LambdaErrorPayload; readonly status: 'timeout' | 'error' };

export interface InvocationRecord {
  readonly outcome: Outcome;
  readonly durationMs: number;
  /** Set on the environment's first invocation: process start to the runtime's first `next`. */
  readonly initDurationMs?: number;
  readonly maxMemoryUsedMb: number;
  /** The environment can take another invocation. */
  readonly reusable: boolean;
}

/** The invocation an environment holds: handed to its runtime, or waiting for the runtime's `next`. */
export interface HeldInvocation {
  readonly invocation: Invocation;
  readonly resolve: (record: InvocationRecord) => void;
  readonly reject: (error: Error) => void;
  readonly onDelivered: (() => void) | undefined;
  delivered: boolean;
  startedAt: number;
  timers: NodeJS.Timeout[];
}

/** Raised when an environment went away before it was handed the event: the pool retries elsewhere. */
export class EnvironmentGone extends Error {}

/** The pool was shut down (pylambda is stopping): the invocation never ran. */
export class PoolClosed extends Error {
  constructor() {
    super('pylambda is shutting down');
  }
}

/** The invocation waited for a concurrency slot, and by its turn its caller no longer wanted it (gone, or answered). */
export class InvocationWithdrawn extends Error {
  constructor() {
    super('the caller stopped waiting before a concurrency slot was free');
  }
}

/** The function was replaced (dev reloaded it) while the invocation waited for a slot: its successor runs it. */
export class FunctionRetired extends Error {
  constructor() {
    super('the function was replaced while the invocation waited');
  }
}
