import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { CLOUDFRONT_EDGE_ADDRESS } from '../../src/core/events/http/cloudfront.js';
import { FIXTURES, json, startDev } from '../helpers.js';

/** Every gateway kind served by `pylambda dev`, checked over real HTTP: statuses, bodies, headers. */
let session: DevSession;
let url: (id: string) => string;
let events: DevEvent[];

beforeAll(async () => {
  ({ session, url, events } = await startDev(`${FIXTURES}projects/gateways`, { integrationTimeoutMs: 1500 }));
});
afterAll(async () => {
  await session?.stop();
});

const text = async (res: Response) => ({ status: res.status, body: await res.text(), headers: res.headers });

describe('endpoints', () => {
  it('serves one endpoint per API, load balancer listener and function URL', () => {
    expect(session.endpoints.map((e) => [e.kind, e.id, e.stage])).toEqual([
      ['rest', 'Api', 'test'],
      ['http', 'ServerlessHttpApi', '$default'],
      ['alb', 'Listener', '$default'],
      ['url', 'UrlFunctionUrl', '$default'],
    ]);
  });
});

describe('REST API', () => {
  it('delivers the event with the route template and path parameters', async () => {
    const res = await fetch(`${url('Api')}/items/echo?a=1&a=2`, { headers: { 'X-Thing': 'yes' } });
    expect(res.status).toBe(200);
    const event = await json(res);
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/echo',
      httpMethod: 'GET',
      pathParameters: { id: 'echo' },
      queryStringParameters: { a: '2' },
      multiValueQueryStringParameters: { a: ['1', '2'] },
      headers: { 'X-Thing': 'yes' },
      requestContext: { resourcePath: '/items/{id}', stage: 'test', path: '/test/items/echo', httpMethod: 'GET' },
      body: null,
      isBase64Encoded: false,
    });
  });

  // Every front door adds these; the function's trace header carries the request's trace root.
  it('adds X-Forwarded-For, -Port, -Proto and X-Amzn-Trace-Id, and the function runs in that trace', async () => {
    const { port } = new URL(url('Api'));
    const { lambda, headers } = await json(await fetch(`${url('Api')}/items/trace`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })) as { lambda: string; headers: Record<string, string> };
    // This API is edge-optimized (no EndpointConfiguration): its CloudFront distribution's address comes last.
    expect(headers).toMatchObject({ 'X-Forwarded-For': `203.0.113.7, 127.0.0.1, ${CLOUDFRONT_EDGE_ADDRESS}`, 'X-Forwarded-Port': port, 'X-Forwarded-Proto': 'http' });
    const root = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24})$/.exec(headers['X-Amzn-Trace-Id']!)![1];
    expect(lambda).toMatch(new RegExp(`^Root=${root};Parent=[0-9a-f]{16};Sampled=0$`));
  });

  // A REST API's URL quota is 8192 characters (edge-optimized, the default); AWS's answer past it is undocumented.
  it('serves a URL over a REST API\'s 8192 characters, and warns that AWS would refuse it', async () => {
    const id = 'x'.repeat(9000);
    const res = await fetch(`${url('Api')}/items/${id}?q=1`);
    expect([res.status, await res.text()]).toEqual([200, `action ${id}`]);
    expect(events.findLast((e) => e.type === 'request' && e.path === `/items/${id}`)).toMatchObject({
      status: 200,
      warning: "the URL's path and query are 9011 characters, over the 8192 an edge-optimized REST API takes (a regional API takes 10240): AWS refuses this request",
    });
  });

  it('answers an unknown route with 403 Missing Authentication Token', async () => {
    const res = await text(await fetch(`${url('Api')}/nothing/here`));
    expect(res.status).toBe(403);
    expect(res.body).toBe('{"message":"Missing Authentication Token"}');
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  });

  // sam local start-api serves every API on one port: a SAM user's request for the HTTP API's route went to the
  // REST API's port, and its 403 said only "no route".
  it("says on an unknown route's log line which other endpoint has the route, at its URL", async () => {
    expect((await fetch(`${url('Api')}/h/guestbook`)).status).toBe(403);
    expect((await fetch(`${url('ServerlessHttpApi')}/items/7`)).status).toBe(404);
    expect((await fetch(`${url('Api')}/nowhere`)).status).toBe(403);
    const reasons = events.flatMap((e) => (e.type === 'request' && ['/h/guestbook', '/items/7', '/nowhere'].includes(e.path) ? [[e.path, e.reason]] : []));
    expect(reasons).toEqual([
      ['/h/guestbook', `no route; GET /h/guestbook is a route of HTTP API ServerlessHttpApi, served on its own port: ${url('ServerlessHttpApi')}/h/guestbook`],
      ['/items/7', `no route; GET /items/7 is a route of REST API Api, served on its own port: ${url('Api')}/items/7`],
      ['/nowhere', 'no route'],
    ]);
  });

  it.each([
    ['raise', 'the function failed: ValueError: handler failed'],
    ['garbage', 'the result is not a JSON object'],
    ['badbody', 'body is not a string: serialise it, e.g. with json.dumps'],
    ['crash', 'the function failed: Runtime exited with error: exit status 1'],
    ['multi', 'the result has a key the gateway does not know: statusDescription'],
  ])('answers a function that fails (%s) with 502, and says why on the request\'s log line', async (action, reason) => {
    const res = await text(await fetch(`${url('Api')}/b/${action}`));
    expect(res.status).toBe(502);
    expect(res.body).toBe('{"message": "Internal server error"}');
    expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
    const logged = events.filter((e) => e.type === 'request' && e.path === `/b/${action}`);
    expect(logged).toMatchObject([{ status: 502, reason }]);
  });

  it('merges headers and multiValueHeaders: a name in both gets the values of both', async () => {
    const res = await fetch(`${url('Api')}/b/restmulti`);
    expect(res.status).toBe(201);
    expect(res.headers.get('x-one')).toBe('h');
    expect(res.headers.get('x-both')).toBe('m1, m2, single');
    expect(res.headers.getSetCookie()).toEqual(['c=1', 'd=2']);
  });

  it('decodes a base64 body when the client accepts the binary media type', async () => {
    const png = await fetch(`${url('Api')}/b/png`, { headers: { Accept: 'image/png' } });
    expect(Buffer.from(await png.arrayBuffer())).toEqual(Buffer.from('\x89PNG\r\n\x1a\nfake', 'latin1'));
    const asText = await fetch(`${url('Api')}/b/png`, { headers: { Accept: 'application/json' } });
    expect(await asText.text()).toBe(Buffer.from('\x89PNG\r\n\x1a\nfake', 'latin1').toString('base64'));
  });

  it('answers the CORS preflight from the API settings', async () => {
    const res = await fetch(`${url('Api')}/items/1`, { method: 'OPTIONS', headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  // SAM adds an OPTIONS method to every path of an API with Cors, and a resource's own method wins over
  // ANY: the preflight of an ANY route is the mock's, not the function's.
  it('answers the CORS preflight of an ANY route itself, without calling the function', async () => {
    const before = events.filter((e) => e.type === 'log').length;
    const res = await fetch(`${url('Api')}/b/x/echo`, { method: 'OPTIONS', headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'PUT' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT');
    expect(events.filter((e) => e.type === 'log').length).toBe(before);
    expect(events.findLast((e) => e.type === 'request')).toMatchObject({ method: 'OPTIONS', path: '/b/x/echo', status: 200, reason: 'CORS preflight' });
  });

  it('answers 504 when the integration times out (API Gateway gives up at 29 s)', async () => {
    // This session shortens the integration timeout to 1.5 s; the function's own is 2 s.
    const res = await text(await fetch(`${url('Api')}/items/hang`));
    expect(res.status).toBe(504);
    expect(res.body).toBe('{"message": "Endpoint request timed out"}');
  });
});

describe('HTTP API', () => {
  it('delivers a payload 2.0 event', async () => {
    const res = await fetch(`${url('ServerlessHttpApi')}/h/x/echo?q=1&q=2`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json', cookie: 'a=1; b=2' } });
    const event = await json(res);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /h/{proxy+}',
      rawPath: '/h/x/echo',
      rawQueryString: 'q=1&q=2',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { q: '1,2' },
      pathParameters: { proxy: 'x/echo' },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/h/x/echo' }, routeKey: 'ANY /h/{proxy+}', stage: '$default' },
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  // PayloadFormatVersion 1.0 on a route: the REST-shaped event, and no response inference.
  it('delivers a payload 1.0 event on a route that asks for it, and reads its result as 1.0', async () => {
    const res = await fetch(`${url('ServerlessHttpApi')}/v1/x/echo?q=1&q=2`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json', 'X-Thing': 'yes' } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      version: '1.0',
      resource: '/v1/{proxy+}',
      path: '/v1/x/echo',
      httpMethod: 'POST',
      // Header names as the client sent them (fetch sends X-Thing as given).
      headers: { 'X-Thing': 'yes', 'content-type': 'application/json' },
      queryStringParameters: { q: '2' },
      multiValueQueryStringParameters: { q: ['1', '2'] },
      pathParameters: { proxy: 'x/echo' },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: { resourcePath: '/v1/{proxy+}', httpMethod: 'POST', path: '/v1/x/echo', stage: '$default', resourceId: 'ANY /v1/{proxy+}' },
    });
    const nostatus = await text(await fetch(`${url('ServerlessHttpApi')}/v1/nostatus`));
    expect(nostatus).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    const line = events.find((e) => e.type === 'request' && e.path === '/v1/nostatus');
    expect(line).toMatchObject({ status: 500, reason: 'statusCode is missing or not an HTTP status code (an integer from 200 to 599)' });
  });

  // A client may send the absolute form (`GET http://host/path`): the path is what is routed, never the URL.
  it('routes an absolute-form request target by its path, and answers a target that is no path with 400', async () => {
    const raw = (line: string) => new Promise<string>((resolve, reject) => {
      const { port } = new URL(url('ServerlessHttpApi'));
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`));
      let out = '';
      socket.on('data', (d: Buffer) => (out += d.toString()));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    const echoed = await raw('GET http://evil.example/h/x/echo?q=1 HTTP/1.1');
    expect(echoed).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(echoed.slice(echoed.indexOf('\r\n\r\n') + 4))).toMatchObject({ rawPath: '/h/x/echo', rawQueryString: 'q=1' });
    expect(await raw('OPTIONS * HTTP/1.1')).toMatch(/^HTTP\/1\.1 400 /);
  });

  // API Gateway refuses more than 10240 bytes of request line and header values; a local server takes more.
  it('serves a request with headers over 10240 bytes (up to 64 KB), and warns that AWS would refuse it', async () => {
    const res = await fetch(`${url('ServerlessHttpApi')}/h/big-headers`, { headers: { cookie: `session=${'a'.repeat(20_000)}` } });
    expect(res.status).toBe(200);
    const line = events.findLast((e) => e.type === 'request' && e.path === '/h/big-headers');
    expect(line).toMatchObject({ status: 200, warning: expect.stringMatching(/^the request line and header values are \d+ bytes, over API Gateway's 10240: AWS refuses this request$/) as unknown });
  });

  // An HTTP API counts its request line in its 10240 bytes: a 9000-character path with small headers is within them.
  it('serves a 9000-character path without a warning', async () => {
    const path = `/h/${'x'.repeat(9000)}`;
    expect((await fetch(`${url('ServerlessHttpApi')}${path}`)).status).toBe(200);
    const line = events.findLast((e) => e.type === 'request' && e.path === path);
    expect(line).toMatchObject({ status: 200 });
    expect(line).not.toHaveProperty('warning');
  });

  it('answers headers past 64 KB with 431, and says so on a request line', async () => {
    const res = await fetch(`${url('ServerlessHttpApi')}/h/huge-headers`, { headers: { cookie: `session=${'a'.repeat(70_000)}` } });
    expect(res.status).toBe(431);
    expect(events.findLast((e) => e.type === 'request')).toMatchObject({ status: 431, reason: 'the request headers are over the 64 KB pylambda reads' });
  });

  it('answers an unknown route with 404 and a failing function with 500', async () => {
    expect(await text(await fetch(`${url('ServerlessHttpApi')}/other`))).toMatchObject({ status: 404, body: '{"message":"Not Found"}' });
    expect(await text(await fetch(`${url('ServerlessHttpApi')}/h/raise`))).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
  });

  it('infers a response when the function returns no statusCode', async () => {
    const res = await text(await fetch(`${url('ServerlessHttpApi')}/h/nostatus`));
    expect(res).toMatchObject({ status: 200, body: '{"just": "data"}' });
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it('sends each cookie as its own Set-Cookie', async () => {
    const res = await fetch(`${url('ServerlessHttpApi')}/h/cookies`);
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('answers 503 when the integration times out (HTTP APIs give up at 30 s)', async () => {
    expect(await text(await fetch(`${url('ServerlessHttpApi')}/h/hang`))).toMatchObject({ status: 503, body: '{"message":"Service Unavailable"}' });
  });
});

describe('Application Load Balancer', () => {
  it('delivers multi-value headers and takes statusDescription as the reason phrase', async () => {
    const echo = await json(await fetch(`${url('Listener')}/a/echo?x=%20y`));
    expect(echo).toMatchObject({ httpMethod: 'GET', path: '/a/echo', multiValueQueryStringParameters: { x: ['%20y'] }, body: '', isBase64Encoded: false });
    expect(echo.multiValueHeaders.host).toHaveLength(1);
    expect(echo.headers).toBeUndefined();
    const res = await fetch(`${url('Listener')}/a/multi`);
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Created');
    expect(res.headers.get('x-both')).toBe('m1, m2');
  });

  it('answers a failing function with its own 502 page, a response over 1 MB too', async () => {
    // `hang` outlives the function's 2 s timeout: ALB waits for the function, then fails.
    for (const action of ['raise', 'big', 'hang']) {
      const res = await text(await fetch(`${url('Listener')}/a/${action}`));
      expect(res.status).toBe(502);
      expect(res.body).toContain('<center><h1>502 Bad Gateway</h1></center>');
      expect(res.headers.get('server')).toBe('awselb/2.0');
    }
    // Which failure it was, on the request's log line, where it said only "the function failed".
    const reasons = events.flatMap((e) => (e.type === 'request' && ['/a/raise', '/a/big', '/a/hang'].includes(e.path) ? [[e.path, e.reason]] : []));
    expect(reasons).toEqual([
      ['/a/raise', 'the function failed: ValueError: handler failed'],
      ['/a/big', 'the result is 2097183 bytes, over the limit of 1048576'],
      ['/a/hang', 'the function failed: Task timed out after 2.00 seconds'],
    ]);
  });

  it('refuses a request body over 1 MB with 413', async () => {
    const res = await fetch(`${url('Listener')}/a/echo`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });

  it('answers a path no rule matches with the listener\'s default action (a fixed 404)', async () => {
    const res = await fetch(`${url('Listener')}/elsewhere`);
    expect([res.status, res.headers.get('server'), await res.text()]).toEqual([404, 'awselb/2.0', '']);
  });

  it('answers a fixed-response or redirect rule itself, before any lower rule\'s function', async () => {
    const teapot = await fetch(`${url('Listener')}/a/teapot`);
    expect([teapot.status, teapot.headers.get('content-type'), await teapot.text()]).toEqual([418, 'text/plain', 'teapot']);
    const moved = await fetch(`${url('Listener')}/a/old?x=1`, { redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([301, 'https://127.0.0.1:443/a/new?x=1']);
  });
});

describe('function URL', () => {
  it('sends every path to its function', async () => {
    const event = await json(await fetch(`${url('UrlFunctionUrl')}/any/path/echo`));
    expect(event).toMatchObject({ version: '2.0', rawPath: '/any/path/echo', routeKey: '$default', requestContext: { accountId: 'anonymous' } });
    expect(event.requestContext.domainName).toMatch(/^[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws$/);
  });
});

/** One request over a raw socket, and the response's bytes as sent (Connection: close). */
function rawRequest(base: string, path: string, headers: Record<string, string> = {}): Promise<Buffer> {
  const { port } = new URL(base);
  const head = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'utf8');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

describe('text past ASCII, control characters and statuses without a body, on every gateway', () => {
  const bases = () => [
    ['REST', `${url('Api')}/items`],
    ['HTTP API', `${url('ServerlessHttpApi')}/h`],
    ['ALB', `${url('Listener')}/a`],
    ['function URL', url('UrlFunctionUrl')],
  ] as const;

  it('sends header values past ASCII as their UTF-8 bytes, and gives the function request headers as the text sent', async () => {
    for (const [name, base] of bases()) {
      const raw = await rawRequest(base, `${new URL(base).pathname.replace(/\/$/, '')}/unicode`, { 'X-U': 'café ✓' });
      const text = raw.toString('utf8');
      expect([name, text]).toEqual([name, expect.stringContaining('content-disposition: attachment; filename="日本.pdf"\r\n')]);
      expect(text).toContain('x-latin: café\r\n');
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({ 'x-u': 'café ✓' });
    }
    // ALB sends statusDescription as the reason phrase, in UTF-8 too.
    const alb = (await rawRequest(url('Listener'), '/a/unicode')).toString('utf8');
    expect(alb.slice(0, alb.indexOf('\r\n'))).toBe('HTTP/1.1 200 ✓ fine');
  });

  it('answers a header with a control character, or a 1xx status, as a malformed result; the server stays up', async () => {
    const expected = { REST: 502, 'HTTP API': 500, ALB: 502, 'function URL': 502 };
    for (const [name, base] of bases()) {
      const control = await fetch(`${base}/control`);
      const interim = await fetch(`${base}/interim`);
      expect([name, control.status, interim.status]).toEqual([name, expected[name], expected[name]]);
    }
    expect((await fetch(`${url('Api')}/items/ok`)).status).toBe(200);
  });

  it('sends a 204 without the body the function returned, and without Content-Length', async () => {
    for (const [name, base] of bases()) {
      const text = (await rawRequest(base, `${new URL(base).pathname.replace(/\/$/, '')}/nocontent`)).toString('utf8');
      expect([name, text.slice(0, 25)]).toEqual([name, 'HTTP/1.1 204 No Content\r\n']);
      expect(text.toLowerCase()).not.toContain('content-length');
      expect(text.endsWith('\r\n\r\n')).toBe(true);
    }
  });
});

describe('resilience', () => {
  it('keeps serving after crashes and hangs, with no request left hanging', async () => {
    // `leak` takes 400 MB of a 256 MB function: the environment is killed as Lambda's OOM killer would.
    const results = await Promise.all(['crash', 'hang', 'raise', 'leak', 'echo'].map((a) => fetch(`${url('ServerlessHttpApi')}/h/${a}`).then((r) => r.status)));
    expect(results).toEqual([500, 503, 500, 500, 200]);
    expect((await fetch(`${url('Api')}/items/ok`)).status).toBe(200);
  });
});
