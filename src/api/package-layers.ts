/**
 * The project's layers that the packaged functions list, each built once and before the functions, whose
 * size checks count them. With a Python BuildMethod, as `sam build` does: ContentUri and its installed
 * requirements under `python/`; without one, the directory as it is, which is also how the Serverless
 * Framework packages a layer's `path`.
 */
import { resolve } from 'node:path';
import { dirExists, fileExists } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import type { Architecture, LayerModel, ProjectStyle } from '../core/model/project.js';
import { layerBuild, layerImportPaths, nestedPythonWarning, rootModulesWarning, type LayerBuild } from '../core/packaging/layers.js';
import { formatBytes, PACKAGE_LIMITS, topLevelSizes } from '../core/packaging/limits.js';
import type { LayerArtifacts } from '../core/packaging/manifest.js';
import { packageTarget, type PackageTarget } from '../core/packaging/platform.js';
import { LAYER_PREFIX } from '../core/packaging/zip-plan.js';
import { writeArtifact, writtenFields, type OutputState } from './package-artifacts.js';
import { checkSharedObjects } from './package-checks.js';
import type { BuildContext } from './package-context.js';
import { prepareDependencies, type DepsResult } from './package-deps.js';
import { contents, dependencyFiles, layout, plan, type Layered } from './package-layout.js';
import { collectProjectFiles } from './package-project.js';
import type { ArtifactReport, BuildReport } from './package-types.js';

export interface LayerRequest {
  readonly layer: LayerModel;
  /** The functions of this run that list it, in order, with what they are packaged for. */
  readonly users: readonly { readonly id: string; readonly target: PackageTarget }[];
}

export interface LayerRun {
  readonly root: string;
  readonly style: ProjectStyle;
  /** `--arch`. */
  readonly architecture?: Architecture;
}

/** A layer of the project after this run: built (its zip, sizes and import paths), or skipped with a warning. */
export interface BuiltLayer {
  readonly id: string;
  /** Undefined when pylambda did not build it: then it is not counted, and the functions' notes say so. */
  readonly unzippedBytes?: number;
  /** Its files with their sizes, `python/` included, to name the largest packages when a function is too large. */
  readonly files: readonly { readonly path: string; readonly size: number }[];
  /** The paths its files have on sys.path, for the handler check. */
  readonly importPaths: readonly string[];
  readonly report?: BuildReport;
  readonly manifest?: LayerArtifacts;
}

export async function buildLayers(ctx: BuildContext, state: OutputState, requests: readonly LayerRequest[], run: LayerRun): Promise<Map<string, BuiltLayer>> {
  const built = new Map<string, BuiltLayer>();
  for (const request of requests) built.set(request.layer.id, await buildLayer(ctx, state, request, run));
  return built;
}

async function buildLayer(ctx: BuildContext, state: OutputState, request: LayerRequest, run: LayerRun): Promise<BuiltLayer> {
  const started = ctx.tools.clock.monotonic();
  const { layer, users } = request;
  const skipped = (why: string): BuiltLayer => {
    ctx.notice('warning', `${layer.id} is not packaged: ${why}`);
    return { id: layer.id, files: [], importPaths: [] };
  };
  const build = layerBuild(layer, users[0]!.target, run.architecture);
  if (build.kind === 'skipped') return skipped(build.why);
  const dir = resolve(run.root, layer.contentUri);
  if (!dirExists(dir)) {
    // SAM deploys a zip named as ContentUri as it is; pylambda does not read into one.
    if (fileExists(dir)) return skipped(`its content ${layer.contentUri} is a file, not a directory, and is deployed as it is`);
    throw new UserError(`${layer.source.path}: the layer's directory '${layer.contentUri}' does not exist (looked in ${dir})`);
  }
  const target = packageTarget(build.runtime, build.architecture);
  const label = layer.id;
  const compiler = await ctx.compilePython(target);
  const deps: DepsResult | undefined = build.kind === 'python' ? await prepareDependencies(ctx, { build: label, codeDir: dir, target, chalice: false }) : undefined;
  try {
    const project = await collectProjectFiles(ctx, {
      build: label, codeDir: dir, target, chalice: false, ...(compiler ? { compiler } : {}),
      ...(layer.packagePatterns ? { patterns: layer.packagePatterns } : {}), skipDirs: [state.outDir, ctx.cacheRoot],
    });
    const own = project.files.map((f) => f.archivePath);
    if (run.style === 'serverless' && own.length === 0 && !deps) throw noLayerFiles(layer);
    const nested = nestedPythonWarning(layer, build, own);
    if (nested) ctx.notice('warning', `${layer.source.path}: ${nested}`);
    const atRoot = build.kind === 'as-is' ? rootModulesWarning(layer, topLevelEntries(own)) : undefined;
    if (atRoot) ctx.notice('warning', `${layer.source.path}: ${atRoot}`);
    if (build.kind === 'as-is' && run.style === 'sam' && own.includes('requirements.txt')) {
      ctx.notice('note', `${layer.id}: its requirements.txt is packaged as a file, not installed: sam build installs a layer's requirements only with Metadata BuildMethod (${target.runtime})`);
    }
    const files: Layered[] = deps ? layout(ctx, label, [...dependencyFiles(deps), ...project.files]) : project.files;
    checkUsers(files, build, target, request);
    const layerPlan = plan(files, build.kind === 'python' ? { prefix: LAYER_PREFIX } : {});
    const written = await writeArtifact(state, {
      kind: 'layer', functionIds: [layer.id], entries: layerPlan.entries, unzippedBytes: layerPlan.unzippedBytes, contentOf: contents(files),
      onWrite: () => ctx.progress({ kind: 'step', build: label, step: 'zip', detail: `layer, ${layerPlan.entries.length} files` }),
      onEntry: (i, total) => ctx.progress({ kind: 'count', build: label, step: 'zip', done: i + 1, total }),
    });
    const zippedLeft = PACKAGE_LIMITS.zippedDirectUploadBytes - written.ref.bytes;
    if (zippedLeft < 0) ctx.notice('warning', `${label}: the layer's zip is ${formatBytes(written.ref.bytes)}, over the ${formatBytes(PACKAGE_LIMITS.zippedDirectUploadBytes)} Lambda takes in a direct upload (PublishLayerVersion with ZipFile): deploy it through S3, as sam deploy and serverless deploy do`);
    ctx.progress({ kind: 'end', build: label });
    const ids = users.map((u) => u.id);
    const paths = layerPlan.entries.map((e) => e.path);
    const artifact: ArtifactReport = {
      ...writtenFields('layer', written, ids, target),
      zippedLeft,
      // The functions' builds say how much room is left with this layer (finishLayerReports).
      unzippedLeft: PACKAGE_LIMITS.unzippedBytes - layerPlan.unzippedBytes,
      entries: layerPlan.entries.length,
      reused: written.reused,
      largest: topLevelSizes(layerPlan.entries, LAYER_PREFIX).slice(0, 10),
    };
    const buildMethod = build.kind === 'python' ? { buildMethod: layer.buildMethod! } : {};
    return {
      id: layer.id,
      unzippedBytes: layerPlan.unzippedBytes,
      files: layerPlan.entries.map((e) => ({ path: e.path, size: e.size })),
      importPaths: layerImportPaths(paths, target.pythonVersion),
      manifest: { runtime: target.runtime, architecture: target.architecture, contentUri: layer.contentUri, ...buildMethod, zip: written.ref },
      report: {
        functions: ids,
        layer: { id: layer.id, contentUri: layer.contentUri, ...buildMethod, style: run.style },
        runtime: target.runtime,
        architecture: target.architecture,
        codeDir: dir,
        chalice: false,
        dependencies: {
          ...(deps?.requirementsFile ? { requirements: deps.requirementsFile } : {}),
          ...(deps?.installer ? { installer: deps.installer } : {}),
          distributions: deps?.distributions ?? [],
          cache: deps?.cache ?? 'none',
        },
        bytecode: { ...(compiler ? { python: compiler.version } : {}), files: paths.filter((p) => p.endsWith('.pyc')).length },
        artifacts: [artifact],
        durationMs: ctx.tools.clock.monotonic() - started,
      },
    };
  } finally {
    await deps?.release();
  }
}

/**
 * A layer is built for one runtime and architecture (its BuildMethod's and BuildArchitecture, or its first
 * function's), and SAM builds it so whatever the functions that list it run on: a native library in it that
 * cannot load in one of them fails the build here rather than every import there.
 */
function checkUsers(files: readonly Layered[], build: LayerBuild, target: PackageTarget, request: LayerRequest): void {
  const { layer, users } = request;
  const checked = new Set([`${target.architecture} ${target.pythonVersion}`]);
  const why = build.kind !== 'python' ? `as for ${users[0]!.id}, the first function that lists it`
    : layer.buildArchitecture === undefined ? 'no Metadata.BuildArchitecture, so SAM builds it for x86_64' : `its Metadata.BuildArchitecture ${layer.buildArchitecture}`;
  for (const user of users) {
    const key = `${user.target.architecture} ${user.target.pythonVersion}`;
    if (checked.has(key)) continue;
    checked.add(key);
    try {
      checkSharedObjects(files.map((f) => ({ path: f.archivePath, source: f.source })), user.target, `layer ${layer.id} (built for ${target.runtime} ${target.architecture}: ${why}), which ${user.id} lists,`);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(error.message, {
        hint: build.kind === 'python'
          ? `Set ${layer.id}'s Metadata BuildMethod and BuildArchitecture to what ${user.id} runs on (${user.target.runtime}, ${user.target.architecture}), or give ${user.id} a layer built for it.`
          : `Give ${user.id} a layer built for ${user.target.runtime} ${user.target.architecture}, or run it on what ${layer.id} holds.`,
      });
    }
  }
}

/** A layer's room left is the least any function of this run that lists it has left. */
export function finishLayerReports(layers: ReadonlyMap<string, BuiltLayer>, functionBuilds: readonly BuildReport[]): BuildReport[] {
  const reports: BuildReport[] = [];
  for (const layer of layers.values()) {
    if (!layer.report) continue;
    const lefts = functionBuilds.flatMap((b) => b.artifacts.filter((a) => a.kind === 'function' && (a.layers ?? []).includes(layer.id)).map((a) => a.unzippedLeft));
    const artifacts = layer.report.artifacts.map((a) => (lefts.length > 0 ? { ...a, unzippedLeft: Math.min(...lefts) } : a));
    reports.push({ ...layer.report, artifacts });
  }
  return reports;
}

/**
 * The Framework's package step refuses a layer its patterns leave empty ("No file matches include / exclude
 * patterns", package-service.js resolveFilePathsFromPatterns): the service's `package.patterns` apply to a
 * layer's path too, so a service-wide `'!**'` empties every layer that does not take its files back.
 */
function noLayerFiles(layer: LayerModel): UserError {
  return new UserError(`${layer.source.path}: no file of ${layer.contentUri} is left by its package patterns (${(layer.packagePatterns ?? []).join(', ')}), and serverless package refuses the layer with "No file matches include / exclude patterns"`, {
    hint: `The service's package.patterns apply to a layer's path too: take its files back in the layer's own patterns (${layer.source.path}.package.patterns: ['python/**']).`,
  });
}

/** A layer's top-level names from its files' paths, as rootModulesWarning takes them: `name/` for a package or python/. */
function topLevelEntries(paths: readonly string[]): string[] {
  const files = new Set(paths);
  return [...new Set(paths.map((path) => {
    const top = path.split('/')[0]!;
    if (top === path) return top;
    return top === 'python' || files.has(`${top}/__init__.py`) ? `${top}/` : top;
  }))];
}
