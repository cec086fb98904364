import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';

export interface PythonInfo {
  /** The interpreter to run: a virtual environment's own python, or the real binary behind a shim. */
  readonly executable: string;
  /** `3.12.4` */
  readonly version: string;
}

const cache = new Map<string, Promise<PythonInfo>>();

/** Candidates, best first: an explicit choice, the project's `.venv`, the active venv, then `python3`. */
export function pythonCandidates(projectRoot: string, env: Readonly<Record<string, string | undefined>>, explicit?: string): string[] {
  if (explicit) return [explicit];
  const bin = process.platform === 'win32' ? ['Scripts', 'python.exe'] : ['bin', 'python'];
  const out: string[] = [];
  const venv = join(projectRoot, '.venv', ...bin);
  if (existsSync(venv)) out.push(venv);
  if (env.VIRTUAL_ENV) {
    const active = join(env.VIRTUAL_ENV, ...bin);
    if (existsSync(active)) out.push(active);
  }
  out.push(process.platform === 'win32' ? 'python' : 'python3');
  return out;
}

/**
 * Runs the interpreter once to learn its real executable and version. A version manager's shim costs
 * about 65 ms at every start here; the executable it resolves to costs nothing. A virtual environment's
 * `bin/python` is kept as is: resolving its symlink would lose the environment's packages.
 */
export function resolvePython(candidate: string): Promise<PythonInfo> {
  let found = cache.get(candidate);
  if (!found) {
    found = probe(candidate);
    cache.set(candidate, found);
    found.catch(() => cache.delete(candidate));
  }
  return found;
}

function probe(candidate: string): Promise<PythonInfo> {
  const code = 'import sys,json;print(json.dumps([sys.executable,"%d.%d.%d"%sys.version_info[:3]]))';
  return new Promise((resolve, reject) => {
    execFile(candidate, ['-c', code], { timeout: 15_000 }, (error, stdout) => {
      if (error) {
        reject(new UserError(`Cannot run Python interpreter '${candidate}': ${error.message.split('\n')[0]}`, {
          hint: 'Install Python 3.9 or later, or create the project\'s virtual environment: python3 -m venv .venv',
        }));
        return;
      }
      try {
        const [executable, version] = JSON.parse(stdout.trim()) as [string, string];
        resolve({ executable: executable || candidate, version });
      } catch {
        reject(new UserError(`'${candidate}' did not answer like a Python interpreter`));
      }
    });
  });
}

/** Whether the interpreter can import a module (`python -c "import name"` exits 0). */
export function pythonCanImport(executable: string, module: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(executable, ['-c', `import ${module}`], { timeout: 30_000 }, (error) => resolve(!error));
  });
}
