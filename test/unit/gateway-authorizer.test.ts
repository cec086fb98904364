import { describe, expect, it } from 'vitest';
import {
  authorizerCall, authorizerDecision, evaluatePolicy, keptAnswerNote, methodArn, readAuthorizerOutput, type AuthorizerOutcome, type PolicyStatement,
} from '../../src/core/gateway/authorizer.js';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint, LambdaAuthorizer } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { FUNCTION_ERROR, REQUEST_ID, request, result } from './http-test-support.js';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/GET/users/ann';
const TOKEN: LambdaAuthorizer = { name: 'gate', functionId: 'gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 300 };
const header = (response: { headers: ReadonlyArray<readonly [string, string]> }, name: string) => response.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

describe('methodArn', () => {
  it.each([
    ['/users/ann', 'GET', 'arn:aws:execute-api:eu-west-1:111111111111:q9f165qpkg/api/GET/users/ann'],
    // The root: the ARN ends with the method's slash.
    ['/', 'POST', 'arn:aws:execute-api:eu-west-1:111111111111:q9f165qpkg/api/POST/'],
  ])('%s %s', (path, method, arn) => {
    expect(methodArn({ region: 'eu-west-1', accountId: '111111111111', apiId: 'q9f165qpkg', stage: 'api', method, path })).toBe(arn);
  });
});

describe('authorizerCall: what API Gateway sends, or its 401 without calling the authorizer', () => {
  const proxy = { resource: '/users/{name}', path: '/users/ann', httpMethod: 'GET', headers: { a: 'b' }, body: 'secret', isBase64Encoded: false, requestContext: { stage: 'api' } };
  it.each<[string, LambdaAuthorizer, Array<[string, string]>, string, unknown]>([
    ['a TOKEN from its header (any case)', TOKEN, [['authorization', 'Bearer x']], '',
      { kind: 'invoke', event: { type: 'TOKEN', methodArn: ARN, authorizationToken: 'Bearer x' }, cacheKey: 'Bearer x' }],
    ['no header: 401', TOKEN, [], '', { kind: 'respond', reason: 'the request has no Authorization header, which authorizer gate needs' }],
    ['an empty header: 401', TOKEN, [['Authorization', '']], '', { kind: 'respond', reason: 'the request has no Authorization header, which authorizer gate needs' }],
    ['a header of its own, and TTL 0: not cached', { ...TOKEN, identitySources: [{ in: 'header', name: 'X-Key' }], ttlSeconds: 0 }, [['x-key', 'k']], '',
      { kind: 'invoke', event: { type: 'TOKEN', methodArn: ARN, authorizationToken: 'k' }, cacheKey: undefined }],
    ['a token the validation expression refuses: 401', { ...TOKEN, validationExpression: 'Bearer .+' }, [['Authorization', 'Basic x']], '',
      { kind: 'respond', reason: 'the token does not match the validation expression of authorizer gate' }],
    ['a token the validation expression takes', { ...TOKEN, validationExpression: 'Bearer .+' }, [['Authorization', 'Bearer x']], '',
      { kind: 'invoke', cacheKey: 'Bearer x' }],
    ['REQUEST: the proxy event without its body', { ...TOKEN, type: 'REQUEST', identitySources: [{ in: 'query', name: 'key' }] }, [], 'key=1&key=2',
      { kind: 'invoke', event: { type: 'REQUEST', methodArn: ARN, resource: '/users/{name}', path: '/users/ann', httpMethod: 'GET', headers: { a: 'b' }, requestContext: { stage: 'api' } }, cacheKey: '["2"]' }],
    ['REQUEST, a missing source: 401', { ...TOKEN, type: 'REQUEST', identitySources: [{ in: 'query', name: 'key' }] }, [], '',
      { kind: 'respond', reason: 'the request has no query parameter key, which authorizer gate needs' }],
    // "identity sources are required only when caching is enabled".
    ['REQUEST without caching: no source is required', { ...TOKEN, type: 'REQUEST', identitySources: [{ in: 'query', name: 'key' }], ttlSeconds: 0 }, [], '',
      { kind: 'invoke', cacheKey: undefined }],
  ])('%s', (_what, authorizer, headers, rawQuery, expected) => {
    const call = authorizerCall(authorizer, request({ headers, rawQuery }), ARN, proxy);
    expect(call).toMatchObject(expected as object);
    if (call.kind === 'respond') {
      expect([call.response.statusCode, call.response.body.toString(), header(call.response, 'x-amzn-ErrorType')]).toEqual([401, '{"message":"Unauthorized"}', 'UnauthorizedException']);
    }
  });
});

describe('readAuthorizerOutput: what API Gateway accepts from the authorizer', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [ARN] }] };
  const statements: PolicyStatement[] = [{ effect: 'Allow', actions: ['execute-api:Invoke'], resources: [ARN] }];
  it.each<[string, ReturnType<typeof result>, AuthorizerOutcome]>([
    ['a policy and a context: values as strings', result({ principalId: 'alice', policyDocument: policy, context: { tier: 'gold', level: 3, admin: false } }),
      { kind: 'policy', principalId: 'alice', statements, context: { tier: 'gold', level: '3', admin: 'false' } }],
    ['one Statement, one Resource, as plain values', result({ principalId: 7, policyDocument: { Statement: { Action: 'execute-api:*', Effect: 'Deny', Resource: '*' } } }),
      { kind: 'policy', principalId: '7', statements: [{ effect: 'Deny', actions: ['execute-api:*'], resources: ['*'] }], context: {} }],
    ['raise Exception("Unauthorized")', { payload: Buffer.from('{"errorMessage": "Unauthorized", "errorType": "Exception"}'), functionError: true }, { kind: 'unauthorized' }],
    ['any other error', FUNCTION_ERROR, { kind: 'invalid', problem: 'it failed: boom' }],
    ['raise Exception(): its type, as it has no message', { payload: Buffer.from('{"errorMessage": "", "errorType": "Exception", "stackTrace": []}'), functionError: true },
      { kind: 'invalid', problem: 'it failed with Exception and no message' }],
    ['not JSON', { payload: Buffer.from('allow'), functionError: false }, { kind: 'invalid', problem: 'its result is not a JSON object' }],
    ['no principalId', result({ policyDocument: policy }), { kind: 'invalid', problem: 'its result has no principalId' }],
    ['no policyDocument', result({ principalId: 'a' }), { kind: 'invalid', problem: 'its result has no policyDocument' }],
    ['an empty Statement', result({ principalId: 'a', policyDocument: { Statement: [] } }), { kind: 'invalid', problem: 'its policyDocument has no Statement' }],
    ['an Effect IAM does not know', result({ principalId: 'a', policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'allow', Resource: '*' }] } }),
      { kind: 'invalid', problem: 'policyDocument.Statement[0].Effect must be Allow or Deny' }],
    ['no Resource', result({ principalId: 'a', policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow' }] } }),
      { kind: 'invalid', problem: 'policyDocument.Statement[0].Resource must be a string or a list of strings' }],
    ['a nested context value', result({ principalId: 'a', policyDocument: policy, context: { user: { id: 1 } } }),
      { kind: 'invalid', problem: 'its context.user is an object: context values must be strings, numbers or booleans' }],
  ])('%s', (_what, output, expected) => {
    expect(readAuthorizerOutput(output)).toEqual(expected);
  });
});

describe('evaluatePolicy: IAM on execute-api:Invoke and the method ARN', () => {
  const allow = (resources: string[], actions = ['execute-api:Invoke']): PolicyStatement => ({ effect: 'Allow', actions, resources });
  const deny = (resources: string[]): PolicyStatement => ({ effect: 'Deny', actions: ['execute-api:Invoke'], resources });
  it.each<[string, PolicyStatement[], string]>([
    ['the exact ARN', [allow([ARN])], 'allow'],
    ["Chalice's routes=['*']", [allow(['arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/*/*'])], 'allow'],
    ['* spans slashes', [allow(['arn:aws:execute-api:*:*:abcdef1234/*'])], 'allow'],
    ['? is one character', [allow(['arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/GE?/users/ann'])], 'allow'],
    ['another method (AuthRoute methods)', [allow(['arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/POST/users/ann'])], 'implicit-deny'],
    ['another path', [allow(['arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/*/users/bob'])], 'implicit-deny'],
    ['resources match with case', [allow([ARN.replace('ann', 'Ann')])], 'implicit-deny'],
    ['actions match without case, with wildcards', [allow([ARN], ['Execute-API:*'])], 'allow'],
    ['another action', [allow([ARN], ['execute-api:ManageConnections'])], 'implicit-deny'],
    ['a matching Deny wins', [allow(['*']), deny([ARN])], 'explicit-deny'],
    ['a Deny elsewhere does not', [allow(['*']), deny(['arn:aws:execute-api:*:*:*/api/DELETE/*'])], 'allow'],
    ["Chalice's routes=[]: nothing", [allow([])], 'implicit-deny'],
  ])('%s', (_what, statements, effect) => {
    expect(evaluatePolicy(statements, ARN)).toBe(effect);
  });
});

describe('authorizerDecision: the answers', () => {
  const req = request();
  const policy = (effect: 'Allow' | 'Deny'): AuthorizerOutcome => ({ kind: 'policy', principalId: 'alice', statements: [{ effect, actions: ['execute-api:Invoke'], resources: ['*'] }], context: { tier: 'gold' } });
  it.each<[string, AuthorizerOutcome, number, string, string]>([
    ['Unauthorized', { kind: 'unauthorized' }, 401, '{"message":"Unauthorized"}', 'UnauthorizedException'],
    ['an implicit deny', { kind: 'policy', principalId: 'a', statements: [], context: {} }, 403, '{"Message":"User is not authorized to access this resource"}', 'AccessDeniedException'],
    ['an explicit deny', policy('Deny'), 403, '{"Message":"User is not authorized to access this resource with an explicit deny"}', 'AccessDeniedException'],
    ['an unusable answer', { kind: 'invalid', problem: 'x' }, 500, '{"message":null}', 'AuthorizerConfigurationException'],
  ])('%s', (_what, outcome, status, body, errorType) => {
    const decision = authorizerDecision(outcome, 'gate', ARN, req, 5);
    if (decision.kind !== 'respond') throw new Error('allowed');
    expect([decision.response.statusCode, decision.response.body.toString(), header(decision.response, 'x-amzn-ErrorType'), header(decision.response, 'x-amzn-RequestId')])
      .toEqual([status, body, errorType, REQUEST_ID]);
  });

  it('allows with the context, the principal and the latency as requestContext.authorizer', () => {
    expect(authorizerDecision(policy('Allow'), 'gate', ARN, req, 12.4)).toEqual({ kind: 'allow', authorizer: { tier: 'gold', principalId: 'alice', integrationLatency: 12 } });
  });
});

describe('keptAnswerNote: why a kept answer refused a request its authorizer never saw', () => {
  const policy = (effect: 'Allow' | 'Deny', resources: string[]): AuthorizerOutcome => ({ kind: 'policy', principalId: 'ann', statements: [{ effect, actions: ['execute-api:Invoke'], resources }], context: {} });
  const FIRST = 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/GET/users';
  const KEPT = 'an answer the authorizer gave 12 s ago for this identity, kept for 300 s';
  it.each<[string, AuthorizerOutcome, string | undefined]>([
    ['a policy for the first request\'s methodArn only: the wildcard it needs', policy('Allow', [FIRST]),
      `${KEPT}, whose policy allows only ${FIRST}: a kept policy must allow every method the identity may call (such as arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/*), or the TTL be 0`],
    ['a policy that allows nothing', policy('Deny', []), `${KEPT}, whose policy allows nothing: a kept policy must allow every method the identity may call (such as arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/*), or the TTL be 0`],
    ['an explicit Deny: only that it was kept', policy('Deny', ['*']), KEPT],
    ['a policy that allows this request: nothing to say', policy('Allow', ['arn:aws:execute-api:us-east-1:123456789012:abcdef1234/api/*']), undefined],
    ['a simple response that refused', { kind: 'simple', authorized: false, context: {} }, KEPT],
    ['a simple response that allowed', { kind: 'simple', authorized: true, context: {} }, undefined],
  ])('%s', (_, outcome, note) => {
    expect(keptAnswerNote(outcome, ARN, 12.7, 300)).toBe(note);
  });
});

describe('routeRequest: a REST route behind an authorizer', () => {
  const source = { file: 'app.py', path: 'app.routes' };
  const endpoint: Endpoint = {
    id: 'RestAPI', kind: 'rest', stage: 'api', binaryMediaTypes: [], source,
    routes: [{ method: 'GET', path: '/users/{name}', functionId: 'api_handler', authorizer: TOKEN, source }, { method: 'GET', path: '/open', functionId: 'api_handler', source }],
  };
  const route = (path: string, headers: Array<[string, string]>) =>
    routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path, headers }));

  it('calls the authorizer first, and gives the function requestContext.authorizer once it allows', () => {
    const step = route('/users/ann', [['Authorization', 'allow']]);
    if (step.kind !== 'invoke' || !step.authorizer) throw new Error('no authorizer step');
    const event = JSON.parse(step.authorizer.event.toString()) as { methodArn: string };
    expect(event.methodArn).toMatch(/^arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/api\/GET\/users\/ann$/);
    expect(step.authorizer.cacheKey).toBe('gate\u0000gate\u0000allow');
    const allowed = step.authorizer.decide({ kind: 'policy', principalId: 'alice', statements: [{ effect: 'Allow', actions: ['execute-api:Invoke'], resources: ['*'] }], context: {} }, 0);
    if (allowed.kind !== 'allow') throw new Error('denied');
    expect((JSON.parse(allowed.event.toString()) as { requestContext: { authorizer: unknown } }).requestContext.authorizer).toEqual({ principalId: 'alice', integrationLatency: 0 });
    // Without an authorizer's answer, the function's own event has none.
    expect((JSON.parse(step.event.toString()) as { requestContext: Record<string, unknown> }).requestContext.authorizer).toBeUndefined();
  });

  it('keeps answers per authorizer: two authorizers of one function do not share them', () => {
    const admin: LambdaAuthorizer = { ...TOKEN, name: 'admin', identitySources: [{ in: 'header', name: 'X-Admin' }] };
    const both: Endpoint = { ...endpoint, routes: [endpoint.routes[0]!, { method: 'GET', path: '/admin', functionId: 'api_handler', authorizer: admin, source }] };
    const key = (path: string) => {
      const step = routeRequest({ endpoint: both, table: compileRoutes(both).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path, headers: [['Authorization', 't'], ['X-Admin', 't']] }));
      return step.kind === 'invoke' ? [step.authorizer?.functionId, step.authorizer?.cacheKey] : [];
    };
    expect([key('/users/ann'), key('/admin')]).toEqual([['gate', 'gate\u0000gate\u0000t'], ['gate', 'admin\u0000gate\u0000t']]);
  });

  it('answers 401 itself without the token, and leaves a route without an authorizer alone', () => {
    expect(route('/users/ann', [])).toMatchObject({ kind: 'respond', response: { statusCode: 401 } });
    expect(route('/open', [])).toMatchObject({ kind: 'invoke' });
    expect(route('/open', []).kind === 'invoke' && 'authorizer' in route('/open', [])).toBe(false);
  });
});
