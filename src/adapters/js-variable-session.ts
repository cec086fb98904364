import { StringDecoder } from 'node:string_decoder';
import type { ConfigRun } from '../core/model/serverless/config-file.js';
import type { JsQuestion, JsReply } from '../core/model/serverless/variables/js-questions.js';
import { NODE_CONFIG_SCRIPT, NODE_CONFIG_TIMEOUT_MS, definedEnv } from './node-config.js';
import { spawnOwned, type OwnedProcess } from './process.js';

export interface JsVariableSessionOptions {
  /** The service directory: the Framework requires the files from its own process, which runs there. */
  readonly cwd: string;
  /** The command line's options, as the files' process.argv gives them after the program (`--stage`, `prod`). */
  readonly args: readonly string[];
  /** How long a run may wait for its values: past it the process is stopped. */
  readonly timeoutMs?: number;
  /** Stops the process (a newer save of the file is being read). */
  readonly signal?: AbortSignal;
}

export interface JsVariableRun {
  /** The file, absolute. */
  readonly path: string;
  /** The file as serverless.yml names it: the other runs a process.exit or a timeout of it ends are told it. */
  readonly name: string;
  /** The environment the file sees (process.env): its top level the one of its first run, its functions the one of theirs. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The addresses to give (`${file(./x.js):a.b}`), null for the whole export. */
  readonly addresses: readonly (string | null)[];
  /** The Framework's `options` a function export is called with: the command line's (`stage`, `region`, `param`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Answers a function's resolveVariable and resolveConfigurationProperty while it runs. */
  readonly ask: (question: JsQuestion) => Promise<JsReply>;
  /** Told of the loader's answer for `addresses[index]` as soon as it has it, before the others. */
  readonly onSettled: (index: number, answer: unknown) => void;
}

interface Pending {
  readonly run: JsVariableRun;
  /** The process it was sent to: one stopped at a timeout ends its own runs only. */
  readonly child: OwnedProcess;
  readonly done: (result: ConfigRun) => void;
  timedOut: boolean;
}

/** What a process's stderr is kept of, for the message of a run it ended without a value. */
const STDERR_KEPT = 64 * 1024;

/**
 * The `${file(./x.js)}` files of one read of a serverless.yml, run in one Node process (runtime/node/
 * file-variables-session.mjs) started at the first run and kept until `close`: the Framework v3 requires each in its
 * own process, so a file's top-level code runs once per `serverless` run (Node's module cache), however many
 * variables, rounds and stages of the resolution read it. A run's result is the ConfigRun of a process that ran it
 * alone (core/.../js-files.ts jsFileValuesFromRun). A process that ends (a file's process.exit, a Promise that never
 * settles, a timeout) ends the runs under way; the next run starts another, which requires the files anew. The file
 * that ended it gets its own error, the other runs one that names it (a `stopped` line): the Framework's process
 * would have ended there too.
 */
export class JsVariableSession {
  private child: OwnedProcess | undefined;
  private readonly pending = new Map<number, Pending>();
  private runs = 0;
  /** The environment the process has, by identity: a run with another sends its own. */
  private env: JsVariableRun['env'] | undefined;
  private closed = false;
  /** Why a process ended the runs it did not end for: the file whose timeout stopped it. */
  private readonly stops = new WeakMap<OwnedProcess, StoppedLine>();
  /** The files of the runs sent, by id: a process.exit may come after its file's run gave its values (a timer). */
  private readonly names = new Map<number, string>();

  constructor(private readonly options: JsVariableSessionOptions) {}

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? NODE_CONFIG_TIMEOUT_MS;
  }

  run(run: JsVariableRun): Promise<ConfigRun> {
    const timeoutMs = this.timeoutMs;
    if (this.closed || this.options.signal?.aborted) return Promise.resolve({ code: null, stdout: '', stderr: '', timedOut: false, timeoutMs });
    const child = this.child ?? this.start(run.env);
    const id = ++this.runs;
    this.names.set(id, run.name);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // Another run's timeout stopped it already: this one was ended by that file, not by its own time.
        if (this.stops.has(child)) return;
        pending.timedOut = true;
        this.stops.set(child, { error: 'stopped', by: run.name, timeoutMs });
        // A run that comes before it is gone starts another.
        if (this.child === child) this.child = undefined;
        child.kill();
      }, timeoutMs);
      const pending: Pending = { run, child, timedOut: false, done: (result) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (![...this.pending.values()].some((p) => p.child === child)) setRef(child, false);
        resolve(result);
      } };
      this.pending.set(id, pending);
      setRef(child, true);
      const env = run.env === this.env ? undefined : definedEnv(run.env);
      this.env = run.env;
      this.send(child, { run: id, file: run.path, addresses: run.addresses, options: run.options, ...(env ? { env } : {}) });
    });
  }

  /** The read is over: the process ends once the runs under way have ended. */
  close(): void {
    this.closed = true;
    this.child?.child.stdin?.end();
  }

  private start(env: JsVariableRun['env']): OwnedProcess {
    const { cwd, args, signal } = this.options;
    const child = spawnOwned([process.execPath, NODE_CONFIG_SCRIPT, cwd, 'file-variables', ...args], {
      cwd, env: definedEnv(env), stdinPipe: true,
    });
    this.child = child;
    this.env = env;
    // An answer that comes after the process ended goes nowhere.
    child.child.stdin?.on('error', () => undefined);
    let stderr = '';
    child.child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
    });
    let last = '';
    // Not readLines (adapters/process.ts): it cuts a line at CloudWatch's 256 KB as Lambda's log does, and an
    // answer here is one JSON line of any length.
    const decoder = new StringDecoder('utf8');
    let buffered = '';
    child.child.stdout?.on('data', (chunk: Buffer) => {
      buffered += decoder.write(chunk);
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        last = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        this.told(child, last);
      }
    });
    const abort = () => child.kill();
    signal?.addEventListener('abort', abort, { once: true });
    // A run that comes once it exited starts another, not one sent to a process that is gone.
    child.exited.then(() => {
      if (this.child === child) this.child = undefined;
    }).catch(() => undefined);
    // 'close' comes after 'exit', once the pipes are read to their end.
    Promise.all([child.exited, child.closed]).then(([{ code }]) => {
      signal?.removeEventListener('abort', abort);
      this.ended(child, { code, last, stderr });
    }).catch(() => undefined);
    return child;
  }

  /**
   * The runs the process was still under way with end with what it said: the line it wrote as it ended ('unsettled',
   * or 'exited' with the run that called process.exit, which alone gets it), its stderr. The others a file ended
   * (its process.exit, its timeout) are told which file did it.
   */
  private ended(child: OwnedProcess, said: { code: number | null; last: string; stderr: string }): void {
    if (this.child === child) this.child = undefined;
    const line = parseLine(said.last);
    const ending = line?.error !== undefined ? said.last : '';
    const under = [...this.pending].filter(([, p]) => p.child === child);
    const exiter = line?.error === 'exited' && typeof line.run === 'number' ? this.names.get(line.run) : undefined;
    const stopped: StoppedLine | undefined = this.stops.get(child) ?? (exiter === undefined ? undefined : { error: 'stopped', by: exiter, code: line?.code });
    for (const [id, { done, timedOut }] of under) {
      const own = timedOut || !stopped || id === line?.run;
      done({ code: said.code, stdout: own ? ending : JSON.stringify(stopped), stderr: said.stderr, timedOut, timeoutMs: this.timeoutMs });
    }
  }

  /** A line of the process: a question, an early value, or a run's values (the last line of a process that ran it alone). */
  private told(child: OwnedProcess, line: string): void {
    const message = parseLine(line);
    const pending = typeof message?.run === 'number' ? this.pending.get(message.run) : typeof message?.done === 'number' ? this.pending.get(message.done) : undefined;
    if (!message || !pending) return;
    if (typeof message.done === 'number') {
      pending.done({ code: 0, stdout: line, stderr: '', timedOut: false, timeoutMs: this.timeoutMs });
      return;
    }
    if (typeof message.settled === 'number') pending.run.onSettled(message.settled, message.answer);
    if (typeof message.ask !== 'number') return;
    const id = message.ask;
    pending.run.ask({ name: message.name as JsQuestion['name'], argument: message.argument, address: typeof message.address === 'string' ? message.address : null })
      .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }))
      .then((reply) => this.send(child, { answer: id, ...reply }))
      .catch(() => undefined);
  }

  private send(child: OwnedProcess, message: Record<string, unknown>): void {
    const stdin = child.child.stdin;
    if (stdin?.writable) stdin.write(`${JSON.stringify(message)}\n`);
  }
}

/** What a run a file ended is told: the file, and its process.exit code or the timeout it passed. */
interface StoppedLine {
  readonly error: 'stopped';
  readonly by: string;
  readonly code?: unknown;
  readonly timeoutMs?: number;
}

/** While a run waits for the process it keeps Node running; an idle one does not (the read awaits nothing of it). */
function setRef(child: OwnedProcess, on: boolean): void {
  const handles = [child.child, child.child.stdin, child.child.stdout, child.child.stderr] as Array<{ ref?(): void; unref?(): void } | null>;
  for (const handle of handles) {
    if (on) handle?.ref?.();
    else handle?.unref?.();
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
