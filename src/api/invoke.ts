import { readText } from '../adapters/fs.js';
import type { Diagnostic } from '../core/errors.js';
import { envVarsFor, parseEnvVars } from '../core/model/env-vars.js';
import { LocalFunction, type InvokeResult, type LogEvent, type RuntimeClient } from '../emulator/local-function.js';
import { pythonFor } from './local-runtime.js';
import { codeDirectory, loadProject, localPackageEnvironment, selectFunction } from './project.js';

export interface InvokeOptions {
  readonly dir?: string;
  readonly template?: string;
  readonly functionName?: string;
  readonly event: Buffer;
  readonly envVarsFile?: string;
  readonly runtimeClient?: RuntimeClient;
  readonly python?: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly onLog?: (event: LogEvent) => void;
  readonly onWarning?: (warning: Diagnostic) => void;
}

export interface InvokeOutcome {
  readonly functionId: string;
  readonly result: InvokeResult;
}

/** `pylambda invoke`: one invocation of one function in a fresh execution environment. */
export async function invokeOnce(options: InvokeOptions, register?: (fn: LocalFunction) => void): Promise<InvokeOutcome> {
  const loaded = await loadProject({
    env: options.hostEnv,
    ...(options.python ? { python: options.python } : {}),
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.template ? { template: options.template } : {}),
    ...(options.hostEnv.AWS_REGION ? { region: options.hostEnv.AWS_REGION } : {}),
  });
  for (const w of loaded.warnings) options.onWarning?.(w);
  const fn = selectFunction(loaded, options.functionName);
  const taskRoot = codeDirectory(loaded, fn);
  const envVars = options.envVarsFile ? parseEnvVars(await readText(options.envVarsFile, '--env-vars file'), options.envVarsFile) : undefined;
  const { python, warnings } = await pythonFor(loaded.root, [fn], options.hostEnv, options.python);
  for (const w of warnings) options.onWarning?.(w);
  const local = new LocalFunction({
    fn,
    taskRoot,
    python,
    hostEnv: options.hostEnv,
    envOverrides: envVarsFor(envVars, fn),
    extraEnv: localPackageEnvironment(loaded),
    ...(options.runtimeClient ? { runtimeClient: options.runtimeClient } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  register?.(local);
  try {
    const result = await local.invoke({ payload: options.event });
    return { functionId: fn.id, result };
  } finally {
    await local.shutdown();
  }
}
