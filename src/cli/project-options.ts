import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { parseParameterOverrides } from '../core/model/sam/parameter-overrides.js';
import { parseParamOptions } from '../core/model/serverless/cli-params.js';
import { listOption, stringOption, type OptionSpec, type ParsedArgs } from './command.js';

/** The options every command that reads a project takes: which file, which stage and region, which parameters. */
export const PROJECT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  template: { type: 'string', short: 't', value: 'FILE', description: 'The project file: a SAM template, serverless.yml (.yaml, .json, .js, .mjs, .cjs, .ts) or .chalice/config.json (default: found here)' },
  stage: { type: 'string', value: 'STAGE', description: 'The serverless.yml or Chalice stage (default: the project\'s, else dev); in a template, which stage of a CloudFormation API with several is served' },
  param: { type: 'string', multiple: true, value: 'K=V', description: 'A serverless.yml ${param:K}, as sls --param \'K=V\' gives it (over its params.<stage> and params.default); repeated for several' },
  // As `sls --region` and `sam local --region` take it: the region the configuration deploys to, so the functions' too.
  region: { type: 'string', value: 'REGION', description: 'The AWS region the functions run in (their AWS_REGION), serverless.yml\'s ${opt:region} and ${aws:region}, a SAM template\'s AWS::Region (default: serverless.yml\'s provider.region, else us-east-1; for SAM, samconfig.toml\'s region, else as for Chalice; for Chalice, $AWS_REGION or $AWS_DEFAULT_REGION, else the region of your AWS profile ($AWS_PROFILE\'s, else the default one\'s, in ~/.aws/config), else us-east-1)' },
  'parameter-overrides': { type: 'string', multiple: true, nargs: true, mayBeEmpty: true, value: 'K=V', description: 'SAM template parameters, as sam takes them: Key=Value, several in one argument, after one flag or repeated (default: samconfig.toml\'s parameter_overrides)' },
  'config-env': { type: 'string', value: 'NAME', description: 'The environment of a SAM project\'s samconfig.toml whose parameter_overrides, region and env_vars apply, as sam --config-env (default: default)' },
  'config-file': { type: 'string', value: 'FILE', description: 'SAM CLI\'s configuration file, relative to the template\'s directory as sam reads it (default: samconfig.toml, .yaml or .yml there)' },
};

/**
 * `-s` and `-r`, as every `serverless` command takes --stage and --region (`sls invoke local -f hello -s prod`), for
 * invoke. Not dev's: there sam local start-api's -s (--static-dir) is said (sam-peer-options.ts); coldstart's -r is --runs.
 */
export const STAGE_REGION_SHORTS: Readonly<Record<string, OptionSpec>> = {
  stage: { ...PROJECT_OPTIONS.stage!, short: 's' },
  region: { ...PROJECT_OPTIONS.region!, short: 'r' },
};

/** `--env-vars FILE`, as sam local takes it (invoke, dev, coldstart). */
export const ENV_VARS_OPTION: OptionSpec = { type: 'string', short: 'n', value: 'FILE', description: 'Environment variables, SAM CLI format: {"Parameters": {...}, "<Function>": {...}}, or a .env file (NAME=value lines) for every function' };

export interface ProjectArgs {
  readonly template?: string;
  readonly stage?: string;
  readonly params?: Record<string, string>;
  readonly region?: string;
  readonly parameterOverrides?: Record<string, string>;
  readonly configEnv?: string;
  readonly configFile?: string;
}

/** The project options as the api layer takes them (paths made absolute). */
export function projectArgs(args: ParsedArgs, cwd: string): ProjectArgs {
  const template = stringOption(args, 'template');
  const stage = stringOption(args, 'stage');
  const region = stringOption(args, 'region');
  // A region's name, as AWS spells them (us-east-1, us-gov-west-1, ap-southeast-3): a typo would reach the functions.
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) throw new UserError(`--region '${region}' is not an AWS region name (such as us-east-1 or eu-west-3)`, { exitCode: 2 });
  const overrides = parseParameterOverrides(listOption(args, 'parameter-overrides'));
  const params = parseParamOptions(listOption(args, 'param'));
  if ('error' in params) throw new UserError(params.error, { exitCode: 2 });
  const configEnv = stringOption(args, 'config-env');
  const configFile = stringOption(args, 'config-file');
  return {
    ...(configEnv ? { configEnv } : {}),
    // Not made absolute: SAM CLI reads a relative one from the template's directory, which is known once it is found.
    ...(configFile ? { configFile } : {}),
    ...(template ? { template: resolve(cwd, template) } : {}),
    ...(stage ? { stage } : {}),
    ...(Object.keys(params.params).length > 0 ? { params: params.params } : {}),
    ...(region ? { region } : {}),
    ...(Object.keys(overrides).length > 0 ? { parameterOverrides: overrides } : {}),
  };
}

export { parseParameterOverrides };
