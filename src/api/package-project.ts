/**
 * The function's own files: the selection rules (defaults, `.pylambdaignore`, secret warnings), or
 * Chalice's layout for a Chalice app, each file's digest (for the build key), the `.so` check, and
 * bytecode for the runtime, compiled into a content-addressed cache outside the user's tree.
 */
import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { compileFiles, type CompileFailure } from '../adapters/compile-bytecode.js';
import { markUsed } from '../adapters/dep-cache.js';
import { readHead, sha256File, sha256Text } from '../adapters/file-digest.js';
import { walkFiles } from '../adapters/file-walker.js';
import { ensureDir, exists } from '../adapters/package-files.js';
import { readText } from '../adapters/fs.js';
import type { PythonInfo } from '../adapters/python.js';
import { UserError } from '../core/errors.js';
import { pycPath } from '../core/packaging/bytecode.js';
import { chaliceRuntimeFiles, selectChaliceFiles } from '../core/packaging/chalice.js';
import type { PackageTarget } from '../core/packaging/platform.js';
import { SECRET_SNIFF_BYTES } from '../core/packaging/secrets.js';
import { packagePatternFilter } from '../core/packaging/patterns.js';
import { newerSyntaxRuntime } from '../core/packaging/newer-syntax.js';
import { directoryExclusion, selectProjectFiles, type IncludedFile, type ProjectFile } from '../core/packaging/select.js';
import { checkSharedObjects } from './package-checks.js';
import type { BuildContext } from './package-context.js';

export interface ProjectRequest {
  readonly build: string;
  readonly codeDir: string;
  readonly target: PackageTarget;
  readonly chalice: boolean;
  readonly compiler?: PythonInfo;
  /** Absolute directories never to package (the output and cache directories, when inside the code). */
  readonly skipDirs: readonly string[];
  /** serverless.yml package.patterns, applied to each file after the other rules. */
  readonly patterns?: readonly string[];
  /** Files a plugin puts at the code's root (serverless-wsgi's handler): whatever the rules say, and over a file of the project at the same path. */
  readonly pluginFiles?: ReadonlyArray<{ readonly archivePath: string; readonly source: string }>;
}

/** A file of the package with what the zip plan and the build key need. */
/** The modules that do not compile (paths in the package), and of those the runtime each one's syntax needs. */
export interface Uncompilable {
  readonly uncompilable: string[];
  readonly newerSyntax: Readonly<Record<string, string>>;
}

export interface PackFile {
  readonly archivePath: string;
  /** Absolute path to read. */
  readonly source: string;
  readonly mode: number;
  readonly size: number;
  /** Identifies the bytes: a SHA-256 of the content, or the key they were derived under. */
  readonly content: string;
  /** Chalice's overlay order: the app's files, then `vendor/`, win over dependencies. */
  readonly group: 'app' | 'vendor';
}

/** A Chalice app's layout (`.chalice/config.json` and `app.py`): packaged as `chalice package` does. */
export function isChaliceApp(codeDir: string): boolean {
  return exists(join(codeDir, '.chalice', 'config.json')) && exists(join(codeDir, 'app.py'));
}

export async function collectProjectFiles(ctx: BuildContext, request: ProjectRequest): Promise<{ files: PackFile[]; bytecodeFiles: number } & Uncompilable> {
  ctx.progress({ kind: 'step', build: request.build, step: 'files' });
  const { codeDir } = request;
  const ignorePath = join(codeDir, '.pylambdaignore');
  const ignoreFile = exists(ignorePath) ? await readText(ignorePath, '.pylambdaignore') : undefined;
  const excluded = directoryExclusion(ignoreFile === undefined ? {} : { ignoreFile });
  const skipped = request.skipDirs.map((d) => relative(codeDir, d)).filter((r) => r !== '' && !r.startsWith('..')).map((r) => r.split(sep).join('/'));
  const walked = walkFiles(codeDir, {
    skipDir: (dir, entries) => (skipped.includes(dir) ? "pylambda's output" : excluded(dir, entries)),
  });
  const stats = new Map(walked.files.map((f) => [f.path, f]));
  const projectFiles = walked.files.map((f) => ({ path: f.path, head: readHead(join(codeDir, f.path), SECRET_SNIFF_BYTES) }));
  const options = ignoreFile === undefined ? {} : { ignoreFile };
  const select = (files: readonly ProjectFile[]) => (request.chalice ? selectChaliceFiles(files, options) : selectProjectFiles(files, options));
  const selected = select(projectFiles);
  const keep = request.patterns ? packagePatternFilter(request.patterns) : undefined;
  // What serverless.yml's package rules leave out needs no word: not a secrets file that would ship, nor one pylambda leaves out too.
  const selection = keep ? { ...selected, included: selected.included.filter((f) => keep(f.source)), warnings: selected.warnings.filter((w) => keep(w.path)) } : selected;
  // A broken link or a loop the package would otherwise hold is said, since the code may need it; one the
  // rules would leave out anyway (an editor's .#lock link, a path outside a Chalice app's folders) is not.
  const unreadable = walked.skipped.filter((skip) => !skip.excluded);
  const wanted = new Set(select(unreadable.map((skip) => ({ path: skip.path }))).included.map((f) => f.source));
  for (const skip of unreadable) {
    if (wanted.has(skip.path)) ctx.notice('warning', `${request.build}: ${skip.path} is not packaged: ${skip.reason}`);
  }
  for (const w of selection.warnings) ctx.notice('warning', `${request.build}: ${w.message}`);

  const files: PackFile[] = [];
  const replaced = new Set((request.pluginFiles ?? []).map((f) => f.archivePath));
  for (const file of selection.included) {
    if (replaced.has(file.archivePath)) continue;
    const st = stats.get(file.source)!;
    const source = join(codeDir, file.source);
    files.push({ archivePath: file.archivePath, source, mode: st.mode, size: st.size, content: await sha256File(source), group: file.source.startsWith('vendor/') && request.chalice ? 'vendor' : 'app' });
  }
  if (request.chalice) files.push(...(await chaliceRuntime(ctx)));
  for (const f of request.pluginFiles ?? []) {
    const st = await stat(f.source);
    files.push({ archivePath: f.archivePath, source: f.source, mode: st.mode, size: st.size, content: await sha256File(f.source), group: 'app' });
  }
  checkSharedObjects(files.map((f) => ({ path: f.archivePath, source: f.source })), request.target, `${request.build}'s own files`);

  const { bytecode, uncompilable, newerSyntax } = request.compiler ? await projectBytecode(ctx, request, request.compiler, files) : { bytecode: [], uncompilable: [], newerSyntax: {} };
  return { files: [...files, ...bytecode], bytecodeFiles: bytecode.length, uncompilable, newerSyntax };
}

/** `chalice/__init__.py` and `chalice/app.py` from the project's Chalice, as `chalice package` copies them. */
async function chaliceRuntime(ctx: BuildContext): Promise<PackFile[]> {
  const python = ctx.projectPython.executable;
  const dir = await ctx.tools.chalicePackageDir(python, ctx.env);
  if (!dir) {
    throw new UserError(`This is a Chalice app, and Chalice is not installed in ${python}: its runtime modules (chalice/app.py) go into the package`, {
      hint: `${python} -m pip install chalice   (or name the Python that has it with --python)`,
    });
  }
  return Promise.all(chaliceRuntimeFiles(dir).map(async (f: IncludedFile) => {
    const st = await stat(f.source);
    return { archivePath: f.archivePath, source: f.source, mode: st.mode, size: st.size, content: await sha256File(f.source), group: 'app' as const };
  }));
}

/**
 * One `.pyc` per module, named by what determines its bytes (Python version, path in the package,
 * source digest): an unchanged module is never compiled twice, and no Python starts at all when
 * nothing changed.
 */
async function projectBytecode(ctx: BuildContext, request: ProjectRequest, compiler: PythonInfo, files: readonly PackFile[]): Promise<{ bytecode: PackFile[] } & Uncompilable> {
  const dir = join(ctx.cacheRoot, 'bytecode');
  const modules = files.filter((f) => f.archivePath.endsWith('.py')).map((f) => {
    const key = sha256Text(JSON.stringify([compiler.version, f.archivePath, f.content]));
    return { file: f, key, cfile: join(dir, `${key}.pyc`) };
  });
  const jobs = modules.filter((m) => ctx.noCache || !exists(m.cfile)).map((m) => ({ source: m.file.source, cfile: m.cfile, dfile: m.file.archivePath }));
  const compiling = new Set(jobs.map((j) => j.cfile));
  await markUsed(modules.filter((m) => !compiling.has(m.cfile)).map((m) => m.cfile));
  let failed: CompileFailure[] = [];
  if (jobs.length > 0) {
    ctx.progress({ kind: 'step', build: request.build, step: 'compile', detail: `${jobs.length} of its own modules` });
    await ensureDir(dir);
    ({ failed } = await compileFiles(ctx.tools.runTool, compiler.executable, jobs, { cwd: request.codeDir, env: ctx.env }));
  }
  const uncompilable: string[] = [];
  const newerSyntax: Record<string, string> = {};
  for (const f of failed) {
    const path = modules.find((m) => m.file.source === f.source)?.file.archivePath ?? f.source;
    uncompilable.push(path);
    const newer = f.line ? newerSyntaxRuntime(f.line, request.target.runtime) : undefined;
    if (newer) newerSyntax[path] = newer;
    const at = typeof f.lineno === 'number' ? `, line ${f.lineno}` : '';
    ctx.notice('warning', `${request.build}: ${path} does not compile on Python ${compiler.version} (${f.error}${at}); Lambda will fail to import it`);
  }
  const out: PackFile[] = [];
  for (const m of modules) {
    if (failed.some((f) => f.source === m.file.source)) continue;
    const st = await stat(m.cfile);
    out.push({ archivePath: pycPath(m.file.archivePath, request.target.pythonVersion)!, source: m.cfile, mode: 0o100644, size: st.size, content: m.key, group: m.file.group });
  }
  return { bytecode: out, uncompilable, newerSyntax };
}
