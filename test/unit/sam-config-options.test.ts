import { describe, expect, it } from 'vitest';
import { parseSamconfig, type SamconfigCommand } from '../../src/core/model/sam/samconfig.js';
import { samconfigOptionValues } from '../../src/core/model/sam/samconfig-options.js';

const toml = (text: string) => parseSamconfig(`version = 0.1\n${text}`, 'samconfig.toml');

describe("samconfigOptionValues: the options sam local start-api and sam local invoke take from the file", () => {
  it.each<[string, string, SamconfigCommand, string | undefined, Record<string, unknown>]>([
    ["start-api's port, host, debug_port and debug_function, to dev", '[default.local_start_api.parameters]\nport = 3001\nhost = "0.0.0.0"\ndebug_port = 5858\ndebug_function = "Fn"\n', 'dev', undefined,
      { port: 3001, host: '0.0.0.0', 'debug-port': 5858, 'debug-function': 'Fn' }],
    ["a port written as a string, as sam deploy --guided writes values", '[default.local_start_api.parameters]\nport = "3001"\n', 'dev', undefined, { port: 3001 }],
    ['port 0, which dev takes as any free port', '[default.local_start_api.parameters]\nport = 0\n', 'dev', undefined, { port: 0 }],
    ["global's, under the command's (SamConfig.get_all)", '[default.global.parameters]\nport = 4000\nhost = "0.0.0.0"\n[default.local_start_api.parameters]\nport = 3001\n', 'dev', undefined, { port: 3001, host: '0.0.0.0' }],
    ["local_invoke's event and debug_port, to invoke", '[default.local_invoke.parameters]\nevent = "events/e.json"\ndebug_port = 5858\nport = 3001\n', 'invoke', undefined, { event: 'events/e.json', 'debug-port': 5858 }],
    ["another command's table is not read", '[default.local_invoke.parameters]\nport = 3001\n[default.local_start_api.parameters]\nevent = "e.json"\n', 'dev', undefined, {}],
    ['--config-env prod', '[default.local_start_api.parameters]\nport = 3001\n[prod.local_start_api.parameters]\nport = 3002\n', 'dev', 'prod', { port: 3002 }],
    ['an environment the file lacks: none', '[default.local_start_api.parameters]\nport = 3001\n', 'dev', 'qa', {}],
    // --template-file's default, and --template's, which get_or_default_template_file_name takes when it is missing.
    ["template_file, to dev and invoke", '[default.global.parameters]\ntemplate_file = "infra/template.yaml"\n', 'invoke', undefined, { template: 'infra/template.yaml' }],
    ["template, the alias", '[default.local_start_api.parameters]\ntemplate = "infra/t.yaml"\n', 'dev', undefined, { template: 'infra/t.yaml' }],
    ["global's template_file over the command's template", '[default.global.parameters]\ntemplate_file = "a.yaml"\n[default.local_start_api.parameters]\ntemplate = "b.yaml"\n', 'dev', undefined, { template: 'a.yaml' }],
    // sam package's template_file is the template it uploads, sam build's output by default: not package's.
    ["sam build's template_file, to package, alone", '[default.build.parameters]\ntemplate_file = "infra/t.yaml"\nport = 3001\n[default.package.parameters]\ntemplate_file = ".aws-sam/build/template.yaml"\n', 'package', undefined, { template: 'infra/t.yaml' }],
    ["global's template, to package", '[default.global.parameters]\ntemplate = "infra/t.yaml"\nevent = "e.json"\n', 'package', undefined, { template: 'infra/t.yaml' }],
    ['a key named as an Object method', '[default.local_start_api.parameters]\nconstructor = 1\n', 'dev', undefined, {}],
  ])('%s', (_what, text, command, env, expected) => {
    expect(samconfigOptionValues(toml(text), command, 'samconfig.toml', env)).toEqual(expected);
  });

  // click refuses them before sam local starts; dev would otherwise listen elsewhere than the file says.
  it.each<[string, string, 'dev' | 'invoke', string]>([
    ['a port out of range', '[default.local_start_api.parameters]\nport = 70000\n', 'dev', 'samconfig.toml [default.local_start_api.parameters] port: must be a port number (0-65535), not 70000'],
    ['a port that is not a number', '[default.global.parameters]\nport = "http"\n', 'dev', 'samconfig.toml [default.global.parameters] port: must be a port number (0-65535), not "http"'],
    ['debug_port 0', '[default.local_invoke.parameters]\ndebug_port = 0\n', 'invoke', 'samconfig.toml [default.local_invoke.parameters] debug_port: must be a port number (1-65535), not 0'],
    ['an event that is not a string', '[default.local_invoke.parameters]\nevent = ["a.json"]\n', 'invoke', 'samconfig.toml [default.local_invoke.parameters] event: must be a non-empty string, not ["a.json"]'],
    ['an empty host', '[default.local_start_api.parameters]\nhost = ""\n', 'dev', 'samconfig.toml [default.local_start_api.parameters] host: must be a non-empty string, not ""'],
  ])('refuses %s', (_what, text, command, message) => {
    expect(() => samconfigOptionValues(toml(text), command, 'samconfig.toml')).toThrow(message);
  });
});
