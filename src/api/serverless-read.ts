import { join, resolve } from 'node:path';
import { fileExists, readText } from '../adapters/fs.js';
import { JsVariableSession } from '../adapters/js-variable-session.js';
import { ConfigError } from '../core/errors.js';
import { expandDotenv, parseDotenv } from '../core/model/dotenv-text.js';
import { dotenvFiles, dotenvJsReferences, dotenvSettings, stageRefused, watchedEnv, withResolvedStage } from '../core/model/serverless/dotenv.js';
import { readServerlessConfig } from '../core/model/serverless/read.js';
import type { LoadOptions } from './project.js';
import { configTimeoutMs, serverlessConfigValue } from './serverless-config.js';
import { withJsFileVariables } from './serverless-js-variables.js';
import { readServiceFile } from './service-file.js';

/** A serverless.yml (.json, .js, .ts), with the dotenv file it asks for; `looked` gets the other files it reads or looks for. */
export async function readServerless(root: string, path: string, file: string, options: LoadOptions, looked: string[], hint: string | undefined) {
  const cli = { ...(options.stage ? { stage: options.stage } : {}), ...(options.region ? { region: options.region } : {}) };
  const readFile = (path: string) => {
    // From the service directory, or absolute (`${file(/etc/shared/config.yml)}`).
    const absolute = resolve(root, path);
    looked.push(absolute);
    return readServiceFile(absolute);
  };
  const shell = options.env ?? {};
  const args = [...Object.entries(cli).flatMap(([key, value]) => [`--${key}`, value]), ...Object.entries(options.params ?? {}).flatMap(([key, value]) => ['--param', `${key}=${value}`])];
  const source = await serverlessConfigValue(path, file, { env: shell, readFiles: looked, args, ...(options.chaliceRead?.signal ? { signal: options.chaliceRead.signal } : {}),
    ...(options.chaliceRead?.onWaiting ? { onWaiting: options.chaliceRead.onWaiting } : {}) });
  if ('diagnostics' in source) return source;
  // The Framework's own (lib/serverless.js), new at each read: a reload gives the functions a new one, as a deploy does.
  const instanceId = String(Date.now());
  const params = options.params ? { params: options.params } : {};
  const timeoutMs = configTimeoutMs(shell);
  // One process for the read's `${file(./x.js)}` files, started at the first (none without them): each is required
  // once, before the dotenv file is loaded when the stage reads it, as one `serverless` run requires it.
  const session = new JsVariableSession({ cwd: root, args, ...(timeoutMs ? { timeoutMs } : {}), ...(options.chaliceRead?.signal ? { signal: options.chaliceRead.signal } : {}) });
  try {
    return await readServerlessVariables(root, file, source.value, { shell, cli, params, readFile, instanceId, looked, session }, hint);
  } finally {
    session.close();
  }
}

interface ServerlessRead {
  readonly shell: Readonly<Record<string, string | undefined>>;
  readonly cli: Readonly<Record<string, string>>;
  readonly params: { readonly params?: Readonly<Record<string, string>> };
  readonly readFile: (path: string) => string | undefined;
  readonly instanceId: string;
  readonly looked: string[];
  readonly session: JsVariableSession;
}

/** serverless.yml's `source` resolved: its stage first, with the shell's environment, then the rest with the dotenv file's. */
async function readServerlessVariables(root: string, file: string, source: unknown, read: ServerlessRead, hint: string | undefined) {
  const { shell, cli, params, readFile, instanceId, looked, session } = read;
  /** How `${file(./x.js)}` files are run, with the environment they see (process.env) and the variables resolve in. */
  const jsOptions = (env: Readonly<Record<string, string | undefined>>) => ({ env, cli, looked, session, ...params, variables: { env, options: cli, readFile, instanceId, ...params } });
  // The stage is resolved before the dotenv file is loaded, a JavaScript file's too, run with the shell's environment.
  const unset = new Set<string>();
  const stageJs = { ...jsOptions(shell), variables: { ...jsOptions(shell).variables, env: watchedEnv(shell, unset) } };
  const dotenv = await withJsFileVariables(root, source, stageJs,
    (jsFiles, jsFileWanted) => dotenvSettings(source, { env: shell, options: cli, readFile, jsFiles, jsFileWanted }, unset), dotenvJsReferences(source));
  if (dotenv?.stageUnknown) {
    throw new ConfigError(file, [{ severity: 'error', file, path: 'provider.stage', message: stageRefused('before-dotenv', dotenv.stageUnknown) }], hint ? { hint } : {});
  }
  const fromFile = dotenv ? await readDotenv(root, dotenv.stage, looked) : undefined;
  // The file was chosen by a stage that a variable it sets would have changed: the Framework refuses it.
  const conflict = fromFile && dotenv?.unsetEnv.find((name) => fromFile.values[name] !== undefined);
  if (conflict) {
    throw new ConfigError(file, [{
      severity: 'error', file, path: 'provider.stage',
      message: `reads \${env:${conflict}}, which ${fromFile.name} sets: the stage that picks the .env file would depend on the file itself, which the Serverless Framework refuses (DOTENV_ENV_VAR_RESOLUTION_CONFLICT); set ${conflict} in the shell or pass --stage`,
    }], hint ? { hint } : {});
  }
  // The shell's variables win over the file's (dotenv does not override them), expanded as the file's are.
  const env = fromFile ? { ...shell, ...expandDotenv(fromFile.values, shell) } : shell;
  const config = withResolvedStage(source, dotenv);
  return withJsFileVariables(root, config, jsOptions(env), (jsFiles, jsFileWanted) => readServerlessConfig(config, {
    file,
    env,
    jsFiles,
    jsFileWanted,
    // Not the shell's AWS_REGION: the Serverless Framework deploys to --region, else provider.region, else
    // us-east-1, never to $AWS_REGION, so the shell's region must not move the functions.
    ...cli,
    readFile,
    instanceId,
    ...params,
  }));
}

/** serverless.yml's `useDotenv`: the first of `.env.{stage}` and `.env` that exists, parsed. */
async function readDotenv(root: string, stage: string, looked: string[]): Promise<{ name?: string; values: Record<string, string> }> {
  for (const name of dotenvFiles(stage)) {
    const path = join(root, name);
    looked.push(path);
    if (fileExists(path)) return { name, values: parseDotenv(await readText(path, name)) };
  }
  return { values: {} };
}
