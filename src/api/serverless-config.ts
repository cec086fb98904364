import { readText } from '../adapters/fs.js';
import { runNodeConfig } from '../adapters/node-config.js';
import { UserError, type Diagnostic } from '../core/errors.js';
import { configFromRun, isCodeConfig, parseServerlessJson, serverlessConfigFormat } from '../core/model/serverless/config-file.js';
import { styleReaders } from './style-readers-module.js';

export interface ServerlessConfigOptions {
  /** The user's environment: a serverless.js reads process.env from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--stage`, `--region` and `--param`s as the Framework's command line would have them, for the file's process.argv. */
  readonly args?: readonly string[];
  /** Stops a serverless.js's run: a newer save is being read (dev). */
  readonly signal?: AbortSignal;
  /** Said at 2 s, 5 s, 10 s, ... while a serverless.js runs, with its name. */
  readonly onWaiting?: (seconds: number, file: string) => void;
  /** Gets the service's own modules a serverless.js required, absolute, for dev to watch: also when it failed. */
  readonly readFiles: string[];
}

/**
 * A Serverless Framework configuration as its file gives it, before its variables are resolved: serverless.yml's
 * YAML, serverless.json's JSON, or the object serverless.js (.cjs, .mjs, .ts) exports, which Node alone can
 * tell, in a process of its own (adapters/node-config.ts). `file` is its name as messages show it.
 */
export async function serverlessConfigValue(path: string, file: string, options: ServerlessConfigOptions): Promise<{ value: unknown } | { diagnostics: Diagnostic[] }> {
  // A name of another extension given to --template is read as YAML, as before.
  const format = serverlessConfigFormat(path) ?? 'yaml';
  if (!isCodeConfig(format)) {
    const text = await readText(path, 'configuration file');
    if (format === 'json') return parseServerlessJson(text, file);
    // With the Serverless reader, which a project of another style never loads (api/project.ts).
    const { parseServerlessYml } = await styleReaders();
    return parseServerlessYml(text, file);
  }
  const { onWaiting, signal, args } = options;
  const run = await runNodeConfig({
    path, format, env: options.env, timeoutMs: configTimeoutMs(options.env),
    ...(args ? { args } : {}), ...(signal ? { signal } : {}), ...(onWaiting ? { onWaiting: (seconds: number) => onWaiting(seconds, file) } : {}),
  });
  // Not a UserError: dev's reload that a newer save superseded says nothing of it.
  if (options.signal?.aborted) throw new Error(`the read of ${file} was abandoned for a newer one`);
  const result = configFromRun(run, file, path);
  options.readFiles.push(...(result.files ?? []));
  if ('problem' in result) throw new UserError(result.problem.message, result.problem.hint ? { hint: result.problem.hint } : {});
  return { value: result.value };
}

/** PYLAMBDA_CONFIG_TIMEOUT (seconds), for a configuration that takes long to make (default 30 s). */
export function configTimeoutMs(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const seconds = Number(env.PYLAMBDA_CONFIG_TIMEOUT);
  return env.PYLAMBDA_CONFIG_TIMEOUT && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
