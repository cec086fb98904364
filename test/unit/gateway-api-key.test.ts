import { describe, expect, it } from 'vitest';
import { anyAuthorizerKeyApis, checkApiKey, endpointApiKeys, servedApiKeys, type GatewayApiKey, type ServedApiKey } from '../../src/core/gateway/api-key.js';
import { apiKeyId } from '../../src/core/gateway/identity.js';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { CorsConfig, Endpoint, Project, Route } from '../../src/core/model/project.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { REQUEST_ID, request, result } from './http-test-support.js';

const source = { file: 'template.yaml', path: 'Resources' };
const KEYS: GatewayApiKey[] = [{ value: 'first-key-0123456789', id: 'aaaaaaaaaa' }, { value: 'second-key-0123456789', id: 'bbbbbbbbbb' }];
const withKey = (value: string) => request({ headers: [['Host', 'localhost:3000'], ['X-API-Key', value]] });

describe('checkApiKey: the x-api-key header against the keys', () => {
  it.each<[string, ReturnType<typeof request>, ReturnType<typeof checkApiKey>['kind'], string]>([
    ['no header', request(), 'respond', 'the route needs an API key, and the request has no x-api-key header'],
    ['an empty header', withKey(''), 'respond', 'the route needs an API key, and the request has no x-api-key header'],
    ['a key that is not one of them', withKey('first-key-012345678'), 'respond', 'the x-api-key header is not one of the API keys'],
    ['one of them, the header named in any case', withKey('second-key-0123456789'), 'allow', 'bbbbbbbbbb'],
  ])('%s', (_, req, kind, detail) => {
    const check = checkApiKey(KEYS, req);
    expect(check.kind).toBe(kind);
    expect(check.kind === 'respond' ? check.reason : check.apiKey.id).toBe(detail);
  });

  it("answers as API Gateway's INVALID_API_KEY response: 403 Forbidden, ForbiddenException", () => {
    const check = checkApiKey(KEYS, request());
    if (check.kind !== 'respond') throw new Error('allowed');
    expect(check.response.statusCode).toBe(403);
    expect(check.response.body.toString()).toBe('{"message":"Forbidden"}');
    expect(check.response.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['x-amzn-RequestId', REQUEST_ID],
      ['x-amzn-ErrorType', 'ForbiddenException'],
      ['x-amz-apigw-id', expect.any(String)],
    ]);
  });
});

describe('routeRequest: a REST route that needs an API key', () => {
  const cors: CorsConfig = { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  const endpoint = (routes: Route[], extra: Partial<Endpoint> = {}): Endpoint => ({ id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], cors, source, routes, ...extra });
  const keyed: Route = { method: 'GET', path: '/items/{id}', functionId: 'Item', apiKeyRequired: true, source };
  const step = (e: Endpoint, req: ReturnType<typeof request>) => routeRequest({ endpoint: e, table: compileRoutes(e).table, region: 'us-east-1', accountId: '123456789012', apiKeys: KEYS }, req);
  const identity = (s: ReturnType<typeof step>) => {
    if (s.kind !== 'invoke') throw new Error(s.reason);
    const { apiKey, apiKeyId: id } = (JSON.parse(s.event.toString()) as { requestContext: { identity: Record<string, unknown> } }).requestContext.identity;
    return { apiKey, apiKeyId: id };
  };

  it('without its key: 403 before the function', () => {
    const s = step(endpoint([keyed]), request());
    expect(s.kind === 'respond' && [s.response.statusCode, s.reason]).toEqual([403, 'the route needs an API key, and the request has no x-api-key header']);
  });

  it('with its key: the event carries it in identity.apiKey and apiKeyId; a route needing none, nulls', () => {
    expect(identity(step(endpoint([keyed]), withKey('first-key-0123456789')))).toEqual({ apiKey: 'first-key-0123456789', apiKeyId: 'aaaaaaaaaa' });
    expect(identity(step(endpoint([{ ...keyed, apiKeyRequired: false }]), withKey('first-key-0123456789')))).toEqual({ apiKey: null, apiKeyId: null });
  });

  it('behind a Lambda authorizer, the key is checked once the authorizer allowed the request, as API Gateway does', () => {
    const authorizer = { name: 'gate', functionId: 'Auth', type: 'TOKEN' as const, identitySources: [{ in: 'header' as const, name: 'Authorization' }], ttlSeconds: 0 };
    const s = step(endpoint([{ ...keyed, authorizer }]), request({ headers: [['Authorization', 'allow']] }));
    if (s.kind !== 'invoke' || !s.authorizer) throw new Error('no authorizer step');
    expect(s.authorizer.functionId).toBe('Auth');
    const policy = (effect: string) => ({ principalId: 'ann', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: '*' }] } });
    const decided = (effect: string) => {
      const d = s.authorizer!.decide(s.authorizer!.read(result(policy(effect))), 1);
      return d.kind === 'respond' ? [d.response.statusCode, d.reason] : ['allowed'];
    };
    // The authorizer's refusal first; only what it allows meets the key check.
    expect(decided('Deny')).toEqual([403, expect.stringMatching(/^authorizer gate's policy denies arn:aws:execute-api:.*\/Prod\/GET\/items\/1 \(principal ann\)$/)]);
    expect(decided('Allow')).toEqual([403, 'the route needs an API key, and the request has no x-api-key header']);
  });

  it('behind a Lambda authorizer, an event over Lambda\'s 6 MB is refused once the authorizer allowed it, not before', () => {
    const authorizer = { name: 'gate', functionId: 'Auth', type: 'TOKEN' as const, identitySources: [{ in: 'header' as const, name: 'Authorization' }], ttlSeconds: 0 };
    const big = request({ method: 'GET', headers: [['Authorization', 'allow'], ['x-api-key', 'first-key-0123456789']], body: Buffer.alloc(7 * 1024 * 1024, 97) });
    // A regional API: an edge-optimized one's CloudFront would refuse this GET for its body before anything else.
    const s = step(endpoint([{ ...keyed, authorizer }], { endpointType: 'REGIONAL' }), big);
    if (s.kind !== 'invoke' || !s.authorizer) throw new Error('no authorizer step');
    const allow = { principalId: 'ann', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] } };
    const d = s.authorizer.decide(s.authorizer.read(result(allow)), 1);
    expect(d.kind === 'respond' && [d.response.statusCode, d.reason]).toEqual([413, 'event too large']);
  });

  describe('ApiKeySourceType AUTHORIZER: the key is the Lambda authorizer\'s usageIdentifierKey', () => {
    const authorizer = { name: 'gate', functionId: 'Auth', type: 'TOKEN' as const, identitySources: [{ in: 'header' as const, name: 'Authorization' }], ttlSeconds: 0 };
    const fromAuthorizer = endpoint([{ ...keyed, authorizer }], { apiKeySource: 'AUTHORIZER' });
    const allow = (usageIdentifierKey?: string) => ({ principalId: 'ann', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] }, ...(usageIdentifierKey ? { usageIdentifierKey } : {}) });
    const decide = (answer: ReturnType<typeof allow>, req = request({ headers: [['Authorization', 'allow'], ['x-api-key', 'first-key-0123456789']] })) => {
      const s = step(fromAuthorizer, req);
      if (s.kind !== 'invoke' || !s.authorizer) throw new Error('no authorizer step');
      return s.authorizer.decide(s.authorizer.read(result(answer)), 1);
    };

    it('one of the keys: the event carries it, as a key from the header', () => {
      const d = decide(allow('second-key-0123456789'));
      if (d.kind !== 'allow') throw new Error(d.reason);
      const { apiKey, apiKeyId: id } = (JSON.parse(d.event.toString()) as { requestContext: { identity: Record<string, unknown> } }).requestContext.identity;
      expect({ apiKey, id }).toEqual({ apiKey: 'second-key-0123456789', id: 'bbbbbbbbbb' });
    });

    it.each<[string, ReturnType<typeof allow>, string]>([
      ['none returned (the x-api-key header counts for nothing)', allow(), 'the route needs an API key, and authorizer gate returned no usageIdentifierKey'],
      ['a key that is not one of them', allow('nobody-0123456789'), 'the usageIdentifierKey authorizer gate returned is not one of the API keys (--api-key VALUE adds it)'],
    ])('%s: 403 Forbidden', (_, answer, reason) => {
      const d = decide(answer);
      expect(d.kind === 'respond' && [d.response.statusCode, d.response.body.toString(), d.reason]).toEqual([403, '{"message":"Forbidden"}', reason]);
    });

    it('with only the made-up key (none it could return), any key it returns is taken; none is still 403', () => {
      const madeUp: GatewayApiKey[] = [{ value: 'made-up-0123456789', id: 'cccccccccc', origin: 'made-up' }];
      const decideWith = (keys: GatewayApiKey[], answer: ReturnType<typeof allow>) => {
        const s = routeRequest({ endpoint: fromAuthorizer, table: compileRoutes(fromAuthorizer).table, region: 'us-east-1', accountId: '123456789012', apiKeys: keys }, request({ headers: [['Authorization', 'allow']] }));
        if (s.kind !== 'invoke' || !s.authorizer) throw new Error('no authorizer step');
        return s.authorizer.decide(s.authorizer.read(result(answer)), 1);
      };
      const d = decideWith(madeUp, allow('from-my-store-42'));
      if (d.kind !== 'allow') throw new Error(d.reason);
      const { apiKey, apiKeyId: id } = (JSON.parse(d.event.toString()) as { requestContext: { identity: Record<string, unknown> } }).requestContext.identity;
      expect({ apiKey, id }).toEqual({ apiKey: 'from-my-store-42', id: apiKeyId('usageIdentifierKey from-my-store-42') });
      const none = decideWith(madeUp, allow());
      expect(none.kind === 'respond' && none.reason).toBe('the route needs an API key, and authorizer gate returned no usageIdentifierKey');
      const configured = decideWith([...madeUp, { value: 'configured-0123456789', id: 'dddddddddd', origin: 'configuration' }], allow('from-my-store-42'));
      expect(configured.kind === 'respond' && configured.reason).toBe('the usageIdentifierKey authorizer gate returned is not one of the API keys (--api-key VALUE adds it)');
    });

    it('a keyed route without a Lambda authorizer has no key to take: 403 Forbidden', () => {
      const s = step(endpoint([keyed], { apiKeySource: 'AUTHORIZER' }), withKey('first-key-0123456789'));
      expect(s.kind === 'respond' && [s.response.statusCode, s.reason]).toEqual([403, 'the route needs an API key from a Lambda authorizer (ApiKeySourceType AUTHORIZER), and it has none']);
    });
  });

  const preflight = request({ method: 'OPTIONS', headers: [['Origin', 'https://example.com'], ['Access-Control-Request-Method', 'GET']] });
  it.each<[string, Partial<Endpoint>, ReturnType<typeof request>, number]>([
    ['a preflight needs no key (serverless.yml\'s and Chalice\'s, SAM\'s with AddApiKeyRequiredToCorsPreflight: false)', {}, preflight, 200],
    ["SAM's preflight on an API with Auth.ApiKeyRequired (AddApiKeyRequiredToCorsPreflight defaults to true): 403 without one", { preflightApiKeyRequired: true }, preflight, 403],
    ['... and answered with one', { preflightApiKeyRequired: true }, { ...preflight, headers: [...preflight.headers, ['x-api-key', 'first-key-0123456789']] }, 200],
  ])('%s', (_, extra, req, status) => {
    const s = step(endpoint([keyed], extra), req);
    expect(s.kind === 'respond' && s.response.statusCode).toBe(status);
  });
});

describe('servedApiKeys: the keys dev accepts', () => {
  const project = (routes: Route[], apiKeys?: Project['apiKeys']): Project => ({
    style: 'sam', configFile: 'template.yaml', functions: [], ...(apiKeys ? { apiKeys } : {}),
    endpoints: [{ id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source, routes }],
  });
  const open: Route = { method: 'GET', path: '/', functionId: 'Fn', source };
  const keyed: Route = { ...open, apiKeyRequired: true };

  it.each<[string, Project, string[], Array<[string, string, string]>]>([
    ['no route needs one: none', project([open], [{ name: 'K', value: 'configured-0123456789', source }]), ['given'], []],
    ["the configuration's and --api-key's", project([keyed], [{ name: 'K', value: 'configured-0123456789', source }]), ['given'], [['K', 'configured-0123456789', 'configuration'], ['--api-key 1', 'given', 'option']]],
    ['--api-key alone', project([keyed]), ['given'], [['--api-key 1', 'given', 'option']]],
    ['neither: the one made up', project([keyed]), [], [['pylambda-dev', 'made-up-key', 'made-up']]],
  ])('%s', (_, p, given, expected) => {
    expect(servedApiKeys(p, given, 'made-up-key').map((k) => [k.name, k.value, k.origin])).toEqual(expected);
  });

  it('an API none of whose keys opens it (their plans hold another API) gets the made-up key, for it alone', () => {
    const elsewhere = { name: 'K', value: 'configured-0123456789', stages: [{ api: 'Other' }], source };
    const keys = servedApiKeys(project([keyed], [elsewhere]), [], 'made-up-key');
    expect(keys.map((k) => [k.name, k.origin, k.stages])).toEqual([['K', 'configuration', [{ api: 'Other' }]], ['pylambda-dev', 'made-up', [{ api: 'Api', stage: 'Prod' }]]]);
    expect(servedApiKeys(project([keyed], [{ ...elsewhere, stages: [{ api: 'Api' }] }]), [], 'made-up-key').map((k) => k.name)).toEqual(['K']);
  });

  it('an API whose key comes from its authorizer takes any it returns when the only key is the made-up one', () => {
    const p = project([{ ...keyed, authorizer: { name: 'gate', functionId: 'Auth', type: 'TOKEN', identitySources: [], ttlSeconds: 0 } }]);
    const fromAuthorizer: Project = { ...p, endpoints: [{ ...p.endpoints[0]!, apiKeySource: 'AUTHORIZER' }] };
    expect(anyAuthorizerKeyApis(fromAuthorizer, servedApiKeys(fromAuthorizer, [], 'made-up-key'))).toEqual(['Api']);
    expect(anyAuthorizerKeyApis(fromAuthorizer, servedApiKeys(fromAuthorizer, ['given'], 'made-up-key'))).toEqual([]);
    expect(anyAuthorizerKeyApis(p, servedApiKeys(p, [], 'made-up-key'))).toEqual([]);
  });

  it('ids as API Gateway gives them: 10 lower-case letters and digits, the same for the same key', () => {
    const [key] = servedApiKeys(project([keyed], [{ name: 'K', value: 'configured-0123456789', source }]), [], 'x');
    expect(key!.id).toMatch(/^[a-z0-9]{10}$/);
    expect(key!.id).toBe(apiKeyId('K'));
  });
});

describe('endpointApiKeys: a key opens only the API stages of its usage plans', () => {
  const api: Endpoint = { id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source, routes: [] };
  const key = (name: string, extra: Partial<ServedApiKey> = {}): ServedApiKey => ({ name, value: name, id: name, origin: 'configuration', ...extra });
  it.each<[string, ServedApiKey, boolean]>([
    ['a plan with the API and its stage', key('planned', { stages: [{ api: 'Api', stage: 'Prod' }] }), true],
    ['a plan with the API, any stage', key('any-stage', { stages: [{ api: 'Other' }, { api: 'Api' }] }), true],
    ['a plan with another stage of the API', key('dev-only', { stages: [{ api: 'Api', stage: 'dev' }] }), false],
    ['a plan with other APIs only', key('elsewhere', { stages: [{ api: 'Other', stage: 'Prod' }] }), false],
    ['no plan at all (API Gateway: 403 Forbidden)', key('unplanned', { stages: [] }), false],
    ['--api-key\'s, which opens every API', key('--api-key 1', { origin: 'option' }), true],
    ['a serverless.yml key (its service\'s plans hold its API)', key('sls'), true],
  ])('%s', (_, k, opens) => {
    expect(endpointApiKeys([k], api).length).toBe(opens ? 1 : 0);
  });
});
