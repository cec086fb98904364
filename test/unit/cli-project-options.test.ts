import { describe, expect, it } from 'vitest';
import { parseCommandArgs, type CommandDefinition } from '../../src/cli/command.js';
import { PROJECT_OPTIONS, parseParameterOverrides, projectArgs } from '../../src/cli/project-options.js';

describe('--parameter-overrides', () => {
  it.each<[string[], Record<string, string>]>([
    [['Stage=prod'], { Stage: 'prod' }],
    [['Stage=prod Env=dev'], { Stage: 'prod', Env: 'dev' }],
    [['Stage=prod', 'Env=dev'], { Stage: 'prod', Env: 'dev' }],
    [['Name="a b"'], { Name: 'a b' }],
    [["Url='https://x/?a=1'"], { Url: 'https://x/?a=1' }],
    [['ParameterKey=Stage,ParameterValue=prod'], { Stage: 'prod' }],
    [['Empty='], { Empty: '' }],
  ])('%j', (input, expected) => {
    expect(parseParameterOverrides(input)).toEqual(expected);
  });

  it('says which item is not Key=Value', () => {
    expect(() => parseParameterOverrides(['Stage'])).toThrow("--parameter-overrides 'Stage' is not Key=Value");
  });
});

describe('--parameter-overrides on the command line', () => {
  const invoke: CommandDefinition = { name: 'invoke', summary: '', usage: '', maxPositionals: 1, options: { ...PROJECT_OPTIONS, event: { type: 'string', description: '' } }, run: async () => 0 };
  const parse = (argv: string[]) => {
    const args = parseCommandArgs(invoke, argv);
    return { overrides: projectArgs(args, '/').parameterOverrides, positionals: args.positionals };
  };

  // SAM CLI's --parameter-overrides takes every K=V after it (its OptionNargs): `sam deploy --parameter-overrides A=1 B=2`.
  it.each<[string, string[], Record<string, string>, string[]]>([
    ['several after one flag', ['--parameter-overrides', 'Mem=300', 'Env=prod'], { Mem: '300', Env: 'prod' }, []],
    ['then the function', ['--parameter-overrides', 'Mem=300', 'Env=prod', 'Fn'], { Mem: '300', Env: 'prod' }, ['Fn']],
    ['the function first', ['Fn', '--parameter-overrides', 'Mem=300', 'Env=prod'], { Mem: '300', Env: 'prod' }, ['Fn']],
    ['another option ends them', ['--parameter-overrides', 'Mem=300', '--event', 'e.json', 'Fn'], { Mem: '300' }, ['Fn']],
    ['repeated', ['--parameter-overrides', 'A=1', 'B=2', '--parameter-overrides', 'C=3'], { A: '1', B: '2', C: '3' }, []],
    ['after --, a positional', ['--parameter-overrides', 'A=1', '--', 'B=2'], { A: '1' }, ['B=2']],
  ])('%s', (_what, argv, overrides, positionals) => {
    expect(parse(argv)).toEqual({ overrides, positionals });
  });
});

describe('--config-env and --config-file', () => {
  const invoke: CommandDefinition = { name: 'invoke', summary: '', usage: '', maxPositionals: 1, options: PROJECT_OPTIONS, run: async () => 0 };
  it.each<[string[], Record<string, unknown>]>([
    [['--config-env', 'prod'], { configEnv: 'prod' }],
    // Relative to the template's directory, as sam reads it: the api layer resolves it once the template is found.
    [['--config-file', 'conf/samconfig.prod.toml'], { configFile: 'conf/samconfig.prod.toml' }],
    [[], {}],
  ])('%j', (argv, expected) => {
    expect(projectArgs(parseCommandArgs(invoke, argv), '/work')).toEqual(expected);
  });
});

describe('--region in --help', () => {
  // Where a SAM or Chalice project's functions run without --region (api/project.ts, as boto3 finds the region
  // for sam local and chalice deploy): --help must name each place, or a user with only a profile sees us-east-1 promised.
  it.each(['provider.region', "samconfig.toml's region", '$AWS_REGION', '$AWS_DEFAULT_REGION', "your AWS profile ($AWS_PROFILE's", '~/.aws/config', 'else us-east-1)'])('names %s', (source) => {
    expect(PROJECT_OPTIONS.region!.description).toContain(source);
  });
});
