import { describe, expect, it } from 'vitest';
import { devEventJson, formatDevEvent } from '../../src/ui/dev-output.js';
import { styleFor } from '../../src/ui/io.js';
import { devForFile, FIXTURES, json, rawExchange, requestLine } from '../helpers.js';

/** Requests at the edges of what the gateways take, over real sockets: each gets the real service's answer and its log line. */
const dev = devForFile(`${FIXTURES}projects/gateways`);
const url = (id: string) => dev.url(id);
const logged = (path: string) => requestLine(dev.events, path);

const plain = styleFor({ isTTY: false }, {});

describe('requests Node\'s HTTP parser refuses', () => {
  it.each([
    ['a lower-case method', 'ServerlessHttpApi', 'get /h/lower?q=1 HTTP/1.1\r\nHost: x\r\n\r\n', 'get', '/h/lower', /^get \/h\/lower\?q=1 400 0\.0 ms \(malformed request: method 'get' is not one Node's HTTP parser knows \(methods are case-sensitive: GET\)\)$/],
    ['an unknown method', 'Api', 'FOO /b/foo HTTP/1.1\r\nHost: x\r\n\r\n', 'FOO', '/b/foo', /^FOO \/b\/foo 400 0\.0 ms \(malformed request: method 'FOO' is not one/],
    ['Content-Length and Transfer-Encoding both', 'Listener', 'POST /a/both HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'POST', '/a/both', /^POST \/a\/both 400 0\.0 ms \(malformed request: Transfer-Encoding can't be present with Content-Length/],
  ])('%s: 400, and a line in the human and --json output', async (_what, endpoint, bytes, method, path, human) => {
    const answer = await rawExchange(url(endpoint), bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const line = await logged(path);
    expect(line).toMatchObject({ method, path, status: 400, reason: expect.stringMatching(/^malformed request: /) as unknown });
    expect(formatDevEvent(line, plain, { verbose: false })).toMatch(human);
    expect(JSON.parse(devEventJson(line))).toMatchObject({ type: 'request', endpointId: endpoint, method, path, status: 400 });
    // The server goes on.
    expect((await fetch(`${url('Api')}/items/ok`)).status).toBe(200);
  });

  // Node answered both itself, with no line: the request seemed never to have come.
  it.each([
    ['no Host in HTTP/1.1', 'GET /h/nohost?a=1 HTTP/1.1\r\n\r\n', '/h/nohost', 400, 'an HTTP/1.1 request without a Host header'],
    ['an Expect other than 100-continue', 'GET /h/expect?a=1 HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n', '/h/expect', 417, 'Expect: something, where only 100-continue is known'],
  ])('%s: answered, and a line says why (the query apart, as on every line)', async (_what, bytes, path, status, reason) => {
    const answer = await rawExchange(url('ServerlessHttpApi'), bytes);
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(await logged(path)).toMatchObject({ path, query: 'a=1', status, reason });
  });

  it('a bad chunk in the body of a request already routed: 400, and that request\'s one line says so', async () => {
    const answer = await rawExchange(url('ServerlessHttpApi'), 'POST /h/badchunk HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const line = await logged('/h/badchunk');
    expect(line).toMatchObject({ method: 'POST', status: 400, reason: expect.stringMatching(/^malformed request: .*HPE_INVALID_CHUNK_SIZE/) as unknown });
    expect(dev.events.filter((e) => e.type === 'request' && e.path === '/h/badchunk')).toHaveLength(1);
  });
});

describe('a malformed request pipelined behind one still running', () => {
  // The 400 went out at once, as the first bytes on the connection: the client took it for the first
  // request's answer, the first request was logged 200, and the bad one had no line.
  it('answers the first request, then the 400, in order; each has its own line', async () => {
    const answer = await rawExchange(url('ServerlessHttpApi'), 'GET /h/nap HTTP/1.1\r\nHost: x\r\n\r\nget /h/second HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nrested(HTTP\/1\.1 400 Bad Request\r\n[\s\S]*)$/);
    expect(await logged('/h/nap')).toMatchObject({ method: 'GET', status: 200 });
    expect(await logged('/h/second')).toMatchObject({ method: 'get', status: 400, reason: expect.stringMatching(/^malformed request: /) as unknown });
  });
});

describe('a client that half-closes after its request', () => {
  // Node aborted the request at the client's FIN and closed the connection: the function ran, dev logged
  // 200, and the client got nothing.
  it('gets the answer, then the connection closes', async () => {
    const answer = await rawExchange(url('ServerlessHttpApi'), 'GET /h/nap HTTP/1.1\r\nHost: x\r\n\r\n', { halfClose: true });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nrested$/);
    expect(await logged('/h/nap')).toMatchObject({ method: 'GET', status: 200 });
  });
});

describe('paths and headers as the real gateways hand them over', () => {
  // hotsock/voker vokerhttp/testdata/ingress-paths.json: a deployed HTTP API refused percent%25done with 400, and
  // cut question%3Fvalue at the decoded `?`; its other front doors passed both on as sent.
  it('HTTP API: 400 for a path that does not decode twice, the decoded path cut at ? otherwise', async () => {
    const refused = await fetch(`${url('ServerlessHttpApi')}/h/percent%25done`);
    expect([refused.status, await refused.text()]).toEqual([400, '{"message":"Bad Request"}']);
    expect(await logged('/h/percent%25done')).toMatchObject({ status: 400, reason: expect.stringMatching(/^bad request path/) as unknown });
    const cut = await json(await fetch(`${url('ServerlessHttpApi')}/h/echo%3Fvalue?q=1`));
    expect([cut.rawPath, cut.requestContext.http.path, cut.pathParameters, cut.rawQueryString]).toEqual(['/h/echo', '/h/echo', { proxy: 'echo' }, 'q=1']);
    const rest = await json(await fetch(`${url('Api')}/b/percent%25done/echo`));
    expect([rest.path, rest.pathParameters]).toEqual(['/b/percent%25done/echo', { proxy: 'percent%25done/echo' }]);
  });

  it('REST API: no Content-Length in the event; HTTP API keeps it', async () => {
    const post = { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json' } };
    const rest = await json(await fetch(`${url('Api')}/b/echo`, post));
    expect(Object.keys(rest.headers).map((h: string) => h.toLowerCase())).not.toContain('content-length');
    expect(Object.keys(rest.multiValueHeaders).map((h: string) => h.toLowerCase())).not.toContain('content-length');
    expect(rest.body).toBe('{"n":1}');
    const http = await json(await fetch(`${url('ServerlessHttpApi')}/h/echo`, post));
    expect(http.headers['content-length']).toBe('7');
  });
});
