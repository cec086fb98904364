/** A directory of symbolic links to files elsewhere: a view that reads each file where it is, edits included. */
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Fills `dir` with a link at each `path` (POSIX, relative) to its `source` (absolute). */
export async function linkTree(dir: string, files: readonly { readonly path: string; readonly source: string }[]): Promise<void> {
  const made = new Set<string>();
  for (const { path, source } of files) {
    const target = join(dir, ...path.split('/'));
    const parent = dirname(target);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await symlink(source, target);
  }
}
