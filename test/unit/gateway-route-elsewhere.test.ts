import { describe, expect, it } from 'vitest';
import { routeElsewhere, type ServedEndpoint } from '../../src/core/gateway/route-elsewhere.js';
import type { Endpoint, EndpointKind, Route } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';

const source = { file: 'template.yaml', path: 'Resources' };
const route = (method: string, path: string, extra: Partial<Route> = {}): Route => ({ method, path, functionId: 'Fn', source, ...extra });

function served(id: string, kind: EndpointKind, url: string, routes: Route[]): ServedEndpoint {
  const endpoint: Endpoint = { id, kind, stage: kind === 'rest' ? 'Prod' : '$default', binaryMediaTypes: [], source, routes };
  return { config: { endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, url };
}

const REST = served('ServerlessRestApi', 'rest', 'http://127.0.0.1:3000', [route('GET', '/hello/{name}'), route('ANY', '/admin/{proxy+}')]);
const HTTP = served('ServerlessHttpApi', 'http', 'http://127.0.0.1:3001', [route('GET', '/guestbook'), route('POST', '/guestbook')]);
const CATCH_ALL = served('CatchAll', 'http', 'http://127.0.0.1:3002', [route('ANY', '$default')]);
const PROXY = served('Proxy', 'rest', 'http://127.0.0.1:3003', [route('ANY', '/{proxy+}')]);
const URL = served('FnUrl', 'url', 'http://127.0.0.1:3004', [route('ANY', '/{proxy+}')]);

describe("routeElsewhere: the other endpoint whose route a request is (sam local start-api's one port)", () => {
  it.each<[string, ServedEndpoint[], string, string, string | undefined]>([
    ["an HTTP API's route, asked of the REST API's port", [HTTP], 'GET', '/guestbook', 'GET /guestbook is a route of HTTP API ServerlessHttpApi, served on its own port: http://127.0.0.1:3001/guestbook'],
    ["a REST API's route, asked of the HTTP API's port", [REST], 'GET', '/hello/ann', 'GET /hello/ann is a route of REST API ServerlessRestApi, served on its own port: http://127.0.0.1:3000/hello/ann'],
    ['under the REST stage, as its own address puts it', [REST], 'GET', '/Prod/hello/ann', 'GET /hello/ann is a route of REST API ServerlessRestApi, served on its own port: http://127.0.0.1:3000/hello/ann'],
    ['ANY, a greedy path', [HTTP, REST], 'DELETE', '/admin/users/7', 'DELETE /admin/users/7 is a route of REST API ServerlessRestApi, served on its own port: http://127.0.0.1:3000/admin/users/7'],
    ['the first endpoint that has it', [REST, HTTP], 'POST', '/guestbook', 'POST /guestbook is a route of HTTP API ServerlessHttpApi, served on its own port: http://127.0.0.1:3001/guestbook'],
    ['a method no endpoint has for the path', [HTTP], 'DELETE', '/guestbook', undefined],
    ['a path none has', [REST, HTTP], 'GET', '/nothing', undefined],
    ["an HTTP API's $default, which takes every request", [CATCH_ALL], 'GET', '/guestbook', undefined],
    ['a greedy path at the root, and a function URL: every request too', [PROXY, URL, HTTP], 'GET', '/guestbook', 'GET /guestbook is a route of HTTP API ServerlessHttpApi, served on its own port: http://127.0.0.1:3001/guestbook'],
    ['no other endpoint', [], 'GET', '/guestbook', undefined],
  ])('%s', (_what, others, method, path, expected) => {
    expect(routeElsewhere(others, method, path)).toBe(expected);
  });
});
