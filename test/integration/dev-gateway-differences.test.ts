import { describe, expect, it } from 'vitest';
import { devForFile, FIXTURES, json, rawExchange, requestLine } from '../helpers.js';

/**
 * Where pylambda dev's front doors answered otherwise than the deployed services, each row through a real dev server
 * (the rules and their sources are in the codecs' unit tables). The `answer` action returns the result the request's
 * body holds, so a row says what the function returned and what the client got.
 */
const dev = devForFile(`${FIXTURES}projects/gateways`);
const url = (id: string) => dev.url(id);

/** The client's answer to a function returning `result`, through one endpoint's `answer` route. */
async function answered(endpoint: string, path: string, result: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url(endpoint)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(result) });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe('REST API results', () => {
  it('headers and multiValueHeaders both name a header: the client gets both values, in the multi-value spelling', async () => {
    const res = await answered('Api', '/b/merge/answer', { statusCode: 200, headers: { 'test-multi': 'value-solo', 'x-same': 's' }, multiValueHeaders: { 'tesT-Multi': ['value-multi'], 'x-same': ['s'] } });
    expect([res.status, res.headers.get('test-multi'), res.headers.get('x-same')]).toEqual([200, 'value-multi, value-solo', 's']);
  });

  it('a result without a statusCode is a 200 with its headers and body', async () => {
    const res = await answered('Api', '/b/nostatus/answer', { headers: { 'test-header': 'value' } });
    expect([res.status, res.headers.get('test-header'), res.headers.get('content-type'), res.body]).toEqual([200, 'value', 'application/json', '']);
    expect(await requestLine(dev.events, '/b/nostatus/answer')).toMatchObject({ status: 200, functionId: 'RestFunction' });
  });

  it('a base64 body is not decoded for an Accept that only a */test binary media type would cover', async () => {
    const result = { statusCode: 200, headers: { 'content-type': 'random/test' }, body: Buffer.from('bytes').toString('base64'), isBase64Encoded: true };
    expect((await answered('Api', '/b/star/answer', result, { accept: 'random/test' })).body).toBe(Buffer.from('bytes').toString('base64'));
    expect((await answered('Api', '/b/star/answer', result, { accept: 'image/png' })).body).toBe('bytes');
  });
});

describe('REST API events', () => {
  it('leave out Expect, Transfer-Encoding, Connection and the other headers the service keeps from the integration', async () => {
    const body = '{"a":1}';
    const answer = await rawExchange(url('Api'), [
      'POST /b/hop/echo HTTP/1.1', 'Host: x', 'Content-Type: application/json', 'Expect: 100-continue', 'Transfer-Encoding: chunked',
      'TE: trailers', 'Upgrade: h2c', 'Max-Forwards: 2', 'Connection: close', 'Pragma: cache', '', `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    ].join('\r\n'));
    // Node answers the Expect itself first (100 Continue), then the function's answer follows.
    const event = JSON.parse(answer.slice(answer.lastIndexOf('\r\n\r\n') + 4)) as { headers: Record<string, string>; body: string };
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    // This API is edge-optimized: what its CloudFront distribution adds follows (X-Forwarded-For with its address last).
    expect(Object.keys(event.headers)).toEqual([
      'Host', 'Content-Type', 'Pragma', 'X-Amzn-Trace-Id', 'X-Forwarded-Port', 'X-Forwarded-Proto', 'CloudFront-Forwarded-Proto', 'CloudFront-Is-Desktop-Viewer',
      'CloudFront-Is-Mobile-Viewer', 'CloudFront-Is-SmartTV-Viewer', 'CloudFront-Is-Tablet-Viewer', 'CloudFront-Viewer-Country', 'Via', 'X-Amz-Cf-Id', 'X-Forwarded-For',
    ]);
    expect(event.body).toBe(body);
  });

  it.each([
    ['a slash more before the stage reaches the stage', '//test/b/slash/echo', '/b/slash/echo', '/test/b/slash/echo'],
    ['a slash more after the stage: one in path, both in requestContext.path', '/test//b/slash/echo', '/b/slash/echo', '/test//b/slash/echo'],
    ['a slash more, served without the stage', '//b/slash/echo', '/b/slash/echo', '/test//b/slash/echo'],
  ])('%s (%s)', async (_what, sent, path, contextPath) => {
    const event = await json(await fetch(`${url('Api')}${sent}`)) as { path: string; pathParameters: unknown; requestContext: { path: string } };
    expect([event.path, event.requestContext.path, event.pathParameters]).toEqual([path, contextPath, { proxy: 'slash/echo' }]);
  });
});

describe('HTTP API and function URL events', () => {
  /** The event a GET without a body sent with `Connection: close` reaches the function as, through one endpoint. */
  async function eventOf(endpoint: string, path: string): Promise<{ headers: Record<string, string> }> {
    const answer = await rawExchange(url(endpoint), `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { headers: Record<string, string> };
  }

  it('an HTTP API adds content-length 0 to a request without a body, and passes Connection on', async () => {
    expect((await eventOf('ServerlessHttpApi', '/h/length/echo')).headers).toMatchObject({ connection: 'close', 'content-length': '0' });
  });

  it('a function URL keeps Connection from the function, and adds no content-length', async () => {
    const { headers } = await eventOf('UrlFunctionUrl', '/length/echo');
    expect([headers.connection, headers['content-length'], headers.host]).toEqual([undefined, undefined, 'x']);
  });
});

describe('load balancer results', () => {
  it.each([
    ['a number header value', { statusCode: 200, multiValueHeaders: { 'content-length': [2] }, body: 'ok' }, 'multiValueHeaders is not an object of lists of strings'],
    ['a boolean header value', { statusCode: 200, multiValueHeaders: { 'access-control-allow-credentials': [true] }, body: 'ok' }, 'multiValueHeaders is not an object of lists of strings'],
    ['a statusCode written as a string', { statusCode: '200', multiValueHeaders: {}, body: 'ok' }, 'statusCode is a string: a load balancer takes only a number (200, not "200")'],
  ])('%s: 502 Bad Gateway, and the line says why', async (what, result, reason) => {
    const path = `/a/${what.replace(/\W+/g, '-')}/answer`;
    const res = await answered('Listener', path, result);
    expect([res.status, res.headers.get('server'), res.body]).toEqual([502, 'awselb/2.0', expect.stringContaining('<center><h1>502 Bad Gateway</h1></center>')]);
    expect(await requestLine(dev.events, path)).toMatchObject({ status: 502, functionId: 'AlbFunction', reason });
  });

  it('the same values as strings go through', async () => {
    const res = await answered('Listener', '/a/strings/answer', { statusCode: 200, multiValueHeaders: { 'content-length': ['2'], 'access-control-allow-credentials': ['true'] }, body: 'ok' });
    expect([res.status, res.headers.get('access-control-allow-credentials'), res.body]).toEqual([200, 'true', 'ok']);
  });
});
