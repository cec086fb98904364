/**
 * Source requirements (a local path, a repository, a source archive's URL) built here one by one into
 * wheels with `pip wheel --no-deps`, then installed by uv with the rest of the requirements for the
 * target: uv judges their markers and resolves the built wheels' own dependencies for the runtime and
 * architecture, where pip installing everything judged them by this machine. A local directory is built
 * from a copy: setuptools writes `build/` and `*.egg-info` into the directory it builds (pip builds
 * in-tree since 21.3), which would stay in the user's tree and end up in the zip.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parse as parseToml } from 'smol-toml';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, USER_ERROR_EXIT } from '../core/errors.js';
import { expandRequirementVariables } from '../core/packaging/cache-key.js';
import { sourceWheelArgs } from '../core/packaging/installer-args.js';
import { buildFailureSummary } from '../core/packaging/installer-output.js';
import type { PackageTarget } from '../core/packaging/platform.js';
import { relocatedRequirements, sourceOptions } from '../core/packaging/requirements.js';
import { requiresPythonExcludes } from '../core/packaging/requires-python.js';
import { copiedForBuild, sourceLines, sourceWheelLine, type SourceLine, type SourceWheel } from '../core/packaging/source-requirements.js';
import { judgeBuiltWheel } from '../core/packaging/wheel.js';
import type { BuildContext } from './package-context.js';
import { resolveLinkIn } from './package-install.js';

export interface SourceWheelsRequest {
  readonly build: string;
  readonly codeDir: string;
  /** The requirements file as the user wrote it (its `-r` and `-c` are relative to it). */
  readonly requirementsFile: string;
  readonly requirements: string;
  readonly target: PackageTarget;
  readonly scratchDir: string;
}

/** Builds the wheels; returns the requirements file uv installs instead, the wheels in place of their lines. */
export async function buildSourceWheels(ctx: BuildContext, request: SourceWheelsRequest): Promise<string> {
  const python = ctx.projectPython.executable;
  const expanded = expandRequirementVariables(request.requirements, ctx.hostEnv);
  const lines = sourceLines(expanded);
  if (!(await ctx.tools.pipVersion(python, ctx.env))) {
    throw new UserError(`${lines[0]!.line} is a ${lines[0]!.kind}: it has to be built into a wheel with pip (uv builds no source under --only-binary :all:), and pip is not installed in ${python}`, {
      hint: `${python} -m ensurepip, or name another Python with --python.`,
    });
  }
  const built: SourceWheel[] = [];
  for (const [i, line] of lines.entries()) {
    built.push(await buildOne(ctx, request, line, python, join(request.scratchDir, 'source', String(i)), sourceOptions(expanded)));
  }
  const file = join(request.scratchDir, `source-${basename(request.requirementsFile)}`);
  const rewritten = new Map(built.map((b) => [b.line, sourceWheelLine(b)]));
  await writeFile(file, relocatedRequirements(expanded, dirname(request.requirementsFile), resolveLinkIn(dirname(request.requirementsFile)), (line) => rewritten.get(line) ?? line));
  return file;
}

async function buildOne(ctx: BuildContext, request: SourceWheelsRequest, line: SourceLine, python: string, scratch: string, sources: readonly string[]): Promise<SourceWheel> {
  ctx.progress({ kind: 'step', build: request.build, step: 'sdist', detail: line.line });
  const wheelDir = join(scratch, 'wheel');
  const from = line.path === undefined ? undefined : resolve(request.codeDir, line.path);
  if (from) await checkRequiresPython(from, line, request.target);
  // The copy goes outside the project: the cache (and so `scratch`) can be inside the directory copied.
  const copy = from ? await mkdtemp(join(tmpdir(), 'pylambda-source-')) : undefined;
  let run: Awaited<ReturnType<typeof ctx.tools.runTool>>;
  try {
    const requirement = from && copy ? join(copy, 'project') : line.requirement;
    if (from) await cp(from, requirement, { recursive: true, filter: (path) => copiedForBuild(path.slice(from.length + 1)) });
    run = await ctx.tools.runTool(sourceWheelArgs(python, requirement, wheelDir, sources), { cwd: request.codeDir, env: ctx.env });
  } finally {
    if (copy) await rm(copy, { recursive: true, force: true });
  }
  const wheel = (await readdir(wheelDir).catch(() => [] as string[])).find((f) => f.endsWith('.whl'));
  if (run.code !== 0 || !wheel) {
    throw new UserError(`Building ${line.line} (a ${line.kind}) into a wheel with pip failed:\n${buildFailureSummary(run.output)}`, { exitCode: USER_ERROR_EXIT.failure });
  }
  const judged = judgeBuiltWheel(wheel, request.target);
  if (!judged.ok) throw new UserError(judged.message, { hint: judged.hint, exitCode: USER_ERROR_EXIT.failure });
  ctx.notice('note', `${line.line} is a ${line.kind}: pip built it into ${wheel}, and uv installs that with its dependencies for ${request.target.runtime} ${request.target.architecture}`);
  return { line: line.line, name: judged.wheel.distribution, extras: line.extras, ...(line.marker ? { marker: line.marker } : {}), wheel: join(wheelDir, wheel) };
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
