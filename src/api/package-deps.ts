/**
 * A function's dependencies, ready to zip: installed for its platform, checked, pruned, compiled, and
 * kept in the dependency cache under a key of everything that shapes them, so an unchanged
 * re-package reads one small JSON file instead of running pip.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { commitEntry, discard, readEntry, removeAbandoned, startEntry } from '../adapters/dep-cache.js';
import { readElfInfo } from '../adapters/elf-reader.js';
import { sha256Text } from '../adapters/file-digest.js';
import { walkFiles, type WalkedFile } from '../adapters/file-walker.js';
import { removeFiles } from '../adapters/package-files.js';
import { UserError, USER_ERROR_EXIT } from '../core/errors.js';
import { boto3Exclusion, parseDistribution, type InstalledDistribution } from '../core/packaging/boto3.js';
import { compileallArgs, missingBytecode } from '../core/packaging/bytecode.js';
import { cacheKey, effectiveRequirements, normaliseRequirements, uncacheableReason, withoutCredentials } from '../core/packaging/cache-key.js';
import { sourceRequirement } from '../core/packaging/source-requirements.js';
import { resolutionEnvironment } from '../core/packaging/installer-env.js';
import { formatBytes } from '../core/packaging/limits.js';
import { uvPlatformNote } from '../core/packaging/installer-args.js';
import { markerWarning, type PackageTarget } from '../core/packaging/platform.js';
import { importedTests, packagesWithTests, pruneDependencies, keptRecords, recordWithout } from '../core/packaging/prune.js';
import { foreignProgramWarning } from '../core/packaging/shared-objects.js';
import { checkSharedObjects } from './package-checks.js';
import { dependencyInput } from './package-dep-source.js';
import type { BuildContext } from './package-context.js';
import type { SourceBuild } from './package-types.js';
import { installDependencies } from './package-install.js';
import { buildSourceWheels } from './package-source-wheels.js';

export interface DepsRequest {
  /** The functions this is for, as a label in progress and messages. */
  readonly build: string;
  readonly codeDir: string;
  readonly target: PackageTarget;
  readonly chalice: boolean;
  /** The requirements file's path in the code directory (default `requirements.txt`). */
  readonly requirementsFile?: string;
}

export interface DepsResult {
  /** The directory holding the tree; absent when there are no requirements. */
  readonly tree?: string;
  readonly files: readonly WalkedFile[];
  /** The cache key, which also identifies the files' contents; absent when not cacheable. */
  readonly key?: string;
  readonly cache: 'hit' | 'miss' | 'off' | 'none';
  readonly requirementsFile?: string;
  readonly installer?: string;
  /** `name version` of each installed distribution that stayed. */
  readonly distributions: readonly string[];
  readonly bytecodePython?: string;
  /** The source requirements built into wheels for the install (from the cache entry on a hit). */
  readonly built: readonly SourceBuild[];
  /** Removes a tree that is not in the cache, once the zips are written. */
  readonly release: () => Promise<void>;
}

/** What `entry.json` holds: enough to zip the tree without listing it again. */
interface EntryMeta {
  readonly schema: 1;
  readonly installer: string;
  readonly files: readonly (readonly [string, number, number])[];
  readonly distributions: readonly string[];
  readonly bytecode: string | null;
  /** Notices of the build that stay true for every package made from it (`--exclude-boto3`, boto3's size). */
  readonly notices: readonly Notice[];
  /** Absent in entries written before it was recorded. */
  readonly built?: readonly SourceBuild[];
}

type Notice = readonly ['warning' | 'note', string];

const NONE: DepsResult = { files: [], cache: 'none', distributions: [], built: [], release: async () => undefined };

export async function prepareDependencies(ctx: BuildContext, request: DepsRequest): Promise<DepsResult> {
  const input = await dependencyInput(ctx, request.codeDir, request.requirementsFile);
  if (!input) return NONE;
  const requirementsFile = input.manifest;
  const { requirements } = input;
  // Only comments: nothing to install, and no reason to need pip or uv at all.
  if (normaliseRequirements(requirements[0]!.content) === '') return { ...NONE, requirementsFile };
  const built = requirements.map((r) => sourceRequirement(effectiveRequirements(r.content, ctx.hostEnv))).find(Boolean);
  const installer = await ctx.installer();
  const markers = markerWarning(ctx.projectPython.version, request.target, installer.name, { os: process.platform, arch: process.arch });
  if (markers) ctx.notice('warning', markers);
  const uvNote = installer.name === 'uv' ? uvPlatformNote(request.target) : undefined;
  if (uvNote) ctx.notice('note', uvNote);
  const compiler = await ctx.compilePython(request.target);
  const content = requirements[0]!.content;
  // `six==${SIX}` installs what SIX says, and `${ROOT}/libs/shared` is a local path: the text as pip reads it.
  const effective = requirements.map((r) => ({ path: relative(request.codeDir, r.path), content: effectiveRequirements(r.content, ctx.hostEnv) }));
  const uncacheable = effective.map((r) => uncacheableReason(r.content)).find(Boolean);
  const key = cacheKey({
    requirements: effective,
    runtime: request.target.runtime,
    architecture: request.target.architecture,
    installer: { name: installer.name, version: installer.version },
    flags: installer.args({ target: request.target, targetDir: '<target>', requirementsFile: 'requirements.txt' }).slice(1),
    extra: {
      // pip evaluates environment markers for the Python it runs under: another Python, another result.
      installerPython: ctx.projectPython.version,
      bytecode: compiler?.version ?? 'none',
      excludeBoto3: String(ctx.excludeBoto3),
      chalice: String(request.chalice),
      environment: sha256Text(withoutCredentials(JSON.stringify(resolutionEnvironment(ctx.hostEnv)))),
    },
  }, sha256Text);
  const base = { requirementsFile, installer: installer.label };

  if (uncacheable) ctx.notice('note', `The dependencies of ${request.build} are not cached: ${uncacheable}`);
  else if (!ctx.noCache) {
    const hit = await readEntry(ctx.cacheRoot, key);
    const meta = hit?.meta as EntryMeta | undefined;
    if (hit && meta?.schema === 1) {
      for (const [level, message] of meta.notices) ctx.notice(level, message);
      return {
        ...base,
        tree: hit.tree,
        files: meta.files.map(([path, mode, size]) => ({ path, mode, size })),
        key,
        cache: 'hit',
        distributions: meta.distributions,
        built: meta.built ?? [],
        ...(meta.bytecode ? { bytecodePython: meta.bytecode } : {}),
        release: async () => undefined,
      };
    }
  }

  await removeAbandoned(ctx.cacheRoot);
  const slot = await startEntry(ctx.cacheRoot, key);
  try {
    // Requirements made from pyproject.toml, uv.lock or Pipfile.lock are written beside the tree, for the installer to read.
    const installFile = input.file ?? join(slot.dir, 'requirements.txt');
    if (!input.file) await writeFile(installFile, content);
    // The source requirements (package-source-wheels.ts), wherever they are listed, are built into wheels the installer takes.
    const installed = built
      ? await buildSourceWheels(ctx, { build: request.build, codeDir: request.codeDir, files: [{ path: installFile, content }, ...requirements.slice(1)], target: request.target, scratchDir: slot.dir, installer: installer.name })
      : { path: installFile, content, files: [{ path: installFile, content }, ...requirements.slice(1)], built: [] };
    await installDependencies(ctx, installer, {
      build: request.build, codeDir: request.codeDir, requirementsFile: installed.path, manifest: requirementsFile, requirements: installed.content, included: installed.files.slice(1),
      target: request.target, targetDir: slot.tree, scratchDir: slot.dir,
    });
    const finished = await finishTree(ctx, request, slot.tree, input.direct, compiler?.executable);
    const meta: EntryMeta = {
      schema: 1,
      installer: installer.label,
      files: finished.files.map((f) => [f.path, f.mode, f.size] as const),
      distributions: finished.distributions,
      bytecode: compiler?.version ?? null,
      notices: finished.notices,
      built: installed.built,
    };
    for (const [level, message] of finished.notices) ctx.notice(level, message);
    const common = { ...base, files: finished.files, distributions: finished.distributions, built: installed.built, ...(compiler ? { bytecodePython: compiler.version } : {}) };
    if (uncacheable) return { ...common, tree: slot.tree, cache: 'off', release: () => discard(slot.dir) };
    const tree = await commitEntry(slot, ctx.cacheRoot, key, meta);
    return { ...common, tree, key, cache: 'miss', release: async () => undefined };
  } catch (error) {
    await discard(slot.dir);
    throw error;
  }
}

interface FinishedTree {
  readonly files: WalkedFile[];
  readonly distributions: string[];
  readonly notices: Notice[];
}

/** The tests/ directories packages' own code imports (astropy/tests): pruning them would break those packages. */
async function testsKept(tree: string, files: readonly WalkedFile[]): Promise<Set<string>> {
  const tops = packagesWithTests(files.map((f) => f.path));
  const own = files.filter((f) => tops.has(f.path.split('/')[0]!) && f.path.endsWith('.py') && !f.path.split('/').includes('tests'));
  const sources = await Promise.all(own.map(async (f) => ({ path: f.path, text: await readFile(join(tree, f.path), 'utf8') })));
  // Only those that are there: a module may import the tests of another distribution.
  return new Set([...importedTests(sources)].filter((dir) => files.some((f) => f.path.startsWith(`${dir}/`))));
}

/** After the install: check every `.so`, drop what Lambda never uses (and boto3 if asked), compile. */
async function finishTree(ctx: BuildContext, request: DepsRequest, tree: string, direct: readonly string[], compiler: string | undefined): Promise<FinishedTree> {
  const notices: Notice[] = [];
  ctx.progress({ kind: 'step', build: request.build, step: 'check' });
  let files = walkFiles(tree).files;
  // An editable install (`-e ../lib`) leaves a .pth file (and a finder) pointing at this machine's source
  // directory, whatever the build backend: Lambda reads no .pth files in /var/task, and the path is not
  // there. The code itself is not in the package, so every import of it would fail. PEP 610's
  // direct_url.json says which distributions were installed so.
  const editable = await editableDistributions(tree, files);
  if (editable.length > 0) {
    throw new UserError(`The requirements of ${request.build} install ${editable.join(', ')} in editable mode (-e): the package would hold a pointer to this machine's source, not the code`, {
      hint: 'List a local package by its path without -e (`../localpkg`, not `-e ../localpkg`): it is then built and its code packaged.',
    });
  }
  checkSharedObjects(files.map((f) => ({ path: f.path, source: join(tree, f.path) })), request.target, `the dependencies of ${request.build}`);

  const installed = await readDistributions(tree, files);
  const exclusion = ctx.excludeBoto3 ? boto3Exclusion(installed, direct) : { drop: [], warnings: [] };
  notices.push(...exclusion.warnings.map((w) => ['warning', w] as const));
  ctx.progress({ kind: 'step', build: request.build, step: 'prune' });
  const keepTests = await testsKept(tree, files);
  for (const dir of keepTests) notices.push(['note', `${dir} is kept in ${request.build}'s package: ${dir.split('/')[0]}'s own code imports it`]);
  // A compiled program in bin/ (uv's, ruff's) is run by its package; the scripts beside it are not.
  const programs = new Set<string>();
  for (const f of files.filter((file) => file.path.startsWith('bin/'))) {
    const elf = readElfInfo(join(tree, f.path));
    if (!elf.ok) continue;
    programs.add(f.path);
    const foreign = foreignProgramWarning(f.path, elf.info, request.target);
    if (foreign) notices.push(['warning', foreign]);
  }
  const prune = (drop: typeof exclusion.drop) => pruneDependencies(files.map((f) => f.path), { target: request.target, chalice: request.chalice, drop, keepTests, programs });
  const pruned = prune(exclusion.drop);
  if (!ctx.excludeBoto3 && installed.some((d) => d.name === 'botocore')) {
    // What --exclude-boto3 would leave out, counted as it would do it: the SDK and what only it needs.
    const would = boto3Exclusion(installed, direct).drop;
    const gone = new Set(prune(would).remove.map((r) => r.path));
    for (const r of pruned.remove) gone.delete(r.path);
    const bytes = files.filter((f) => gone.has(f.path)).reduce((sum, f) => sum + f.size, 0);
    notices.push(['note', `boto3 and what only it needs (${would.map((d) => d.name).join(', ')}) take ${formatBytes(bytes)} of ${request.build}'s package before compiling; the Lambda runtime has its own (older) copy: --exclude-boto3 leaves them out`]);
  }
  await removeFiles(tree, pruned.remove.map((r) => r.path));
  const removed = new Set(pruned.remove.map((r) => r.path));
  await forgetInRecords(tree, files, pruned.remove.map((r) => r.path));
  // What is left to compile: the progress counted the modules pruning (or --exclude-boto3) had removed.
  files = files.filter((f) => !removed.has(f.path));
  const dropped = new Set(exclusion.drop.map((d) => d.name));
  const distributions = installed.filter((d) => !dropped.has(d.name)).map((d) => `${d.name} ${d.version}`);

  if (compiler) {
    const total = files.filter((f) => f.path.endsWith('.py')).length;
    let done = 0;
    ctx.progress({ kind: 'step', build: request.build, step: 'compile', detail: `${total} module${total === 1 ? '' : 's'}` });
    const run = await ctx.tools.runTool(compileallArgs(compiler, tree), {
      cwd: tree,
      env: ctx.env,
      onLine: (line) => {
        if (line.startsWith('Compiling ')) ctx.progress({ kind: 'count', build: request.build, step: 'compile', done: ++done, total });
      },
    });
    files = walkFiles(tree).files;
    const missing = missingBytecode(files.map((f) => f.path), request.target.pythonVersion);
    if (run.code !== 0 && missing.length === total && total > 0) {
      throw new UserError(`Compiling the dependencies of ${request.build} to bytecode failed:\n${run.output.split('\n').slice(-10).join('\n')}`, { exitCode: USER_ERROR_EXIT.failure });
    }
    if (missing.length > 0) {
      const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
      notices.push(['note', `${missing.length} module${missing.length === 1 ? '' : 's'} of ${request.build}'s dependencies could not be compiled for Python ${request.target.pythonVersion} and will be compiled at each import, or fail if imported: ${shown}`]);
    }
  } else {
    files = walkFiles(tree).files;
  }
  return { files, distributions, notices };
}

/** The distributions whose PEP 610 `direct_url.json` says they were installed editable. */
async function editableDistributions(tree: string, files: readonly WalkedFile[]): Promise<string[]> {
  const names: string[] = [];
  for (const file of files) {
    const m = /^([^/]+)\.dist-info\/direct_url\.json$/.exec(file.path);
    if (!m) continue;
    try {
      const info = JSON.parse(await readFile(join(tree, file.path), 'utf8')) as { dir_info?: { editable?: unknown } };
      if (info.dir_info?.editable === true) names.push(m[1]!.replace(/-[^-]+$/, ''));
    } catch {
      // Not JSON: not PEP 610's, nothing to say.
    }
  }
  return names;
}

async function readDistributions(tree: string, files: readonly WalkedFile[]): Promise<InstalledDistribution[]> {
  const found: InstalledDistribution[] = [];
  for (const file of files) {
    const m = /^([^/]+\.dist-info)\/METADATA$/.exec(file.path);
    if (!m) continue;
    const parsed = parseDistribution(m[1]!, await readFile(join(tree, file.path), 'utf8'));
    if (parsed) found.push(parsed);
  }
  return found;
}

/** The RECORDs of the tree without the lines of the files pruning removed (keptRecords says why). */
async function forgetInRecords(tree: string, files: readonly { path: string }[], removed: readonly string[]): Promise<void> {
  for (const record of keptRecords(files.map((f) => f.path), removed)) {
    const path = join(tree, record);
    const text = await readFile(path, 'utf8');
    const kept = recordWithout(text, removed);
    if (kept !== text) await writeFile(path, kept);
  }
}
