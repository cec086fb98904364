/**
 * Runs a build tool (pip, uv, a Python helper) to completion: argv as an array, an explicit
 * environment, output captured line by line (both streams, in arrival order) for parsing and for error
 * messages. The process is owned (process.ts): it dies with pylambda.
 */
import { readLines, spawnOwned } from './process.js';

export interface ToolRunOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Each line of stdout or stderr as it arrives. */
  readonly onLine?: (line: string) => void;
}

export interface ToolRun {
  /** The exit code; 127 when the program could not be started, -1 when a signal ended it. */
  readonly code: number;
  /** stdout and stderr lines interleaved, at most the last `MAX_OUTPUT_CHARS`. */
  readonly output: string;
}

export type RunTool = (argv: readonly string[], options: ToolRunOptions) => Promise<ToolRun>;

/** pip's output for a large resolve is a few hundred kB; more than this is noise for an error message. */
const MAX_OUTPUT_CHARS = 1_000_000;

export const runTool: RunTool = async (argv, options) => {
  const owned = spawnOwned(argv, { cwd: options.cwd, env: options.env });
  // spawnOwned unrefs its children (a runtime must not keep pylambda alive); a build tool is awaited.
  owned.child.ref();
  const lines: string[] = [];
  let chars = 0;
  const onLine = (line: string) => {
    lines.push(line);
    chars += line.length + 1;
    while (chars > MAX_OUTPUT_CHARS && lines.length > 1) chars -= lines.shift()!.length + 1;
    options.onLine?.(line);
  };
  let spawnError: Error | undefined;
  owned.child.once('error', (error) => (spawnError = error));
  const closed = new Promise<void>((resolve) => owned.child.once('close', () => resolve()));
  readLines(owned.child.stdout, onLine);
  readLines(owned.child.stderr, onLine);
  const { code } = await owned.exited;
  // 'close' comes after both streams ended, so the last lines are in; a spawn error never closes.
  if (!spawnError) await closed;
  if (spawnError) return { code: 127, output: `cannot run ${argv[0]}: ${spawnError.message}` };
  return { code: code ?? -1, output: lines.join('\n') };
};
