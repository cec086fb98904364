/**
 * Lists the regular files under a directory, with the mode and size a zip plan needs, as POSIX paths
 * relative to the root, sorted. Symbolic links are followed (a package holds what they point to);
 * a loop of linked directories is entered once. The caller's `skipDir` keeps it out of directories
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
  /** Directories left out by `skipDir`, and entries that could not be read (broken links, sockets). */
  readonly skipped: { readonly path: string; readonly reason: string }[];
}

export function walkFiles(root: string, options: WalkOptions = {}): WalkResult {
  const files: WalkedFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const seen = new Set<string>();

  const visit = (abs: string, rel: string) => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    if (seen.has(real)) {
      skipped.push({ path: rel, reason: 'a link back to a directory already included' });
      return;
    }
    seen.add(real);
    const names = readdirSync(abs).sort();
    if (rel !== '') {
      const reason = options.skipDir?.(rel, names);
      if (reason) {
        skipped.push({ path: rel, reason });
        return;
      }
    }
    for (const name of names) {
      const childAbs = join(abs, name);
      const childRel = rel === '' ? name : `${rel}/${name}`;
      let st: Stats;
      try {
        st = statSync(childAbs);
      } catch {
        skipped.push({ path: childRel, reason: 'cannot be read (a broken link?)' });
        continue;
      }
      if (st.isDirectory()) visit(childAbs, childRel);
      else if (st.isFile()) files.push({ path: childRel, mode: st.mode, size: st.size });
      else skipped.push({ path: childRel, reason: 'not a regular file' });
    }
  };
  visit(root, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
