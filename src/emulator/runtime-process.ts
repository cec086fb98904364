import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { readLines, spawnOwned, type OwnedProcess } from '../adapters/process.js';
import { UserError } from '../core/errors.js';
import type { LaunchSpec } from './invocation.js';

export interface RuntimeProcess {
  readonly process: OwnedProcess;
  /** Hand on what the runtime wrote without a final newline (readLines). */
  readonly flushOutput: ReadonlyArray<() => void>;
}

/**
 * An environment's runtime process, pointed at its Runtime API and its own TMPDIR, its output read line by line.
 * One that cannot start (no interpreter, no code directory) is a UserError: an environment that never ran must
 * not reach the pool, which would take it for one that went away before delivery and start another, forever.
 */
export async function spawnRuntime(
  launch: LaunchSpec,
  api: { readonly address: string; readonly unixPath: string | undefined },
  tmp: string,
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void,
): Promise<RuntimeProcess> {
  const env = { ...launch.env(api.address, api.unixPath), TMPDIR: tmp };
  const child = spawnOwned(launch.argv, { cwd: launch.cwd, env, stdinPipe: launch.watchesStdin });
  if (!child.isRunning()) {
    const error = await new Promise<Error>((resolve) => child.child.once('error', resolve));
    // spawn's ENOENT names the program even when the working directory is what is missing.
    throw new UserError(existsSync(launch.cwd)
      ? `Cannot start the runtime ${launch.argv[0]}: ${error.message}`
      : `The code directory ${launch.cwd} no longer exists (deleted or moved since the project was read)`);
  }
  // Like the process itself, its pipes must not keep Node running: an idle environment is no reason to wait.
  for (const stream of [child.child.stdin, child.child.stdout, child.child.stderr]) (stream as Socket | null)?.unref();
  return {
    process: child,
    flushOutput: [
      readLines(child.child.stdout, (text) => onOutput('stdout', text)),
      readLines(child.child.stderr, (text) => onOutput('stderr', text)),
    ],
  };
}
