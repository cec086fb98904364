import { fileDigest } from '../adapters/fs.js';

/**
 * Larger files are not read to be compared: a rewrite of one counts as a change. Reading a 100 MB data file
 * at each of its changes would hold every reload up.
 */
export const COMPARED_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The bytes of each file at its last change, as a digest, to tell a change from a rewrite of the same bytes.
 * Code that writes a file beside itself at import (an OpenAPI spec, a generated config) reloaded dev, whose
 * new environment imported the code again, which wrote the file again: restarts without end, with no
 * request. Only files that change are read, when they do: nothing is read at start-up, so the first
 * change of a file always counts.
 */
export class ChangedContent {
  private readonly digests = new Map<string, string>();

  constructor(private readonly digest: (path: string) => Promise<string | undefined> = (path) => fileDigest(path, COMPARED_MAX_BYTES)) {}

  /**
   * The files whose bytes differ from those of their last change (gone, a directory, a large file: all
   * count); `all` keeps every file (each one's digest is still kept for the next time).
   */
  async changed(files: readonly string[], all = false): Promise<string[]> {
    const digests = await Promise.all(files.map((file) => this.digest(file)));
    return files.filter((file, i) => {
      const before = this.digests.get(file);
      const now = digests[i];
      if (now === undefined) this.digests.delete(file);
      else this.digests.set(file, now);
      return all || now === undefined || now !== before;
    });
  }
}
