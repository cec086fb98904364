import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { FIXTURES, startDev } from '../helpers.js';

/**
 * The events are real: Powertools' own resolvers (PyPI aws-lambda-powertools), one per integration,
 * parse what pylambda dev sends and their responses come back through each gateway.
 */
let session: DevSession;
let url: (id: string) => string;

beforeAll(async () => {
  ({ session, url } = await startDev(`${FIXTURES}projects/powertools`));
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
