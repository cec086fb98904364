/** Writes a function's inline source (SAM InlineCode, Code.ZipFile) into a directory to run from. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Text } from './file-digest.js';
import { versionedDirectory } from './versioned-dir.js';

/**
 * The directory under `cacheDir` that holds `files` (name: text), one for each version of them: a reload that
 * changes the template's code gets a directory of its own, and the earlier versions' are removed.
 */
export async function inlineCodeDirectory(cacheDir: string, id: string, files: Readonly<Record<string, string>>): Promise<string> {
  const prefix = `${id.replace(/[^A-Za-z0-9._]/g, '_')}-`;
  const entries = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));
  return versionedDirectory(cacheDir, prefix, sha256Text(JSON.stringify(entries)).slice(0, 12), async (dir) => {
    await mkdir(dir);
    for (const [name, text] of entries) await writeFile(join(dir, name), text);
  });
}
