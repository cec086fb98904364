import { UserError, type Diagnostic } from '../core/errors.js';
import { LocalFunction, type InvokeResult, type LogEvent, type RuntimeClient } from '../emulator/local-function.js';
import { setUpFunction } from './function-setup.js';
import type { SamconfigSelection } from './samconfig.js';
import { checkRuntimeClient } from './local-runtime.js';
import { resultStatus } from '../core/gateway/sample.js';
import { localAwsHint } from './local-aws.js';
import { defaultEvent, type SampleHttpRequest } from './sample-event.js';
import { findMissingRequirement, requirementsFiles, type MissingRequirement } from './missing-requirement.js';

export interface InvokeOptions extends SamconfigSelection {
  readonly dir?: string;
  readonly template?: string;
  readonly stage?: string;
  /** --region: where the functions run (LoadOptions.region). */
  readonly region?: string;
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
  /** The tenant, for a function with tenant isolation (aws lambda invoke --tenant-id). */
  readonly tenantId?: string;
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



/** `pylambda invoke`: one invocation of one function in a fresh execution environment. */
export async function invokeOnce(options: InvokeOptions, register?: (fn: LocalFunction) => void): Promise<InvokeOutcome> {
  const { loaded, fn, codeDir, python, envOverrides, extraEnv, hostEnv } = await setUpFunction(options);
  // tenant-isolation-invoke.html: "When invoking a function that has tenant isolation enabled, you must provide a tenant-id".
  if (fn.tenantIsolation && !options.tenantId) {
    throw new UserError(`${fn.id} has tenant isolation (TenancyConfig: TenantIsolationMode PER_TENANT): Lambda runs it only for a tenant`, {
      hint: `Name one: pylambda invoke ${fn.id} --tenant-id blue (the function gets it as context.tenant_id)`,
    });
  }
  await checkRuntimeClient(python, options.runtimeClient);
  // As dev says it: a todo scaffold's first invoke otherwise reaches the user's real account (or fails there without credentials).
  if (!options.hostEnv.AWS_ENDPOINT_URL && !envOverrides.AWS_ENDPOINT_URL) {
    const hint = await localAwsHint(loaded.root, loaded.template, loaded.project.configFile, 'invoke');
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
    const result = await local.invoke({ payload: options.event ?? sample!.payload, ...(options.tenantId ? { tenantId: options.tenantId } : {}) });
    const status = sample?.request && !result.functionError ? resultStatus(result.payload) : undefined;
    const refused = sample?.request && status !== undefined && status >= 400 ? { sampleRefused: { status, request: sample.request } } : {};
    const missing = findMissingRequirement(result, loaded.root, requirementsFiles(codeDir, loaded.root, fn), python.executable);
    return { functionId: fn.id, result, ...(sample ? { sampleEvent: sample.label } : {}), ...refused, ...(missing ? { missingRequirement: missing } : {}) };
  } finally {
    await local.shutdown();
  }
}
