import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { isEnvironmentMarker, isNoise, isSourceFile, skippedDirectory, walkSkips, within } from '../core/model/dev-reload.js';

/** How often a tree whose top is missing looks for it again. */
const ROOT_POLL_MS = 250;

export interface WatchOptions {
  /** Quiet time before a batch of changes is reported (default 25 ms). */
  readonly settleMs?: number;
  /**
   * A directory that could not be watched though it exists: past the system's limit of inotify watches
   * (ENOSPC), changes there went unseen without a word while dev said it was watching.
   */
  readonly onError?: (dir: string, error: NodeJS.ErrnoException) => void;
  /** fs.watch, or a stand-in that fails as the system can (tests). */
  readonly watch?: typeof watch;
}

export interface TreeWatcher {
  /** Settles once every directory there was at the start is watched. */
  readonly ready: Promise<void>;
  close(): void;
}

/**
 * Watches a project tree, one non-recursive watcher per directory (Node's recursive mode on Linux walks
 * everything, virtual environments included, before it returns). Changes come in batches after `settleMs`
 * of quiet, so an editor's save of several files is one reload.
 */
export function watchTree(root: string, onChange: (files: string[]) => void, options: WatchOptions = {}): TreeWatcher {
  const { settleMs = 25, onError, watch: watchDirectory = watch } = options;
  /** Each directory's watcher, with the inode it watches. */
  const watchers = new Map<string, { readonly watcher: FSWatcher; readonly ino: number }>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let poll: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    // A new directory and the files made in it are one change: the files say it.
    const parents = new Set<string>();
    for (const path of pending) {
      for (let dir = dirname(path); dir.length > root.length && !parents.has(dir); dir = dirname(dir)) parents.add(dir);
    }
    const files = [...pending].filter((path) => !parents.has(path));
    pending = new Set();
    if (files.length > 0 && !closed) onChange(files);
  };

  const changed = (path: string) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(flush, settleMs);
  };

  /** Watches a directory and those below it; true when `dir` is a directory that was not watched. */
  const add = async (dir: string): Promise<boolean> => {
    if (closed || watchers.has(dir)) return false;
    try {
      const info = await stat(dir);
      // Closed, or the same directory added by another event, while stat ran.
      if (closed || watchers.has(dir) || !info.isDirectory()) return false;
      // A directory made after the walk (`mkdir .hypothesis`) is left out as the walk leaves it out.
      if (dir !== root && walkSkips(dirname(dir), basename(dir), root)) return false;
      const watcher = watchDirectory(dir, { persistent: false }, (_event, name) => {
        if (!name || isNoise(name)) return;
        // A virtual environment being created: its directories were watched before its pyvenv.cfg was written.
        if (isEnvironmentMarker(name.toString()) && dir !== root && existsSync(join(dir, name.toString()))) {
          forget(dir);
          for (const path of pending) if (within(path, dir)) pending.delete(path);
          return;
        }
        // A watched directory that is deleted reports itself by its own name: `src` in `src`, not `src/src`.
        const path = name.toString() === basename(dir) && !existsSync(dir) ? dir : join(dir, name.toString());
        if (skippedDirectory(dir, name.toString(), root)) return;
        if (isSourceFile(name.toString())) changed(path);
        // A new directory needs a watcher of its own; one deleted, renamed or made again needs a new one.
        // One that arrives whole (moved in) is a change itself: no event comes for the files inside it.
        void refresh(path).then((added) => (added ? changed(path) : undefined), () => undefined);
      });
      watcher.on('error', () => watchers.delete(dir));
      watchers.set(dir, { watcher, ino: info.ino });
      // In name order, as readdir does not give it (ext4 gives hash order): which directory is watched first,
      // and which one a watch limit leaves out, is the same on every machine.
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // A virtual environment, whatever its name. Looked for once the watcher is set: a pyvenv.cfg written
      // meanwhile is in the list, or its event comes.
      if (dir !== root && entries.some((entry) => isEnvironmentMarker(entry.name))) {
        forget(dir);
        return false;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) await add(join(dir, entry.name));
      }
      return true;
    } catch (error) {
      // Not a directory, or gone already: nothing to watch.
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && !closed) onError?.(dir, error as NodeJS.ErrnoException);
      return false;
    }
  };
  /**
   * A watcher follows its inode, not its path: a directory deleted and made again (a branch switch) kept a
   * watcher on the deleted one, and its path counted as watched, so nothing inside the new one was seen.
   */
  const refresh = async (path: string): Promise<boolean> => {
    const known = watchers.get(path);
    if (known) {
      const ino = await stat(path).then((s) => (s.isDirectory() ? s.ino : undefined), () => undefined);
      if (ino === known.ino) return false;
      forget(path);
    }
    return add(path);
  };
  /**
   * The tree's top is gone (`sam build` deletes .aws-sam/build, a build script dist/) or not made yet: no
   * watcher sees it come back, so it is looked for until it is, then watched whole and reported.
   */
  const awaitRoot = () => {
    if (poll || closed) return;
    poll = setInterval(() => {
      void add(root).then((added) => {
        if (!added && !watchers.has(root)) return;
        clearInterval(poll);
        poll = undefined;
        if (added) changed(root);
      });
    }, ROOT_POLL_MS);
    poll.unref();
  };
  /**
   * The top deleted and made again (`sam build`, `rm -rf dist && mkdir dist`) is another directory, which
   * the top's watcher never sees; by the time its events arrive the new one is there (with, on tmpfs and
   * ext4, the same inode number). Its parent sees both: the top is watched anew at each.
   */
  const renewRoot = () => {
    forget(root);
    void add(root).then((added) => (added ? changed(root) : watchers.has(root) ? undefined : awaitRoot()));
  };
  let parentWatcher: FSWatcher | undefined;
  try {
    parentWatcher = watchDirectory(dirname(root), { persistent: false }, (event, name) => {
      // 'rename': made, deleted or moved; a 'change' (touch, chmod) leaves the same directory there.
      if (!closed && event === 'rename' && name?.toString() === basename(root)) renewRoot();
    });
    parentWatcher.on('error', () => undefined);
  } catch {
    // No parent to watch (gone, or past the watch limit): a top that goes is looked for by polling.
  }
  /** Stops watching a directory and those below it. */
  const forget = (path: string) => {
    for (const [dir, { watcher }] of watchers) {
      if (dir === path || dir.startsWith(path + sep)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
  };
  return {
    ready: add(root).then((added) => (added ? undefined : awaitRoot())),
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      parentWatcher?.close();
      for (const w of watchers.values()) w.watcher.close();
      watchers.clear();
    },
  };
}

/**
 * One file, wherever it is (an --env-vars file outside the project, a configuration file in a hidden
 * directory), watched through its directory: an editor that saves by writing a new file and renaming it
 * over the old one replaces the file a watch on it would follow.
 */
export function watchFile(path: string, onChange: (files: string[]) => void, options: Pick<WatchOptions, 'watch' | 'settleMs' | 'onError'> = {}): { close(): void } {
  const { settleMs = 25, watch: watchDirectory = watch } = options;
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  try {
    // A save is often several writes (truncate, then the text, in pieces): one change once they settle,
    // as in a tree, not a reload of a half-written file for each.
    const watcher = watchDirectory(dirname(path), { persistent: false }, (_event: string, changed: string | Buffer | null) => {
      if (changed?.toString() !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => onChange([path]), settleMs);
    });
    watcher.on('error', () => undefined);
    return { close: () => (clearTimeout(timer), watcher.close()) };
  } catch (error) {
    options.onError?.(dirname(path), error as NodeJS.ErrnoException);
    return { close: () => undefined };
  }
}

