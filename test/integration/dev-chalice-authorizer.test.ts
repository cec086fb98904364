import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import type { DevSession } from '../../src/api/dev.js';
import { invokeOnce } from '../../src/api/invoke.js';
import { FIXTURES, startDev, testPython, unsignedJwt } from '../helpers.js';

/**
 * A Chalice app with `@app.authorizer()` under pylambda dev: API Gateway calls the authorizer (its own
 * Lambda function) with a TOKEN event before the route's function, and answers 401, 403 or 500 itself, as
 * `chalice local` and AWS do. Before, the authorizer never ran, and every protected route failed with
 * KeyError: 'authorizer'.
 */
const APP = `${FIXTURES}chalice/auth`;
let session: DevSession;
let events: DevEvent[];
let base: string;

beforeAll(async () => {
  const dev = await startDev(APP);
  ({ session, events } = dev);
  base = dev.url('RestAPI');
});
afterAll(async () => {
  await session?.stop();
});

const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') => {
  const res = await fetch(`${base}${path}`, { method, headers });
  return { status: res.status, body: await res.text(), errorType: res.headers.get('x-amzn-errortype') };
};
/** How many times a function ran (its START lines). */
const runs = (functionId: string) => events.filter((e) => e.type === 'log' && e.event.kind === 'platform' && e.event.line === 'start' && e.event.functionId === functionId).length;

describe('a Chalice built-in authorizer under pylambda dev', () => {
  it('allows: the view sees the principal and the context, its values as strings', async () => {
    const res = await get('/me', { Authorization: 'allow' });
    expect(res.status).toBe(200);
    const { authorizer } = JSON.parse(res.body) as { authorizer: Record<string, unknown> };
    expect(authorizer).toEqual({ tier: 'gold', level: '3', principalId: 'alice', integrationLatency: expect.any(Number) });
    // In its own execution environment, as a function of its own.
    expect(runs('gate')).toBe(1);
  });

  it('answers 401 without the Authorization header, and does not call the authorizer', async () => {
    const before = runs('gate');
    expect(await get('/me')).toEqual({ status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' });
    expect(runs('gate')).toBe(before);
  });

  it('answers 403 when the policy allows nothing for the request', async () => {
    expect(await get('/me', { Authorization: 'deny' })).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource"}', errorType: 'AccessDeniedException' });
  });

  it("honours AuthRoute methods: the same token reads /me but may not POST to it (the kept policy decides)", async () => {
    expect((await get('/me', { Authorization: 'reader' })).status).toBe(200);
    const before = runs('gate');
    expect(await get('/me', { Authorization: 'reader' }, 'POST')).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource"}', errorType: 'AccessDeniedException' });
    // API Gateway keeps the answer for the token 300 s (Chalice's default TTL): the authorizer did not run again.
    expect(runs('gate')).toBe(before);
  });

  it('answers 401 for raise Exception("Unauthorized") and 500 for any other failure', async () => {
    expect(await get('/me', { Authorization: 'unauthorized' })).toEqual({ status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' });
    expect(await get('/me', { Authorization: 'boom' })).toEqual({ status: 500, body: '{"message":null}', errorType: 'AuthorizerConfigurationException' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'request', status: 500, functionId: 'gate', reason: 'authorizer gate could not be used: it failed: the token service is down' }));
  });

  it('calls an authorizer with ttl_seconds=0 every time, with its own header', async () => {
    const first = JSON.parse((await get('/counted', { 'X-Key': 'k' })).body) as { principal: string };
    const second = JSON.parse((await get('/counted', { 'X-Key': 'k' })).body) as { principal: string };
    expect(Number(second.principal.slice('call-'.length))).toBe(Number(first.principal.slice('call-'.length)) + 1);
    expect((await get('/counted', { Authorization: 'allow' })).status).toBe(401);
  });

  it("runs a blueprint's authorizer under its name_prefix (teams_door), and says chalice deploy would not find it", async () => {
    expect(await get('/teams/red')).toEqual({ status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' });
    expect(await get('/teams/red', { Authorization: 'stranger' })).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource"}', errorType: 'AccessDeniedException' });
    const res = await get('/teams/red', { Authorization: 'member' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ team: 'red', authorizer: { team: 'red', principalId: 'carol', integrationLatency: expect.any(Number) } });
    expect(runs('teams_door')).toBe(2);
    expect(events).toContainEqual({
      type: 'warning',
      diagnostic: expect.objectContaining({ path: 'app.authorizers.teams_door', message: "runs here as chalice local runs it, but chalice deploy and chalice package look its function up as 'door', without the blueprint's name_prefix, and fail to find it: register the blueprint without name_prefix, or define the authorizer on the app" }),
    });
  });

  it('lets requests through an IAM authorizer, as chalice local does, and says so at start-up', async () => {
    expect(await get('/iam')).toMatchObject({ status: 200, body: '{"authorizer":null}' });
    expect(events).toContainEqual({
      type: 'warning',
      diagnostic: expect.objectContaining({ message: 'pylambda dev runs built-in (@app.authorizer) and Cognito user pool authorizers only: GET /iam (IAM authorizer sigv4) answer without theirs locally, as under chalice local, and requestContext.authorizer is empty' }),
    });
  });
});

describe('a Chalice CognitoUserPoolAuthorizer under pylambda dev', () => {
  const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool';
  // An ID token of the pool (its signature is not checked locally), valid until 2100.
  const idToken = (claims: Record<string, unknown> = {}) => unsignedJwt({ sub: 'u-1', iss: ISSUER, token_use: 'id', 'cognito:username': 'ann', 'cognito:groups': ['a', 'b'], exp: 4102444800, iat: 1700000000, ...claims });

  it('passes the token\'s claims to the view in requestContext.authorizer.claims, as API Gateway writes them', async () => {
    const res = await get('/profile', { Authorization: idToken() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      claims: { 'sub': 'u-1', 'iss': ISSUER, 'token_use': 'id', 'cognito:username': 'ann', 'cognito:groups': 'a,b', 'exp': 'Fri Jan 01 00:00:00 UTC 2100', 'iat': 'Tue Nov 14 22:13:20 UTC 2023' },
    });
  });

  it('answers 401 itself without a token, for another pool\'s or an expired one, and without the route\'s scope', async () => {
    const unauthorized = { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' };
    expect(await get('/profile')).toEqual(unauthorized);
    expect(await get('/profile', { Authorization: idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }) })).toEqual(unauthorized);
    expect(await get('/profile', { Authorization: idToken({ exp: 1700000000 }) })).toEqual(unauthorized);
    expect(await get('/admin', { Authorization: idToken({ token_use: 'access', scope: 'shop/read' }) })).toEqual(unauthorized);
    const admin = await get('/admin', { Authorization: idToken({ token_use: 'access', scope: 'shop/read shop/admin' }) });
    expect([admin.status, admin.body]).toEqual([200, '{"admin":"u-1"}']);
  });
});

describe('pylambda invoke api_handler of an app whose first GET route has an authorizer', () => {
  it('sends the request of a route the gateway lets through, and says which and why', async () => {
    const { result, sampleEvent } = await invokeOnce({ dir: APP, functionName: 'api_handler', python: testPython(), hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(sampleEvent).toBe('apigw-rest sample (Api trigger GET /me, RestAPI api; sent to GET /iam: the gateway answers GET /me itself (the request has no Authorization header, which authorizer gate needs))');
    expect(JSON.parse(result.payload.toString())).toMatchObject({ statusCode: 200, body: '{"authorizer":null}' });
  });

  it('says none of dev\'s warnings about the authorizers it runs or skips: invoke sends no request through them', async () => {
    const said: string[] = [];
    await invokeOnce({ dir: APP, functionName: 'gate', event: Buffer.from('{"type":"TOKEN","authorizationToken":"allow","methodArn":"arn"}'), python: testPython(), hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME }, onWarning: (w) => said.push(`${w.path}: ${w.message}`) });
    expect(said.filter((w) => w.includes('pylambda dev'))).toEqual([]);
  });
});
