/**
 * One build: the functions that share a code directory, runtime and architecture. Dependencies and
 * the function's own files are laid out as Lambda will see them (one zip, or a zip and a layer),
 * checked against the size limits before and after zipping, and written.
 */
import type { FunctionModel } from '../core/model/project.js';
import { readTextSync } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import { isModuleFunction } from '../core/model/validate.js';
import { handlerKey, handlerWritten } from './handler-meant.js';
import { archiveCodeDirectory, handlerModuleFile, handlerModuleMeant, missingHandlerFunction } from '../core/packaging/handler-function.js';
import { checkPackageSize, PACKAGE_LIMITS, topLevelSizes } from '../core/packaging/limits.js';
import { handlerModuleFound, type FunctionArtifacts } from '../core/packaging/manifest.js';
import { importChain } from '../core/packaging/module-imports.js';
import type { PackageTarget } from '../core/packaging/platform.js';
import { layerBudget, uncountedLayersNote } from '../core/packaging/layers.js';
import { LAYER_PREFIX, type ZipEntry } from '../core/packaging/zip-plan.js';
import { refFor, writeArtifact, writtenFields, type OutputState, type WrittenArtifact } from './package-artifacts.js';
import type { BuildContext } from './package-context.js';
import { prepareDependencies } from './package-deps.js';
import type { BuiltLayer } from './package-layers.js';
import { contents, dependencyFiles, layout, plan, type Layered } from './package-layout.js';
import { collectProjectFiles, isChaliceApp, type Uncompilable } from './package-project.js';
import type { ArtifactReport, BuildReport } from './package-types.js';

export interface BuildRequest {
  readonly functions: readonly FunctionModel[];
  readonly codeDir: string;
  readonly target: PackageTarget;
  /** The project's layers the functions list (the same for all of them), built or skipped. */
  readonly layers: readonly BuiltLayer[];
  /** The other layers they list (ARNs, content in S3). */
  readonly externalLayers: readonly string[];
  /** Files a serverless plugin puts at the root of the code (serverless-wsgi's handler), over the project's own. */
  readonly pluginFiles?: ReadonlyArray<{ readonly archivePath: string; readonly source: string }>;
  /** The run's collections of code files, by what decides them: builds that differ in their layers alone share one. */
  readonly collected?: Map<string, ReturnType<typeof collectProjectFiles>>;
}

export async function buildGroup(ctx: BuildContext, state: OutputState, request: BuildRequest): Promise<{ report: BuildReport; manifest: Record<string, FunctionArtifacts> }> {
  const started = ctx.tools.clock.monotonic();
  const { target, codeDir } = request;
  const ids = request.functions.map((f) => f.id);
  const label = ids.join(', ');
  const chalice = isChaliceApp(codeDir);
  const compiler = await ctx.compilePython(target);
  const requirementsFile = request.functions[0]?.requirementsFile;
  const deps = await prepareDependencies(ctx, { build: label, codeDir, target, chalice, ...(requirementsFile ? { requirementsFile } : {}) });
  try {
    // Functions built together share a code directory; serverless.yml's patterns are the service's then.
    const patterns = request.functions[0]?.packagePatterns;
    // Functions that differ in their layers alone are built apart for their budgets (a serverless.yml service's, which
    // the Framework packages as one artifact), from files collected and compiled once: their zips are the same.
    const key = JSON.stringify([codeDir, target, chalice, compiler?.executable, patterns, request.pluginFiles]);
    const collecting = request.collected?.get(key)
      ?? collectProjectFiles(ctx, { build: label, codeDir, target, chalice, ...(compiler ? { compiler } : {}), ...(patterns ? { patterns } : {}), ...(request.pluginFiles ? { pluginFiles: request.pluginFiles } : {}), skipDirs: [state.outDir, ctx.cacheRoot] });
    request.collected?.set(key, collecting);
    const project = await collecting;
    const depFiles = dependencyFiles(deps);
    const appFiles: Layered[] = project.files;
    const functionFiles = layout(ctx, label, ctx.layer ? appFiles : [...depFiles, ...appFiles]);
    const layerFiles = ctx.layer ? depFiles : [];
    if (ctx.layer && depFiles.length === 0) ctx.notice('note', `${label}: --layer, but no dependencies to put in one (${!deps.requirementsFile ? 'no requirements.txt' : ctx.excludeBoto3 && deps.key ? 'what requirements.txt lists is left out by --exclude-boto3' : 'requirements.txt lists no packages'}): only the function's zip is written`);

    const fnPlan = plan(functionFiles, {});
    const layerPlan = layerFiles.length > 0 ? plan(layerFiles, { prefix: LAYER_PREFIX }) : undefined;
    // Lambda counts the function with all its layers: --layer's zip, and every layer the function lists.
    const budget = layerBudget({
      ...(layerPlan ? { dependencyLayerBytes: layerPlan.unzippedBytes } : {}),
      layers: request.layers.map((l) => ({ id: l.id, ...(l.unzippedBytes === undefined ? {} : { unzippedBytes: l.unzippedBytes }) })),
      external: request.externalLayers,
    });
    const uncounted = uncountedLayersNote(ids, budget.uncounted);
    if (uncounted) ctx.notice('note', uncounted);
    const allPaths = [...fnPlan.entries.map((e) => e.path), ...layerFiles.map((f) => f.archivePath), ...request.layers.flatMap((l) => l.importPaths)];
    checkHandlerForms(request.functions);
    checkHandlers(ctx, request.functions, allPaths, budget.uncounted.length > 0);
    if (request.pluginFiles) checkWerkzeug(ctx, request.functions, allPaths, budget.uncounted.length > 0);
    checkHandlersCompile(request.functions, project, target.runtime, fnPlan.entries);
    checkHandlerFunctions(request.functions, fnPlan.entries);
    const sizes = topLevelSizes([...fnPlan.entries, ...(layerPlan?.entries ?? []), ...request.layers.flatMap((l) => l.files)].map((e) => ({ path: e.path, size: e.size })), LAYER_PREFIX);
    const layerUnzipped = budget.unzippedBytes;
    const before = checkPackageSize({ zippedBytes: 0, unzippedBytes: fnPlan.unzippedBytes, layersUnzippedBytes: layerUnzipped, packages: sizes });
    if (!before.ok) throw sizeError(label, before.problems);

    const contentOf = contents([...functionFiles, ...layerFiles]);
    const zip = (kind: 'function' | 'layer', p: { entries: readonly ZipEntry[]; unzippedBytes: number }) => {
      return writeArtifact(state, {
        kind, functionIds: ids, entries: p.entries, unzippedBytes: p.unzippedBytes, contentOf,
        onWrite: () => ctx.progress({ kind: 'step', build: label, step: 'zip', detail: `${kind === 'layer' ? 'layer, ' : ''}${p.entries.length} files` }),
        onEntry: (i, total) => ctx.progress({ kind: 'count', build: label, step: 'zip', done: i + 1, total }),
      });
    };
    const fnZip = await zip('function', fnPlan);
    const layerZip = layerPlan ? await zip('layer', layerPlan) : undefined;

    // The unzipped limit was checked before zipping; the zipped one binds only a direct upload, so a zip
    // over it is kept, with a warning (limits.ts).
    const after = checkPackageSize({ zippedBytes: fnZip.ref.bytes, unzippedBytes: fnPlan.unzippedBytes, layersUnzippedBytes: layerUnzipped, packages: sizes });
    const layerAfter = layerZip ? checkPackageSize({ zippedBytes: layerZip.ref.bytes, unzippedBytes: 0, packages: [] }) : undefined;
    for (const w of after.warnings) ctx.notice('warning', `${label}: ${w}`);
    for (const w of layerAfter?.warnings ?? []) ctx.notice('warning', `${label} (layer): ${w}`);

    const report = (kind: 'function' | 'layer', written: WrittenArtifact, entries: readonly ZipEntry[]): ArtifactReport => ({
      ...writtenFields(kind, written, ids, target, true),
      zippedLeft: PACKAGE_LIMITS.zippedDirectUploadBytes - written.ref.bytes,
      unzippedLeft: after.unzippedLeft,
      ...(kind === 'function' && budget.counted.length > 0 ? { layers: budget.counted } : {}),
      ...(kind === 'function' && budget.uncounted.length > 0 ? { uncountedLayers: budget.uncounted } : {}),
      entries: entries.length,
      reused: written.reused,
      largest: topLevelSizes(entries, LAYER_PREFIX).slice(0, 10),
    });
    const artifacts = [report('function', fnZip, fnPlan.entries), ...(layerZip ? [report('layer', layerZip, layerPlan!.entries)] : [])];
    const manifest: Record<string, FunctionArtifacts> = {};
    for (const fn of request.functions) {
      manifest[fn.id] = {
        runtime: target.runtime,
        architecture: target.architecture,
        handler: fn.handler,
        zip: refFor(fnZip, fn.id, 'function'),
        ...(layerZip ? { layer: refFor(layerZip, fn.id, 'layer') } : {}),
        ...(budget.counted.length > 0 ? { layers: budget.counted } : {}),
      };
    }
    ctx.progress({ kind: 'end', build: label });
    return {
      manifest,
      report: {
        functions: ids,
        runtime: target.runtime,
        architecture: target.architecture,
        codeDir,
        chalice,
        dependencies: {
          ...(deps.requirementsFile ? { requirements: deps.requirementsFile } : {}),
          ...(deps.installer ? { installer: deps.installer } : {}),
          distributions: deps.distributions,
          cache: deps.cache,
          ...(deps.built.length > 0 ? { built: deps.built } : {}),
        },
        bytecode: { ...(compiler ? { python: compiler.version } : {}), files: [...fnPlan.entries, ...(layerPlan?.entries ?? [])].filter((e) => e.path.endsWith('.pyc')).length },
        artifacts,
        durationMs: ctx.tools.clock.monotonic() - started,
      },
    };
  } finally {
    await deps.release();
  }
}

/** The template reader only warns of a malformed handler (the other functions run), but its zip never can. */
function checkHandlerForms(functions: readonly FunctionModel[]): void {
  const malformed = functions.filter((fn) => !isModuleFunction(fn.handler));
  if (malformed.length === 0) return;
  throw new UserError(`${malformed.length === 1 ? 'A handler' : `${malformed.length} handlers`} would fail on Lambda with Runtime.MalformedHandlerName:\n${malformed.map((fn) => `  ${fn.id}: the handler ${fn.handler} is not of the form module.function`).join('\n')}`, {
    hint: 'Write Handler as the module, a dot, and the function: app.handler for def handler in app.py.',
  });
}

/**
 * A serverless.yml has no Handler nor CodeUri: its functions' files are chosen by package.patterns, where an
 * allow-list (`'!**'` then each function's own patterns, with `individually`) is the usual way to lose a module.
 */
const SERVERLESS_HANDLER_HINT = "Check the function's handler (module.function, from its module's directory with serverless-python-requirements' module), and that package.patterns (the service's, then the function's own) and .pylambdaignore keep the module: after '!**', a function's own patterns must take its files back.";

/**
 * A zip without the handler's module fails every invoke with Runtime.ImportModuleError, so it is not
 * written. `paths` hold the layers pylambda built, as they are on sys.path; a function that lists a layer
 * pylambda does not build may take its handler from it, so for it this is only a warning.
 */
function checkHandlers(ctx: BuildContext, functions: readonly FunctionModel[], paths: readonly string[], unknownLayers: boolean): void {
  const missing = functions.filter((fn) => !handlerModuleFound(fn.handler, paths));
  const code = archiveCodeDirectory(paths);
  const problem = (fn: FunctionModel) => {
    const meant = handlerModuleMeant(fn.handler, code);
    return `${fn.id}: the handler ${fn.handler} needs ${handlerModuleFile(fn.handler)}, which is not in the package built from ${fn.codeUri}${(fn.layers ?? []).length > 0 ? ' nor in its layers' : ''}${meant ? `: did you mean ${handlerWritten(handlerKey(fn), meant)}?` : ''}`;
  };
  if (unknownLayers) {
    for (const fn of missing) ctx.notice('warning', `${problem(fn)}; unless a layer provides it, Lambda will fail with Runtime.ImportModuleError`);
    return;
  }
  if (missing.length === 0) return;
  throw new UserError(`${missing.length === 1 ? 'A handler' : `${missing.length} handlers`} would fail on Lambda with Runtime.ImportModuleError:\n${missing.map((fn) => `  ${problem(fn)}`).join('\n')}`, {
    hint: missing.some((fn) => handlerKey(fn) === 'handler') ? SERVERLESS_HANDLER_HINT : 'Check Handler (module.function) and CodeUri in the template, and that .pylambdaignore does not leave the module out.',
  });
}

/**
 * serverless-wsgi's handler imports werkzeug. The plugin installs it into the package itself unless
 * serverless-python-requirements is listed (its packRequirements, README "Automatic requirement packaging");
 * pylambda installs requirements.txt only, so it must be listed there (Flask requires it).
 */
function checkWerkzeug(ctx: BuildContext, functions: readonly FunctionModel[], paths: readonly string[], unknownLayers: boolean): void {
  if (handlerModuleFound('werkzeug.x', paths)) return;
  const users = functions.filter((fn) => fn.wsgi).map((fn) => fn.id).join(', ');
  const problem = `${users}: serverless-wsgi's serverless_wsgi.py imports werkzeug, which is not in the package`;
  if (unknownLayers) {
    ctx.notice('warning', `${problem}; unless a layer provides it, Lambda will fail with Runtime.ImportModuleError`);
    return;
  }
  throw new UserError(`A handler would fail on Lambda with Runtime.ImportModuleError:\n  ${problem}`, {
    hint: `List werkzeug (or Flask, which requires it) in ${functions[0]?.requirementsFile ?? 'requirements.txt'}: pylambda installs that file only, where serverless-wsgi would add werkzeug itself without serverless-python-requirements.`,
  });
}

/**
 * A module that does not compile, where the handler's import runs it (the handler's module, or one imported at
 * the top level of the modules it imports), fails every invocation (Runtime.UserCodeSyntaxError), as a missing
 * one does: the build fails. Other modules only warn (code the handler may never import).
 */
function checkHandlersCompile(functions: readonly FunctionModel[], { uncompilable, newerSyntax }: Uncompilable, runtime: string, entries: readonly ZipEntry[]): void {
  if (uncompilable.length === 0) return;
  const sources = new Map(entries.map((e) => [e.path, e.source]));
  // Each function's search may walk the same dependencies (boto3's hundreds of modules): read each once.
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      const source = sources.get(file);
      texts.set(file, source === undefined ? undefined : readSource(source));
    }
    return texts.get(file);
  };
  const problems: string[] = [];
  const newer = new Set<string>();
  for (const fn of functions) {
    // The handler's module is a file (app.py) or a package (app/__init__.py).
    const file = handlerModuleFile(fn.handler);
    const entry = [file, file.replace(/\.py$/, '/__init__.py')].find((f) => sources.has(f) || uncompilable.includes(f));
    if (entry === undefined) continue;
    const chains = uncompilable.map((bad) => importChain(entry, bad, read)).filter((c) => c !== undefined);
    const chain = chains.sort((a, b) => a.length - b.length)[0];
    if (!chain) continue;
    const through = chain.length > 1 ? ` (imported by ${chain.slice(0, -1).join(' -> ')})` : '';
    const bad = chain[chain.length - 1]!;
    const needs = newerSyntax[bad];
    if (needs) newer.add(needs);
    problems.push(`${fn.id}: ${bad} does not compile on ${runtime}${through}${needs ? ` (its syntax needs ${needs} or newer)` : ''}`);
  }
  if (problems.length === 0) return;
  // A newer Runtime is advice only for syntax a newer Python has: for a typo it would send the user the wrong way.
  const runtimes = [...newer].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const hint = runtimes.length > 0
    ? `Use only syntax ${runtime} has, or choose Runtime ${runtimes[runtimes.length - 1]!} or newer in the template (the warning above names the error).`
    : 'Fix the syntax error the warning above names (its file and line).';
  throw new UserError(`${problems.length === 1 ? 'A handler' : `${problems.length} handlers`} would fail on Lambda with Runtime.UserCodeSyntaxError:\n${problems.map((p) => `  ${p}`).join('\n')}`, { hint });
}

/**
 * A handler module that never names the handler's function fails every invocation with
 * Runtime.HandlerNotFound (handler-function.ts): the build fails, as for a missing module.
 */
function checkHandlerFunctions(functions: readonly FunctionModel[], entries: readonly ZipEntry[]): void {
  const problems: string[] = [];
  for (const fn of functions) {
    const file = handlerModuleFile(fn.handler);
    const entry = entries.find((e) => e.path === file) ?? entries.find((e) => e.path === file.replace(/\.py$/, '/__init__.py'));
    const source = entry ? readSource(entry.source) : undefined;
    const missing = source === undefined ? undefined : missingHandlerFunction(fn.handler, source);
    if (missing) problems.push(`${fn.id}: ${entry!.path} defines no ${missing.name}${missing.meant ? `: did you mean ${missing.meant}?` : ''}`);
  }
  if (problems.length === 0) return;
  throw new UserError(`${problems.length === 1 ? 'A handler' : `${problems.length} handlers`} would fail on Lambda with Runtime.HandlerNotFound:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
    hint: 'The part of Handler after the last dot names a function of its module (module.function).',
  });
}

/** A module's text; one too large or unreadable is not checked (the compile step reports what it can). */
function readSource(path: string): string | undefined {
  try {
    return readTextSync(path, 10 * 1024 * 1024);
  } catch {
    return undefined;
  }
}


function sizeError(label: string, problems: readonly string[]): UserError {
  return new UserError(`${label} is too large for Lambda:\n${problems.join('\n')}`, {
    // Not --layer: Lambda counts a function's layers in the same 250 MB.
    hint: 'Leave out what the function and its layers do not import (.pylambdaignore, requirements.txt), or use --exclude-boto3 when boto3 is listed.',
  });
}
