/** What `pylambda dev` runs its functions with, worked out once as it starts. */
import type { DevDebugger, DevOptions } from './dev-types.js';
import { debugAddress, debuggedFunction } from './debugger.js';
import type { PythonInfo } from '../adapters/python.js';
import type { Diagnostic } from '../core/errors.js';
import { LOCAL_ACCOUNT_ID } from '../core/model/sam/template.js';
import type { DebugAddress } from '../emulator/local-function.js';
import { DevEnvFile } from './dev-env-file.js';
import { checkRuntimeClient, pythonFor } from './local-runtime.js';
import type { LoadedProject } from './project.js';

/** The function `--debug` names, and where its debugger listens. */
export interface DebuggedFunction {
  readonly functionId: string;
  readonly address: DebugAddress;
}

export function debuggerInfo(debugged: DebuggedFunction | undefined): { debugger?: DevDebugger } {
  return debugged ? { debugger: { functionId: debugged.functionId, address: `${debugged.address.host}:${debugged.address.port}` } } : {};
}

/** The account in the ARNs dev makes: the template's AWS::AccountId, else the local one (a Chalice or serverless.yml project has none). */
export function accountId(loaded: LoadedProject): string {
  return loaded.template?.context.accountId ?? LOCAL_ACCOUNT_ID;
}

/** What the functions run with: the project's Python (warnings if it differs from their runtimes'), its runtime client, the --env-vars file. */
export async function runSetting(loaded: LoadedProject, options: DevOptions): Promise<{ python: PythonInfo; warnings: Diagnostic[]; envFile: DevEnvFile; debugged: DebuggedFunction | undefined }> {
  const { python, warnings } = await pythonFor(loaded.pythonRoot ?? loaded.root, loaded.project.functions, options.hostEnv, options.python);
  await checkRuntimeClient(python, options.runtimeClient);
  const debugged = options.debug ? { functionId: debuggedFunction(loaded, options.debug.functionName).id, address: await debugAddress(python, options.debug) } : undefined;
  const envFile = new DevEnvFile(loaded.envVarsFile, options.hostEnv);
  await envFile.read();
  return { python, warnings, envFile, debugged };
}
