import { describe, expect, it } from 'vitest';
import { codeFound, isArchivePath, planCode, withoutFunctions, type CodeFound, type CodePlan, type CodeUse } from '../../src/core/model/local-code.js';
import type { Endpoint, FunctionModel, Project, Route } from '../../src/core/model/project.js';

describe('codeFound: what a CodeUri names on disk', () => {
  it.each<[string, 'directory' | 'file' | 'missing', CodeFound]>([
    ['src/', 'directory', 'directory'],
    ['worker.zip', 'file', 'archive'],
    ['lib/tool.jar', 'file', 'archive'],
    // SAM CLI's SUPPORTED_ARCHIVE_EXTENSIONS: .zip, .jar, .ZIP, .JAR, compared as written.
    ['OLD.ZIP', 'file', 'archive'],
    ['mixed.Zip', 'file', 'file'],
    ['src/function.py', 'file', 'file'],
    ['build/worker/', 'missing', 'missing'],
    ['gone.zip', 'missing', 'missing'],
    // A directory named like a zip is a directory.
    ['pkg.zip', 'directory', 'directory'],
  ])('%s (%s) is %s', (path, stat, found) => expect(codeFound(path, stat)).toBe(found));

  it('isArchivePath', () => {
    expect(['a.zip', 'a.jar', 'A.ZIP', 'A.JAR', 'a.zipx', 'a.tar.gz', 'zip'].map(isArchivePath)).toEqual([true, true, true, true, false, false, false]);
  });
});

describe('planCode: what each command does with a function by its CodeUri', () => {
  const fn = { id: 'Worker', codeUri: 'w', source: { path: 'Resources.Worker' } };
  const at = '/p/w';
  const missing = "CodeUri 'w' does not exist (looked in /p/w)";
  const file = "CodeUri 'w' is a file, not a directory or a .zip (looked in /p/w)";
  const zipWhy = "its CodeUri 'w' is a zip file, which sam build keeps and sam deploy uploads as it is, so pylambda does not package it";
  const missingHint = 'Run the build step that makes it, or point CodeUri at the directory that holds the code.';
  const fileHint = 'Lambda runs a function from a directory or a zip: point CodeUri at the directory that holds the file.';
  it.each<[CodeFound, CodeUse, CodePlan]>([
    ['directory', 'run', { kind: 'directory' }],
    ['directory', 'dev', { kind: 'directory' }],
    ['directory', 'package', { kind: 'directory' }],
    ['directory', 'package-named', { kind: 'directory' }],
    // sam local unzips a zip CodeUri to run it; sam build keeps it as it is for sam deploy.
    ['archive', 'run', { kind: 'unzip' }],
    ['archive', 'dev', { kind: 'unzip' }],
    ['archive', 'package', { kind: 'skip', level: 'note', message: `Worker is skipped: ${zipWhy}` }],
    ['archive', 'package-named', { kind: 'error', message: `Worker is skipped: ${zipWhy}`, hint: 'Point CodeUri at the directory the zip is built from for pylambda to package Worker.' }],
    // sam local warns and mounts an empty directory: one such function does not stop the others.
    ['missing', 'run', { kind: 'error', message: `Resources.Worker: ${missing}`, hint: missingHint }],
    ['missing', 'dev', { kind: 'skip', level: 'warning', message: `${missing}, so Worker is skipped until it exists` }],
    ['missing', 'package', { kind: 'skip', level: 'warning', message: `Worker is skipped: its ${missing}` }],
    ['missing', 'package-named', { kind: 'error', message: `Resources.Worker: ${missing}`, hint: missingHint }],
    ['file', 'run', { kind: 'error', message: `Resources.Worker: ${file}`, hint: fileHint }],
    ['file', 'dev', { kind: 'skip', level: 'warning', message: `${file}, so Worker is skipped until it is a directory or a zip` }],
    ['file', 'package', { kind: 'skip', level: 'warning', message: `Worker is skipped: its ${file}` }],
    ['file', 'package-named', { kind: 'error', message: `Resources.Worker: ${file}`, hint: fileHint }],
  ])('%s, %s', (found, use, plan) => expect(planCode(fn, found, at, use)).toEqual(plan));

  // CloudFormation zips inline code itself (Code.ZipFile): there is no directory to run or to package.
  it.each<[CodeUse, CodePlan]>([
    ['run', { kind: 'inline' }],
    ['dev', { kind: 'inline' }],
    ['package', { kind: 'skip', level: 'note', message: 'Worker is skipped: its code is inline in the template, which CloudFormation deploys as it is written, so there is nothing to package' }],
    ['package-named', { kind: 'error', message: 'Worker is skipped: its code is inline in the template, which CloudFormation deploys as it is written, so there is nothing to package' }],
  ])('inline code, %s, whatever the directory holds', (use, plan) => expect(planCode({ ...fn, codeUri: '.', inlineCode: 'x = 1' }, 'directory', '/p', use)).toEqual(plan));

  describe("a CDK app's asset missing from cdk.out: cdk synth makes it", () => {
    const cdk = { id: 'HelloFn8D7F3C2B', codeUri: 'asset.eab17', codeAsset: true as const, cdk: { path: 'HelloStack/HelloFn/Resource', id: 'HelloFn' }, source: { path: 'Resources.HelloFn8D7F3C2B' } };
    const name = 'HelloFn8D7F3C2B (HelloStack/HelloFn/Resource)';
    const asset = "its CDK asset 'asset.eab17' does not exist (looked in /p/cdk.out/asset.eab17)";
    const hint = 'Run `cdk synth` in the CDK app (the directory with cdk.json) to write cdk.out and its assets, then run pylambda again.';
    it.each<[CodeUse, CodePlan]>([
      ['run', { kind: 'error', message: `${name}: ${asset}`, hint }],
      ['dev', { kind: 'skip', level: 'warning', message: `${name} is skipped until its CDK asset 'asset.eab17' exists (looked in /p/cdk.out/asset.eab17): run \`cdk synth\` to write it` }],
      ['package', { kind: 'skip', level: 'warning', message: `${name} is skipped: ${asset}; run \`cdk synth\` to write it` }],
      ['package-named', { kind: 'error', message: `${name}: ${asset}`, hint }],
    ])('%s', (use, plan) => expect(planCode(cdk, 'missing', '/p/cdk.out/asset.eab17', use)).toEqual(plan));

    it("its layer's, named", () => {
      expect(planCode({ ...cdk, codeUri: 'asset.82ab2', layer: 'SharedE3D8E1D2' }, 'missing', '/p/cdk.out/asset.82ab2', 'run')).toEqual({
        kind: 'error', hint, message: `${name}: its CDK asset 'asset.82ab2' (the content of its layer SharedE3D8E1D2) does not exist (looked in /p/cdk.out/asset.82ab2)`,
      });
    });

    it('an asset that is there runs as any directory or zip', () => {
      expect([planCode(cdk, 'directory', at, 'run'), planCode(cdk, 'archive', at, 'dev')]).toEqual([{ kind: 'directory' }, { kind: 'unzip' }]);
    });
  });
});

describe('withoutFunctions: the project without the functions a command skips', () => {
  const route = (path: string, functionId: string, extra: Partial<Route> = {}): Route => ({ method: 'GET', path, functionId, source: { file: 't', path }, ...extra });
  const endpoint = (id: string, routes: Route[]): Endpoint => ({ id, kind: 'http', stage: '$default', binaryMediaTypes: [], routes, source: { file: 't', path: id } });
  const fn = (id: string) => ({ id }) as FunctionModel;
  const project: Project = {
    style: 'sam',
    configFile: 'template.yaml',
    functions: [fn('Hello'), fn('Worker'), fn('Auth')],
    skipped: { Img: 'it is a container image function' },
    endpoints: [
      endpoint('Api', [route('/hi', 'Hello'), route('/work', 'Worker'), route('/guarded', 'Hello', { authorizer: { name: 'A', functionId: 'Auth', type: 'TOKEN', identitySources: [], ttlSeconds: 0 } })]),
      endpoint('WorkOnly', [route('/w', 'Worker')]),
      endpoint('Alb', [route('/w', 'Worker'), route('*', '', { albAnswer: { kind: 'fixed-response', statusCode: 404, contentType: 'text/plain', body: '' } })]),
      endpoint('Empty', []),
    ],
  };

  it('nothing skipped: the project as it is', () => expect(withoutFunctions(project, {})).toBe(project));

  it("drops the functions, their routes, the routes their authorizer guards, and the endpoints left with none; keeps a load balancer's own answer", () => {
    const out = withoutFunctions(project, { Worker: 'its CodeUri does not exist', Auth: 'its CodeUri is a file' });
    expect(out.functions.map((f) => f.id)).toEqual(['Hello']);
    expect(out.endpoints.map((e) => [e.id, e.routes.map((r) => r.path)])).toEqual([['Api', ['/hi']], ['Alb', ['*']], ['Empty', []]]);
    expect(out.skipped).toEqual({ Img: 'it is a container image function', Worker: 'its CodeUri does not exist', Auth: 'its CodeUri is a file' });
  });

  it("drops a REST API's preflight authorizer whose function is skipped, and keeps one that is not", () => {
    const gate = { name: 'A', functionId: 'Auth', type: 'TOKEN', identitySources: [], ttlSeconds: 0 } as const;
    const guarded: Project = { ...project, endpoints: [{ ...endpoint('Rest', [route('/hi', 'Hello')]), kind: 'rest', preflightAuthorizer: gate }] };
    expect(withoutFunctions(guarded, { Auth: 'its CodeUri is a file' }).endpoints[0]).not.toHaveProperty('preflightAuthorizer');
    expect(withoutFunctions(guarded, { Worker: 'its CodeUri does not exist' }).endpoints[0]!.preflightAuthorizer).toBe(gate);
  });

  it("drops a REST API left with CDK's CORS preflights only", () => {
    const preflight = route('/', '', { method: 'OPTIONS', preflightOnly: true });
    const rest: Project = { ...project, endpoints: [{ ...endpoint('Rest', [route('/w', 'Worker'), preflight]), kind: 'rest' }, { ...endpoint('Kept', [route('/hi', 'Hello'), preflight]), kind: 'rest' }] };
    expect(withoutFunctions(rest, { Worker: 'its CodeUri does not exist' }).endpoints.map((e) => [e.id, e.routes.length])).toEqual([['Kept', 2]]);
  });
});
