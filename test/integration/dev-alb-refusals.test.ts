import { describe, expect, it } from 'vitest';
import { devForFile, FIXTURES, rawExchange, requestLine } from '../helpers.js';

/**
 * What an Application Load Balancer answers itself (core/events/http/alb-refusals.ts, after ELB's "Troubleshoot your
 * Application Load Balancers"): its pages for TRACE, a Transfer-Encoding it does not take, a header or request line
 * over 16K, and what dev's parser cannot read. Found by hand, 2026-11: these were Node's bare answers, or reached the
 * function.
 */

const dev = devForFile(`${FIXTURES}projects/gateways`);
const alb = () => dev.url('Listener');

const page = (status: string) => `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n</body>\r\n</html>\r\n`;

/** The status line, the headers but Date, and the body of a raw answer. */
function parsed(answer: string) {
  const [head, ...body] = answer.split('\r\n\r\n');
  const [status, ...headers] = head!.split('\r\n');
  return { status, headers: headers.filter((h) => !h.startsWith('Date: ')), body: body.join('\r\n\r\n') };
}

describe('a load balancer\'s own answers', () => {
  it('TRACE: 405, without invoking the function', async () => {
    const answer = await rawExchange(alb(), 'TRACE /a/trace HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(parsed(answer)).toEqual({
      status: 'HTTP/1.1 405 Method Not Allowed',
      headers: ['Server: awselb/2.0', 'Content-Type: text/html', 'Content-Length: 122', 'Connection: close'],
      body: page('405 Not Allowed'),
    });
    expect(await requestLine(dev.events, '/a/trace')).toMatchObject({ method: 'TRACE', status: 405, reason: 'a load balancer does not take TRACE (405)' });
    expect((await requestLine(dev.events, '/a/trace')).functionId).toBeUndefined();
  });

  it('a Transfer-Encoding coding other than chunked and identity: 501, whether Node reads the request or not', async () => {
    for (const [path, coding] of [['/a/te-read', 'gzip, chunked'], ['/a/te-refused', 'gzip']] as const) {
      const answer = await rawExchange(alb(), `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ${coding}\r\n\r\n0\r\n\r\n`);
      expect(parsed(answer), coding).toEqual({
        status: 'HTTP/1.1 501 Not Implemented',
        headers: expect.arrayContaining(['Server: awselb/2.0', 'Content-Type: text/html', 'Content-Length: 130', 'Connection: close']),
        body: page('501 Not Implemented'),
      });
      expect(await requestLine(dev.events, path), coding).toMatchObject({ status: 501 });
    }
  });

  it('an X-Forwarded-For of more than 30 addresses: 463, without invoking the function', async () => {
    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}`).join(', ');
    const answer = await rawExchange(alb(), `GET /a/xff HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${addresses(31)}\r\nConnection: close\r\n\r\n`);
    expect(parsed(answer)).toEqual({
      status: 'HTTP/1.1 463 ',
      headers: ['Server: awselb/2.0', 'Content-Type: text/html', 'Content-Length: 98', 'Connection: close'],
      body: page('463'),
    });
    expect(await requestLine(dev.events, '/a/xff')).toMatchObject({ status: 463, reason: 'X-Forwarded-For holds 31 addresses, over the 30 a load balancer takes (463)' });
    expect((await requestLine(dev.events, '/a/xff')).functionId).toBeUndefined();
    // 30 are routed, and the function sees the caller's address appended.
    expect(parsed(await rawExchange(alb(), `GET /a/xff30 HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${addresses(30)}\r\nConnection: close\r\n\r\n`)).status).toBe('HTTP/1.1 200 OK');
  });

  it('a header line or a request line over 16K: its 400 page, and the connection ends', async () => {
    const header = await rawExchange(alb(), `GET /a/big-header HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(16 * 1024 - 'X-Big: '.length + 1)}\r\n\r\n`);
    expect(parsed(header)).toEqual({
      status: 'HTTP/1.1 400 Bad Request',
      headers: ['Server: awselb/2.0', 'Content-Type: text/html', 'Content-Length: 122', 'Connection: close'],
      body: page('400 Bad Request'),
    });
    expect(await requestLine(dev.events, '/a/big-header')).toMatchObject({ status: 400, reason: 'the X-Big header is over the 16384 bytes a load balancer reads in one header line' });
    // 16384 bytes exactly pass: the line is `GET <target> HTTP/1.1`.
    const path = `/a/${'p'.repeat(16 * 1024 - 'GET /a/ HTTP/1.1'.length)}`;
    expect(parsed(await rawExchange(alb(), `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status).toBe('HTTP/1.1 200 OK');
    expect(parsed(await rawExchange(alb(), `GET ${path}q HTTP/1.1\r\nHost: x\r\n\r\n`)).status).toBe('HTTP/1.1 400 Bad Request');
  });

  it('what the parser cannot read, and an HTTP/1.1 request without Host: its 400 page', async () => {
    for (const bytes of ['get /a/lower HTTP/1.1\r\nHost: x\r\n\r\n', 'POST /a/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'GET /a/nohost HTTP/1.1\r\n\r\n', `GET /a/huge HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`]) {
      const answer = parsed(await rawExchange(alb(), bytes));
      expect([answer.status, answer.body], bytes.slice(0, 30)).toEqual(['HTTP/1.1 400 Bad Request', page('400 Bad Request')]);
      expect(answer.headers, bytes.slice(0, 30)).toEqual(expect.arrayContaining(['Server: awselb/2.0', 'Connection: close']));
    }
    // Headers past the 64 KB of ALB's limit, as the line says (the parser stopped before the request line was kept).
    expect(dev.events.findLast((e) => e.type === 'request' && e.status === 400 && /64 KB/.test(e.reason ?? ''))).toBeDefined();
  });

  it('an HTTP API still gets Node\'s bare answer', async () => {
    expect(await rawExchange(dev.url('ServerlessHttpApi'), 'get /h/lower HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    const trace = parsed(await rawExchange(dev.url('ServerlessHttpApi'), 'TRACE /h/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    expect(trace.headers).not.toContain('Server: awselb/2.0');
  });
});
