import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProcessCount } from '../../src/adapters/process.js';
import { loadChaliceProject, type ChaliceLoadOptions, type LoadedChalice } from '../../src/api/chalice-project.js';
import { ConfigError, UserError } from '../../src/core/errors.js';
import { routeRequest, type GatewayConfig } from '../../src/core/gateway/route-request.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { sqsEvent } from '../../src/core/events/sources/queues.js';
import type { HttpRequest, HttpResponse } from '../../src/core/events/http/request.js';
import { LocalFunction } from '../../src/emulator/local-function.js';
import { FIXTURES, ROOT, testPython } from '../helpers.js';
import { plain, request, REST_IDS } from '../unit/http-test-support.js';
import { cli } from './invoke-cli.js';

/**
 * Chalice apps read through their own Python (runtime/python/pylambda_chalice_app.py with the test venv,
 * which has chalice 1.34.0 from test/requirements.txt), then served request by request the way the dev
 * server will: routeRequest builds the REST event, the real app answers in a LocalFunction, and the step's
 * respond() turns its result into the HTTP response.
 */

const CHALICE = `${FIXTURES}chalice/`;
const PYTHON = { executable: testPython(), version: '3.11.7' };
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };
const load = (name: string, options: Partial<ChaliceLoadOptions> = {}) => loadChaliceProject(`${CHALICE}${name}`, { python: PYTHON, env: ENV, ...options });

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('reading a Chalice app through its own Python', () => {
  it('the demo app, stage dev: config.json lookup per function, routes, CORS, binary types, other functions', async () => {
    const loaded = await load('demo');
    const { project } = loaded;
    expect([loaded.stage, project.style, project.configFile]).toEqual(['dev', 'chalice', '.chalice/config.json']);
    expect(project.functions.map((f) => [f.id, f.name, f.handler, f.memorySize, f.timeout, f.reservedConcurrency, f.runtime])).toEqual([
      // stages.dev.lambda_functions.api_handler.lambda_memory_size, top-level lambda_timeout.
      ['api_handler', 'demo-dev', 'app.app', 512, 30, undefined, 'python3.11'],
      ['bp_nightly', 'demo-dev-bp_nightly', 'chalicelib.blueprint.nightly', 128, 30, undefined, 'python3.11'],
      // Top-level lambda_functions.worker.lambda_memory_size.
      ['worker', 'demo-dev-worker', 'app.do_work', 256, 30, undefined, 'python3.11'],
      // stages.dev.lambda_functions.on_job.
      ['on_job', 'demo-dev-on_job', 'app.on_job', 128, 120, 2, 'python3.11'],
      ['every_five', 'demo-dev-every_five', 'app.every_five', 128, 30, undefined, 'python3.11'],
      ['on_upload', 'demo-dev-on_upload', 'app.on_upload', 128, 30, undefined, 'python3.11'],
    ]);
    const byId = Object.fromEntries(project.functions.map((f) => [f.id, f]));
    expect(byId.api_handler!.environment).toEqual({ TABLE_NAME: 'table-dev', GREETING: 'hi from the api' });
    // lambda_functions.worker.environment_variables at the top level is not one of Chalice's merged levels.
    expect(byId.worker!.environment).toEqual({ TABLE_NAME: 'table-dev', GREETING: 'hello' });
    expect(byId.on_job!.events).toEqual([{ kind: 'sqs', id: 'on_job-sqs-event-source', queue: 'jobs', batchSize: 5 }]);
    expect(byId.every_five!.events).toEqual([{ kind: 'schedule', id: 'every_five-event', schedule: 'rate(5 minutes)', rule: 'demo-dev-every_five-event' }]);
    // Its prefix="in/": the keys S3 sends it, which its sample event's key honours.
    expect(byId.on_upload!.events).toEqual([{ kind: 's3', id: 'on_upload-s3event', bucket: 'uploads', events: ['s3:ObjectCreated:*'], keyFilter: { prefix: 'in/' } }]);

    const [endpoint] = project.endpoints;
    expect(project.endpoints).toHaveLength(1);
    expect(endpoint).toMatchObject({ id: 'RestAPI', kind: 'rest', stage: 'api' });
    expect(endpoint!.binaryMediaTypes).toEqual([
      'application/octet-stream', 'application/x-tar', 'application/zip', 'audio/basic', 'audio/ogg', 'audio/mp4', 'audio/mpeg', 'audio/wav',
      'audio/webm', 'image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'video/ogg', 'video/mpeg', 'video/webm',
    ]);
    expect(endpoint!.routes.map((r) => `${r.method} ${r.path}${r.cors ? ` cors:${r.cors.allowMethods.join(',')}` : ''}`)).toEqual([
      'GET /', 'GET /users/{name}', 'DELETE /users/{name}', 'POST /users', 'GET /shared cors:GET,PUT,OPTIONS', 'PUT /shared cors:GET,PUT,OPTIONS',
      'GET /open cors:GET,OPTIONS', 'GET /image', 'POST /upload', 'GET /files/{proxy+}',
    ]);
    expect(endpoint!.routes.find((r) => r.path === '/shared')!.cors).toEqual({
      allowOrigins: ['https://example.com'],
      allowMethods: ['GET', 'PUT', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Api-Key', 'X-Special'],
      exposeHeaders: ['X-Total', 'X-Page'],
      allowCredentials: true,
      maxAge: 600,
    });
    expect(loaded.warnings.map((w) => `${w.file} ${w.path}`)).toEqual(['.chalice/config.json lambda_functions.worker.environment_variables']);
  });

  it('stage prod: its API stage, and stages.prod beats the top-level lambda_functions.<name>', async () => {
    const { project } = await load('demo', { stage: 'prod' });
    expect(project.endpoints[0]!.stage).toBe('v1');
    expect(project.functions.map((f) => [f.name, f.memorySize, f.environment.TABLE_NAME])).toEqual([
      ['demo-prod', 1024, 'table-prod'],
      ['demo-prod-bp_nightly', 1024, 'table-prod'],
      ['demo-prod-worker', 1024, 'table-prod'],
      ['demo-prod-on_job', 1024, 'table-prod'],
      ['demo-prod-every_five', 1024, 'table-prod'],
      ['demo-prod-on_upload', 1024, 'table-prod'],
    ]);
  });

  it('vendor/ is importable, output printed at import stays out of the JSON, and every other kind of function is known', async () => {
    const loaded = await load('vendored');
    expect(loaded.project.functions.map((f) => [f.id, f.name, f.handler, f.events.map((e) => (e.kind === 'other' ? `${e.type} ${e.id}` : e.kind))])).toEqual([
      ['api_handler', 'vendored-dev', 'app.app', ['api', 'api']],
      ['on_alert', 'vendored-dev-on_alert', 'app.on_alert', ['SNS on_alert-sns-subscription']],
      ['on_ec2', 'vendored-dev-on_ec2', 'app.on_ec2', ['CloudWatchEvent on_ec2-event']],
      ['on_click', 'vendored-dev-on_click', 'app.on_click', ['Kinesis on_click-kinesis-event-source']],
      ['on_row', 'vendored-dev-on_row', 'app.on_row', ['DynamoDB on_row-dynamodb-event-source']],
      ['auth', 'vendored-dev-auth', 'app.auth', ['Authorizer auth']],
      ['websocket_connect', 'vendored-dev-websocket_connect', 'app.connect', ['WebSocket $connect']],
      ['websocket_message', 'vendored-dev-websocket_message', 'app.message', ['WebSocket $default']],
    ]);
    // The built-in authorizer guards its route (dev runs it), and so does its API key.
    expect(loaded.project.endpoints[0]!.routes.find((r) => r.path === '/private')).toMatchObject({ apiKeyRequired: true, authorizer: { functionId: 'auth', type: 'TOKEN', ttlSeconds: 300 } });
    expect(loaded.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'app.experimental_feature_flags: the app uses WEBSOCKETS without opting in (app.experimental_feature_flags.update([...])); chalice deploy refuses it',
    ]);
  });

  // Lambda sets AWS_REGION in every environment: without it here, boto3.client("s3") at module level raised NoRegionError.
  it('an app that makes a boto3 client at module level loads with no region in the shell, as it runs on Lambda', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pylambda-chalice-region-'));
    try {
      cpSync(`${CHALICE}demo/.chalice`, join(dir, '.chalice'), { recursive: true });
      writeFileSync(join(dir, 'app.py'), 'import boto3\nfrom chalice import Chalice\n\napp = Chalice(app_name="demo")\ns3 = boto3.client("s3")\n\n\n@app.route("/")\ndef index():\n    return {"region": s3.meta.region_name}\n');
      // No HOME either: no ~/.aws/config to give boto3 a region, as on a machine set up for nothing.
      const loaded = await loadChaliceProject(dir, { python: PYTHON, env: { PATH: process.env.PATH, HOME: dir } });
      expect(loaded.project.endpoints[0]!.routes.map((r) => r.path)).toEqual(['/']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown stage is reported before app.py is imported', async () => {
    const error = await failure(load('demo', { stage: 'staging' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      ".chalice/config.json has 1 problem:\n  stages: has no stage 'staging' (its stages are dev, prod); chalice deploy --stage staging would start one from the top-level settings: add \"staging\": {} under stages to do that here",
    );
  });
});

describe('apps that cannot be read say why', () => {
  it.each<[string, string, string]>([
    ['missing-module', "app.py could not be imported: ModuleNotFoundError: No module named 'not_installed_anywhere' (app.py, line 3)",
      `Install the project's dependencies for ${PYTHON.executable}: ${PYTHON.executable} -m pip install -r requirements.txt`],
    ['raises', 'app.py could not be imported: RuntimeError: settings service unavailable (app.py, line 9)\n    Traceback (most recent call last):\n      File "<root>/app.py", line 12, in <module>',
      "app.py is imported as chalice deploy imports it: with the environment_variables of stage 'dev' from .chalice/config.json set. A variable that exists only once deployed can be given with --env-vars FILE ({\"Parameters\": {\"NAME\": \"value\"}}): the import and the functions get it."],
    ['syntax-error', 'app.py could not be imported: SyntaxError: invalid syntax (app.py, line 7)\n      File "<root>/app.py", line 7\n        def index(:',
      'Fix the code at app.py, line 7: pylambda reads the routes by importing app.py, as chalice deploy does.'],
    ['no-app', "app.py has no attribute 'app' (Chalice deploys app.app)",
      'Chalice deploys the object named app in app.py as the API handler: app = Chalice(app_name="...")'],
  ])('%s', async (name, message, hint) => {
    const error = await failure(load(name));
    expect(error.message.replaceAll(`${CHALICE}${name}`, '<root>').startsWith(message)).toBe(true);
    expect(error.hint).toBe(hint);
  });

  it('an app that cannot be imported: the configuration\'s own problems are said with it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pylambda-chalice-'));
    temps.push(root);
    cpSync(`${CHALICE}raises`, root, { recursive: true });
    writeFileSync(join(root, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'raises', lambda_timeout: 9000, stages: { dev: { api_gateway_stage: 'api', lambda_memory_size: 99999 } } }));
    const error = await failure(loadChaliceProject(root, { python: PYTHON, env: ENV }));
    expect(error.message).toMatch(/^app\.py could not be imported: RuntimeError: settings service unavailable/);
    expect(error.hint!.split('\n').slice(1)).toEqual([
      '.chalice/config.json has 2 problems too:',
      "  stages.dev.lambda_memory_size: 99999 is above Lambda's maximum of 10240",
      "  lambda_timeout: 9000 is above Lambda's maximum of 900",
    ]);
  });

  it("the project's .venv without chalice gives the install command", async () => {
    const root = mkdtempSync(join(tmpdir(), 'pylambda-chalice-'));
    temps.push(root);
    cpSync(`${CHALICE}demo`, root, { recursive: true });
    execFileSync('python3', ['-m', 'venv', '--without-pip', join(root, '.venv')]);
    const error = await failure(loadChaliceProject(root, { python: { executable: join(root, '.venv/bin/python'), version: '3.11.7' }, env: ENV }));
    expect(error.message).toBe(
      "app.py could not be imported: ModuleNotFoundError: No module named 'chalice' (app.py, line 4) — install it in the project's virtual environment: .venv/bin/python -m pip install chalice",
    );
  });

  it('a Python outside the project without chalice suggests creating the project\'s .venv', async () => {
    const venv = mkdtempSync(join(tmpdir(), 'pylambda-venv-'));
    temps.push(venv);
    execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
    const python = join(venv, 'bin/python');
    const error = await failure(load('demo', { python: { executable: python, version: '3.11.7' } }));
    expect(error.message).toBe(
      `app.py could not be imported: ModuleNotFoundError: No module named 'chalice' (app.py, line 4) — install it in a virtual environment for the project: python3 -m venv .venv && .venv/bin/python -m pip install chalice (pylambda uses .venv/bin/python when it exists; now it ran ${python})`,
    );
  });

  it('a stopped import is reported even in a Node process with nothing else to do (no silent exit before the exit event)', async () => {
    const script = `import { readChaliceApp } from ${JSON.stringify(join(ROOT, 'dist', 'adapters', 'chalice-app.js'))};\n`
      + `readChaliceApp({ python: ${JSON.stringify(PYTHON.executable)}, root: ${JSON.stringify(`${CHALICE}slow`)}, env: { PATH: process.env.PATH }, timeoutMs: 300, problem: { python: 'p', projectVenv: false, stage: 'dev', configFile: 'c' } })`
      + `.then(() => console.log('imported'), (e) => console.log(e.message));\n`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect([child.status, child.stdout]).toEqual([0, 'app.py took more than 0.3 s to import, so pylambda stopped it\n']);
  });

  it('an import that does not finish is stopped, and leaves no process behind', async () => {
    const before = liveProcessCount();
    const error = await failure(load('slow', { importTimeoutMs: 1500 }));
    expect(error.message).toBe('app.py took more than 1.5 s to import, so pylambda stopped it');
    expect(liveProcessCount()).toBe(before);
  });
});

describe('the demo app answers through the REST gateway as deployed', () => {
  let loaded: LoadedChalice;
  let gateway: GatewayConfig;
  const functions = new Map<string, LocalFunction>();

  beforeAll(async () => {
    loaded = await load('demo');
    const endpoint = loaded.project.endpoints[0]!;
    gateway = { endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' };
    for (const fn of loaded.project.functions) {
      functions.set(fn.id, new LocalFunction({ fn, taskRoot: loaded.root, python: PYTHON, hostEnv: { ...ENV, AWS_REGION: 'us-east-1' } }));
    }
  });
  afterAll(async () => {
    await Promise.all([...functions.values()].map((f) => f.shutdown()));
  });

  async function sendRaw(req: HttpRequest): Promise<HttpResponse> {
    const step = routeRequest(gateway, req);
    if (step.kind === 'respond') return step.response;
    const result = await functions.get(step.functionId)!.invoke({ payload: step.event });
    return step.respond({ payload: result.payload, functionError: result.functionError !== undefined });
  }
  const send = async (req: HttpRequest) => plain(await sendRaw(req));

  // API Gateway's default Content-Type when the result has none, then its request ids.
  const JSON_HEADERS: Array<[string, string]> = [['Content-Type', 'application/json'], ...REST_IDS];
  const HOST: [string, string] = ['Host', 'abc.execute-api.us-east-1.amazonaws.com'];

  it('GET /: the stage\'s variables, read at import, and the function\'s deployed name', async () => {
    const body = '{"table":"table-dev","greeting":"hi from the api","function":"demo-dev"}';
    expect(await send(request({ rawPath: '/' }))).toEqual({ status: 200, headers: JSON_HEADERS, body });
  });

  it('a path parameter reaches the view still percent-encoded (REST keeps %20), with chalicelib code', async () => {
    const body = '{"name":"ana%20b","message":"hi from the api, ana%20b"}';
    expect(await send(request({ rawPath: '/users/ana%20b' }))).toEqual({ status: 200, headers: JSON_HEADERS, body });
  });

  it('a trailing slash reaches the same resource', async () => {
    expect((await send(request({ rawPath: '/users/bo/' }))).body).toBe('{"name":"bo","message":"hi from the api, bo"}');
  });

  it('DELETE on the same path: the view sees the method', async () => {
    expect(await send(request({ method: 'DELETE', rawPath: '/users/bo' }))).toEqual({ status: 204, headers: JSON_HEADERS, body: '' });
  });

  it('POST with a JSON body: 201 with the view\'s header', async () => {
    const body = '{"created":{"name":"bo"}}';
    const res = await send(request({ method: 'POST', rawPath: '/users', headers: [HOST, ['Content-Type', 'application/json']], body: '{"name":"bo"}' }));
    expect(res).toEqual({ status: 201, headers: [['Location', '/users/bo'], ...JSON_HEADERS], body });
  });

  it('POST with a content type the view does not accept: Chalice\'s own 415', async () => {
    const body = '{"Code":"UnsupportedMediaType","Message":"Unsupported media type: text/plain"}';
    const res = await send(request({ method: 'POST', rawPath: '/users', headers: [HOST, ['Content-Type', 'text/plain']], body: 'x' }));
    expect(res).toEqual({ status: 415, headers: JSON_HEADERS, body });
  });

  it.each([
    ['an unknown path', 'GET', '/nope'],
    ['a method the path does not have', 'PUT', '/users/bo'],
    ['a parameter with an empty value', 'GET', '/users//'],
  ])('%s never reaches Chalice: API Gateway answers 403', async (_, method, rawPath) => {
    const res = await send(request({ method, rawPath }));
    expect([res.status, res.body]).toEqual([403, '{"message":"Missing Authentication Token"}']);
  });

  it('a CORS route: Chalice adds its CORSConfig headers itself', async () => {
    const body = '{"method":"GET"}';
    expect(await send(request({ rawPath: '/shared', headers: [HOST, ['Origin', 'https://example.com']] }))).toEqual({
      status: 200,
      headers: [
        ['Access-Control-Allow-Origin', 'https://example.com'],
        ['Access-Control-Allow-Headers', 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special'],
        ['Access-Control-Expose-Headers', 'X-Total,X-Page'],
        ['Access-Control-Max-Age', '600'],
        ['Access-Control-Allow-Credentials', 'true'],
        ...JSON_HEADERS,
      ],
      body,
    });
  });

  // Chalice's preflight is a MOCK OPTIONS method per CORS path (swagger.py _add_preflight_request).
  it('OPTIONS /shared is answered by the preflight Chalice configures, without reaching the function', async () => {
    const res = await send(request({ method: 'OPTIONS', rawPath: '/shared', headers: [HOST, ['Origin', 'https://example.com'], ['Access-Control-Request-Method', 'PUT']] }));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers.filter(([name]) => name.startsWith('Access-Control'))).toEqual([
      ['Access-Control-Allow-Methods', 'GET,PUT,OPTIONS'],
      ['Access-Control-Allow-Origin', 'https://example.com'],
      ['Access-Control-Allow-Headers', 'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special'],
      ['Access-Control-Expose-Headers', 'X-Total,X-Page'],
      ['Access-Control-Max-Age', '600'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]);
  });

  it('a binary response: base64 from Chalice, decoded by API Gateway for an Accept of a binary type', async () => {
    const res = await sendRaw(request({ rawPath: '/image', headers: [HOST, ['Accept', 'image/png']] }));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual([['Content-Type', 'image/png'], ...REST_IDS]);
    expect(res.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]));
  });

  it('a binary response to Accept */*: Chalice encodes, API Gateway passes the base64 text on', async () => {
    expect(await send(request({ rawPath: '/image' }))).toEqual({ status: 200, headers: [['Content-Type', 'image/png'], ...REST_IDS], body: 'iVBORw0KGgoA/w==' });
  });

  it('a binary response to Accept application/json: Chalice\'s own 400', async () => {
    const res = await send(request({ rawPath: '/image', headers: [HOST, ['Accept', 'application/json']] }));
    expect([res.status, JSON.parse(res.body).Code]).toEqual([400, 'BadRequest']);
  });

  it('a binary request body arrives base64-encoded and Chalice decodes it', async () => {
    const body = '{"size":3,"first":255}';
    const res = await send(request({ method: 'POST', rawPath: '/upload', headers: [HOST, ['Content-Type', 'application/octet-stream']], body: Buffer.from([0xff, 0, 1]) }));
    expect(res).toEqual({ status: 200, headers: JSON_HEADERS, body });
  });

  it('a greedy {proxy+} route: the rest of the path in uri_params', async () => {
    expect((await send(request({ rawPath: '/files/a/b/c.txt' }))).body).toBe('{"proxy":"a/b/c.txt"}');
  });

  it('the other functions run with their own handler strings', async () => {
    const invoke = async (id: string, event: unknown) => (await functions.get(id)!.invoke({ payload: JSON.stringify(event) })).payload.toString();
    expect(await invoke('worker', { x: 1 })).toBe('{"done": {"x": 1}}');
    expect(await invoke('bp_nightly', {})).toBe('"nightly"');
    const ctx = { nowMs: 1_700_000_000_000, newId: () => '0f9d7e8a-1111-2222-3333-444455556666', region: 'us-east-1', accountId: '123456789012' };
    expect(await invoke('on_job', sqsEvent(ctx, { body: 'job-1', queue: 'jobs' }))).toBe('["job-1"]');
  });
});

describe('pylambda invoke with the name of a view', () => {
  it('says the view runs in api_handler, and the command that sends it its route\'s request (exit 2)', async () => {
    const out = await cli(['invoke', 'user'], { cwd: `${CHALICE}demo` });
    // The demo's config.json has a lambda_functions block Chalice does not apply: its warning comes first.
    expect([out.code, out.stdout, out.stderr.slice(out.stderr.indexOf('error:'))]).toEqual([2, '',
      "error: 'user' is a view of the Chalice app (GET /users/{name}, DELETE /users/{name}), not a Lambda function: Chalice runs every route in one function, api_handler\n"
      + 'Send api_handler the request API Gateway sends for it: pylambda events generate apigw-rest --method GET --path /users/name | pylambda invoke api_handler --event -\n']);
  });

  it("takes a blueprint view's def name and its name_prefix'ed name alike, and says both", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pylambda-chalice-prefix-'));
    temps.push(dir);
    cpSync(`${CHALICE}demo`, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    writeFileSync(join(dir, 'chalicelib', 'blueprint.py'), 'from chalice import Blueprint\n\njobs = Blueprint(__name__)\n\n\n@jobs.route("/jobs")\ndef list_jobs():\n    return []\n');
    for (const name of ['list_jobs', 'bp_list_jobs']) {
      const out = await cli(['invoke', name], { cwd: dir });
      expect([out.code, out.stdout, out.stderr.slice(out.stderr.indexOf('error:'))]).toEqual([2, '',
        `error: '${name}' is a view of the Chalice app (GET /jobs), named bp_list_jobs (def list_jobs) by its blueprint's name_prefix, not a Lambda function: Chalice runs every route in one function, api_handler\n`
        + 'Send api_handler the request API Gateway sends for it: pylambda events generate apigw-rest --method GET --path /jobs | pylambda invoke api_handler --event -\n']);
    }
  });

  // As on Lambda, which imports chalicelib.blueprint for it and never app.py (aws/chalice#1566); chalice local hides it.
  it("says why a blueprint's function fails on its blueprint's log", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pylambda-chalice-bp-log-'));
    temps.push(dir);
    cpSync(`${CHALICE}demo`, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    writeFileSync(join(dir, 'chalicelib', 'blueprint.py'), 'from chalice import Blueprint\n\njobs = Blueprint(__name__)\n\n\n@jobs.lambda_function()\ndef nightly(event, context):\n    jobs.log.info("nightly")\n    return "nightly"\n');
    const out = await cli(['invoke', 'bp_nightly'], { cwd: dir });
    expect([out.code, JSON.parse(out.stdout).errorType]).toEqual([1, 'RuntimeError']);
    expect(out.stderr).toContain('note: Lambda imports chalicelib.blueprint for the handler chalicelib.blueprint.nightly, not app.py, so the blueprint is never registered and its .log raises on AWS too');
    // coldstart said to pass another event, which fails the same.
    const measured = await cli(['coldstart', 'bp_nightly', '--runs', '1', '--python', testPython()], { cwd: dir });
    expect(measured.stderr).toContain('warning: the function returned RuntimeError for the event ({} (no trigger)); its cold starts are measured all the same. Another event fails alike: Lambda imports chalicelib.blueprint');
  });
});
