import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { FIXTURES, rawGet, requestLine, startDev } from '../helpers.js';

/**
 * The events are real: Powertools' own resolvers (PyPI aws-lambda-powertools), one per integration,
 * parse what pylambda dev sends and their responses come back through each gateway.
 */
let session: DevSession;
let events: DevEvent[];
let url: (id: string) => string;

beforeAll(async () => {
  ({ session, url, events } = await startDev(`${FIXTURES}projects/powertools`));
});
afterAll(async () => {
  await session?.stop();
});

// An ALB does not URL-decode query values ("You must decode them in your Lambda function", elb docs).
const ENDPOINTS: Array<[string, string, string, string]> = [
  ['REST API', 'ServerlessRestApi', 'APIGatewayRestResolver', 'find me'],
  ['HTTP API', 'ServerlessHttpApi', 'APIGatewayHttpResolver', 'find me'],
  ['ALB', 'Listener', 'ALBResolver', 'find%20me'],
  ['function URL', 'UrlFnUrl', 'LambdaFunctionUrlResolver', 'find me'],
];

describe.each(ENDPOINTS)('%s with Powertools', (_name, endpoint, resolver, query) => {
  it('routes a path parameter, a query string and a header', async () => {
    const res = await fetch(`${url(endpoint)}/todos/42?q=find%20me`, { headers: { 'X-Trace': 't-1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '42', q: query, header: 't-1', resolver });
  });

  it('reads a JSON body and answers 201', async () => {
    const res = await fetch(`${url(endpoint)}/todos`, { method: 'POST', body: JSON.stringify({ title: 'write tests' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ created: 'write tests' });
  });

  it('sets a cookie', async () => {
    const res = await fetch(`${url(endpoint)}/cookies`);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/']);
  });

  it("answers an unknown route with the resolver's own 404", async () => {
    const res = await fetch(`${url(endpoint)}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ statusCode: 404, message: 'Not found' });
  });
});

// Powertools' compress=True answers a gzip body in base64 (isBase64Encoded). A REST API without binary media types sends
// that base64 text on as it is, Content-Encoding and all (Powertools' docs ask for BinaryMediaTypes */*); the others
// decode it.
describe('compress=True', () => {
  it('REST API without binary media types: the base64 text goes out, and dev says why', async () => {
    const { encoding, body } = await rawGet(`${url('ServerlessRestApi')}/big`, { 'Accept-Encoding': 'gzip', Accept: 'application/json' });
    expect(encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(body.toString(), 'base64')).toString())).toEqual({ data: 'x'.repeat(2000) });
    const line = await requestLine(events, '/big');
    expect(line.status).toBe(200);
    expect(line.reason).toBe(
      "the base64 body went out as text: the request's first Accept type (application/json) is not one of the API's binary media types (none); the client cannot undo its Content-Encoding: add */* to BinaryMediaTypes",
    );
  });

  it.each([['HTTP API', 'ServerlessHttpApi'], ['ALB', 'Listener'], ['function URL', 'UrlFnUrl']])('%s: the client gets the gzip body', async (_name, endpoint) => {
    const res = await fetch(`${url(endpoint)}/big`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect([res.status, res.headers.get('content-encoding')]).toEqual([200, 'gzip']);
    expect(await res.json()).toEqual({ data: 'x'.repeat(2000) });
  });
});
