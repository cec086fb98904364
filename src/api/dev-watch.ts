import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LINKED_DIRECTORY_LIMIT, watchFile, watchTree, type TreeWatcher, type WatchOptions } from '../adapters/watch.js';
import { realPath } from '../adapters/fs.js';
import { reachedBy, treesReport, watchRoots } from '../core/model/dev-reload.js';
import { ChangedContent } from './dev-content.js';
import type { Project } from '../core/model/project.js';
import type { LoadedProject } from './project.js';

/**
 * What the watcher needs of a project: a version dev read, or the directory and file of one it could not read
 * yet (dev waits for a fix: no function, so only its tree and its configuration file are watched).
 */
export type WatchedProject = Pick<LoadedProject, 'root' | 'configPath' | 'configFiles'> & { readonly project: Pick<Project, 'functions'> };

/**
 * A version that did not read: its configuration file and the files the read reached before it failed
 * (LoadOptions.readFiles), wherever they are, so that fixing one of them reads it again.
 */
export function unreadProject(root: string, configPath: string, readFiles: readonly string[]): WatchedProject {
  return { root, configPath, configFiles: [...new Set(readFiles)], project: { functions: [] } };
}

export interface ProjectWatcherOptions extends Pick<WatchOptions, 'watch'> {
  /** Files dev reads besides the project's (an --env-vars file), absolute, wherever they are: asked at each sync. */
  readonly files?: () => readonly string[];
  /**
   * Whether a file written again with the bytes of its last change counts all the same: the last reload
   * failed (a port in use, say), and saving the template again is how a user asks for another try.
   */
  readonly rewritesCount?: () => boolean;
  /** A comparison or report of a change that threw: pylambda's bug. The next change is compared all the same. */
  readonly onError: (error: unknown) => void;
}

/**
 * The file watchers of a dev session: one tree per directory the project's code lives in (its root, and
 * code or layer directories outside it), and each configuration file the trees do not report (in a hidden
 * directory, or outside them), kept in step with the project as reloads change it. A change that leaves a
 * file's bytes as they were at its last change is not reported (ChangedContent).
 */
export class ProjectWatcher {
  private readonly trees = new Map<string, TreeWatcher>();
  /** Each tree's top, with its links resolved: a link to one of them is not followed by another tree. */
  private readonly realRoots = new Map<string, string>();
  /** The files watched on their own: the trees' reports of them are left out (one report a save). */
  private readonly files = new Map<string, { close(): void }>();
  private readonly content = new ChangedContent();
  /** Changes are compared with the files one batch at a time: two at once could keep an older digest. */
  private compared: Promise<void> = Promise.resolve();
  /** The zips the code comes from, each watched as a file (sync keeps them in step). */
  private readonly archives = new Map<string, { close(): void }>();
  private closed = false;
  private warned = false;
  private readonly tooLarge = new Set<string>();

  /** `onWarning`: a directory cannot be watched (said once: past the system's limit, every next one fails too). */
  constructor(
    private readonly onChange: (files: string[]) => void,
    private readonly onWarning: (message: string) => void,
    private readonly options: ProjectWatcherOptions,
  ) {}

  /**
   * Watches what the projects need now, and nothing else, and the zips their code comes from (`archives`,
   * absolute); settles once the new trees are watched. Two projects: a reload failed, the previous version
   * still serves, and what the new one needs is watched too, so that making it reads the configuration again.
   */
  async sync(projects: WatchedProject | readonly WatchedProject[], archives: readonly string[] = []): Promise<void> {
    const all: readonly WatchedProject[] = Array.isArray(projects) ? projects : [projects as WatchedProject];
    if (this.closed || all.length === 0) return;
    this.watchFiles(this.archives, new Set(archives));
    const roots = watchRoots(all[0]!.root, all.flatMap(codeDirectories).filter((dir) => !archives.includes(dir)));
    for (const [dir, tree] of this.trees) {
      if (roots.includes(dir)) continue;
      tree.close();
      this.trees.delete(dir);
      this.realRoots.delete(dir);
    }
    for (const dir of roots) this.realRoots.set(dir, realPath(dir));
    const added: Array<Promise<void>> = [];
    for (const dir of roots) {
      if (this.trees.has(dir)) continue;
      const tree = watchTree(dir, (files) => this.changed(files.filter((f) => !this.files.has(f))), {
        ...(this.options.watch ? { watch: this.options.watch } : {}),
        onError: (at, error) => this.cannotWatch(at, error),
        watchedElsewhere: (real) => reachedBy(real, [...this.realRoots].filter(([top]) => top !== dir).map(([, top]) => top)),
        onLinkTooLarge: (link, target) => this.linkTooLarge(link, target),
      });
      this.trees.set(dir, tree);
      added.push(tree.ready);
    }
    this.syncFiles(all, roots);
    await Promise.all(added);
  }

  /**
   * The configuration files (serverless.yml's `${file(./env/dev.yml)}`, .env files) and --env-vars files
   * the trees do not report by the same path, each watched on its own: a hidden directory's were never
   * watched, and the configuration was served stale without a word.
   */
  private syncFiles(projects: readonly WatchedProject[], roots: readonly string[]): void {
    const wanted = new Set([...projects.flatMap((p) => [p.configPath, ...(p.configFiles ?? [])]), ...(this.options.files?.() ?? [])]
      .filter((file) => !treesReport(file, roots) || linkedOnTheWay(file, roots)));
    this.watchFiles(this.files, wanted);
  }

  /** `watched` becomes the watchers of `wanted`, each file on its own: those no longer wanted close, new ones start. */
  private watchFiles(watched: Map<string, { close(): void }>, wanted: ReadonlySet<string>): void {
    for (const [file, watcher] of watched) {
      if (wanted.has(file)) continue;
      watcher.close();
      watched.delete(file);
    }
    for (const file of wanted) {
      if (watched.has(file)) continue;
      watched.set(file, watchFile(file, (files) => this.changed(files), {
        ...(this.options.watch ? { watch: this.options.watch } : {}),
        onError: (at, error) => this.cannotWatch(at, error),
      }));
    }
  }

  private changed(files: string[]): void {
    if (files.length === 0) return;
    // Caught in the chain: one rejected link would have ended dev, and left every later change unread.
    this.compared = this.compared.then(async () => {
      const changed = await this.content.changed(files, this.options.rewritesCount?.() ?? false);
      if (changed.length > 0 && !this.closed) this.onChange(changed);
    }).catch(this.options.onError);
  }

  private cannotWatch(dir: string, error: NodeJS.ErrnoException): void {
    // A configuration file looked for in a directory that does not exist (a `${file()}` with a fallback).
    if (this.warned || error.code === 'ENOENT' || error.code === 'ENOTDIR') return;
    this.warned = true;
    const why = error.code === 'ENOSPC'
      ? "the system's limit of file watches is reached (fs.inotify.max_user_watches); raise it, e.g. sudo sysctl fs.inotify.max_user_watches=524288, and start dev again"
      : error.message;
    this.onWarning(`Cannot watch ${dir}, so changes there do not reload: ${why}`);
  }

  private linkTooLarge(link: string, target: string): void {
    if (this.tooLarge.has(link)) return;
    this.tooLarge.add(link);
    this.onWarning(`${link} links to ${target}, which holds more than ${LINKED_DIRECTORY_LIMIT} directories: dev does not follow it, so changes there do not reload`);
  }

  close(): void {
    this.closed = true;
    for (const tree of this.trees.values()) tree.close();
    this.trees.clear();
    for (const file of this.files.values()) file.close();
    this.files.clear();
    for (const file of this.archives.values()) file.close();
    this.archives.clear();
  }
}

/**
 * A file the trees reach only through a link (`conf -> ../shared/conf`): they report it by another path
 * (the target's, or the link's when the link was found first), so it is watched on its own.
 */
function linkedOnTheWay(file: string, roots: readonly string[]): boolean {
  const root = roots.find((top) => reachedBy(dirname(file), [top]));
  return root === undefined || realPath(dirname(file)) !== join(realPath(root), relative(root, dirname(file)));
}

/**
 * Where the functions' code and layers are, absolute (they may not exist yet), links resolved: code in a
 * linked directory (`CodeUri: src/`, `src -> ../shared/src`) is a tree of its own, by its real path.
 */
function codeDirectories(loaded: WatchedProject): string[] {
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
