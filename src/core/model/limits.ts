/** Lambda's limits and supported Python runtimes (shared/LAMBDA-FACTS.md section 7). */

import { didYouMean } from '../did-you-mean.js';

export const LIMITS = {
  memoryMinMb: 128,
  memoryMaxMb: 10240,
  timeoutMinS: 1,
  timeoutMaxS: 900,
  /** Total size of all environment variable keys and values. */
  environmentBytes: 4096,
  /** Synchronous invocation request payload (Invoke API: "6291456 bytes"). */
  requestPayloadBytes: 6 * 1024 * 1024,
  /** Synchronous response payload: the Runtime API accepts 6 MB plus 100 bytes. */
  responsePayloadBytes: 6 * 1024 * 1024 + 100,
  initTimeoutMs: 10_000,
  /** One log line (a CloudWatch Logs event): Lambda splits a longer one at this many bytes. */
  logLineBytes: 256 * 1024,
  /** "Layers: five layers" per function (Lambda quotas, "Function configuration, deployment, and execution"). */
  layersPerFunction: 5,
} as const;

export interface PythonRuntime {
  readonly name: string;
  readonly version: string;
  /** Amazon Linux generation: decides the glibc that native wheels may need. */
  readonly glibc: '2.26' | '2.34';
  /**
   * Whether Lambda SnapStart can be turned on: for Python, 3.12 and later (AWS, "Improving startup
   * performance with Lambda SnapStart"; shared/LAMBDA-FACTS.md section 1).
   */
  readonly snapStart: boolean;
}

export const PYTHON_RUNTIMES: readonly PythonRuntime[] = [
  // Deprecated, but Lambda still creates functions on it (runtime-lifecycle.ts): many CDK samples use it.
  { name: 'python3.8', version: '3.8', glibc: '2.26', snapStart: false },
  { name: 'python3.9', version: '3.9', glibc: '2.26', snapStart: false },
  { name: 'python3.10', version: '3.10', glibc: '2.26', snapStart: false },
  { name: 'python3.11', version: '3.11', glibc: '2.26', snapStart: false },
  { name: 'python3.12', version: '3.12', glibc: '2.34', snapStart: true },
  { name: 'python3.13', version: '3.13', glibc: '2.34', snapStart: true },
  { name: 'python3.14', version: '3.14', glibc: '2.34', snapStart: true },
];

export const NEWEST_PYTHON_RUNTIME = PYTHON_RUNTIMES[PYTHON_RUNTIMES.length - 1]!;

export function pythonRuntime(name: string): PythonRuntime | undefined {
  return PYTHON_RUNTIMES.find((r) => r.name === name);
}

/**
 * What to say of a runtime that is no Lambda runtime but a Python one mistyped (`Python3.12`, `pyhton3.11`):
 * Lambda's runtime names are exact and lower-case, so CreateFunction refuses it, where taking it for another
 * language's would skip the function with a misleading reason.
 */
export function mistypedPythonRuntime(runtime: string): string | undefined {
  if (runtime.startsWith('python')) return undefined;
  const names = PYTHON_RUNTIMES.map((r) => r.name);
  const meant = names.find((name) => name === runtime.trim().toLowerCase()) ?? didYouMean(runtime.toLowerCase(), names);
  return meant ? `'${runtime}' is not a Lambda runtime (did you mean ${meant}?): Lambda refuses it when the function is deployed` : undefined;
}

/** The runtime a Python version (`3.12.4`) runs as, if Lambda has one for it. */
export function runtimeForPythonVersion(version: string): PythonRuntime | undefined {
  const [major, minor] = version.split('.');
  return pythonRuntime(`python${major}.${minor}`);
}

/** Variables Lambda sets itself; a function may not define them (the Lambda API rejects the update). */
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);
