/**
 * The layers' Python code as Lambda's /opt holds it, for the functions whose layers overlap (core/runtime/layer-merge.ts):
 * a view of links in pylambda's state directory, made anew when the layers' files come or go (an edit to a file
 * shows through its link). Layers that share no name under the sys.path roots get none: their own directories
 * are on the path, and nothing beyond a directory listing of each is read.
 */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { directoryNames } from '../adapters/fs.js';
import { walkFiles } from '../adapters/file-walker.js';
import { linkTree } from '../adapters/link-tree.js';
import { pruneCache, releaseOwn, versionedDirectory } from '../adapters/versioned-dir.js';
import type { LayerModel } from '../core/model/project.js';
import { mergeLayerFiles, sharedNames, type LayerFiles } from '../core/runtime/layer-merge.js';

/**
 * A layer's directory that is /opt/python on Lambda: with a Python BuildMethod, sam build puts the whole ContentUri
 * under python/, so it is the layer's directory itself (a python/ inside it is not on the path); else its python/.
 */
export function layerPythonDir(dir: string, layer: LayerModel): string {
  return layer.buildMethod?.startsWith('python') ? dir : join(dir, 'python');
}

/** The site-packages directory under a layer's python/ (python/lib/pythonX.Y/site-packages). */
export function sitePackagesUnder(pythonDir: string, pythonVersion: string): string {
  return join(pythonDir, 'lib', `python${pythonVersion}`, 'site-packages');
}

/**
 * The directory that is /opt for the layers' Python code (its `python/` and `python/lib/pythonX.Y/site-packages`),
 * merged in the function's order; undefined when no two layers share a name there. `pythonDirs`: each layer's
 * directory that is /opt/python on Lambda, in the function's order (one that does not exist holds nothing).
 */
export async function mergedLayerView(cacheDir: string, pythonDirs: readonly string[], pythonVersion: string): Promise<string | undefined> {
  if (pythonDirs.length < 2) return undefined;
  const roots = pythonDirs.map((dir) => ({ python: directoryNames(dir) ?? [], sitePackages: directoryNames(sitePackagesUnder(dir, pythonVersion)) ?? [] }));
  if (sharedNames(roots).length === 0) return undefined;
  const layers: LayerFiles[] = pythonDirs.map((dir) => ({
    // Python writes the view's own bytecode beside its links; a layer's would be for sources another layer may replace.
    files: (directoryNames(dir) ? walkFiles(dir, { skipDir: (rel) => (rel.split('/').at(-1) === '__pycache__' ? 'bytecode' : undefined) }).files : []).map((f) => `python/${f.path}`),
    source: (path) => join(dir, ...path.slice('python/'.length).split('/')),
  }));
  const merged = mergeLayerFiles(layers);
  const key = digest(pythonDirs.join('\n'));
  const version = digest(merged.map((f) => `${f.path}\0${f.source}`).join('\n'));
  return versionedDirectory(cacheDir, `${key}-`, version, (dir) => linkTree(dir, merged));
}

/** A view's directory name: its layers' digest, then its files' (mergedLayerView). */
const VIEW_NAME = /^[0-9a-f]{16}-[0-9a-f]{16}$/;

/**
 * Removes the views in `cacheDir` that are not `inUse` (the views dev's functions run with now) and that no other live
 * pylambda runs from (its lease, core/state/cache-pruning.ts). A view is made for each set of layers, and one whose
 * function changed its layers or left the project was kept for good. A view being made is left alone.
 */
export async function pruneLayerViews(cacheDir: string, inUse: readonly string[]): Promise<void> {
  const kept = new Set(inUse.map((view) => basename(view)));
  await releaseOwn(cacheDir, (name) => !kept.has(name));
  await pruneCache(cacheDir, { keep: kept, superseded: (name) => VIEW_NAME.test(name) });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
