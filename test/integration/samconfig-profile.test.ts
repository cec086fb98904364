// samconfig.toml's profile, as sam local's --profile: the functions run with that profile's credentials and region,
// over the shell's AWS_PROFILE and keys, as with AWS_PROFILE=NAME (boto3 in the function reads ~/.aws itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured, shellEnv } from '../cli-run.js';
import { fnTemplate, scratchDir, testPython } from '../helpers.js';

/** A home directory with two profiles, as `aws configure --profile` writes them. */
function home(): string {
  const dir = scratchDir('aws-home');
  mkdirSync(join(dir, '.aws'));
  writeFileSync(join(dir, '.aws', 'config'), '[default]\nregion = us-west-2\n\n[profile team]\nregion = eu-north-1\n');
  writeFileSync(join(dir, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n\n[team]\naws_access_key_id = AKIATEAM\naws_secret_access_key = t\n');
  return dir;
}

function project(samconfig: string): string {
  const dir = scratchDir('samconfig-profile');
  writeFileSync(join(dir, 'app.py'), [
    'import os, boto3', '', 'def handler(event, context):',
    '    key = boto3.Session().get_credentials().access_key',
    '    return {"profile": os.environ.get("AWS_PROFILE"), "region": os.environ["AWS_REGION"], "key": key}', '',
  ].join('\n'));
  writeFileSync(join(dir, 'template.yaml'), fnTemplate());
  writeFileSync(join(dir, 'samconfig.toml'), `version = 0.1\n${samconfig}`);
  return dir;
}

const invoke = (dir: string, env: Record<string, string>) => runCaptured(['invoke', '--python', testPython()], { cwd: dir, env: shellEnv({ HOME: home(), ...env }) });

describe("samconfig.toml's profile", () => {
  it("runs the function with the profile's credentials and region, over the shell's profile and keys", async () => {
    const { code, stdout, stderr } = await invoke(project('[default.global.parameters]\nprofile = "team"\n'), { AWS_PROFILE: 'default', AWS_ACCESS_KEY_ID: 'AKIASHELL', AWS_SECRET_ACCESS_KEY: 's' });
    expect([code, stdout, stderr.includes('profile')], stderr).toEqual([0, '{"profile": "team", "region": "eu-north-1", "key": "AKIATEAM"}\n', false]);
  });

  it("leaves the region to the file's region, and to the shell's AWS_REGION, as with the shell's profile", async () => {
    const fromFile = await invoke(project('[default.local_invoke.parameters]\nprofile = "team"\nregion = "ap-south-1"\n'), {});
    expect(fromFile.stdout).toBe('{"profile": "team", "region": "ap-south-1", "key": "AKIATEAM"}\n');
    const fromShell = await invoke(project('[default.local_invoke.parameters]\nprofile = "team"\n'), { AWS_REGION: 'ca-central-1' });
    expect(fromShell.stdout).toBe('{"profile": "team", "region": "ca-central-1", "key": "AKIATEAM"}\n');
  });

  it('without one, the shell\'s keys and profile, as before', async () => {
    const { stdout } = await invoke(project('[default.global.parameters]\nregion = "eu-west-2"\n'), { AWS_ACCESS_KEY_ID: 'AKIASHELL', AWS_SECRET_ACCESS_KEY: 's' });
    expect(stdout).toBe('{"profile": null, "region": "eu-west-2", "key": "AKIASHELL"}\n');
  });
});
