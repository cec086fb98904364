import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, type WireAnswer, type WireRequest } from '../chalice-local.js';
import { FIXTURES, startDev } from '../helpers.js';
import { frameworkInstalled } from '../serverless-framework.js';
import { startServerlessOffline } from '../serverless-offline.js';

/**
 * `pylambda dev` beside the real `serverless offline` (serverless-offline 13.9.0 in the Framework's peer,
 * test/peers/serverless) on one service, request by request. Where they must agree, both answers are pinned; where
 * serverless-offline answers otherwise than the deployed API Gateway, which pylambda follows (docs/serverless.md),
 * both sides' answers are pinned too, so a change on either side shows. serverless-offline serves both APIs on one
 * port, the REST API's routes under its stage (/dev/rest/...); pylambda serves each API on a port of its own, the REST
 * API's with the stage too.
 */
const SERVICE = `${FIXTURES}serverless/differential`;

let offlineUrl: string;
let stopOffline: (() => Promise<void>) | undefined;
let stopDev: (() => Promise<void>) | undefined;
const devUrl = { rest: '', http: '' };

describe.skipIf(!frameworkInstalled())('pylambda dev beside serverless offline', () => {
  beforeAll(async () => {
    const [offline, dev] = await Promise.allSettled([startServerlessOffline(SERVICE), startDev(SERVICE)]);
    // Each is stopped after, even when the other did not start.
    if (offline.status === 'fulfilled') [offlineUrl, stopOffline] = [offline.value.url, offline.value.stop];
    if (dev.status === 'fulfilled') {
      [devUrl.rest, devUrl.http] = [dev.value.url('ApiGatewayRestApi'), dev.value.url('HttpApi')];
      stopDev = () => dev.value.session.stop();
    }
    for (const started of [offline, dev]) if (started.status === 'rejected') throw started.reason;
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stopOffline?.(), stopDev?.()]);
  });

  describe('what serverless offline and pylambda dev answer alike', agreeing);
  describe('what serverless offline answers otherwise than API Gateway, which pylambda dev follows', differing);
});

/**
 * Headers of the connection, API Gateway's own on every answer, and hapi's (serverless-offline's server) on every
 * answer: each compared on its own below. hapi's are left out of serverless-offline's answers alone: pylambda sends
 * `Vary` and `Cache-Control` only where API Gateway does (a Framework preflight's `cacheControl`), pinned in its answers.
 */
const TRANSPORT = new Set(['date', 'server', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const GATEWAY = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-trace-id', 'via', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-cache', 'apigw-requestid']);
const HAPI = new Set(['cache-control', 'vary', 'accept-ranges']);
const nameOf = (header: string) => header.slice(0, header.indexOf(':'));

interface Answer {
  readonly status: number;
  readonly headers: readonly string[];
  /** What the handler's `echo` saw, parsed; else the text, or `hex:...` for an image. */
  readonly body: string | Seen;
}

type Seen = Record<string, unknown>;

function answer(wire: WireAnswer, side: 'offline' | 'pylambda'): Answer {
  const own = side === 'offline' ? [TRANSPORT, GATEWAY, HAPI] : [TRANSPORT, GATEWAY];
  const headers = wire.headers.filter((h) => !own.some((set) => set.has(nameOf(h))));
  const text = wire.body.toString();
  if (headers.some((h) => h.startsWith('content-type: image/'))) return { status: wire.status, headers, body: `hex:${wire.body.toString('hex')}` };
  // echo writes its keys sorted, `body` first; no other answer starts so.
  return { status: wire.status, headers, body: text.startsWith('{"body": ') ? (JSON.parse(text) as Seen) : text };
}

type Api = 'rest' | 'http';
/** A request to one of the APIs: to serverless-offline's one port, and to pylambda's port for that API. */
type Sent = readonly [Api, WireRequest];

const both = ([api, r]: Sent) => Promise.all([sendRaw(offlineUrl, r), sendRaw(devUrl[api], r)]).then(([o, p]) => [answer(o, 'offline'), answer(p, 'pylambda')] as const);

const get = (path: string, headers?: Record<string, string>): WireRequest => ({ path, ...(headers ? { headers } : {}) });
const send = (method: string, path: string, headers?: Record<string, string>, body?: string): WireRequest => ({ method, path, ...(headers ? { headers } : {}), ...(body === undefined ? {} : { body }) });
const rest = (r: WireRequest): Sent => ['rest', { ...r, path: `/dev${r.path}` }];
const http = (r: WireRequest): Sent => ['http', r];

/** What `echo` sees behind the REST API (payload 1.0), as API Gateway sends it. */
const restSeen = (path: string, resourcePath: string, over: Seen = {}): Seen => ({
  version: '1.0', method: 'GET', path, resourcePath, stage: 'dev', pathParameters: null, query: null, multiValue: null,
  headers: {}, body: null, isBase64Encoded: false, rawQueryString: null, routeKey: null, cookies: null, ...over,
});
/** What `echo` sees behind the HTTP API (payload 2.0), as API Gateway sends it. */
const httpSeen = (path: string, routeKey: string, over: Seen = {}): Seen => ({
  version: '2.0', method: 'GET', path, routeKey, stage: '$default', pathParameters: null, query: null, multiValue: null,
  headers: {}, body: null, isBase64Encoded: false, rawQueryString: '', resourcePath: null, cookies: null, ...over,
});
const JSON_TYPE = 'content-type: application/json';
const TEXT_TYPE = 'content-type: text/plain; charset=utf-8';
const ok = (body: string | Seen, headers: string[] = [JSON_TYPE]): Answer => ({ status: 200, headers, body });

/**
 * What serverless-offline answers where it agrees: with hapi's `; charset=utf-8` after a JSON or text type, and,
 * to `echo`, its two departures on every request (the intended differences below): the REST API's
 * `resourcePath` with the stage and hapi's `{proxy*}`, and `cookies: []` behind the HTTP API for none.
 */
function asOffline(expected: Answer): Answer {
  const headers = expected.headers.map((h) => (/^content-type: (application\/json|text\/plain)$/.test(h) ? `${h}; charset=utf-8` : h));
  const seen = expected.body;
  if (typeof seen === 'string') return { ...expected, headers };
  const departs = seen.version === '1.0'
    ? { resourcePath: `/dev${String(seen.resourcePath).replace('{proxy+}', '{proxy*}')}` }
    : { cookies: seen.cookies ?? [] };
  return { ...expected, headers, body: { ...seen, ...departs } };
}

const PNG = 'hex:89504e470d0a1a0a00ff';

function agreeing(): void {
  it.each<[string, Sent, Answer]>([
    ['a literal REST route', rest(get('/rest/items')), ok(restSeen('/rest/items', '/rest/items'))],
    ['a REST {param}', rest(get('/rest/items/42')), ok(restSeen('/rest/items/42', '/rest/items/{id}', { pathParameters: { id: '42' } }))],
    ['repeated query keys and empty values (REST)', rest(get('/rest/items?x=1&x=2&y=&z')),
      ok(restSeen('/rest/items', '/rest/items', { query: { x: '2', y: '', z: '' }, multiValue: { x: ['1', '2'], y: [''], z: [''] } }))],
    ['a greedy {proxy+} (REST)', rest(get('/rest/files/a/b/c')), ok(restSeen('/rest/files/a/b/c', '/rest/files/{proxy+}', { pathParameters: { proxy: 'a/b/c' } }))],
    ['ANY (REST)', rest(send('DELETE', '/rest/any')), ok(restSeen('/rest/any', '/rest/any', { method: 'DELETE' }))],
    ['a JSON body and a header (REST)', rest(send('POST', '/rest/items', { 'content-type': 'application/json', 'x-custom': 'v' }, '{"a":1}')),
      ok(restSeen('/rest/items', '/rest/items', { method: 'POST', headers: { 'content-type': 'application/json', 'x-custom': 'v' }, body: '{"a":1}' }))],
    ['a body of one of binaryMediaTypes, base64 (REST)', rest(send('POST', '/rest/items', { 'content-type': 'application/octet-stream' }, 'abc')),
      ok(restSeen('/rest/items', '/rest/items', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'YWJj', isBase64Encoded: true }))],
    ['a body of a type not in binaryMediaTypes, as text (REST)', rest(send('POST', '/rest/items', { 'content-type': 'application/x-thing' }, 'abc')),
      ok(restSeen('/rest/items', '/rest/items', { method: 'POST', headers: { 'content-type': 'application/x-thing' }, body: 'abc' }))],
    ['a status of its own (REST)', rest(get('/rest/answer/status')), { status: 418, headers: [JSON_TYPE], body: 'teapot' }],
    ['a result without statusCode (REST)', rest(get('/rest/answer/no-status')), ok('no status')],
    ['a result without body (REST)', rest(get('/rest/answer/no-body')), ok('')],
    ['a binary answer to a client that accepts it (REST)', rest(get('/rest/answer/binary', { accept: 'image/png' })), ok(PNG, ['content-type: image/png'])],
    ['a literal HTTP API route', http(get('/api/items')), ok(httpSeen('/api/items', 'GET /api/items'))],
    ['an HTTP API {param}, repeated query keys joined', http(get('/api/items/42?x=1&x=2&y=')),
      ok(httpSeen('/api/items/42', 'GET /api/items/{id}', { pathParameters: { id: '42' }, query: { x: '1,2', y: '' }, rawQueryString: 'x=1&x=2&y=' }))],
    ['a greedy {proxy+} (HTTP API)', http(get('/api/files/a/b/c')), ok(httpSeen('/api/files/a/b/c', 'GET /api/files/{proxy+}', { pathParameters: { proxy: 'a/b/c' } }))],
    ['ANY (HTTP API)', http(send('PATCH', '/api/any')), ok(httpSeen('/api/any', 'ANY /api/any', { method: 'PATCH' }))],
    ['a JSON body and a header (HTTP API)', http(send('POST', '/api/items', { 'content-type': 'application/json', 'x-custom': 'v' }, '{"a":1}')),
      ok(httpSeen('/api/items', 'POST /api/items', { method: 'POST', headers: { 'content-type': 'application/json', 'x-custom': 'v' }, body: '{"a":1}' }))],
    ['a binary body, base64 (HTTP API)', http(send('POST', '/api/items', { 'content-type': 'application/octet-stream' }, 'abc')),
      ok(httpSeen('/api/items', 'POST /api/items', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'YWJj', isBase64Encoded: true }))],
    ['a binary answer (HTTP API)', http(get('/api/answer/binary')), ok(PNG, ['content-type: image/png'])],
    ['a string result: the body, as JSON (HTTP API)', http(get('/api/answer/text')), ok('just text')],
  ])('%s', async (_, request, expected) => {
    const [offline, pylambda] = await both(request);
    expect(pylambda).toEqual(expected);
    expect(offline).toEqual(asOffline(expected));
  });
}

const MISSING_TOKEN: Answer = { status: 403, headers: [JSON_TYPE, 'x-amzn-errortype: MissingAuthenticationTokenException'], body: '{"message":"Missing Authentication Token"}' };
const REST_502: Answer = { status: 502, headers: [JSON_TYPE, 'x-amzn-errortype: InternalServerErrorException'], body: '{"message": "Internal server error"}' };
const HTTP_500: Answer = { status: 500, headers: [JSON_TYPE], body: '{"message":"Internal Server Error"}' };
const OFFLINE_JSON = 'content-type: application/json; charset=utf-8';
const OFFLINE_HAPI_500: Answer = { status: 500, headers: [OFFLINE_JSON], body: '{"statusCode":500,"error":"Internal Server Error","message":"An internal server error occurred"}' };
const OFFLINE_STRINGIFIED: Answer = {
  status: 502, headers: [OFFLINE_JSON],
  body: JSON.stringify({
    errorMessage: 'According to the API Gateway specs, the body content must be stringified. Check your Lambda response and make sure you are invoking JSON.stringify(YOUR_CONTENT) on your body object',
    errorType: 'Object', offlineInfo: 'If you believe this is an issue with serverless-offline please submit it, thanks. https://github.com/dherault/serverless-offline/issues', stackTrace: null,
  }),
};
/** serverless-offline's CORS headers, whatever serverless.yml says, with the request's Origin. */
const offlineCors = (origin: string) => [
  'access-control-allow-headers: Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Amz-User-Agent,X-Api-Key',
  'access-control-allow-methods: DELETE,GET,OPTIONS,PATCH,POST,PUT', `access-control-allow-origin: ${origin}`,
];
/** The Framework's default `cors.headers` (api-gateway/lib/validate.js; httpApi/index.js for the HTTP API). */
const FRAMEWORK_HEADERS = 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id';
const ORIGIN = { origin: 'https://app.example' };
const PREFLIGHT = { ...ORIGIN, 'access-control-request-method': 'GET' };
const sorted = (headers: string[]) => [...headers].sort();

function differing(): void {
  it.each<[string, Sent, Answer, Answer]>([
    ['a percent-encoded REST {param}: API Gateway passes it still encoded', rest(get('/rest/items/caf%C3%A9')),
      ok(restSeen('/rest/items/caf%C3%A9', '/dev/rest/items/{id}', { pathParameters: { id: 'café' } }), [OFFLINE_JSON]),
      ok(restSeen('/rest/items/caf%C3%A9', '/rest/items/{id}', { pathParameters: { id: 'caf%C3%A9' } }))],
    ['a ; in a REST query string, which a REST API splits at', rest(get('/rest/items?a=1;b=2')),
      ok(restSeen('/rest/items', '/dev/rest/items', { query: { a: '1;b=2' }, multiValue: { a: ['1;b=2'] } }), [OFFLINE_JSON]),
      ok(restSeen('/rest/items', '/rest/items', { query: { a: '1', b: '2' }, multiValue: { a: ['1'], b: ['2'] } }))],
    ['a REST trailing slash: the path as sent', rest(get('/rest/items/')),
      ok(restSeen('/rest/items', '/dev/rest/items'), [OFFLINE_JSON]), ok(restSeen('/rest/items/', '/rest/items'))],
    ['an unknown REST path: serverless-offline routes it to the HTTP API\'s catch-all on its one port', rest(get('/rest/nowhere')),
      ok(httpSeen('/dev/rest/nowhere', '$default', { pathParameters: { default: 'dev/rest/nowhere' }, cookies: [] }), [OFFLINE_JSON]), MISSING_TOKEN],
    ['the HTTP API\'s rawPath: decoded, as its path parameters', http(get('/api/items/a%20b')),
      ok(httpSeen('/api/items/a%20b', 'GET /api/items/{id}', { pathParameters: { id: 'a b' }, cookies: [] }), [OFFLINE_JSON]),
      ok(httpSeen('/api/items/a b', 'GET /api/items/{id}', { pathParameters: { id: 'a b' } }))],
    ['the HTTP API\'s rawQueryString: as sent', http(get('/api/items?a=1;b=2&c=%20+&z')),
      ok(httpSeen('/api/items', 'GET /api/items', { query: { a: '1;b=2', c: '  ', z: '' }, rawQueryString: 'a=1%3Bb%3D2&c=++&z=', cookies: [] }), [OFFLINE_JSON]),
      ok(httpSeen('/api/items', 'GET /api/items', { query: { a: '1;b=2', c: '  ', z: '' }, rawQueryString: 'a=1;b=2&c=%20+&z' }))],
    ['the HTTP API\'s cookies: out of the headers', http(get('/api/items', { cookie: 'a=1; b=2' })),
      ok(httpSeen('/api/items', 'GET /api/items', { cookies: ['a=1', 'b=2'], headers: { cookie: 'a=1; b=2' } }), [OFFLINE_JSON]),
      ok(httpSeen('/api/items', 'GET /api/items', { cookies: ['a=1', 'b=2'] }))],
    ['the HTTP API\'s $default route: no path parameters', http(get('/elsewhere/x?q=1')),
      ok(httpSeen('/elsewhere/x', '$default', { pathParameters: { default: 'elsewhere/x' }, query: { q: '1' }, rawQueryString: 'q=1', cookies: [] }), [OFFLINE_JSON]),
      ok(httpSeen('/elsewhere/x', '$default', { query: { q: '1' }, rawQueryString: 'q=1' }))],
    ['an HTTP API trailing slash: another route, here $default', http(get('/api/items/')),
      ok(httpSeen('/api/items', 'GET /api/items', { cookies: [] }), [OFFLINE_JSON]), ok(httpSeen('/api/items/', '$default'))],
    ['cors: true on a REST route: nothing added to a proxy integration\'s answer', rest(get('/rest/open', ORIGIN)),
      ok(restSeen('/rest/open', '/dev/rest/open'), sorted([OFFLINE_JSON, ...offlineCors(ORIGIN.origin), 'access-control-expose-headers: WWW-Authenticate,Server-Authorization'])),
      ok(restSeen('/rest/open', '/rest/open'))],
    ['a REST preflight: the Framework\'s MOCK OPTIONS method', rest(send('OPTIONS', '/rest/open', PREFLIGHT)),
      { status: 204, headers: sorted([...offlineCors(ORIGIN.origin), 'access-control-expose-headers: WWW-Authenticate,Server-Authorization', 'access-control-max-age: 86400']), body: '' },
      ok('', sorted([JSON_TYPE, `access-control-allow-headers: ${FRAMEWORK_HEADERS}`, 'access-control-allow-methods: OPTIONS,GET', 'access-control-allow-origin: *']))],
    // origins ['*'] is the Framework's template `$origin.matches(".+")`: the request's Origin; maxAge 0 is left out.
    ['a REST preflight with origins [\'*\'], credentials, maxAge 0 and cacheControl: the Origin, and Cache-Control', rest(send('OPTIONS', '/rest/credentials', PREFLIGHT)),
      { status: 204, headers: sorted([...offlineCors(ORIGIN.origin), 'access-control-expose-headers: WWW-Authenticate,Server-Authorization', 'access-control-max-age: 86400']), body: '' },
      ok('', sorted([JSON_TYPE, `access-control-allow-headers: ${FRAMEWORK_HEADERS}`, 'access-control-allow-methods: OPTIONS,GET', `access-control-allow-origin: ${ORIGIN.origin}`,
        'access-control-allow-credentials: true', 'cache-control: max-age=600']))],
    ['provider.httpApi.cors: true: Allow-Origin alone on an answer', http(get('/api/items', ORIGIN)),
      ok(httpSeen('/api/items', 'GET /api/items', { cookies: [] }), sorted([OFFLINE_JSON, ...offlineCors(ORIGIN.origin)])),
      ok(httpSeen('/api/items', 'GET /api/items'), ['access-control-allow-origin: *', JSON_TYPE])],
    ['an HTTP API preflight: the Framework\'s lists', http(send('OPTIONS', '/api/items', PREFLIGHT)),
      { status: 204, headers: sorted([...offlineCors(ORIGIN.origin), 'access-control-max-age: 86400']), body: '' },
      { status: 204, headers: [`access-control-allow-headers: ${FRAMEWORK_HEADERS}`, 'access-control-allow-methods: OPTIONS,GET,POST,DELETE,HEAD,PATCH,PUT', 'access-control-allow-origin: *'], body: '' }],
    ['REST multiValueHeaders: a header each', rest(get('/rest/answer/headers')),
      { status: 201, headers: ['content-type: text/plain; charset=utf-8', 'x-many: a,b', 'x-single: one'], body: 'headers' },
      { status: 201, headers: ['content-type: text/plain', 'x-many: a', 'x-many: b', 'x-single: one'], body: 'headers' }],
    ['HTTP API multiValueHeaders: not in payload 2.0', http(get('/api/answer/headers')),
      { status: 201, headers: ['content-type: text/plain; charset=utf-8', 'x-many: a,b', 'x-single: one'], body: 'headers' },
      { status: 201, headers: ['content-type: text/plain', 'x-single: one'], body: 'headers' }],
    ['REST Set-Cookie twice (one with attributes): hapi\'s 500', rest(get('/rest/answer/cookies')),
      OFFLINE_HAPI_500, ok('cookies', [JSON_TYPE, 'set-cookie: c1=1', 'set-cookie: c2=2; Path=/'])],
    ['HTTP API cookies: hapi\'s 500', http(get('/api/answer/cookies')),
      OFFLINE_HAPI_500, ok('cookies', [TEXT_TYPE, 'set-cookie: c1=1', 'set-cookie: c2=2; Path=/'])],
    ['a REST binary answer to a client whose first Accept type is not binary: the base64 text', rest(get('/rest/answer/binary', { accept: 'text/html,image/png' })),
      ok(PNG, ['content-type: image/png']), ok(`hex:${Buffer.from('iVBORw0KGgoA/w==').toString('hex')}`, ['content-type: image/png'])],
    ['a REST result that is not a proxy result: 502', rest(get('/rest/answer/bare')), ok('', [OFFLINE_JSON]), REST_502],
    ['a REST result that is a string: 502', rest(get('/rest/answer/text')), ok('"just text"', [OFFLINE_JSON]), REST_502],
    ['an HTTP API result without statusCode: the JSON the function returned', http(get('/api/answer/bare')), ok('{"bare":true}', [OFFLINE_JSON]), ok('{"bare": true}')],
    ['a REST body that is not a string: API Gateway\'s 502', rest(get('/rest/answer/bad-body')), OFFLINE_STRINGIFIED, REST_502],
    ['an HTTP API body that is not a string: 500', http(get('/api/answer/bad-body')), OFFLINE_STRINGIFIED, HTTP_500],
    ['an HTTP API result with a status and no content-type: text', http(get('/api/answer/status')),
      { status: 418, headers: [OFFLINE_JSON], body: 'teapot' }, { status: 418, headers: [TEXT_TYPE], body: 'teapot' }],
    ['an exception (REST): serverless-offline\'s Python process ends, and it waits for the timeout', rest(get('/rest/crash')),
      { status: 504, headers: [OFFLINE_JSON], body: '' }, REST_502],
  ])('%s', async (_, request, offline, pylambda) => {
    const [fromOffline, fromPylambda] = await both(request);
    expect(fromPylambda).toEqual(pylambda);
    expect(fromOffline).toEqual(offline);
  });

  it('an exception (HTTP API), after the one above: serverless-offline answers 200 with its timeout error, as the process is gone', async () => {
    const [offline, pylambda] = await both(http(get('/api/crash')));
    expect(pylambda).toEqual(HTTP_500);
    const { errorType, errorMessage } = JSON.parse(String(offline.body)) as Record<string, unknown>;
    expect([offline.status, offline.headers, errorType, errorMessage]).toEqual([200, [OFFLINE_JSON], 'LambdaTimeoutError', '[504] - Lambda timeout.']);
  });

  it('HEAD of a REST GET route: hapi answers it, API Gateway has no such method', async () => {
    const [offline, pylambda] = await both(rest(send('HEAD', '/rest/items')));
    expect(offline).toEqual(ok('', [OFFLINE_JSON]));
    expect(pylambda).toEqual({ ...MISSING_TOKEN, body: '' });
  });

  it("each side's own headers on every answer: hapi's, and API Gateway's request ids (the edge-optimized REST API's CloudFront ones)", async () => {
    const names = (wire: WireAnswer) => wire.headers.map(nameOf).filter((name) => GATEWAY.has(name) || HAPI.has(name));
    const request = get('/dev/rest/items');
    const [offline, pylambda] = await Promise.all([sendRaw(offlineUrl, request), sendRaw(devUrl.rest, request)]);
    expect(names(offline)).toEqual(['accept-ranges', 'cache-control', 'vary']);
    expect(names(pylambda)).toEqual(['via', 'x-amz-apigw-id', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-amzn-requestid', 'x-amzn-trace-id', 'x-cache']);
    const fromHttp = await Promise.all([sendRaw(offlineUrl, get('/api/items')), sendRaw(devUrl.http, get('/api/items'))]);
    expect(fromHttp.map(names)).toEqual([['accept-ranges', 'cache-control', 'vary'], ['apigw-requestid']]);
  });
}
