import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { FIXTURES, startDev, unsignedJwt as jwt } from '../helpers.js';

/**
 * A project's authorizers under pylambda dev, as API Gateway runs them, read alike from a SAM template (as sam local
 * start-api runs them) and from a serverless.yml: a REST TOKEN authorizer (SAM: the API's DefaultAuthorizer, NONE on
 * one route; serverless.yml: an `http` event's, a function of the service), an HTTP API Lambda authorizer with simple
 * responses, and an HTTP API JWT authorizer with a route scope. Before, each was only warned about as "not enforced
 * locally", and every route answered without it.
 */
const PROJECTS = [
  { style: 'SAM', dir: 'authorizers', rest: 'ServerlessRestApi', http: 'ServerlessHttpApi', token: 'TokenGateFunction', simple: 'SimpleGateFunction', simpleName: 'SimpleGate' },
  { style: 'serverless.yml', dir: 'serverless-authorizers', rest: 'ApiGatewayRestApi', http: 'HttpApi', token: 'token', simple: 'simple', simpleName: 'simpleGate' },
] as const;

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text() };
};
const CLAIMS = { iss: 'https://issuer.example', aud: 'app', sub: 'ann', scope: 'read', exp: Math.floor(Date.now() / 1000) + 600 };

describe.each(PROJECTS)('$style', (project) => {
  let session: DevSession;
  let events: DevEvent[];
  let rest: string;
  let httpApi: string;

  beforeAll(async () => {
    const dev = await startDev(`${FIXTURES}projects/${project.dir}`, { port: 0 });
    ({ session, events } = dev);
    rest = dev.url(project.rest);
    httpApi = dev.url(project.http);
  });
  afterAll(async () => {
    await session?.stop();
  });

  describe('a REST TOKEN authorizer', () => {
    it('allows: the function sees the principal and the context, as strings', async () => {
      const res = await get(`${rest}/secret`, { Authorization: 'allow' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ tier: 'gold', level: '3', principalId: 'ann', integrationLatency: expect.any(Number) });
    });

    it('answers 401 without a token, 403 for a Deny, 401 for raise Exception("Unauthorized"); a route without one is open', async () => {
      expect(await get(`${rest}/secret`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(await get(`${rest}/secret`, { Authorization: 'deny' })).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
      expect(await get(`${rest}/secret`, { Authorization: 'who' })).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(await get(`${rest}/open`)).toEqual({ status: 200, body: 'null' });
      expect(events).toContainEqual(expect.objectContaining({ type: 'request', status: 403, functionId: project.token }));
    });
  });

  describe('an HTTP API Lambda authorizer with simple responses', () => {
    it('allows: the context reaches requestContext.authorizer.lambda as it is', async () => {
      expect(await get(`${httpApi}/simple`, { Authorization: 'let-me-in' })).toEqual({ status: 200, body: JSON.stringify({ lambda: { user: 'ann', roles: ['reader'], route: 'GET /simple' } }).replaceAll(',', ', ').replaceAll(':', ': ') });
    });

    it('answers 401 without the identity source and 403 for isAuthorized false', async () => {
      expect(await get(`${httpApi}/simple`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(await get(`${httpApi}/simple`, { Authorization: 'nope' })).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
      expect(events).toContainEqual(expect.objectContaining({ type: 'request', status: 403, functionId: project.simple, reason: `authorizer ${project.simpleName} answered isAuthorized: false` }));
    });
  });

  describe('an HTTP API JWT authorizer', () => {
    it('allows a token with the right claims and scope: the claims as strings in authorizer.jwt', async () => {
      const res = await get(`${httpApi}/jwt`, { Authorization: `Bearer ${jwt(CLAIMS)}` });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ jwt: { claims: { ...CLAIMS, exp: String(CLAIMS.exp) }, scopes: ['read'] } });
    });

    it('answers 401 for no token, a bad audience or an expired one, and 403 without the scope', async () => {
      expect(await get(`${httpApi}/jwt`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
      const res = await fetch(`${httpApi}/jwt`, { headers: { Authorization: jwt({ ...CLAIMS, aud: 'other' }) } });
      expect([res.status, res.headers.get('www-authenticate'), await res.text()]).toEqual([401, 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"', '{"message":"Unauthorized"}']);
      expect(await get(`${httpApi}/jwt`, { Authorization: jwt({ ...CLAIMS, exp: 1 }) })).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(await get(`${httpApi}/jwt`, { Authorization: jwt({ ...CLAIMS, scope: 'write' }) })).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
    });
  });

  describe('at start-up', () => {
    it('says once that signatures are not checked, and nothing about authorizers not being enforced', () => {
      const warnings = events.filter((e) => e.type === 'warning').map((e) => JSON.stringify(e));
      expect(warnings.filter((w) => /without its signature/.test(w))).toHaveLength(1);
      expect(warnings.filter((w) => /not enforced/.test(w))).toEqual([]);
    });

    it('does not list the authorizers\' functions as "not behind HTTP": the gateway calls them', () => {
      expect(events.find((e) => e.type === 'ready')).toMatchObject({ unserved: [] });
    });
  });
});
