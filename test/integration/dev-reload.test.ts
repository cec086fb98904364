import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, watch, writeFileSync, type WatchOptions } from 'node:fs';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { UserError } from '../../src/core/errors.js';
import { resolvePython } from '../../src/adapters/python.js';
import { eventually, fnTemplate, oneRouteTemplate, openApiFile, scratchDir, startDev, testPython } from '../helpers.js';

const TEMPLATE = oneRouteTemplate('/version');

function handler(version: string): string {
  return `import time\n\n\ndef handler(event, context):\n    if event.get("queryStringParameters"):\n        time.sleep(1)\n    return {"statusCode": 200, "body": "${version}"}\n`;
}

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

// 20 s: a reload's cold start on a loaded 2-core machine (a full test run) takes seconds.
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function project(): string {
  const dir = scratchDir('reload');
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
  writeFileSync(join(dir, 'app.py'), handler('v1'));
  return dir;
}

describe('hot reload', () => {
  it('runs new code on the next request, and lets requests in flight finish on the old code', async () => {
    const dir = project();
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    const base = dev.url('ServerlessHttpApi');
    const get = (query = '') => fetch(`${base}/version${query}`).then((r) => r.text());
    expect(await get()).toBe('v1');

    const edited = Date.now();
    writeFileSync(join(dir, 'app.py'), handler('v2'));
    // The save is seen at once; the request after it runs the new code. Timed to the reload, not to the answer,
    // which waits for a cold start that a loaded machine makes slow.
    await eventually(() => dev.events.find((e) => e.type === 'reload' && e.reason === 'code' && e.files.includes('app.py')), 20_000);
    expect(Date.now() - edited).toBeLessThan(3000);
    expect(await get()).toBe('v2');

    const starts = () => dev.events.filter((e) => e.type === 'log' && e.event.kind === 'platform' && e.event.text.startsWith('START ')).length;
    const before = starts();
    const slow = get('?slow=1');
    // In the handler before the save (a fixed 300 ms could end before the request reached it).
    await eventually(() => (starts() > before ? true : undefined), 20_000);
    writeFileSync(join(dir, 'app.py'), handler('v3'));
    expect(await slow).toBe('v2');
    expect(await until(() => get(), (v) => v === 'v3')).toBe('v3');
  });

  it('picks up a new route from the template, and keeps serving when the template breaks', async () => {
    const dir = project();
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    const base = dev.url('ServerlessHttpApi');
    expect((await fetch(`${base}/other`)).status).toBe(404);

    writeFileSync(join(dir, 'template.yaml'), `${TEMPLATE}        Other:\n          Type: HttpApi\n          Properties: { Path: /other, Method: get }\n`);
    expect(await until(() => fetch(`${base}/other`).then((r) => r.status), (s) => s === 200)).toBe(200);

    writeFileSync(join(dir, 'template.yaml'), readFileSync(join(dir, 'template.yaml'), 'utf8').replace('Timeout: 10', 'Timeout: 9000'));
    const failed = await eventually(() => dev.events.find((e) => e.type === 'reload-failed'), 20_000);
    expect(failed).toMatchObject({ message: expect.stringContaining("Resources.Fn.Properties.Timeout: 9000 is above Lambda's maximum of 900") });
    expect((await fetch(`${base}/other`)).status).toBe(200);
  });
});

describe('hot reload of what lies outside the template\'s directory', () => {
  // The failed read's files were not watched: a DefinitionUri outside the project, fixed, never reloaded.
  it('reloads when a file outside the project that a failed reload read is fixed', async () => {
    const top = scratchDir('reload-outside');
    const dir = join(top, 'service');
    mkdirSync(dir);
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/version'));
    writeFileSync(join(dir, 'app.py'), handler('v1'));
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    writeFileSync(join(top, 'api.yaml'), openApiFile('/x/{proxy+}/y'));
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ resources: ['Api:', '  Type: AWS::Serverless::HttpApi', '  Properties:', '    DefinitionUri: ../api.yaml'] }));
    const failed = await eventually(() => dev.events.find((e) => e.type === 'reload-failed'));
    expect(failed).toMatchObject({ message: expect.stringContaining("../api.yaml: paths./x/{proxy+}/y.get: route path '/x/{proxy+}/y' the greedy variable '{proxy+}' must be the last segment") as unknown });
    // Only the file outside the project changes.
    writeFileSync(join(top, 'api.yaml'), openApiFile('/shared'));
    await eventually(() => (dev.session.endpoints.some((e) => e.id === 'Api') ? true : undefined));
    const res = await fetch(`${dev.url('Api')}/shared`);
    expect([res.status, await res.text()]).toEqual([200, 'v1']);
  });

  // A template in infra/ with CodeUri: ../src: only infra/ was watched, so edits to the code were never
  // picked up while dev said it was watching for changes.
  it('picks up edits to code beside the template\'s directory', async () => {
    const top = scratchDir('beside');
    mkdirSync(join(top, 'infra'));
    mkdirSync(join(top, 'src'));
    writeFileSync(join(top, 'infra', 'template.yaml'), oneRouteTemplate('/version', { codeUri: '../src/' }));
    writeFileSync(join(top, 'src', 'app.py'), handler('v1'));
    const dev = await startDev(join(top, 'infra'), { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/version`).then((r) => r.text());
    expect(await get()).toBe('v1');
    writeFileSync(join(top, 'src', 'app.py'), handler('v2'));
    expect(await until(() => get(), (v) => v === 'v2')).toBe('v2');
    expect(dev.events.find((e) => e.type === 'reload')).toEqual({ type: 'reload', reason: 'code', files: [join('..', 'src', 'app.py')] });
  });

  // The root's walk leaves dist/ out as build output: with CodeUri: dist/, edits there went unseen.
  it('picks up edits to code in a directory the root\'s walk skips (CodeUri: dist/)', async () => {
    const dir = scratchDir('dist-code');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/version', { codeUri: 'dist/' }));
    writeFileSync(join(dir, 'dist', 'app.py'), handler('v1'));
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/version`).then((r) => r.text());
    expect(await get()).toBe('v1');
    writeFileSync(join(dir, 'dist', 'app.py'), handler('v2'));
    expect(await until(() => get(), (v) => v === 'v2')).toBe('v2');
  });

  // A walk does not follow a linked directory: code behind `src -> ../shared/src` went unseen.
  it('picks up edits to code behind a symbolic link', async () => {
    const top = scratchDir('linked');
    mkdirSync(join(top, 'project'));
    mkdirSync(join(top, 'shared', 'src'), { recursive: true });
    symlinkSync(join(top, 'shared', 'src'), join(top, 'project', 'src'));
    writeFileSync(join(top, 'project', 'template.yaml'), oneRouteTemplate('/version', { codeUri: 'src/' }));
    writeFileSync(join(top, 'shared', 'src', 'app.py'), handler('v1'));
    const dev = await startDev(join(top, 'project'), { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/version`).then((r) => r.text());
    expect(await get()).toBe('v1');
    writeFileSync(join(top, 'shared', 'src', 'app.py'), handler('v2'));
    expect(await until(() => get(), (v) => v === 'v2')).toBe('v2');
  });

  // Reached through a link above it (a /tmp that is /private/tmp), the code outside the template's
  // directory was watched twice, once by its real path: a template edit also reloaded as code.
  it('watches a project reached through a link once, by the paths it was found by', async () => {
    const real = scratchDir('linked-real');
    const link = `${real}-link`;
    symlinkSync(real, link);
    mkdirSync(join(real, 'infra'));
    writeFileSync(join(real, 'infra', 'template.yaml'), oneRouteTemplate('/version', { codeUri: '../' }));
    writeFileSync(join(real, 'app.py'), handler('v1'));
    const dev = await startDev(join(link, 'infra'), { watch: true });
    session = dev.session;
    expect(await fetch(`${dev.url('ServerlessHttpApi')}/version`).then((r) => r.text())).toBe('v1');
    writeFileSync(join(real, 'infra', 'template.yaml'), `${oneRouteTemplate('/version', { codeUri: '../' })}# edited\n`);
    await until(async () => dev.events.filter((e) => e.type === 'reload').length, (n) => n > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(dev.events.filter((e) => e.type === 'reload')).toEqual([{ type: 'reload', reason: 'config', files: ['template.yaml'] }]);
  });

  // A function added in another language is skipped with a warning at start-up; added
  // by a reload, it was skipped without a word.
  it('says what a reloaded template has that pylambda skips, once', async () => {
    const dir = project();
    const dev = await startDev(dir);
    session = dev.session;
    const before = dev.events.length;
    const java = '  Java:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: a.B::handle\n      Runtime: java21\n';
    writeFileSync(join(dir, 'template.yaml'), `${TEMPLATE}${java}`);
    await dev.session.reload([join(dir, 'template.yaml')]);
    const warned = () => dev.events.slice(before).filter((e) => e.type === 'warning').map((e) => (e.type === 'warning' ? `${e.diagnostic.path}: ${e.diagnostic.message}` : ''));
    expect(warned()).toEqual(['Resources.Java.Properties.Runtime: is java21; pylambda runs Python functions only, so Java is skipped']);
    expect(dev.events.at(-1)?.type).toBe('ready');
    // Saved again: said already.
    await dev.session.reload([join(dir, 'template.yaml')]);
    expect(warned()).toHaveLength(1);
  });

  // Said at start-up only: a function added on another Python version ran without a word.
  it("says that a function a reload adds runs on another Python than the local one", async () => {
    const dir = project();
    const dev = await startDev(dir);
    session = dev.session;
    const local = (await resolvePython(testPython())).version;
    const other = local.startsWith('3.10.') ? 'python3.9' : 'python3.10';
    const before = dev.events.length;
    writeFileSync(join(dir, 'template.yaml'), `${TEMPLATE}  Old:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: ${other}\n`);
    await dev.session.reload([join(dir, 'template.yaml')]);
    const warned = dev.events.slice(before).flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('the local Python') ? [e.diagnostic.message] : []));
    expect(warned).toEqual([`Old runs on ${other} but the local Python is ${local} (${testPython()}); behaviour and cold starts may differ. Create .venv with Python ${other.slice(6)} to match.`]);
  });
});

describe('a tree dev cannot watch', () => {
  // Past the system's limit of inotify watches, fs.watch throws ENOSPC: the directory went unwatched without
  // a word, and dev said it was watching for changes.
  it('says so once, with the limit to raise', async () => {
    const dir = project();
    for (const sub of ['a', 'b']) mkdirSync(join(dir, sub, 'big'), { recursive: true });
    const limited = ((path: string, options: object, listener: () => void) => {
      if (path.endsWith(`${sep}big`)) throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
      return watch(path, options, listener);
    }) as unknown as typeof watch;
    const dev = await startDev(dir, { watch: true, watchDirectory: limited });
    session = dev.session;
    const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.startsWith('Cannot watch') ? [e.diagnostic.message] : []));
    expect(warnings).toEqual([
      `Cannot watch ${join(dir, 'a', 'big')}, so changes there do not reload: the system's limit of file watches is reached (fs.inotify.max_user_watches); raise it, e.g. sudo sysctl fs.inotify.max_user_watches=524288, and start dev again`,
    ]);
  });
});

describe('serverless.yml ${file()}', () => {
  it('reads the files it names, and reloads the routes when one of them changes', async () => {
    const dir = scratchDir('sls-file');
    writeFileSync(join(dir, 'serverless.yml'), "service: s\nprovider:\n  name: aws\n  runtime: python3.12\n  environment:\n    GREETING: ${file(./config.json):greeting}\nfunctions: ${file(./functions.yml)}\n");
    writeFileSync(join(dir, 'config.json'), '{"greeting": "hello from config.json"}');
    const functions = (paths: string[]) => `api:\n  handler: app.handler\n  events:\n${paths.map((p) => `    - httpApi: 'GET ${p}'\n`).join('')}`;
    writeFileSync(join(dir, 'functions.yml'), functions(['/one']));
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": os.environ["GREETING"]}\n');
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    const base = dev.url('HttpApi');
    expect(await fetch(`${base}/one`).then((r) => r.text())).toBe('hello from config.json');
    expect((await fetch(`${base}/two`)).status).toBe(404);

    writeFileSync(join(dir, 'functions.yml'), functions(['/one', '/two']));
    expect(await until(() => fetch(`${base}/two`).then((r) => r.status), (s) => s === 200)).toBe(200);
    expect(dev.events.some((e) => e.type === 'reload' && e.reason === 'config' && e.files.includes('functions.yml'))).toBe(true);
  });
});

describe('startup errors', () => {
  it('two functions on the same route: names both', async () => {
    const dir = scratchDir('dup');
    writeFileSync(join(dir, 'app.py'), handler('x'));
    const fn = (name: string) => `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Events:\n        Get:\n          Type: Api\n          Properties: { Path: /same, Method: get }\n`;
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31\nResources:\n${fn('First')}${fn('Second')}`);
    await expect(startDev(dir)).rejects.toThrow(/First.*Second|Second.*First/s);
  });

  it.runIf(existsSync('/usr/bin/python3'))('awslambdaric asked for but not installed: says where to install it, before serving', async () => {
    const dir = scratchDir('ric');
    writeFileSync(join(dir, 'app.py'), handler('x'));
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/x'));
    const failure = startDev(dir, { runtimeClient: 'awslambdaric', python: '/usr/bin/python3' });
    await expect(failure).rejects.toThrow('--runtime-client awslambdaric: the package is not installed in /usr/bin/python3');
    await expect(failure).rejects.toBeInstanceOf(UserError);
  });

  it.each([
    ['an address this machine does not have', { host: '10.255.255.1' }, '--host 10.255.255.1 is not an address of this machine'],
    ['a name that does not resolve', { host: 'nosuch.invalid' }, '--host nosuch.invalid is not a name this machine can resolve'],
    ['ports that run past 65535', { port: 65535 }, 'Port 65536 is past the last port, 65535: each endpoint takes the next port from --port'],
  ])('%s: a UserError that says so', async (_what, options, message) => {
    const dir = scratchDir('listen');
    writeFileSync(join(dir, 'app.py'), handler('x'));
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/x', { rest: true }));
    const failure = await startDev(dir, options).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe(message);
  });
});

void cpSync;

describe('a change made while dev starts', () => {
  // The watcher starts before the servers listen (so that the first request does not wait behind its walk):
  // a change it sees then is read once they all listen, not in the middle of their start.
  it('is read once every endpoint listens', async () => {
    const dir = project();
    let fired = false;
    const early = ((path: string, options: WatchOptions, listener: (event: string, file: string | null) => void) => {
      const watcher = watch(path, options, listener);
      if (path === dir && !fired) {
        fired = true;
        writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/renamed'));
        setImmediate(() => listener('change', 'template.yaml'));
      }
      return watcher;
    }) as unknown as typeof watch;
    const dev = await startDev(dir, { watch: true, watchDirectory: early });
    session = dev.session;
    const res = await until(() => fetch(`${dev.url('ServerlessHttpApi')}/renamed`), (r) => r.status === 200);
    expect([res.status, await res.text()]).toEqual([200, 'v1']);
    expect(dev.events.filter((e) => e.type === 'ready' || e.type === 'reload-failed').map((e) => e.type)).toEqual(['ready', 'ready']);
  });
});
