import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { devForFile, eventually, FIXTURES, requestLine, runtimesOf, waitUntil } from '../helpers.js';

/** Odd and hostile HTTP clients against every front door, over raw sockets: each gets a clear answer and dev goes on. */
const dev = devForFile(`${FIXTURES}projects/gateways`);
const prefix: Record<string, string> = { Api: '/b', ServerlessHttpApi: '/h', Listener: '/a', UrlFunctionUrl: '/u' };

/**
 * Writes `parts` `gapMs` apart, then waits for the server to close; resolves with what it sent ('<open>' appended if
 * it had not closed `ms` after the last part: counted from there, as a loaded machine stretches the gaps).
 */
function exchange(base: string, parts: readonly string[], { gapMs = 0, ms = 5000, closeAfterMs }: { gapMs?: number; ms?: number; closeAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => { clearTimeout(timer); resolve(out); });
    socket.on('error', () => undefined);
    let i = 0;
    const next = (): void => {
      if (socket.destroyed || i >= parts.length) return;
      socket.write(parts[i++]!);
      if (i < parts.length) setTimeout(next, gapMs);
      else timer = setTimeout(() => { socket.destroy(); resolve(`${out}<open>`); }, ms);
    };
    socket.on('connect', () => {
      next();
      if (closeAfterMs !== undefined) setTimeout(() => socket.destroy(), closeAfterMs);
    });
  });
}

const statuses = (answer: string) => [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);
const ALB_400_PAGE = '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n</body>\r\n</html>\r\n';

async function stillServes(): Promise<void> {
  const res = await fetch(`${dev.url('ServerlessHttpApi')}/h/nap`);
  expect([res.status, await res.text()]).toEqual([200, 'rested']);
}

describe('Expect: 100-continue', () => {
  // The REST capture (koki-develop/lgtm-generator#10, in gateway-errors.ts) answers from the length alone; the others'
  // limits are in LAMBDA-FACTS (ALB 1 MB, API Gateway 10 MB, a function URL's event 6 MB). Before, dev sent
  // 100 Continue whatever the length, and the client sent a body only to be refused after it.
  it.each([
    ['Api', 10_485_761, 'text; charset=utf-8', 'HTTP content length exceeded 10485760 bytes.'],
    ['ServerlessHttpApi', 10_485_761, 'application/json', '{"message":"Request Entity Too Large"}'],
    ['Listener', 1_048_577, 'text/html', /<title>413 Request Entity Too Large<\/title>/],
    ['UrlFunctionUrl', 6_291_457, 'application/json', '{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}'],
  ])('%s: a Content-Length over the limit gets 413 before any body, and no 100', async (id, length, type, body) => {
    const answer = await exchange(dev.url(id), [`POST ${prefix[id]}/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: ${length}\r\n\r\n`], { ms: 3000 });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).not.toMatch(/100 Continue/);
    expect(answer.toLowerCase()).toContain(`content-type: ${type}\r\n`);
    expect(answer).toMatch(/\r\nConnection: close\r\n/);
    expect(bodyOf(answer)).toMatch(body);
    // The edge-optimized REST API's answer passes its CloudFront distribution, which marks it an error; no other has one.
    expect(/\r\nX-Cache: Error from cloudfront\r\n[\s\S]*\r\nX-Amz-Cf-Pop: /.test(answer)).toBe(id === 'Api');
    expect(await requestLine(dev.events, `${prefix[id]}/echo`)).toMatchObject({ status: 413, reason: expect.stringMatching(/^request too large: Content-Length \d+, refused before its body/) as unknown });
    await stillServes();
  });

  it('a body under the limit: 100 Continue, then the function\'s answer', async () => {
    const answer = await exchange(dev.url('ServerlessHttpApi'), ['POST /h/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n', 'hello'], { gapMs: 100 });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(JSON.parse(bodyOf(answer.slice(answer.indexOf('HTTP/1.1 200'))))).toMatchObject({ body: 'aGVsbG8=', isBase64Encoded: true });
  });
});

describe('a chunked body over the limit', () => {
  // No length to refuse it by: the body is read (up to the limit) and the load balancer's 1 MB limit answers.
  it('ALB: 413 with its page, and dev goes on', async () => {
    const chunk = 'a'.repeat(64 * 1024);
    const body = `${`${(64 * 1024).toString(16)}\r\n${chunk}\r\n`.repeat(17)}0\r\n\r\n`;
    const answer = await exchange(dev.url('Listener'), [`POST /a/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body}`]);
    expect(statuses(answer)).toEqual([413]);
    expect(bodyOf(answer)).toMatch(/<title>413 Request Entity Too Large<\/title>/);
    await stillServes();
  });
});

describe('framing a parser must refuse', () => {
  // Request smuggling guards (RFC 9112 6.3): the real answer is not captured; dev says 400 and closes.
  it.each([
    ['two Content-Lengths that disagree', 'POST /h/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
    ['an HTTP/2 prior-knowledge preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['non-ASCII bytes in the path', 'GET /h/\xe9 HTTP/1.1\r\nHost: x\r\n\r\n'],
  ])('%s: 400, closed', async (_what, bytes) => {
    expect(await exchange(dev.url('ServerlessHttpApi'), [bytes])).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    await stillServes();
  });

  it('headers past 64 KB and a 100 KB URL: 431, closed (API Gateway\'s own limit is 10 KB; the real answer past it is not captured)', async () => {
    for (const bytes of [`GET /h/echo HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`, `GET /h/${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`]) {
      expect(await exchange(dev.url('ServerlessHttpApi'), [bytes])).toBe('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
    await stillServes();
  });
});

describe('odd but valid requests', () => {
  it('three pipelined requests in one write: three answers, in order', async () => {
    const answer = await exchange(dev.url('ServerlessHttpApi'), ['GET /h/nap HTTP/1.1\r\nHost: x\r\n\r\nGET /h/echo HTTP/1.1\r\nHost: x\r\n\r\nGET /h/nap HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(statuses(answer)).toEqual([200, 200, 200]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*?\r\n\r\nrestedHTTP\/1\.1 200 OK\r\n[\s\S]*"rawPath": "\/h\/echo"[\s\S]*\r\n\r\nrested$/);
  });

  it('HTTP/1.0: closed after the answer, kept open with keep-alive', async () => {
    const closed = await exchange(dev.url('ServerlessHttpApi'), ['GET /h/nap HTTP/1.0\r\n\r\n']);
    expect(closed).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\nConnection: close\r\n\r\nrested$/);
    // The nap takes 0.5 s: time for its answer on a loaded machine, and the connection is open after it.
    const kept = await exchange(dev.url('ServerlessHttpApi'), ['GET /h/nap HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], { ms: 3000 });
    expect(kept).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\nConnection: keep-alive\r\n[\s\S]*\r\n\r\nrested<open>$/);
  });

  it('200 headers and an absolute-form target reach the function', async () => {
    const many = await exchange(dev.url('ServerlessHttpApi'), [`GET /h/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${Array.from({ length: 200 }, (_, i) => `X-H${i}: v${i}\r\n`).join('')}\r\n`]);
    expect(JSON.parse(bodyOf(many)).headers['x-h199']).toBe('v199');
    const absolute = await exchange(dev.url('ServerlessHttpApi'), ['GET http://example.com/h/echo?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(JSON.parse(bodyOf(absolute))).toMatchObject({ rawPath: '/h/echo', rawQueryString: 'q=1' });
  });

  it('headers dribbled a byte every 100 ms: answered once complete', async () => {
    const answer = await exchange(dev.url('ServerlessHttpApi'), [...'GET /h/nap HTTP/1.1\r\nHost:x\r\n\r\n'], { gapMs: 100, ms: 3000 });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nrested<open>$/);
  });

  it('a CORS preflight the edge-optimized REST API answers itself passes its CloudFront too: a Miss; the HTTP API\'s has none', async () => {
    const preflight = (id: string) => fetch(`${dev.url(id)}${prefix[id]}/echo`, { method: 'OPTIONS', headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'POST' } });
    const rest = await preflight('Api');
    expect([rest.status, rest.headers.get('x-cache'), rest.headers.get('x-amz-cf-pop'), rest.headers.get('access-control-allow-origin')]).toEqual([200, 'Miss from cloudfront', 'IAD89-C1', 'https://example.com']);
    expect(rest.headers.get('via')).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect((await preflight('ServerlessHttpApi')).headers.get('x-cache')).toBeNull();
  });

  // Node's parser knows PROPFIND, so it reaches routing: ANY routes take it on the HTTP API, ALB and function URL
  // (what those answer on AWS is not captured); the edge-optimized REST API's CloudFront refuses it with its 400 page
  // (cloudfront-errors.ts). FOO is no method Node's parser knows: its 400, CloudFront's page in front of the
  // edge-optimized API (dev-edge-cloudfront-answers; dev-request-edges logs it).
  it.each(Object.keys(prefix))('%s: PROPFIND reaches an ANY route but a REST API\'s; FOO is a 400', async (id) => {
    const propfind = await exchange(dev.url(id), [`PROPFIND ${prefix[id]}/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
    expect(statuses(propfind)).toEqual([id === 'Api' ? 400 : 200]);
    expect(bodyOf(propfind)).toContain(id === 'Api' ? '<H1>400 ERROR</H1>' : 'PROPFIND');
    const foo = await exchange(dev.url(id), [`FOO ${prefix[id]}/echo HTTP/1.1\r\nHost: x\r\n\r\n`]);
    if (id === 'Api') expect([statuses(foo), bodyOf(foo)]).toEqual([[400], expect.stringContaining('<H1>400 ERROR</H1>')]);
    // A load balancer takes any method (ELB's troubleshooting guide): what dev cannot parse gets its 400 page (alb-refusals.ts).
    else if (id === 'Listener') expect([statuses(foo), bodyOf(foo)]).toEqual([[400], ALB_400_PAGE]);
    else expect(foo).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
});

describe('clients that go away', () => {
  it('mid-body and mid-invocation: the invocation finishes, its environment is reused, nothing is left', async () => {
    await stillServes();
    const before = runtimesOf(process.pid).length;
    const naps = () => dev.events.filter((e) => e.type === 'request' && e.path === '/h/nap');
    const napped = naps().length;
    expect(await exchange(dev.url('ServerlessHttpApi'), ['POST /h/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789'], { closeAfterMs: 100 })).toBe('');
    expect(await exchange(dev.url('ServerlessHttpApi'), ['GET /h/nap HTTP/1.1\r\nHost: x\r\n\r\n'], { closeAfterMs: 100 })).toBe('');
    // The abandoned nap's own line (an earlier nap's was there already): its environment is free again, for the next.
    expect(await eventually(() => naps()[napped])).toMatchObject({ path: '/h/nap' });
    await stillServes();
    expect(await waitUntil(() => runtimesOf(process.pid).length === before, 5000)).toBe(true);
  });
});
