import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/api/project.js';
import { eventFile, scratchDir, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { frameworkInstalled, frameworkPrint } from '../serverless-framework.js';

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

/** A stage a JavaScript file gives: the shell's STAGE_WORD, else custom.fallbackStage (asked with resolveVariable). */
const STAGE_JS = "module.exports = { name: async ({ resolveVariable }) => process.env.STAGE_WORD || resolveVariable('self:custom.fallbackStage') };\n";

/** project(stage) with a stage.js, custom.fallbackStage qa, and a .env.qa that sets STAGE_WORD, which must not move the stage. */
function jsStageProject(): string {
  const dir = project('${file(./stage.js):name}');
  writeFileSync(join(dir, 'serverless.yml'), readFileSync(join(dir, 'serverless.yml'), 'utf8').replace('functions:', 'custom:\n  fallbackStage: qa\nfunctions:'));
  writeFileSync(join(dir, 'stage.js'), STAGE_JS);
  writeFileSync(join(dir, '.env.qa'), 'FROM_DOTENV=from-dotenv-qa\nSTAGE_WORD=prod\n');
  return dir;
}

/** A serverless.js whose provider.stage is a plain string. */
function serverlessJsProject(): string {
  const dir = project('qa');
  rmSync(join(dir, 'serverless.yml'));
  writeFileSync(join(dir, 'serverless.js'), `module.exports = ${JSON.stringify({
    service: 'dot', useDotenv: true,
    provider: { name: 'aws', runtime: 'python3.12', stage: 'qa', environment: { STAGE: '${sls:stage}', FROM_DOTENV: "${env:FROM_DOTENV, 'none'}" } },
    functions: { hello: { handler: 'handler.hello' } },
  })};\n`);
  writeFileSync(join(dir, '.env.qa'), 'FROM_DOTENV=from-dotenv-qa\n');
  return dir;
}

// scripts/serverless.js resolves provider.stage with the env, file, opt, self, strToBool and sls sources before
// lib/cli/conditionally-load-dotenv.js loads .env.{stage}: a ${file(./x.js)} runs then, with the shell's environment.
describe('useDotenv with a stage a JavaScript file gives', () => {
  it('reads the .env file of the stage the file gives, which a variable the .env file sets does not change afterwards', async () => {
    const dir = jsStageProject();
    expect(JSON.parse((await invoke([], dir)).stdout)).toEqual(['qa', 'from-dotenv-qa']);
    expect(JSON.parse((await invoke([], dir, { STAGE_WORD: 'prod' })).stdout)).toEqual(['prod', 'from-dotenv-prod']);
    expect(JSON.parse((await invoke(['--stage', 'dev'], dir)).stdout)).toEqual(['dev', 'from-dotenv']);
  });

  it('refuses a stage whose file asks for a variable the .env file it picks sets, as the Framework does', async () => {
    const dir = jsStageProject();
    writeFileSync(join(dir, 'stage.js'), "module.exports = { name: ({ resolveVariable }) => resolveVariable('env:STAGE_NAME, \"qa\"') };\n");
    writeFileSync(join(dir, '.env.qa'), 'STAGE_NAME=prod\n');
    const { code, stderr } = await invoke([], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('provider.stage: reads ${env:STAGE_NAME}, which .env.qa sets: the stage that picks the .env file would depend on the file itself');
    expect(JSON.parse((await invoke([], dir, { STAGE_NAME: 'qa' })).stdout)).toEqual(['qa', 'none']);
  });

  it("reads .env.{stage} of a serverless.js's provider.stage", async () => {
    expect(JSON.parse((await invoke([], serverlessJsProject())).stdout)).toEqual(['qa', 'from-dotenv-qa']);
  });

  it('refuses a stage that cannot be known before the file is loaded, --stage or not, as the Framework does', async () => {
    const dir = project('${ssm:/dot/stage}');
    for (const args of [[], ['--stage', 'prod']]) {
      const { code, stderr } = await invoke(args, dir);
      expect(code).toBe(2);
      expect(stderr).toBe(`error: serverless.yml has 1 problem:\n  provider.stage: cannot be known before the .env file is loaded (\${ssm:/dot/stage} is of the "ssm" variable source, which is not read then (only env, file, opt, self, strToBool and sls are)): the Serverless Framework refuses the configuration ("provider.stage" property is not accessible); write the stage in the file, or as \${opt:stage, 'dev'}\n`);
    }
  });
});

describe.skipIf(!frameworkInstalled())('useDotenv with a stage from JavaScript: the Serverless Framework v3 on the same files', () => {
  // Shared: the Framework sets itself up in its HOME the first time, which takes seconds.
  let home = '';
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'pylambda-sls-home-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const printed = async (dir: string, env: Record<string, string> = {}) => {
    const print = await frameworkPrint(dir, { home, env });
    expect(print.error).toBeUndefined();
    const environment = (print.config!.provider as { environment: Record<string, string> }).environment;
    return [environment.STAGE, environment.FROM_DOTENV];
  };

  it("loads the same .env file for a stage.js's stage", async () => {
    expect(await printed(jsStageProject())).toEqual(['qa', 'from-dotenv-qa']);
  });

  it("loads the same .env file for a serverless.js's provider.stage", async () => {
    const dir = serverlessJsProject();
    expect(await printed(dir)).toEqual(JSON.parse((await invoke([], dir)).stdout));
  });

  it('refuses the same unknown stage', async () => {
    const print = await frameworkPrint(project('${ssm:/dot/stage}'), { home, stage: 'prod' });
    expect(print.error).toContain('Cannot resolve serverless.yml: "provider.stage" property is not accessible (configured behind variables which cannot be resolved at this stage)');
  });

  // The param source is not one the Framework resolves provider.stage with, --stage, --param and params: or not.
  it.each([["${param:stage, 'prod'}", ['--param', 'stage=qa']], ["${opt:stage, param:stage}", []]])('refuses a stage %s, as pylambda does', async (stage, args) => {
    const dir = project(stage);
    writeFileSync(join(dir, 'serverless.yml'), readFileSync(join(dir, 'serverless.yml'), 'utf8').replace('provider:', 'params:\n  default:\n    stage: qa\nprovider:'));
    const print = await frameworkPrint(dir, { home, args });
    expect(print.error).toContain('Cannot resolve serverless.yml: "provider.stage" property is not accessible (configured behind variables which cannot be resolved at this stage)');
    const { code, stderr } = await invoke(args, dir);
    expect(code).toBe(2);
    expect(stderr).toContain(`provider.stage: cannot be known before the .env file is loaded (\${param:stage} is of the "param" variable source, which is not read then`);
    // With --stage, ${opt:stage} is the stage: both take it.
    if (stage.startsWith('${opt')) {
      expect((await frameworkPrint(dir, { home, stage: 'prod' })).error).toBeUndefined();
      expect(JSON.parse((await invoke(['--stage', 'prod'], dir)).stdout)).toEqual(['prod', 'from-dotenv-prod']);
    }
  });
  // Not vitest's 60 s: a Framework print took 25-75 s beside other test runs on 2 cores, and a test here runs up to two
  // of them with two invokes.
}, 300_000);
