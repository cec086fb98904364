import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, sendRaw, startChaliceLocal, type WireAnswer, type WireRequest } from '../chalice-local.js';
import { FIXTURES, startDev } from '../helpers.js';

/**
 * `pylambda dev` beside the real `chalice local` (chalice 1.34.0, test/requirements.txt) on one app, request by
 * request. Where they must agree, both answers are pinned; where they differ on purpose (pylambda answers as the
 * deployed REST API, docs/chalice.md), both sides' answers are pinned too, so a change on either side shows.
 */
const APP = `${FIXTURES}chalice/differential`;

let chaliceUrl: string;
let stopChalice: (() => Promise<void>) | undefined;
let stopDev: (() => Promise<void>) | undefined;
let devUrl: string;

beforeAll(async () => {
  const [local, dev] = await Promise.allSettled([startChaliceLocal(APP), startDev(APP)]);
  // Each is stopped after, even when the other did not start.
  if (local.status === 'fulfilled') [chaliceUrl, stopChalice] = [local.value.url, local.value.stop];
  if (dev.status === 'fulfilled') [devUrl, stopDev] = [dev.value.url('RestAPI'), () => dev.value.session.stop()];
  for (const started of [local, dev]) if (started.status === 'rejected') throw started.reason;
});
afterAll(async () => {
  await Promise.all([stopChalice?.(), stopDev?.()]);
});

/** Headers of the connection, and those API Gateway adds to every answer (compared on their own below). */
const TRANSPORT = new Set(['date', 'server', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const GATEWAY = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-trace-id', 'via', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-cache']);

interface Answer {
  readonly status: number;
  readonly headers: readonly string[];
  /** Text, or `hex:...` for an image. */
  readonly body: string;
}

function answer(wire: WireAnswer): Answer {
  const headers = wire.headers.filter((h) => !TRANSPORT.has(h.slice(0, h.indexOf(':'))) && !GATEWAY.has(h.slice(0, h.indexOf(':'))));
  const image = headers.some((h) => h.startsWith('content-type: image/'));
  return { status: wire.status, headers, body: image ? `hex:${wire.body.toString('hex')}` : wire.body.toString() };
}

const both = (r: WireRequest) => Promise.all([sendRaw(chaliceUrl, r), sendRaw(devUrl, r)]).then(([c, p]) => [answer(c), answer(p)] as const);

const JSON_TYPE = 'content-type: application/json';
/** As Chalice writes JSON: json.dumps with ensure_ascii, `\u00e9` for `é`. */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const json = (status: number, body: unknown, headers: string[] = []): Answer => ({ status, headers: [JSON_TYPE, ...headers].sort(), body: typeof body === 'string' ? body : asciiJson(body) });
const get = (path: string, headers?: Record<string, string>): WireRequest => ({ path, ...(headers ? { headers } : {}) });
const post = (path: string, contentType: string | undefined, body: string | Buffer): WireRequest => ({ method: 'POST', path, body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) });
const fields = (over: Record<string, unknown>) => ({ method: 'GET', path: '/request', x_custom: null, x_custom_lower: null, raw_body: null, json_body: null, ...over });
const BINARY_ACCEPT = 'Request did not specify an Accept header with image/png, The response has a Content-Type of image/png. If a response has a binary Content-Type then the request must specify an Accept header that matches.';
const SHARED_CORS = ['access-control-allow-credentials: true', 'access-control-allow-headers: Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Special', 'access-control-allow-origin: https://example.com', 'access-control-expose-headers: X-Total', 'access-control-max-age: 600'];
const OPEN_CORS = ['access-control-allow-headers: Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key', 'access-control-allow-origin: *'];

describe('what chalice local and pylambda dev answer alike', () => {
  it.each<[string, WireRequest, Answer]>([
    ['a route', get('/'), json(200, { hello: 'world' })],
    // A REST API passes path parameters still percent-encoded (src/core/routing/match.ts), as chalice local does.
    ['a url-encoded path parameter', get('/items/a%20b'), json(200, { item_id: 'a%20b', uri_params: { item_id: 'a%20b' } })],
    ['a unicode path parameter', get('/items/caf%C3%A9'), json(200, { item_id: 'caf%C3%A9', uri_params: { item_id: 'caf%C3%A9' } })],
    ['a plus in a path parameter', get('/items/a+b'), json(200, { item_id: 'a+b', uri_params: { item_id: 'a+b' } })],
    ['two path parameters, one with an encoded ?', get('/items/1/parts/x%3Fy'), json(200, { item_id: '1', part: 'x%3Fy' })],
    ['repeated keys and empty values', get('/query?a=1&a=2&b=&c'), json(200, { query_params: { a: '2', b: '', c: '' }, multi: { a: ['1', '2'], b: [''], c: [''] } })],
    ['no query string', get('/query'), json(200, { query_params: null, multi: null })],
    ['an empty query string', get('/query?'), json(200, { query_params: null, multi: null })],
    ['encoded query values', get('/query?x=%C3%A9&y=a+b&z=a%20b&w=%26%3D'), json(200, { query_params: { x: 'é', y: 'a b', z: 'a b', w: '&=' }, multi: { x: ['é'], y: ['a b'], z: ['a b'], w: ['&='] } })],
    ['headers in any case, the last of a repeat', get('/request', { 'X-Custom': 'v1', 'x-custom': 'v2' }), json(200, fields({ x_custom: 'v2', x_custom_lower: 'v2' }))],
    ['json_body of a JSON body', post('/request', 'application/json', '{"a":1}'), json(200, fields({ method: 'POST', raw_body: '{"a":1}', json_body: { a: 1 } }))],
    ['json_body with a charset', post('/request', 'application/json; charset=utf-8', '{"a":"é"}'), json(200, fields({ method: 'POST', raw_body: '{"a":"é"}', json_body: { a: 'é' } }))],
    ['json_body of a JSON body sent as text/plain: None', post('/request', 'text/plain', '{"a":1}'), json(200, fields({ method: 'POST', raw_body: '{"a":1}' }))],
    ['json_body of a body that is not JSON', post('/request', 'application/json', 'not json'), json(200, fields({ method: 'POST', raw_body: 'not json', json_body: 'BadRequestError: Error Parsing JSON' }))],
    ['a content type the view does not take', post('/echo', 'text/plain', '{}'), json(415, { Code: 'UnsupportedMediaType', Message: 'Unsupported media type: text/plain' })],
    ['a binary body (app.api.binary_types)', post('/binary', 'application/octet-stream', Buffer.from([1, 2, 255])), json(200, { size: 3, bytes: [1, 2, 255] })],
    ['a binary body of a type the app added', post('/binary', 'application/x-custom', 'abc'), json(200, { size: 3, bytes: [97, 98, 99] })],
    ['a binary answer to its Accept type', get('/image', { accept: 'image/png' }), { status: 200, headers: ['content-type: image/png'], body: 'hex:89504e470d0a1a0a00ff' }],
    ['a binary answer to Accept application/json: Chalice\'s own 400', get('/image', { accept: 'application/json' }), json(400, { Code: 'BadRequest', Message: BINARY_ACCEPT })],
    ['a text content type', get('/text'), { status: 200, headers: ['content-type: text/plain; charset=utf-8'], body: 'plain text' }],
    ['an html content type', get('/html'), { status: 200, headers: ['content-type: text/html'], body: '<h1>hi</h1>' }],
    ['a status, headers and multi-value headers', get('/headers'), json(201, { ok: true }, ['set-cookie: c1=1', 'set-cookie: c2=2', 'x-many: a', 'x-many: b', 'x-single: one'])],
    ['an empty 204', get('/status/204'), json(204, '')],
    ['a view that returns None', get('/none'), json(200, 'null')],
    ["a header value that is not a string: Chalice's own 500", get('/int-header'), json(500, { Code: 'InternalServerError', Message: 'An internal server error occurred.' })],
    ['BadRequestError', get('/bad'), json(400, { Code: 'BadRequestError', Message: 'that was bad' })],
    ['NotFoundError', get('/missing'), json(404, { Code: 'NotFoundError', Message: 'no such thing' })],
    ['ChaliceViewError', get('/view-error'), json(500, { Code: 'ChaliceViewError', Message: 'it broke' })],
    ['an unhandled exception', get('/crash'), json(500, { Code: 'InternalServerError', Message: 'An internal server error occurred.' })],
    ['cors=True', get('/open'), json(200, { open: true }, OPEN_CORS)],
    ['a CORSConfig', get('/shared'), json(200, { method: 'GET' }, SHARED_CORS)],
    ['a trailing slash', get('/items/1/'), json(200, { item_id: '1', uri_params: { item_id: '1' } })],
    ['a doubled leading slash', get('//query'), json(200, { query_params: null, multi: null })],
    ["the app's own OPTIONS view", { method: 'OPTIONS', path: '/own-options' }, json(204, '', ['allow: OPTIONS'])],
  ])('%s', async (_, request, expected) => {
    const [chalice, pylambda] = await both(request);
    expect(pylambda).toEqual(expected);
    expect(chalice).toEqual(expected);
  });
});

const MISSING_TOKEN = json(403, '{"message":"Missing Authentication Token"}', ['x-amzn-errortype: MissingAuthenticationTokenException']);
const CHALICE_MISSING_TOKEN = json(403, '{"message": "Missing Authentication Token"}', ['x-amzn-errortype: UnauthorizedException']);
const REQUIRES = "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
const methodNotAllowed = (method: string, allow: string) => json(405, { Code: 'MethodNotAllowedError', Message: `Unsupported method: ${method}` }, [`allow: ${allow}`]);

/** Where chalice local differs from the deployed REST API and pylambda answers as the deployed one (docs/chalice.md). */
describe('what chalice local answers otherwise than API Gateway, which pylambda dev follows', () => {
  it.each<[string, WireRequest, Answer, Answer]>([
    ['the stage: requestContext.path and stage, stageVariables and pathParameters null',
      get('/context'),
      json(200, { stage_vars: {}, uri_params: {}, context: { httpMethod: 'GET', resourcePath: '/context', path: '/context', stage: null }, source_ip: '127.0.0.1' }),
      json(200, { stage_vars: null, uri_params: null, context: { httpMethod: 'GET', resourcePath: '/context', path: '/api/context', stage: 'api' }, source_ip: '127.0.0.1' })],
    ['a method the route lacks: the app\'s 405, or API Gateway\'s 403', { method: 'DELETE', path: '/items/1' }, methodNotAllowed('DELETE', 'GET, PUT'), MISSING_TOKEN],
    ['OPTIONS of a route without CORS: chalice local makes up a preflight, the deployed API has no OPTIONS method',
      { method: 'OPTIONS', path: '/' }, { status: 200, headers: ['access-control-allow-methods: OPTIONS'], body: '' }, MISSING_TOKEN],
    ["a preflight: the Content-Type of the MOCK method chalice deploy makes",
      { method: 'OPTIONS', path: '/shared', headers: { origin: 'https://example.com', 'access-control-request-method': 'PUT' } },
      { status: 200, headers: [...SHARED_CORS, 'access-control-allow-methods: GET,PUT,OPTIONS'].sort(), body: '' },
      json(200, '', [...SHARED_CORS, 'access-control-allow-methods: GET,PUT,OPTIONS'])],
    ['an unknown route: API Gateway\'s body and error type', get('/nowhere'), CHALICE_MISSING_TOKEN, MISSING_TOKEN],
    ['an unknown route with a Bearer token: the SigV4 complaint',
      get('/nowhere', { authorization: 'Bearer abc' }),
      json(403, JSON.stringify({ message: `${REQUIRES} Authorization=Bearer abc` }).replace('":"', '": "'), ['x-amzn-errortype: UnauthorizedException']),
      json(403, { message: "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'." }, ['x-amzn-errortype: IncompleteSignatureException'])],
    ['an empty path segment: no path parameter is empty on API Gateway', get('/items//parts/x'), json(200, { item_id: '', part: 'x' }), MISSING_TOKEN],
    ['a greedy {proxy+} route, which chalice local matches as one segment named proxy+',
      get('/files/a/b/c.txt'), CHALICE_MISSING_TOKEN, json(200, { proxy: 'a/b/c.txt' })],
    ['a greedy {proxy+} route with one segment', get('/files/a'), json(500, { Code: 'InternalServerError', Message: 'An internal server error occurred.' }), json(200, { proxy: 'a' })],
    ['a binary answer when the first Accept type is not binary: the base64 text',
      get('/image', { accept: 'text/html,image/png' }), { status: 200, headers: ['content-type: image/png'], body: 'hex:89504e470d0a1a0a00ff' },
      { status: 200, headers: ['content-type: image/png'], body: `hex:${Buffer.from('iVBORw0KGgoA/w==').toString('hex')}` }],
    ['a lower-case content-type header: chalice local adds its default Content-Type beside it',
      get('/lower-type'), { status: 200, headers: [JSON_TYPE, 'content-type: text/plain'], body: 'lower' }, { status: 200, headers: ['content-type: text/plain'], body: 'lower' }],
    ['a ; in the query string, which a REST API splits at', get('/query?a=1;b=2'), json(200, { query_params: { a: '1;b=2' }, multi: { a: ['1;b=2'] } }), json(200, { query_params: { a: '1', b: '2' }, multi: { a: ['1'], b: ['2'] } })],
  ])('%s', async (_, request, chalice, pylambda) => {
    const [fromChalice, fromPylambda] = await both(request);
    expect(fromPylambda).toEqual(pylambda);
    expect(fromChalice).toEqual(chalice);
  });

  it('HEAD of a GET route: the app\'s 405, with a body HEAD may not have, or API Gateway\'s 403', async () => {
    const head = 'HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';
    const fromChalice = await rawExchange(chaliceUrl, head);
    expect([fromChalice.split('\r\n')[0], fromChalice.slice(fromChalice.indexOf('\r\n\r\n') + 4)]).toEqual(['HTTP/1.1 405 Method Not Allowed', '{"Code":"MethodNotAllowedError","Message":"Unsupported method: HEAD"}']);
    const fromPylambda = await rawExchange(devUrl, head);
    expect([fromPylambda.split('\r\n')[0], fromPylambda.slice(fromPylambda.indexOf('\r\n\r\n') + 4)]).toEqual(['HTTP/1.1 403 Forbidden', '']);
    expect(fromPylambda).toContain('\r\nx-amzn-ErrorType: MissingAuthenticationTokenException\r\n');
  });

  it('a path with unescaped UTF-8 bytes: chalice local reads them as Latin-1, pylambda refuses a request line HTTP does not allow', async () => {
    const line = Buffer.concat([Buffer.from('GET /items/caf'), Buffer.from('é'), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')]).toString('latin1');
    const fromChalice = await rawExchange(chaliceUrl, line);
    expect(fromChalice.slice(fromChalice.indexOf('\r\n\r\n') + 4)).toBe('{"item_id":"caf\\u00c3\\u00a9","uri_params":{"item_id":"caf\\u00c3\\u00a9"}}');
    const fromPylambda = await rawExchange(devUrl, line);
    expect([fromPylambda.split('\r\n')[0], fromPylambda]).toEqual(['HTTP/1.1 400 Bad Request', expect.stringContaining('<H1>400 ERROR</H1>')]);
  });

  it("a GET with a body: the edge-optimized API's CloudFront refuses it, chalice local passes it on", async () => {
    const request: WireRequest = { method: 'GET', path: '/request', headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
    const [chalice, pylambda] = await both(request);
    expect(chalice).toEqual(json(200, fields({ raw_body: '{"a":1}', json_body: { a: 1 } })));
    expect([pylambda.status, pylambda.headers, pylambda.body]).toEqual([403, ['content-type: text/html'], expect.stringContaining('<H1>403 ERROR</H1>')]);
  });

  it("API Gateway's own headers on every answer: its request ids, the edge-optimized API's CloudFront ones", async () => {
    const names = (wire: WireAnswer) => wire.headers.map((h) => h.slice(0, h.indexOf(':'))).filter((name) => GATEWAY.has(name));
    const [chalice, pylambda] = await Promise.all([sendRaw(chaliceUrl, get('/')), sendRaw(devUrl, get('/'))]);
    expect(names(chalice)).toEqual([]);
    expect(names(pylambda)).toEqual(['via', 'x-amz-apigw-id', 'x-amz-cf-id', 'x-amz-cf-pop', 'x-amzn-requestid', 'x-amzn-trace-id', 'x-cache']);
  });
});
