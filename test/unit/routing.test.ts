import { describe, expect, it } from 'vitest';
import type { Endpoint, EndpointKind, Route } from '../../src/core/model/project.js';
import { compileRoutes, httpApiPath, matchRoute, parseTemplate, restSegments } from '../../src/core/routing/index.js';
import { CAPTURES } from './http-test-support.js';

type RouteSpec = [method: string, path: string, functionId: string, extra?: Partial<Route>];

function endpoint(kind: EndpointKind, specs: RouteSpec[], id = 'Api'): Endpoint {
  const routes = specs.map(([method, path, functionId, extra], i): Route => ({
    method,
    path,
    functionId,
    source: { file: 'template.yaml', path: `Resources.${functionId}.Properties.Events.E${i}` },
    ...extra,
  }));
  return { id, kind, stage: kind === 'rest' ? 'Prod' : '$default', binaryMediaTypes: [], routes, source: { file: 'template.yaml', path: `Resources.${id}` } };
}

function table(kind: EndpointKind, specs: RouteSpec[]) {
  const { table: t, diagnostics } = compileRoutes(endpoint(kind, specs));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return t;
}

/** What a request reaches, in one comparable line: `Fn ROUTE_KEY {params}`, `notFound` or `badRequest`. */
function reach(kind: EndpointKind, specs: RouteSpec[], method: string, path: string): string {
  const m = matchRoute(table(kind, specs), method, path);
  if (m.kind !== 'match') return m.kind;
  return `${m.route.functionId} ${m.routeKey}${m.pathParameters ? ` ${JSON.stringify(m.pathParameters)}` : ''}`;
}

const API: RouteSpec[] = [
  ['GET', '/', 'Root'],
  ['GET', '/pets', 'List'],
  ['POST', '/pets', 'Create'],
  ['GET', '/pets/dog', 'Dog'],
  ['GET', '/pets/{id}', 'Get'],
  ['ANY', '/pets/{id}', 'PetAny'],
  ['GET', '/pets/{id}/toys/{toy}', 'Toy'],
  ['GET', '/files/{proxy+}', 'Files'],
  ['ANY', '/{proxy+}', 'Proxy'],
];

describe('REST API routing', () => {
  it.each([
    ['GET', '/', 'Root GET /'],
    ['GET', '/pets', 'List GET /pets'],
    ['POST', '/pets', 'Create POST /pets'],
    ['DELETE', '/pets', 'Proxy ANY /{proxy+} {"proxy":"pets"}'],
    // a literal beats {param}; {param} beats {proxy+}
    ['GET', '/pets/dog', 'Dog GET /pets/dog'],
    ['GET', '/pets/cat', 'Get GET /pets/{id} {"id":"cat"}'],
    // a method-specific route beats ANY on the same path
    ['PUT', '/pets/cat', 'PetAny ANY /pets/{id} {"id":"cat"}'],
    ['POST', '/pets/dog', 'PetAny ANY /pets/{id} {"id":"dog"}'],
    ['GET', '/pets/7/toys/ball', 'Toy GET /pets/{id}/toys/{toy} {"id":"7","toy":"ball"}'],
    ['GET', '/files/a/b/c.txt', 'Files GET /files/{proxy+} {"proxy":"a/b/c.txt"}'],
    // greedy needs at least one segment: /files alone falls to the root proxy
    ['GET', '/files', 'Proxy ANY /{proxy+} {"proxy":"files"}'],
    ['POST', '/files/x', 'Proxy ANY /{proxy+} {"proxy":"files/x"}'],
    // a trailing slash is ignored, so are extra leading slashes
    ['GET', '/pets/', 'List GET /pets'],
    ['GET', '//pets/dog/', 'Dog GET /pets/dog'],
    // case-sensitive
    ['GET', '/Pets', 'Proxy ANY /{proxy+} {"proxy":"Pets"}'],
    // values stay percent-encoded, %2F does not split a segment
    ['GET', '/pets/a%20b', 'Get GET /pets/{id} {"id":"a%20b"}'],
    ['GET', '/pets/a%2Fb', 'Get GET /pets/{id} {"id":"a%2Fb"}'],
    ['GET', '/files/space%20value/x', 'Files GET /files/{proxy+} {"proxy":"space%20value/x"}'],
    // a percent-encoded literal still matches it
    ['GET', '/pets/%64og', 'Dog GET /pets/dog'],
    // the query string is not part of the path
    ['GET', '/pets?x=1', 'List GET /pets'],
    // an empty segment never fills a variable
    ['GET', '/pets//toys/ball', 'Proxy ANY /{proxy+} {"proxy":"pets//toys/ball"}'],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(reach('rest', API, method, path)).toBe(expected);
  });

  it.each([
    ['GET', '/nothing'],
    ['POST', '/'],
    ['GET', '/pets/1/toys'],
  ])('%s %s is not found (REST answers 403 Missing Authentication Token)', (method, path) => {
    expect(reach('rest', API.filter((r) => r[2] !== 'Proxy'), method, path)).toBe('notFound');
  });

  // REST resolves the path and the method together: requests measured on deployed REST APIs (floci-io/floci
  // PR 3399, ministackorg/ministack PR 1423), with the resource that answered each.
  const MEASURED: RouteSpec[] = [
    ['PATCH', '/users/me', 'UsersMe'],
    ['GET', '/users/{userId}', 'User'],
    ['POST', '/roles/provision', 'Provision'],
    ['GET', '/roles/{roleId}', 'Role'],
    ['GET', '/things/real', 'Real'],
    ['ANY', '/things/{proxy+}', 'Things'],
    ['GET', '/jobs/{operation_type}', 'JobsOp'],
    ['ANY', '/{proxy+}', 'Root'],
  ];
  it.each([
    ['GET', '/users/me', 'User GET /users/{userId} {"userId":"me"}'],
    ['PATCH', '/users/me', 'UsersMe PATCH /users/me'],
    ['POST', '/roles/provision', 'Provision POST /roles/provision'],
    ['GET', '/roles/provision', 'Role GET /roles/{roleId} {"roleId":"provision"}'],
    ['GET', '/things/real', 'Real GET /things/real'],
    ['POST', '/things/real', 'Things ANY /things/{proxy+} {"proxy":"real"}'],
    ['GET', '/jobs/reboot', 'JobsOp GET /jobs/{operation_type} {"operation_type":"reboot"}'],
    ['POST', '/jobs', 'Root ANY /{proxy+} {"proxy":"jobs"}'],
    ['POST', '/jobs/reboot', 'Root ANY /{proxy+} {"proxy":"jobs/reboot"}'],
  ])('measured on AWS: %s %s -> %s', (method, path, expected) => {
    expect(reach('rest', MEASURED, method, path)).toBe(expected);
  });

  it('answers 403 where no resource of the path has the method (measured: POST /users/me)', () => {
    expect(reach('rest', MEASURED.filter((r) => r[2] !== 'Root'), 'POST', '/users/me')).toBe('notFound');
  });

  it('gives the event what it needs', () => {
    expect(matchRoute(table('rest', API), 'GET', '/pets/a%20b/')).toEqual({
      kind: 'match',
      route: expect.objectContaining({ functionId: 'Get', path: '/pets/{id}' }),
      pathParameters: { id: 'a%20b' },
      resourcePath: '/pets/{id}',
      routeKey: 'GET /pets/{id}',
      path: '/pets/a%20b/',
    });
    expect(matchRoute(table('rest', API), 'GET', '/')).toMatchObject({ pathParameters: null, resourcePath: '/' });
  });
});

describe('HTTP API routing', () => {
  const HTTP: RouteSpec[] = [
    ['GET', '/pets/dog/1', 'Exact'],
    ['GET', '/pets/dog/{id}', 'Variable'],
    ['GET', '/pets/{proxy+}', 'PetsGreedy'],
    ['ANY', '/{proxy+}', 'AnyGreedy'],
    ['GET', '/{a}/x', 'Param'],
    ['ANY', '$default', 'Default'],
  ];
  it.each([
    ['GET', '/pets/dog/1', 'Exact GET /pets/dog/1'],
    ['GET', '/pets/dog/2', 'Variable GET /pets/dog/{id} {"id":"2"}'],
    ['GET', '/pets/cat/1', 'PetsGreedy GET /pets/{proxy+} {"proxy":"cat/1"}'],
    ['POST', '/pets/cat/1', 'AnyGreedy ANY /{proxy+} {"proxy":"pets/cat/1"}'],
    // every route without a greedy variable is tried before any greedy one
    ['GET', '/pets/x', 'Param GET /{a}/x {"a":"pets"}'],
    // $default catches what nothing else matches, with no path parameters
    ['GET', '/', 'Default $default'],
    // a trailing slash is significant
    ['GET', '/pets/dog/1/', 'PetsGreedy GET /pets/{proxy+} {"proxy":"dog/1/"}'],
    // the path is decoded before routing: %2F splits, values arrive decoded
    ['GET', '/pets/dog/a%20b', 'Variable GET /pets/dog/{id} {"id":"a b"}'],
    ['GET', '/pets/dog%2F1', 'Exact GET /pets/dog/1'],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(reach('http', HTTP, method, path)).toBe(expected);
  });

  it.each([
    ['GET', '/todos/', 'notFound'],
    ['GET', '/todos', 'Todos GET /todos'],
    ['POST', '/todos', 'notFound'],
    ['GET', '/todos/%zz', 'badRequest'],
    ['GET', '/todos/percent%25done', 'badRequest'],
  ])('without $default: %s %s -> %s', (method, path, expected) => {
    expect(reach('http', [['GET', '/todos', 'Todos'], ['GET', '/todos/{id}', 'Todo']], method, path)).toBe(expected);
  });

  // Live captures of rawPath from a deployed HTTP API.
  it.each(CAPTURES)('HTTP API path of %s is %s', (wire, expected) => {
    expect(httpApiPath(wire)).toBe(expected);
  });

  it('reports the route key and decoded path the v2 event needs', () => {
    expect(matchRoute(table('http', HTTP), 'GET', '/pets/dog/a%20b?q=1')).toMatchObject({
      pathParameters: { id: 'a b' },
      routeKey: 'GET /pets/dog/{id}',
      resourcePath: '/pets/dog/{id}',
      path: '/pets/dog/a b',
    });
    expect(matchRoute(table('http', HTTP), 'DELETE', '/')).toMatchObject({ routeKey: '$default', pathParameters: null, path: '/' });
  });
});

describe('ALB routing', () => {
  const ALB: RouteSpec[] = [
    ['ANY', '/*', 'CatchAll', { priority: 100 }],
    // one listener rule with two methods becomes two routes with one priority and one source
    ['GET', '/api/*', 'ApiGet', { priority: 10, source: { file: 'template.yaml', path: 'Resources.Rule' } }],
    ['POST', '/api/*', 'ApiGet', { priority: 10, source: { file: 'template.yaml', path: 'Resources.Rule' } }],
    ['ANY', '/api/v?/items', 'Versioned', { priority: 5 }],
    ['ANY', '*', 'Default'],
  ];
  it.each([
    ['GET', '/api/v1/items', 'Versioned ANY /api/v?/items'],
    ['GET', '/api/v12/items', 'ApiGet GET /api/*'],
    ['POST', '/api/x', 'ApiGet POST /api/*'],
    ['PUT', '/api/x', 'CatchAll ANY /*'],
    // case-sensitive, compared with the path only
    ['GET', '/API/x?y=/api/', 'CatchAll ANY /*'],
    ['GET', '/api/v1/items?x', 'Versioned ANY /api/v?/items'],
    // no rule matches: the listener's default action, which comes last whatever the order given
    ['GET', 'relative', 'Default ANY *'],
  ])('%s %s -> %s', (method, path, expected) => {
    expect(reach('alb', ALB, method, path)).toBe(expected);
  });

  it('checks host-header, http-header and query-string conditions, without regard to case; a rule whose conditions fail is passed over', () => {
    const t = table('alb', [
      ['ANY', '*', 'Host', { priority: 1, albConditions: { hosts: ['*.Example.com'] } }],
      ['ANY', '*', 'Header', { priority: 2, albConditions: { headers: [{ name: 'x-mode', values: ['multi*'] }] } }],
      ['ANY', '*', 'Query', { priority: 3, albConditions: { query: [{ key: 'mode', value: 'b' }, { value: 'any one' }] } }],
      ['ANY', '*', 'Default'],
    ]);
    const to = (headers: Array<[string, string]>, rawQuery = '') => {
      const m = matchRoute(t, 'GET', '/x', { headers, rawQuery });
      return m.kind === 'match' ? m.route.functionId : m.kind;
    };
    expect(to([['Host', 'api.example.COM:8080']])).toBe('Host');
    expect(to([['Host', 'example.com']])).toBe('Default');
    expect(to([['X-Mode', 'MULTI-value']])).toBe('Header');
    expect(to([['x-mode', 'single']])).toBe('Default');
    expect(to([], 'mode=B')).toBe('Query');
    expect(to([], 'other=any+one')).toBe('Query');
    expect(to([], 'mode=c')).toBe('Default');
    // Without the request's headers and query (a sample that names only a path), conditions do not hold.
    expect(matchRoute(t, 'GET', '/x')).toMatchObject({ route: { functionId: 'Default' } });
  });

  it('has no path parameters and no match without a default action', () => {
    const t = table('alb', [['GET', '/a', 'A', { priority: 1 }]]);
    expect(matchRoute(t, 'GET', '/a')).toMatchObject({ pathParameters: null, resourcePath: '/a' });
    expect(matchRoute(t, 'GET', '/b')).toEqual({ kind: 'notFound' });
    expect(matchRoute(t, 'POST', '/a')).toEqual({ kind: 'notFound' });
  });
});

describe('function URL routing', () => {
  it('sends everything to its function', () => {
    const t = table('url', [['ANY', '/*', 'Fn']]);
    expect(matchRoute(t, 'PATCH', '/any/path%20x?q')).toEqual({
      kind: 'match',
      route: expect.objectContaining({ functionId: 'Fn' }),
      pathParameters: null,
      resourcePath: '/*',
      routeKey: '$default',
      path: '/any/path%20x',
    });
  });
});

describe('route table problems', () => {
  const problems = (kind: EndpointKind, specs: RouteSpec[]) =>
    compileRoutes(endpoint(kind, specs)).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);

  it('names both functions and both sources when two claim one route', () => {
    expect(problems('rest', [['GET', '/items/{id}', 'GetItem'], ['get', '/items/{itemId}', 'Other']])).toEqual([
      'error Resources.Other.Properties.Events.E1: GET /items/{itemId} on REST API Api is claimed by two functions: GetItem (template.yaml: Resources.GetItem.Properties.Events.E0) (as GET /items/{id}) and Other (template.yaml: Resources.Other.Properties.Events.E1); a route calls one function',
    ]);
    expect(problems('http', [['ANY', '$default', 'A'], ['ANY', '$default', 'B']])).toEqual([
      'error Resources.B.Properties.Events.E1: the $default route on HTTP API Api is claimed by two functions: A (template.yaml: Resources.A.Properties.Events.E0) and B (template.yaml: Resources.B.Properties.Events.E1); a route calls one function',
    ]);
  });

  it('warns when ANY and a method share a path across functions, and drops repeats of one function', () => {
    expect(problems('http', [['ANY', '/x', 'A'], ['GET', '/x', 'B'], ['GET', '/x', 'B']])).toEqual([
      'warning Resources.B.Properties.Events.E1: GET /x goes to B (template.yaml: Resources.B.Properties.Events.E1) and every other method of that path to A (template.yaml: Resources.A.Properties.Events.E0) on HTTP API Api: a method-specific route beats ANY',
    ]);
    const { table: t } = compileRoutes(endpoint('http', [['GET', '/x', 'A'], ['GET', '/x', 'A']]));
    expect(t.routes).toHaveLength(1);
  });

  it('rejects templates API Gateway rejects', () => {
    expect(problems('rest', [
      ['GET', 'items', 'A'],
      ['GET', '/a//b', 'B'],
      ['GET', '/{proxy+}/x', 'C'],
      ['GET', '/file.{ext}', 'D'],
      ['ANY', '$default', 'E'],
      ['GET', '/x/', 'F'],
      ['FETCH', '/y', 'G'],
    ]).map((p) => p.replace(/^error Resources\.\w+\.Properties\.Events\.E\d: /, ''))).toEqual([
      "route path 'items' must start with /",
      "route path '/a//b' has an empty segment (//)",
      "route path '/{proxy+}/x' the greedy variable '{proxy+}' must be the last segment",
      "route path '/file.{ext}' 'file.{ext}': a path variable must be a whole segment, as in {id}",
      'REST API Api: REST APIs have no $default route; use a greedy path such as /{proxy+} with method ANY',
      "route path '/x/' must not end with /",
      "'FETCH' is not a method REST API Api can route (ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)",
    ]);
  });

  it('allows one path variable per REST resource', () => {
    expect(problems('rest', [['GET', '/users/{id}', 'A'], ['GET', '/users/{userId}/fans', 'B'], ['GET', '/{slug}', 'C'], ['ANY', '/{proxy+}', 'D']])).toEqual([
      'error Resources.B.Properties.Events.E1: /users/{userId}/fans puts {userId} where /users/{id} (A (template.yaml: Resources.A.Properties.Events.E0)) has {id} on REST API Api: a REST API allows one path variable under /users/ ("A sibling ({id}) of this resource already has a variable path part")',
      'error Resources.D.Properties.Events.E3: /{proxy+} puts {proxy+} where /{slug} (C (template.yaml: Resources.C.Properties.Events.E2)) has {slug} on REST API Api: a REST API allows one path variable under / ("A sibling ({slug}) of this resource already has a variable path part")',
    ]);
    expect(problems('http', [['GET', '/users/{id}', 'A'], ['POST', '/users/{userId}', 'B']])).toEqual([]);
  });

  it('checks ALB patterns and priorities', () => {
    expect(problems('alb', [
      ['ANY', `/${'x'.repeat(128)}`, 'A', { priority: 1 }],
      ['ANY', '/a', 'B', { priority: 0 }],
      ['ANY', '/b', 'C', { priority: 2 }],
      ['ANY', '/c', 'D', { priority: 2 }],
    ])).toEqual([
      "error Resources.A.Properties.Events.E0: path pattern '/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 129 characters long; an ALB path pattern has at most 128",
      'error Resources.B.Properties.Events.E1: priority 0 is not a whole number from 1 to 50000',
      'error Resources.D.Properties.Events.E3: priority 2 is used twice on load balancer listener Api: by C (template.yaml: Resources.C.Properties.Events.E2) and D (template.yaml: Resources.D.Properties.Events.E3); each rule of a listener needs its own',
    ]);
  });
});

describe('path helpers', () => {
  it.each([
    ['/', []],
    ['', []],
    ['/a/b/', ['a', 'b']],
    ['///a//b', ['a', '', 'b']],
    ['/a%2Fb?x=/y', ['a%2Fb']],
  ])('REST segments of %j', (path, expected) => {
    expect(restSegments(path)).toEqual(expected);
  });

  it('parses templates', () => {
    expect(parseTemplate('/a/{b}/{c+}')).toEqual({
      ok: true,
      segments: [{ kind: 'literal', value: 'a' }, { kind: 'param', name: 'b' }, { kind: 'greedy', name: 'c' }],
    });
    expect(parseTemplate('/{}')).toEqual({ ok: false, problem: "'{}' is not a valid path variable" });
  });
});
