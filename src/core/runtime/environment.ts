import type { FunctionModel } from '../model/project.js';
import { arnOf } from '../partition.js';

/**
 * What a runtime process sees in its environment: Lambda's own variables (shared/LAMBDA-FACTS.md
 * section 1), the function's variables, and the few host variables that let the AWS SDK reach a real
 * or local endpoint with the user's credentials. Nothing else of the host leaks in.
 */

/** Host variables passed through unchanged: credentials, profiles, endpoints, and what a process needs to run. */
const PASSTHROUGH = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CA_BUNDLE', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_USE_FIPS_ENDPOINT',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'HOME', 'PATH', 'SYSTEMROOT', 'TMPDIR',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
];

/**
 * Variables Lambda sets in every execution environment before it imports the function's code
 * (shared/LAMBDA-FACTS.md section 1; AWS "Defined runtime environment variables"): the credentials of
 * the execution role, and what lambdaEnvironment() sets below (its type makes it set each of them).
 * Code may read these at import without a default: the coldstart review (pylambda_lint.py
 * --lambda-env) does not flag them. Not _X_AMZN_TRACE_ID, which arrives with each invocation, nor
 * AWS_LAMBDA_LOG_LEVEL, set only with the JSON log format.
 */
export const LAMBDA_SET_VARIABLES = [
  'AWS_LAMBDA_RUNTIME_API', '_HANDLER', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_FORMAT', 'TZ', 'LANG',
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
] as const;

/** Lambda's credentials come from the execution role; locally, from the host (PASSTHROUGH). */
type Credential = 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'AWS_SESSION_TOKEN';

export interface EnvironmentInput {
  readonly fn: Pick<FunctionModel, 'name' | 'handler' | 'runtime' | 'memorySize' | 'environment' | 'logFormat' | 'logLevel' | 'tracing'>;
  /** The function's code directory, absolute. */
  readonly taskRoot: string;
  /** The directory of the runtime client (LAMBDA_RUNTIME_DIR). */
  readonly runtimeDir: string;
  /** `host:port` of the environment's Runtime API server. */
  readonly runtimeApi: string;
  readonly logStreamName: string;
  /**
   * The version the environment runs: `$LATEST` (the default), or a published version's number when it runs one (an
   * alias's, or the number invoked). Lambda sets it for the environment, as its environments are one version's.
   */
  readonly version?: string;
  /** The host's environment, read by the caller; only the variables above are taken from it. */
  readonly host: Readonly<Record<string, string | undefined>>;
  /** Extra variables that win over the function's own (an --env-vars file). */
  readonly overrides?: Readonly<Record<string, string>>;
}

export function lambdaEnvironment(input: EnvironmentInput): Record<string, string> {
  const { fn, host } = input;
  const env: Record<string, string> = {};
  for (const key of PASSTHROUGH) {
    const value = host[key];
    if (value !== undefined) env[key] = value;
  }
  for (const [key, value] of Object.entries(host)) {
    if (value !== undefined && key.startsWith('AWS_ENDPOINT_URL')) env[key] = value;
  }
  // Lambda's defaults for these two, which a function may set (configuration-envvars.html lists LANG among
  // the unreserved variables, and TZ is no longer reserved: a function's TZ=Asia/Tokyo applies on Lambda).
  env.TZ = ':UTC';
  env.LANG = 'en_US.UTF-8';
  // Set by Lambda for active tracing (configuration-envvars.html lists AWS_XRAY_CONTEXT_MISSING among those a
  // function may set): the X-Ray SDK sends its segments to the daemon there, and logs rather than raises outside a
  // segment. Locally nothing listens: UDP to it is lost, harmlessly.
  if (fn.tracing === 'Active') {
    Object.assign(env, { AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000', _AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1', _AWS_XRAY_DAEMON_PORT: '2000' });
  }
  Object.assign(env, fn.environment, input.overrides ?? {});
  const region = hostRegion(host);
  const lambdaSet: Record<Exclude<(typeof LAMBDA_SET_VARIABLES)[number], Credential | 'TZ' | 'LANG'>, string> = {
    AWS_LAMBDA_RUNTIME_API: input.runtimeApi,
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: input.version ?? '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_FORMAT: fn.logFormat ?? 'Text',
  };
  Object.assign(env, lambdaSet);
  // Lambda applies a log level only with the JSON log format (LoggingConfig.ApplicationLogLevel).
  if (fn.logFormat === 'JSON' && fn.logLevel) env.AWS_LAMBDA_LOG_LEVEL = fn.logLevel;
  return env;
}

/** `2024/01/31/[$LATEST]<32 hex>`: the shape of a Lambda log stream name, whose brackets hold the environment's version (`[3]`). */
export function logStreamName(date: Date, hex32: string, version = '$LATEST'): string {
  const day = date.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${hex32}`;
}

export function functionArn(name: string, region: string, accountId: string): string {
  return arnOf({ service: 'lambda', region: region, accountId: accountId, resource: `function:${name}` });
}

/** The region a shell names, as the AWS SDKs and CLI read it (AWS_REGION, then AWS_DEFAULT_REGION), else us-east-1. */
export function hostRegion(host: Readonly<Record<string, string | undefined>>): string {
  return host.AWS_REGION ?? host.AWS_DEFAULT_REGION ?? 'us-east-1';
}

