import { dirname, join, resolve } from 'node:path';
import { fileExists, readTextSync } from '../adapters/fs.js';
import { listedRequirement, missingModule, runtimeProvided } from '../core/runtime/import-hint.js';
import type { FunctionModel } from '../core/model/project.js';
import type { InvokeResult } from '../emulator/local-function.js';
import { isWsgiRequirementsFile, wsgiRequirementsFiles } from './serverless-wsgi.js';

export interface MissingRequirement {
  readonly module: string;
  readonly requirement: string;
  /** The requirements file, absolute; absent for what Lambda's runtime provides (boto3), which none lists. */
  readonly file?: string;
  /**
   * The function's own requirements file, to install with `file` when that is serverless-wsgi's: the plugin
   * installs its requirements.txt (werkzeug) and the app's together (`sls wsgi install`, before `sls offline`),
   * and a Python without werkzeug has no Flask either, whose absence the plugin's handler turns into 500s.
   */
  readonly alongside?: string;
  /** The interpreter that ran the function. */
  readonly python: string;
  /** It is a virtual environment's (else pip must not install into it: create .venv, which pylambda uses). */
  readonly inVenv: boolean;
  /** The project's root, where pylambda looks for .venv. */
  readonly root: string;
}

/**
 * `sam local invoke` runs what `sam build` installed (the Serverless Framework and Chalice package theirs);
 * pylambda runs the sources with the project's Python.
 * A dependency missing there is the first failure a SAM project meets: name it, with the command.
 */
export function findMissingRequirement(result: InvokeResult, root: string, filesOf: () => readonly string[], python: string): MissingRequirement | undefined {
  // Asked after every invocation: the files are listed only for the import error it looks for.
  if (result.errorType !== 'Runtime.ImportModuleError' && result.errorType !== 'ModuleNotFoundError') return undefined;
  let message = '';
  try {
    message = String((JSON.parse(result.payload.toString('utf8')) as { errorMessage?: unknown }).errorMessage ?? '');
  } catch {
    return undefined;
  }
  const module = missingModule(message);
  if (!module) return undefined;
  const files = filesOf();
  for (const file of new Set(files)) {
    let requirement: string | undefined;
    try {
      requirement = fileExists(file) ? listedRequirement(module, readTextSync(file, 1 << 20)) : undefined;
    } catch {
      // Unreadable or huge: no hint, the error itself stands.
    }
    if (!requirement) continue;
    const alongside = isWsgiRequirementsFile(file) ? files.find((f) => !isWsgiRequirementsFile(f) && fileExists(f)) : undefined;
    return { module, requirement, file, ...(alongside ? { alongside } : {}), python, inVenv: inVenv(python), root };
  }
  const provided = runtimeProvided(module);
  return provided ? { module, requirement: provided, python, inVenv: inVenv(python), root } : undefined;
}

const inVenv = (python: string): boolean => fileExists(join(dirname(dirname(python)), 'pyvenv.cfg'));

/**
 * The requirements files a function's dependencies come from: its code directory's (by the name it is given),
 * then the project's, then its layers' that sam build installs (a BuildMethod layer's ContentUri), then
 * serverless-wsgi's own (werkzeug) for a function that runs the plugin's handler.
 */
export function requirementsFiles(codeDir: string, root: string, fn: Pick<FunctionModel, 'requirementsFile' | 'wsgi' | 'layers'>): string[] {
  const layers = (fn.layers ?? []).filter((layer) => layer.buildMethod?.startsWith('python')).map((layer) => join(resolve(root, layer.contentUri), 'requirements.txt'));
  return [join(codeDir, fn.requirementsFile ?? 'requirements.txt'), join(root, 'requirements.txt'), ...layers, ...wsgiRequirementsFiles(root, fn)];
}
