/**
 * The requirements a build installs, from the file they are declared in: requirements.txt (and the files
 * it includes) when there is one, else pyproject.toml's dependencies (pinned by uv.lock through
 * `uv export`) or a Pipfile.lock (dependency-manifest.ts chooses).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { exists } from '../adapters/package-files.js';
import { UserError, USER_ERROR_EXIT } from '../core/errors.js';
import { expandRequirementVariables, requirementIncludes } from '../core/packaging/cache-key.js';
import { dependencySource, exportedRequirements, type DependencySource, type ManifestFiles } from '../core/packaging/dependency-manifest.js';
import { uvExportArgs } from '../core/packaging/installer-args.js';
import { errorSummary } from '../core/packaging/installer-output.js';
import { requirementNames } from '../core/packaging/requirements.js';
import type { BuildContext } from './package-context.js';

export interface DependencyInput {
  /** The file the user declared them in (requirements.txt, pyproject.toml, uv.lock, Pipfile.lock), as messages and the report name it. */
  readonly manifest: string;
  /** The requirements as the installer reads them: the main text first, then the files it includes (`-r`, `-c`). */
  readonly requirements: readonly { readonly path: string; readonly content: string }[];
  /** The file the installer reads; absent when the text was made from another manifest and must be written out first. */
  readonly file?: string;
  /** The names the user asked for, which --exclude-boto3 keeps. */
  readonly direct: readonly string[];
}

/** `requirementsFile`: the one file a serverless.yml names (serverless-python-requirements' `fileName`); nothing else is read then. */
export async function dependencyInput(ctx: BuildContext, codeDir: string, requirementsFile?: string): Promise<DependencyInput | undefined> {
  const file = join(codeDir, requirementsFile ?? 'requirements.txt');
  if (exists(file)) {
    const requirements = await readRequirements(file, ctx.hostEnv);
    return { manifest: file, file, requirements, direct: requirementNames(requirements[0]!.content) };
  }
  if (requirementsFile) return undefined;
  const source = dependencySource(await manifestFiles(codeDir), `${codeDir}/`);
  if (source.kind === 'none') return undefined;
  if (source.kind === 'lines') {
    for (const note of source.notes) ctx.notice('note', note);
    const manifest = join(codeDir, source.manifest);
    return { manifest, requirements: [{ path: manifest, content: source.content }], direct: source.direct };
  }
  const manifest = join(source.lockDir, 'uv.lock');
  return { manifest, requirements: [{ path: manifest, content: await exportLock(ctx, codeDir, source) }], direct: source.direct };
}

async function manifestFiles(codeDir: string): Promise<ManifestFiles> {
  const read = (path: string) => (exists(path) ? readFile(path, 'utf8') : Promise.resolve(undefined));
  const lockDir = nearestLock(codeDir);
  const rootPyproject = lockDir && lockDir !== codeDir ? await read(join(lockDir, 'pyproject.toml')) : undefined;
  const pyproject = await read(join(codeDir, 'pyproject.toml'));
  const pipfileLock = await read(join(codeDir, 'Pipfile.lock'));
  const pipfile = await read(join(codeDir, 'Pipfile'));
  return {
    ...(pyproject === undefined ? {} : { pyproject }),
    ...(lockDir ? { uvLock: { dir: lockDir, here: lockDir === codeDir, ...(rootPyproject === undefined ? {} : { rootPyproject }) } } : {}),
    ...(pipfile === undefined ? {} : { pipfile }),
    ...(pipfileLock === undefined ? {} : { pipfileLock }),
    poetryLock: exists(join(codeDir, 'poetry.lock')),
  };
}

/** The directory of the uv.lock nearest the code directory, itself or above (a workspace's root), as uv looks. */
function nearestLock(codeDir: string): string | undefined {
  for (let dir = resolve(codeDir); ; dir = dirname(dir)) {
    if (exists(join(dir, 'uv.lock'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The lock's requirements through `uv export`; without uv, pyproject.toml's ranges, with a warning. */
async function exportLock(ctx: BuildContext, codeDir: string, source: Extract<DependencySource, { kind: 'uv-lock' }>): Promise<string> {
  const uv = ctx.tools.findOnPath('uv', ctx.env);
  const lock = join(source.lockDir, 'uv.lock');
  if (!uv && source.fallback === undefined) {
    throw new UserError(`${lock} cannot be read without uv, which is not on PATH, and ${join(codeDir, 'pyproject.toml')} takes some dependencies from [tool.uv.sources], which only uv reads`, {
      hint: 'Install uv (https://docs.astral.sh/uv/), or write requirements.txt beside pyproject.toml (uv export --no-dev --no-emit-project -o requirements.txt).',
    });
  }
  if (!uv) {
    ctx.notice('warning', `${lock} is not read: uv is not on PATH to export it, so the [project] dependencies of ${join(codeDir, 'pyproject.toml')} are installed as ranges, which may resolve other versions than the lock's. Install uv (https://docs.astral.sh/uv/).`);
    return source.fallback!;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'pylambda-uv-export-'));
  try {
    const out = join(scratch, 'requirements.txt');
    const run = await ctx.tools.runTool(uvExportArgs(uv, out, source.member), { cwd: codeDir, env: ctx.env });
    if (run.code !== 0) {
      if (/needs to be updated, but `?--locked/.test(run.output)) {
        throw new UserError(`${lock} does not match ${join(codeDir, 'pyproject.toml')} any more (uv export --locked refused it): its pins are not what pyproject.toml asks for`, {
          hint: 'Run uv lock, and package again.',
        });
      }
      throw new UserError(`uv could not export ${lock} for ${codeDir}:\n${errorSummary(run.output, 'uv')}`, {
        hint: `pylambda ran: ${uvExportArgs(uv, out, source.member).join(' ')}`,
        exitCode: USER_ERROR_EXIT.failure,
      });
    }
    return exportedRequirements(await readFile(out, 'utf8'), source.lockDir);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The requirements file and the files it includes (`-r`, `-c`), for the cache key. */
async function readRequirements(file: string, env: BuildContext['hostEnv']): Promise<{ path: string; content: string }[]> {
  const found: { path: string; content: string }[] = [];
  const visit = async (path: string) => {
    if (found.some((f) => f.path === path) || found.length > 50) return;
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch {
      return; // the installer reports a missing include in its own words
    }
    found.push({ path, content });
    // The installer expands `${NAME}` first: `-r ${BASE}/base.txt` names the file it reads.
    for (const include of requirementIncludes(expandRequirementVariables(content, env))) {
      // pip opens an absolute include as written, a relative one beside the file that names it.
      if (!/^[a-z]+:\/\//.test(include.path)) await visit(resolve(dirname(path), include.path));
    }
  };
  await visit(file);
  return found;
}
