import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDFRONT_POP } from '../../src/core/events/http/cloudfront.js';
import { cloudFrontPage } from '../cloudfront-page.js';
import { fnTemplate, rawExchange, requestLine, startDev } from '../helpers.js';

/**
 * What an edge-optimized REST API's CloudFront distribution answers by itself, over a real dev server and raw sockets:
 * a method outside the seven it knows (400, lovemewithoutall.github.io, 2021), a GET with a body (403, CloudFront
 * Developer Guide), and what Node's parser refuses before the handler (CloudFront's 400; its 413 for a request over
 * its 20,480 bytes). A regional API has no distribution: Node's own answers and API Gateway's stay.
 */

let dir: string;
let dev: Awaited<ReturnType<typeof startDev>>;
let edgeUrl: string;
let regionalUrl: string;

beforeAll(async () => {
  // One dev for every case (scratchDir's clean-up is per test).
  dir = mkdtempSync(join(tmpdir(), 'pylambda-edge-answers-'));
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": event["httpMethod"] + " " + str(event["body"])}\n');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    resources: ['Regional:', '  Type: AWS::Serverless::Api', '  Properties: { StageName: prod, EndpointConfiguration: REGIONAL }'],
    events: [
      'Edge: { Type: Api, Properties: { Path: /h, Method: get } }', 'EdgeAny: { Type: Api, Properties: { Path: /any, Method: any } }',
      'Reg: { Type: Api, Properties: { Path: /h, Method: get, RestApiId: !Ref Regional } }',
    ],
  }));
  // A short time to receive a request, for the 408 (every other request here arrives in one write).
  dev = await startDev(dir, { receiveTimeoutMs: 1000 });
  edgeUrl = dev.url('ServerlessRestApi');
  regionalUrl = dev.url('Regional');
});
afterAll(async () => {
  await dev?.session.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  readonly status: string;
  readonly headers: Array<[string, string]>;
  readonly body: string;
}

/** A raw answer's status line, headers in order, and body. */
function parse(raw: string): Answer {
  const end = raw.indexOf('\r\n\r\n');
  const [status = '', ...lines] = raw.slice(0, end).split('\r\n');
  return { status, headers: lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]), body: raw.slice(end + 4) };
}


const VIA = /^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/;
const CF_ID = /^[A-Za-z0-9_-]{54}==$/;
const DATE = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Checks a CloudFront answer: its status line, every header in order, and its page, whose Request ID is the X-Amz-Cf-Id. */
function expectCloudFront(raw: string, statusLine: string, status: number, headerNames: string[]): void {
  const answer = parse(raw);
  expect(answer.status).toBe(statusLine);
  expect(answer.headers.map(([name]) => name)).toEqual(headerNames);
  const header = Object.fromEntries(answer.headers);
  expect(header).toMatchObject({ Server: 'CloudFront', 'Content-Type': 'text/html', 'X-Cache': 'Error from cloudfront', 'X-Amz-Cf-Pop': CLOUDFRONT_POP, Connection: 'close' });
  expect([header.Via, header['X-Amz-Cf-Id'], header.Date]).toEqual([expect.stringMatching(VIA), expect.stringMatching(CF_ID), expect.stringMatching(DATE)]);
  expect(answer.body).toBe(cloudFrontPage(status, header['X-Amz-Cf-Id']!));
  expect(header['Content-Length']).toBe(String(Buffer.byteLength(answer.body)));
}

/** The headers of CloudFront's answer as dev's handler sends it (Node adds Date and Connection). */
const HANDLER_HEADERS = ['Server', 'Content-Type', 'X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id', 'Content-Length', 'Date', 'Connection'];
/** The same, when dev closes the connection after it. */
const CLOSING_HANDLER_HEADERS = ['Server', 'Content-Type', 'X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id', 'Content-Length', 'Connection', 'Date'];
/** The headers of CloudFront's answer to what Node's parser refused, written before there is a request. */
const PARSER_HEADERS = ['Server', 'Content-Type', 'X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id', 'Date', 'Content-Length', 'Connection'];

describe('methods outside the seven CloudFront knows', () => {
  it('PROPFIND (which Node knows) gets CloudFront\'s 400 page on the edge-optimized API, not its 403 (Invalid method)', async () => {
    const raw = await rawExchange(edgeUrl, 'PROPFIND /any HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expectCloudFront(raw, 'HTTP/1.1 400 Bad Request', 400, HANDLER_HEADERS);
    expect(await requestLine(dev.events, '/any')).toMatchObject({ method: 'PROPFIND', status: 400, endpointId: 'ServerlessRestApi', reason: 'CloudFront refuses the method PROPFIND (400) before an edge-optimized API sees it: it knows GET, HEAD, OPTIONS, PUT, POST, PATCH and DELETE only' });
  });

  it('a made-up FOO (which Node refuses before the handler) gets the same page, and its line', async () => {
    const raw = await rawExchange(edgeUrl, 'FOO /foo HTTP/1.1\r\nHost: x\r\n\r\n');
    expectCloudFront(raw, 'HTTP/1.1 400 Bad Request', 400, PARSER_HEADERS);
    expect(await requestLine(dev.events, '/foo')).toMatchObject({ method: 'FOO', status: 400, endpointId: 'ServerlessRestApi', reason: "malformed request: method 'FOO' is not one Node's HTTP parser knows" });
  });

  it('the regional API: API Gateway\'s own 403 for PROPFIND, and Node\'s bare 400 for FOO, as before', async () => {
    const propfind = parse(await rawExchange(regionalUrl, 'PROPFIND /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    expect([propfind.status, propfind.body]).toEqual(['HTTP/1.1 403 Forbidden', '{"message":"Missing Authentication Token"}']);
    expect(propfind.headers.map(([name]) => name)).not.toContain('X-Cache');
    expect(await rawExchange(regionalUrl, 'FOO /h HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
});

describe('what Node\'s parser refuses, on the edge-optimized API', () => {
  it.each<[string, string, string, number]>([
    ['a lower-case method', 'get /lower HTTP/1.1\r\nHost: x\r\n\r\n', 'HTTP/1.1 400 Bad Request', 400],
    ['Content-Length with Transfer-Encoding', 'POST /framing HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'HTTP/1.1 400 Bad Request', 400],
    // CloudFront guide: a request over 20,480 bytes gets 413 and the connection ends.
    ['headers past 64 KB: CloudFront\'s 413', `GET /big HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(70_000)}\r\n\r\n`, 'HTTP/1.1 413 Payload Too Large', 413],
    ['a proxy tunnel (CONNECT)', 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 'HTTP/1.1 400 Bad Request', 400],
    // No capture shows CloudFront's own answer to a head that never ends: Node's 408, with CloudFront's page and headers.
    ['a request head that does not arrive in time', 'GET /slow HTTP/1.1\r\nHost: x\r\n', 'HTTP/1.1 408 Request Timeout', 408],
  ])('%s', async (_what, bytes, statusLine, status) => {
    expectCloudFront(await rawExchange(edgeUrl, bytes), statusLine, status, PARSER_HEADERS);
  });

  it('an HTTP/1.1 request without Host, which the handler refuses: CloudFront\'s 400 page; the regional API\'s plain 400 as before', async () => {
    expectCloudFront(await rawExchange(edgeUrl, 'GET /nohost HTTP/1.1\r\n\r\n'), 'HTTP/1.1 400 Bad Request', 400, CLOSING_HANDLER_HEADERS);
    expect(await requestLine(dev.events, '/nohost')).toMatchObject({ status: 400, endpointId: 'ServerlessRestApi', reason: 'an HTTP/1.1 request without a Host header' });
    const regional = parse(await rawExchange(regionalUrl, 'GET /nohost HTTP/1.1\r\n\r\n'));
    expect([regional.status, regional.headers.map(([name]) => name), regional.body]).toEqual(['HTTP/1.1 400 Bad Request', ['content-type', 'Content-Length', 'Connection', 'Date'], 'Bad Request\n']);
  });

  it('an Expect other than 100-continue: Node\'s 417, through CloudFront with its headers', async () => {
    const answer = parse(await rawExchange(edgeUrl, 'GET /h HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n'));
    expect([answer.status, answer.headers.map(([name]) => name), answer.body]).toEqual(['HTTP/1.1 417 Expectation Failed', ['X-Cache', 'Via', 'X-Amz-Cf-Pop', 'X-Amz-Cf-Id', 'Content-Length', 'Connection', 'Date'], '']);
    expect(Object.fromEntries(answer.headers)).toMatchObject({ 'X-Cache': 'Error from cloudfront', 'X-Amz-Cf-Pop': CLOUDFRONT_POP, 'Content-Length': '0', Connection: 'close' });
  });
});

describe('a request over CloudFront\'s 20,480 bytes that Node reads (under its 64 KB)', () => {
  it('gets CloudFront\'s 413 page on the edge-optimized API, and the connection ends; the regional API serves it', async () => {
    const big = `Cookie: ${'a'.repeat(21_000)}\r\n`;
    expectCloudFront(await rawExchange(edgeUrl, `GET /h HTTP/1.1\r\nHost: x\r\n${big}\r\n`), 'HTTP/1.1 413 Payload Too Large', 413, CLOSING_HANDLER_HEADERS);
    expect(await requestLine(dev.events, '/h')).toMatchObject({ status: 413, reason: expect.stringMatching(/^CloudFront refuses a request of 21\d{3} bytes \(path, query string and headers\) over its 20480 \(413\)/) });
    const regional = parse(await rawExchange(regionalUrl, `GET /h HTTP/1.1\r\nHost: x\r\n${big}Connection: close\r\n\r\n`));
    expect(regional.status).toBe('HTTP/1.1 200 OK');
    // Under the limit, with the headers the gateway adds: served.
    const under = parse(await rawExchange(edgeUrl, `GET /h HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(19_000)}\r\nConnection: close\r\n\r\n`));
    expect(under.status).toBe('HTTP/1.1 200 OK');
  });
});

describe('a body with another method than GET is passed on (the guide\'s 403 names GET only)', () => {
  it.each([['HEAD', ''], ['OPTIONS', 'OPTIONS {}'], ['DELETE', 'DELETE {}']])('%s with a body reaches the ANY route\'s function', async (method, body) => {
    const answer = parse(await rawExchange(edgeUrl, `${method} /any HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`));
    expect([answer.status, answer.body]).toEqual(['HTTP/1.1 200 OK', body]);
    expect(Object.fromEntries(answer.headers)).toMatchObject({ 'X-Cache': 'Miss from cloudfront', 'Content-Length': String(method === 'HEAD' ? 'HEAD {}'.length : body.length) });
  });

  it('a GET with a body gets CloudFront\'s 403 page', async () => {
    const raw = await rawExchange(edgeUrl, 'GET /any HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expectCloudFront(raw, 'HTTP/1.1 403 Forbidden', 403, HANDLER_HEADERS);
  });
});
