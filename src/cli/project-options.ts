import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { listOption, stringOption, type OptionSpec, type ParsedArgs } from './command.js';

/** The options every command that reads a project takes: which file, which stage, which parameters. */
export const PROJECT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  template: { type: 'string', short: 't', value: 'FILE', description: 'The project file: a SAM template, serverless.yml or .chalice/config.json (default: found here)' },
  stage: { type: 'string', value: 'STAGE', description: 'The serverless.yml or Chalice stage (default: the project\'s, else dev)' },
  'parameter-overrides': { type: 'string', multiple: true, nargs: true, value: 'K=V', description: 'SAM template parameters, as sam takes them: Key=Value, several in one argument, after one flag or repeated' },
};

/** `--env-vars FILE`, as sam local takes it (invoke, dev, coldstart). */
export const ENV_VARS_OPTION: OptionSpec = { type: 'string', short: 'n', value: 'FILE', description: 'Environment variables, SAM CLI format: {"Parameters": {...}, "<Function>": {...}}' };

export interface ProjectArgs {
  readonly template?: string;
  readonly stage?: string;
  readonly parameterOverrides?: Record<string, string>;
}

/** The project options as the api layer takes them (paths made absolute). */
export function projectArgs(args: ParsedArgs, cwd: string): ProjectArgs {
  const template = stringOption(args, 'template');
  const stage = stringOption(args, 'stage');
  const overrides = parseParameterOverrides(listOption(args, 'parameter-overrides'));
  return {
    ...(template ? { template: resolve(cwd, template) } : {}),
    ...(stage ? { stage } : {}),
    ...(Object.keys(overrides).length > 0 ? { parameterOverrides: overrides } : {}),
  };
}

/**
 * `Stage=prod Env=dev`, `Stage=prod`, or SAM's long form `ParameterKey=Stage,ParameterValue=prod`;
 * values may be quoted.
 */
export function parseParameterOverrides(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    for (const item of value.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
      const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(item);
      const eq = item.indexOf('=');
      if (!long && eq <= 0) throw new UserError(`--parameter-overrides '${item}' is not Key=Value`, { exitCode: 2 });
      const key = long ? long[1]! : item.slice(0, eq);
      out[key] = unquote(long ? long[2]! : item.slice(eq + 1));
    }
  }
  return out;
}

function unquote(text: string): string {
  return /^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text;
}
