/**
 * Layers built from the project, as `sam build` and the Serverless Framework build them, and what a
 * function's 250 MB unzipped budget holds: Lambda counts "the function and all its layers"
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), so a layer pylambda cannot
 * measure (an ARN, content in S3, a Makefile build) is said, not silently left out.
 */
import { UserError } from '../errors.js';
import { PYTHON_RUNTIMES, pythonRuntime } from '../model/limits.js';
import type { Architecture, LayerModel } from '../model/project.js';
import { LAYER_PREFIX } from './zip-plan.js';

/** Where Lambda puts Python layers' code on sys.path, under /opt (a later layer's files win). */
const SITE_PACKAGES = (pythonVersion: string) => `${LAYER_PREFIX}lib/python${pythonVersion}/site-packages/`;

export type LayerBuild =
  /**
   * `BuildMethod: python3.x`: SAM's python_pip workflow with `python/` as the artifact directory
   * (samcli/lib/build/workflow_config.py, get_layer_subfolder): ContentUri is copied into `python/` and its
   * requirements.txt installed there, for the BuildMethod runtime and BuildArchitecture (x86_64 without one).
   */
  | { readonly kind: 'python'; readonly runtime: string; readonly architecture: Architecture; readonly prefix: typeof LAYER_PREFIX }
  /** No BuildMethod: SAM and the Framework deploy the directory as it is, so it must hold `python/` itself. */
  | { readonly kind: 'as-is'; readonly runtime: string; readonly architecture: Architecture; readonly prefix: '' }
  /** Not built here; the reason, said in a warning. */
  | { readonly kind: 'skipped'; readonly why: string };

/**
 * How pylambda builds a layer. `user` is the first packaged function that lists it: an as-is layer is
 * checked and compiled for its runtime and architecture. `architecture` is `--arch`, which wins as it does
 * for functions.
 */
export function layerBuild(layer: LayerModel, user: { readonly runtime: string; readonly architecture: Architecture }, architecture?: Architecture): LayerBuild {
  if (layer.artifact !== undefined) {
    return { kind: 'skipped', why: `its package.artifact ${layer.artifact} is deployed as it is by the Serverless Framework` };
  }
  const method = layer.buildMethod;
  if (method === undefined) return { kind: 'as-is', runtime: user.runtime, architecture: architecture ?? user.architecture, prefix: '' };
  if (method === 'makefile') return { kind: 'skipped', why: 'its BuildMethod is makefile: sam build runs its Makefile, which pylambda does not (build it with sam build)' };
  if (!method.startsWith('python')) return { kind: 'skipped', why: `its BuildMethod ${method} is not a Python runtime` };
  const runtime = pythonRuntime(method);
  if (!runtime) {
    throw new UserError(`${layer.source.path}: Metadata.BuildMethod ${method} is not a Python runtime pylambda packages (${PYTHON_RUNTIMES.map((r) => r.name).join(', ')})`, {
      hint: `Build ${layer.id} for the runtime of the functions that use it.`,
    });
  }
  const built = layer.buildArchitecture;
  if (built !== undefined && built !== 'x86_64' && built !== 'arm64') {
    throw new UserError(`${layer.source.path}: Metadata.BuildArchitecture ${built} is not a Lambda architecture (x86_64 or arm64)`);
  }
  return { kind: 'python', runtime: runtime.name, architecture: architecture ?? built ?? 'x86_64', prefix: LAYER_PREFIX };
}

/**
 * A layer built with a BuildMethod whose ContentUri holds `python/`: SAM copies it to `python/python/`, which
 * is not on Lambda's path, so its modules do not import there (aws/aws-sam-cli#2443), though they do when
 * the directory is deployed as it is. `paths` are the layer's files relative to ContentUri. Said without the layer,
 * which the warning's path (Resources.Shared) names already.
 */
export function nestedPythonWarning(layer: LayerModel, build: LayerBuild, paths: readonly string[]): string | undefined {
  if (build.kind !== 'python' || !paths.some((p) => p.startsWith(LAYER_PREFIX) && p.endsWith('.py'))) return undefined;
  const dir = `${layer.contentUri.replace(/\/+$/, '')}/python/`;
  return `with BuildMethod ${layer.buildMethod}, sam build copies ContentUri into python/, so ${dir} lands in /opt/python/python, which is not on Lambda's path: `
    + `its modules will not import on Lambda. Move them up into ContentUri, or remove Metadata.BuildMethod to deploy the directory as it is (its requirements.txt is then not installed)`;
}

/**
 * A layer deployed as its directory is (no BuildMethod) with Python modules at its root and no `python/`: Lambda
 * extracts it into /opt, and Python imports a layer's modules from /opt/python only, so they never import there
 * (and dev, which runs layers as Lambda lays them out, fails the same). `entries` are the directory's top-level
 * names, with `/` after a package's (a directory holding __init__.py).
 */
export function rootModulesWarning(layer: LayerModel, entries: readonly string[]): string | undefined {
  if (layer.buildMethod !== undefined || layer.artifact !== undefined || entries.includes('python/')) return undefined;
  const modules = entries.filter((name) => (name.endsWith('.py') || name.endsWith('/')) && !name.startsWith('.') && !name.startsWith('_'));
  if (modules.length === 0) return undefined;
  const dir = layer.contentUri.replace(/\/+$/, '');
  return `${dir} holds ${modules.join(', ')} at its root, which Lambda extracts into /opt, off Python's path (a layer's modules import from /opt/python): `
    + `they will not import, on Lambda nor here. Move them into ${dir}/python/`;
}

/** A layer's import paths: its files under `python/` (or `python/lib/pythonX.Y/site-packages/`), as Lambda puts them on sys.path. */
export function layerImportPaths(paths: readonly string[], pythonVersion: string): string[] {
  const site = SITE_PACKAGES(pythonVersion);
  const out: string[] = [];
  for (const path of paths) {
    if (path.startsWith(site)) out.push(path.slice(site.length));
    else if (path.startsWith(LAYER_PREFIX)) out.push(path.slice(LAYER_PREFIX.length));
  }
  return out;
}

export interface CountedLayer {
  readonly id: string;
  /** The layer's unzipped size; undefined when it was not built here (a Makefile build, a package.artifact). */
  readonly unzippedBytes?: number;
}

export interface LayerBudget {
  /** What the layers pylambda measured add to the function's unzipped size. */
  readonly unzippedBytes: number;
  readonly counted: readonly string[];
  /** Layers Lambda counts and pylambda cannot: as the template names them. */
  readonly uncounted: readonly string[];
}

/**
 * The layers' share of one function's unzipped budget: `--layer`'s dependency zip, then the layers the
 * function lists; every one Lambda counts but pylambda did not build is named.
 */
export function layerBudget(input: { readonly dependencyLayerBytes?: number; readonly layers: readonly CountedLayer[]; readonly external: readonly string[] }): LayerBudget {
  let unzippedBytes = input.dependencyLayerBytes ?? 0;
  const counted: string[] = [];
  const uncounted: string[] = [];
  for (const layer of input.layers) {
    if (layer.unzippedBytes === undefined) uncounted.push(layer.id);
    else {
      unzippedBytes += layer.unzippedBytes;
      counted.push(layer.id);
    }
  }
  uncounted.push(...input.external);
  return { unzippedBytes, counted, uncounted };
}

/** The note for a function whose budget leaves out layers Lambda will count. */
export function uncountedLayersNote(functionIds: readonly string[], uncounted: readonly string[]): string | undefined {
  if (uncounted.length === 0) return undefined;
  const one = uncounted.length === 1;
  return `${functionIds.join(', ')} ${functionIds.length === 1 ? 'lists' : 'list'} ${one ? 'a layer' : `${uncounted.length} layers`} pylambda does not build (${uncounted.join(', ')}): `
    + `Lambda counts ${one ? 'its' : 'their'} unzipped size in the 250 MB limit, and the room left shown here does not`;
}
