/**
 * `useDotenv: true` (Serverless Framework v3, "Resolution of environment variables"): variables from
 * `.env.{stage}` when it exists, else `.env`, for `${env:...}`; ones the shell sets win, as dotenv leaves
 * them. The file format is dotenv's: `KEY=value`, `export KEY=value`, `#` comments, quoted values.
 */
import { FieldReader, isRecord } from '../fields.js';
import { Unresolved } from '../cfn/intrinsics.js';
import { jsFileReferences } from './variables/js-files.js';
import { Pending, resolveProperty, STAGE_SOURCES, type VariableOptions } from './variables/resolve.js';

export interface DotenvSettings {
  /** The stage whose `.env.{stage}` is read (else `.env`). */
  readonly stage: string;
  /**
   * The variables the shell does not set that resolving the stage looked for: a dotenv file that sets one
   * would have given another stage, which the Framework refuses (DOTENV_ENV_VAR_RESOLUTION_CONFLICT).
   */
  readonly unsetEnv: readonly string[];
  /**
   * Why provider.stage cannot be known before the files are loaded (a `${ssm:}`, a `${file(./x.js)}` function that
   * asks AWS): the Framework refuses such a configuration ("provider.stage" property is not accessible), --stage or not.
   */
  readonly stageUnknown?: string;
  /** provider.stage as resolved then, which the Framework keeps: what its variables give after the file is loaded does not change it. */
  readonly resolvedStage?: unknown;
}

/**
 * Whether a serverless.yml reads dotenv files, and by which stage, as Framework v3 decides before it loads
 * them (scripts/serverless.js: "Resolve eventual variables in `provider.stage` and `useDotEnv` (required for
 * reliable .env resolution)", with the env, file, opt, self, strToBool and sls sources;
 * lib/cli/conditionally-load-dotenv.js: `options.stage || provider.stage || 'dev'`), from the configuration as the
 * file gave it (serverless.yml parsed, or serverless.js's object). Undefined when it reads none.
 */
export function dotenvSettings(config: unknown, options: VariableOptions, unset = new Set<string>()): DotenvSettings | undefined {
  if (!isRecord(config) || config.useDotenv === undefined) return undefined;
  const env = watchedEnv(options.env, unset);
  // Errors in these properties are the reader's to report, with the others.
  const r = new FieldReader('serverless.yml');
  const resolve = (keys: string[]) => resolveProperty(config, keys, { ...options, env, sources: STAGE_SOURCES }, r);
  if (!resolve(['useDotenv'])) return undefined;
  // Resolved even with --stage, as the Framework resolves it (scripts/serverless.js, ensureResolvedProperty).
  const configured = resolve(['provider', 'stage']);
  const stage = options.options.stage ?? configured;
  return {
    stage: typeof stage === 'string' || typeof stage === 'number' ? String(stage) : 'dev', unsetEnv: [...unset],
    ...(configured instanceof Unresolved ? { stageUnknown: configured.reason } : configured === undefined ? {} : { resolvedStage: configured }),
  };
}

/**
 * Why provider.stage cannot be known when the Framework v3 resolves it, first of all and with STAGE_SOURCES only,
 * useDotenv or not: `${param:stage}`, `${aws:region}`, or a `${self:custom.stage}` that holds one, is refused
 * ("provider.stage" property is not accessible, INACCESSIBLE_CONFIGURATION_PROPERTY), even with --stage, unless a
 * source before it gives a value (`${opt:stage, param:stage}` with --stage). `config` is as the file gave it.
 */
export function stageNotAccessible(config: Record<string, unknown>, options: VariableOptions): string | undefined {
  // Its own errors are the full resolution's to report.
  const stage = resolveProperty(config, ['provider', 'stage'], { ...options, sources: STAGE_SOURCES }, new FieldReader('serverless.yml'));
  return stage instanceof Pending ? stage.reason : undefined;
}

/**
 * What the readers say of a provider.stage the Framework v3 refuses ("provider.stage" property is not accessible):
 * `when` it had to be known, first of all (stageNotAccessible) or before the dotenv file is loaded (dotenvSettings'
 * stageUnknown), and `why` it is not known then.
 */
export function stageRefused(when: 'first' | 'before-dotenv', why: string): string {
  const moment = when === 'first' ? 'when the Framework resolves it, before anything else' : 'before the .env file is loaded';
  return `cannot be known ${moment} (${why}): the Serverless Framework refuses the configuration ("provider.stage" property is not accessible); write the stage in the file, or as \${opt:stage, 'dev'}`;
}

/**
 * `env`, adding to `unset` each name read from it that it does not set: given to the variables a `${file(./stage.js)}`
 * function asks for (resolveVariable('env:STAGE, "qa"')), as dotenvSettings' third argument, it counts them too, as
 * the Framework's env source does (sources/env.js missingEnvVariables).
 */
export function watchedEnv(env: Readonly<Record<string, string | undefined>>, unset: Set<string>): Readonly<Record<string, string | undefined>> {
  return new Proxy(env, {
    get: (target, name) => {
      const value = target[name as string];
      if (value === undefined && typeof name === 'string') unset.add(name);
      return value;
    },
  });
}

/**
 * The configuration with provider.stage as resolved before the dotenv file was loaded: the Framework resolves the
 * rest around it (a `${file(./stage.js)}` whose function reads a variable the file sets gives the stage it gave before).
 */
export function withResolvedStage(config: unknown, settings: DotenvSettings | undefined): unknown {
  if (settings?.resolvedStage === undefined || !isRecord(config) || !isRecord(config.provider)) return config;
  return { ...config, provider: { ...config.provider, stage: settings.resolvedStage } };
}

/**
 * The JavaScript files (`${file(./stage.js):name}`) the stage is read from before the dotenv file is loaded: the
 * Framework runs them then, with the shell's environment only. Those reached through another property
 * (`${self:custom.stage}`) are found as the stage is resolved (VariableOptions.jsFileWanted).
 */
export function dotenvJsReferences(config: unknown): Map<string, Set<string | undefined>> {
  if (!isRecord(config) || config.useDotenv === undefined) return new Map();
  return jsFileReferences({ useDotenv: config.useDotenv, stage: isRecord(config.provider) ? config.provider.stage : undefined });
}

/** The files to look for, in order: the first that exists is read, the others not. */
export function dotenvFiles(stage: string): string[] {
  return [`.env.${stage}`, '.env'];
}
