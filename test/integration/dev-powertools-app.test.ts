import { describe, expect, it } from 'vitest';
import { FIXTURES, devForFile, eventually, json } from '../helpers.js';

/**
 * A Powertools user's app (PyPI aws-lambda-powertools) under each resolver, served by dev: what its event handler,
 * Logger and Metrics do with dev's events, compared with what they do on Lambda.
 */
const dev = devForFile(`${FIXTURES}projects/powertools-app`);

const ENDPOINTS: Array<[string, string, string]> = [
  ['REST API', 'Api', 'APIGatewayRestResolver'],
  ['HTTP API', 'HttpApi', 'APIGatewayHttpResolver'],
  ['ALB', 'Listener', 'ALBResolver'],
  ['function URL', 'UrlFnUrl', 'LambdaFunctionUrlResolver'],
];

describe.each(ENDPOINTS)('%s with Powertools', (_name, endpoint, resolver) => {
  const base = () => dev.url(endpoint);

  it("answers a CORS preflight with CORSConfig's headers, the extra origin echoed", async () => {
    const res = await fetch(`${base()}/todos/1`, { method: 'OPTIONS', headers: { Origin: 'https://other.example.com', 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://other.example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,OPTIONS,POST');
    expect(res.headers.get('access-control-max-age')).toBe('300');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('puts the CORS headers on the actual answer, and none for an origin it does not allow', async () => {
    const allowed = await fetch(`${base()}/todos/1`, { headers: { Origin: 'https://app.example.com' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ id: '1' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('X-Total');
    const other = await fetch(`${base()}/todos/1`, { headers: { Origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('compresses a route with compress=True: gzip, decoded by the client', async () => {
    const res = await fetch(`${base()}/big`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.json()).toEqual({ data: 'x'.repeat(2000) });
  });

  it("routes a Router's prefix and validates its int path parameter (422)", async () => {
    expect(await json(await fetch(`${base()}/items/7`))).toEqual({ item: 7, prefix: 'items' });
    const bad = await fetch(`${base()}/items/seven`);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ statusCode: 422, detail: [{ loc: ['path', 'item_id'], type: 'int_parsing' }] });
  });

  it('validates a pydantic body: 201 for a good one, 422 for a bad one', async () => {
    const post = (body: unknown) => fetch(`${base()}/todos`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const good = await post({ title: 'write tests' });
    expect(good.status).toBe(201);
    expect(await good.json()).toEqual({ title: 'write tests', done: false });
    const bad = await post({ title: 5 });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ statusCode: 422, detail: [{ loc: ['body', 'title'], type: 'string_type' }] });
  });

  it('answers through exception_handler and not_found', async () => {
    const gone = await fetch(`${base()}/gone`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toBe('gone: it left');
    const missing = await fetch(`${base()}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('no route /nope');
  });

  it(`serves enable_swagger's UI and its OpenAPI JSON (${resolver})`, async () => {
    const html = await fetch(`${base()}/swagger`);
    // An ALB refuses a Lambda answer over 1 MB (502), and the UI with its inlined bundle is 1.7 MB: as on AWS.
    expect(html.status).toBe(endpoint === 'Listener' ? 502 : 200);
    if (endpoint !== 'Listener') expect(html.headers.get('content-type')).toBe('text/html');
    const spec = await json(await fetch(`${base()}/swagger?format=json`));
    expect(Object.keys(spec.paths)).toEqual(['/todos/{todo_id}', '/items/{item_id}', '/todos', '/big', '/context', '/gone']);
  });
});

describe('the stage under Powertools', () => {
  it("puts the REST stage in the OpenAPI servers, and its URLs answer there", async () => {
    const spec = await json(await fetch(`${dev.url('Api')}/swagger?format=json`));
    expect(spec.servers).toEqual([{ url: '/dev' }]);
    expect(await json(await fetch(`${dev.url('Api')}/dev/todos/3`))).toEqual({ id: '3' });
  });

  // Powertools cuts `/{stage}` off an HTTP API's rawPath before it routes; on AWS a named stage is called /v1/...
  it("serves an HTTP API's named stage at /v1 as AWS does, and without it, to the same route", async () => {
    const spec = await json(await fetch(`${dev.url('HttpApi')}/v1/swagger?format=json`));
    expect(spec.servers).toEqual([{ url: '/v1' }]);
    expect(await json(await fetch(`${dev.url('HttpApi')}/v1/todos/3`))).toEqual({ id: '3' });
    expect(await json(await fetch(`${dev.url('HttpApi')}/todos/3`))).toEqual({ id: '3' });
    expect(await json(await fetch(`${dev.url('HttpApi')}/v1/items/4`))).toEqual({ item: 4, prefix: 'items' });
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['Api', '/context', { resolver: 'APIGatewayRestResolver', path: '/context', stage: 'dev', source_ip: '127.0.0.1' }],
    ['Api', '/dev/context', { resolver: 'APIGatewayRestResolver', path: '/context', stage: 'dev', source_ip: '127.0.0.1' }],
    ['HttpApi', '/v1/context', { resolver: 'APIGatewayHttpResolver', path: '/context', stage: 'v1', source_ip: '127.0.0.1' }],
    ['UrlFnUrl', '/context', { resolver: 'LambdaFunctionUrlResolver', path: '/context', stage: '$default', source_ip: '127.0.0.1' }],
    ['Listener', '/context', { resolver: 'ALBResolver', path: '/context' }],
  ])("%s %s: app.current_event's request context", async (endpoint, path, expected) => {
    const { request_id: _id, ...seen } = await json(await fetch(`${dev.url(endpoint)}${path}`));
    expect(seen).toEqual(expected);
  });
});

type Line = Record<string, unknown>;
const linesOf = (functionId: string): Line[] =>
  dev.events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.functionId === functionId && e.event.text.startsWith('{') ? [JSON.parse(e.event.text) as Line] : []));

describe("Logger and Metrics in dev's logs", () => {
  it('injects the Lambda context: cold_start true once, then false in the warm environment', async () => {
    const first = await json(await fetch(`${dev.url('Api')}/context`));
    await fetch(`${dev.url('Api')}/context`);
    const logs = await eventually(() => {
      const found = linesOf('RestFn').filter((l) => l.message === 'rest request');
      return found.length >= 2 ? found : undefined;
    });
    expect(logs.map((l) => l.cold_start)).toEqual([true, ...logs.slice(1).map(() => false)]);
    const line = logs.find((l) => l.correlation_id === first.request_id)!;
    expect(line).toMatchObject({
      level: 'INFO', service: 'todos', function_name: 'RestFn', function_memory_size: '256',
      function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:RestFn',
    });
    expect(line.function_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.xray_trace_id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it.each<[string, string, string]>([
    ['HttpApi', '/v1/context', 'HttpFn'],
    ['UrlFnUrl', '/context', 'UrlFn'],
  ])("%s: correlation_paths finds the event's request id", async (endpoint, path, fn) => {
    const { request_id: id } = await json(await fetch(`${dev.url(endpoint)}${path}`));
    const line = await eventually(() => linesOf(fn).find((l) => l.correlation_id === id && typeof l.message === 'string'));
    expect(line.function_name).toBe(fn);
  });

  it("log_event=True logs the event dev sent, one JSON line", async () => {
    await fetch(`${dev.url('UrlFnUrl')}/context?x=1`);
    const logged = await eventually(() => linesOf('UrlFn').find((l) => typeof l.message === 'object' && (l.message as Line).rawQueryString === 'x=1'));
    expect(logged.message).toMatchObject({ version: '2.0', rawPath: '/context', routeKey: '$default', queryStringParameters: { x: '1' } });
  });

  it('prints one EMF line per flush, the ColdStart metric once', async () => {
    await fetch(`${dev.url('Api')}/todos/9`);
    const emf = await eventually(() => {
      const found = linesOf('RestFn').filter((l) => '_aws' in l);
      return found.some((l) => 'Requests' in l) ? found : undefined;
    });
    const coldStarts = emf.filter((l) => 'ColdStart' in l);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ function_name: 'RestFn', service: 'todos', ColdStart: [1.0] });
    const requests = emf.filter((l) => 'Requests' in l);
    expect(requests.length).toBe(linesOf('RestFn').filter((l) => l.message === 'rest request').length);
    expect((requests[0]!._aws as { CloudWatchMetrics: unknown }).CloudWatchMetrics).toEqual([{ Namespace: 'TodoApp', Dimensions: [['service']], Metrics: [{ Name: 'Requests', Unit: 'Count' }] }]);
  });
});
