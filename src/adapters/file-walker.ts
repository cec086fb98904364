/**
 * Lists the regular files under a directory, with the mode and size a zip plan needs, as POSIX paths
 * relative to the root, sorted. Symbolic links are followed (a package holds what they point to, as
 * `zip -r` and `sam build` do), a directory reached by two paths is listed under both, and a link back to
 * a directory being listed (a loop) is left out. The caller's `skipDir` keeps it out of directories
 * it would only throw away (`.git`, `.venv`, `node_modules`).
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { UserError } from '../core/errors.js';

/** No Lambda package comes near this (250 MB unzipped); a walk past it is following links in circles. */
const MAX_FILES = 200_000;

export interface WalkedFile {
  /** POSIX path relative to the root. */
  readonly path: string;
  readonly mode: number;
  readonly size: number;
}

export interface WalkOptions {
  /** A reason to leave the directory (relative path, its entry names) unvisited, or undefined to enter it. */
  readonly skipDir?: (dir: string, entries: readonly string[]) => string | undefined;
  /** Past this many files the walk stops with a UserError (default MAX_FILES). */
  readonly maxFiles?: number;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** Directories left out by `skipDir` (excluded), and entries that could not be packaged (broken links, loops, sockets). */
  readonly skipped: { readonly path: string; readonly reason: string; readonly excluded: boolean }[];
}

/** Why an entry cannot be followed, by the error its stat gave (the entry itself is there: it was listed). */
const UNREADABLE: Readonly<Record<string, string>> = {
  ENOENT: 'a broken link (what it points to does not exist)',
  ELOOP: 'a loop of links (a -> b -> a, or a link to itself)',
  EACCES: 'cannot be read (permission denied)',
};

export function walkFiles(root: string, options: WalkOptions = {}): WalkResult {
  const files: WalkedFile[] = [];
  const skipped: { path: string; reason: string; excluded: boolean }[] = [];
  const maxFiles = options.maxFiles ?? MAX_FILES;
  /** The real paths of the directories being listed, from the root down to the current one. */
  const ancestors = new Set<string>();

  const visit = (abs: string, rel: string) => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    // A link to a directory being listed, or to one that holds the root (`up -> ..`), would list it again forever.
    if (ancestors.has(real) || (rootReal !== undefined && rootReal.startsWith(real.endsWith(sep) ? real : `${real}${sep}`))) {
      skipped.push({ path: rel, reason: 'a link back to a directory that holds it (a loop)', excluded: false });
      return;
    }
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      skipped.push({ path: rel, reason: 'cannot be read (permissions?)', excluded: false });
      return;
    }
    if (rel !== '') {
      const reason = options.skipDir?.(rel, names);
      if (reason) {
        skipped.push({ path: rel, reason, excluded: true });
        return;
      }
    }
    ancestors.add(real);
    for (const name of names) {
      const childAbs = join(abs, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      let st: Stats;
      try {
        st = statSync(childAbs);
      } catch (error) {
        skipped.push({ path: childRel, reason: UNREADABLE[(error as NodeJS.ErrnoException).code ?? ''] ?? 'cannot be read', excluded: false });
        continue;
      }
      if (st.isDirectory()) visit(childAbs, childRel);
      else if (st.isFile()) {
        files.push({ path: childRel, mode: st.mode, size: st.size });
        // Links can reach the same directories by many paths (each level linking twice to the next doubles
        // them): far past any Lambda package, stop rather than list millions.
        if (files.length > maxFiles) throw new UserError(`${root} holds more than ${maxFiles} files once its links are followed`, { hint: 'Look for symbolic links that lead to the same directories again and again, or to a large tree outside the project.' });
      }
      else skipped.push({ path: childRel, reason: 'not a regular file', excluded: false });
    }
    ancestors.delete(real);
  };
  let rootReal: string | undefined;
  try {
    rootReal = realpathSync(root);
  } catch {
    rootReal = undefined;
  }
  visit(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
