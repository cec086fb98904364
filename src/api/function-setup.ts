import { readText } from '../adapters/fs.js';
import type { PythonInfo } from '../adapters/python.js';
import type { Diagnostic } from '../core/errors.js';
import { envVarsFor, parseEnvVars, undeclaredEnvVars, unknownEnvVarsSections } from '../core/model/env-vars.js';
import { RESERVED_ENVIRONMENT_KEYS } from '../core/model/limits.js';
import type { FunctionModel } from '../core/model/project.js';
import { pythonFor } from './local-runtime.js';
import { codeDirectory, functionHostEnv, loadProject, localPackageEnvironment, selectFunction, type LoadedProject } from './project.js';

export interface FunctionSetupOptions {
  readonly dir?: string;
  readonly template?: string;
  readonly stage?: string;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  readonly functionName?: string;
  readonly envVarsFile?: string;
  readonly python?: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly onWarning?: (warning: Diagnostic) => void;
}

/** One function of a project, ready to run locally: what `invoke` and `coldstart` start from. */
export interface FunctionSetup {
  readonly loaded: LoadedProject;
  readonly fn: FunctionModel;
  /** The code directory, absolute. */
  readonly codeDir: string;
  readonly python: PythonInfo;
  /** From --env-vars: they win over the function's own. */
  readonly envOverrides: Record<string, string>;
  /** What the package would provide on Lambda (a Chalice app's vendor/). */
  readonly extraEnv: Record<string, string>;
  /** The environment the function starts from (functionHostEnv). */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
}

export async function setUpFunction(options: FunctionSetupOptions): Promise<FunctionSetup> {
  const loaded = await loadProject({
    env: options.hostEnv,
    ...(options.python ? { python: options.python } : {}),
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.template ? { template: options.template } : {}),
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.hostEnv.AWS_REGION ? { region: options.hostEnv.AWS_REGION } : {}),
  });
  for (const w of loaded.warnings) options.onWarning?.(w);
  const fn = selectFunction(loaded, options.functionName);
  const codeDir = codeDirectory(loaded, fn);
  const envVars = options.envVarsFile ? parseEnvVars(await readText(options.envVarsFile, '--env-vars file'), options.envVarsFile) : undefined;
  const envOverrides = envVarsFor(envVars, fn);
  const known = new Set([...loaded.project.functions.flatMap((f) => [f.id, f.name]), ...Object.keys(loaded.project.skipped ?? {})]);
  const unknown = envVars ? unknownEnvVarsSections(envVars, known) : [];
  if (unknown.length > 0) {
    options.onWarning?.({
      severity: 'warning',
      path: options.envVarsFile!,
      message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a function of ${loaded.project.configFile}, so ${unknown.length === 1 ? 'its' : 'their'} variables go nowhere (a section is named after a function's logical id or name, or is Parameters for all)`,
    });
  }
  // Lambda sets these itself (a template cannot either): left out, said so.
  const reserved = Object.keys(envOverrides).filter((name) => RESERVED_ENVIRONMENT_KEYS.has(name)).sort();
  for (const name of reserved) delete envOverrides[name];
  if (reserved.length > 0) {
    options.onWarning?.({
      severity: 'warning',
      path: options.envVarsFile!,
      message: `${reserved.join(', ')} ${reserved.length === 1 ? 'is' : 'are'} reserved by Lambda, which sets ${reserved.length === 1 ? 'it' : 'them'} itself: not set from this file`,
    });
  }
  const undeclared = undeclaredEnvVars(envOverrides, fn.environment);
  if (undeclared.length > 0) {
    options.onWarning?.({
      severity: 'warning',
      path: options.envVarsFile!,
      message: `${undeclared.join(', ')} ${undeclared.length === 1 ? 'is' : 'are'} set for ${fn.id} but not declared in its Environment: set here, missing on Lambda (and ignored by sam local)`,
    });
  }
  const { python, warnings } = await pythonFor(loaded.root, [fn], options.hostEnv, options.python);
  for (const w of warnings) options.onWarning?.(w);
  return { loaded, fn, codeDir, python, envOverrides, extraEnv: localPackageEnvironment(loaded, fn), hostEnv: functionHostEnv(loaded, options.hostEnv) };
}
