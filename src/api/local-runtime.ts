import { ensureBytecode, projectPythonPath, pythonCanImport, resolvePython, type PythonInfo } from '../adapters/python.js';
import { UserError, type Diagnostic } from '../core/errors.js';
import { pythonRuntime } from '../core/model/limits.js';
import type { FunctionModel } from '../core/model/project.js';
import { RUNTIME_DIR } from '../emulator/runtime-launch.js';

/** The modules pylambda_bootstrap.py imports: the runtime client itself. */
const RUNTIME_CLIENT_MODULES = ['pylambda_runtime', 'pylambda_marshal', 'pylambda_context', 'pylambda_runtime_api', 'pylambda_imports', 'pylambda_logging', 'pylambda_errors'];

/** The interpreter for a project, and a warning when it is not the version the function runs on. */
export async function pythonFor(projectRoot: string, functions: readonly FunctionModel[], env: Readonly<Record<string, string | undefined>>, explicit?: string): Promise<{ python: PythonInfo; warnings: Diagnostic[] }> {
  const python = await resolvePython(projectPythonPath(projectRoot, env, explicit), env);
  // Lambda's runtime client comes compiled; ours should not spend a cold start compiling itself either.
  await ensureBytecode(python, RUNTIME_DIR, RUNTIME_CLIENT_MODULES);
  return { python, warnings: versionWarnings(python, functions) };
}

/** A warning for each runtime of the functions that is not the local Python's version. */
export function versionWarnings(python: PythonInfo, functions: readonly FunctionModel[]): Diagnostic[] {
  const minor = python.version.split('.').slice(0, 2).join('.');
  const warnings: Diagnostic[] = [];
  for (const runtime of new Set(functions.map((f) => f.runtime))) {
    const wanted = pythonRuntime(runtime)?.version;
    if (wanted && wanted !== minor) {
      const users = functions.filter((f) => f.runtime === runtime).map((f) => f.id).join(', ');
      warnings.push({
        severity: 'warning',
        path: '',
        message: `${users} run${users.includes(',') ? '' : 's'} on ${runtime} but the local Python is ${python.version} (${python.executable}); behaviour and cold starts may differ. Create .venv with Python ${wanted} to match.`,
      });
    }
  }
  return warnings;
}

/**
 * The official runtime client must be installed in the function's Python: say so up front, with the
 * command, rather than as a runtime that exits at every cold start.
 */
export async function checkRuntimeClient(python: PythonInfo, client: 'pylambda' | 'awslambdaric' | undefined): Promise<void> {
  if (client !== 'awslambdaric') return;
  if (await pythonCanImport(python.executable, 'awslambdaric')) return;
  throw new UserError(`--runtime-client awslambdaric: the package is not installed in ${python.executable}`, {
    hint: `Install it there: ${python.executable} -m pip install awslambdaric`,
  });
}
