import { dirname, relative, resolve } from 'node:path';
import { forgetBytecode } from '../adapters/fs.js';
import { probeListen } from '../adapters/port-probe.js';
import { projectPythonPath, resolvePython } from '../adapters/python.js';
import { UserError } from '../core/errors.js';
import { listenError } from '../emulator/host-error.js';
import { devCode, type DevCode } from './dev-code.js';
import { prepareDevProject, readDevConfiguration } from './dev-project.js';
import { ReloadQueue } from './dev-reload-queue.js';
import { warningEvent, type DevOptions } from './dev-types.js';
import { errorEvent } from './dev-error-event.js';
import { ProjectWatcher, unreadProject } from './dev-watch.js';
import { readEnvVarsFile } from './function-setup.js';
import { findProject, type FoundProject, type LoadedProject } from './project.js';

/** Where the watcher's reports go: first to the wait for a readable project, then to the session's reloads. */
export interface WatchTarget {
  onChange: (files: string[]) => void;
  /** ProjectWatcherOptions.rewritesCount: while dev waits, saving a file again is a way to try again. */
  rewritesCount: () => boolean;
  files: () => readonly string[];
}

/** The first version dev serves, and the watcher that waited for it, when dev had to wait. */
export interface FirstVersion {
  readonly full: LoadedProject;
  readonly code: DevCode;
  /** `held`: files changed since the read that succeeded, which the session reads again once it listens. */
  readonly watching?: { readonly watcher: ProjectWatcher; readonly target: WatchTarget; readonly held: string[] };
}

/** dev's watcher, its changes and options asked of `target` (which the session takes over from the wait). */
export function devWatcher(options: DevOptions, target: WatchTarget): ProjectWatcher {
  return new ProjectWatcher(
    (files) => target.onChange(files),
    (message) => options.onEvent(warningEvent(message)),
    { ...(options.watchDirectory ? { watch: options.watchDirectory } : {}), files: () => target.files(), rewritesCount: () => target.rewritesCount(), onError: errorEvent(options.onEvent) },
  );
}

/**
 * The project as dev first serves it. With `waitForFix` (and `watch`), a configuration that cannot be read is
 * said (`start-failed`) and waited for as wrangler dev waits, rather than ending dev: the user who sees the typo
 * fixes it and need not start dev again. What no edit of the project can fix still rejects at once.
 */
export async function readFirstVersion(options: DevOptions, listening: { readonly host: string; readonly port: number }): Promise<FirstVersion> {
  // No project at all (DIR missing, no configuration file in it): nothing to watch, dev stops at once.
  const found = options.waitForFix === true && options.watch !== false ? findProject(resolve(options.dir), options.template, options.shownDir) : undefined;
  let full: LoadedProject;
  const readFiles: string[] = [];
  try {
    full = await readDevConfiguration(options, undefined, readFiles);
  } catch (error) {
    if (!found || !(error instanceof UserError)) throw error;
    await refuseToWait(options, found, listening);
    return waitForFix(options, found, error, readFiles);
  }
  return { full, code: await devCode(await prepareDevProject(full)) };
}

/** The directory the configuration belongs to: a Chalice app's is above its .chalice/. */
function projectRoot(found: FoundProject): string {
  return found.style === 'chalice' ? dirname(dirname(found.path)) : dirname(found.path);
}

/**
 * What dev would stop on once the project reads ends it before it waits, since no edit of the project fixes
 * it: an interpreter that cannot run, an --env-vars file that cannot be read, --port in use or a bad --host.
 */
async function refuseToWait(options: DevOptions, found: FoundProject, { host, port }: { readonly host: string; readonly port: number }): Promise<void> {
  await resolvePython(projectPythonPath(found.app ?? projectRoot(found), options.hostEnv, options.python), options.hostEnv);
  if (options.envVarsFile) await readEnvVarsFile(options.envVarsFile, options.hostEnv);
  const refused = port === 0 ? undefined : await probeListen(host, port);
  if (refused) throw listenError(refused, host, port, 'first endpoint');
}

/**
 * Watches the project's directory and configuration file, as a running dev watches them, and the files the read
 * that failed read or looked for wherever they are (a `${file(../shared.yml)}` with the error), and reads it again
 * at each change (one read at a time; a newer save stops a Chalice import under way) until it reads.
 */
async function waitForFix(options: DevOptions, found: FoundProject, error: UserError, readFiles: readonly string[]): Promise<FirstVersion> {
  const root = projectRoot(found);
  const held: string[] = [];
  let ended = false;
  const target: WatchTarget = { onChange: () => undefined, rewritesCount: () => true, files: () => (options.envVarsFile ? [options.envVarsFile] : []) };
  const watcher = devWatcher(options, target);
  const unread = (configFiles: readonly string[]) => unreadProject(root, found.path, configFiles);
  return new Promise<FirstVersion>((resolvePromise, reject) => {
    const fail = (reason: unknown) => {
      if (ended) return;
      ended = true;
      options.signal?.removeEventListener('abort', abort);
      queue.abort();
      watcher.close();
      reject(reason);
    };
    const abort = () => fail(new UserError('pylambda dev stopped before the project could be read'));
    const queue = new ReloadQueue(async (files, signal) => {
      await forgetBytecode(files);
      if (ended) return;
      options.onEvent({ type: 'reload', reason: 'config', files: files.map((f) => relative(root, f)) });
      let full: LoadedProject;
      const read: string[] = [];
      try {
        full = await readDevConfiguration(options, { signal, onWaiting: (seconds, file) => options.onEvent({ type: 'reload-waiting', seconds, ...(file ? { file } : {}) }) }, read);
      } catch (failure) {
        if (signal.aborted || ended || !(failure instanceof UserError)) throw failure;
        options.onEvent({ type: 'start-failed', error: failure });
        // The fix may have moved the error to a file read only now (another `${file()}`).
        await watcher.sync(unread(read));
        if (!ended) options.onEvent({ type: 'waiting-for-fix' });
        return;
      }
      // Read at last: what fails from here ends dev, as at a start that did not wait.
      const code = await devCode(await prepareDevProject(full));
      if (ended) return;
      ended = true;
      options.signal?.removeEventListener('abort', abort);
      held.push(...queue.take());
      target.onChange = (changed) => held.push(...changed);
      resolvePromise({ full, code, watching: { watcher, target, held } });
    }, () => true, fail, () => ended);
    if (options.signal?.aborted) return abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    options.onEvent({ type: 'start-failed', error });
    target.onChange = (files) => {
      queue.run(files).catch(errorEvent(options.onEvent));
    };
    // Said once the files are watched: a fix saved as soon as the line shows is seen.
    watcher.sync(unread(readFiles)).then(() => {
      if (!ended) options.onEvent({ type: 'waiting-for-fix' });
    }, fail);
  });
}
