import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { parseSamconfig, samconfigSettings, type CommandLineSettings, type SamconfigQuery } from '../../src/core/model/sam/samconfig.js';

const toml = (text: string) => parseSamconfig(`version = 0.1\n${text}`, 'samconfig.toml');
const settings = (text: string, query: Partial<SamconfigQuery> = {}, cli: CommandLineSettings = {}) => samconfigSettings(toml(text), { file: 'samconfig.toml', ...query }, cli);

describe('parseSamconfig: the file, as SAM CLI reads it', () => {
  it('reads TOML and YAML alike', () => {
    expect(parseSamconfig('version = 0.1\n[default.global.parameters]\nregion = "eu-west-2"\n', 'samconfig.toml'))
      .toEqual({ version: 0.1, default: { global: { parameters: { region: 'eu-west-2' } } } });
    expect(parseSamconfig('version: 0.1\ndefault:\n  global:\n    parameters:\n      region: eu-west-2\n', 'samconfig.yaml'))
      .toEqual({ version: 0.1, default: { global: { parameters: { region: 'eu-west-2' } } } });
  });

  it.each<[string, string, string, string]>([
    ['TOML that does not parse', 'samconfig.toml', 'version = 0.1\n[default.global.parameters\n', 'samconfig.toml: line 2, column 27: '],
    ['YAML that does not parse', 'samconfig.yml', 'version: 0.1\ndefault: [a\n', 'samconfig.yml: '],
    ['no version (SamConfig._version_sanity_check)', 'samconfig.toml', '[default.global.parameters]\nregion = "x"\n', "samconfig.toml: its 'version' key is missing or not a number, and SAM CLI refuses the file without it"],
    ['a version that is not a number', 'samconfig.yaml', 'version: "0.1"\n', "samconfig.yaml: its 'version' key is missing or not a number, and SAM CLI refuses the file without it"],
    ['not a mapping', 'samconfig.yaml', '- a\n', 'samconfig.yaml is not a mapping of environments'],
  ])('refuses %s', (_what, file, text, message) => {
    let error: unknown;
    try {
      parseSamconfig(text, file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message.startsWith(message)).toBe(true);
  });
});

describe('samconfigSettings: the tables a command reads, and the command line over them', () => {
  const FILE = `
[default.global.parameters]
region = "eu-west-2"
parameter_overrides = "Environment=dev Size=1"
env_vars = "env.json"

[default.local_invoke.parameters]
parameter_overrides = ["Environment=invoke", 'Name="two words"']

[default.local_start_api.parameters]
region = "eu-west-3"

[default.build.parameters]
parameter_overrides = "Environment=build"

[default.deploy.parameters]
parameter_overrides = "Environment=deployed"

[prod.global.parameters]
parameter_overrides = "ParameterKey=Environment,ParameterValue=prod"
region = "us-west-2"
`;
  const global = 'samconfig.toml [default.global.parameters]';
  it.each<[string, Partial<SamconfigQuery>, CommandLineSettings, Record<string, unknown>]>([
    ['no command: global only', {}, {}, { parameterOverrides: { Environment: 'dev', Size: '1' }, parameterSource: global, region: 'eu-west-2', envVars: 'env.json' }],
    ["invoke: local_invoke's list replaces global's whole (SamConfig.get_all updates key by key)", { command: 'invoke' }, {}, {
      parameterOverrides: { Environment: 'invoke', Name: 'two words' }, parameterSource: 'samconfig.toml [default.local_invoke.parameters]', region: 'eu-west-2', envVars: 'env.json',
    }],
    ["dev reads local_start_api's region", { command: 'dev' }, {}, { parameterOverrides: { Environment: 'dev', Size: '1' }, parameterSource: global, region: 'eu-west-3', envVars: 'env.json' }],
    ["package reads sam build's table", { command: 'package' }, {}, {
      parameterOverrides: { Environment: 'build' }, parameterSource: 'samconfig.toml [default.build.parameters]', region: 'eu-west-2', envVars: 'env.json',
    }],
    ['--config-env prod', { command: 'invoke', env: 'prod' }, {}, { parameterOverrides: { Environment: 'prod' }, parameterSource: 'samconfig.toml [prod.global.parameters]', region: 'us-west-2' }],
    ['the command line wins, its list whole', { command: 'invoke' }, { parameterOverrides: { Environment: 'cli' }, envVars: '/abs/cli.json' }, {
      parameterOverrides: { Environment: 'cli' }, parameterSource: '--parameter-overrides', region: 'eu-west-2', envVars: '/abs/cli.json',
    }],
  ])('%s', (_what, query, cli, expected) => {
    const { diagnostics, parameterHints: _hints, ...chosen } = settings(FILE, query, cli);
    expect(chosen).toEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  // sam local's --profile: its commands' option, not pylambda package's (sam build runs no function).
  it.each<[string, string, SamconfigQuery['command'], string | undefined]>([
    ["global's, to invoke", '[default.global.parameters]\nprofile = "prod"\n', 'invoke', 'prod'],
    ["start-api's over global's, to dev", '[default.global.parameters]\nprofile = "prod"\n[default.local_start_api.parameters]\nprofile = "dev"\n', 'dev', 'dev'],
    ['not to package', '[default.global.parameters]\nprofile = "prod"\n', 'package', undefined],
    ["deploy's table, which sam local does not read", '[default.deploy.parameters]\nprofile = "prod"\n', 'invoke', undefined],
  ])('reads the profile the functions run with: %s', (_what, text, command, profile) => {
    expect(settings(text, { command }).profile).toBe(profile);
  });

  it('reads nothing from a file without the environment, and refuses a --config-env it does not have', () => {
    expect(settings('[prod.global.parameters]\nregion = "x"\n', { command: 'invoke' })).toEqual({ diagnostics: [] });
    expect(() => settings('[prod.global.parameters]\nregion = "x"\n[staging.deploy.parameters]\n', { env: 'qa' })).toThrow("--config-env qa: samconfig.toml has no environment 'qa' (it has prod, staging)");
  });

  it.each<[string, string, string]>([
    ['a hyphenated key, which SAM CLI ignores', '[default.global.parameters]\nparameter-overrides = "A=1"\n',
      "warning samconfig.toml [default.global.parameters] parameter-overrides: is not read: SAM CLI's key is parameter_overrides, with underscores (its option's long name), and it ignores this one too"],
    ['a region that is not a string', '[default.global.parameters]\nregion = 1\n', 'warning samconfig.toml [default.global.parameters] region: must be a string, not number 1: it is not read'],
    ['overrides that are neither a string nor a list of strings', '[default.global.parameters]\nparameter_overrides = { A = "1" }\n',
      'warning samconfig.toml [default.global.parameters] parameter_overrides: must be a string (A=1 B=2) or a list of strings, not a table: it is not read'],
  ])('says what it does not read: %s', (_what, text, message) => {
    const chosen = settings(text, { command: 'invoke' });
    expect(chosen.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([message]);
    expect(chosen.parameterOverrides).toBeUndefined();
  });

  // The keys read as options (port, event) are samconfig-options.ts's; these have no use here and say so, once each.
  it.each<[string, string, 'dev' | 'invoke', string[]]>([
    ['start-api\'s warm_containers and docker_network, to dev', '[default.local_start_api.parameters]\nport = 3001\nwarm_containers = "EAGER"\ndocker_network = "net"\n', 'dev', [
      "warning samconfig.toml [default.local_start_api.parameters] warm_containers: is not used: pylambda has no containers: dev keeps each function's environment warm between requests, as Lambda does",
      'warning samconfig.toml [default.local_start_api.parameters] docker_network: is not used: pylambda runs functions in local Python processes, not Docker containers: it has no equivalent',
    ]],
    ['global\'s skip_pull_image, to invoke', '[default.global.parameters]\nskip_pull_image = true\nevent = "e.json"\n', 'invoke', [
      'warning samconfig.toml [default.global.parameters] skip_pull_image: is not used: pylambda runs functions in local Python processes, not Docker containers: it has no equivalent',
    ]],
    ["start-lambda's table, to dev", '[default.local_start_lambda.parameters]\nport = 3001\nwarm_containers = "LAZY"\n', 'dev', [
      "warning samconfig.toml [default.local_start_lambda.parameters] port: is not used: sam local start-lambda's Lambda Invoke API is served by dev; give its port with pylambda dev --lambda-port",
      "warning samconfig.toml [default.local_start_lambda.parameters] warm_containers: is not used: sam local start-lambda's Lambda Invoke API is served by dev; it has no equivalent there",
    ]],
    // profile is read (the functions run with it), stack_name ignored as sam local ignores it.
    ["global's profile and stack_name (sam deploy's: no option of sam local's, which ignores it too), to invoke", '[default.global.parameters]\nprofile = "prod"\nstack_name = "app"\n', 'invoke', []],
    // template_file is read (samconfig-options.ts), as --template-file's default.
    ["local_invoke's template_file, tenant_id, log_file, and warm_containers (no option of sam local invoke's)", '[default.local_invoke.parameters]\ntemplate_file = "infra/template.yaml"\ntenant_id = "t1"\nlog_file = "out.log"\nwarm_containers = "EAGER"\n', 'invoke', [
      'warning samconfig.toml [default.local_invoke.parameters] tenant_id: is not used: give the tenant with pylambda invoke --tenant-id ID',
      "warning samconfig.toml [default.local_invoke.parameters] log_file: is not used: the functions' logs go to the terminal: redirect them to a file",
    ]],
    ["start-api's static_dir and language_extensions, to dev", '[default.local_start_api.parameters]\nstatic_dir = "public"\nlanguage_extensions = true\n', 'dev', [
      'warning samconfig.toml [default.local_start_api.parameters] static_dir: is not used: dev serves no static files: serve them from another server, python3 -m http.server for one',
      'warning samconfig.toml [default.local_start_api.parameters] language_extensions: is not used: AWS::LanguageExtensions is always expanded here',
    ]],
    ["start-lambda's table, to invoke", '[default.local_start_lambda.parameters]\nport = 3001\n', 'invoke', []],
    ['the options it reads', '[default.local_start_api.parameters]\nport = 3001\nhost = "0.0.0.0"\ndebug_port = 5858\n', 'dev', []],
    ['a key of the same name as an Object method', '[default.local_start_api.parameters]\nconstructor = 1\n', 'dev', []],
  ])('says a key it has no use for: %s', (_what, text, command, messages) => {
    const chosen = settings(text, { command });
    expect(chosen.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual(messages);
  });

  it('refuses an override that is not Key=Value, naming the table', () => {
    expect(() => settings('[default.global.parameters]\nparameter_overrides = "A=1 B"\n')).toThrow("samconfig.toml [default.global.parameters] parameter_overrides: 'B' is not Key=Value");
  });
});

describe('where the file sets a parameter this command does not read', () => {
  it.each<[string, string, Partial<SamconfigQuery>, CommandLineSettings, Record<string, string> | undefined]>([
    ['in deploy\'s table, where sam deploy --guided saves it', '[default.deploy.parameters]\nparameter_overrides = "Env=prod"\n', { command: 'invoke' }, {},
      { Env: 'samconfig.toml sets it in [default.deploy.parameters] only, which sam local invoke does not read either: set it in [default.global.parameters]' }],
    ['in another environment', '[prod.global.parameters]\nparameter_overrides = "Env=prod"\n', { command: 'dev' }, {},
      { Env: 'samconfig.toml sets it in [prod.global.parameters]: choose that environment with --config-env prod' }],
    ["in another command's table of another environment", '[prod.local_start_api.parameters]\nparameter_overrides = "Env=prod"\n', { command: 'invoke' }, {},
      { Env: 'samconfig.toml sets it in [prod.local_start_api.parameters] only, which sam local invoke does not read either: set it in [prod.global.parameters]' }],
    ['under a hyphenated key', '[default.global.parameters]\nparameter-overrides = "Env=prod"\n', { command: 'package' }, {},
      { Env: 'samconfig.toml sets it in [default.global.parameters] under parameter-overrides, which SAM CLI does not read either: write parameter_overrides' }],
    ['in the list the command line replaced', '[default.global.parameters]\nparameter_overrides = "Env=prod Other=1"\n', { command: 'invoke' }, { parameterOverrides: { Other: '2' } },
      { Env: 'samconfig.toml sets it in [default.global.parameters], but --parameter-overrides replaces that list whole, as with sam', Other: 'samconfig.toml sets it in [default.global.parameters], but --parameter-overrides replaces that list whole, as with sam' }],
    ['read as it is', '[default.global.parameters]\nparameter_overrides = "Env=prod"\n', { command: 'invoke' }, {}, undefined],
  ])('%s', (_what, text, query, cli, hints) => {
    expect(settings(text, query, cli).parameterHints).toEqual(hints);
  });

  it("is said in the template's problem for a parameter with no value", () => {
    const template = 'Parameters:\n  Env: { Type: String }\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: src/, MemorySize: !Ref Env }\n';
    const { parameterHints } = settings('[default.deploy.parameters]\nparameter_overrides = "Env=512"\n', { command: 'invoke' });
    expect(readSamTemplate(template, { file: 'template.yaml', ...(parameterHints ? { parameterHints } : {}) }).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'Resources.Fn.Properties.MemorySize: parameter Env has no Default and no override (--parameter-overrides Env=...; samconfig.toml sets it in [default.deploy.parameters] only, which sam local invoke does not read either: set it in [default.global.parameters]), so it cannot be used locally',
    ]);
  });

  it("names the file's table when a value from it is refused", () => {
    const template = 'Parameters:\n  Env: { Type: String, AllowedValues: [dev, prod] }\nResources: {}\n';
    const { parameterOverrides, parameterSource } = settings('[default.global.parameters]\nparameter_overrides = "Env=qa"\n', { command: 'invoke' });
    expect(readSamTemplate(template, { file: 'template.yaml', parameterOverrides: parameterOverrides!, parameterSource: parameterSource! }).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      "Parameters.Env: 'qa' (from samconfig.toml [default.global.parameters]) is not one of its AllowedValues (dev, prod): CloudFormation refuses it",
    ]);
  });
});
