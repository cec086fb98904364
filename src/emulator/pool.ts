import { asError } from '../core/errors.js';
import type { ExecutionEnvironment } from './environment.js';
import { EnvironmentGone, FunctionRetired, InvocationWithdrawn, PoolClosed, type Invocation, type InvocationRecord } from './invocation.js';

/**
 * A change seen this soon after the init of an environment started ahead of its requests (and used by none
 * yet) is taken for that init's own doing: no other environment is started ahead for it (recycle).
 */
const PREWARM_ECHO_MS = 1000;

export interface PoolOptions {
  /** Most environments at once (the function's reserved concurrency, or pylambda's default). */
  readonly maxConcurrency: number;
  /** An idle environment is stopped after this long. */
  readonly idleTimeoutMs: number;
  readonly createEnvironment: (id: number, options: StartOptions) => Promise<ExecutionEnvironment>;
  /** Monotonic milliseconds (the idle timeout's clock). */
  readonly now?: () => number;
  /** A failure of work nobody waits for (an environment stopped in the background): pylambda's bug, for the caller to report. */
  readonly onError: (error: Error) => void;
}

/** How a new environment starts: normally, or with its init inside the first invocation (a suppressed init). */
export interface StartOptions {
  readonly suppressedInit?: boolean;
  /** The version it runs (AWS_LAMBDA_FUNCTION_VERSION, fixed when its process starts); `$LATEST` when absent. */
  readonly version?: string;
}

interface Waiter {
  readonly resolve: (env: ExecutionEnvironment) => void;
  readonly reject: (e: Error) => void;
  readonly start: StartOptions;
  readonly wanted: (() => boolean) | undefined;
  readonly tenant: string | undefined;
}

/** What an environment serves: its version, and the tenant it first served (absent until then). */
interface Served {
  readonly tenant: string | undefined;
  readonly version: string | undefined;
}

export interface PoolRun {
  readonly record: InvocationRecord;
  readonly environmentId: number;
}

/**
 * The environments of one function: reuse the most recently used idle one (warm), else start one (cold)
 * up to the concurrency limit, else wait in line, first come first served. With tenant isolation an environment
 * serves one tenant only (lambda docs, tenant-isolation: "execution environments are never shared between
 * tenants"): another tenant's idle one is stopped to make room. An environment runs one version of the function
 * (Lambda's environments are a version's: its AWS_LAMBDA_FUNCTION_VERSION and log stream say which), so one of
 * another version is stopped to make room in the same way.
 */
export class FunctionPool {
  private readonly environments = new Set<ExecutionEnvironment>();
  /** Idle environments, the most recently used last. */
  private readonly idle: ExecutionEnvironment[] = [];
  /** When each idle environment became idle. One timer stops them all: a timer per release cost a share of a warm invocation. */
  private readonly idleSince = new Map<ExecutionEnvironment, number>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly waiting: Waiter[] = [];
  private starting = 0;
  /** One promise per environment being started, settled once it is up (or has failed). */
  private readonly starts = new Set<Promise<void>>();
  private nextId = 1;
  /** Inits of prewarmed environments that failed with no invocation there: each is the next invocation's. */
  private readonly failedInits: PoolRun[] = [];
  private closed = false;
  /** Environments started before a recycle run old code: they finish what they do, then go. */
  private readonly generations = new Map<ExecutionEnvironment, number>();
  private generation = 0;
  /** Environments started ahead of their requests (recycle's prewarm) that no invocation has used yet, and those starting. */
  private readonly prewarmed = new Set<ExecutionEnvironment>();
  private prewarming = 0;
  /** The tenant each environment has served (undefined for a function without tenant isolation); absent until its first invocation. */
  private readonly tenants = new Map<ExecutionEnvironment, string | undefined>();
  /** The version each environment runs (StartOptions.version), from its start. */
  private readonly versions = new Map<ExecutionEnvironment, string | undefined>();

  constructor(private readonly options: PoolOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.environments.size + this.starting;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** An invocation runs, waits, or has an environment starting for it. */
  get busy(): boolean {
    return this.waiting.length > 0 || this.starting > 0 || [...this.environments].some((e) => e.busy);
  }

  environmentPids(): number[] {
    return [...this.environments].map((e) => e.pid);
  }

  /**
   * Runs an invocation in an environment of the pool, waiting for a concurrency slot if none is free. `wanted`
   * says, when its turn comes, whether the caller still waits for it (InvocationWithdrawn if not).
   */
  async run(invocation: Invocation, onDelivered?: () => void, start: StartOptions = {}, wanted?: () => boolean): Promise<PoolRun> {
    // The retry of a failed init (suppressedInit) runs; any other invocation first takes a failure waiting.
    const failed = start.suppressedInit || this.failedInits.length === 0 ? undefined : this.failedInits.shift();
    if (failed) return failed;
    // Its environment runs the invocation's version: one started for it (or for a waiter it serves) starts so.
    const versioned: StartOptions = invocation.version === undefined ? start : { ...start, version: invocation.version };
    for (;;) {
      const env = await this.acquire(versioned, wanted, invocation.tenantId);
      if (!this.tenants.has(env)) this.tenants.set(env, invocation.tenantId);
      try {
        const record = await env.invoke(invocation, onDelivered);
        this.release(env, record.reusable);
        return { record, environmentId: env.id };
      } catch (error) {
        this.release(env, false);
        if (!(error instanceof EnvironmentGone)) throw error;
      }
    }
  }

  /**
   * New code: idle environments stop now, busy ones when their invocation ends, and the next invocation
   * starts a fresh one. `prewarm` starts that many at once, so the next request waits for less of its init.
   */
  recycle(prewarm = 0): void {
    // Code that writes a file beside itself at import (an OpenAPI spec, a generated config) reloads dev from
    // the init of the environment started ahead: another one started ahead would import it again, write
    // again and reload again, without end and with no request. The next request starts one instead.
    const echo = this.initEcho();
    this.generation++;
    for (const env of this.idle.splice(0)) {
      this.idleSince.delete(env);
      this.forget(env);
      this.discard(env);
    }
    this.failedInits.length = 0;
    // A pool shut down starts nothing more (a reload that outlived dev's stop would leave a runtime behind).
    for (let i = 0; i < (echo ? 0 : prewarm) && !this.closed && this.size < this.options.maxConcurrency; i++) {
      const generation = this.generation;
      this.prewarming++;
      this.startEnvironment().then((env) => {
        this.prewarming--;
        this.prewarmed.add(env);
        env.onInitFailure((record) => {
          if (!this.closed && generation === this.generation) this.failedInits.push({ record, environmentId: env.id });
        });
        this.release(env, true);
      }, () => {
        // Started ahead, for nobody yet: the next invocation starts its own, and meets the failure if it recurs.
        this.prewarming--;
      }).catch(this.reportError);
    }
  }

  /** An environment started ahead and not used yet is starting, in its init, or ended it a moment ago. */
  private initEcho(): boolean {
    const now = this.now();
    return this.prewarming > 0 || [...this.prewarmed].some((env) => env.initEndedAt === undefined || now - env.initEndedAt < PREWARM_ECHO_MS);
  }

  /** Stops every environment; invocations still waiting fail. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.failedInits.length = 0;
    for (const w of this.waiting.splice(0)) w.reject(new PoolClosed());
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.idleSince.clear();
    this.idle.length = 0;
    // Environments still starting stop themselves (createEnvironment); shutdown waits for them too.
    await Promise.all([...[...this.environments].map((e) => e.stop()), ...this.starts]);
    this.environments.clear();
  }

  /**
   * The function was replaced (dev reloaded it): the invocations waiting for a slot go to its successor
   * (FunctionRetired), and its environments stop once their invocations end.
   */
  retire(): void {
    this.recycle(0);
    for (const w of this.waiting.splice(0)) w.reject(this.withdrawn(w) ? new InvocationWithdrawn() : new FunctionRetired());
  }

  private acquire(start: StartOptions, wanted: (() => boolean) | undefined, tenant: string | undefined): Promise<ExecutionEnvironment> {
    if (this.closed) return Promise.reject(new PoolClosed());
    const warm = this.takeIdle({ tenant, version: start.version });
    if (warm) return Promise.resolve(warm);
    if (this.size >= this.options.maxConcurrency) this.evictIdle();
    if (this.size < this.options.maxConcurrency) return this.startEnvironment(start);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject, start, wanted, tenant }));
  }

  /** Stops the least recently used idle environment (another tenant's or version's: none that serves this one is idle) to free its slot. */
  private evictIdle(): void {
    const oldest = this.idle[0];
    if (!oldest) return;
    this.forget(oldest);
    this.discard(oldest);
  }

  /**
   * The first invocation in line whose caller still waits for it. The others leave the line: a request the
   * gateway answered (its integration timeout) or whose client hung up would run for nobody and hold up the
   * requests behind it (Lambda would have throttled it at once).
   */
  private nextWaiter(): Waiter | undefined {
    for (let w = this.waiting.shift(); w; w = this.waiting.shift()) {
      if (!this.withdrawn(w)) return w;
      w.reject(new InvocationWithdrawn());
    }
    return undefined;
  }

  private withdrawn(waiter: Waiter): boolean {
    return waiter.wanted !== undefined && !waiter.wanted();
  }

  /** The most recently used idle environment that may serve the invocation: of its version, its tenant's or one no invocation has used yet. */
  private takeIdle(served: Served): ExecutionEnvironment | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const env = this.idle[i]!;
      if (env.alive && !this.mayServe(env, served)) continue;
      this.idle.splice(i, 1);
      this.idleSince.delete(env);
      this.prewarmed.delete(env);
      if (env.alive) return env;
    }
    return undefined;
  }

  /**
   * An environment serves its own version, and the tenant it first served; one no invocation has used yet (started
   * ahead) serves any tenant. `$LATEST` is the version of an environment started with none.
   */
  private mayServe(env: ExecutionEnvironment, served: Served): boolean {
    return (this.versions.get(env) ?? '$LATEST') === (served.version ?? '$LATEST') && (!this.tenants.has(env) || this.tenants.get(env) === served.tenant);
  }

  private startEnvironment(options: StartOptions = {}): Promise<ExecutionEnvironment> {
    const start = this.createEnvironment(options);
    // Settled either way: the caller meets the failure; shutdown only waits for the start to end.
    const settled: Promise<void> = start.then(() => undefined, () => undefined).finally(() => this.starts.delete(settled));
    this.starts.add(settled);
    return start;
  }

  private async createEnvironment(options: StartOptions): Promise<ExecutionEnvironment> {
    this.starting++;
    // The code it runs is the code of when it was asked for: an environment a recycle overtook while it started
    // may have imported the old code, and must not be reused after it.
    const generation = this.generation;
    try {
      const env = await this.options.createEnvironment(this.nextId++, options);
      if (this.closed) {
        // Shut down while this one was starting: it would otherwise run the invocation after shutdown.
        await env.stop();
        throw new PoolClosed();
      }
      this.environments.add(env);
      this.generations.set(env, generation);
      this.versions.set(env, options.version);
      env.onStopped(() => this.forget(env));
      return env;
    } finally {
      this.starting--;
    }
  }

  private release(env: ExecutionEnvironment, reusable: boolean): void {
    if (this.closed) {
      this.discard(env);
      return;
    }
    if (!reusable || !env.alive || this.generations.get(env) !== this.generation) {
      this.forget(env);
      this.discard(env);
      this.serveWaiting();
      return;
    }
    const waiter = this.nextWaiter();
    if (waiter && !this.mayServe(env, { tenant: waiter.tenant, version: waiter.start.version })) {
      // The next in line is another tenant's or version's: this environment makes room for a new one of its own.
      this.waiting.unshift(waiter);
      this.forget(env);
      this.discard(env);
      return;
    }
    if (waiter) {
      this.prewarmed.delete(env);
      waiter.resolve(env);
      return;
    }
    this.idle.push(env);
    this.idleSince.set(env, this.now());
    if (!this.idleTimer) this.armIdleTimer(this.options.idleTimeoutMs);
  }

  /** Stops the environments idle for the idle timeout, the oldest first, and waits for the next one's turn. */
  private sweepIdle(): void {
    this.idleTimer = undefined;
    const now = this.now();
    while (this.idle.length > 0) {
      const oldest = this.idle[0]!;
      const left = (this.idleSince.get(oldest) ?? now) + this.options.idleTimeoutMs - now;
      if (left > 0) {
        this.armIdleTimer(left);
        return;
      }
      this.idle.shift();
      this.idleSince.delete(oldest);
      this.discard(oldest);
    }
  }

  private armIdleTimer(ms: number): void {
    this.idleTimer = setTimeout(() => this.sweepIdle(), Math.max(1, Math.ceil(ms)));
    this.idleTimer.unref();
  }

  /** Stops an environment nobody waits for: a stop that fails is pylambda's bug, reported rather than an unhandled rejection. */
  private discard(env: ExecutionEnvironment): void {
    env.stop().catch(this.reportError);
  }

  private readonly reportError = (error: unknown): void => this.options.onError(asError(error));

  private forget(env: ExecutionEnvironment): void {
    this.generations.delete(env);
    this.tenants.delete(env);
    this.versions.delete(env);
    this.prewarmed.delete(env);
    if (!this.environments.delete(env)) return;
    const at = this.idle.indexOf(env);
    if (at >= 0) this.idle.splice(at, 1);
    this.idleSince.delete(env);
    this.serveWaiting();
  }

  /** A slot freed up: start an environment for the first invocation in line. */
  private serveWaiting(): void {
    if (this.closed || this.waiting.length === 0 || this.size >= this.options.maxConcurrency) return;
    const waiter = this.nextWaiter();
    if (!waiter) return;
    // A new environment for it starts as it asked (a suppressed init keeps its longer init limit).
    this.startEnvironment(waiter.start).then(waiter.resolve, waiter.reject);
  }
}
