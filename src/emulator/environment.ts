import { makeEnvironmentTmp, removeEnvironmentTmp } from '../adapters/fs.js';
import { killProcess, type OwnedProcess } from '../adapters/process.js';
import { asError } from '../core/errors.js';
import { LIMITS } from '../core/model/limits.js';
import { exitError, initTimeoutError, outOfMemoryError, responseTooLargeError, RUNTIME_API_ERRORS, timeoutError } from '../core/runtime/errors.js';
import { functionErrorType, nextHeaders, reportedPeakKb } from '../core/runtime/protocol.js';
import { DeadlineTimer } from './deadline-timer.js';
import { Freezer } from './freezer.js';
import { unwatchMemory, watchMemory } from './memory-poller.js';
import { applyRuntimeCall, startInvocation, type EnvironmentState, type RuntimeCall } from '../core/runtime/state.js';
import { spawnRuntime, type RuntimeProcess } from './runtime-process.js';
import { ACCEPTED, RuntimeApiServer, type ApiReply, type RuntimeApiHandler } from './runtime-api-server.js';
import { EnvironmentMemory, PEAK_FRESH_MS } from './environment-memory.js';
import { InitPhase } from './init-phase.js';
import { EnvironmentGone, type EnvironmentOptions, type HeldInvocation, type Invocation, type InvocationRecord, type Outcome } from './invocation.js';

/**
 * One execution environment: a runtime process, its Runtime API server, and the supervisor that
 * enforces the deadline and the memory limit, and turns every way a process can fail into Lambda's error.
 */
export class ExecutionEnvironment implements RuntimeApiHandler {
  private state: EnvironmentState = { name: 'initializing' };
  private process: OwnedProcess | undefined;
  private server: RuntimeApiServer | undefined;
  /** Hand on what the runtime wrote without a final newline (readLines). */
  private flushOutput: ReadonlyArray<() => void> = [];
  private deliverNext: ((headers: Record<string, string>, body: Buffer) => void) | undefined;
  private current: HeldInvocation | undefined;
  private initFailureListener: ((record: InvocationRecord) => void) | undefined;
  private killedFor: 'timeout' | 'memory' | 'stop' | undefined;
  private readonly exitListeners: Array<() => void> = [];
  private lastRequestId: string | undefined;
  private readonly deadline: DeadlineTimer;
  private readonly memory: EnvironmentMemory;
  private freezer: Freezer | undefined;
  private readonly init: InitPhase;

  private constructor(private readonly options: EnvironmentOptions) {
    this.init = new InitPhase(() => options.clock.monotonic(), options.suppressedInit === true);
    this.memory = new EnvironmentMemory(options.memorySizeMb, () => options.clock.monotonic(), (error) => options.onError(error));
    this.deadline = new DeadlineTimer(() => options.clock.monotonic(), () => this.current?.delivered === true, () => this.onTimeout(), !options.untimed);
  }

  static async start(options: EnvironmentOptions): Promise<ExecutionEnvironment> {
    const env = new ExecutionEnvironment(options);
    // Made first: it may fail (a $TMPDIR that is not there), and nothing else is then left to close.
    const tmp = makeEnvironmentTmp();
    env.exitListeners.push(() => removeEnvironmentTmp(tmp));
    env.server = await RuntimeApiServer.start(env, { unixSocket: options.launch.unixSocket === true });
    env.init.start();
    let runtime: RuntimeProcess;
    try {
      runtime = await spawnRuntime(options.launch, env.server, tmp, (stream, text) => env.output(stream, text));
    } catch (error) {
      removeEnvironmentTmp(tmp);
      env.server.close();
      throw error;
    }
    const child = (env.process = runtime.process);
    env.flushOutput = runtime.flushOutput;
    env.freezer = new Freezer(child, options.freeze);
    env.memory.watch(child.pid);
    // Lambda's memory limit holds during init too; and a runtime that exits during init leaves a peak to report.
    watchMemory(env);
    child.exited.then(({ code, signal }) => env.onExit(code, signal)).catch((error: unknown) => options.onError(asError(error)));
    if (options.untimed) return env;
    env.exitListeners.push(env.init.limit(options.initTimeoutMs ?? LIMITS.initTimeoutMs, () => env.onInitTimeout()));
    return env;
  }

  get id(): number {
    return this.options.id;
  }

  get pid(): number {
    return this.process?.pid ?? -1;
  }

  get alive(): boolean {
    return this.state.name !== 'stopped' && this.state.name !== 'initFailed' && (this.process?.isRunning() ?? false);
  }

  /** True while the environment is serving an invocation (or waiting to be handed one). */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** When its init ended, on the clock's monotonic time; undefined while it runs. */
  get initEndedAt(): number | undefined {
    return this.init.endedAt;
  }

  onStopped(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  /**
   * An init that fails before any invocation came (an environment started ahead of its requests) is the
   * next invocation's to report, as on Lambda: its INIT_REPORT with Phase: init, then the retried init.
   */
  onInitFailure(listener: (record: InvocationRecord) => void): void {
    this.initFailureListener = listener;
  }

  /** Runs one invocation; resolves with its record, or rejects with EnvironmentGone before delivery. */
  invoke(invocation: Invocation, onDelivered?: () => void): Promise<InvocationRecord> {
    if (this.current) throw new Error(`environment ${this.id} is already serving ${this.current.invocation.requestId}`);
    if (!this.alive) return Promise.reject(new EnvironmentGone());
    return new Promise((resolve, reject) => {
      const current: HeldInvocation = { invocation, resolve, reject, onDelivered, delivered: false, startedAt: 0, timers: [] };
      this.current = current;
      if (this.state.name === 'idle') {
        this.deliver();
      } else {
        // Everything an environment owns is unref'd; a pending invocation alone keeps Node running (once delivered, its deadline timer does).
        this.current.timers.push(setInterval(() => undefined, 1 << 30));
      }
    });
  }

  async stop(): Promise<void> {
    if (this.process?.isRunning()) {
      this.killedFor ??= 'stop';
      // Waiting for the exit must keep Node alive, though the process itself is unref'd.
      this.process.child.ref();
      this.process.kill('SIGKILL');
      await this.process.exited;
    }
    this.cleanup();
  }

  /** A stop nobody waits for: its failure (pylambda's bug) goes to onError, not to an unhandled rejection. */
  private stopInBackground(): void {
    this.stop().catch((error: unknown) => this.options.onError(asError(error)));
  }

  // --- Runtime API ---------------------------------------------------------------------------------

  next(deliver: (headers: Record<string, string>, body: Buffer) => void, refuse: (reply: ApiReply) => void, headers: Readonly<Record<string, string>> = {}): void {
    const wasInit = this.state.name === 'initializing';
    if (!this.transition({ kind: 'next' }, refuse)) return;
    this.deliverNext = deliver;
    if (wasInit) {
      this.init.end(true);
      unwatchMemory(this);
      this.freezer?.note(headers);
      if (this.overMemory()) return;
    }
    const eventWaiting = this.current !== undefined && !this.current.delivered;
    this.freezer?.waiting({ eventWaiting, descendantsSeen: this.memory.descendantsSeen }, () => this.state.name === 'idle' && !this.current && !this.killedFor);
    if (eventWaiting) this.deliver();
  }

  result(kind: 'response' | 'error', requestId: string, body: Buffer, headers: Readonly<Record<string, string>>): ApiReply {
    let refused: ApiReply | undefined;
    if (!this.transition({ kind, requestId }, (reply) => (refused = reply))) return refused!;
    this.memory.note(reportedPeakKb(headers));
    this.freezer?.note(headers);
    if (this.overMemory(PEAK_FRESH_MS)) return ACCEPTED;
    const outcome: Outcome = kind === 'response'
      ? { kind: 'response', payload: body }
      : { kind: 'functionError', payload: body, errorType: functionErrorType(body, headers), duringInit: false };
    this.finish(outcome, true);
    return ACCEPTED;
  }

  tooLarge(requestId: string, size: number): ApiReply {
    let refused: ApiReply | undefined;
    if (!this.transition({ kind: 'response', requestId }, (reply) => (refused = reply))) return refused!;
    // Lambda fails the invocation; the official runtime then exits on the 413, so the environment goes.
    this.finish({ kind: 'platformError', error: responseTooLargeError(size, LIMITS.responsePayloadBytes), status: 'error' }, false);
    return RUNTIME_API_ERRORS.tooLarge(LIMITS.responsePayloadBytes);
  }

  initError(body: Buffer, headers: Readonly<Record<string, string>>): ApiReply {
    let refused: ApiReply | undefined;
    if (!this.transition({ kind: 'initError' }, (reply) => (refused = reply))) return refused!;
    this.init.end();
    this.memory.note(reportedPeakKb(headers));
    const outcome: Outcome = { kind: 'functionError', payload: body, errorType: functionErrorType(body, headers), duringInit: true };
    if (this.current) this.finish(outcome, false);
    else this.initFailedAlone(outcome);
    return ACCEPTED;
  }

  private transition(call: RuntimeCall, refuse: (reply: ApiReply) => void): boolean {
    const next = applyRuntimeCall(this.state, call);
    if (!next.ok) {
      refuse(next.refusal === 'invalidRequestId' ? RUNTIME_API_ERRORS.invalidRequestId : RUNTIME_API_ERRORS.invalidState);
      return false;
    }
    this.state = next.state;
    return true;
  }

  // --- supervision ---------------------------------------------------------------------------------

  private deliver(): void {
    const current = this.current!;
    const { invocation } = current;
    const started = startInvocation(this.state, invocation.requestId);
    if (!started.ok || !this.deliverNext) return;
    this.state = started.state;
    const { clock, timeoutSeconds } = this.options;
    const send = this.deliverNext;
    this.deliverNext = undefined;
    for (const timer of current.timers.splice(0)) clearTimeout(timer);
    current.delivered = true;
    this.lastRequestId = invocation.requestId;
    current.onDelivered?.();
    // Thawed first: the event goes to a runtime that can read it, and Duration starts after.
    this.freezer?.thaw();
    const now = clock.monotonic();
    current.startedAt = this.init.invocationStart(now);
    const timeoutMs = Math.max(1, Math.round(timeoutSeconds * 1000 - (now - current.startedAt)));
    send(
      nextHeaders({
        requestId: invocation.requestId,
        deadlineMs: clock.now() + timeoutMs,
        functionArn: invocation.qualifier ? `${this.options.functionArn}:${invocation.qualifier}` : this.options.functionArn,
        contentType: invocation.contentType,
        traceId: invocation.traceId,
        clientContext: invocation.clientContext,
        cognitoIdentity: invocation.cognitoIdentity,
        tenantId: invocation.tenantId,
      }),
      invocation.payload,
    );
    this.deadline.start(timeoutMs);
    watchMemory(this);
  }

  /** The memory poller's check, while an invocation or the init runs: the runtime's peak, then its processes'. */
  checkMemory(): void {
    if (this.overMemory() || !this.process) return;
    const { pid } = this.process;
    // The tree is read off the event loop: what it says is of the invocation (or init) it was read during.
    const current = this.current;
    this.memory.checkTree(pid, (victim) => {
      if (!this.process?.isRunning() || this.current !== current) return;
      if (victim === pid) this.outOfMemory();
      else killProcess(victim);
    });
  }

  private onTimeout(): void {
    const current = this.current;
    if (!current) return;
    this.kill('timeout');
    this.finish({ kind: 'platformError', error: timeoutError(current.invocation.requestId, this.options.timeoutSeconds), status: 'timeout' }, false);
  }

  private onInitTimeout(): void {
    if (this.state.name !== 'initializing') return;
    this.kill('timeout');
    // Lambda's init phase ends at its limit (INIT_REPORT says about 10000 ms): a timer that fired later here is the host's delay.
    const limitMs = (this.init.durationMs = this.options.initTimeoutMs ?? LIMITS.initTimeoutMs);
    if (!this.current) {
      this.initFailedAlone({ kind: 'platformError', error: initTimeoutError('', limitMs), status: 'timeout' });
      return;
    }
    const { requestId } = this.current.invocation;
    // A suppressed init past the function's timeout is the invocation's own timeout.
    const error = this.options.suppressedInit ? timeoutError(requestId, this.options.timeoutSeconds) : initTimeoutError(requestId, limitMs);
    this.finish({ kind: 'platformError', error, status: 'timeout' }, false);
  }

  /** Lambda's memory limit is a hard one: past MemorySize the environment is killed, as the OOM killer would. */
  private overMemory(maxAgeMs = 0): boolean {
    if (!this.memory.overLimit(maxAgeMs)) return false;
    this.outOfMemory();
    return true;
  }

  private outOfMemory(): void {
    const initializing = this.state.name === 'initializing';
    this.kill('memory');
    if (this.current) {
      this.finish({ kind: 'platformError', error: outOfMemoryError(this.current.invocation.requestId), status: 'error' }, false);
    } else if (initializing) {
      this.initFailedAlone({ kind: 'platformError', error: outOfMemoryError(''), status: 'error' });
    }
  }

  /**
   * An init that failed with no invocation there (an environment started ahead of its requests): Lambda
   * tears the sandbox down, and the next invocation reports the failure and retries the init (onInitFailure).
   * The runtime may not exit by itself: sys.exit waits for the threads its module started.
   */
  private initFailedAlone(outcome: Outcome): void {
    this.init.reportedAlone();
    this.initFailureListener?.({ outcome, durationMs: 0, initDurationMs: this.init.durationMs, maxMemoryUsedMb: this.memory.maxUsedMb(), reusable: false });
    this.stopInBackground();
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.freezer?.exited();
    this.process?.releasePipes();
    if (this.state.name === 'initializing') this.init.end();
    this.state = { name: 'stopped' };
    const current = this.current;
    if (current && !current.delivered && this.init.completed) {
      // Warm but not yet handed the event: nothing ran, so another environment can take it.
      this.current = undefined;
      for (const timer of current.timers) clearTimeout(timer);
      current.reject(new EnvironmentGone());
    } else if (current) {
      const error = this.killedFor === 'memory' ? outOfMemoryError(current.invocation.requestId) : exitError(current.invocation.requestId, code, signal);
      this.finish({ kind: 'platformError', error, status: 'error' }, false, this.process?.closed);
    }
    this.cleanup();
  }

  private finish(outcome: Outcome, reusable: boolean, afterOutput?: Promise<void>): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    for (const timer of current.timers) clearTimeout(timer);
    this.deadline.release();
    unwatchMemory(this);
    const record: InvocationRecord = {
      outcome,
      ...this.init.invocationTimes(this.options.clock.monotonic(), current.delivered ? current.startedAt : undefined),
      maxMemoryUsedMb: this.memory.maxUsedMb(),
      reusable: reusable && this.alive,
    };
    if (!record.reusable) this.stopInBackground();
    // Settled after the poll phase: the runtime wrote the invocation's last lines before its result, and they are
    // read in that same phase (settled at once, the caller or the next invocation would run before they were read).
    // A runtime that exited is read to its pipes' end first (the adapter's drain window at most): its exit can
    // overtake the last lines it wrote, which Lambda shows before the END.
    const settle = () => setImmediate(() => {
      // A last line without its newline belongs to this invocation too, before its END.
      for (const flush of this.flushOutput) flush();
      current.resolve(record);
    });
    if (afterOutput) afterOutput.then(settle, settle);
    else settle();
  }

  private kill(reason: 'timeout' | 'memory'): void {
    if (this.state.name === 'initializing') this.init.end();
    this.memory.readLast();
    this.killedFor ??= reason;
    this.process?.kill('SIGKILL');
  }

  private output(stream: 'stdout' | 'stderr', text: string): void {
    // A line read after the result still belongs to the invocation that wrote it: the runtime writes none for the next one before it gets it.
    const requestId = this.current?.delivered ? this.current.invocation.requestId : this.lastRequestId;
    this.options.onOutput({ environmentId: this.id, requestId, stream, text });
  }

  private cleanup(): void {
    if (this.state.name !== 'stopped' || !this.server) return;
    this.deadline.stop();
    unwatchMemory(this);
    this.server.close();
    this.server = undefined;
    this.memory.close();
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}
