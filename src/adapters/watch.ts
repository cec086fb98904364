import { existsSync, watch, type FSWatcher } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { isEnvironmentMarker, isNoise, isSourceFile, linkTargetSkipped, skippedDirectory, walkSkips, within } from '../core/model/dev-reload.js';

/** How often a tree whose top is missing looks for it again. */
const ROOT_POLL_MS = 250;

/**
 * Most directories a symbolic link in a watched tree brings in. A link to shared code (`chalicelib ->
 * ../shared/chalicelib`) holds a few; one to /usr/lib held 5,000, each an inotify watch (the limit for all
 * of a user's programs is often 8,192). A link past it is not watched, with a warning.
 */
export const LINKED_DIRECTORY_LIMIT = 200;

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
  /** A directory (a real path) that another tree watches: a link to it is not followed, its changes are that tree's. */
  readonly watchedElsewhere?: (real: string) => boolean;
  /** A link whose target holds more than LINKED_DIRECTORY_LIMIT directories: it is not watched. */
  readonly onLinkTooLarge?: (link: string, target: string) => void;
}

export interface TreeWatcher {
  /** Settles once every directory there was at the start is watched. */
  readonly ready: Promise<void>;
  close(): void;
}

/** What a link's walk may still watch (LINKED_DIRECTORY_LIMIT). */
interface Budget {
  left: number;
  exceeded: boolean;
}

/**
 * Watches a project tree, one non-recursive watcher per directory (Node's recursive mode on Linux walks
 * everything, virtual environments included, before it returns). Changes come in batches after `settleMs`
 * of quiet, so an editor's save of several files is one reload.
 *
 * A symbolic link is followed alike whether it was there at the start or made later, and its changes are
 * reported by the link's path (`chalicelib/app_routes.py`, which is the app's configuration, not the
 * target's path): a linked directory is walked with the same rules, up to LINKED_DIRECTORY_LIMIT
 * directories; a linked file's target is watched in its own directory. A link into this tree or into
 * another tree that is watched is not followed: the target is watched there once, by its own path.
 */
export function watchTree(root: string, onChange: (files: string[]) => void, options: WatchOptions = {}): TreeWatcher {
  const { settleMs = 25, onError, watch: watchDirectory = watch } = options;
  /** Each directory's watcher, with the inode it watches. */
  const watchers = new Map<string, { readonly watcher: FSWatcher; readonly ino: number }>();
  /** The links followed to directories outside every watched tree, with their targets. */
  const followed = new Map<string, string>();
  /** The links to files outside every watched tree, with the watcher of the target's directory. */
  const linkedFiles = new Map<string, FSWatcher>();
  let realRoot = root;
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

  /**
   * The handler of a watch begun from an event, which nobody awaits: add() turns the file system's refusals into
   * onError already, so what reaches here is a bug, said the same way rather than ending dev on the rejection.
   */
  const cannotWatch = (path: string) => (error: unknown) => onError?.(path, error as NodeJS.ErrnoException);

  /** Watches `path` (a directory, or a link to one or to a file) and what is below it; true when a directory not watched before now is. */
  const add = async (path: string, budget?: Budget): Promise<boolean> => {
    if (closed || watchers.has(path)) return false;
    try {
      if (path !== root && (await lstat(path)).isSymbolicLink()) return await addLink(path, budget);
      return await addDirectory(path, budget);
    } catch (error) {
      // Not a directory, gone already, or a link to nothing or to itself: nothing to watch.
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP' && !closed) onError?.(path, error as NodeJS.ErrnoException);
      return false;
    }
  };

  const addDirectory = async (dir: string, budget?: Budget): Promise<boolean> => {
    const info = await stat(dir);
    // Closed, or the same directory added by another event, while stat ran.
    if (closed || watchers.has(dir) || !info.isDirectory()) return false;
    // A directory made after the walk (`mkdir .hypothesis`) is left out as the walk leaves it out.
    if (dir !== root && walkSkips(dirname(dir), basename(dir), root)) return false;
    if (budget && --budget.left < 0) {
      budget.exceeded = true;
      return false;
    }
    if (dir === root) realRoot = await realpath(root);
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
      refresh(path).then((added) => (added ? changed(path) : undefined)).catch(cannotWatch(path));
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
      if (budget?.exceeded) break;
      if (entry.isDirectory() || entry.isSymbolicLink()) await add(join(dir, entry.name), budget);
    }
    return true;
  };

  /** A link: its target is watched unless a watched tree has it already, or it is not the project's (linkTargetSkipped). */
  const addLink = async (link: string, budget?: Budget): Promise<boolean> => {
    const target = await realpath(link);
    const info = await stat(target);
    if (closed || within(target, realRoot) || options.watchedElsewhere?.(target)) return false;
    if (!info.isDirectory()) return watchLinkedFile(link, target);
    if (linkTargetSkipped(target) || [...followed.values()].some((dir) => within(target, dir))) return false;
    const own = budget ?? { left: LINKED_DIRECTORY_LIMIT, exceeded: false };
    followed.set(link, target);
    const added = await addDirectory(link, own);
    if (own.exceeded && !budget) {
      forget(link);
      options.onLinkTooLarge?.(link, target);
      return false;
    }
    if (!added) followed.delete(link);
    return added;
  };

  /** A link to a file outside the trees: an edit of the target changes nothing in the link's directory. */
  const watchLinkedFile = (link: string, target: string): boolean => {
    if (!isSourceFile(basename(link)) || isNoise(basename(link))) return false;
    const name = basename(target);
    // Found by the walk and by an event at once: one watcher.
    linkedFiles.get(link)?.close();
    const watcher = watchDirectory(dirname(target), { persistent: false }, (_event, changedName) => {
      if (changedName?.toString() === name) changed(link);
    });
    watcher.on('error', () => undefined);
    linkedFiles.set(link, watcher);
    return false;
  };

  /**
   * A watcher follows its inode, not its path: a directory deleted and made again (a branch switch) kept a
   * watcher on the deleted one, and its path counted as watched, so nothing inside the new one was seen.
   */
  const refresh = async (path: string): Promise<boolean> => {
    // A link to a file, made again or removed: watched anew if it is still one.
    linkedFiles.get(path)?.close();
    linkedFiles.delete(path);
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
      add(root).then((added) => {
        if (!added && !watchers.has(root)) return;
        clearInterval(poll);
        poll = undefined;
        if (added) changed(root);
      }).catch(cannotWatch(root));
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
    add(root).then((added) => (added ? changed(root) : watchers.has(root) ? undefined : awaitRoot())).catch(cannotWatch(root));
  };
  let parentWatcher: FSWatcher | undefined;
  const rootName = basename(root);
  try {
    parentWatcher = watchDirectory(dirname(root), { persistent: false }, (event, name) => {
      // Every entry of the parent reports here (a home directory's dotfiles, a sibling's build output, logs beside
      // the project): the name, compared first, is all another entry's event costs.
      if (name !== rootName) return;
      // 'rename': made, deleted or moved; a 'change' (touch, chmod) leaves the same directory there.
      if (!closed && event === 'rename') renewRoot();
    });
    parentWatcher.on('error', () => undefined);
  } catch {
    // No parent to watch (gone, or past the watch limit): a top that goes is looked for by polling.
  }
  /** Stops watching a directory and those below it, links included. */
  const forget = (path: string) => {
    const below = (other: string) => other === path || other.startsWith(path + sep);
    for (const [dir, { watcher }] of watchers) {
      if (!below(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const [link, watcher] of linkedFiles) {
      if (!below(link)) continue;
      watcher.close();
      linkedFiles.delete(link);
    }
    for (const link of followed.keys()) if (below(link)) followed.delete(link);
  };
  return {
    ready: add(root).then((added) => (added ? undefined : awaitRoot())),
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      parentWatcher?.close();
      for (const w of watchers.values()) w.watcher.close();
      for (const w of linkedFiles.values()) w.close();
      watchers.clear();
      linkedFiles.clear();
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

