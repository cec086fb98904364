import { dirname, join } from 'node:path';
import type { Diagnostic } from '../core/errors.js';
import { LocalFunction, type InvokeResult, type LogEvent, type RuntimeClient } from '../emulator/local-function.js';
import { setUpFunction } from './function-setup.js';
import { checkRuntimeClient } from './local-runtime.js';
import { resultStatus } from '../core/gateway/sample.js';
import { localAwsHint } from './local-aws.js';
import { defaultEvent, type SampleHttpRequest } from './sample-event.js';
import { fileExists, readTextSync } from '../adapters/fs.js';
import { listedRequirement, missingModule } from '../core/runtime/import-hint.js';

export interface InvokeOptions {
  readonly dir?: string;
  readonly template?: string;
  readonly stage?: string;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  readonly functionName?: string;
  /** The event; by default a sample for the function's first trigger (sample-event.ts). */
  readonly event?: Buffer;
  readonly envVarsFile?: string;
  readonly runtimeClient?: RuntimeClient;
  readonly python?: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly onLog?: (event: LogEvent) => void;
  readonly onWarning?: (warning: Diagnostic) => void;
  /** Told which sample event goes out when none was given, before it does. */
  readonly onSampleEvent?: (label: string) => void;
}

export interface InvokeOutcome {
  readonly functionId: string;
  readonly result: InvokeResult;
  /** What was sent when no event was given: `apigw-rest sample (Api trigger Hello)`. */
  readonly sampleEvent?: string;
  /** The sample request got an HTTP error status from the function (a 404 for a path the app does not serve). */
  readonly sampleRefused?: { readonly status: number; readonly request: SampleHttpRequest };
  /** The import failed on a package requirements.txt lists: not installed in the Python that ran it. */
  readonly missingRequirement?: MissingRequirement;
}

export interface MissingRequirement {
  readonly module: string;
  readonly requirement: string;
  /** The requirements file, absolute. */
  readonly file: string;
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
function missingRequirement(payload: Buffer, root: string, dirs: readonly string[], python: string): MissingRequirement | undefined {
  let message = '';
  try {
    message = String((JSON.parse(payload.toString('utf8')) as { errorMessage?: unknown }).errorMessage ?? '');
  } catch {
    return undefined;
  }
  const module = missingModule(message);
  if (!module) return undefined;
  for (const dir of new Set(dirs)) {
    const file = join(dir, 'requirements.txt');
    let requirement: string | undefined;
    try {
      requirement = fileExists(file) ? listedRequirement(module, readTextSync(file, 1 << 20)) : undefined;
    } catch {
      // Unreadable or huge: no hint, the error itself stands.
    }
    if (!requirement) continue;
    return { module, requirement, file, python, inVenv: fileExists(join(dirname(dirname(python)), 'pyvenv.cfg')), root };
  }
  return undefined;
}

/** `pylambda invoke`: one invocation of one function in a fresh execution environment. */
export async function invokeOnce(options: InvokeOptions, register?: (fn: LocalFunction) => void): Promise<InvokeOutcome> {
  const { loaded, fn, codeDir, python, envOverrides, extraEnv, hostEnv } = await setUpFunction(options);
  await checkRuntimeClient(python, options.runtimeClient);
  // As dev says it: a todo scaffold's first invoke otherwise reaches the user's real account (or fails there without credentials).
  if (!options.hostEnv.AWS_ENDPOINT_URL && !envOverrides.AWS_ENDPOINT_URL) {
    const hint = await localAwsHint(loaded.root, loaded.template, 'invoke');
    if (hint) options.onWarning?.(hint);
  }
  const sample = options.event ? undefined : defaultEvent(fn, loaded.project, hostEnv);
  if (sample) options.onSampleEvent?.(sample.label);
  const local = new LocalFunction({
    fn,
    taskRoot: codeDir,
    python,
    hostEnv,
    envOverrides,
    extraEnv,
    ...(options.runtimeClient ? { runtimeClient: options.runtimeClient } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  register?.(local);
  try {
    const result = await local.invoke({ payload: options.event ?? sample!.payload });
    const status = sample?.request && !result.functionError ? resultStatus(result.payload) : undefined;
    const refused = sample?.request && status !== undefined && status >= 400 ? { sampleRefused: { status, request: sample.request } } : {};
    const missing = result.errorType === 'Runtime.ImportModuleError' ? missingRequirement(result.payload, loaded.root, [codeDir, loaded.root], python.executable) : undefined;
    return { functionId: fn.id, result, ...(sample ? { sampleEvent: sample.label } : {}), ...refused, ...(missing ? { missingRequirement: missing } : {}) };
  } finally {
    await local.shutdown();
  }
}
