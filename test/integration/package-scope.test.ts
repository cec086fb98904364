// What a `pylambda package` run builds and what its output directory keeps: the manifest describes the
// project as it is now, functions pylambda does not build are skipped with a warning (an error when
// named), a zip past the direct-upload limit is kept, and parameters CloudFormation refuses are refused.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFunctions } from '../../src/api/package.js';
import { cli, dist, failure, fakeInstaller, options, removeTemporary, temporary, writeFile, zipNames } from './package-helpers.js';

afterAll(removeTemporary);

const HANDLER = { 'src/app.py': 'def handler(event, context):\n    return {}\n' };

/** A SAM project whose template is `resources` (indented as under Resources:), with `head` above it. */
function samProject(resources: string, files: Record<string, string | Uint8Array> = HANDLER, head = ''): string {
  const dir = temporary('pylambda-scope-');
  writeTemplate(dir, resources, head);
  for (const [path, content] of Object.entries(files)) writeFile(join(dir, path), content);
  return dir;
}

function writeTemplate(dir: string, resources: string, head = ''): void {
  writeFile(join(dir, 'template.yaml'), `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n${head}Resources:\n${resources}`);
}

const fn = (id: string, extra = '', codeUri = 'src/') => `  ${id}:\n    Type: AWS::Serverless::Function\n${extra}    Properties: { CodeUri: ${codeUri}, Handler: app.handler, Runtime: python3.12 }\n`;

// A SAM project's build state is under .aws-sam (which sam build does not copy), the others' under .pylambda.
const out = (dir: string) => join(dir, ...(existsSync(join(dir, 'serverless.yml')) ? ['.pylambda'] : ['.aws-sam', 'pylambda']), 'package');
const listing = (dir: string) => readdirSync(out(dir)).sort();
const manifestIds = (dir: string) => Object.keys(JSON.parse(readFileSync(join(out(dir), 'manifest.json'), 'utf8')).functions as object);

describe('the manifest describes the project as it is now', () => {
  it('a full run after a rename drops the old function, its zip and its layer zip (with --no-cache too)', async () => {
    const dir = samProject(fn('OldFn'), { ...HANDLER, 'src/requirements.txt': 'six\n' });
    const installer = () => fakeInstaller([() => ({ files: { 'six.py': '', ...dist('six', '1.16.0') } })]).runTool;
    await packageFunctions(options(dir, installer(), { layer: true }).opts);
    expect(listing(dir)).toEqual(['OldFn.layer.zip', 'OldFn.zip', 'manifest.json']);

    writeTemplate(dir, fn('NewFn'));
    await packageFunctions(options(dir, installer(), { layer: true, noCache: true }).opts);
    expect(listing(dir)).toEqual(['NewFn.layer.zip', 'NewFn.zip', 'manifest.json']);
    expect(manifestIds(dir)).toEqual(['NewFn']);
  });

  it('a function a false Condition now leaves out loses its entry and zip', async () => {
    const head = 'Parameters:\n  Env: { Type: String, Default: prod }\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';
    const dir = samProject(fn('Always') + fn('ProdOnly', '    Condition: IsProd\n'), HANDLER, head);
    await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    expect(manifestIds(dir)).toEqual(['Always', 'ProdOnly']);

    await packageFunctions(options(dir, fakeInstaller([]).runTool, { parameterOverrides: { Env: 'dev' } }).opts);
    expect(manifestIds(dir)).toEqual(['Always']);
    expect(listing(dir)).toEqual(['Always.zip', 'manifest.json']);
  });

  it('a run for named functions keeps the others still in the project, and drops those that left it', async () => {
    const dir = samProject(fn('A') + fn('B') + fn('C', '', 'other/'), { ...HANDLER, 'other/app.py': 'def handler(e, c):\n    return 1\n' });
    await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    expect(manifestIds(dir)).toEqual(['A', 'B', 'C']);

    writeTemplate(dir, fn('A') + fn('B'));
    await packageFunctions(options(dir, fakeInstaller([]).runTool, { functionNames: ['A'] }).opts);
    expect(manifestIds(dir)).toEqual(['A', 'B']);
    expect(listing(dir)).toEqual(['A.zip', 'B.zip', 'manifest.json']);
  });
});

describe('functions pylambda does not build', () => {
  it('a function sam build builds with its own BuildMethod (a makefile) is skipped with a warning; named, it is an error', async () => {
    const dir = samProject(fn('Api') + fn('Made', '    Metadata: { BuildMethod: makefile }\n') + fn('Py', '    Metadata: { BuildMethod: python3.12 }\n'));
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    await packageFunctions(opts);
    expect(notices).toContainEqual({ level: 'warning', message: 'Made is skipped: its Metadata.BuildMethod is makefile: sam build runs that build (make build-<FunctionId> for a makefile), so pylambda does not package it' });
    expect(listing(dir)).toEqual(['Api.zip', 'Py.zip', 'manifest.json']);
    const named = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool, { functionNames: ['Made'] }).opts));
    expect([named.message, named.hint]).toEqual([
      'Made is skipped: its Metadata.BuildMethod is makefile: sam build runs that build (make build-<FunctionId> for a makefile), so pylambda does not package it',
      'Build it with sam build, or remove its Metadata.BuildMethod for pylambda to package it as Python.',
    ]);
  });

  it('a function whose CodeUri is in S3 is skipped with a warning, as sam build does; named, it is an error', async () => {
    const dir = samProject(fn('Api') + fn('Remote', '', 's3://bucket/remote.zip') + fn('Pinned', '', '{ Bucket: bucket, Key: pinned.zip }'));
    const { opts, notices } = options(dir, fakeInstaller([]).runTool, { functionNames: ['Api'] });
    await packageFunctions(opts);
    expect(notices.filter((n) => n.level === 'warning').map((n) => n.message)).toEqual(expect.arrayContaining([
      'Resources.Remote.Properties.CodeUri: is in S3 (s3://bucket/remote.zip): SAM deploys that zip as it is, and pylambda builds and runs code from a local directory only, so Remote is skipped',
      'Resources.Pinned.Properties.CodeUri: is in S3 (s3://bucket/pinned.zip): SAM deploys that zip as it is, and pylambda builds and runs code from a local directory only, so Pinned is skipped',
    ]));
    await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    expect(listing(dir)).toEqual(['Api.zip', 'manifest.json']);

    const named = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool, { functionNames: ['Remote'] }).opts));
    expect(named.message).toBe('Remote is skipped: its CodeUri is in S3 (s3://bucket/remote.zip); pylambda builds and runs code from a local directory only');
    const run = await cli(['package', 'Remote'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Remote is skipped: its CodeUri is in S3');
  });

  it('a serverless.yml function with package.artifact is skipped with a warning: the Framework deploys that zip as it is', async () => {
    const dir = temporary('pylambda-scope-sls-');
    const yml = (api: string) => `service: shop\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  api:\n    handler: app.handler\n${api}  worker:\n    handler: app.handler\n`;
    writeFile(join(dir, 'serverless.yml'), yml(''));
    writeFile(join(dir, 'app.py'), 'def handler(event, context):\n    return {}\n');
    await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    expect(listing(dir)).toEqual(['api.zip', 'manifest.json', 'worker.zip']);

    writeFile(join(dir, 'serverless.yml'), yml('    package: { artifact: dist/api.zip }\n'));
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    await packageFunctions(opts);
    expect(notices).toContainEqual({ level: 'warning', message: 'api is skipped: its package.artifact dist/api.zip is deployed as it is by the Serverless Framework, so pylambda does not package it' });
    expect(listing(dir)).toEqual(['manifest.json', 'worker.zip']);

    const named = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool, { functionNames: ['api'] }).opts));
    expect(named.message).toBe('api is skipped: its package.artifact dist/api.zip is deployed as it is by the Serverless Framework, so pylambda does not package it');
    expect(named.hint).toBe('Leave package.artifact out of serverless.yml for pylambda to build api from its code.');

    writeFile(join(dir, 'serverless.yml'), `${yml('')}package: { artifact: dist/all.zip }\n`);
    const all = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool).opts));
    expect(all.message).toBe('No function of serverless.yml is packaged by pylambda (see the warnings above)');
  });
});

describe('size limits', () => {
  it('a zip over 50 MB is written and listed, with a warning that it must be deployed through S3', async () => {
    // Random bytes do not compress: the zip is as large as the file.
    const dir = samProject(fn('Big'), { ...HANDLER, 'src/model.bin': randomBytes(51 * 1024 * 1024) });
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    const outcome = await packageFunctions(opts);
    const artifact = outcome.builds[0]!.artifacts[0]!;
    expect(artifact.zippedLeft).toBeLessThan(0);
    expect(existsSync(join(out(dir), 'Big.zip'))).toBe(true);
    expect(manifestIds(dir)).toEqual(['Big']);
    expect(notices).toContainEqual({ level: 'warning', message: expect.stringMatching(/^Big: the zip is 51\.\d MB, over the 50\.0 MB Lambda takes in a direct upload \(console, aws lambda update-function-code --zip-file\): deploy it through S3, as sam deploy and serverless deploy do$/) });
  });
});

describe('template parameters CloudFormation refuses', () => {
  const head = 'Parameters:\n  Env: { Type: String, AllowedValues: [dev, prod], Default: dev }\n';
  const problem = "template.yaml has 1 problem:\n  Parameters.Env: 'staging' (from --parameter-overrides) is not one of its AllowedValues (dev, prod): CloudFormation refuses it\n";

  // An input mistake: exit 2 for every command.
  it.each([['package', 2], ['invoke', 2]])('--parameter-overrides Env=staging is refused by %s, as CloudFormation refuses it', async (command, code) => {
    const dir = samProject(fn('Api'), HANDLER, head);
    const run = await cli([command, '--parameter-overrides', 'Env=staging'], dir);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(problem);
    expect(existsSync(out(dir))).toBe(false);
  });

  it('applies the older package.exclude and package.include as Framework v3 does, and says nothing of a secrets file they leave out', async () => {
    // serverless/examples aws-python-auth0-custom-authorizers-api.
    const dir = temporary('pylambda-sls-include-');
    writeFile(join(dir, 'serverless.yml'), 'service: s\nprovider: { name: aws, runtime: python3.11 }\npackage:\n  exclude: [./**]\n  include: [vendored/**, lambda_handlers.py]\nfunctions:\n  auth:\n    handler: lambda_handlers.auth\n');
    writeFile(join(dir, 'lambda_handlers.py'), 'def auth(event, context):\n    return 1\n');
    writeFile(join(dir, 'vendored', 'jwt.py'), 'X = 1\n');
    writeFile(join(dir, 'secrets.json'), '{"AUTH0_CLIENT_SECRET": "s3cr3t"}');
    writeFile(join(dir, 'frontend', 'index.html'), '<html></html>');
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    await packageFunctions(opts);
    expect(zipNames(join(dir, '.pylambda', 'package', 'auth.zip')).filter((n) => !n.endsWith('.pyc'))).toEqual(['lambda_handlers.py', 'vendored/jwt.py']);
    expect(notices.filter((n) => n.level === 'warning')).toEqual([]);
  });
});
