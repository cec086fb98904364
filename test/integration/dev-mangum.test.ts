import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRaw, type WireAnswer, type WireRequest } from '../chalice-local.js';
import { FIXTURES, devForFile } from '../helpers.js';
import { startUvicorn } from '../uvicorn.js';

/**
 * A FastAPI app behind Mangum (PyPI mangum, fastapi: test/requirements.txt), served by `pylambda dev` behind each
 * front door and by uvicorn, a real ASGI server, side by side: Mangum reads every event shape itself, so where it
 * answers otherwise than uvicorn, either pylambda's event is wrong or the gateway (or Mangum) differs on AWS too.
 * Every difference below is one of the latter, with its reason; everything else must be equal.
 */
const PROJECT = `${FIXTURES}projects/mangum-app`;
const dev = devForFile(PROJECT);
const uvicorn = {} as Awaited<ReturnType<typeof startUvicorn>>;
beforeAll(async () => {
  Object.assign(uvicorn, await startUvicorn(`${PROJECT}/src`, 'app:app'));
});
afterAll(() => uvicorn.stop?.());

type Door = 'rest' | 'restStage' | 'http' | 'http1' | 'albMulti' | 'alb' | 'url';
const DOORS: Array<[Door, string, string]> = [
  ['rest', 'Api', ''],
  // The URL API Gateway gives a stage (execute-api's /Prod); dev also serves the API without it, as a custom domain does.
  ['restStage', 'Api', '/Prod'],
  ['http', 'ServerlessHttpApi', ''],
  // Payload 1.0, stage v1 in the URL and in the event's path (LAMBDA-FACTS §5), Mangum's api_gateway_base_path="/v1".
  ['http1', 'StagedHttpApi', '/v1'],
  ['albMulti', 'Listener', ''],
  ['alb', 'SingleListener', ''],
  ['url', 'AppFnUrl', ''],
];

/** The parts of an answer the app decides: its own Date and Server, and the gateways' request ids, are not compared. */
interface View {
  status: number;
  type: string | null;
  encoding: string | null;
  length: string | null;
  location: string | null;
  cookies: string[];
  body: string;
}

function viewOf(answer: WireAnswer, base: string): View {
  const values = (name: string) => answer.headers.filter((h) => h.startsWith(`${name}: `)).map((h) => h.slice(name.length + 2));
  const one = (name: string) => values(name).at(-1) ?? null;
  const type = one('content-type');
  const encoding = one('content-encoding');
  const view = { status: answer.status, type, encoding, length: one('content-length'), location: one('location'), cookies: values('set-cookie') };
  if (type === 'image/png' || encoding !== null) return { ...view, body: answer.body.toString('base64') };
  // The app's URLs carry the host it was called on, each server's own port: named HOST, and the length counted after.
  const text = answer.body.toString('utf8').replaceAll(new URL(base).host, 'HOST');
  return { ...view, length: view.length === String(answer.body.length) ? String(Buffer.byteLength(text)) : view.length, body: text };
}

/** uvicorn's answer, as dev should give it: the app's JSON with the differences `edit` makes. */
const editJson = (edit: (body: Record<string, unknown>) => void) => (v: View): View => {
  const body = JSON.parse(v.body) as Record<string, unknown>;
  edit(body);
  const text = JSON.stringify(body);
  return { ...v, body: text, length: String(Buffer.byteLength(text)) };
};

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg==';
const BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const QUERY = 'x=1&x=2&sp=a+b&pc=a%20b&plus=%2B&amp=%26&u=%C3%A9&flag';
const ECHO = `/echo/a%20b/c%2Fd?${QUERY}`;

interface Case {
  name: string;
  request: WireRequest;
  /** uvicorn's answer, pinned: agreement alone would pass two servers wrong the same way. */
  want: Partial<View> & { json?: unknown };
  /** How each door's answer differs from uvicorn's, and why. */
  differs?: Partial<Record<Door, (uvicorn: View) => View>>;
}

// Mangum rebuilds a payload 1.0 or ALB query string from the event's decoded maps (urlencode in
// mangum/handlers/api_gateway.py, alb.py): a space comes back as +, a bare key as `flag=`. The values read agree.
const reencodedQuery = editJson((b) => {
  b.url = 'http://HOST/echo/a b/c/d?x=1&x=2&sp=a+b&pc=a+b&plus=%2B&amp=%26&u=%C3%A9&flag=';
});
const JSON_TYPE = 'application/json';
const joinedByMangum = editJson((b) => { b['x-multi'] = ['a, b, c']; });
// An HTTP API decodes the path, cuts it at the decoded ?, then decodes it again (captured live; the sources are in
// src/core/routing/request-paths.ts): x%3Fy reaches the function as x, and 100%25 (100% after one decoding) is a 400.
const decodedTwice = editJson((b) => { b.rest = 'x'; b.path = '/echo/x'; b.url = 'http://HOST/echo/x'; });
const badRequest = (): View => ({ status: 400, type: JSON_TYPE, encoding: null, length: '25', location: null, cookies: [], body: '{"message":"Bad Request"}' });

/**
 * LAMBDA-FACTS §4: a REST API decodes Mangum's base64 body (any answer that is not text, or not UTF-8) only when
 * the first Accept type is one of its binary media types; else the client gets the base64 text itself.
 */
const base64Text = (v: View): View => ({ ...v, length: String(v.body.length), body: Buffer.from(v.body).toString('base64') });
const REST_BASE64: Case['differs'] = { rest: base64Text, restStage: base64Text };

/** The Content-Type an answer without one gets on its way. */
const UNTYPED: Case['differs'] = {
  // LAMBDA-FACTS §4: a REST API's default Content-Type is application/json.
  rest: (v) => ({ ...v, type: JSON_TYPE }),
  restStage: (v) => ({ ...v, type: JSON_TYPE }),
  // Mangum adds content-type application/json to a 2.0 answer without one (HTTPGateway.__call__).
  http: (v) => ({ ...v, type: JSON_TYPE }),
  // Mangum adds none to a 1.0 answer; pylambda gives it REST's default (payload-v1.ts readV1Result).
  http1: (v) => ({ ...v, type: JSON_TYPE }),
  url: (v) => ({ ...v, type: JSON_TYPE }),
  // An ALB sends application/octet-stream for an answer without a type (src/core/events/http/alb.ts).
  albMulti: (v) => ({ ...v, type: 'application/octet-stream' }),
  alb: (v) => ({ ...v, type: 'application/octet-stream' }),
};

const CASES: Case[] = [
  {
    name: 'path parameter and repeated query keys',
    request: { path: '/items/42?q=a&q=b%20c&q=d+e&tag=x%2By' },
    want: { status: 200, type: JSON_TYPE, json: { item_id: '42', q: ['a', 'b c', 'd e'], tag: 'x+y' } },
    // LAMBDA-FACTS §6: without multi-value headers an ALB passes the last value of a repeated query key.
    differs: { alb: editJson((b) => { b.q = ['d e']; }) },
  },
  {
    name: 'encoded path, + and %20 in the query, request.url, root_path, url_for',
    request: { path: ECHO },
    want: {
      status: 200,
      json: {
        rest: 'a b/c/d', path: '/echo/a b/c/d',
        query: [['x', '1'], ['x', '2'], ['sp', 'a b'], ['pc', 'a b'], ['plus', '+'], ['amp', '&'], ['u', 'é'], ['flag', '']],
        url: `http://HOST/echo/a b/c/d?${QUERY}`, base_url: 'http://HOST/', root_path: '', scheme: 'http', host: 'HOST', url_for: 'http://HOST/items/7',
      },
    },
    differs: {
      rest: reencodedQuery,
      // The event's `path` has no stage (LAMBDA-FACTS §4: only requestContext.path has it), so Mangum's request.url
      // and url_for leave out the /Prod the client called: links the app builds miss the stage, as on AWS.
      restStage: reencodedQuery,
      http1: reencodedQuery,
      albMulti: reencodedQuery,
      alb: editJson((b) => {
        b.query = (b.query as string[][]).filter(([k, v]) => k !== 'x' || v === '2');
        b.url = 'http://HOST/echo/a b/c/d?x=2&sp=a+b&pc=a+b&plus=%2B&amp=%26&u=%C3%A9&flag=';
      }),
    },
  },
  {
    name: 'the root, and root_path',
    request: { path: '/' },
    want: { status: 200, type: JSON_TYPE, json: { root: true } },
  },
  {
    name: 'an encoded ? in the path',
    request: { path: '/echo/x%3Fy' },
    want: { status: 200, json: { rest: 'x?y', path: '/echo/x%3Fy', query: [], url: 'http://HOST/echo/x%3Fy', base_url: 'http://HOST/', root_path: '', scheme: 'http', host: 'HOST', url_for: 'http://HOST/items/7' } },
    // REST APIs, ALBs and function URLs pass x?y; HTTP APIs do not (decodedTwice).
    differs: { http: decodedTwice, http1: decodedTwice },
  },
  {
    name: 'an encoded % in the path',
    request: { path: '/echo/100%25' },
    want: { status: 200, json: { rest: '100%', path: '/echo/100%', query: [], url: 'http://HOST/echo/100%', base_url: 'http://HOST/', root_path: '', scheme: 'http', host: 'HOST', url_for: 'http://HOST/items/7' } },
    differs: { http: badRequest, http1: badRequest },
  },
  {
    name: 'request headers, one repeated',
    request: { path: '/headers', headers: { 'x-one': '1', 'x-multi': ['a', 'b, c'], 'user-agent': 't/1', accept: 'text/html' } },
    want: { status: 200, json: { 'x-one': '1', 'x-multi': ['a', 'b, c'], 'user-agent': 't/1', accept: 'text/html' } },
    differs: {
      // Mangum joins a 1.0 event's multiValueHeaders with ", " into one header (_handle_multi_value_headers_for_request).
      rest: joinedByMangum,
      restStage: joinedByMangum,
      http1: joinedByMangum,
      // LAMBDA-FACTS §5: HTTP API (and function URL) events join repeated headers with commas.
      http: editJson((b) => { b['x-multi'] = ['a,b, c']; }),
      url: editJson((b) => { b['x-multi'] = ['a,b, c']; }),
      // LAMBDA-FACTS §6: without multi-value headers the last value wins.
      alb: editJson((b) => { b['x-multi'] = ['b, c']; }),
    },
  },
  {
    name: 'cookies in, several Set-Cookie out',
    request: { path: '/cookies', headers: { cookie: 'session=abc; other=x%20y' } },
    want: {
      status: 200,
      cookies: ['a=1; Path=/; SameSite=lax', 'b="two words"; HttpOnly; Path=/; SameSite=lax', 'c=3; Max-Age=60; Path=/; SameSite=strict; Secure'],
      json: { cookies: { session: 'abc', other: 'x%20y' }, session: 'abc' },
    },
    // An ALB without multi-value headers: Mangum sends each Set-Cookie under a differently cased name (set-cookie,
    // Set-cookie, sEt-cookie), which the load balancer passes on as three headers; names are compared in lower case.
  },
  {
    name: 'a JSON body, 201',
    request: { method: 'POST', path: '/json', headers: { 'content-type': 'application/json' }, body: '{"a":[1,"é"]}' },
    want: { status: 201, type: JSON_TYPE, length: '22', json: { got: { a: [1, 'é'] } } },
  },
  {
    name: 'a form body',
    request: { method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=J%C3%BCrgen+X&tags=a&tags=b%26c' },
    want: { status: 200, json: { name: 'Jürgen X', tags: ['a', 'b&c'] } },
  },
  {
    name: 'a binary upload, a binary media type of the REST API',
    request: { method: 'POST', path: '/upload', headers: { 'content-type': 'application/octet-stream' }, body: BYTES },
    want: { status: 200, json: { size: 256, sha256: '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880', 'content-type': 'application/octet-stream' } },
  },
  {
    name: 'a binary upload of a type the REST API does not list',
    request: { method: 'POST', path: '/upload', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: BYTES },
    want: { status: 200, json: { size: 256, sha256: '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880', 'content-type': 'multipart/form-data; boundary=x' } },
    // LAMBDA-FACTS §4: a REST API passes a body whose type is not one of its binary media types as text; each of
    // the 128 bytes that are not UTF-8 arrives as U+FFFD (3 bytes). HTTP APIs, ALBs and function URLs send it base64.
    differs: {
      rest: editJson((b) => { b.size = 512; b.sha256 = '0f1a0d9c96b61c6dd842f73714f9e10c01c40383217f0a095c08145ef36b081b'; }),
      restStage: editJson((b) => { b.size = 512; b.sha256 = '0f1a0d9c96b61c6dd842f73714f9e10c01c40383217f0a095c08145ef36b081b'; }),
    },
  },
  {
    name: 'an image/png answer, asked for with Accept: image/png',
    request: { path: '/image.png', headers: { accept: 'image/png' } },
    want: { status: 200, type: 'image/png', length: '70', body: PNG },
  },
  {
    name: 'an image/png answer to Accept: */*',
    request: { path: '/image.png', headers: { accept: '*/*' } },
    want: { status: 200, type: 'image/png', length: '70', body: PNG },
    // */* is not image/png.
    differs: REST_BASE64,
  },
  {
    name: 'a 204 without a body',
    request: { method: 'DELETE', path: '/items/3' },
    want: { status: 204, type: null, length: null, body: '' },
    differs: UNTYPED,
  },
  {
    name: 'a redirect',
    request: { path: '/old' },
    want: { status: 302, type: null, location: '/items/new?from=old', length: '0', body: '' },
    differs: UNTYPED,
  },
  {
    name: 'an exception handler answering 410',
    request: { path: '/gone' },
    want: { status: 410, type: JSON_TYPE, json: { error: 'gone', detail: 'it left' } },
  },
  {
    name: "FastAPI's 404",
    request: { path: '/nope' },
    want: { status: 404, type: JSON_TYPE, json: { detail: 'Not Found' } },
  },
  {
    name: "FastAPI's 422",
    request: { method: 'POST', path: '/json', headers: { 'content-type': 'application/json' } },
    want: { status: 422, json: { detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] } },
  },
  {
    name: 'a 200 KB answer',
    request: { path: '/big' },
    want: { status: 200, type: 'text/plain; charset=utf-8', encoding: null, length: '200000' },
  },
  {
    name: "a 200 KB answer, gzip by FastAPI's GZipMiddleware",
    request: { path: '/big', headers: { 'accept-encoding': 'gzip' } },
    want: { status: 200, type: 'text/plain; charset=utf-8', encoding: 'gzip', length: '52574' },
    // Gzip bytes are not UTF-8, so Mangum sends them base64, and a REST API without */* (or the Accept type) among
    // its binary media types hands the client base64 text labelled Content-Encoding: gzip.
    differs: REST_BASE64,
  },
  {
    name: 'a ; in the query',
    request: { path: '/items/1?q=a;b&tag=t' },
    want: { status: 200, json: { item_id: '1', q: ['a;b'], tag: 't' } },
    // A REST API splits the query at ; too (src/core/events/http/query.ts REST_QUERY_SEPARATORS, AWS's known issues).
    differs: { rest: editJson((b) => { b.q = ['a']; }), restStage: editJson((b) => { b.q = ['a']; }) },
  },
];

const answer = (base: string, request: WireRequest) => sendRaw(base, request).then((a) => viewOf(a, base));

describe.each(DOORS)('a FastAPI app behind Mangum, %s, answers as under uvicorn', (door, endpoint, prefix) => {
  it.each(CASES)('$name', async ({ request, want, differs }) => {
    const reference = await answer(uvicorn.url, request);
    const { json: wantJson, ...wantView } = want;
    expect(reference).toMatchObject(wantView);
    if (wantJson !== undefined) {
      expect(JSON.parse(reference.body)).toEqual(wantJson);
      expect(reference.length).toBe(String(Buffer.byteLength(reference.body)));
    }
    const seen = await answer(dev.url(endpoint), { ...request, path: `${prefix}${request.path}` });
    expect(seen).toEqual(differs?.[door]?.(reference) ?? reference);
  });
});
