import { describe, expect, it } from 'vitest';
import type { AuthorizerOutcome } from '../../src/core/gateway/authorizer.js';
import { httpAuthorizerCall, httpAuthorizerDecision, readHttpAuthorizerOutput } from '../../src/core/gateway/http-authorizer.js';
import { parseIdentitySource } from '../../src/core/gateway/identity-source.js';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint, LambdaAuthorizer, RouteAuthorizer } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { FUNCTION_ERROR, request, result } from './http-test-support.js';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/$default/GET/items/1';
const SIMPLE: LambdaAuthorizer = { name: 'gate', functionId: 'Gate', type: 'REQUEST', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 0, payloadFormatVersion: '2.0', simpleResponses: true };
const header = (response: { headers: ReadonlyArray<readonly [string, string]> }, name: string) => response.headers.find(([n]) => n.toLowerCase() === name)?.[1];

describe('parseIdentitySource', () => {
  it.each([
    ['$request.header.Authorization', { in: 'header', name: 'Authorization' }],
    ['$request.querystring.key', { in: 'query', name: 'key' }],
    ['$context.identity.sourceIp', { in: 'context', name: 'identity.sourceIp' }],
    ['$stageVariables.tier', { in: 'stageVariable', name: 'tier' }],
    ['method.request.header.X-Key', { in: 'header', name: 'X-Key' }],
    ['Authorization', undefined],
  ])('%s', (text, expected) => {
    expect(parseIdentitySource(text)).toEqual(expected);
  });
});

describe('httpAuthorizerCall: the event of each payload format, or 401', () => {
  const v2 = { version: '2.0', routeKey: 'GET /items/{id}', rawPath: '/items/1', headers: { authorization: 'a', 'x-key': 'k' }, requestContext: { routeKey: 'GET /items/{id}', http: { sourceIp: '127.0.0.1' } }, stageVariables: { tier: 'gold' }, body: 'secret', isBase64Encoded: false };
  const v1 = { version: '1.0', resource: '/items/{id}', path: '/items/1', httpMethod: 'GET', headers: { Authorization: 'a' }, requestContext: {}, body: 'secret', isBase64Encoded: false };
  it.each<[string, LambdaAuthorizer, Array<[string, string]>, string, Record<string, unknown>, unknown]>([
    ['2.0: identitySource and routeArn, no body', SIMPLE, [['Authorization', 'a']], '', v2,
      { kind: 'invoke', event: { version: '2.0', type: 'REQUEST', routeArn: ARN, identitySource: ['a'], routeKey: 'GET /items/{id}', rawPath: '/items/1', headers: v2.headers, requestContext: v2.requestContext, stageVariables: v2.stageVariables }, cacheKey: undefined }],
    ['2.0: header values joined, query values joined, context and stage variables; cached', { ...SIMPLE, ttlSeconds: 60, identitySources: [{ in: 'header', name: 'X-Key' }, { in: 'query', name: 'q' }, { in: 'context', name: 'routeKey' }, { in: 'stageVariable', name: 'tier' }] },
      [['X-Key', 'k'], ['x-key', 'l']], 'q=1&q=2', v2, { kind: 'invoke', event: { identitySource: ['k,l', '1,2', 'GET /items/{id}', 'gold'] }, cacheKey: '["k,l","1,2","GET /items/{id}","gold"]' }],
    ['1.0: the REST-style event, identity values joined', { ...SIMPLE, payloadFormatVersion: '1.0', simpleResponses: false }, [['Authorization', 'a']], '', v1,
      { kind: 'invoke', event: { version: '1.0', type: 'REQUEST', methodArn: ARN, identitySource: 'a', authorizationToken: 'a', resource: '/items/{id}', path: '/items/1', httpMethod: 'GET', headers: { Authorization: 'a' }, requestContext: {} } }],
    // Unlike a REST API, whether or not it caches.
    ['a missing identity source: 401 without the authorizer', SIMPLE, [], '', v2, { kind: 'respond', reason: 'the request has no Authorization header, which authorizer gate needs' }],
    ['no identity source: always called', { ...SIMPLE, identitySources: [] }, [], '', v2, { kind: 'invoke', event: { identitySource: [] } }],
  ])('%s', (_what, authorizer, headers, rawQuery, event, expected) => {
    const call = httpAuthorizerCall(authorizer, request({ headers, rawQuery }), ARN, event);
    expect(call).toMatchObject(expected as object);
    if (call.kind === 'invoke') expect(call.event).not.toHaveProperty('body');
    if (call.kind === 'respond') expect([call.response.statusCode, call.response.body.toString()]).toEqual([401, '{"message":"Unauthorized"}']);
  });
});

describe('readHttpAuthorizerOutput and httpAuthorizerDecision: the answers', () => {
  const policy = (effect: string) => ({ principalId: 'ann', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: ARN }] }, context: { tier: 'gold', n: 1 } });
  const POLICY: LambdaAuthorizer = { ...SIMPLE, simpleResponses: false };
  it.each<[string, LambdaAuthorizer, Parameters<typeof readHttpAuthorizerOutput>[0], '1.0' | '2.0', unknown]>([
    ['simple, allowed: the context under lambda, as it is', SIMPLE, result({ isAuthorized: true, context: { user: 'ann', roles: ['a'], n: 1 } }), '2.0',
      { kind: 'allow', authorizer: { lambda: { user: 'ann', roles: ['a'], n: 1 } } }],
    ['simple, allowed, no context', SIMPLE, result({ isAuthorized: true }), '2.0', { kind: 'allow', authorizer: { lambda: {} } }],
    ['simple, refused: 403 Forbidden', SIMPLE, result({ isAuthorized: false }), '2.0', { kind: 'respond', response: { statusCode: 403 }, reason: 'authorizer gate answered isAuthorized: false' }],
    ['simple, isAuthorized not a boolean: 500', SIMPLE, result({ isAuthorized: 'yes' }), '2.0', { kind: 'respond', response: { statusCode: 500 }, reason: 'authorizer gate could not be used: its result has no isAuthorized true or false (the authorizer has simple responses enabled)' }],
    ['an error: 500', SIMPLE, FUNCTION_ERROR, '2.0', { kind: 'respond', response: { statusCode: 500 }, reason: 'authorizer gate could not be used: it failed: boom' }],
    ['a policy that allows', POLICY, result(policy('Allow')), '2.0', { kind: 'allow', authorizer: { lambda: { tier: 'gold', n: 1 } } }],
    ['a policy that allows, for a 1.0 integration: context and principal at the top', POLICY, result(policy('Allow')), '1.0', { kind: 'allow', authorizer: { tier: 'gold', n: 1, principalId: 'ann' } }],
    ['a policy that denies: 403', POLICY, result(policy('Deny')), '2.0', { kind: 'respond', response: { statusCode: 403 }, reason: `authorizer gate's policy denies ${ARN}` }],
    ['a simple response where a policy is wanted: 500', POLICY, result({ isAuthorized: true }), '2.0', { kind: 'respond', response: { statusCode: 500 }, reason: 'authorizer gate could not be used: its result has no policyDocument' }],
  ])('%s', (_what, authorizer, output, format, expected) => {
    const outcome: AuthorizerOutcome = readHttpAuthorizerOutput(output, authorizer);
    const decision = httpAuthorizerDecision(outcome, 'gate', ARN, request(), format);
    expect(decision).toMatchObject(expected as object);
    if (decision.kind === 'respond') {
      const message = { 403: 'Forbidden', 500: 'Internal Server Error' }[decision.response.statusCode as 403 | 500];
      expect([decision.response.body.toString(), header(decision.response, 'apigw-requestid')]).toEqual([JSON.stringify({ message }), request().requestId]);
    }
  });
});

describe('routeRequest: HTTP API routes behind authorizers, a REST preflight behind the default', () => {
  const source = { file: 'template.yaml', path: 'Resources' };
  const gateway = (endpoint: Endpoint) => ({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' });
  const httpApi = (authorizer: RouteAuthorizer, payloadFormatVersion?: '1.0'): Endpoint => ({
    id: 'HttpApi', kind: 'http', stage: '$default', binaryMediaTypes: [], source,
    routes: [{ method: 'GET', path: '/items/{id}', functionId: 'Items', authorizer, ...(payloadFormatVersion ? { payloadFormatVersion } : {}), source }],
  });

  it('runs a Lambda authorizer with the 2.0 event and the route ARN, and gives the function authorizer.lambda', () => {
    const step = routeRequest(gateway(httpApi(SIMPLE)), request({ headers: [['Authorization', 'a']] }));
    if (step.kind !== 'invoke' || !step.authorizer) throw new Error('no authorizer step');
    const event = JSON.parse(step.authorizer.event.toString()) as Record<string, unknown>;
    expect(event).toMatchObject({ version: '2.0', type: 'REQUEST', identitySource: ['a'], routeKey: 'GET /items/{id}' });
    expect(event.routeArn).toMatch(/^arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/\$default\/GET\/items\/1$/);
    const allowed = step.authorizer.decide(step.authorizer.read(result({ isAuthorized: true, context: { user: 'ann' } })), 3);
    if (allowed.kind !== 'allow') throw new Error('denied');
    expect((JSON.parse(allowed.event.toString()) as { requestContext: { authorizer: unknown } }).requestContext.authorizer).toEqual({ lambda: { user: 'ann' } });
  });

  it('keeps answers per authorizer: two sharing a function and an identity value do not share a cache entry', () => {
    const cached = { ...SIMPLE, ttlSeconds: 60 };
    const key = (authorizer: LambdaAuthorizer) => {
      const step = routeRequest(gateway(httpApi(authorizer)), request({ headers: [['Authorization', 'a']] }));
      return step.kind === 'invoke' ? step.authorizer?.cacheKey : undefined;
    };
    expect(key(cached)).toBe('gate\u0000Gate\u0000["a"]');
    expect(key({ ...cached, name: 'policy', simpleResponses: false })).toBe('policy\u0000Gate\u0000["a"]');
  });

  it('checks a JWT itself: 401 without one, the claims in the event with one', () => {
    const authorizer: RouteAuthorizer = { name: 'oauth', type: 'JWT', header: 'Authorization', issuers: [], audiences: [] };
    expect(routeRequest(gateway(httpApi(authorizer)), request())).toMatchObject({ kind: 'respond', response: { statusCode: 401 }, reason: 'authorizer oauth: the request has no Authorization header' });
    const token = `e30.${Buffer.from(JSON.stringify({ sub: 'ann', exp: 4102444800 })).toString('base64url')}.s`;
    const step = routeRequest(gateway(httpApi(authorizer, '1.0')), request({ headers: [['Authorization', `Bearer ${token}`]] }));
    if (step.kind !== 'invoke') throw new Error('refused');
    expect(step.authorizer).toBeUndefined();
    expect((JSON.parse(step.event.toString()) as { requestContext: { authorizer: unknown } }).requestContext.authorizer).toEqual({ claims: { sub: 'ann', exp: '4102444800' }, scopes: null });
  });

  it("runs the REST API's default authorizer before answering a CORS preflight", () => {
    const token: LambdaAuthorizer = { name: 'token', functionId: 'Gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 0 };
    const cors = { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
    const endpoint: Endpoint = { id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], cors, preflightAuthorizer: token, source, routes: [{ method: 'GET', path: '/items/{id}', functionId: 'Items', authorizer: token, source }] };
    const preflight = (headers: Array<[string, string]>) => routeRequest(gateway(endpoint), request({ method: 'OPTIONS', headers: [['Origin', 'http://x'], ['Access-Control-Request-Method', 'GET'], ...headers] }));
    // A browser's preflight carries no Authorization: the well-known 401 of SAM's default.
    expect(preflight([])).toMatchObject({ kind: 'respond', response: { statusCode: 401 } });
    const step = preflight([['Authorization', 'allow']]);
    expect(step).toMatchObject({ kind: 'respond', response: { statusCode: 200 }, reason: 'CORS preflight', authorizer: { name: 'token', functionId: 'Gate' } });
    expect(routeRequest(gateway({ ...endpoint, preflightAuthorizer: undefined }), request({ method: 'OPTIONS', headers: [['Origin', 'http://x'], ['Access-Control-Request-Method', 'GET']] }))).not.toHaveProperty('authorizer');
  });
});
