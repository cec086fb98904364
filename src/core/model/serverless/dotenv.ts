/**
 * `useDotenv: true` (Serverless Framework v3, "Resolution of environment variables"): variables from
 * `.env.{stage}` when it exists, else `.env`, for `${env:...}`; ones the shell sets win, as dotenv leaves
 * them. The file format is dotenv's: `KEY=value`, `export KEY=value`, `#` comments, quoted values.
 */
import { FieldReader, isRecord } from '../fields.js';
import { resolveProperty, type VariableOptions } from './variables/resolve.js';

export interface DotenvSettings {
  /** The stage whose `.env.{stage}` is read (else `.env`). */
  readonly stage: string;
  /**
   * The variables the shell does not set that resolving the stage looked for: a dotenv file that sets one
   * would have given another stage, which the Framework refuses (DOTENV_ENV_VAR_RESOLUTION_CONFLICT).
   */
  readonly unsetEnv: readonly string[];
}

/**
 * Whether a serverless.yml reads dotenv files, and by which stage, as Framework v3 decides before it loads
 * them (scripts/serverless.js: "Resolve eventual variables in `provider.stage` and `useDotEnv` (required for
 * reliable .env resolution)", with the env, file, opt, self, strToBool and sls sources;
 * lib/cli/conditionally-load-dotenv.js: `options.stage || provider.stage || 'dev'`), from the configuration as the
 * file gave it (serverless.yml parsed, or serverless.js's object). Undefined when it reads none.
 */
export function dotenvSettings(config: unknown, options: VariableOptions): DotenvSettings | undefined {
  if (!isRecord(config) || config.useDotenv === undefined) return undefined;
  const unset = new Set<string>();
  const env = new Proxy(options.env, {
    get: (target, name) => {
      const value = target[name as string];
      if (value === undefined && typeof name === 'string') unset.add(name);
      return value;
    },
  });
  // Errors in these properties are the reader's to report, with the others.
  const r = new FieldReader('serverless.yml');
  const resolve = (keys: string[]) => resolveProperty(config, keys, { ...options, env }, r);
  if (!resolve(['useDotenv'])) return undefined;
  const stage = options.options.stage ?? resolve(['provider', 'stage']);
  return { stage: typeof stage === 'string' || typeof stage === 'number' ? String(stage) : 'dev', unsetEnv: [...unset] };
}

/** The files to look for, in order: the first that exists is read, the others not. */
export function dotenvFiles(stage: string): string[] {
  return [`.env.${stage}`, '.env'];
}
