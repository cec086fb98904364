/**
 * Source requirements (a local path, a repository, a source archive's URL) built here one by one into
 * wheels with `pip wheel --no-deps`, then installed with the rest of the requirements for the target. uv
 * judges their markers and resolves the built wheels' own dependencies for the runtime and architecture,
 * where pip judges markers by this machine (it then gets the wheels all the same). A local directory is built
 * from a copy: setuptools writes `build/` and `*.egg-info` into the directory it builds (pip builds
 * in-tree since 21.3), which would stay in the user's tree and end up in the zip.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parse as parseToml } from 'smol-toml';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { sha256File } from '../adapters/file-digest.js';
import { UserError, USER_ERROR_EXIT } from '../core/errors.js';
import { expandRequirementVariables } from '../core/packaging/cache-key.js';
import { sourceWheelArgs } from '../core/packaging/installer-args.js';
import { buildFailureSummary, hashMismatch } from '../core/packaging/installer-output.js';
import type { PackageTarget } from '../core/packaging/platform.js';
import { sourceOptions, usesHashes } from '../core/packaging/requirements.js';
import { requiresPythonExcludes } from '../core/packaging/requires-python.js';
import { copiedForBuild, shownLine, sourceLines, sourceWheelLine, unhashableReason, type SourceLine, type SourceWheel } from '../core/packaging/source-requirements.js';
import { judgeBuiltWheel } from '../core/packaging/wheel.js';
import type { BuildContext } from './package-context.js';
import type { SourceBuild } from './package-types.js';
import { resolveLinkIn, writeRequirementCopies, type RequirementsText } from './package-requirement-copies.js';

export interface SourceWheelsRequest {
  readonly build: string;
  readonly codeDir: string;
  /** The requirements file as the user wrote it, then the files it includes (`-r`, `-c`), relative to the file that names them. */
  readonly files: readonly RequirementsText[];
  readonly target: PackageTarget;
  readonly scratchDir: string;
  /** What installs the wheels, as the note names it. */
  readonly installer: 'pip' | 'uv';
}

/**
 * Builds the wheels of every file's source lines (a local path relative to the code directory, where pip
 * runs, in an included file too); returns the requirements the installer reads instead: a copy of each file, the
 * wheels in place of their lines and the includes pointing at the copies (`files`, the first the one it reads).
 */
export async function buildSourceWheels(ctx: BuildContext, request: SourceWheelsRequest): Promise<RequirementsText & { readonly files: readonly RequirementsText[]; readonly built: SourceBuild[] }> {
  const python = ctx.projectPython.executable;
  const files = request.files.map((f) => ({ path: f.path, content: expandRequirementVariables(f.content, ctx.hostEnv) }));
  const lines = [...new Map(files.flatMap((f) => sourceLines(f.content)).map((l) => [l.line, l])).values()];
  const hashed = usesHashes(files.map((f) => f.content));
  if (hashed) for (const line of lines) refuseUnhashable(line, files, request.codeDir);
  if (!(await ctx.tools.pipVersion(python, ctx.env))) {
    throw new UserError(`${shownLine(lines[0]!)} is a ${lines[0]!.kind}: it has to be built into a wheel with pip (uv builds no source under --only-binary :all:), and pip is not installed in ${python}`, {
      hint: `${python} -m ensurepip, or name another Python with --python.`,
    });
  }
  const sources = files.flatMap((f) => sourceOptions(f.content).map((arg, i, all) => (all[i - 1] === '--find-links' ? resolveLinkIn(dirname(f.path))(arg) : arg)));
  const built: SourceWheel[] = [];
  for (const [i, line] of lines.entries()) {
    const count = lines.length > 1 ? `${i + 1} of ${lines.length}: ` : '';
    built.push(await buildOne(ctx, request, line, python, join(request.scratchDir, 'source', String(i)), sources, hashed, count));
  }
  const rewritten = new Map(built.map((b) => [b.line, sourceWheelLine(b)]));
  const written = await writeRequirementCopies(files, join(request.scratchDir, 'source-requirements'), (line) => rewritten.get(line) ?? line);
  const report = built.map((b, i) => ({ requirement: shownLine(lines[i]!), kind: lines[i]!.kind, wheel: basename(b.wheel) }));
  return { ...written[0]!, files: written, built: report };
}

/** A source line that hash-checking cannot accept, said before anything is built. */
function refuseUnhashable(line: SourceLine, files: readonly RequirementsText[], codeDir: string): void {
  const why = unhashableReason(line);
  if (!why) return;
  const file = files.find((f) => sourceLines(f.content).some((l) => l.line === line.line))!;
  throw new UserError(`${shownLine(line)} (${relative(codeDir, file.path)}) is a ${line.kind} in hash-checked requirements (a --hash in ${files.length > 1 ? 'them' : 'the file'} turns hash-checking on for every line): ${why}`, {
    hint: line.kind === 'source archive'
      ? `Add its --hash (pip hash on the archive, or pip-compile --generate-hashes), or build it into a wheel and pin that.`
      : 'Build it into a wheel (pip wheel --no-deps) and list the wheel with its --hash, or install it from requirements without hashes.',
  });
}

async function buildOne(ctx: BuildContext, request: SourceWheelsRequest, line: SourceLine, python: string, scratch: string, sources: readonly string[], hashed: boolean, count: string): Promise<SourceWheel> {
  const shown = shownLine(line);
  ctx.progress({ kind: 'step', build: request.build, step: 'sdist', detail: `${count}${shown}` });
  const wheelDir = join(scratch, 'wheel');
  const from = line.path === undefined ? undefined : resolve(request.codeDir, line.path);
  if (from) await checkRequiresPython(from, line, request.target);
  // A hash is only accepted in a requirements file: the line, without its marker (judged for the target), goes in one.
  const hashedFile = hashed ? join(scratch, 'hashed.txt') : undefined;
  if (hashedFile) {
    await mkdir(scratch, { recursive: true });
    await writeFile(hashedFile, `${line.requirement} ${line.hashes!.map((h) => `--hash=${h}`).join(' ')}\n`);
  }
  // The copy goes outside the project: the cache (and so `scratch`) can be inside the directory copied.
  const copy = from ? await mkdtemp(join(tmpdir(), 'pylambda-source-')) : undefined;
  let run: Awaited<ReturnType<typeof ctx.tools.runTool>>;
  try {
    const requirement = from && copy ? join(copy, 'project') : line.requirement;
    if (from) await cp(from, requirement, { recursive: true, filter: (path) => copiedForBuild(path.slice(from.length + 1)) });
    run = await ctx.tools.runTool(sourceWheelArgs(python, requirement, wheelDir, sources, hashedFile), { cwd: request.codeDir, env: ctx.env });
  } finally {
    if (copy) await rm(copy, { recursive: true, force: true });
  }
  const wheel = (await readdir(wheelDir).catch(() => [] as string[])).find((f) => f.endsWith('.whl'));
  const mismatch = run.code !== 0 && hashed ? hashMismatch(run.output) : undefined;
  if (mismatch) {
    throw new UserError(`The source archive of ${shown} does not match the hash the requirements pin for it:\n${mismatch.split('\n').map((l) => `  ${l}`).join('\n')}`, {
      hint: 'If you changed its URL or version, regenerate the hashes (pip hash, pip-compile --generate-hashes); otherwise the file served is not the one that was pinned: find out why before deploying.',
      exitCode: USER_ERROR_EXIT.failure,
    });
  }
  if (run.code !== 0 || !wheel) {
    throw new UserError(`Building ${shown} (a ${line.kind}) into a wheel with pip failed:\n${buildFailureSummary(run.output)}`, { exitCode: USER_ERROR_EXIT.failure });
  }
  const judged = judgeBuiltWheel(wheel, request.target);
  if (!judged.ok) throw new UserError(judged.message, { hint: judged.hint, exitCode: USER_ERROR_EXIT.failure });
  ctx.notice('note', `${shown} is a ${line.kind}: pip built it into ${wheel}, and ${request.installer} installs that with its dependencies for ${request.target.runtime} ${request.target.architecture}`);
  const path = join(wheelDir, wheel);
  return { line: line.line, name: judged.wheel.distribution, extras: line.extras, ...(line.marker ? { marker: line.marker } : {}), wheel: path, ...(hashed ? { sha256: await sha256File(path) } : {}) };
}

/** A local project whose `requires-python` leaves out the runtime: said plainly, before uv's long resolver explanation. */
async function checkRequiresPython(dir: string, line: SourceLine, target: PackageTarget): Promise<void> {
  const text = await readFile(join(dir, 'pyproject.toml'), 'utf8').catch(() => undefined);
  let specifier: unknown;
  try {
    specifier = text === undefined ? undefined : (parseToml(text).project as Record<string, unknown> | undefined)?.['requires-python'];
  } catch {
    return; // pip names a pyproject.toml it cannot read
  }
  if (typeof specifier !== 'string' || !requiresPythonExcludes(specifier, target.pythonVersion)) return;
  throw new UserError(`${line.line} (${join(dir, 'pyproject.toml')}) has requires-python = "${specifier}", which excludes the function's runtime ${target.runtime} (Python ${target.pythonVersion})`, {
    hint: `Give the function a runtime that ${specifier} allows, or widen requires-python if the code runs on Python ${target.pythonVersion}.`,
  });
}
