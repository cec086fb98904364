import { spawn, type ChildProcess } from 'node:child_process';
import { LIMITS } from '../core/model/limits.js';

/**
 * A child process owned by pylambda: argv as an array (never a shell), an explicit environment (never
 * a copy of ours), its own process group so that a kill takes its children too, and a registry that
 * kills whatever is still running when Node exits, so no process outlives pylambda.
 */

export interface OwnedProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves once the process has exited, with Node's code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once it exited and its stdout and stderr were read to their end (see releasePipes). */
  readonly closed: Promise<void>;
  isRunning(): boolean;
  /** Kills the whole process group at once (SIGKILL unless told otherwise). */
  kill(signal?: NodeJS.Signals): void;
  /**
   * Once it exited: reads what it wrote last to its pipes' end, keeping Node running for it, but for `ms`
   * at most. A process it started in a session of its own (setsid, start_new_session) escapes the group
   * kill and holds the pipes open: after `ms` they are closed, and what it writes then goes nowhere, as on
   * Lambda, which freezes it with the sandbox.
   */
  releasePipes(ms?: number): void;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Keep stdin as a pipe that closes when pylambda dies (the runtime watches it). */
  readonly stdinPipe?: boolean;
}

/** How long an exited process's pipes keep Node running, for what it wrote last (releasePipes). */
const PIPE_DRAIN_MS = 250;

const live = new Set<OwnedProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const p of live) p.kill('SIGKILL');
  });
}

export function spawnOwned(argv: readonly string[], options: SpawnOptions): OwnedProcess {
  hookExit();
  const [command, ...args] = argv;
  const child = spawn(command!, args, {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: [options.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
    shell: false,
  });
  let running = child.pid !== undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(owned);
      // What it started is still in its group (a function's subprocess, after the runtime crashed): Lambda
      // discards the whole sandbox when the runtime exits, so nothing of it may live on, orphaned.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is empty: nothing was left behind.
      }
      resolve({ code, signal });
    });
    child.once('error', () => {
      running = false;
      live.delete(owned);
      resolve({ code: 127, signal: null });
    });
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const owned: OwnedProcess = {
    pid: child.pid ?? -1,
    child,
    exited,
    closed,
    isRunning: () => running,
    releasePipes(ms = PIPE_DRAIN_MS) {
      const pipes = [child.stdout, child.stderr] as Array<(NodeJS.ReadableStream & { ref(): void; unref(): void; destroy(): void }) | null>;
      for (const pipe of pipes) pipe?.ref();
      setTimeout(() => pipes.forEach((pipe) => pipe?.destroy()), ms).unref();
    },
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (!running || child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        try {
          child.kill(signal);
        } catch {
          // already gone
        }
      }
    },
  };
  if (running) live.add(owned);
  // A process group we spawned must not keep Node's event loop alive on its own.
  child.unref();
  return owned;
}

/** A helper process run to its end: its exit code, what it wrote, and whether its time ran out. */
export interface FinishedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface RunToEndOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Called at 2 s, 5 s, 10 s, ... while it runs. */
  readonly onWaiting?: ((seconds: number) => void) | undefined;
  /** Called once it started, to talk with it over its pipes while it runs (stdinPipe for its stdin). */
  readonly onStarted?: ((child: OwnedProcess) => void) | undefined;
}

/** When a slow helper is said to be still running, in seconds. */
const WAITING_MARKS_S = [2, 5, 10, 15, 20, 25];

/**
 * Runs a helper (a Chalice app's import, a serverless.js) to its end with its output collected: killed, with
 * its group, past `timeoutMs` or when `signal` aborts (then the caller checks the signal).
 */
export async function runToEnd(argv: readonly string[], options: SpawnOptions & RunToEndOptions): Promise<FinishedRun> {
  const child = spawnOwned(argv, options);
  // spawnOwned unrefs its processes; this one is awaited. Unref'd, Node could exit between the kill of a
  // slow helper and its exit event (exit code 13, nothing said).
  child.child.ref();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  options.onStarted?.(child);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill();
  }, options.timeoutMs);
  const abort = () => child.kill();
  options.signal?.addEventListener('abort', abort, { once: true });
  const { onWaiting } = options;
  const marks = onWaiting ? WAITING_MARKS_S.filter((s) => s * 1000 < options.timeoutMs).map((s) => setTimeout(() => onWaiting(s), s * 1000)) : [];
  const { code } = await child.exited;
  clearTimeout(timer);
  for (const mark of marks) clearTimeout(mark);
  options.signal?.removeEventListener('abort', abort);
  // 'exit' can come before the pipes are drained.
  await Promise.all([drained(child.child.stdout), drained(child.child.stderr)]);
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), timedOut };
}

function drained(stream: NodeJS.ReadableStream | null): Promise<void> {
  if (!stream || (stream as NodeJS.ReadableStream & { readableEnded?: boolean }).readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

/**
 * Calls `onLine` for each line of a stream. Returns a function that hands on a last line still without
 * its newline (`print(x, end="")` before the invocation ends), as Lambda's log shows it.
 */
export function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): () => void {
  if (!stream) return () => undefined;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    // Only the new chunk is searched: a long line without a newline made every chunk rescan it all.
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      pending = emitWhole(pending + chunk.slice(start, nl), onLine, true);
      start = nl + 1;
    }
    pending = emitWhole(pending + chunk.slice(start), onLine, false);
  });
  const flush = () => {
    if (pending) onLine(pending);
    pending = '';
  };
  stream.on('end', flush);
  return flush;
}

/**
 * CloudWatch Logs takes events of up to 256 KB: Lambda splits a longer line at that many bytes. Hands on
 * each whole 256 KB piece of `text`, and the rest too when the line is `complete`; returns what is left.
 */
function emitWhole(text: string, onLine: (line: string) => void, complete: boolean): string {
  // One UTF-16 unit is at most 3 bytes of UTF-8, so fewer than a third as many units cannot reach it.
  if (text.length * 3 >= LIMITS.logLineBytes) {
    let bytes = Buffer.from(text, 'utf8');
    while (bytes.length >= LIMITS.logLineBytes && !(complete && bytes.length === LIMITS.logLineBytes)) {
      // Back to the start of the character the limit falls in: never half of one on either side.
      let cut = LIMITS.logLineBytes;
      while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
      onLine(bytes.toString('utf8', 0, cut));
      bytes = bytes.subarray(cut);
    }
    text = bytes.toString('utf8');
  }
  if (!complete) return text;
  onLine(text);
  return '';
}

export function liveProcessCount(): number {
  return live.size;
}

/** SIGKILL to one process, which may have gone already. */
export function killProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already: what killing it was for.
  }
}

/** Whether a process with this id exists (one of another user's counts: EPERM). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
