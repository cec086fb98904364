import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';
import { pythonRunProblem, type PythonRunFailure } from '../core/runtime/python-problem.js';

export interface PythonInfo {
  /** The interpreter to run: a virtual environment's own python, or the real binary behind a shim. */
  readonly executable: string;
  /** `3.12.4` */
  readonly version: string;
}

const cache = new Map<string, Promise<PythonInfo>>();

/**
 * `python -c` puts the current directory first on sys.path: a project's own `json.py` (or `enum.py`...)
 * would shadow the standard module these probes import, and a working interpreter look broken.
 * (`-I` would also drop the user's site-packages, where `pip install --user awslambdaric` goes.)
 */
const NO_CWD_ON_PATH = 'import sys;sys.path[:]=[p for p in sys.path if p];';

/** Candidates, best first: an explicit choice, the project's `.venv`, the active venv, then `python3`. */
export function pythonCandidates(projectRoot: string, env: Readonly<Record<string, string | undefined>>, explicit?: string): string[] {
  if (explicit) return [explicit];
  const bin = process.platform === 'win32' ? ['Scripts', 'python.exe'] : ['bin', 'python'];
  const out: string[] = [];
  const venv = join(projectRoot, '.venv', ...bin);
  // A link to a Python that is gone is a broken environment, said as such (resolvePython), not passed over for python3,
  // which has none of the packages installed into it.
  if (existsSync(venv) || isLink(venv)) out.push(venv);
  if (env.VIRTUAL_ENV) {
    const active = join(env.VIRTUAL_ENV, ...bin);
    if (existsSync(active)) out.push(active);
  }
  out.push(process.platform === 'win32' ? 'python' : 'python3');
  return out;
}

/** The interpreter a project runs on: the first of its candidates (they are looked for, not run). */
export function projectPythonPath(projectRoot: string, env: Readonly<Record<string, string | undefined>>, explicit?: string): string {
  return pythonCandidates(projectRoot, env, explicit)[0]!;
}

/**
 * Runs the interpreter once to learn its real executable and version. A version manager's shim costs
 * about 65 ms at every start here; the executable it resolves to costs nothing. A virtual environment's
 * `bin/python` is kept as is: resolving its symlink would lose the environment's packages.
 *
 * A bare name (`python3`) is looked for on `env`'s PATH, the environment the functions will run with: a
 * library caller's PATH may name another interpreter than pylambda's own process has.
 */
export function resolvePython(candidate: string, env?: Readonly<Record<string, string | undefined>>): Promise<PythonInfo> {
  const key = env && !candidate.includes('/') ? `${candidate}\0${env.PATH ?? ''}` : candidate;
  let found = cache.get(key);
  if (!found) {
    found = probe(candidate, env);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

// -S: the executable and the version are known before site runs, and site (a virtual environment's .pth
// files, which setuptools' and editable installs' import modules) is most of a start's cost. Nothing is
// imported, so the current directory on sys.path shadows nothing. Python 2 runs it too, to be refused.
const PROBE = 'import sys;sys.stdout.write(sys.executable+"\\0"+"%d.%d.%d"%sys.version_info[:3])';

const PROBE_TIMEOUT_MS = 15_000;

function probe(candidate: string, env: Readonly<Record<string, string | undefined>> | undefined): Promise<PythonInfo> {
  const options = env ? { env: definedOnly(env) } : {};
  return new Promise((resolve, reject) => {
    const refuse = (failure: PythonRunFailure, cause?: Error) => {
      const { message, hint } = pythonRunProblem(failure);
      reject(new UserError(message, { hint, ...(cause ? { cause } : {}) }));
    };
    // Node looks a bare command up on the PATH of the env it is given.
    execFile(candidate, ['-S', '-c', PROBE], { timeout: PROBE_TIMEOUT_MS, ...options }, (error, stdout, stderr) => {
      if (error) {
        const failure = runFailure(candidate, error, stderr);
        // It ran and failed: its -V tells a Python that failed from a program that is not Python (/bin/ls).
        if (failure.exitCode === undefined) refuse(failure, error);
        else askVersion(candidate, options).then((versionReply) => refuse({ ...failure, versionReply }, error), reject);
        return;
      }
      const [executable, version, ...rest] = stdout.split('\0');
      if (version === undefined || rest.length > 0 || !/^\d+\.\d+\.\d+$/.test(version)) {
        askVersion(candidate, options).then((versionReply) => refuse({ candidate, answer: stdout, found: whatIsAt(candidate), versionReply }), reject);
        return;
      }
      // A `python3` that is Python 2 (a link made by hand) would fail in pylambda's runtime client with a traceback.
      if (Number(version.split('.')[0]) < 3) {
        reject(new UserError(`'${candidate}' is Python ${version} (${executable || candidate}): Lambda functions run on Python 3`, {
          hint: 'Install Python 3.9 or later and create the project\'s virtual environment with it: python3.X -m venv .venv (3.X: the function\'s runtime)',
        }));
        return;
      }
      resolve({ executable: executable || candidate, version });
    });
  });
}

const VERSION_TIMEOUT_MS = 5_000;

/** What `candidate -V` says (a Python 2 on stderr) and its exit code; a program that hangs is stopped and said to be. */
function askVersion(candidate: string, options: { env?: Record<string, string> }): Promise<NonNullable<PythonRunFailure['versionReply']>> {
  return new Promise((resolve) => {
    execFile(candidate, ['-V'], { timeout: VERSION_TIMEOUT_MS, ...options }, (error, stdout, stderr) => {
      const { code, killed, signal } = (error ?? {}) as { code?: unknown; killed?: boolean; signal?: unknown };
      resolve({
        exitCode: error ? (typeof code === 'number' ? code : -1) : 0,
        output: `${stdout}${stderr}`,
        ...(killed ? { timedOutAfter: VERSION_TIMEOUT_MS / 1000 } : typeof signal === 'string' ? { signal } : {}),
      });
    });
  });
}

/** What pythonRunProblem needs to say why the interpreter did not run: what is at its path, how it failed. */
function runFailure(candidate: string, error: Error & { code?: unknown; killed?: boolean; signal?: unknown }, stderr: string): PythonRunFailure {
  const spawnCode = typeof error.code === 'string' ? error.code : undefined;
  const exitCode = typeof error.code === 'number' ? error.code : undefined;
  const venv = basename(dirname(candidate)) === 'bin' ? dirname(dirname(candidate)) : undefined;
  return {
    candidate,
    ...(spawnCode ? { code: spawnCode } : {}),
    ...(error.killed ? { timedOutAfter: PROBE_TIMEOUT_MS / 1000 } : typeof error.signal === 'string' ? { signal: error.signal, stderr } : {}),
    ...(exitCode === undefined ? {} : { exitCode, stderr }),
    found: whatIsAt(candidate),
    ...(venv && existsSync(join(venv, 'pyvenv.cfg')) ? { venv } : {}),
  };
}

function whatIsAt(path: string): NonNullable<PythonRunFailure['found']> {
  try {
    return statSync(path).isDirectory() ? { kind: 'directory' } : { kind: 'file' };
  } catch {
    return isLink(path) ? { kind: 'broken-link', target: readlinkSync(path) } : { kind: 'missing' };
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

/** Whether the interpreter can import a module (`python -c "import name"` exits 0). */
export function pythonCanImport(executable: string, module: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(executable, ['-c', `${NO_CWD_ON_PATH}import ${module}`], { timeout: 30_000 }, (error) => resolve(!error));
  });
}

/**
 * Writes the bytecode of Python modules beside them (`__pycache__/<name>.<tag>.pyc`) unless it is there and
 * newer than the source. Best effort: a directory that cannot be written (a system-wide install) is left
 * as it is, and Python compiles the modules at each start, as before.
 */
export async function ensureBytecode(python: PythonInfo, dir: string, modules: readonly string[]): Promise<void> {
  const [major, minor] = python.version.split('.');
  const stale = modules.filter((name) => {
    const source = join(dir, `${name}.py`);
    const compiled = join(dir, '__pycache__', `${name}.cpython-${major}${minor}.pyc`);
    try {
      return statSync(compiled).mtimeMs < statSync(source).mtimeMs;
    } catch {
      return true;
    }
  });
  if (stale.length === 0) return;
  await new Promise<void>((resolve) => {
    execFile(python.executable, ['-m', 'py_compile', ...stale.map((name) => join(dir, `${name}.py`))], { timeout: 30_000 }, () => resolve());
  });
}
