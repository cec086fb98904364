import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { invokeOnce } from '../../src/api/invoke.js';
import { FIXTURES, rawGet as raw, scratchDir, startDev, testPython } from '../helpers.js';
import { formatDevEvent } from '../../src/ui/dev-output.js';
import { styleFor } from '../../src/ui/io.js';
import { cli } from './invoke-cli.js';

/**
 * A Chalice app (PyPI chalice) served by `pylambda dev` answers exactly as the same app does when it is
 * invoked with the event API Gateway would send it: built here from AWS's own sample event, by hand.
 */
const DEMO = `${FIXTURES}chalice/demo`;
let session: DevSession;
let base: string;

beforeAll(async () => {
  const dev = await startDev(DEMO);
  session = dev.session;
  base = dev.url('RestAPI');
});
afterAll(async () => {
  await session?.stop();
});

/** The sample REST event (powertools apiGatewayProxyEvent.json) made into this request. */
function lambdaEvent(method: string, resource: string, path: string, pathParameters: Record<string, string> | null, body: string | null, contentType?: string) {
  const event = JSON.parse(readFileSync(`${FIXTURES}events/powertools-lambda-python/apiGatewayProxyEvent.json`, 'utf8'));
  const headers: Record<string, string> = { Host: 'id.execute-api.us-east-1.amazonaws.com', ...(contentType ? { 'Content-Type': contentType } : {}) };
  return {
    ...event,
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters,
    body,
    requestContext: { ...event.requestContext, httpMethod: method, resourcePath: resource, path: `/api${path}`, stage: 'api' },
  };
}

async function direct(event: unknown) {
  const { result } = await invokeOnce({ dir: DEMO, functionName: 'api_handler', python: testPython(), event: Buffer.from(JSON.stringify(event)), hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return JSON.parse(result.payload.toString()) as { statusCode: number; headers: Record<string, string>; body: string };
}

describe('a Chalice app under pylambda dev', () => {
  it.each<[string, string, string, Record<string, string> | null, string | null, string | undefined]>([
    ['GET', '/', '/', null, null, undefined],
    ['GET', '/users/{name}', '/users/ann', { name: 'ann' }, null, undefined],
    ['DELETE', '/users/{name}', '/users/ann', { name: 'ann' }, null, undefined],
    ['POST', '/users', '/users', null, '{"name": "bob"}', 'application/json'],
    ['POST', '/users', '/users', null, '{"name": "bob"}', 'text/plain'],
  ])('%s %s %s: the same status, body and headers as a direct invocation', async (method, resource, path, params, body, contentType) => {
    const expected = await direct(lambdaEvent(method, resource, path, params, body, contentType));
    const res = await fetch(`${base}${path}`, { method, ...(body ? { body } : {}), headers: contentType ? { 'content-type': contentType } : {} });
    expect(res.status).toBe(expected.statusCode);
    expect(await res.text()).toBe(expected.body);
    for (const [name, value] of Object.entries(expected.headers)) expect(res.headers.get(name)).toBe(value);
  });

  it('serves the stage\'s configuration: variables merged as Chalice merges them, the deployed name', async () => {
    expect(await (await fetch(`${base}/`)).json()).toEqual({ table: 'table-dev', greeting: 'hi from the api', function: 'demo-dev' });
  });

  it('answers an unknown route as API Gateway does, before Chalice', async () => {
    const res = await fetch(`${base}/nowhere`);
    expect([res.status, await res.text()]).toEqual([403, '{"message":"Missing Authentication Token"}']);
  });
});

describe("a Chalice app's api_gateway_stage and endpoint type", () => {
  const APP = 'from chalice import Chalice\n\napp = Chalice(app_name="staged")\n\n\n@app.route("/ctx")\ndef ctx():\n'
    + '    c = app.current_request.context\n    return {"stage": c["stage"], "path": c["path"], "resourcePath": c["resourcePath"]}\n';
  const project = (name: string, dev: Record<string, unknown>) => {
    const dir = scratchDir(name);
    mkdirSync(join(dir, '.chalice'));
    writeFileSync(join(dir, 'app.py'), APP);
    writeFileSync(join(dir, '.chalice', 'config.json'), JSON.stringify({ version: '2.0', app_name: 'staged', stages: { dev } }));
    return dir;
  };

  it("serves the stage in requestContext, at the URL with and without it, as chalice local serves the root; a policy file chalice deploy could not read is said", async () => {
    const dir = project('chalice-stage-url', { api_gateway_stage: 'v2', api_gateway_endpoint_type: 'PRIVATE', api_gateway_policy_file: 'policy.json' });
    const dev = await startDev(dir);
    try {
      const url = dev.url('RestAPI');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const seen = { stage: 'v2', path: '/v2/ctx', resourcePath: '/ctx' };
      expect(await (await fetch(`${url}/v2/ctx`)).json()).toEqual(seen);
      // Without the stage too, as chalice local and sam local serve a REST API; the event is the deployed one's all the same.
      expect(await (await fetch(`${url}/ctx`)).json()).toEqual(seen);
      const ready = dev.events.find((e) => e.type === 'ready');
      expect(formatDevEvent(ready!, styleFor({ isTTY: false }, {}), { verbose: false })).toContain(`  REST API RestAPI, stage v2  ${url}\n    GET     /ctx  api_handler  ${url}/ctx\n`);
      expect(dev.events.flatMap((e) => (e.type === 'warning' ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []))).toEqual([
      "stages.dev.api_gateway_policy_file: .chalice/policy.json cannot be read: chalice deploy reads the REST API's resource policy from it and stops there (dev serves the API without it)",
      ]);
    } finally {
      await dev.session.stop();
    }
  });

  it('refuses a PRIVATE endpoint without its VPC endpoint or resource policy, as chalice deploy refuses it', async () => {
    const dir = project('chalice-private', { api_gateway_endpoint_type: 'PRIVATE' });
    const { code, stdout, stderr } = await cli(['dev', '--port', '0', '--no-watch', '--python', testPython()], { cwd: dir });
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe('error: .chalice/config.json has 1 problem:\n  stages.dev.api_gateway_endpoint_type: Private Endpoints require api_gateway_policy_file or api_gateway_endpoint_vpce specified (Chalice refuses to deploy it)\n');
  });
});

describe('a Chalice app with minimum_compression_size', () => {
  it('answers gzip to a client that accepts it, from that size on, as the deployed REST API does', async () => {
    const dir = scratchDir('chalice-compression');
    cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    const configFile = join(dir, '.chalice', 'config.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8'));
    config.stages.dev.minimum_compression_size = 40;
    writeFileSync(configFile, JSON.stringify(config));
    const dev = await startDev(dir);
    try {
      const base = dev.url('RestAPI');
      // {"name":"ann","message":"hi from the api, ann"} is over 40 bytes, /open's {"open":true} under.
      const big = await raw(`${base}/users/ann`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(big.encoding).toBe('gzip');
      expect(JSON.parse(gunzipSync(big.body).toString())).toMatchObject({ name: 'ann' });
      const plain = await raw(`${base}/users/ann`, {});
      expect([plain.encoding, JSON.parse(plain.body.toString())]).toMatchObject([undefined, { name: 'ann' }]);
      const small = await raw(`${base}/open`, { 'accept-encoding': 'gzip' });
      expect(small.encoding).toBeUndefined();
    } finally {
      await dev.session.stop();
    }
  });
});

describe('a Chalice app\'s routes after an edit', () => {
  it('picks up a route added to a blueprint in chalicelib/, not only in app.py', async () => {
    const dir = scratchDir('chalice-bp');
    cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    const dev = await startDev(dir);
    try {
      const url = `${dev.url('RestAPI')}/fresh`;
      expect((await fetch(url)).status).toBe(403);
      const file = join(dir, 'chalicelib', 'blueprint.py');
      appendFileSync(file, '\n\n@jobs.route("/fresh")\ndef fresh():\n    return {"fresh": True}\n');
      await dev.session.reload([file]);
      expect(dev.events.some((e) => e.type === 'reload' && e.reason === 'config')).toBe(true);
      const res = await fetch(url);
      expect([res.status, await res.json()]).toEqual([200, { fresh: true }]);
    } finally {
      await dev.session.stop();
    }
  });
});

describe('a Chalice app.py that breaks', () => {
  // app.py is the routes and the code at once: warm environments kept the old code while each new one
  // imported the broken file, so the same request answered 200 or 502 by chance.
  it('runs as it is in every environment, and says so, until it is fixed', async () => {
    const dir = scratchDir('chalice-broken');
    cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    const dev = await startDev(dir);
    try {
      const url = `${dev.url('RestAPI')}/`;
      expect((await fetch(url)).status).toBe(200);
      const file = join(dir, 'app.py');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, `${good}\nx = (\n`);
      await dev.session.reload([file]);
      expect(dev.events.find((e) => e.type === 'reload-failed')).toMatchObject({ codeRuns: true, message: expect.stringContaining('SyntaxError') });
      const statuses = await Promise.all([1, 2, 3, 4].map(() => fetch(url).then((r) => r.status)));
      expect(statuses).toEqual([502, 502, 502, 502]);
      writeFileSync(file, good);
      await dev.session.reload([file]);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      await dev.session.stop();
    }
  });
});

describe('a Chalice app.py saved while its routes are still being read', () => {
  // An import that hangs (a network call at module level, a debugging sleep) held every later save, the fix
  // included, for the route read's 30 s timeout, with nothing said; then it reported a failure already fixed.
  it('says the import is still running, and a newer save takes over at once', async () => {
    const dir = scratchDir('chalice-slow-save');
    cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    const dev = await startDev(dir);
    try {
      const file = join(dir, 'app.py');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, good.replace('app = Chalice(app_name="demo")', 'import time\ntime.sleep(60)\napp = Chalice(app_name="demo")'));
      const slow = dev.session.reload([file]);
      const started = Date.now();
      while (!dev.events.some((e) => e.type === 'reload-waiting') && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(dev.events.filter((e) => e.type === 'reload-waiting')).toEqual([{ type: 'reload-waiting', seconds: 2 }]);
      writeFileSync(file, `${good}\n\n@app.route("/fixed")\ndef fixed():\n    return {"fixed": True}\n`);
      await Promise.all([slow, dev.session.reload([file])]);
      expect(Date.now() - started).toBeLessThan(10_000);
      // The abandoned read is not reported: it was of files no longer there.
      expect(dev.events.filter((e) => e.type === 'reload-failed')).toEqual([]);
      const res = await fetch(`${dev.url('RestAPI')}/fixed`);
      expect([res.status, await res.json()]).toEqual([200, { fixed: true }]);
      // The sleeping import was stopped, not left to finish.
      expect(() => execFileSync('pgrep', ['-f', `pylambda_chalice_app.py ${dir}`])).toThrow();
    } finally {
      await dev.session.stop();
    }
  });

  it('stops the import when dev stops, not at its timeout', async () => {
    const dir = scratchDir('chalice-slow-stop');
    cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    const dev = await startDev(dir);
    const file = join(dir, 'app.py');
    writeFileSync(file, readFileSync(file, 'utf8').replace('app = Chalice(app_name="demo")', 'import time\ntime.sleep(60)\napp = Chalice(app_name="demo")'));
    const slow = dev.session.reload([file]);
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    await dev.session.stop();
    await slow;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(dev.events.filter((e) => e.type === 'reload-failed')).toEqual([]);
    expect(() => execFileSync('pgrep', ['-f', `pylambda_chalice_app.py ${dir}`])).toThrow();
  });
});

describe('a Chalice authorizer under pylambda invoke', () => {
  it('gets an API Gateway TOKEN authorizer event by default, and answers with its policy', async () => {
    const dir = scratchDir('chalice-auth');
    cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    appendFileSync(join(dir, 'app.py'), '\n\nfrom chalice import AuthResponse\n\n\n@app.authorizer()\ndef gate(auth_request):\n    return AuthResponse(routes=["/"], principal_id=auth_request.token)\n');
    const { result, sampleEvent } = await invokeOnce({ dir, functionName: 'gate', python: testPython(), hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(sampleEvent).toBe('API Gateway TOKEN authorizer sample (authorizationToken "allow")');
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toMatchObject({ principalId: 'allow', policyDocument: { Version: '2012-10-17' } });
  });
});

