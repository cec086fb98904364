import { isAbsolute, join, relative, resolve } from 'node:path';
import { watchFile, watchTree, type TreeWatcher, type WatchOptions } from '../adapters/watch.js';
import { realPath } from '../adapters/fs.js';
import { watchRoots } from '../core/model/dev-reload.js';
import type { LoadedProject } from './project.js';

/**
 * The file watchers of a dev session: one tree per directory the project's code lives in (its root, and
 * code or layer directories outside it), kept in step with the project as reloads change it.
 */
export class ProjectWatcher {
  private readonly trees = new Map<string, TreeWatcher>();
  private readonly files: Array<{ close(): void }> = [];
  private closed = false;
  private warned = false;

  /** `onWarning`: a directory cannot be watched (said once: past the system's limit, every next one fails too). */
  constructor(
    private readonly onChange: (files: string[]) => void,
    private readonly onWarning: (message: string) => void,
    private readonly options: Pick<WatchOptions, 'watch'> = {},
  ) {}

  /** Watches the trees the project needs now, and no others; settles once the new ones are watched. */
  async sync(loaded: LoadedProject): Promise<void> {
    if (this.closed) return;
    const roots = watchRoots(loaded.root, codeDirectories(loaded));
    for (const [dir, tree] of this.trees) {
      if (roots.includes(dir)) continue;
      tree.close();
      this.trees.delete(dir);
    }
    const added: Array<Promise<void>> = [];
    for (const dir of roots) {
      if (this.trees.has(dir)) continue;
      const tree = watchTree(dir, this.onChange, { ...this.options, onError: (at, error) => this.cannotWatch(at, error) });
      this.trees.set(dir, tree);
      added.push(tree.ready);
    }
    await Promise.all(added);
  }

  /** A file dev reads besides the project's (an --env-vars file), wherever it is. */
  watchFile(path: string): void {
    if (!this.closed) this.files.push(watchFile(path, this.onChange, { ...this.options, onError: (at, error) => this.cannotWatch(at, error) }));
  }

  private cannotWatch(dir: string, error: NodeJS.ErrnoException): void {
    if (this.warned) return;
    this.warned = true;
    const why = error.code === 'ENOSPC'
      ? "the system's limit of file watches is reached (fs.inotify.max_user_watches); raise it, e.g. sudo sysctl fs.inotify.max_user_watches=524288, and start dev again"
      : error.message;
    this.onWarning(`Cannot watch ${dir}, so changes there do not reload: ${why}`);
  }

  close(): void {
    this.closed = true;
    for (const tree of this.trees.values()) tree.close();
    this.trees.clear();
    for (const file of this.files.splice(0)) file.close();
  }
}

/**
 * Where the functions' code and layers are, absolute (they may not exist yet), links resolved: a walk does
 * not follow a linked directory (`src -> ../shared/src`), so its target is a tree of its own.
 */
function codeDirectories(loaded: LoadedProject): string[] {
  const root = realPath(loaded.root);
  const at = (path: string) => {
    const dir = isAbsolute(path) ? path : resolve(loaded.root, path);
    // Only a link below the project's root moves the code elsewhere; a link above it (a /tmp that is
    // /private/tmp) moves everything alike, and the paths dev compares (the configuration's) stay as found.
    const real = realPath(dir);
    return real === join(root, relative(loaded.root, dir)) ? dir : real;
  };
  return loaded.project.functions.flatMap((fn) => [at(fn.codeUri), ...(fn.layers ?? []).map((layer) => at(layer.contentUri))]);
}
