import { join, resolve } from 'node:path';
import { dirExists, directoryNames, fileExists } from '../adapters/fs.js';
import { UserError, type Diagnostic } from '../core/errors.js';
import type { FunctionModel } from '../core/model/project.js';
import { layerBuild, nestedPythonWarning, rootModulesWarning } from '../core/packaging/layers.js';
import { LAYER_PREFIX } from '../core/packaging/zip-plan.js';
import type { LocalCode } from './local-code.js';
import type { LoadedProject } from './project.js';

/**
 * The layers of `functions` whose modules will not import on Lambda: one deployed as it is with them at its root
 * (no python/), or one built with a Python BuildMethod whose ContentUri holds python/: dev and invoke run them
 * as sam build lays them out (layer-view.ts), so their modules do not import, and said only by `pylambda package`
 * before, the ImportModuleError came with no word of why. `codeOf`: where each function runs from (a zip's unzipped copy).
 */
export function nestedLayerWarnings(loaded: LoadedProject, functions: readonly FunctionModel[], codeOf: (fn: FunctionModel) => LocalCode | undefined): Diagnostic[] {
  const said = new Set<string>();
  return functions.flatMap((fn) => (fn.layers ?? []).flatMap((layer): Diagnostic[] => {
    if (said.has(layer.id)) return [];
    said.add(layer.id);
    const dir = codeOf(fn)?.layerDirs.get(layer.id) ?? resolve(loaded.root, layer.contentUri);
    if (!layer.buildMethod?.startsWith('python')) {
      const entries = (directoryNames(dir) ?? []).map((name) => (fileExists(join(dir, name, '__init__.py')) || (name === 'python' && (directoryNames(join(dir, name)) ?? []).length > 0) ? `${name}/` : name));
      const message = rootModulesWarning(layer, entries);
      return message ? [{ severity: 'warning', path: layer.source.path, message }] : [];
    }
    const python = join(dir, LAYER_PREFIX);
    if (!dirExists(python)) return [];
    let build;
    try {
      build = layerBuild(layer, fn);
    } catch (error) {
      // A BuildMethod that is no Python runtime is package's error to report; it says nothing of the layout.
      if (error instanceof UserError) return [];
      throw error;
    }
    // Two levels say it (python/app.py, python/shared/__init__.py), without walking what pip installed there.
    const paths = (directoryNames(python) ?? []).flatMap((name) => [name, ...(directoryNames(join(python, name)) ?? []).map((inner) => `${name}/${inner}`)]).map((path) => `${LAYER_PREFIX}${path}`);
    const message = nestedPythonWarning(layer, build, paths);
    return message ? [{ severity: 'warning', path: layer.source.path, message }] : [];
  }));
}
