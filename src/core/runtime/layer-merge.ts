/**
 * How a function's layers meet in /opt. "Lambda extracts the layer contents into the /opt directory"
 * (creating-deleting-layers), and "The order in which you add the layers is the order in which Lambda merges the
 * layer content into the execution environment" (adding-layers): extracted one over the other, a later layer's
 * file replaces an earlier one's at the same path, and two layers that both ship `python/mypkg/` give one
 * `/opt/python/mypkg` holding the files of both. A directory per layer on sys.path, the later first, imports the
 * same only while no two layers have a name in common under the path's roots; past that, Lambda runs a merged view.
 */

/** The directories of one layer that are on Lambda's sys.path, as it would sit in /opt. */
export interface LayerRoots {
  /** The names directly in /opt/python (`lib` aside, which holds the next root). */
  readonly python: readonly string[];
  /** The names directly in /opt/python/lib/pythonX.Y/site-packages. */
  readonly sitePackages: readonly string[];
}

/**
 * The names two or more layers have under the sys.path roots, in either root (an earlier layer's
 * site-packages `x` is found before a later layer's /opt/python `x` on Lambda, the other way round with a
 * directory per layer). Empty: a directory per layer imports as /opt does, and no view is needed.
 */
export function sharedNames(layers: readonly LayerRoots[]): string[] {
  const seen = new Map<string, number>();
  const shared = new Set<string>();
  layers.forEach((layer, index) => {
    for (const name of new Set([...layer.python.filter((n) => n !== 'lib'), ...layer.sitePackages])) {
      const first = seen.get(name);
      if (first === undefined) seen.set(name, index);
      else if (first !== index) shared.add(name);
    }
  });
  return [...shared].sort();
}

/** One layer's files: paths relative to /opt (POSIX), and where they are on this machine. */
export interface LayerFiles {
  readonly files: readonly string[];
  /** The local path of a file of this layer. */
  readonly source: (path: string) => string;
}

export interface MergedFile {
  /** Relative to /opt. */
  readonly path: string;
  readonly source: string;
}

/**
 * The files of /opt once every layer is extracted in order, sorted by path: a later layer's file replaces an
 * earlier one's at its path, and a file where an earlier layer had a directory (or a directory where it had a
 * file) replaces what was there, as extracting over it would.
 */
export function mergeLayerFiles(layers: readonly LayerFiles[]): MergedFile[] {
  const merged = new Map<string, string>();
  /** Every directory a file was put under: only a file at one of these paths has files of another layer to drop. */
  const dirs = new Set<string>();
  for (const layer of layers) {
    for (const path of layer.files) {
      if (dirs.has(path)) {
        for (const existing of [...merged.keys()]) if (existing.startsWith(`${path}/`)) merged.delete(existing);
      }
      for (let cut = path.indexOf('/'); cut > 0; cut = path.indexOf('/', cut + 1)) {
        merged.delete(path.slice(0, cut));
        dirs.add(path.slice(0, cut));
      }
      merged.set(path, layer.source(path));
    }
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, source]) => ({ path, source }));
}
