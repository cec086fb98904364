import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnTemplate, scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { devChild, freePort, withHeldPort } from '../dev-child.js';

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

  // sam local invoke read the event from the file; invoke sent its sample in its place. It opens the file's event and
  // env_vars from where it runs (click's defaults for --event and --env-vars), not from the file's directory.
  it("sends the event samconfig.toml's local_invoke table names, read from the current directory as sam reads it; --event wins", async () => {
    const dir = project();
    writeFileSync(join(dir, 'src', 'app.py'), 'import os\n\ndef handler(event, context):\n    return {**event, "from_file": os.environ["FROM_FILE"]}\n');
    mkdirSync(join(dir, 'conf', 'events'), { recursive: true });
    mkdirSync(join(dir, 'events'));
    writeFileSync(join(dir, 'events', 'event.json'), '{"from": "events/event.json"}');
    writeFileSync(join(dir, 'conf', 'events', 'event.json'), '{"from": "conf/events/event.json"}');
    writeFileSync(join(dir, 'conf', 'env.json'), '{"Fn": {"FROM_FILE": "conf/env.json"}}');
    writeFileSync(join(dir, 'env.json'), '{"Fn": {"FROM_FILE": "env.json"}}');
    writeFileSync(join(dir, 'given.json'), '{"from": "given.json"}');
    writeFileSync(join(dir, 'conf', 'samconfig.toml'), 'version = 0.1\n[default.global.parameters]\nparameter_overrides = "Environment=dev"\n[default.local_invoke.parameters]\nevent = "events/event.json"\nenv_vars = "env.json"\n');
    const fromFile = await invoke(dir, ['--config-file', 'conf/samconfig.toml']);
    expect([fromFile.code, fromFile.stdout]).toEqual([0, '{"from": "events/event.json", "from_file": "env.json"}\n']);
    expect(fromFile.stderr).not.toContain('samconfig.toml');
    expect(fromFile.stderr).not.toContain('no --event');
    const given = await invoke(dir, ['--config-file', 'conf/samconfig.toml', '--event', 'given.json']);
    expect([given.code, given.stdout]).toEqual([0, '{"from": "given.json", "from_file": "env.json"}\n']);
    writeFileSync(join(dir, 'conf', 'samconfig.toml'), 'version = 0.1\n[default.global.parameters]\nparameter_overrides = "Environment=dev"\n[default.local_invoke.parameters]\nevent = "missing.json"\n');
    const missing = await invoke(dir, ['--config-file', 'conf/samconfig.toml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`The event file ${join(dir, 'missing.json')} does not exist (the event ${join('conf', 'samconfig.toml')} sets, read from the current directory, as sam local invoke reads it)`);
    // coldstart reads sam local invoke's table, as invoke does: its event too.
    const coldstart = await runCaptured(['coldstart', '--config-file', 'conf/samconfig.toml', '--python', testPython()], { cwd: dir, env: shellEnv() });
    expect(coldstart.code).toBe(2);
    expect(coldstart.stderr).toContain(`The event file ${join(dir, 'missing.json')} does not exist (the event ${join('conf', 'samconfig.toml')} sets, read from the current directory, as sam local invoke reads it)`);
  });

  it("says where an event written from the file's directory is, and the path sam would open", async () => {
    const dir = project();
    mkdirSync(join(dir, 'conf', 'events'), { recursive: true });
    writeFileSync(join(dir, 'conf', 'events', 'event.json'), '{}');
    writeFileSync(join(dir, 'conf', 'samconfig.toml'), 'version = 0.1\n[default.global.parameters]\nparameter_overrides = "Environment=dev"\n[default.local_invoke.parameters]\nevent = "events/event.json"\n');
    const { code, stdout, stderr } = await invoke(dir, ['--config-file', 'conf/samconfig.toml']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe(`error: The event file ${join(dir, 'events', 'event.json')} does not exist (the event ${join('conf', 'samconfig.toml')} sets, read from the current directory, as sam local invoke reads it)\n`
      + `It is beside the file, at ${join('conf', 'events', 'event.json')}: SAM CLI opens the file's event from where it runs, as a path given to --event, so write event = "${join('conf', 'events', 'event.json')}" there\n`);
  });
});

/** An HTTP API project whose samconfig.toml's local_start_api table is `parameters`. */
function apiProject(parameters: string): string {
  const dir = scratchDir('samconfig-dev');
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "hello"}\n');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /hello, Method: get } }'] }));
  writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n[default.local_start_api.parameters]\n${parameters}`);
  return dir;
}

const dev = devChild;

describe("samconfig.toml's sam local start-api settings, in dev", () => {
  it('listens on its port', async () => {
    const port = await freePort();
    const { out, stop } = await dev(apiProject(`port = ${port}\nwarm_containers = "EAGER"\n`));
    try {
      const response = await fetch(`http://127.0.0.1:${port}/hello`);
      expect([response.status, await response.text()], out()).toEqual([200, 'hello']);
      expect(out()).toContain("samconfig.toml [default.local_start_api.parameters] warm_containers: is not used: pylambda has no containers: dev keeps each function's environment warm between requests, as Lambda does");
    } finally {
      await stop();
    }
  });

  // sam local start-api reads the file once; dev reloads on its change, but its servers stay where they are.
  it('says that a change of its port needs a restart, once, and goes on serving where it started', async () => {
    const port = await freePort();
    const dir = apiProject(`port = ${port}\n`);
    const { out, stop } = await dev(dir, [], true);
    try {
      writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n[default.local_start_api.parameters]\nport = ${port + 1}\n`);
      const said = `samconfig.toml now sets port = ${port + 1}, but dev goes on listening on 127.0.0.1:${port}, where it started: restart dev to listen there`;
      const deadline = Date.now() + 10_000;
      while (!out().includes(said) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out()).toContain(said);
      expect((await fetch(`http://127.0.0.1:${port}/hello`)).status).toBe(200);
      // The same change saved again is not said again.
      writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n[default.local_start_api.parameters]\nport = ${port + 1}\nhost = "127.0.0.1"\n`);
      const again = Date.now() + 3_000;
      while ((out().match(/reload/g) ?? []).length < 2 && Date.now() < again) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      expect(out().split(said).length - 1, out()).toBe(1);
    } finally {
      await stop();
    }
  });

  it('says its port in use as its own, which --port overrides, and --port wins over it', async () => {
    await withHeldPort(async (port) => {
      const dir = apiProject(`port = ${port}\n`);
      for (const args of [[], ['--no-watch']]) {
        const inUse = await runCaptured(['dev', dir, '--python', testPython(), ...args], { cwd: dir, env: shellEnv() });
        expect(inUse.code, inUse.stderr).toBe(2);
        expect(inUse.stderr).toBe(`error: Port ${port} on 127.0.0.1, for the HTTP API ServerlessHttpApi, is in use\nThe port is samconfig.toml's (port = ${port}), which --port overrides. Stop what uses it, or pass --port to start elsewhere (each endpoint takes the next port from it; --port 0 picks free ports).\n`);
      }
      const { out, stop } = await dev(dir, ['--port', '0']);
      try {
        const base = /HTTP API ServerlessHttpApi {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1];
        expect(base, out()).toBeDefined();
        expect(base).not.toBe(`http://127.0.0.1:${port}`);
        expect((await fetch(`${base}/hello`)).status).toBe(200);
      } finally {
        await stop();
      }
    });
  });

  it('listens on its host, and says one it cannot listen on as the file\'s', async () => {
    // TEST-NET-3 (RFC 5737): no machine's own address, so the error shows the file's host was used.
    const { code, stderr } = await runCaptured(['dev', apiProject('port = 0\nhost = "203.0.113.7"\n'), '--python', testPython(), '--no-watch'], { cwd: '/', env: shellEnv() });
    expect(code).toBe(2);
    expect(stderr).toBe("error: samconfig.toml's host 203.0.113.7 is not an address of this machine\nFix it in samconfig.toml, or pass --host, which wins over the file. Pass one it has: 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of its own.\n");
    const given = await runCaptured(['dev', apiProject('port = 0\n'), '--python', testPython(), '--no-watch', '--host', '203.0.113.7'], { cwd: '/', env: shellEnv() });
    expect(given.stderr).toBe('error: --host 203.0.113.7 is not an address of this machine\nPass one it has: 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of its own.\n');
  });
});
