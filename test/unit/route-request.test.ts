import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { request } from './http-test-support.js';

const source = { file: 'template.yaml', path: 'Resources' };

function eventFor(endpoint: Endpoint, path: string): Record<string, unknown> {
  const step = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
  if (step.kind !== 'invoke') throw new Error(`no invocation for ${path}: ${step.reason}`);
  return JSON.parse(step.event.toString()) as Record<string, unknown>;
}

describe('routeRequest: ALB target groups', () => {
  // Two target groups of one listener may forward to the same function; each event names its own group.
  it('names the target group the rule forwards to in targetGroupArn', () => {
    const endpoint: Endpoint = {
      id: 'Listener', kind: 'alb', stage: '$default', binaryMediaTypes: [], source,
      routes: [
        { method: 'ANY', path: '/multi', functionId: 'Echo', priority: 1, multiValueHeaders: true, targetGroup: 'TGMulti', source },
        { method: 'ANY', path: '/single', functionId: 'Echo', priority: 2, multiValueHeaders: false, targetGroup: 'TGSingle', source },
        { method: 'ANY', path: '*', functionId: 'Echo', source },
      ],
    };
    const arn = (path: string) => (eventFor(endpoint, path).requestContext as { elb: { targetGroupArn: string } }).elb.targetGroupArn;
    expect(arn('/multi')).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/TGMulti\/[0-9a-f]{16}$/);
    expect(arn('/single')).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/TGSingle\/[0-9a-f]{16}$/);
    // A route read without its group (serverless.yml) is named after its function.
    expect(arn('/other')).toMatch(/targetgroup\/Echo\/[0-9a-f]{16}$/);
  });
});

describe('routeRequest: REST CORS preflights', () => {
  const cors = { allowOrigins: ['https://example.com'], allowMethods: [], allowHeaders: ['content-type'], exposeHeaders: [], allowCredentials: false };
  const rest = (routes: Array<[string, string]>, withCors = true): Endpoint => ({
    id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source, ...(withCors ? { cors } : {}),
    routes: routes.map(([method, path]) => ({ method, path, functionId: `${method}${path}`, source })),
  });
  const preflight = request({ method: 'OPTIONS', rawPath: '/items', headers: [['Origin', 'https://example.com'], ['Access-Control-Request-Method', 'GET']] });
  const step = (endpoint: Endpoint, path = '/items') =>
    routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, { ...preflight, rawPath: path });
  const allowMethods = (s: ReturnType<typeof step>) => (s.kind === 'respond' ? s.response.headers.find(([n]) => n.toLowerCase() === 'access-control-allow-methods')?.[1] : undefined);

  // SAM adds an OPTIONS method to every path of an API with Cors, and a resource's own method wins over ANY.
  it.each<[string, Endpoint, string, string | undefined, string | undefined]>([
    ['ANY with CORS: the API answers', rest([['ANY', '/{proxy+}']]), '/items', 'CORS preflight', 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'],
    ['ANY without CORS: the function answers', rest([['ANY', '/{proxy+}']], false), '/items', undefined, undefined],
    ["the app's own OPTIONS route: the function answers", rest([['OPTIONS', '/items'], ['GET', '/items']]), '/items', undefined, undefined],
    ['a resource of its own beside a greedy ANY: its methods only', rest([['GET', '/items'], ['ANY', '/{proxy+}']]), '/items', 'CORS preflight', 'GET,OPTIONS'],
    ['no resource takes the path: no route', rest([['GET', '/items']]), '/other', 'no route', undefined],
  ])('%s', (_what, endpoint, path, reason, methods) => {
    const s = step(endpoint, path);
    expect(s.kind === 'respond' ? s.reason : undefined).toBe(reason);
    expect(allowMethods(s)).toBe(methods);
  });
});

describe("routeRequest: a REST resource whose only method is CDK's CORS mock", () => {
  const mock = { allowOrigins: ['*'], allowMethods: ['OPTIONS', 'GET'], allowHeaders: ['Content-Type'], exposeHeaders: [], allowCredentials: false, preflightStatus: 204 };
  const endpoint: Endpoint = {
    id: 'Api', kind: 'rest', stage: 'prod', binaryMediaTypes: [], source, preflight: 'mock',
    routes: [
      { method: 'GET', path: '/items/{id}', functionId: 'Item', cors: mock, source },
      { method: 'ANY', path: '/{proxy+}', functionId: 'Proxy', source },
      { method: 'OPTIONS', path: '/items', functionId: '', cors: mock, preflightOnly: true, source },
      { method: 'OPTIONS', path: '/', functionId: '', cors: mock, preflightOnly: true, source },
    ],
  };
  const step = (method: string, path: string, headers: Array<[string, string]> = []) =>
    routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ method, rawPath: path, headers }));
  const seen = (s: ReturnType<typeof step>) => (s.kind === 'respond' ? [s.reason, s.response.statusCode, s.response.headers.slice(0, -2)] : [s.functionId]);

  it.each<[string, string, string, unknown]>([
    ['OPTIONS of the in-between resource: the mock answers, with or without Origin', 'OPTIONS', '/items', ['CORS preflight', 204, [['Content-Type', 'application/json'], ['Access-Control-Allow-Headers', 'Content-Type'], ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'OPTIONS,GET']]]],
    ['OPTIONS of the root: the mock answers', 'OPTIONS', '/', ['CORS preflight', 204, expect.any(Array)]],
    ['OPTIONS under the stage: the mock answers', 'OPTIONS', '/prod/items', ['CORS preflight', 204, expect.any(Array)]],
    ['another method of the in-between resource goes on to {proxy+}', 'GET', '/items', ['Proxy']],
    ['another method of the root: no resource method takes it', 'GET', '/', ['no route', 403, expect.any(Array)]],
  ])('%s', (_what, method, path, expected) => {
    expect(seen(step(method, path))).toEqual(expected);
  });
});

describe('routeRequest: a REST API called at its own address, the stage first', () => {
  // https://{id}.execute-api.{region}.amazonaws.com/Prod/items/7 reaches /items/{id} with `path` /items/7 and
  // requestContext.path /Prod/items/7; sam local serves /items/7 alone, serverless-offline /dev/items/7.
  const endpoint: Endpoint = {
    id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source,
    routes: [
      { method: 'GET', path: '/items/{id}', functionId: 'Item', source },
      { method: 'GET', path: '/', functionId: 'Root', source },
      { method: 'GET', path: '/Prod/literal', functionId: 'Literal', source },
    ],
  };
  const step = (path: string) => routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
  const seen = (path: string) => {
    const s = step(path);
    if (s.kind !== 'invoke') return s.reason;
    const e = JSON.parse(s.event.toString()) as { path: string; resource: string; pathParameters: unknown; requestContext: { path: string } };
    return [s.functionId, e.path, e.resource, e.requestContext.path, e.pathParameters];
  };

  it.each<[string, string, unknown]>([
    ['without the stage, as sam local serves it', '/items/7', ['Item', '/items/7', '/items/{id}', '/Prod/items/7', { id: '7' }]],
    ['with the stage, as the API is called on AWS', '/Prod/items/7', ['Item', '/items/7', '/items/{id}', '/Prod/items/7', { id: '7' }]],
    ['the stage alone is the root', '/Prod', ['Root', '/', '/', '/Prod/', null]],
    ['the stage and a slash is the root', '/Prod/', ['Root', '/', '/', '/Prod/', null]],
    ['a resource whose path begins with the stage name is itself', '/Prod/literal', ['Literal', '/Prod/literal', '/Prod/literal', '/Prod/Prod/literal', null]],
    ['another stage is no route', '/dev/items/7', 'no route'],
    ['the stage matches by case, as on AWS', '/prod/items/7', 'no route'],
  ])('%s: %s', (_what, path, expected) => {
    expect(seen(path)).toEqual(expected);
  });

  // `/{proxy+}` (Flask behind Mangum, Chalice, serverless `ANY /{proxy+}`) and a leading parameter take any path
  // as sent, `/Prod/items/7` included: the path under the stage wins, as the client meant the stage.
  const greedy = (routes: Array<[string, string]>) => (path: string) => {
    const api: Endpoint = { ...endpoint, routes: routes.map(([method, p]) => ({ method, path: p, functionId: 'Fn', source })) };
    const s = routeRequest({ endpoint: api, table: compileRoutes(api).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
    if (s.kind !== 'invoke') return s.reason;
    const e = JSON.parse(s.event.toString()) as { path: string; resource: string; pathParameters: unknown; requestContext: { path: string } };
    return [e.path, e.resource, e.requestContext.path, e.pathParameters];
  };
  it.each<[string, Array<[string, string]>, string, unknown]>([
    ['a greedy proxy, with the stage', [['ANY', '/{proxy+}']], '/Prod/items/7', ['/items/7', '/{proxy+}', '/Prod/items/7', { proxy: 'items/7' }]],
    ['a greedy proxy, without it', [['ANY', '/{proxy+}']], '/items/7', ['/items/7', '/{proxy+}', '/Prod/items/7', { proxy: 'items/7' }]],
    ['a greedy proxy and the root, the stage alone', [['ANY', '/{proxy+}'], ['ANY', '/']], '/Prod', ['/', '/', '/Prod/', null]],
    ['a leading parameter, with the stage', [['GET', '/{tenant}/items']], '/Prod/acme/items', ['/acme/items', '/{tenant}/items', '/Prod/acme/items', { tenant: 'acme' }]],
  ])('%s: %s', (_what, routes, path, expected) => {
    expect(greedy(routes)(path)).toEqual(expected);
  });
});

describe('routeRequest: an HTTP API with a named stage, called at its own address', () => {
  // https://{id}.execute-api.{region}.amazonaws.com/v1/items/7 reaches `GET /items/{id}` with rawPath /v1/items/7;
  // Powertools' APIGatewayHttpResolver routes on rawPath without `/{stage}`, and its Swagger UI calls /v1/...
  const api = (routes: Array<[string, string]>, stage = 'v1'): Endpoint => ({
    id: 'HttpApi', kind: 'http', stage, binaryMediaTypes: [], source,
    routes: routes.map(([method, path]) => ({ method, path, functionId: 'Fn', source })),
  });
  const seen = (endpoint: Endpoint, path: string) => {
    const s = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
    if (s.kind !== 'invoke') return s.reason;
    const e = JSON.parse(s.event.toString()) as { rawPath: string; routeKey: string; pathParameters?: unknown; requestContext: { http: { path: string } } };
    return [e.rawPath, e.routeKey, e.requestContext.http.path, e.pathParameters ?? null];
  };
  it.each<[string, Array<[string, string]>, string, unknown]>([
    ['with the stage, as the API is called on AWS', [['GET', '/items/{id}']], '/v1/items/7', ['/v1/items/7', 'GET /items/{id}', '/v1/items/7', { id: '7' }]],
    ['without it, as dev also serves it', [['GET', '/items/{id}']], '/items/7', ['/v1/items/7', 'GET /items/{id}', '/v1/items/7', { id: '7' }]],
    ['a greedy proxy, with the stage', [['ANY', '/{proxy+}']], '/v1/items/7', ['/v1/items/7', 'ANY /{proxy+}', '/v1/items/7', { proxy: 'items/7' }]],
    ['a greedy proxy, without it', [['ANY', '/{proxy+}']], '/items/7', ['/v1/items/7', 'ANY /{proxy+}', '/v1/items/7', { proxy: 'items/7' }]],
    ['$default, with the stage', [['ANY', '$default']], '/v1/items/7', ['/v1/items/7', '$default', '/v1/items/7', null]],
    ['a route whose path begins with the stage name is itself', [['GET', '/v1/literal'], ['ANY', '/{proxy+}']], '/v1/literal', ['/v1/v1/literal', 'GET /v1/literal', '/v1/v1/literal', null]],
    ['another stage is part of the path', [['GET', '/items/{id}']], '/v2/items/7', 'no route'],
  ])('%s: %s', (_what, routes, path, expected) => {
    expect(seen(api(routes), path)).toEqual(expected);
  });

  it('leaves the path of the $default stage as sent', () => {
    expect(seen(api([['ANY', '/{proxy+}']], '$default'), '/v1/items/7')).toEqual(['/v1/items/7', 'ANY /{proxy+}', '/v1/items/7', { proxy: 'v1/items/7' }]);
  });
});

describe('routeRequest: a method outside the seven a REST API has', () => {
  const api = (endpointType: 'EDGE' | 'REGIONAL' | 'PRIVATE' | undefined, kind: 'rest' | 'http' = 'rest'): Endpoint => ({
    id: 'Api', kind, stage: 'Prod', binaryMediaTypes: [], source, ...(endpointType ? { endpointType } : {}),
    routes: [{ method: 'ANY', path: '/{proxy+}', functionId: 'Fn', source }],
  });
  const step = (endpoint: Endpoint, method: string, body = '') =>
    routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ method, rawPath: '/items', body }));

  // REGIONAL and PRIVATE: API Gateway's answer to a method no resource has; EDGE: CloudFront's before it (cloudfront.ts).
  it.each<[string, Endpoint, string, string, number | 'invoke', RegExp | undefined]>([
    ['REGIONAL, PROPFIND to ANY: Missing Authentication Token', api('REGIONAL'), 'PROPFIND', '', 403, /^\{"message":"Missing Authentication Token"\}$/],
    ['PRIVATE, a made-up FOO', api('PRIVATE'), 'FOO', '', 403, /Missing Authentication Token/],
    ['REGIONAL, PATCH to ANY: the function', api('REGIONAL'), 'PATCH', '', 'invoke', undefined],
    ['EDGE (the default), PROPFIND: CloudFront\'s 400 page, a method it does not know', api(undefined), 'PROPFIND', '', 400, /<H1>400 ERROR<\/H1>/],
    ['EDGE, FOO: CloudFront\'s', api('EDGE'), 'FOO', '', 400, /Generated by cloudfront/],
    ['EDGE, an OPTIONS with a body: passed on', api(undefined), 'OPTIONS', 'x', 'invoke', undefined],
    ['EDGE, a DELETE with a body: passed on', api('EDGE'), 'DELETE', 'x', 'invoke', undefined],
    ['EDGE, a HEAD with a body: passed on (the guide names GET only)', api(undefined), 'HEAD', 'x', 'invoke', undefined],
    ['EDGE, a GET with a body: CloudFront\'s', api(undefined), 'GET', 'x', 403, /Bad request\./],
    ['an HTTP API, PROPFIND to ANY: not this rule', api(undefined, 'http'), 'PROPFIND', '', 'invoke', undefined],
  ])('%s', (_what, endpoint, method, body, status, page) => {
    const s = step(endpoint, method, body);
    expect(s.kind === 'invoke' ? 'invoke' : s.response.statusCode).toBe(status);
    if (page && s.kind === 'respond') expect(s.response.body.toString()).toMatch(page);
  });

  it('says why in the log line', () => {
    const s = step(api('REGIONAL'), 'PROPFIND');
    expect(s.kind === 'respond' ? s.reason : undefined).toBe('no route: a REST API has no PROPFIND method, ANY takes only GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE');
  });
});
