import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/api/project.js';
import { eventFile, scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

function invoke(argv: string[], cwd: string, env: Record<string, string> = {}) {
  return runCaptured(['invoke', ...argv, '--event', eventFile('{}'), '--python', testPython()], { cwd, env: shellEnv(env) });
}

/** The report's project: the stage is written with a variable, as most serverless.yml files write it. */
function project(stage: string): string {
  const dir = scratchDir('dotenv-stage');
  writeFileSync(join(dir, 'serverless.yml'), [
    'service: dot',
    "frameworkVersion: '3'",
    'useDotenv: true',
    'provider:',
    '  name: aws',
    '  runtime: python3.12',
    `  stage: ${stage}`,
    '  environment:',
    '    STAGE: ${sls:stage}',
    "    FROM_DOTENV: ${env:FROM_DOTENV, 'none'}",
    'functions:',
    '  hello:',
    '    handler: handler.hello',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'handler.py'), 'import os\ndef hello(e, c):\n    return [os.environ["STAGE"], os.environ["FROM_DOTENV"]]\n');
  writeFileSync(join(dir, '.env'), 'FROM_DOTENV=from-dotenv\n');
  writeFileSync(join(dir, '.env.prod'), 'FROM_DOTENV=from-dotenv-prod\n');
  return dir;
}

// Framework v3 resolves provider.stage before it loads .env.{stage} (scripts/serverless.js, lib/cli/conditionally-load-dotenv.js).
describe('useDotenv with a stage written as a variable', () => {
  it("reads .env.{stage} of the stage the variable gives, and that file is configuration (dev reloads on its changes)", async () => {
    const dir = project("${opt:stage, 'prod'}");
    expect(JSON.parse((await invoke([], dir)).stdout)).toEqual(['prod', 'from-dotenv-prod']);
    expect(JSON.parse((await invoke(['--stage', 'dev'], dir)).stdout)).toEqual(['dev', 'from-dotenv']);
    const loaded = await loadProject({ dir, env: {} });
    expect(loaded.configFiles).toContain(join(dir, '.env.prod'));
    expect(loaded.configFiles).not.toContain(join(dir, '.env.dev'));
  });

  it('refuses a stage that a variable of the .env file it picks would change, as the Framework does', async () => {
    const dir = project("${env:STAGE_NAME, 'prod'}");
    writeFileSync(join(dir, '.env.prod'), 'STAGE_NAME=qa\n');
    const { code, stderr } = await invoke([], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('provider.stage: reads ${env:STAGE_NAME}, which .env.prod sets: the stage that picks the .env file would depend on the file itself, which the Serverless Framework refuses (DOTENV_ENV_VAR_RESOLUTION_CONFLICT); set STAGE_NAME in the shell or pass --stage');
    // Set in the shell, it is the shell's (dotenv leaves a variable the shell sets alone).
    expect(JSON.parse((await invoke([], dir, { STAGE_NAME: 'prod' })).stdout)).toEqual(['prod', 'none']);
  });
});
