import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { eventFile, probeUntil, scratchDir, startDev, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

/** A service with serverless-dotenv-plugin, whose function answers with its variables A, B, C and SHARED. */
function project(custom = ''): string {
  const dir = scratchDir('dotenv-plugin');
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: dot',
    "frameworkVersion: '3'",
    'plugins:',
    '  - serverless-dotenv-plugin',
    ...(custom ? ['custom:', `  dotenv: ${custom}`] : []),
    'provider:',
    '  name: aws',
    '  runtime: python3.12',
    '  stage: prod',
    '  environment:',
    '    SHARED: provider',
    'functions:',
    '  hello:',
    '    handler: handler.hello',
    '    events:',
    '      - httpApi: GET /vars',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'handler.py'), [
    'import os',
    'def hello(e, c):',
    '    return " ".join(os.environ.get(k, "-") for k in ["A", "B", "C", "SHARED"])',
    '',
  ].join('\n'));
  writeFileSync(join(dir, '.env'), 'A=env\nB=env\nC=env\nSHARED=dotenv\n');
  writeFileSync(join(dir, '.env.prod'), 'A=prod\nB=prod-$C\n');
  return dir;
}

function invoke(dir: string, argv: string[] = [], env: Record<string, string> = {}) {
  return runCaptured(['invoke', 'hello', ...argv, '--event', eventFile('{}'), '--python', testPython()], { cwd: dir, env: shellEnv(env) });
}

describe('serverless-dotenv-plugin', () => {
  it("gives every function its .env files' variables, over provider.environment, as the plugin does", async () => {
    const dir = project();
    // No --stage: .env.development (not provider.stage's .env.prod), then .env.
    let run = await invoke(dir);
    expect(run.stderr).not.toContain('dotenv');
    expect(JSON.parse(run.stdout)).toBe('env env env dotenv');
    // .env.prod is loaded and expanded before .env: its $C is empty, as with the plugin (checked against it).
    run = await invoke(dir, ['--stage', 'prod']);
    expect(JSON.parse(run.stdout)).toBe('prod prod- env dotenv');
    // The shell's variable wins over the files', and NODE_ENV picks the files over --stage.
    run = await invoke(dir, ['--stage', 'prod'], { C: 'shell' });
    expect(JSON.parse(run.stdout)).toBe('prod prod-shell shell dotenv');
    run = await invoke(dir, ['--stage', 'prod'], { NODE_ENV: 'qa' });
    expect(JSON.parse(run.stdout)).toBe('env env env dotenv');
  });

  it('applies include and refuses a missing required variable', async () => {
    let dir = project('{ include: [A] }');
    expect(JSON.parse((await invoke(dir)).stdout)).toBe('env - - provider');
    dir = project('{ required: { env: [A, NOPE] } }');
    const run = await invoke(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('custom.dotenv.required.env: Missing the following required environment variables: NOPE (set them in a .env file or in the shell)');
  });

  it('dev reads the files again when one changes or one it looked for appears', async () => {
    const dir = project();
    const dev = await startDev(dir, { watch: true, stage: 'prod' });
    session = dev.session;
    const get = () => fetch(`${dev.url('HttpApi')}/vars`).then((r) => r.text());
    expect(await get()).toBe('prod prod- env dotenv');
    writeFileSync(join(dir, '.env'), 'A=env\nB=env\nC=edited\nSHARED=dotenv\n');
    expect(await probeUntil(get, 'prod prod- edited dotenv')).toBe('prod prod- edited dotenv');
    writeFileSync(join(dir, '.env.prod.local'), 'A=local\nC=first\n');
    expect(await probeUntil(get, 'local prod-first first dotenv')).toBe('local prod-first first dotenv');
  });
});
