import { spawn, type ChildProcess } from 'node:child_process';

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
  isRunning(): boolean;
  /** Kills the whole process group at once (SIGKILL unless told otherwise). */
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Keep stdin as a pipe that closes when pylambda dies (the runtime watches it). */
  readonly stdinPipe?: boolean;
}

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
      resolve({ code, signal });
    });
    child.once('error', () => {
      running = false;
      live.delete(owned);
      resolve({ code: 127, signal: null });
    });
  });
  const owned: OwnedProcess = {
    pid: child.pid ?? -1,
    child,
    exited,
    isRunning: () => running,
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

/** Calls `onLine` for each complete line of a stream, and for the rest when it ends. */
export function readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

export function liveProcessCount(): number {
  return live.size;
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
