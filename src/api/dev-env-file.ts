import type { Diagnostic } from '../core/errors.js';
import { envFileDiagnostics, envFileOverrides, type EnvVars } from '../core/model/env-vars.js';
import type { FunctionModel } from '../core/model/project.js';
import { functionNames, readEnvVarsFile } from './function-setup.js';
import type { LoadedProject } from './project.js';

/**
 * `pylambda dev --env-vars FILE` (as `sam local start-api --env-vars`): the file's variables for each
 * function, over the function's own; read again when the file changes.
 */
export class DevEnvFile {
  private vars: EnvVars | undefined;

  constructor(readonly path: string | undefined, private readonly hostEnv: Readonly<Record<string, string | undefined>>) {}

  /** Reads the file; a file that cannot be used throws its UserError and the previous variables stay. */
  async read(): Promise<void> {
    if (this.path) this.vars = await readEnvVarsFile(this.path, this.hostEnv);
  }

  overrides(fn: FunctionModel): Record<string, string> {
    return envFileOverrides(this.vars, fn, this.path ?? '').env;
  }

  /** What the file sets that cannot work as it should: sections naming no function, reserved or undeclared names. */
  diagnostics(loaded: LoadedProject): Diagnostic[] {
    if (!this.path) return [];
    return envFileDiagnostics(this.vars, loaded.project.functions, functionNames(loaded), loaded.project.configFile, this.path);
  }
}
