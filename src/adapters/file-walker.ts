/**
 * Lists the regular files under a directory, with the mode and size a zip plan needs, as POSIX paths
 * relative to the root, sorted. Symbolic links are followed (a package holds what they point to, as
 * `zip -r` and `sam build` do), a directory reached by two paths is listed under both, and a link back to
 * a directory being listed (a loop) is left out. The caller's `skipDir` keeps it out of directories
 * it would only throw away (`.git`, `.venv`, `node_modules`).
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface WalkedFile {
  /** POSIX path relative to the root. */
  readonly path: string;
  readonly mode: number;
  readonly size: number;
}

export interface WalkOptions {
  /** A reason to leave the directory (relative path, its entry names) unvisited, or undefined to enter it. */
  readonly skipDir?: (dir: string, entries: readonly string[]) => string | undefined;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** Directories left out by `skipDir` (excluded), and entries that could not be packaged (broken links, loops, sockets). */
  readonly skipped: { readonly path: string; readonly reason: string; readonly excluded: boolean }[];
}

export function walkFiles(root: string, options: WalkOptions = {}): WalkResult {
  const files: WalkedFile[] = [];
  const skipped: { path: string; reason: string; excluded: boolean }[] = [];
  /** The real paths of the directories being listed, from the root down to the current one. */
  const ancestors = new Set<string>();

  const visit = (abs: string, rel: string) => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    if (ancestors.has(real)) {
      skipped.push({ path: rel, reason: 'a link back to a directory that holds it (a loop)', excluded: false });
      return;
    }
    const names = readdirSync(abs).sort();
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
      } catch {
        skipped.push({ path: childRel, reason: 'cannot be read (a broken link?)', excluded: false });
        continue;
      }
      if (st.isDirectory()) visit(childAbs, childRel);
      else if (st.isFile()) files.push({ path: childRel, mode: st.mode, size: st.size });
      else skipped.push({ path: childRel, reason: 'not a regular file', excluded: false });
    }
    ancestors.delete(real);
  };
  visit(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
