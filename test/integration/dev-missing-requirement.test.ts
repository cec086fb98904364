import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { devEventJson, formatDevEvent } from '../../src/ui/dev-output.js';
import { styleFor } from '../../src/ui/io.js';
import { FIXTURES, fnTemplate, scratchDir, startDev, testPython } from '../helpers.js';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

// sam local runs what sam build installed; dev runs the sources with the project's Python, where a
// dependency requirements.txt lists may be missing: the first failure a new project meets.
describe('dev and a dependency requirements.txt lists that is not installed', () => {
  it("says which, and how to install it, once; the request gets the gateway's error", async () => {
    const dir = scratchDir('dev-missing-dep');
    mkdirSync(join(dir, 'hello'));
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['CodeUri: hello/'], events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] }));
    writeFileSync(join(dir, 'hello', 'app.py'), 'import yaml_pylambda_absent\n\n\ndef handler(event, context):\n    return 1\n');
    writeFileSync(join(dir, 'hello', 'requirements.txt'), 'Yaml-Pylambda-Absent==1.0\n');
    const dev = await startDev(dir);
    session = dev.session;
    for (let i = 0; i < 2; i++) expect((await fetch(`${dev.url('ServerlessHttpApi')}/x`)).status).toBe(500);
    const notes = dev.events.filter((e) => e.type === 'missing-requirement');
    expect(notes).toEqual([{ type: 'missing-requirement', functionId: 'Fn', missing: expect.objectContaining({ requirement: 'yaml-pylambda-absent', file: join(dir, 'hello', 'requirements.txt'), root: dir, inVenv: true }) as unknown }]);
    expect(formatDevEvent(notes[0]!, styleFor({ isTTY: false }, {}), { verbose: false, cwd: dir })).toBe(
      `note: yaml-pylambda-absent (hello/requirements.txt) is not installed in the Python that ran the function, ${testPython()}: `
      + `pylambda runs the sources with the project's Python, not a build's packages. Install it: ${testPython()} -m pip install -r hello/requirements.txt`,
    );
  });

  // An import made when first needed (as the scaffolds teach) fails the invocation with ModuleNotFoundError, not the init.
  it('says it for an import the handler makes when first needed', async () => {
    const dir = scratchDir('dev-missing-lazy-dep');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    import absent_pylambda_lazy\n    return 1\n');
    writeFileSync(join(dir, 'requirements.txt'), 'absent-pylambda-lazy\n');
    const dev = await startDev(dir);
    session = dev.session;
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/x`)).status).toBe(500);
    const notes = dev.events.flatMap((e) => (e.type === 'missing-requirement' ? [[e.functionId, e.missing.requirement, e.missing.file]] : []));
    expect(notes).toEqual([['Fn', 'absent-pylambda-lazy', join(dir, 'requirements.txt')]]);
  });

  // The note was said once a function for the whole session: a package missing later went without one.
  it('says it again for another package missing later, not again for the same one', async () => {
    const dir = scratchDir('dev-missing-deps');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] }));
    const app = (module: string) => `import ${module}\n\n\ndef handler(event, context):\n    return 1\n`;
    writeFileSync(join(dir, 'app.py'), app('absent_pylambda_one'));
    writeFileSync(join(dir, 'requirements.txt'), 'absent-pylambda-one\nabsent-pylambda-two\n');
    const dev = await startDev(dir);
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/x`).then((r) => r.status);
    expect(await get()).toBe(500);
    writeFileSync(join(dir, 'app.py'), app('absent_pylambda_two'));
    await dev.session.reload([join(dir, 'app.py')]);
    expect(await get()).toBe(500);
    expect(await get()).toBe(500);
    const notes = dev.events.flatMap((e) => (e.type === 'missing-requirement' ? [[e.functionId, e.missing.requirement]] : []));
    expect(notes).toEqual([['Fn', 'absent-pylambda-one'], ['Fn', 'absent-pylambda-two']]);
  });
});

// invoke said which name the module defines; dev answered each request a bare 502 and left the typo to be found.
describe('dev and a handler its module does not define', () => {
  it('notes the close name once for the handler, in text and --json', async () => {
    const dir = scratchDir('dev-handler-meant');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handlr(event, context):\n    return 1\n');
    const dev = await startDev(dir);
    session = dev.session;
    for (let i = 0; i < 2; i++) expect((await fetch(`${dev.url('ServerlessHttpApi')}/x`)).status).toBe(500);
    const notes = dev.events.filter((e) => e.type === 'handler-meant');
    expect(notes).toEqual([{ type: 'handler-meant', functionId: 'Fn', meant: { file: 'app.py', name: 'handler', handler: 'app.handlr', key: 'Handler' } }]);
    expect(formatDevEvent(notes[0]!, styleFor({ isTTY: false }, {}), { verbose: false, cwd: dir })).toBe('note: Fn: app.py defines no handler: did you mean Handler: app.handlr?');
    expect(JSON.parse(devEventJson(notes[0]!))).toEqual({ type: 'handler-meant', functionId: 'Fn', meant: { file: 'app.py', name: 'handler', handler: 'app.handlr', key: 'Handler' } });
  });
});

// A Chalice app whose Chalice object was renamed while dev ran: the reload failed, and the note after each 502 said
// "did you mean Handler: app.application?", a SAM template's key a Chalice app has nowhere to write.
describe('dev and a Chalice app that no longer names its Chalice object app', () => {
  it('notes the rename that chalice deploy needs, not a handler to write', async () => {
    const dir = scratchDir('dev-chalice-handler-meant');
    mkdirSync(join(dir, '.chalice'));
    writeFileSync(join(dir, '.chalice', 'config.json'), '{"version": "2.0", "app_name": "renamed", "stages": {"dev": {}}}');
    const appPy = (name: string) => `from chalice import Chalice\n\n${name} = Chalice(app_name='renamed')\n\n\n@${name}.route('/')\ndef index():\n    return {}\n`;
    writeFileSync(join(dir, 'app.py'), appPy('app'));
    const dev = await startDev(dir);
    session = dev.session;
    writeFileSync(join(dir, 'app.py'), appPy('application'));
    await dev.session.reload([join(dir, 'app.py')]);
    expect((await fetch(`${dev.url('RestAPI')}/`)).status).toBe(502);
    const notes = dev.events.filter((e) => e.type === 'handler-meant');
    expect(notes.map((n) => formatDevEvent(n, styleFor({ isTTY: false }, {}), { verbose: false, cwd: dir }))).toEqual([
      'note: api_handler: app.py defines no app, which chalice deploys as the handler app.app: did you mean to name application app?',
    ]);
  });
});

// sam init's hello_world/ layout with the handler written from the project's root: each request a bare 502.
describe("dev and a handler whose module is not in the function's code", () => {
  it('notes the handler most likely meant once, in text and --json', async () => {
    const dir = scratchDir('dev-handler-module');
    mkdirSync(join(dir, 'hello_world'));
    writeFileSync(join(dir, 'hello_world', 'app.py'), 'def handler(event, context):\n    return 1\n');
    const template = fnTemplate({ properties: ['CodeUri: hello_world/'], events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] });
    writeFileSync(join(dir, 'template.yaml'), template.replace('Handler: app.handler', 'Handler: hello_world.app.handler'));
    const dev = await startDev(dir);
    session = dev.session;
    for (let i = 0; i < 2; i++) expect((await fetch(`${dev.url('ServerlessHttpApi')}/x`)).status).toBe(500);
    const notes = dev.events.filter((e) => e.type === 'handler-meant');
    const meant = { file: 'hello_world/app.py', name: 'hello_world.app', handler: 'app.handler', codeDir: 'hello_world/', key: 'Handler' };
    expect(notes).toEqual([{ type: 'handler-meant', functionId: 'Fn', meant }]);
    expect(formatDevEvent(notes[0]!, styleFor({ isTTY: false }, {}), { verbose: false, cwd: dir })).toBe(
      "note: Fn: the function's code (hello_world/) has no hello_world/app.py, and Lambda imports the handler's module from there: did you mean Handler: app.handler?",
    );
    expect(JSON.parse(devEventJson(notes[0]!))).toEqual({ type: 'handler-meant', functionId: 'Fn', meant });
  });
});

// A layer laid out for deploying as it is (python/ inside ContentUri) with a BuildMethod: pylambda package said why
// its modules did not import; dev answered each request a 502 without a word.
describe('dev and a BuildMethod layer whose ContentUri holds python/', () => {
  it('warns at start that its modules land in /opt/python/python', async () => {
    const dir = scratchDir('dev-nested-layer');
    mkdirSync(join(dir, 'shared', 'python', 'shared'), { recursive: true });
    writeFileSync(join(dir, 'shared', 'python', 'shared', '__init__.py'), 'TEXT = "nested"\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Shared:', '  Type: AWS::Serverless::LayerVersion', '  Properties: { ContentUri: shared/ }', '  Metadata: { BuildMethod: python3.12 }'],
      properties: ['Layers: [!Ref Shared]'],
      events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'],
    }));
    writeFileSync(join(dir, 'app.py'), 'import shared\n\n\ndef handler(event, context):\n    return shared.TEXT\n');
    const dev = await startDev(dir);
    session = dev.session;
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/x`)).status).toBe(500);
    const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('/opt/python/python') ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
    expect(warnings).toEqual([
      "Resources.Shared: with BuildMethod python3.12, sam build copies ContentUri into python/, so shared/python/ lands in /opt/python/python, which is not on Lambda's path: "
      + 'its modules will not import on Lambda. Move them up into ContentUri, or remove Metadata.BuildMethod to deploy the directory as it is (its requirements.txt is then not installed)',
    ]);
  });
});

// invoke and coldstart said why a blueprint's own function fails on its blueprint's log (Lambda imports its module, never
// app.py: aws/chalice#1566); an invocation through dev's Lambda API got the bare RuntimeError.
describe("dev and a Chalice blueprint's function that uses the blueprint's log", () => {
  it("notes why once, on dev's output, and answers what Lambda answers", async () => {
    const dir = scratchDir('dev-chalice-blueprint-log');
    cpSync(`${FIXTURES}chalice/demo`, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    writeFileSync(join(dir, 'chalicelib', 'blueprint.py'), 'from chalice import Blueprint\n\njobs = Blueprint(__name__)\n\n\n@jobs.lambda_function()\ndef nightly(event, context):\n    jobs.log.info("nightly")\n    return "nightly"\n');
    const dev = await startDev(dir);
    session = dev.session;
    const ready = dev.events.find((e) => e.type === 'ready');
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${ready?.type === 'ready' ? ready.lambdaApi : ''}/2015-03-31/functions/demo-dev-bp_nightly/invocations`, { method: 'POST', body: '{}' });
      expect([res.status, res.headers.get('x-amz-function-error')]).toEqual([200, 'Unhandled']);
      expect(await res.json()).toMatchObject({ errorType: 'RuntimeError', errorMessage: "Can only access Blueprint.log if it's registered to an app." });
    }
    const notes = dev.events.filter((e) => e.type === 'blueprint-note');
    expect(notes.map((n) => formatDevEvent(n, styleFor({ isTTY: false }, {}), { verbose: false, cwd: dir }))).toEqual([
      'note: bp_nightly: Lambda imports chalicelib.blueprint for the handler chalicelib.blueprint.nightly, not app.py, so the blueprint is never registered and its .log raises on AWS too (chalice local and chalice.test.Client import app.py, which hides it: aws/chalice#1566): log through logging.getLogger(__name__), or define the function on the app',
    ]);
  });
});
