/**
 * serverless-dotenv-plugin (v6, src/index.js): when serverless.yml lists it, the variables of its .env files are put
 * in provider.environment, over what is written there, so every function gets them (a function's own `environment`
 * still wins, as the Framework merges it over the provider's). Its constructor runs after the Framework resolved
 * the configuration, so `custom.dotenv` is resolved and the files' values are never read as variables.
 */
import { expandDotenv, parseDotenv } from '../dotenv-text.js';
import { RESERVED_ENVIRONMENT_KEYS } from '../limits.js';
import { describe, isRecord, type FieldReader } from '../fields.js';
import { DOTENV_PLUGIN, listedPlugins } from './plugins.js';

const AT = 'custom.dotenv';

export interface DotenvPluginOptions {
  /**
   * process.env as the plugin sees it: the shell's, with what `useDotenv` loaded. NODE_ENV picks the files, and a
   * variable set there wins over the files' (dotenv does not override it).
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--stage`, the command line's only: the plugin reads `options.stage`, not provider.stage. */
  readonly stage?: string;
  /** A file by its path from the service directory (the plugin's are relative to where `serverless` runs); undefined when there is none. */
  readonly readFile: (path: string) => string | undefined;
}

/** The variables the plugin adds to provider.environment, or undefined when it is not listed. Problems are said in `r`. */
export function dotenvPluginEnvironment(config: Record<string, unknown>, options: DotenvPluginOptions, r: FieldReader): Record<string, string> | undefined {
  if (!listedPlugins(config.plugins).includes(DOTENV_PLUGIN)) return undefined;
  const settings = isRecord(config.custom) && isRecord(config.custom.dotenv) ? config.custom.dotenv : {};
  for (const key of ['dotenvParser', 'dotenvParserPath']) {
    if (settings[key]) r.warn(`${AT}.${key}`, `is not run by pylambda: the files are read with dotenv and dotenv-expand's rules, as the plugin's own parser reads them`);
  }
  const names = fileNames(settings, dotenvEnvironment(options), options, r);
  if (!names) return undefined;
  if (names.length === 0 && isRecord(settings.required) && settings.required.file === true) {
    r.error(`${AT}.required.file`, `is true and there is no .env file (the plugin looks for ${candidates(dotenvEnvironment(options), settings).join(', ')}): the plugin stops the Framework with "DOTENV: Could not find .env file."`);
    return undefined;
  }
  const { values, env } = loadFiles(names.map((name) => ({ name, text: options.readFile(name) })), options.env, Boolean(settings.variableExpansion ?? true));
  const required = isRecord(settings.required) && Array.isArray(settings.required.env) ? settings.required.env.map(String) : [];
  // validateEnvVars: a variable is there when the files or process.env (which dotenv filled from every file) give it a non-empty value.
  const missing = required.filter((name) => !values[name] && !env[name]);
  if (missing.length > 0) {
    r.error(`${AT}.required.env`, `Missing the following required environment variables: ${missing.join(',')} (set them in a .env file or in the shell)`);
    return undefined;
  }
  return withoutReserved(chosen(values, settings, r), names, r);
}

/** getEnvironment: NODE_ENV, else --stage, else development (`--env` is gone in Framework v3). */
function dotenvEnvironment(options: DotenvPluginOptions): string {
  return options.env.NODE_ENV || options.stage || 'development';
}

/** The files the plugin resolves for an environment, most important first (bkeepers/dotenv's order); `basePath` is put before each name as written. */
function candidates(environment: string, settings: Record<string, unknown>): string[] {
  const base = typeof settings.basePath === 'string' ? settings.basePath : '';
  // .env.local is left out for `test`, so tests give the same results for everyone (the plugin's comment).
  return [`.env.${environment}.local`, `.env.${environment}`, ...(environment === 'test' ? [] : ['.env.local']), '.env'].map((name) => base + name);
}

/**
 * resolveEnvFileNames: `path` (a name or a list) is read as given, present or not, and `basePath` is then ignored;
 * else the candidates that exist. Undefined when `path` is no name.
 */
function fileNames(settings: Record<string, unknown>, environment: string, options: DotenvPluginOptions, r: FieldReader): string[] | undefined {
  if (settings.path) {
    if (settings.basePath) r.warn(`${AT}.basePath`, 'is ignored when path is set (the plugin says so too)');
    const list = Array.isArray(settings.path) ? settings.path : [settings.path];
    const bad = list.find((name) => typeof name !== 'string');
    if (bad === undefined) return list as string[];
    r.error(`${AT}.path`, `must be a file name or a list of them, not ${describe(bad)}`);
    return undefined;
  }
  return candidates(environment, settings).filter((name) => options.readFile(name) !== undefined);
}

/**
 * parseEnvFiles, with dotenv's effect on process.env followed: each file in turn is loaded with `dotenv.config`,
 * which sets the variables process.env lacks, then expanded by dotenv-expand 10, which takes each variable's value
 * from process.env when it is there and writes the results back over it. So with expansion the shell wins, then
 * the first file that sets a variable; the results are merged with the later file's over the earlier's, which is
 * that same value. Without expansion the values are the files' as written, merged so: `.env` wins over
 * `.env.{stage}.local`, the opposite of the plugin's README, as the plugin does.
 */
export function loadFiles(files: readonly { name: string; text: string | undefined }[], shell: Readonly<Record<string, string | undefined>>, expansion: boolean): { values: Record<string, string>; env: Record<string, string | undefined> } {
  let env: Record<string, string | undefined> = { ...shell };
  let values: Record<string, string> = {};
  for (const { text } of files) {
    // dotenv.config of a file that is not there sets nothing and gives nothing.
    if (text === undefined) continue;
    const parsed = parseDotenv(text);
    env = { ...parsed, ...env };
    if (!expansion) {
      values = { ...values, ...parsed };
      continue;
    }
    const expanded = expandDotenv(parsed, env);
    env = { ...env, ...expanded };
    values = { ...values, ...expanded };
  }
  return { values, env };
}

/** setProviderEnv: `include` ('*', or the names to keep) wins over `exclude`, with a warning when both are given. */
function chosen(values: Record<string, string>, settings: Record<string, unknown>, r: FieldReader): Record<string, string> {
  const include = settings.include ?? '*';
  const exclude = settings.exclude || [];
  if (include !== '*') {
    if (!Array.isArray(include) && typeof include !== 'string') {
      // `include.includes` throws there: the plugin prints the error and sets no variable.
      r.warn(`${AT}.include`, `must be '*' or a list of names, not ${describe(include)}: the plugin fails on it and sets no variable`);
      return {};
    }
    if (Array.isArray(exclude) && exclude.length > 0) r.warn(`${AT}.exclude`, 'is ignored when include is set (the plugin says so too)');
    // A string is searched as text by the plugin's `include.includes(key)`: `include: API_KEY` keeps API and KEY too.
    return Object.fromEntries(Object.entries(values).filter(([key]) => (include as string[] | string).includes(key)));
  }
  if (!Array.isArray(exclude) && typeof exclude !== 'string') return values;
  return Object.fromEntries(Object.entries(values).filter(([key]) => !(exclude as string[] | string).includes(key)));
}

/** A variable Lambda reserves fails the deploy (InvalidParameterValueException), which the files make easy to do (the README's own example sets AWS_REGION). */
function withoutReserved(values: Record<string, string>, names: readonly string[], r: FieldReader): Record<string, string> {
  const reserved = Object.keys(values).filter((key) => RESERVED_ENVIRONMENT_KEYS.has(key));
  if (reserved.length === 0) return values;
  r.error(AT, `${reserved.join(', ')}, which ${names.join(' or ')} ${reserved.length === 1 ? 'sets, is' : 'set, are'} reserved by Lambda, and the deploy fails on ${reserved.length === 1 ? 'it' : 'them'}: add ${reserved.length === 1 ? 'it' : 'them'} to ${AT}.exclude`);
  return Object.fromEntries(Object.entries(values).filter(([key]) => !reserved.includes(key)));
}
