import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const KEEPER_SCRIPT = fileURLToPath(new URL('../../runtime/python/pylambda_keeper.py', import.meta.url));

/**
 * The keeper of frozen process groups (runtime/python/pylambda_keeper.py): a runtime that is frozen cannot
 * end itself when pylambda is killed outright, so a process that is never frozen does it for it. Started
 * the first time a group is frozen (most sessions never freeze one), once per pylambda process; it ends
 * by itself when its stdin, our pipe, closes, so nothing needs to stop it.
 */
let keeper: { child: ChildProcess; stdin: Writable } | undefined;
/** The keeper could not be started: no group is guarded, so none may be frozen, and no spawn is tried again. */
let failed = false;
const guarded = new Set<number>();

/**
 * The group led by `pgid` is about to be frozen: SIGKILL goes to it if pylambda goes away before it is ended.
 * False when it cannot be guarded (the keeper could not start: EAGAIN at the user's process limit, EMFILE,
 * no interpreter); `onFailure` is told why, once per pylambda process, and the group must not be frozen.
 */
export function guardFrozenGroup(pgid: number, python: string, onFailure: (reason: string) => void): boolean {
  if (guarded.has(pgid)) return true;
  const stdin = keeperInput(python, onFailure);
  if (!stdin) return false;
  guarded.add(pgid);
  stdin.write(`+${pgid}\n`);
  return true;
}

/** The group is gone: its id may be another process's next. */
export function releaseFrozenGroup(pgid: number): void {
  if (!guarded.delete(pgid)) return;
  keeper?.stdin.write(`-${pgid}\n`);
}

function keeperInput(python: string, onFailure: (reason: string) => void): Writable | undefined {
  if (failed) return undefined;
  if (keeper && keeper.child.exitCode === null && keeper.child.signalCode === null) return keeper.stdin;
  // -I -S: nothing of the user's environment or site-packages, for a start of a few milliseconds; and an
  // environment of its own, empty: it needs none, and has no use for the shell's credentials.
  // detached: a group of its own, out of reach of the terminal's Ctrl-C, which pylambda handles first.
  const child = spawn(python, ['-I', '-S', KEEPER_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, shell: false, env: {} });
  if (!child.stdin || child.pid === undefined) {
    failed = true;
    // Node says why a moment later (spawn's 'error').
    child.on('error', (error) => onFailure(`${python}: ${error.message}`));
    return undefined;
  }
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  // Neither the keeper nor its pipe keeps Node running.
  child.unref();
  (child.stdin as Socket).unref();
  keeper = { child, stdin: child.stdin };
  // A keeper before this one went (killed by hand): this one keeps its groups.
  for (const pgid of guarded) child.stdin.write(`+${pgid}\n`);
  return child.stdin;
}
