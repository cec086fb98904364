/** Writes a function's inline source (SAM InlineCode, Code.ZipFile) into a directory to run from. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Text } from './file-digest.js';
import { versionedDirectory } from './versioned-dir.js';

/**
 * The directory under `cacheDir` that holds `source` as `fileName`, one for each version of the source: a
 * reload that changes the template's code gets a directory of its own, and the earlier versions' are removed.
 */
export async function inlineCodeDirectory(cacheDir: string, id: string, fileName: string, source: string): Promise<string> {
  const prefix = `${id.replace(/[^A-Za-z0-9._]/g, '_')}-`;
  return versionedDirectory(cacheDir, prefix, sha256Text(`${fileName}\n${source}`).slice(0, 12), async (dir) => {
    await mkdir(dir);
    await writeFile(join(dir, fileName), source);
  });
}
