import type { Diagnostic } from '../core/errors.js';
import { LocalFunction, type InvokeResult, type LogEvent, type RuntimeClient } from '../emulator/local-function.js';
import { setUpFunction } from './function-setup.js';

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
  const { fn, codeDir, python, envOverrides, extraEnv } = await setUpFunction(options);
  const local = new LocalFunction({
    fn,
    taskRoot: codeDir,
    python,
    hostEnv: options.hostEnv,
    envOverrides,
    extraEnv,
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
