import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

function invoke(cwd: string, args: string[] = []) {
  // The shell's region is not the function's: samconfig's region is, as sam local invoke runs it there.
  return runCaptured(['invoke', ...args, '--python', testPython()], { cwd, env: shellEnv({ AWS_REGION: 'us-east-1' }) });
}

/** The report's project: a parameter without a Default, which only samconfig.toml gives. */
function project(): string {
  const dir = scratchDir('samconfig');
  writeFileSync(join(dir, 'template.yaml'), `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Environment: {Type: String, AllowedValues: [dev, prod]}
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.11
      MemorySize: !If [IsProd, 1024, 256]
      Environment: {Variables: {STAGE: !Ref Environment, FROM_FILE: ''}}
`);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), 'import os\n\ndef handler(event, context):\n    return {"region": os.environ["AWS_REGION"], "stage": os.environ["STAGE"], "memory": context.memory_limit_in_mb, "from_file": os.environ["FROM_FILE"]}\n');
  writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1
[default.global.parameters]
region = "eu-west-2"
parameter_overrides = "Environment=dev"

[prod.global.parameters]
region = "ap-south-1"
parameter_overrides = "Environment=prod"

[prod.local_invoke.parameters]
env_vars = "env.prod.json"
`);
  writeFileSync(join(dir, 'env.prod.json'), '{"Fn": {"FROM_FILE": "env.prod.json"}}');
  return dir;
}

describe('samconfig.toml', () => {
  it("gives invoke the template's parameters and the functions' region, as sam local invoke takes them", async () => {
    const dir = project();
    const { code, stdout } = await invoke(dir);
    expect(code).toBe(0);
    expect(stdout).toBe('{"region": "eu-west-2", "stage": "dev", "memory": "256", "from_file": ""}\n');
  });

  it('--config-env prod reads that environment: its parameters, region and env_vars', async () => {
    const dir = project();
    const { code, stdout } = await invoke(dir, ['--config-env', 'prod']);
    expect(code).toBe(0);
    expect(stdout).toBe('{"region": "ap-south-1", "stage": "prod", "memory": "1024", "from_file": "env.prod.json"}\n');
  });

  it('the command line wins over the file', async () => {
    const dir = project();
    const { code, stdout } = await invoke(dir, ['--parameter-overrides', 'Environment=prod']);
    expect(code).toBe(0);
    expect(stdout).toBe('{"region": "eu-west-2", "stage": "prod", "memory": "1024", "from_file": ""}\n');
  });

  // sam local invoke read the event from the file; invoke sent its sample without a word.
  it('says the settings it takes on the command line only, unless the command line gives them', async () => {
    const dir = project();
    writeFileSync(join(dir, 'samconfig.toml'), 'version = 0.1\n[default.global.parameters]\nparameter_overrides = "Environment=dev"\n[default.local_invoke.parameters]\nevent = "events/event.json"\n');
    mkdirSync(join(dir, 'events'));
    writeFileSync(join(dir, 'events', 'event.json'), '{}');
    const unread = await invoke(dir);
    expect(unread.code).toBe(0);
    expect(unread.stderr).toContain('warning: samconfig.toml [default.local_invoke.parameters] event: is not read from the file: give it on the command line, pylambda invoke --event events/event.json\n');
    const given = await invoke(dir, ['--event', 'events/event.json']);
    expect(given.code).toBe(0);
    expect(given.stderr).not.toContain('samconfig.toml');
  });
});
