import { resolve } from 'node:path';
import { isExecutableFile } from '../adapters/fs.js';
import type { Diagnostic } from '../core/errors.js';
import type { FunctionModel } from '../core/model/project.js';
import { sandboxPathCandidates } from '../core/runtime/python-path.js';
import type { LocalCode } from './local-code.js';
import type { LoadedProject } from './project.js';

/**
 * A function's AWS_LAMBDA_EXEC_WRAPPER: Lambda starts the runtime through that program, with the runtime's
 * command as its arguments (runtimes-modify.html, "Wrapper scripts"). The path is the sandbox's: /var/task is the
 * code directory here, and /opt the layers (a later layer's file first, as it overwrites an earlier one's).
 * Found here and executable, it runs as on Lambda; otherwise (a layer from an ARN, the Lambda Web Adapter's
 * extension) the runtime starts without it, which a warning says.
 */
export function localExecWrapper(loaded: LoadedProject, fn: FunctionModel, code: LocalCode): { path?: string; warning?: Diagnostic } {
  const wanted = fn.environment.AWS_LAMBDA_EXEC_WRAPPER;
  if (!wanted) return {};
  const layerRoots = (fn.layers ?? []).map((layer) => code.layerDirs.get(layer.id) ?? resolve(loaded.root, layer.contentUri));
  const path = sandboxPathCandidates(wanted, code.codeDir, layerRoots).find(isExecutableFile);
  if (path) return { path };
  return {
    warning: {
      severity: 'warning',
      // The function's own path: the variable may come from Globals, serverless.yml's provider or a Chalice stage.
      path: fn.source.path,
      message: `its AWS_LAMBDA_EXEC_WRAPPER ${wanted} is not an executable file locally (${wanted.startsWith('/opt/') ? 'in none of the template\'s layers' : 'looked for it'}): `
        + `${fn.id}'s runtime starts without the wrapper, which on Lambda runs first`,
    },
  };
}

/** The warnings of the project's functions whose exec wrapper does not run locally; `codeOf`: where each runs from (a zip's unzipped copy). */
export function execWrapperWarnings(loaded: LoadedProject, functions: readonly FunctionModel[], codeOf: (fn: FunctionModel) => LocalCode | undefined): Diagnostic[] {
  return functions.flatMap((fn) => localExecWrapper(loaded, fn, codeOf(fn) ?? sourceCode(loaded, fn)).warning ?? []);
}

/** A function's code where the configuration puts it (no zip unzipped). */
export function sourceCode(loaded: LoadedProject, fn: FunctionModel): LocalCode {
  return { codeDir: resolve(loaded.root, fn.codeUri), layerDirs: new Map() };
}
