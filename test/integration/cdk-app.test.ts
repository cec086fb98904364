import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devCode } from '../../src/api/dev-code.js';
import { loadProject } from '../../src/api/project.js';
import { pythonFor } from '../../src/api/local-runtime.js';
import { FIXTURES, eventFile, scratchDir, startDev, testPython } from '../helpers.js';
import { cli } from './invoke-cli.js';

/** A CDK app as `cdk synth` leaves it: cdk.json, and cdk.out/ with HelloStack's template and its two assets. */
const CDK_APP = join(FIXTURES, 'projects', 'cdk');
const FN_ASSET = 'asset.eab1715940f453afe815f8d0145b03a78f2824652510f556e7a283ee224cc700';
const LAYER_ASSET = 'asset.82ab2dc375ac0e54b042dbc7633c888ff6b90cce3d873bcb83cfa786cf25b217';

function copyOfApp(prefix: string): string {
  const dir = scratchDir(prefix);
  cpSync(CDK_APP, dir, { recursive: true });
  return dir;
}

describe('a CDK app', () => {
  it("invoke in the app's directory runs its stack's function from its code asset, with its layer asset, by logical or construct id", async () => {
    const expected = { message: 'Hello, ann, from the layer!', table: 'greetings', function: 'HelloFn8D7F3C2B' };
    const only = await cli(['invoke', '--event', eventFile('{"name": "ann"}')], { cwd: CDK_APP });
    expect([only.code, JSON.parse(only.stdout), only.stderr]).toEqual([0, expected, expect.stringMatching(/^START RequestId/)]);
    const named = await cli(['invoke', 'HelloFn', '--event', eventFile('{"name": "ann"}')], { cwd: CDK_APP });
    expect([named.code, JSON.parse(named.stdout)]).toEqual([0, expected]);
  });

  it("runs with the app's .venv (cdk init makes one beside cdk.json), not one looked for under cdk.out", async () => {
    const dir = copyOfApp('cdk-venv');
    execFileSync(testPython(), ['-m', 'venv', '--without-pip', join(dir, '.venv')]);
    const loaded = await loadProject({ dir, env: {} });
    expect(loaded.pythonRoot).toBe(dir);
    const { python } = await pythonFor(loaded.pythonRoot ?? loaded.root, loaded.project.functions, { PATH: process.env.PATH });
    expect(python.executable).toBe(join(dir, '.venv', 'bin', 'python'));
  });

  it('not synthesized yet: an error that says to run cdk synth', async () => {
    const dir = scratchDir('cdk-unsynthesized');
    writeFileSync(join(dir, 'cdk.json'), '{"app": "python3 app.py"}\n');
    const { code, stdout, stderr } = await cli(['invoke'], { cwd: dir });
    expect([code, stdout, stderr]).toEqual([2, '', 'error: This is a CDK app (cdk.json), and it has no cdk.out/ yet\n'
      + 'Run `cdk synth` in this directory first: pylambda runs the functions from the templates and assets it writes.\n']);
  });

  it("several stacks: an error that lists them, and --template reads one; cdk.json's output is where they are", async () => {
    const dir = copyOfApp('cdk-stacks');
    writeFileSync(join(dir, 'cdk.json'), '{"app": "python3 app.py", "output": "build/assembly"}\n');
    mkdirSync(join(dir, 'build'));
    cpSync(join(dir, 'cdk.out'), join(dir, 'build', 'assembly'), { recursive: true });
    rmSync(join(dir, 'cdk.out'), { recursive: true });
    cpSync(join(dir, 'build', 'assembly', 'HelloStack.template.json'), join(dir, 'build', 'assembly', 'OtherStack.template.json'));
    const { code, stderr } = await cli(['invoke'], { cwd: dir });
    expect([code, stderr]).toEqual([2, 'error: This CDK app has 2 stacks in build/assembly/: HelloStack, OtherStack\n'
      + 'Name the one to read: --template build/assembly/HelloStack.template.json or --template build/assembly/OtherStack.template.json.\n']);
    const chosen = await cli(['invoke', '--template', 'build/assembly/OtherStack.template.json', '--event', eventFile('{}')], { cwd: dir });
    expect([chosen.code, JSON.parse(chosen.stdout).message]).toEqual([0, 'Hello, cdk, from the layer!']);
  });

  it('dev DIR from the directory above: the paths its hints give start with DIR, as --template reads them from there', async () => {
    const dir = copyOfApp('cdk-stacks-above');
    cpSync(join(dir, 'cdk.out', 'HelloStack.template.json'), join(dir, 'cdk.out', 'OtherStack.template.json'));
    const app = basename(dir);
    const { code, stderr } = await cli(['dev', app, '--port', '0'], { cwd: dirname(dir) });
    expect([code, stderr]).toEqual([2, 'error: This CDK app has 2 stacks in cdk.out/: HelloStack, OtherStack\n'
      + `Name the one to read: --template ${app}/cdk.out/HelloStack.template.json or --template ${app}/cdk.out/OtherStack.template.json.\n`]);
    rmSync(join(dir, 'cdk.out'), { recursive: true });
    const unsynthesized = await cli(['dev', app, '--port', '0'], { cwd: dirname(dir) });
    expect(unsynthesized.stderr).toBe('error: This is a CDK app (cdk.json), and it has no cdk.out/ yet\n'
      + `Run \`cdk synth\` in ${app} first: pylambda runs the functions from the templates and assets it writes.\n`);
  });

  it("a stack of a CDK Stage, in its own assembly (cdk.out/assembly-Prod/), whose assets are the app's", async () => {
    const dir = copyOfApp('cdk-stage');
    mkdirSync(join(dir, 'cdk.out', 'assembly-Prod'));
    const template = readFileSync(join(dir, 'cdk.out', 'HelloStack.template.json'), 'utf8').replaceAll('"asset.', '"../asset.');
    writeFileSync(join(dir, 'cdk.out', 'assembly-Prod', 'ProdHelloStack.template.json'), template);
    rmSync(join(dir, 'cdk.out', 'HelloStack.template.json'));
    const { code, stdout } = await cli(['invoke', '--event', eventFile('{}')], { cwd: dir });
    expect([code, JSON.parse(stdout).message]).toEqual([0, 'Hello, cdk, from the layer!']);
  });

  it("an asset cdk.out no longer holds: invoke says to run cdk synth, and dev skips the function with a warning that says so", async () => {
    const dir = copyOfApp('cdk-cleaned');
    rmSync(join(dir, 'cdk.out', FN_ASSET), { recursive: true });
    const where = join(dir, 'cdk.out', FN_ASSET);
    const { code, stderr } = await cli(['invoke', 'HelloFn'], { cwd: dir });
    expect([code, stderr]).toEqual([2, `error: HelloFn8D7F3C2B (HelloStack/HelloFn/Resource): its CDK asset '${FN_ASSET}' does not exist (looked in ${where})\n`
      + 'Run `cdk synth` in the CDK app (the directory with cdk.json) to write cdk.out and its assets, then run pylambda again.\n']);
    const dev = await devCode(await loadProject({ dir, env: {} }));
    expect(dev.served.project.functions).toEqual([]);
    expect(dev.served.warnings).toEqual([{
      severity: 'warning', file: 'HelloStack.template.json', path: 'Resources.HelloFn8D7F3C2B',
      message: `HelloFn8D7F3C2B (HelloStack/HelloFn/Resource) is skipped until its CDK asset '${FN_ASSET}' exists (looked in ${where}): run \`cdk synth\` to write it`,
    }]);
  });

  it('a function pylambda skips (Node.js) is named by its construct path in the warning, and invoke by its construct id says why', async () => {
    const dir = copyOfApp('cdk-node');
    const path = join(dir, 'cdk.out', 'HelloStack.template.json');
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { Resources: Record<string, unknown> };
    raw.Resources.NodeFnA1B2C3D4 = {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Bucket: 'b', S3Key: 'k.zip' }, Handler: 'index.handler', Runtime: 'nodejs20.x' },
      Metadata: { 'aws:cdk:path': 'HelloStack/NodeFn/Resource', 'aws:asset:path': FN_ASSET, 'aws:asset:property': 'Code' },
    };
    writeFileSync(path, JSON.stringify(raw));
    const { code, stderr } = await cli(['invoke', 'NodeFn'], { cwd: dir });
    expect([code, stderr]).toEqual([2, 'warning: Resources.NodeFnA1B2C3D4.Properties.Runtime: is nodejs20.x; pylambda runs Python functions only, so NodeFnA1B2C3D4 (HelloStack/NodeFn/Resource) is skipped\n'
      + 'error: NodeFnA1B2C3D4 (HelloStack/NodeFn/Resource) is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only\n']);
  });

  it("its layer's asset gone: the function is not run without it", async () => {
    const dir = copyOfApp('cdk-layer-cleaned');
    rmSync(join(dir, 'cdk.out', LAYER_ASSET), { recursive: true });
    const { code, stderr } = await cli(['invoke'], { cwd: dir });
    expect([code, stderr]).toEqual([2, `error: HelloFn8D7F3C2B (HelloStack/HelloFn/Resource): its CDK asset '${LAYER_ASSET}' (the content of its layer SharedE3D8E1D2) `
      + `does not exist (looked in ${join(dir, 'cdk.out', LAYER_ASSET)})\n`
      + 'Run `cdk synth` in the CDK app (the directory with cdk.json) to write cdk.out and its assets, then run pylambda again.\n']);
  });
});

/**
 * A CDK app with a NestedStack as `cdk synth` leaves it: ParentStack's template holds a table and the nested stack (its
 * TemplateURL the asset bucket, its metadata the template in cdk.out, the table's name passed as a parameter); the
 * nested template holds the function and a RestApi with defaultCorsPreflightOptions for one origin.
 */
const NESTED_APP = join(FIXTURES, 'projects', 'cdk-nested');
const NESTED_ANSWER = { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"table": "items", "function": "ItemsFnB1C2D3E4", "resource": null, "stage": null}' };

describe("a CDK app's nested stack", () => {
  it("invoke runs its function with the parameter its parent passes, by SAM CLI's name (Api/ItemsFnB1C2D3E4), its construct's id, or both", async () => {
    for (const name of ['Api/ItemsFnB1C2D3E4', 'ItemsFn', 'Api/ItemsFn', 'ParentStack/Api/ItemsFn/Resource']) {
      const { code, stdout } = await cli(['invoke', name, '--event', eventFile('{}')], { cwd: NESTED_APP });
      expect([name, code, JSON.parse(stdout)]).toEqual([name, 0, NESTED_ANSWER]);
    }
    const wrong = await cli(['invoke', 'Api/Nope'], { cwd: NESTED_APP });
    expect([wrong.code, wrong.stderr]).toEqual([2, "error: No function named 'Api/Nope' in ParentStack.template.json\nIts functions: Api/ItemsFnB1C2D3E4 (ParentStack/Api/ItemsFn/Resource)\n"]);
  });

  it("dev serves its RestApi: the method reaches its function, and the CORS mocks answer, / and /items alike", async () => {
    const { session, events, url } = await startDev(NESTED_APP, { port: 0 });
    try {
      expect(session.endpoints.map((e) => [e.kind, e.id, e.stage, e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`)])).toEqual([
        ['rest', 'Api/ItemsApi4F3E2D1C', 'prod', ['GET /items Api/ItemsFnB1C2D3E4', 'OPTIONS / (CORS preflight 204)']],
      ]);
      expect(events.filter((e) => e.type === 'warning' && e.diagnostic.path.startsWith('Resources.'))).toEqual([]);
      // A CDK app is named so in the banner, not by the SAM reader its template goes through.
      expect(events.find((e) => e.type === 'ready')).toMatchObject({ style: 'cdk' });
      const api = url('Api/ItemsApi4F3E2D1C');
      const got = await fetch(`${api}/items`);
      expect([got.status, await got.text()]).toEqual([200, '{"table": "items", "function": "ItemsFnB1C2D3E4", "resource": "/items", "stage": "prod"}']);
      for (const path of ['/items', '/']) {
        const res = await fetch(`${api}${path}`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } });
        expect([path, res.status, res.headers.get('access-control-allow-origin'), res.headers.get('vary'), res.headers.get('access-control-allow-methods')])
          .toEqual([path, 204, 'https://app.example.com', 'Origin', 'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD']);
      }
    } finally {
      await session.stop();
    }
  });
});
