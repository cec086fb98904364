import { readBytes } from '../adapters/fs.js';
import type { PythonInfo } from '../adapters/python.js';
import { diagnosticsFor, type Diagnostic } from '../core/errors.js';
import { envFileDiagnostics, envFileOverrides, parseEnvVars, type EnvVars } from '../core/model/env-vars.js';
import type { FunctionModel } from '../core/model/project.js';
import { pythonFor } from './local-runtime.js';
import { prepareWsgiHandlers } from './serverless-wsgi.js';
import { execWrapperWarnings } from './exec-wrapper.js';
import { nestedLayerWarnings } from './layer-warnings.js';
import { runnableCode } from './local-code.js';
import { functionHostEnv, loadProject, localPackageEnvironment, type LoadedProject } from './project.js';
import { loadOptionsFor, type ProjectSelection } from './project-selection.js';
import { withFileTemplate } from './samconfig-options.js';
import { selectFunction } from './select-function.js';

export interface FunctionSetupOptions extends ProjectSelection {
  readonly functionName?: string;
  readonly envVarsFile?: string;
  readonly onWarning?: (warning: Diagnostic) => void;
}

/** One function of a project, ready to run locally: what `invoke` and `coldstart` start from. */
export interface FunctionSetup {
  readonly loaded: LoadedProject;
  readonly fn: FunctionModel;
  /** The code directory, absolute (where a zip CodeUri is unzipped). */
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
  // coldstart runs the function as invoke does: sam local invoke's table.
  const loaded = await loadProject(loadOptionsFor(await withFileTemplate(options, 'invoke'), 'invoke'));
  for (const w of diagnosticsFor(loaded.warnings, 'invoke')) options.onWarning?.(w);
  const fn = selectFunction(loaded, options.functionName);
  const code = await runnableCode(loaded, fn);
  const { codeDir, layerDirs } = code;
  await prepareWsgiHandlers(loaded.root, [fn]);
  const envVars = loaded.envVarsFile ? await readEnvVarsFile(loaded.envVarsFile, options.hostEnv) : undefined;
  const file = loaded.envVarsFile ?? '';
  const envOverrides = envFileOverrides(envVars, fn, file).env;
  for (const d of envFileDiagnostics(envVars, [fn], functionNames(loaded), loaded.project.configFile, file)) options.onWarning?.(d);
  const { python, warnings } = await pythonFor(loaded.pythonRoot ?? loaded.root, [fn], options.hostEnv, options.python);
  for (const w of [...warnings, ...execWrapperWarnings(loaded, [fn], () => ({ codeDir, layerDirs })), ...nestedLayerWarnings(loaded, [fn], () => ({ codeDir, layerDirs }))]) options.onWarning?.(w);
  return { loaded, fn, codeDir, python, envOverrides, extraEnv: localPackageEnvironment(loaded, fn, code), hostEnv: functionHostEnv(loaded, options.hostEnv) };
}

/** An --env-vars file (SAM CLI's format), read and checked; `hostEnv` for a .env file's `${NAME}`. */
export async function readEnvVarsFile(file: string, hostEnv: Readonly<Record<string, string | undefined>>): Promise<EnvVars> {
  return parseEnvVars(await readBytes(file, '--env-vars file'), file, hostEnv);
}

/** Every name a section of an --env-vars file may use: each function's id and name, skipped ones too. */
export function functionNames(loaded: LoadedProject): Set<string> {
  return new Set([...loaded.project.functions.flatMap((f) => [f.id, f.name]), ...Object.keys(loaded.project.skipped ?? {})]);
}
