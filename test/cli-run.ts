import { runCli } from '../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd: string;
  /** The whole environment pylambda sees (none by default): see shellEnv. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  readonly stdinIsTTY?: boolean;
  readonly stdinIsPiped?: boolean;
}

const text = (t: string | Uint8Array) => (typeof t === 'string' ? t : Buffer.from(t).toString());

/** `pylambda ARGV` in-process, with its output captured: what the CLI tests run. */
export async function runCaptured(argv: readonly string[], options: CliRunOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string | Uint8Array) => (stdout += text(t)) },
    stderr: { write: (t: string | Uint8Array) => (stderr += text(t)) },
    env: options.env ?? {},
    cwd: options.cwd,
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    ...(options.stdinIsTTY ? { stdinIsTTY: true } : {}),
    ...(options.stdinIsPiped ? { stdinIsPiped: true } : {}),
  });
  return { code, stdout, stderr };
}

/** What a user's shell gives pylambda: the test's own PATH and HOME, and `extra`. */
export function shellEnv(extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

/** The warning that the local Python's version is not the runtime's depends on the machine; it is tested on its own. */
export function withoutVersionWarning(result: CliResult): CliResult {
  return { ...result, stderr: result.stderr.replace(/^warning: .* but the local Python is .*\n/m, '') };
}
