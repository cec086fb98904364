import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories never worth watching: environments, caches, VCS, build output. */
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'env', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.aws-sam', '.serverless', '.pylambda', 'dist', 'build', '.idea', '.vscode']);

/** Editors' temporary files: a save that writes one of these is not a change yet. */
function isNoise(name: string): boolean {
  return name.endsWith('~') || name.endsWith('.swp') || name.endsWith('.swx') || name.startsWith('.#') || name.endsWith('.pyc') || /^\d+$/.test(name);
}

export interface TreeWatcher {
  close(): void;
}

/**
 * Watches a project tree, one non-recursive watcher per directory (Node's recursive mode on Linux walks
 * everything, virtual environments included, before it returns). Changes come in batches after `settleMs`
 * of quiet, so an editor's save of several files is one reload.
 */
export function watchTree(root: string, onChange: (files: string[]) => void, settleMs = 25): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = () => {
    timer = undefined;
    const files = [...pending];
    pending = new Set();
    if (files.length > 0 && !closed) onChange(files);
  };

  const add = async (dir: string): Promise<void> => {
    if (closed || watchers.has(dir)) return;
    try {
      if (!(await stat(dir)).isDirectory()) return;
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (!name || isNoise(name)) return;
        const path = join(dir, name.toString());
        if (SKIP_DIRS.has(name.toString())) return;
        pending.add(path);
        // A new directory needs a watcher of its own.
        void add(path).catch(() => undefined);
        clearTimeout(timer);
        timer = setTimeout(flush, settleMs);
      });
      watcher.on('error', () => watchers.delete(dir));
      watchers.set(dir, watcher);
      const entries = await readdir(dir, { withFileTypes: true });
      for (const entry of entries) {
        // Hidden directories are skipped, but for Chalice's configuration.
        const hidden = entry.name.startsWith('.') && entry.name !== '.chalice';
        if (entry.isDirectory() && !SKIP_DIRS.has(entry.name) && !hidden) await add(join(dir, entry.name));
      }
    } catch {
      // Not a directory, or gone already: nothing to watch.
    }
  };
  void add(root);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
