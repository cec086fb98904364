/**
 * Finding the tools a package build runs: an executable on PATH (uv), the version of pip inside an
 * interpreter, a Python of a given minor version (to compile bytecode for a runtime), and where the
 * project's Chalice is installed. Each probe is one short process; none of them decides anything.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { resolvePython, type PythonInfo } from './python.js';

type Env = Readonly<Record<string, string | undefined>>;

function run(argv: readonly string[], env: Env): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { timeout: 30_000, env: env as NodeJS.ProcessEnv }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

/** The first executable called `name` in `PATH`, as a shell would find it. */
export function findOnPath(name: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `uv --version` -> `0.5.11`. */
export async function uvVersion(uv: string, env: Env): Promise<string | undefined> {
  const out = await run([uv, '--version'], env);
  return out ? /(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1] : undefined;
}

/**
 * The version of pip that `python -m pip` would run, from its package's `__version__`: `pip
 * --version` costs about 200 ms and `importlib.metadata` 100 ms, this 30 ms, and an unchanged
 * re-package should take little more than that.
 */
export async function pipVersion(python: string, env: Env): Promise<string | undefined> {
  const out = await run([python, '-c', 'import pip; print(pip.__version__)'], env);
  return out && /^\d/.test(out) ? out : undefined;
}

/** The directory of the `chalice` package the interpreter imports, if it has one. */
export async function chalicePackageDir(python: string, env: Env): Promise<string | undefined> {
  const out = await run([python, '-c', 'import os, chalice; print(os.path.dirname(chalice.__file__))'], env);
  return out || undefined;
}

export interface PythonSearch {
  readonly python?: PythonInfo;
  /** Where it looked, for a warning when nothing was found. */
  readonly looked: readonly string[];
}

/**
 * An interpreter of minor version `version` (`3.12`): `python3.12` on PATH, then the newest matching
 * pyenv install (its shims fail unless that version is selected, and it is there all the same), then
 * one uv manages (`uv python find`).
 */
export async function findPythonVersion(version: string, env: Env, uv?: string): Promise<PythonSearch> {
  const looked: string[] = [];
  const matches = (info: PythonInfo) => info.version.split('.').slice(0, 2).join('.') === version;

  const pyenvRoot = env.PYENV_ROOT ?? join(env.HOME ?? homedir(), '.pyenv');
  looked.push(`python${version} on PATH`);
  const onPath = findOnPath(`python${version}`, env);
  // A pyenv shim takes ~300 ms to start (or to fail when that version is not selected); the
  // installs it would pick from are looked at directly below.
  if (onPath && !onPath.startsWith(join(pyenvRoot, 'shims'))) {
    const info = await resolvePython(onPath).catch(() => undefined);
    if (info && matches(info)) return { python: info, looked };
  }

  looked.push(`${pyenvRoot}/versions`);
  const installs = listDir(join(pyenvRoot, 'versions'))
    .filter((name) => new RegExp(`^${version.replace('.', '\\.')}\\.\\d+$`).test(name))
    .sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]));
  for (const name of installs) {
    const info = await resolvePython(join(pyenvRoot, 'versions', name, 'bin', `python${version}`)).catch(() => undefined);
    if (info && matches(info)) return { python: info, looked };
  }

  if (uv) {
    looked.push(`uv python find ${version}`);
    const found = await run([uv, 'python', 'find', '--no-project', version], env);
    if (found) {
      const info = await resolvePython(found).catch(() => undefined);
      if (info && matches(info)) return { python: info, looked };
    }
  }
  return { looked };
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
