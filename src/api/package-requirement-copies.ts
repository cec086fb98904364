/**
 * Requirements files rewritten for the installer: a copy of the user's file and of every file it includes (`-r`,
 * `-c`), written elsewhere, each line as `rewrite` says and each include pointing at its copy. pip and uv read an
 * included file's lines with the same rules as the file's own, so a line to rewrite can be in any of them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { exists } from '../adapters/package-files.js';
import { relocatedRequirements } from '../core/packaging/requirements.js';

export interface RequirementsText {
  readonly path: string;
  readonly content: string;
  /** For a copy, the user's file it was made from, which messages name. */
  readonly source?: string;
}

/** A `--find-links` path as the installer finds it from a file written elsewhere: absolute when it exists beside `dir`. */
export function resolveLinkIn(dir: string): (path: string) => string {
  return (path) => (!path.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(path) && exists(join(dir, path)) ? join(dir, path) : path);
}

/** Writes the copies into `dir` (files[0] is the file the installer reads); returns them in the same order. */
export async function writeRequirementCopies(files: readonly RequirementsText[], dir: string, rewrite: (line: string) => string): Promise<RequirementsText[]> {
  const copies = new Map(files.map((f, i) => [resolve(f.path), join(dir, `${i}-${basename(f.path)}`)]));
  await mkdir(dir, { recursive: true });
  return Promise.all(files.map(async (f) => {
    const from = dirname(f.path);
    const content = relocatedRequirements(f.content, from, resolveLinkIn(from), rewrite, (path) => copies.get(resolve(from, path)));
    const path = copies.get(resolve(f.path))!;
    await writeFile(path, content);
    return { path, content, source: f.source ?? f.path };
  }));
}
