/** What dev's SQS and stream pollers share: one loop per mapping, kept across reloads while its mapping stays the same. */
import { sleep } from '../adapters/clock.js';
import { InvokeRejected, type InvokeRequest, type InvokeResult } from '../emulator/local-function.js';
import { errorEvent } from './dev-error-event.js';
import type { DevEvent } from './dev-types.js';

export interface TriggerPollerOptions {
  readonly endpoint: string;
  /** What the endpoint held when it started (a reload's additions come through hold()). */
  readonly created: ReadonlyArray<{ readonly kind: string; readonly name: string }>;
  readonly region: () => string;
  readonly accountId: () => string;
  readonly run: (functionId: string, request: InvokeRequest) => Promise<InvokeResult>;
  readonly onEvent: (event: DevEvent) => void;
}

export class PollerLoops<M> {
  private running: Array<{ readonly key: string; readonly abort: AbortController; readonly done: Promise<void> }> = [];

  /**
   * `loop` calls `started` once it reads (a stream's LATEST is then fixed), or once it failed to. A loop says its
   * own failures to read and goes on; one that rejects all the same is a bug, an `error` event (`onEvent`): the
   * loop of a mapping a reload removed is waited for by nobody, and its rejection would have ended dev.
   */
  constructor(
    private readonly loop: (mapping: M, signal: AbortSignal, started: () => void) => Promise<void>,
    private readonly onEvent: (event: DevEvent) => void,
  ) {}

  /**
   * Loops for these mappings from now on: those already running go on, the others stop. Resolves once every new
   * loop has started.
   */
  set(mappings: readonly M[]): Promise<void> {
    const keys = new Map(mappings.map((m) => [JSON.stringify(m), m]));
    for (const p of this.running) if (!keys.has(p.key)) p.abort.abort();
    this.running = this.running.filter((p) => keys.has(p.key));
    const starting: Array<Promise<void>> = [];
    for (const [key, mapping] of keys) {
      if (this.running.some((p) => p.key === key)) continue;
      const abort = new AbortController();
      let started = () => {};
      starting.push(new Promise<void>((resolve) => (started = resolve)));
      const done = this.loop(mapping, abort.signal, () => started()).catch(errorEvent(this.onEvent)).finally(() => started());
      this.running.push({ key, abort, done });
    }
    return Promise.all(starting).then(() => undefined);
  }

  async stop(): Promise<void> {
    for (const p of this.running) p.abort.abort();
    await Promise.all(this.running.map((p) => p.done));
    this.running = [];
  }
}

/** How long a poller waits before it reads again after the endpoint failed it. */
const RETRY_MS = 1000;

/**
 * Runs `body` until the signal aborts it, again a second after each failure; the first failure of a run of them is
 * warned about (`warn` gets its message), so a stream or queue gone from the endpoint is said once, not every second.
 */
export async function pollUntilAborted(signal: AbortSignal, body: (ok: () => void) => Promise<void>, warn: (reason: string) => void): Promise<void> {
  let warned = false;
  while (!signal.aborted) {
    try {
      await body(() => (warned = false));
      return;
    } catch (error) {
      if (signal.aborted) return;
      if (!warned) {
        warned = true;
        warn(error instanceof Error ? error.message : String(error));
      }
      await sleep(RETRY_MS, signal);
    }
  }
}

/** A batch's invocation as the mapping sees it: an error of the function, or one Lambda refused (throttled, too large), is a failure. */
export interface BatchInvocation {
  readonly functionError: boolean;
  readonly payload: string;
  /** The Invoke API's status: 200 when the function ran, a refusal's (429 throttled) when it did not. */
  readonly statusCode: number;
  /** The invocation's request id, when the function ran. */
  readonly requestId?: string;
  readonly cold?: boolean;
  readonly reason?: string;
}

/** `mapping`: the function the mapping invokes, and the alias (its invoked ARN's qualifier). */
export async function invokeWithBatch(run: TriggerPollerOptions['run'], mapping: { readonly functionId: string; readonly qualifier?: string }, payload: string): Promise<BatchInvocation> {
  try {
    const result = await run(mapping.functionId, { payload, ...(mapping.qualifier ? { qualifier: mapping.qualifier } : {}) });
    return {
      functionError: result.functionError !== undefined, payload: result.payload.toString('utf8'), statusCode: 200, requestId: result.requestId, cold: result.cold,
      ...(result.functionError ? { reason: `function error ${result.errorType ?? ''}`.trim() } : {}),
    };
  } catch (error) {
    if (!(error instanceof InvokeRejected)) throw error;
    return { functionError: true, payload: '', statusCode: error.statusCode, reason: error.message };
  }
}
