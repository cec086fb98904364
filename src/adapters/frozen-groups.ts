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
const guarded = new Set<number>();

/** The group led by `pgid` is being frozen: SIGKILL goes to it if pylambda goes away before it is ended. */
export function guardFrozenGroup(pgid: number, python: string): void {
  if (guarded.has(pgid)) return;
  const stdin = keeperInput(python);
  if (!stdin) return;
  guarded.add(pgid);
  stdin.write(`+${pgid}\n`);
}

/** The group is gone: its id may be another process's next. */
export function releaseFrozenGroup(pgid: number): void {
  if (!guarded.delete(pgid)) return;
  keeper?.stdin.write(`-${pgid}\n`);
}

function keeperInput(python: string): Writable | undefined {
  if (keeper && keeper.child.exitCode === null && keeper.child.signalCode === null) return keeper.stdin;
  // -I -S: nothing of the user's environment or site-packages, for a start of a few milliseconds.
  // detached: a group of its own, out of reach of the terminal's Ctrl-C, which pylambda handles first.
  const child = spawn(python, ['-I', '-S', KEEPER_SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, shell: false });
  if (!child.stdin || child.pid === undefined) {
    child.on('error', () => undefined);
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
