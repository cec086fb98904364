// serverless-wsgi projects (the Framework's Flask examples: handler wsgi_handler.handler, custom.wsgi.app) run
// with the plugin's own files from node_modules, copied beside the code in pylambda's state directory, and
// package with them at the zip's root; the user's directory is left as it was.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { invokeOnce } from '../../src/api/invoke.js';
import { packageFunctions } from '../../src/api/package.js';
import { UserError } from '../../src/core/errors.js';
import { ROOT, scratchDir, startDev, testPython } from '../helpers.js';
import { dist, failure, fakeInstaller, options, removeTemporary, temporary, unzipTo, writeFile, zipNames } from './package-helpers.js';
import type { DevSession } from '../../src/api/dev.js';

afterAll(removeTemporary);

/**
 * A stand-in for the plugin's wsgi_handler.py, which only its npm package ships, with its contract: the
 * configuration read beside the file, the app imported (its directory first on sys.path), the extra text
 * types added, and every event handed to serverless_wsgi.
 */
const STAND_IN_HANDLER = `import importlib, json, os, sys
import serverless_wsgi

root = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(root, ".serverless-wsgi")) as f:
    config = json.load(f)
module, attribute = config["app"].rsplit(".", 1)
if "/" in module:
    directory, module = module.rsplit("/", 1)
    sys.path.insert(0, os.path.join(root, directory))
wsgi_app = getattr(importlib.import_module(module), attribute)
serverless_wsgi.TEXT_MIME_TYPES.extend(config.get("text_mime_types", []))


def handler(event, context):
    return serverless_wsgi.handle_request(wsgi_app, event, context)
`;

/** serverless_wsgi.py itself: the PyPI package serverless-wsgi ships the npm package's file (test/requirements.txt). */
function serverlessWsgiModule(): string {
  return execFileSync(testPython(), ['-c', 'import serverless_wsgi; print(serverless_wsgi.__file__)'], { encoding: 'utf8' }).trim();
}

/** The plugin as npm installs it: the stand-in, or a copy of the real package. */
function installPlugin(dir: string, real?: string, handler = STAND_IN_HANDLER): string {
  const plugin = join(dir, 'node_modules', 'serverless-wsgi');
  if (real) {
    if (!existsSync(join(real, 'wsgi_handler.py'))) throw new Error(`No serverless-wsgi npm package in ${real}: run node scripts/test-env.mjs (npm test does), which downloads it`);
    cpSync(real, plugin, { recursive: true });
    return plugin;
  }
  writeFile(join(plugin, 'wsgi_handler.py'), handler);
  writeFile(join(plugin, 'serverless_wsgi.py'), readFileSync(serverlessWsgiModule()));
  writeFile(join(plugin, 'requirements.txt'), 'werkzeug>2\n');
  return plugin;
}

const FLASK_APP = `from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/items/<name>")
def get_item(name):
    return jsonify(name=name, q=request.args.get("q"), path=request.path), 200, {"X-Item": name}


@app.post("/items")
def post_item():
    return jsonify(got=request.get_json()), 201
`;

/** A Flask service as the Framework's aws-python-flask-api example has it, behind an HTTP API and a REST API. */
function flaskService(dir: string, app = 'app.app'): void {
  writeFile(join(dir, 'serverless.yml'), [
    'service: flask-items',
    'provider: { name: aws, runtime: python3.12 }',
    'plugins: [serverless-wsgi, serverless-python-requirements]',
    `custom: { wsgi: { app: ${app} } }`,
    'functions:',
    "  api: { handler: wsgi_handler.handler, events: [{ httpApi: '*' }] }",
    "  rest: { handler: wsgi_handler.handler, events: [{ http: 'ANY /{proxy+}' }] }",
    '',
  ].join('\n'));
  writeFile(join(dir, app.startsWith('web/') ? 'web/app.py' : 'app.py'), FLASK_APP);
}

const HOST_ENV = { PATH: process.env.PATH, HOME: process.env.HOME };
const httpGet = (path: string) => Buffer.from(JSON.stringify({
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers: { host: 'localhost' },
  requestContext: { http: { method: 'GET', path, sourceIp: '127.0.0.1' }, stage: '$default' }, isBase64Encoded: false,
}));

/** The plugin's npm package, unpacked: where scripts/test-env.mjs puts the pinned version, or another copy. */
const REAL = process.env.PYLAMBDA_TEST_SERVERLESS_WSGI ?? join(ROOT, 'test', '.peers', 'node_modules', 'serverless-wsgi');

describe.each([
  ['a stand-in plugin', undefined],
  ['the npm package', REAL],
] as const)('with %s', (_which, real) => {
  let session: DevSession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });

  it('dev serves the Flask app behind an HTTP API and a REST API', async () => {
    const dir = scratchDir('wsgi-dev');
    flaskService(dir);
    installPlugin(dir, real);
    const dev = await startDev(dir);
    session = dev.session;
    for (const kind of ['http', 'rest']) {
      const base = dev.session.endpoints.find((e) => e.kind === kind)!.url;
      const got = await fetch(`${base}/items/pen?q=blue`);
      expect([kind, got.status, got.headers.get('content-type'), got.headers.get('x-item')]).toEqual([kind, 200, 'application/json', 'pen']);
      expect(await got.json()).toEqual({ name: 'pen', q: 'blue', path: '/items/pen' });
      const posted = await fetch(`${base}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n": 1}' });
      expect([kind, posted.status, await posted.json()]).toEqual([kind, 201, { got: { n: 1 } }]);
    }
    // Nothing is written into the service directory, as the plugin would (Python's own __pycache__ aside): the copy is in pylambda's state.
    expect(readdirSync(dir).filter((n) => n !== '__pycache__').sort()).toEqual(['.pylambda', 'app.py', 'node_modules', 'serverless.yml']);
    expect(readFileSync(join(dir, '.pylambda', 'serverless-wsgi', 'api', '.serverless-wsgi'), 'utf8')).toBe('{"app":"app.app"}');
  });

  it('invoke runs an app in a directory (custom.wsgi.app: web/app.app)', async () => {
    const dir = scratchDir('wsgi-invoke');
    flaskService(dir, 'web/app.app');
    installPlugin(dir, real);
    const { result } = await invokeOnce({ dir, functionName: 'api', python: testPython(), hostEnv: HOST_ENV, event: httpGet('/items/cup') });
    expect(result.functionError).toBeUndefined();
    const response = JSON.parse(result.payload.toString()) as { statusCode: number; body: string; headers: Record<string, string> };
    expect([response.statusCode, JSON.parse(response.body), response.headers['X-Item']]).toEqual([200, { name: 'cup', q: null, path: '/items/cup' }, 'cup']);
  });
});

describe('serverless-wsgi without its files', () => {
  it('the plugin not installed: an error that says so, not Lambda\'s import error', async () => {
    const dir = scratchDir('wsgi-missing');
    flaskService(dir);
    const error = await invokeOnce({ dir, functionName: 'api', python: testPython(), hostEnv: HOST_ENV }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect([(error as UserError).message, (error as UserError).hint]).toEqual([
      `api: the handler wsgi_handler.handler is written by the serverless-wsgi plugin, which is not installed (no node_modules/serverless-wsgi in ${dir} or above)`,
      `Run npm install in ${dir} (npm install --save-dev serverless-wsgi if package.json does not list it): pylambda runs the plugin's own wsgi_handler.py and serverless_wsgi.py.`,
    ]);
  });

  it('a module the handler imports that the plugin requires: the note names its requirements.txt, with the app\'s', async () => {
    const dir = scratchDir('wsgi-werkzeug');
    flaskService(dir);
    const plugin = installPlugin(dir, undefined, `import not_installed_werkzeug\n${STAND_IN_HANDLER}`);
    writeFile(join(plugin, 'requirements.txt'), 'not-installed-werkzeug>2\n');
    writeFile(join(dir, 'requirements.txt'), 'flask\n');
    const { result, missingRequirement } = await invokeOnce({ dir, functionName: 'api', python: testPython(), hostEnv: HOST_ENV, event: httpGet('/') });
    expect(result.errorType).toBe('Runtime.ImportModuleError');
    // With the app's requirements, as the plugin installs them: a Python without werkzeug has no Flask either.
    expect(missingRequirement && [missingRequirement.module, missingRequirement.requirement, missingRequirement.file, missingRequirement.alongside])
      .toEqual(['not_installed_werkzeug', 'not-installed-werkzeug', join(plugin, 'requirements.txt'), join(dir, 'requirements.txt')]);
  });
});

describe('pylambda package with serverless-wsgi', () => {
  /** The service with a stale wsgi_handler.py of its own (an interrupted `sls offline` leaves one). */
  function service(): { dir: string; plugin: string } {
    const dir = temporary('pylambda-wsgi-pkg-');
    flaskService(dir);
    writeFile(join(dir, 'requirements.txt'), 'flask\n');
    writeFile(join(dir, 'wsgi_handler.py'), '# an old copy\n');
    return { dir, plugin: installPlugin(dir) };
  }

  it('puts the plugin\'s files and configuration at the root of the zip, over the project\'s copy', async () => {
    const { dir, plugin } = service();
    const installer = fakeInstaller([() => ({ files: { 'flask/__init__.py': '', 'werkzeug/__init__.py': '', ...dist('flask', '3.1.0', ['werkzeug']) } })]);
    await packageFunctions(options(dir, installer.runTool).opts);
    const zip = join(dir, '.pylambda', 'package', 'api.zip');
    expect(zipNames(zip).filter((n) => !n.includes('/'))).toEqual(['.serverless-wsgi', 'app.py', 'requirements.txt', 'serverless_wsgi.py', 'wsgi_handler.py']);
    const unzipped = unzipTo(zip);
    expect(readFileSync(join(unzipped, '.serverless-wsgi'), 'utf8')).toBe('{"app":"app.app"}');
    expect(readFileSync(join(unzipped, 'wsgi_handler.py'), 'utf8')).toBe(readFileSync(join(plugin, 'wsgi_handler.py'), 'utf8'));
  });

  it('refuses a package without werkzeug, which serverless_wsgi.py imports', async () => {
    const { dir } = service();
    const installer = fakeInstaller([() => ({ files: { 'flask/__init__.py': '', ...dist('flask', '3.1.0') } })]);
    const error = await failure(packageFunctions(options(dir, installer.runTool).opts));
    expect(error.message).toBe("A handler would fail on Lambda with Runtime.ImportModuleError:\n  api, rest: serverless-wsgi's serverless_wsgi.py imports werkzeug, which is not in the package");
  });
});
