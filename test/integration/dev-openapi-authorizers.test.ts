import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { FIXTURES, startDev, unsignedJwt as jwt } from '../helpers.js';

/**
 * Authorizers written in APIs' OpenAPI definitions (x-amazon-apigateway-authorizer), run by pylambda dev as API
 * Gateway runs them once it has imported the definition: a REST token authorizer an operation names, the SAM API's
 * DefaultAuthorizer on the definition's other operations (NONE on one), and an HTTP API's Lambda authorizer with
 * simple responses as the document's default and a JWT one with a scope. Before, each was only warned about as "not
 * enforced locally", and every route answered without it.
 */
const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text() };
};
const CLAIMS = { iss: 'https://issuer.example', aud: 'app', sub: 'ann', scope: 'read', exp: Math.floor(Date.now() / 1000) + 600 };

let session: DevSession;
let events: DevEvent[];
let rest: string;
let httpApi: string;

beforeAll(async () => {
  const dev = await startDev(`${FIXTURES}projects/openapi-authorizers`, { port: 0 });
  ({ session, events } = dev);
  rest = dev.url('RestApi');
  httpApi = dev.url('HttpApi');
});
afterAll(async () => {
  await session?.stop();
});

describe('a REST definition', () => {
  it('runs the token authorizer its operation names: the function sees the principal and the context, as strings', async () => {
    const res = await get(`${rest}/secret`, { Authorization: 'allow' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ tier: 'gold', level: '3', principalId: 'ann', integrationLatency: expect.any(Number) });
    expect(await get(`${rest}/secret`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(await get(`${rest}/secret`, { Authorization: 'deny' })).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
  });

  it('puts the SAM API\'s DefaultAuthorizer on its other operations (its own header), and none where security names NONE', async () => {
    expect(await get(`${rest}/default`, { Authorization: 'allow' })).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    const res = await get(`${rest}/default`, { 'X-Sam-Token': 'allow' });
    expect([res.status, JSON.parse(res.body).principalId]).toEqual([200, 'ann']);
    expect(await get(`${rest}/open`)).toEqual({ status: 200, body: 'null' });
  });
});

describe('an HTTP API definition', () => {
  it('runs the document\'s Lambda authorizer on an operation without security: its context in authorizer.lambda', async () => {
    expect(await get(`${httpApi}/simple`, { Authorization: 'let-me-in' })).toEqual({ status: 200, body: JSON.stringify({ lambda: { user: 'ann', roles: ['reader'], route: 'GET /simple' } }).replaceAll(',', ', ').replaceAll(':', ': ') });
    expect(await get(`${httpApi}/simple`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(await get(`${httpApi}/simple`, { Authorization: 'nope' })).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'request', status: 403, functionId: 'SimpleGateFunction', reason: 'authorizer SimpleGate answered isAuthorized: false' }));
  });

  it('checks a JWT against the operation\'s scope: the claims as strings in authorizer.jwt; security: [] is open', async () => {
    const res = await get(`${httpApi}/jwt`, { Authorization: `Bearer ${jwt(CLAIMS)}` });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ jwt: { claims: { ...CLAIMS, exp: String(CLAIMS.exp) }, scopes: ['read'] } });
    expect(await get(`${httpApi}/jwt`, { Authorization: jwt({ ...CLAIMS, scope: 'write' }) })).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
    expect(await get(`${httpApi}/jwt`)).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(await get(`${httpApi}/open`)).toEqual({ status: 200, body: 'null' });
  });
});

it('says of the template at start-up only that /secret names two authorizers once SAM adds its default, and that the JWT\'s signature is not checked', () => {
  const warnings = events.flatMap((e) => (e.type === 'warning' && e.diagnostic.file === 'template.yaml' ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
  expect(warnings).toEqual([
    "Resources.RestApi.Properties.DefinitionBody.paths./secret.get.security: names 2 authorizers (TokenGate, SamGate) once SAM adds its DefaultAuthorizer SamGate after the definition's own (swagger.py set_path_default_authorizer): API Gateway runs one per method, and pylambda dev runs the first, TokenGate",
    'Resources.HttpApi.Properties.DefinitionBody.components.securitySchemes.OAuth.x-amazon-apigateway-authorizer: is checked without its signature: pylambda dev decodes the token and checks its claims (issuer, audience, expiry, scopes), but cannot fetch the issuer\'s keys locally',
  ]);
  expect(events.find((e) => e.type === 'ready')).toMatchObject({ unserved: [] });
});
