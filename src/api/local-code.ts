/**
 * Where a function's code is on this machine for a command: its CodeUri directory, the directory its
 * zip CodeUri (and a layer's zip ContentUri) is unzipped into, as `sam local` runs them, or the one its inline
 * code is written into; or why the command leaves it out (core/model/local-code.ts).
 */
import { isAbsolute, join, resolve } from 'node:path';
import { dirExists, fileExists, readText } from '../adapters/fs.js';
import { inlineCodeDirectory } from '../adapters/inline-code.js';
import { unzippedDirectory } from '../adapters/unzip.js';
import { UserError, type Diagnostic } from '../core/errors.js';
import { RUNTIME_DIR } from '../emulator/runtime-launch.js';
import { INLINE_CODE_FILE, INLINE_CODE_MODULES, codeFound, isArchivePath, planCode, type CodePlan, type CodeUse } from '../core/model/local-code.js';
import type { FunctionModel, LayerModel } from '../core/model/project.js';
import type { LoadedProject } from './project.js';
import { layerPythonDir, mergedLayerView } from './layer-view.js';
import { stateDir } from './state-dir.js';

export interface LocalCode {
  /** The directory the function runs from (its task root), absolute. */
  readonly codeDir: string;
  /** The directories zip layers are unzipped into, by layer id; other layers are read from their ContentUri. */
  readonly layerDirs: ReadonlyMap<string, string>;
  /** The layers' Python code merged as in /opt, when two layers share a name there (layer-view.ts). */
  readonly layerView?: string;
}

/** A path of the project (a CodeUri, a ContentUri), absolute. */
export function projectPath(loaded: LoadedProject, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.root, path);
}

/** What `use` does with the function's code, and the absolute path its CodeUri names. */
export function codePlan(loaded: LoadedProject, fn: FunctionModel, use: CodeUse): { plan: CodePlan; path: string } {
  const path = projectPath(loaded, fn.codeUri);
  const found = codeFound(path, dirExists(path) ? 'directory' : fileExists(path) ? 'file' : 'missing');
  const plan = planCode(fn, found, path, use);
  if (plan.kind === 'skip' || plan.kind === 'error') return { plan, path };
  // A CDK layer's asset goes with the function's: both are in cdk.out, written by the same `cdk synth`.
  const layer = (fn.layers ?? []).find((l) => l.contentAsset && !existsAt(projectPath(loaded, l.contentUri)));
  if (!layer) return { plan, path };
  return { plan: planCode({ ...fn, codeUri: layer.contentUri, codeAsset: true, layer: layer.id }, 'missing', projectPath(loaded, layer.contentUri), use), path };
}

function existsAt(path: string): boolean {
  return dirExists(path) || fileExists(path);
}

/** The code of the function `invoke` or `coldstart` runs, unzipped if need be; a clear error when it cannot run. */
export async function runnableCode(loaded: LoadedProject, fn: FunctionModel): Promise<LocalCode> {
  const code = await localCode(loaded, fn, 'run');
  if ('skipped' in code) throw new UserError(code.skipped.message);
  return code;
}

/**
 * The function's code for `use`: its directory (a zip unzipped into pylambda's state directory, kept while
 * the zip is unchanged), or why it is left out. An error the plan says is thrown.
 */
export async function localCode(loaded: LoadedProject, fn: FunctionModel, use: 'run' | 'dev'): Promise<LocalCode | { skipped: Diagnostic }> {
  const { plan, path } = codePlan(loaded, fn, use);
  if (plan.kind === 'error') throw new UserError(plan.message, plan.hint ? { hint: plan.hint } : {});
  // A SAM function's template may be a nested stack's.
  const file = loaded.project.style === 'sam' ? fn.source.file : loaded.project.configFile;
  if (plan.kind === 'skip') return { skipped: { severity: 'warning', file, path: fn.source.path, message: plan.message } };
  const state = join(loaded.root, stateDir(loaded.project.style));
  const cache = join(state, 'unzipped');
  const codeDir = plan.kind === 'unzip' ? await unzippedDirectory(path, cache, fn.codeUri)
    : plan.kind === 'inline' ? await inlineCodeDirectory(join(state, 'inline'), fn.id, await inlineFiles(fn.inlineCode ?? ''))
    : path;
  const layerDirs = new Map<string, string>();
  const pythonDirs: string[] = [];
  for (const layer of fn.layers ?? []) {
    const dir = projectPath(loaded, layer.contentUri);
    if (isZipFile(dir)) layerDirs.set(layer.id, await unzippedDirectory(dir, cache, layer.contentUri));
    pythonDirs.push(layerPythonDir(layerDirs.get(layer.id) ?? dir, layer));
  }
  const layerView = await mergedLayerView(layerViewsDir(loaded), pythonDirs, fn.runtime.replace('python', ''));
  return { codeDir, layerDirs, ...(layerView ? { layerView } : {}) };
}

/** Where the merged views of layers are made (layer-view.ts): in pylambda's state directory. */
export function layerViewsDir(loaded: LoadedProject): string {
  return join(loaded.root, stateDir(loaded.project.style), 'layers');
}

/** The inline code as index.py, with the modules Lambda puts beside it. */
async function inlineFiles(source: string): Promise<Record<string, string>> {
  const files: Record<string, string> = { [INLINE_CODE_FILE]: source };
  for (const name of INLINE_CODE_MODULES) files[name] = await readText(join(RUNTIME_DIR, 'inline', name));
  return files;
}

function isZipFile(path: string): boolean {
  return isArchivePath(path) && fileExists(path);
}

/**
 * The zips a function's code comes from (its CodeUri's, its layers'), absolute: dev watches them (a zip
 * is no source file its tree watch reports) and reads the project again when one changes.
 */
export function codeArchives(loaded: LoadedProject, fn: FunctionModel): string[] {
  const paths = [fn.codeUri, ...(fn.layers ?? []).map((l: LayerModel) => l.contentUri)].map((p) => projectPath(loaded, p));
  return paths.filter(isZipFile);
}
