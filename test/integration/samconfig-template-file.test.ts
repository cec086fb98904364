// samconfig.toml's template_file (sam's --template-file default): without --template, the samconfig file where the
// command runs names the template, read from there as a path given to --template, and that file's settings apply
// (SAM CLI reads the file before it knows the template: samcli/commands/_utils/options.py
// get_or_default_template_file_name sets samconfig_dir from the default template's directory, the current one).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DevSession, type DevEvent } from '../../src/api/dev.js';
import { invokeOnce } from '../../src/api/invoke.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { devChild, freePort } from '../dev-child.js';
import { fnTemplate, scratchDir, testPython } from '../helpers.js';

/** A project whose template is in infra/, its code in src/, and a samconfig.toml at the top naming the template. */
function project(samconfig: string): string {
  const dir = scratchDir('template-file');
  mkdirSync(join(dir, 'infra'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), 'import os\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": os.environ["AWS_REGION"] + " " + os.environ["STAGE"]}\n');
  writeFileSync(join(dir, 'infra', 'template.yaml'), fnTemplate({
    sections: ['Parameters:', '  Stage: {Type: String}'],
    properties: ['CodeUri: ../src/', 'Environment: {Variables: {STAGE: !Ref Stage}}'],
    events: ['Get: { Type: HttpApi, Properties: { Path: /hello, Method: get } }'],
  }));
  writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n${samconfig}`);
  return dir;
}

const invoke = (cwd: string, args: string[] = []) => runCaptured(['invoke', ...args, '--python', testPython()], { cwd, env: shellEnv({ AWS_REGION: 'us-east-1' }) });

describe("samconfig.toml's template_file", () => {
  it('names the template invoke reads, with the same file\'s parameters and region', async () => {
    const dir = project('[default.global.parameters]\ntemplate_file = "infra/template.yaml"\nregion = "eu-west-2"\nparameter_overrides = "Stage=beta"\n');
    const { code, stdout, stderr } = await invoke(dir);
    expect([code, stdout, stderr.includes('template_file')]).toEqual([0, '{"statusCode": 200, "body": "eu-west-2 beta"}\n', false]);
  });

  it('names the template dev serves, on the same file\'s port', async () => {
    const port = await freePort();
    const dir = project(`[default.global.parameters]\nparameter_overrides = "Stage=beta"\n[default.local_start_api.parameters]\ntemplate = "infra/template.yaml"\nport = ${port}\n`);
    const { out, stop } = await devChild(dir);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/hello`);
      expect([response.status, await response.text()], out()).toEqual([200, 'us-east-1 beta']);
    } finally {
      await stop();
    }
  });

  it('names the template of a DevSession started with none (the library\'s dev)', async () => {
    const port = await freePort();
    const dir = project(`[default.global.parameters]\ntemplate_file = "infra/template.yaml"\nparameter_overrides = "Stage=lib"\nport = ${port}\n`);
    const session = await DevSession.start({ dir, python: testPython(), hostEnv: shellEnv({ AWS_REGION: 'us-east-1' }), watch: false, onEvent: () => undefined });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/hello`);
      expect([response.status, await response.text()]).toEqual([200, 'us-east-1 lib']);
    } finally {
      await session.stop();
    }
  });

  // sam local start-api reads the file, and the template it names, once: dev goes on with its own, and says so once.
  it("says once that a reload's new template_file (and host) needs a restart, naming the port port 0 got", async () => {
    const dir = project('[default.global.parameters]\ntemplate_file = "infra/template.yaml"\nparameter_overrides = "Stage=lib"\nport = 0\n');
    writeFileSync(join(dir, 'infra', 'other.yaml'), fnTemplate({ properties: ['CodeUri: ../src/'] }));
    const warnings: string[] = [];
    const onEvent = (event: DevEvent) => {
      // Not the Python version's, which depends on the machine.
      if (event.type === 'warning' && event.diagnostic.message.startsWith('samconfig.toml')) warnings.push(event.diagnostic.message);
    };
    const session = await DevSession.start({ dir, python: testPython(), hostEnv: shellEnv({ AWS_REGION: 'us-east-1' }), watch: false, onEvent });
    try {
      const url = session.endpoints[0]!.url;
      const changed = '[default.global.parameters]\ntemplate_file = "infra/other.yaml"\nparameter_overrides = "Stage=lib"\nport = 0\nhost = "0.0.0.0"\n';
      writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n${changed}`);
      await session.reload([join(dir, 'samconfig.toml')]);
      await session.reload([join(dir, 'samconfig.toml')]);
      expect(warnings).toEqual([
        `samconfig.toml now sets host = "0.0.0.0", but dev goes on listening on 127.0.0.1:${new URL(url).port}, where it started: restart dev to listen there`,
        'samconfig.toml now names the template infra/other.yaml, but dev goes on serving infra/template.yaml, the template it started with: restart dev to serve the new one',
      ]);
      const response = await fetch(`${url}/hello`);
      expect([response.status, await response.text()]).toEqual([200, 'us-east-1 lib']);
    } finally {
      await session.stop();
    }
  });

  it('names the template of invokeOnce called with none (the library\'s invoke, and coldstart\'s setUpFunction)', async () => {
    const dir = project('[default.local_invoke.parameters]\ntemplate_file = "infra/template.yaml"\nparameter_overrides = "Stage=lib"\n');
    const { functionId, result } = await invokeOnce({ dir, python: testPython(), hostEnv: shellEnv({ AWS_REGION: 'us-east-1' }), event: Buffer.from('{}') });
    expect([functionId, result.payload.toString()]).toEqual(['Fn', '{"statusCode": 200, "body": "us-east-1 lib"}']);
  });

  it("names the template package builds, from sam build's table, not sam package's (the built template it uploads)", async () => {
    const dir = project('[default.build.parameters]\ntemplate_file = "infra/template.yaml"\nparameter_overrides = "Stage=pkg"\n[default.package.parameters]\ntemplate_file = ".aws-sam/build/template.yaml"\n');
    const { code, stderr } = await runCaptured(['package', '--python', testPython()], { cwd: dir, env: shellEnv({ AWS_REGION: 'us-east-1' }) });
    // The state is the template's directory's, as with --template infra/template.yaml.
    const manifest = JSON.parse(readFileSync(join(dir, 'infra', '.aws-sam', 'pylambda', 'package', 'manifest.json'), 'utf8')) as { functions: object };
    // The same file's parameter_overrides apply: no warning that Stage has no value.
    expect([code, stderr.includes('warning'), Object.keys(manifest.functions)], stderr).toEqual([0, false, ['Fn']]);
  });

  it('gives way to --template', async () => {
    const dir = project('[default.global.parameters]\ntemplate_file = "missing.yaml"\nparameter_overrides = "Stage=beta"\n');
    const { code, stdout } = await invoke(dir, ['--template', 'infra/template.yaml']);
    // The samconfig.toml beside infra/template.yaml is read then, as sam reads the one beside --template's: none, so no Stage.
    expect([code, stdout]).toEqual([0, '{"statusCode": 200, "body": "us-east-1 "}\n']);
  });

  it('says a file that is not there as the setting', async () => {
    const dir = project('[default.local_invoke.parameters]\ntemplate_file = "infra/template.yml"\n');
    const { code, stderr } = await invoke(dir);
    expect([code, stderr]).toEqual([2, `error: samconfig.toml's template_file infra/template.yml does not exist (looked in ${join(dir, 'infra', 'template.yml')})\n`
      + 'SAM CLI reads it from where it runs, as a path given to --template: fix it there, or pass --template FILE, which wins over it.\n']);
  });
});
