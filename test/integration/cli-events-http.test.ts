// pylambda events generate's HTTP requests: the request its flags build, the route it reaches (--resource, or the
// project's routes, stages and payload formats), and a WebSocket message. The other kinds: cli-events.test.ts.
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fnTemplate, scratchDir, testPython } from '../helpers.js';
import { runCaptured } from '../cli-run.js';

function cli(argv: string[], cwd = FIXTURES) {
  return runCaptured(argv, { cwd, env: { AWS_REGION: 'eu-west-1' } });
}

describe('pylambda events generate: an HTTP request and its route', () => {
  it('builds the request from the flags', async () => {
    const { stdout } = await cli(['events', 'generate', 'apigw-rest', '--method', 'post', '--path', '/orders', '--query', 'a=1', '--query', 'a=2', '--header', 'X-Id: 7', '--body', '{"n":1}', '--json']);
    const event = JSON.parse(stdout);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(event).toMatchObject({
      httpMethod: 'POST',
      path: '/orders',
      resource: '/orders',
      queryStringParameters: { a: '2' },
      multiValueQueryStringParameters: { a: ['1', '2'] },
      headers: { 'X-Id': '7', 'Content-Type': 'application/json' },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: { httpMethod: 'POST', stage: 'Prod', resourcePath: '/orders' },
    });
  });

  it('--resource: the route template the path matched, and its path parameters as each gateway gives them', async () => {
    const restEvent = JSON.parse((await cli(['events', 'generate', 'apigw-rest', '--path', '/files/a%20b/c', '--resource', '/files/{proxy+}'])).stdout);
    expect(restEvent).toMatchObject({ resource: '/files/{proxy+}', pathParameters: { proxy: 'a%20b/c' }, requestContext: { resourcePath: '/files/{proxy+}' } });
    const httpEvent = JSON.parse((await cli(['events', 'generate', 'http-api', '--method', 'PUT', '--path', '/items/42', '--resource', '/items/{id}'])).stdout);
    expect(httpEvent).toMatchObject({ routeKey: 'PUT /items/{id}', pathParameters: { id: '42' }, requestContext: { routeKey: 'PUT /items/{id}' } });
    const wrong = await cli(['events', 'generate', 'http-api', '--path', '/x', '--resource', '/items/{id}']);
    expect([wrong.code, wrong.stderr]).toEqual([2, "error: --path '/x' does not match --resource '/items/{id}'\n"]);
    // A route key's method is the request's when --method is not given, with --path too.
    const keyed = JSON.parse((await cli(['events', 'generate', 'apigw-rest', '--resource', 'POST /items/{id}', '--path', '/items/42'])).stdout);
    expect(keyed).toMatchObject({ httpMethod: 'POST', path: '/items/42', pathParameters: { id: '42' } });
  });

  it('--resource without --path: a path the route reaches, each parameter named by itself, and a route key\'s method', async () => {
    const restEvent = JSON.parse((await cli(['events', 'generate', 'apigw-rest', '--resource', '/todos/{todo_id}'])).stdout);
    expect(restEvent).toMatchObject({ resource: '/todos/{todo_id}', path: '/todos/todo_id', httpMethod: 'GET', pathParameters: { todo_id: 'todo_id' } });
    const httpEvent = JSON.parse((await cli(['events', 'generate', 'http-api', '--resource', 'POST /files/{proxy+}'])).stdout);
    expect(httpEvent).toMatchObject({ routeKey: 'POST /files/{proxy+}', rawPath: '/files/proxy', pathParameters: { proxy: 'proxy' }, requestContext: { http: { method: 'POST' } } });
    const anyKey = JSON.parse((await cli(['events', 'generate', 'http-api', '--resource', 'ANY /items', '--method', 'DELETE'])).stdout);
    expect(anyKey).toMatchObject({ routeKey: 'ANY /items', rawPath: '/items', requestContext: { http: { method: 'DELETE' } } });
    const fallback = await cli(['events', 'generate', 'http-api', '--resource', '$default']);
    expect([fallback.code, JSON.parse(fallback.stdout)]).toMatchObject([0, { routeKey: '$default', rawPath: '/' }]);
  });

  it('a WebSocket message to a route, and --body refused for $connect, which has none', async () => {
    const { stdout } = await cli(['events', 'generate', 'apigw-websocket', '--route-key', 'sendMessage', '--body', '{"action":"sendMessage","text":"hi"}']);
    expect(JSON.parse(stdout)).toMatchObject({ body: '{"action":"sendMessage","text":"hi"}', isBase64Encoded: false, requestContext: { routeKey: 'sendMessage', eventType: 'MESSAGE', stage: 'prod', domainName: 'abcdef1234.execute-api.eu-west-1.amazonaws.com' } });
    const connect = await cli(['events', 'generate', 'apigw-websocket', '--route-key', '$connect', '--body', 'x']);
    expect([connect.code, connect.stderr]).toEqual([2, 'error: --body does not apply to $connect: only a message has a body\n']);
  });
});

describe('pylambda events generate in a project', () => {
  const project = () => {
    const dir = scratchDir('events-project');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      events: ['Hello: { Type: Api, Properties: { Path: "/hello/{name}", Method: get } }', 'Items: { Type: HttpApi, Properties: { Path: "/items/{id}", Method: ANY } }'],
    }));
    return dir;
  };

  it.each<[string, string[], Record<string, unknown>]>([
    ['REST: the route the path reaches', ['apigw-rest', '--path', '/hello/Ada'], { resource: '/hello/{name}', pathParameters: { name: 'Ada' } }],
    ['HTTP API: the route the path reaches', ['http-api', '--method', 'DELETE', '--path', '/items/7'], { routeKey: 'ANY /items/{id}', pathParameters: { id: '7' } }],
    ['no route reaches the path: the path itself', ['apigw-rest', '--path', '/other'], { resource: '/other', pathParameters: null }],
    ['a route key given', ['http-api', '--method', 'PUT', '--path', '/x/1', '--resource', 'ANY /x/{n}'], { routeKey: 'ANY /x/{n}', pathParameters: { n: '1' } }],
    ['--resource given: it wins', ['apigw-rest', '--path', '/hello/Ada', '--resource', '/hello/{who}'], { resource: '/hello/{who}', pathParameters: { who: 'Ada' } }],
  ])('%s', async (_what, args, expected) => {
    const { code, stdout } = await cli(['events', 'generate', ...args], project());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject(expected);
  });

  it('says when the project\'s gateway would answer the request itself and call no function', async () => {
    const { code, stdout, stderr } = await cli(['events', 'generate', 'http-api', '--method', 'GET', '--path', '/nothing'], project());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ routeKey: '$default', rawPath: '/nothing' });
    expect(stderr).toBe('warning: the gateways of template.yaml answer GET /nothing themselves (no route) and call no function: this is a generic http-api event\n');
  });

  // serverless.yml's http events are a REST API, its httpApi ones an HTTP API: the kind asked for may be the other one.
  it("says when the path is a route of another kind of the project's endpoints, and which kind makes its events", async () => {
    const { code, stderr } = await cli(['events', 'generate', 'http-api', '--path', '/hello/Ada'], project());
    expect(code).toBe(0);
    expect(stderr).toBe('warning: the gateways of template.yaml answer GET /hello/Ada themselves (no route) and call no function: this is a generic http-api event; '
      + 'it is a route of REST API ServerlessRestApi, whose events pylambda events generate apigw-rest makes\n');
  });

  it('says when the project here cannot be read, and makes a generic event', async () => {
    const dir = scratchDir('events-broken');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: 9999'], events: ['Get: { Type: Api, Properties: { Path: /x, Method: get } }'] }));
    const { code, stdout, stderr } = await cli(['events', 'generate', 'apigw-rest', '--path', '/x'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ path: '/x', requestContext: { stage: 'Prod' } });
    expect(stderr).toBe('warning: the project here has problems (pylambda invoke or dev lists them), so its gateways are unknown: this is a generic apigw-rest event\n');
  });

  // The event dev would send: the API's own stage and stage variables, and a route's payload format 1.0.
  it("uses the API's stage and stage variables, and a route's payload format", async () => {
    const dir = scratchDir('events-stage');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Api:', '  Type: AWS::Serverless::Api', '  Properties:', '    StageName: v1', '    Variables: { color: blue }'],
      events: [
        'Items: { Type: Api, Properties: { RestApiId: !Ref Api, Path: "/items/{id}", Method: get } }',
        'Old: { Type: HttpApi, Properties: { Path: /old, Method: get, PayloadFormatVersion: "1.0" } }',
      ],
    }));
    const rest = JSON.parse((await cli(['events', 'generate', 'apigw-rest', '--path', '/items/5'], dir)).stdout) as Record<string, unknown>;
    expect(rest).toMatchObject({ path: '/items/5', stageVariables: { color: 'blue' }, requestContext: { stage: 'v1', path: '/v1/items/5' } });
    const old = JSON.parse((await cli(['events', 'generate', 'http-api', '--path', '/old'], dir)).stdout) as Record<string, unknown>;
    expect(old).toMatchObject({ version: '1.0', resource: '/old', httpMethod: 'GET', requestContext: { stage: '$default', resourcePath: '/old' } });
  });

  it('in a Chalice project: routes read with --python, and an app that cannot be imported is said, not silent', async () => {
    const dir = scratchDir('events-chalice');
    cpSync(join(FIXTURES, 'chalice', 'demo'), dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
    const routed = await cli(['events', 'generate', 'apigw-rest', '--path', '/', '--python', testPython()], dir);
    expect([routed.code, routed.stderr]).toEqual([0, '']);
    expect(JSON.parse(routed.stdout)).toMatchObject({ resource: '/', requestContext: { stage: 'api' } });
    const bad = await cli(['events', 'generate', 'apigw-rest', '--path', '/', '--python', join(dir, 'no-such-python')], dir);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/^error: Cannot run Python interpreter '.*no-such-python'/);
    // A Python without chalice: the app cannot be imported, and the event is generic, said so.
    const venv = join(scratchDir('events-bare-venv'), 'venv');
    execFileSync(testPython(), ['-m', 'venv', '--without-pip', venv]);
    const bare = await cli(['events', 'generate', 'apigw-rest', '--path', '/', '--python', join(venv, 'bin', 'python')], dir);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/^warning: the project here cannot be read \(app\.py could not be imported: .*\), so its gateways are unknown: this is a generic apigw-rest event\n$/);
  });
});
