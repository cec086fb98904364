import { UserError, type Diagnostic } from '../core/errors.js';
import { withoutFunctions } from '../core/model/local-code.js';
import { codeArchives, codePlan, layerViewsDir, localCode, projectPath, type LocalCode } from './local-code.js';
import { pruneLayerViews } from './layer-view.js';
import type { LoadedProject } from './project.js';

/** A version of the project as `pylambda dev` serves it, with each function's code on disk. */
export interface DevCode {
  /** The project without the functions dev skips (and their routes); their warnings added. */
  readonly served: LoadedProject;
  /** Each served function's code. */
  readonly code: ReadonlyMap<string, LocalCode>;
  /** The zips the code comes from, absolute: watched as files (a tree watch reports source files only). */
  readonly archives: readonly string[];
  /**
   * Paths whose change makes dev read the project again, absolute: those zips, the CodeUri of a function
   * skipped because it does not exist yet (a build step that makes it brings the function in), and the layers
   * of a function that runs them merged.
   */
  readonly triggers: readonly string[];
}

/**
 * Every function's code for dev: a zip is unzipped (as `sam local start-api` runs it); one that does not
 * exist, is not a directory or a zip, or cannot be unzipped safely is skipped with a warning, and the others
 * are served all the same.
 */
export async function devCode(loaded: LoadedProject): Promise<DevCode> {
  const code = new Map<string, LocalCode>();
  const skipped: Record<string, string> = {};
  const warnings: Diagnostic[] = [];
  const triggers: string[] = [];
  const archives: string[] = [];
  for (const fn of loaded.project.functions) {
    archives.push(...codeArchives(loaded, fn));
    const skip = (message: string) => {
      skipped[fn.id] = message;
      warnings.push({ severity: 'warning', file: loaded.project.configFile, path: fn.source.path, message });
    };
    if (codePlan(loaded, fn, 'dev').plan.kind === 'skip') triggers.push(projectPath(loaded, fn.codeUri));
    try {
      const found = await localCode(loaded, fn, 'dev');
      if ('skipped' in found) skip(found.skipped.message);
      else code.set(fn.id, found);
      // A merged view of the layers links the files they had: one added or removed makes it anew (layer-view.ts).
      if (!('skipped' in found) && found.layerView) triggers.push(...(fn.layers ?? []).map((l) => found.layerDirs.get(l.id) ?? projectPath(loaded, l.contentUri)));
    } catch (error) {
      // A zip that cannot be unzipped safely stops its function, not the others.
      if (!(error instanceof UserError)) throw error;
      skip(`${error.message}, and ${fn.id} is skipped`);
    }
  }
  // The views no function uses now (its layers changed, it left the project) go: each stayed for good.
  await pruneLayerViews(layerViewsDir(loaded), [...code.values()].flatMap((c) => (c.layerView ? [c.layerView] : [])));
  const unique = [...new Set(archives)];
  const served: LoadedProject = warnings.length === 0 ? loaded : {
    ...loaded,
    project: withoutFunctions(loaded.project, skipped),
    warnings: [...loaded.warnings, ...warnings],
  };
  return { served, code, archives: unique, triggers: [...new Set([...triggers, ...unique])] };
}
