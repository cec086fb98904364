/**
 * Running the installer for Lambda's platform, and the one rescue when a dependency has no wheel for
 * it: build its source distribution here and accept the result only when it is pure Python.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sha256File } from '../adapters/file-digest.js';
import { UserError, USER_ERROR_EXIT } from '../core/errors.js';
import { sdistWheelArgs } from '../core/packaging/installer-args.js';
import { buildFailureSummary, errorSummary, hashMismatch, noWheelError, parseInstallFailure, parseInstallProgress, type InstallFailure, type SdistAttempt } from '../core/packaging/installer-output.js';
import type { PackageTarget } from '../core/packaging/platform.js';
import { normaliseName } from '../core/packaging/prune.js';
import { builtWheelLine, hashedRequirementLine, sourceOptions, usesHashes, type BuiltWheel } from '../core/packaging/requirements.js';
import { judgeBuiltWheel } from '../core/packaging/wheel.js';
import type { BuildContext, InstallerChoice } from './package-context.js';
import { writeRequirementCopies, type RequirementsText } from './package-requirement-copies.js';

export interface InstallRequest {
  readonly build: string;
  readonly codeDir: string;
  /** The file the installer reads. */
  readonly requirementsFile: string;
  /** The file the requirements come from, as messages name it, when it is another (pyproject.toml, uv.lock). */
  readonly manifest?: string;
  readonly requirements: string;
  /**
   * The files it includes (`-r`, `-c`), as it names them: one `--hash` in any of them turns hash-checking on, and a
   * hash-pinned sdist can be listed in any of them.
   */
  readonly included?: readonly RequirementsText[];
  readonly target: PackageTarget;
  readonly targetDir: string;
  /** A scratch directory for wheels built from sdists. */
  readonly scratchDir: string;
}

/** Installs into `targetDir`; returns the names of dependencies that were built from source. */
export async function installDependencies(ctx: BuildContext, installer: InstallerChoice, request: InstallRequest): Promise<string[]> {
  const wheelDir = join(request.scratchDir, 'wheels');
  const built: string[] = [];
  // With hashes, the wheel built from an sdist can never match the sdist's hash: the build checks that
  // hash instead (as pip does when it builds), and the install pins the wheel's own hash.
  const files: RequirementsText[] = [{ path: request.requirementsFile, content: request.requirements, ...(request.manifest ? { source: request.manifest } : {}) }, ...(request.included ?? [])];
  const hashed = usesHashes(files.map((f) => f.content));
  const builtWheels: BuiltWheel[] = [];
  let requirementsFile = request.requirementsFile;
  for (;;) {
    const argv = installer.args({
      target: request.target,
      targetDir: request.targetDir,
      requirementsFile,
      ...(built.length > 0 ? { findLinks: [wheelDir] } : {}),
      ...(hashed ? { requireHashes: true } : {}),
    });
    ctx.progress({ kind: 'step', build: request.build, step: 'install', detail: installer.label });
    let collected = 0;
    let total: number | undefined;
    const run = await ctx.tools.runTool(argv, {
      cwd: request.codeDir,
      env: ctx.env,
      onLine: (line) => {
        const p = parseInstallProgress(line);
        if (p?.kind === 'collecting') collected++;
        if (p?.kind === 'resolved') total = p.count;
        if (p) ctx.progress({ kind: 'count', build: request.build, step: 'install', done: p.kind === 'collecting' ? collected : total ?? collected, ...(total === undefined ? {} : { total }), ...(p.kind === 'collecting' ? { detail: p.name } : {}) });
      },
    });
    if (run.code === 0) return built;

    const failure = parseInstallFailure(run.output, installer.name);
    if (failure.kind === 'other') {
      throw new UserError(`Installing the dependencies of ${request.build} (${request.manifest ?? request.requirementsFile}) with ${installer.label} failed:\n${failure.summary}`, {
        hint: `The installer ran: ${argv.join(' ')}`,
        exitCode: USER_ERROR_EXIT.failure,
      });
    }
    if (failure.kind === 'not-found') {
      const { message, hint } = noWheelError(failure, request.target, { state: 'none' });
      throw new UserError(message, { hint, exitCode: USER_ERROR_EXIT.failure });
    }
    if (built.includes(failure.name)) {
      const { message, hint } = noWheelError(failure, request.target, { state: 'build-failed', summary: 'the wheel built from its source distribution was not accepted by the installer' });
      throw new UserError(message, { hint, exitCode: USER_ERROR_EXIT.failure });
    }
    const attempt = await buildFromSource(ctx, request, failure, wheelDir, hashed ? files : undefined);
    if (attempt.state !== 'built') {
      const { message, hint } = noWheelError(failure, request.target, attempt);
      throw new UserError(message, { hint, exitCode: USER_ERROR_EXIT.failure });
    }
    const judged = judgeBuiltWheel(attempt.wheel, request.target);
    if (!judged.ok) throw new UserError(judged.message, { hint: judged.hint, exitCode: USER_ERROR_EXIT.failure });
    ctx.notice('note', `${failure.name} has no wheel on the index; its source distribution built ${attempt.wheel}, which is pure Python and runs on Lambda`);
    built.push(failure.name);
    if (hashed) {
      const wheel = join(wheelDir, attempt.wheel);
      builtWheels.push({ name: failure.name, sha256: await sha256File(wheel) });
      // The wheel replaces the sdist's line wherever it is, in the file or one it includes.
      requirementsFile = (await writeRequirementCopies(files, join(request.scratchDir, 'hashed-requirements'), (line) => builtWheelLine(line, builtWheels)))[0]!.path;
    }
  }
}

type SourceBuild = SdistAttempt | { readonly state: 'built'; readonly wheel: string };

/**
 * `pip wheel --no-binary NAME` with the project's Python (uv has no `pip wheel`), looking where the
 * requirements file says to look.
 */
async function buildFromSource(ctx: BuildContext, request: InstallRequest, failure: Extract<InstallFailure, { kind: 'no-wheel' }>, wheelDir: string, hashedFiles: readonly RequirementsText[] | undefined): Promise<SourceBuild> {
  const python = ctx.projectPython.executable;
  const hashed = hashedFiles !== undefined;
  // In hash-checking mode the sdist is built from its own line, hashes and all, in whichever file lists it.
  const pinned = hashedFiles?.map((file) => ({ file, line: hashedRequirementLine(file.content, failure.name) })).find((p) => p.line);
  const line = pinned?.line;
  const shown = (file: RequirementsText) => basename(file.source ?? file.path);
  if (hashed && !line) {
    return { state: 'unavailable', why: `the requirements are hash-checked, and ${hashedFiles.length > 1 ? `neither ${shown(hashedFiles[0]!)} nor the files it includes has a` : `${shown(hashedFiles[0]!)} has no`} line pinning ${failure.name} with --hash to build it from` };
  }
  if (!(await ctx.tools.pipVersion(python, ctx.env))) {
    return { state: 'unavailable', why: `pip is not installed in ${python} to build it` };
  }
  ctx.progress({ kind: 'step', build: request.build, step: 'sdist', detail: failure.requirement });
  let hashedFile: string | undefined;
  if (line) {
    await mkdir(request.scratchDir, { recursive: true });
    hashedFile = join(request.scratchDir, `sdist-${failure.name}.txt`);
    await writeFile(hashedFile, `${line}\n`);
  }
  const argv = sdistWheelArgs(python, failure.requirement, wheelDir, sourceOptions(request.requirements), hashedFile);
  const run = await ctx.tools.runTool(argv, { cwd: request.codeDir, env: ctx.env });
  if (run.code !== 0) {
    const mismatch = hashed ? hashMismatch(run.output) : undefined;
    if (mismatch) {
      throw new UserError(`The source distribution of ${failure.requirement} (it has no wheel for the platform, so it is built here) does not match the hash ${shown(pinned!.file)} pins for it:\n${mismatch.split('\n').map((l) => `  ${l}`).join('\n')}`, {
        hint: 'If you changed its version, regenerate the hashes (pip-compile --generate-hashes); otherwise the file the index serves is not the one that was pinned: find out why before deploying.',
        exitCode: USER_ERROR_EXIT.failure,
      });
    }
    const again = parseInstallFailure(run.output, 'pip');
    if (again.kind === 'no-wheel') return { state: 'none' };
    return { state: 'build-failed', summary: buildFailureSummary(run.output) };
  }
  const wheels = (await readdir(wheelDir).catch(() => [] as string[])).filter((f) => f.endsWith('.whl'));
  const wheel = wheels.find((f) => normaliseName(f.split('-')[0]!) === failure.name) ?? wheels[0];
  if (!wheel) return { state: 'build-failed', summary: `pip wheel wrote no wheel:\n${errorSummary(run.output, 'pip')}` };
  return { state: 'built', wheel };
}
