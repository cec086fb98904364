// pylambda reads serverless.yml as the Serverless Framework v3 does: for a table of realistic services, what
// pylambda makes of the file (functions, handlers, runtimes, memory, timeouts, environments, layers, the code the
// handler is found in, routes, stage, region, CORS) is compared with what the real Framework, run on the same
// directory, resolves (`serverless print`) and compiles (`serverless package`'s CloudFormation template).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../../src/api/local-aws.js';
import { loadProject } from '../../src/api/project.js';
import { scratchDir, testPython } from '../helpers.js';
import { ConfigError } from '../../src/core/errors.js';
import { CASES, handlerFiles, VARIABLE_FILES, type Case } from '../serverless-framework-cases.js';
import { frameworkAwsEnv, frameworkModel, frameworkPrint, pylambdaModel } from '../serverless-framework.js';

let work: string;
/** The Framework's HOME, shared: it sets itself up there the first time, which takes seconds. */
let home: string;
let aws: LocalAws | undefined;
let awsEnv: Record<string, string>;

// `serverless package` asks CloudFormation whether a service's layers were deployed already: moto answers that they
// were not, as AWS does before the first deploy, and STS gives ${aws:accountId} moto's account, pylambda's local one.

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pylambda-sls-parity-'));
  home = join(work, 'home');
  mkdirSync(home);
  aws = await startLocalAws({ root: work, python: { executable: testPython() }, hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME } });
  awsEnv = frameworkAwsEnv(aws.endpoint);
});

afterAll(async () => {
  await aws?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The service's files in a directory of a scratch directory (a monorepo's services/<name>: its `../` files are the scratch directory's). */
function service(c: Pick<Case, 'files' | 'handlers'>): string {
  const dir = join(scratchDir('sls-parity'), 'services', 'api');
  for (const [path, text] of Object.entries({ ...handlerFiles(c.handlers), ...c.files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

// The Framework takes seconds to start, and `serverless package` more: under a load of 15 on 2 cores a case here took
// 85 s (the default limit is 60 s).
describe('serverless.yml read as the Serverless Framework v3 reads it', { timeout: 240_000 }, () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const dir = service(c);
    const framework = await frameworkModel(dir, { home, ...(c.stage ? { stage: c.stage } : {}), env: { ...c.env, ...awsEnv } });
    expect(Object.keys(framework.functions).length).toBeGreaterThan(0);
    const loaded = await loadProject({ dir, ...(c.stage ? { stage: c.stage } : {}), env: { ...c.env } });
    expect(pylambdaModel(loaded)).toEqual(framework);
  });
});

describe('serverless print, offline (no AWS credentials)', { timeout: 240_000 }, () => {
  const handlers = ['handler.hello', 'src/api/handler.main', 'web.handler'];

  it("resolves what pylambda resolves, ${aws:region} included (provider.region, from the shell here): names, handlers, each function's environment over the provider's", async () => {
    const dir = service({ files: VARIABLE_FILES, handlers });
    const env = { REGION: 'ap-south-1' };
    const printed = await frameworkPrint(dir, { home, stage: 'prod', env });
    expect(printed.error).toBeUndefined();
    const provider = printed.config!.provider as { stage: string; region: string; environment: Record<string, string> };
    const functions = printed.config!.functions as Record<string, { name: string; handler: string; environment?: Record<string, string> }>;
    expect([provider.stage, provider.region, provider.environment.REGION]).toEqual(['prod', 'ap-south-1', 'ap-south-1']);
    const loaded = await loadProject({ dir, stage: 'prod', env });
    expect(loaded.project.functions.map((f) => ({ key: f.id, name: f.name, handler: f.handler, environment: f.environment })))
      .toEqual(Object.entries(functions).map(([key, fn]) => ({ key, name: fn.name, handler: fn.handler, environment: { ...provider.environment, ...fn.environment } })));
    expect(loaded.project.region).toBe('ap-south-1');
    expect(loaded.project.endpoints.find((e) => e.kind === 'rest')?.stage).toBe('prod');
  });

  it("takes --param K=V as sls --param does: over the stage's params and the default ones", async () => {
    const dir = service({ files: VARIABLE_FILES, handlers });
    const printed = await frameworkPrint(dir, { home, stage: 'prod', args: ['--param', 'domain=example.org', '--param', 'tableSuffix=own'] });
    expect(printed.error).toBeUndefined();
    const environment = (printed.config!.provider as { environment: Record<string, string> }).environment;
    expect([environment.DOMAIN, environment.SUFFIX]).toEqual(['example.org', 'own']);
    const loaded = await loadProject({ dir, stage: 'prod', env: {}, params: { domain: 'example.org', tableSuffix: 'own' } });
    expect(loaded.project.functions[0]!.environment).toMatchObject({ DOMAIN: 'example.org', SUFFIX: 'own' });
  });

  it.each([
    ['${ssm:/shop/secret}', 'AWS Systems Manager Parameter Store through the "ssm" variable source'],
    ['${cf:billing-prod.TableName}', 'the outputs of a deployed CloudFormation stack through the "cf" variable source'],
  ])('%s cannot be resolved offline: print fails at the property, pylambda names the source (empty in an environment, an error elsewhere)', async (variable, source) => {
    const yml = `service: remote\nprovider:\n  name: aws\n  runtime: python3.11\nfunctions:\n  a:\n    handler: a.handler\n    environment:\n      SECRET: ${variable}\n`;
    const dir = service({ files: { 'serverless.yml': yml }, handlers: ['a.handler'] });
    const printed = await frameworkPrint(dir, { home });
    expect(printed.error).toContain('Cannot resolve variable at "functions.a.environment.SECRET": AWS provider credentials not found.');
    const loaded = await loadProject({ dir, env: {} });
    expect(loaded.project.functions[0]!.environment).toEqual({ SECRET: '' });
    expect(loaded.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      `functions.a.environment.SECRET: ${variable} reads ${source}, which pylambda cannot do locally; it is empty locally unless set with --env-vars`,
    ]);
    writeFileSync(join(dir, 'serverless.yml'), yml.replace('    environment:\n      SECRET:', '    memorySize:'));
    const error = await loadProject({ dir, env: {} }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      `functions.a.memorySize: ${variable} reads ${source}, which pylambda cannot do locally, so it cannot be used locally`,
    ]);
  });

  it('${sls:instanceId} is the time the run started, in epoch milliseconds, on both sides', async () => {
    const yml = 'service: ids\nprovider:\n  name: aws\n  runtime: python3.11\n  environment:\n    DEPLOY: run-${sls:instanceId}\nfunctions:\n  a:\n    handler: a.handler\n';
    const dir = service({ files: { 'serverless.yml': yml }, handlers: ['a.handler'] });
    const before = Date.now();
    const printed = await frameworkPrint(dir, { home });
    const loaded = await loadProject({ dir, env: {} });
    const ids = [(printed.config!.provider as { environment: { DEPLOY: string } }).environment.DEPLOY, loaded.project.functions[0]!.environment.DEPLOY!];
    for (const id of ids) expect(Number(/^run-(\d{13})$/.exec(id)?.[1])).toBeGreaterThanOrEqual(before);
    expect(loaded.warnings).toEqual([]);
  });

  it('${aws:accountId} needs AWS: print fails offline; pylambda gives its local account, 123456789012 (moto\'s, which the table above compares)', async () => {
    const yml = 'service: acct\nprovider:\n  name: aws\n  runtime: python3.11\n  environment:\n    ACCOUNT: ${aws:accountId}\nfunctions:\n  a:\n    handler: a.handler\n';
    const dir = service({ files: { 'serverless.yml': yml }, handlers: ['a.handler'] });
    expect((await frameworkPrint(dir, { home })).error).toContain('Cannot resolve variable at "provider.environment.ACCOUNT": AWS provider credentials not found.');
    const loaded = await loadProject({ dir, env: {} });
    expect([loaded.project.functions[0]!.environment, loaded.warnings]).toEqual([{ ACCOUNT: '123456789012' }, []]);
  });
});
