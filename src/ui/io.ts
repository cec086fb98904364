/** Where a command's output goes: the process's streams in real use, buffers in tests. */
export interface CliIO {
  readonly stdout: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string | Uint8Array): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Stdin, to its end or to the first byte past `maxBytes`. */
  readonly readStdin: (maxBytes: number) => Promise<Buffer>;
  /** Stdin is a terminal: reading it waits for the user to type (and end with Ctrl-D). */
  readonly stdinIsTTY?: boolean;
  /** Stdin is a pipe or a file (`echo '{}' | pylambda invoke`, `< event.json`): something was meant to be read from it. */
  readonly stdinIsPiped?: boolean;
  /** True once the user pressed Ctrl-C: what fails after that fails because the work was stopped. */
  readonly interrupted?: () => boolean;
}

export interface Style {
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/**
 * ANSI colours for a terminal; never when NO_COLOR is set to anything but '' (no-color.org: "present and
 * not an empty string"); FORCE_COLOR set to anything else than 0 or false turns them on where there is no
 * terminal (CI logs that render colour), and FORCE_COLOR=0 off even in one.
 */
export function styleFor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Style {
  const force = env.FORCE_COLOR;
  const refused = force === '0' || force === 'false' || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  const on = !refused && (force !== undefined || (stream.isTTY === true && env.TERM !== 'dumb'));
  if (!on) return { dim: plain, bold: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return { dim: wrap(2, 22), bold: wrap(1, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

/**
 * Lines written together within one turn of the event loop leave in one write: under load a dev server
 * logs a line per request, and a write per line would cost a system call each.
 */
export function lineWriter(stream: CliIO['stdout']): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    stream.write(text);
  };
  process.on('exit', flush);
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(`${line}\n`);
  };
}
