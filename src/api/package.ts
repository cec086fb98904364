/**
 * `pylambda package`: Lambda-ready zips for a project's functions, without Docker, for x86_64 or arm64.
 * The project's layers the functions list are built first, once each; then each build (functions sharing
 * code, runtime, architecture and layers) installs its dependencies for the platform (or takes them from
 * the cache), adds the function's files and bytecode, checks the size with its layers, and writes a
 * deterministic zip. Everything is staged: the output directory changes only when every build
 * succeeded, and then gets the zips and `manifest.json` together.
 */
import { join, resolve } from 'node:path';
import { pruneUnusedEntries } from '../adapters/dep-cache.js';
import { readText } from '../adapters/fs.js';
import { exists, makeStaging, publish, removeDir, writeFileAtomic } from '../adapters/package-files.js';
import { projectPythonPath } from '../adapters/python.js';
import { diagnosticsFor, UserError } from '../core/errors.js';
import type { FunctionModel, LayerModel, ProjectStyle } from '../core/model/project.js';
import { artifactFileName, groupFunctions, MANIFEST_FILE, mergeManifest, notPackaged, parseManifest, type FunctionArtifacts } from '../core/packaging/manifest.js';
import { functionsShippingDir } from '../core/packaging/patterns.js';
import { packageTarget, type PackageTarget } from '../core/packaging/platform.js';
import { buildGroup, type BuildRequest } from './package-build.js';
import { createContext } from './package-context.js';
import type { OutputState } from './package-artifacts.js';
import { buildLayers, finishLayerReports, type LayerRequest } from './package-layers.js';
import { realTools, type BuildReport, type PackageNotice, type PackageOptions, type PackageOutcome } from './package-types.js';
import { stateDir } from './state-dir.js';
import { codePlan } from './local-code.js';
import { loadProject, type LoadedProject } from './project.js';
import { loadOptionsFor } from './project-selection.js';
import { withFileTemplate } from './samconfig-options.js';
import { noFunction, selectFunction } from './select-function.js';
import { prepareWsgiHandlers, wsgiPackageFiles } from './serverless-wsgi.js';

export type { PackageOptions, PackageOutcome, PackageProgress, PackageNotice, BuildReport, ArtifactReport, BuildStep } from './package-types.js';

export const defaultOutDir = (style: ProjectStyle): string => join(stateDir(style), 'package');
const defaultCacheDir = (style: ProjectStyle): string => join(stateDir(style), 'cache');

export async function packageFunctions(options: PackageOptions): Promise<PackageOutcome> {
  const tools = { ...realTools, ...options.tools };
  const started = tools.clock.monotonic();
  // sam build's template_file (samconfig-options.ts), as the template sam build reads without --template.
  const loaded = await loadProject(loadOptionsFor(await withFileTemplate(options, 'package'), 'package'));
  for (const w of diagnosticsFor(loaded.warnings, 'package')) options.onNotice?.({ level: 'warning', message: `${w.path ? `${w.path}: ` : ''}${w.message}` });
  const functions = chooseFunctions(loaded, options.functionNames ?? [], (notice) => options.onNotice?.(notice));
  const root = loaded.root;
  const style = loaded.project.style;
  await prepareWsgiHandlers(root, functions);
  if (style === 'sam' && exists(join(root, '.pylambda'))) {
    options.onNotice?.({ level: 'warning', message: `${join(root, '.pylambda')} is an earlier pylambda's build state: sam build copies it into every function built from CodeUri: . (pylambda now keeps it in ${stateDir(style)}/); delete it` });
  }
  const shipping = style === 'serverless' ? functionsShippingDir(stateDir(style), loaded.project.functions) : [];
  if (shipping.length > 0) {
    options.onNotice?.({ level: 'warning', message: `serverless deploy would put ${stateDir(style)}/ (pylambda's zips and cache) into the package of ${shipping.join(', ')}: nothing in package.patterns leaves it out; add '!${stateDir(style)}/**' to package.patterns in ${loaded.project.configFile}` });
  }
  const outDir = resolve(root, options.outDir ?? defaultOutDir(style));
  const cacheRoot = resolve(root, options.hostEnv.PYLAMBDA_CACHE_DIR ?? defaultCacheDir(style));
  const projectPython = await tools.resolvePython(projectPythonPath(root, options.hostEnv, options.python), options.hostEnv);
  const asked = loaded.project.dependencyLayer;
  if (options.layer === undefined && asked) {
    options.onNotice?.({ level: 'note', message: `${asked.from} in ${loaded.project.configFile}: the dependencies go to a layer zip of their own, as chalice deploy puts them in its managed layer (--layer)` });
  }
  const ctx = createContext({ ...options, layer: options.layer ?? asked !== undefined }, tools, projectPython, cacheRoot);

  const targets = functions.map((fn) => {
    const architecture = options.architecture ?? fn.architecture;
    if (architecture !== fn.architecture) ctx.notice('note', `${fn.id} is ${fn.architecture} in ${loaded.project.configFile}; packaged for ${architecture} as asked`);
    const layers = [...(fn.layers ?? []).map((l) => l.id), ...(fn.externalLayers ?? [])];
    return {
      id: fn.id, fn, codeDir: codePlan(loaded, fn, 'package').path, runtime: fn.runtime, architecture, target: packageTarget(fn.runtime, architecture),
      ...(fn.packagePatterns ? { patterns: fn.packagePatterns } : {}), ...(layers.length > 0 ? { layers } : {}),
    };
  });
  const builds = groupFunctions(targets);
  const layerRequests = usedLayers(targets);

  // The output inside a code directory is skipped when that directory is packaged; as the code directory
  // itself it cannot be, and each build would ship the last one's zips.
  const holder = builds.flat().find((b) => resolve(b.codeDir) === outDir);
  if (holder) {
    throw new UserError(`--out ${options.outDir ?? defaultOutDir(style)} is the code directory of ${holder.id}: its zips and manifest would be packaged into the next build`, {
      hint: `Choose another directory (the default is ${defaultOutDir(style)}).`,
      exitCode: 2,
    });
  }
  const manifestPath = join(outDir, MANIFEST_FILE);
  const previous = exists(manifestPath) ? parseManifest(await readText(manifestPath, 'manifest')) : undefined;
  const state: OutputState = {
    outDir,
    staging: await makeStaging(outDir),
    ...(previous ? { previous } : {}),
    rebuild: ctx.noCache,
    produced: new Map(),
    staged: new Set(),
  };
  try {
    // The layers first: each function's size check counts the layers it lists.
    const layers = await buildLayers(ctx, state, layerRequests, { root, style: loaded.project.style, ...(options.architecture ? { architecture: options.architecture } : {}) });
    const reports: BuildReport[] = [];
    const entries: Record<string, FunctionArtifacts> = {};
    const collected: NonNullable<BuildRequest['collected']> = new Map();
    for (const group of builds) {
      const fn = group[0]!.fn;
      // serverless-wsgi adds its files to the service's package, so every function built from the code has them.
      const wsgi = group.find((g) => g.fn.wsgi)?.fn;
      const built = await buildGroup(ctx, state, {
        functions: group.map((g) => g.fn), codeDir: group[0]!.codeDir, target: group[0]!.target,
        layers: (fn.layers ?? []).map((l) => layers.get(l.id)!), externalLayers: fn.externalLayers ?? [],
        ...(wsgi ? { pluginFiles: wsgiPackageFiles(root, wsgi) } : {}), collected,
      });
      reports.push(built.report);
      Object.assign(entries, built.manifest);
    }
    reports.push(...finishLayerReports(layers, reports));
    await publish(state.staging, [...state.staged], outDir);
    const layerEntries = Object.fromEntries([...layers.values()].flatMap((l) => (l.manifest ? [[l.id, l.manifest] as const] : [])));
    const { manifest, stale } = mergeManifest(previous, entries, {
      project: loaded.project.configFile,
      functions: loaded.project.functions.filter((fn) => whyNotPackaged(loaded, fn, false) === undefined).map((fn) => fn.id),
      fileExists: (file) => exists(join(outDir, file)),
    }, layerEntries);
    await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    for (const file of stale) await removeDir(join(outDir, file));
    // Last: what this run used is marked used now, and stays.
    await pruneUnusedEntries(cacheRoot);
    return { root, outDir, manifest: manifestPath, builds: reports, durationMs: tools.clock.monotonic() - started };
  } finally {
    await removeDir(state.staging);
  }
}

/**
 * The project's layers the functions list, each once, with the functions that list it. A layer's zip is
 * `<LayerId>.layer.zip`, which must not be a function's own file.
 */
function usedLayers(functions: readonly { readonly id: string; readonly fn: FunctionModel; readonly target: PackageTarget }[]): LayerRequest[] {
  const requests = new Map<string, { layer: LayerModel; users: { id: string; target: PackageTarget }[] }>();
  for (const { id, fn, target } of functions) {
    for (const layer of fn.layers ?? []) {
      const request = requests.get(layer.id) ?? { layer, users: [] };
      request.users.push({ id, target });
      requests.set(layer.id, request);
    }
  }
  const taken = new Map(functions.flatMap(({ id }) => [[artifactFileName(id, 'function'), id], [artifactFileName(id, 'layer'), id]] as const));
  for (const id of requests.keys()) {
    const clash = taken.get(artifactFileName(id, 'layer'));
    if (clash !== undefined) throw new UserError(`The layer ${id} and the function ${clash} would both write ${artifactFileName(id, 'layer')}`, { hint: 'Rename one of them.' });
  }
  return [...requests.values()];
}

/**
 * The functions named (ids or deployed names), or every function of the project that pylambda packages:
 * one it does not is a warning in a full run (as SAM CLI skips a function with code in S3), or a note for
 * a zip CodeUri, which sam build keeps as it is; an error when named.
 */
function chooseFunctions(loaded: LoadedProject, names: readonly string[], notice: (notice: PackageNotice) => void): FunctionModel[] {
  const { configFile, functions } = loaded.project;
  if (names.length === 0) {
    if (functions.length === 0) throw new UserError(noFunction(loaded, 'package'));
    const chosen: FunctionModel[] = [];
    for (const fn of functions) {
      const why = whyNotPackaged(loaded, fn, false);
      if (why) notice(why);
      else chosen.push(fn);
    }
    if (chosen.length === 0) throw new UserError(`No function of ${configFile} is packaged by pylambda (see the warnings above)`);
    return chosen;
  }
  const chosen: FunctionModel[] = [];
  for (const name of names) {
    const fn = selectFunction(loaded, name);
    const why = notPackaged(fn);
    if (why) throw new UserError(`${fn.id} is skipped: ${why}`, { hint: fn.buildMethod !== undefined ? `Build it with sam build, or remove its Metadata.BuildMethod for pylambda to package it as Python.` : `Leave package.artifact out of ${configFile} for pylambda to build ${fn.id} from its code.` });
    whyNotPackaged(loaded, fn, true);
    if (!chosen.includes(fn)) chosen.push(fn);
  }
  return chosen;
}

/**
 * Why pylambda does not package the function (its build is someone else's, its CodeUri is a zip or no
 * directory), as the notice a full run gives; `named`, it throws the error that says so instead.
 */
function whyNotPackaged(loaded: LoadedProject, fn: FunctionModel, named: boolean): PackageNotice | undefined {
  const why = notPackaged(fn);
  if (why) return { level: 'warning', message: `${fn.id} is skipped: ${why}` };
  const { plan } = codePlan(loaded, fn, named ? 'package-named' : 'package');
  if (plan.kind === 'error') throw new UserError(plan.message, plan.hint ? { hint: plan.hint } : {});
  return plan.kind === 'skip' ? { level: plan.level, message: plan.message } : undefined;
}
