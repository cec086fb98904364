import { describe, expect, it } from 'vitest';
import type { CfnContext } from '../../src/core/model/cfn/intrinsics.js';
import { FieldReader } from '../../src/core/model/fields.js';
import type { RouteAuthorizer } from '../../src/core/model/project.js';
import type { SamDefinitionAuth } from '../../src/core/model/sam/openapi-authorizers.js';
import type { IntegrationTargets } from '../../src/core/model/sam/integration-targets.js';
import { openApiRoutes } from '../../src/core/model/sam/openapi-routes.js';

const ctx: CfnContext = {
  parameters: {},
  conditions: {},
  mappings: {},
  resources: {
    ItemFn: { Type: 'AWS::Serverless::Function', Properties: {} },
    GateFn: { Type: 'AWS::Serverless::Function', Properties: { FunctionName: 'gate' } },
    NodeGate: { Type: 'AWS::Serverless::Function', Properties: {} },
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: {} },
  },
  region: 'eu-west-1',
  accountId: '111111111111',
  stackName: 'stack',
};
const targets: IntegrationTargets = { ctx, runs: new Set(['ItemFn', 'GateFn']), skipped: { NodeGate: 'its Runtime is nodejs20.x; pylambda runs Python functions only' } };
const PREFIX = 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/';
const uri = (fn: string) => ({ 'Fn::Sub': `${PREFIX}\${${fn}.Arn}/invocations` });
const op = (security?: unknown) => ({ 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: uri('ItemFn') }, ...(security === undefined ? {} : { security }) });
const AT = 'Resources.Api.Properties.DefinitionBody';

function read(document: Record<string, unknown>, kind: 'rest' | 'http' = 'rest', sam?: SamDefinitionAuth) {
  const r = new FieldReader('template.yaml');
  const out = openApiRoutes(document, kind, targets, (p) => `${AT}.${p}`, r, sam);
  return {
    authorizers: Object.fromEntries(out.routes.map((route) => [`${route.method} ${route.path}`, route.authorizer])),
    keys: out.routes.filter((route) => route.apiKeyRequired).map((route) => `${route.method} ${route.path}`),
    diagnostics: r.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`),
  };
}

// Swagger 2, as API Gateway's docs write a token authorizer (x-amazon-apigateway-authorizer object).
const TOKEN = {
  type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom',
  'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: uri('GateFn'), authorizerResultTtlInSeconds: 60, identityValidationExpression: '^Bearer .+' },
};
const TOKEN_MODEL: RouteAuthorizer = { name: 'Gate', functionId: 'GateFn', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 60, validationExpression: '^Bearer .+' };
const KEY = { type: 'apiKey', name: 'x-api-key', in: 'header' };

describe('a REST definition\'s authorizers (securityDefinitions, components.securitySchemes)', () => {
  it('a token authorizer named by an operation: its header, TTL and validation expression; its function by authorizerUri', () => {
    const out = read({ swagger: '2.0', securityDefinitions: { Gate: TOKEN }, paths: { '/x': { get: op([{ Gate: [] }]) }, '/open': { get: op() } } });
    expect(out).toEqual({ authorizers: { 'GET /x': TOKEN_MODEL, 'GET /open': undefined }, keys: [], diagnostics: [] });
  });

  it.each<[string, Record<string, unknown>, RouteAuthorizer]>([
    ['a request authorizer: its identity sources, API Gateway\'s 300 s TTL when not set', {
      type: 'apiKey', name: 'Unused', in: 'header',
      'x-amazon-apigateway-authorizer': { type: 'REQUEST', authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:gate/invocations', identitySource: 'method.request.header.X-User, method.request.querystring.tenant, context.identity.sourceIp' },
    }, { name: 'Gate', functionId: 'GateFn', type: 'REQUEST', identitySources: [{ in: 'header', name: 'X-User' }, { in: 'query', name: 'tenant' }, { in: 'context', name: 'identity.sourceIp' }], ttlSeconds: 300 }],
    ['a Cognito user pool: each providerARNs pool\'s issuer, the scopes the operation asks for', {
      type: 'apiKey', name: 'X-Token', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_abc'] },
    }, { name: 'Gate', type: 'COGNITO_USER_POOLS', header: 'X-Token', issuers: ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc'], scopes: ['items/read'] }],
  ])('%s', (_, scheme, expected) => {
    const out = read({ openapi: '3.0.1', components: { securitySchemes: { Gate: scheme } }, paths: { '/x': { get: op([{ Gate: ['items/read'] }]) } } });
    expect(out.authorizers['GET /x']).toEqual(expected);
  });

  it('the document\'s security is every operation\'s default; an operation\'s own wins, security: [] is none; an API key scheme beside it', () => {
    const out = read({
      openapi: '3.0.1', components: { securitySchemes: { Gate: TOKEN, api_key: KEY } }, security: [{ Gate: [], api_key: [] }],
      paths: { '/a': { get: op() }, '/b': { get: op([]) }, '/c': { get: op([{ api_key: [] }]) } },
    });
    expect(out).toEqual({ authorizers: { 'GET /a': TOKEN_MODEL, 'GET /b': undefined, 'GET /c': undefined }, keys: ['GET /a', 'GET /c'], diagnostics: [] });
  });

  it.each<[string, Record<string, unknown>, unknown, string[]]>([
    ['an authorizerUri naming a function of no template', { Gate: { ...TOKEN, 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:222222222222:function:shared/invocations' } } }, [{ Gate: [] }],
      [`warning ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.authorizerUri: names no function pylambda runs (its function arn:aws:lambda:eu-west-1:222222222222:function:shared is not in this template): its routes answer without this authorizer locally`]],
    ['an authorizerUri naming a function pylambda skips', { Gate: { ...TOKEN, 'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: uri('NodeGate') } } }, [{ Gate: [] }],
      [`warning ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.authorizerUri: names no function pylambda runs (NodeGate is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only): its routes answer without this authorizer locally`]],
    ['a token authorizer without its header', { Gate: { ...TOKEN, in: 'query' } }, [{ Gate: [] }],
      [`warning ${AT}.components.securitySchemes.Gate: must say in: header and name the header that holds the token (name: Authorization) for a token authorizer: its routes answer without it locally`]],
    ['IAM (x-amazon-apigateway-authtype awsSigv4)', { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } }, [{ sigv4: [] }],
      [`warning ${AT}.components.securitySchemes.sigv4: AWS_IAM is not enforced locally: requests reach the function without IAM signatures`]],
    ['a scheme API Gateway has no authorizer for', { oauth: { type: 'oauth2', flows: {} } }, [{ oauth: [] }],
      [`warning ${AT}.components.securitySchemes.oauth: has no x-amazon-apigateway-authorizer, so API Gateway runs no authorizer for it and neither does pylambda dev`]],
    ['a name that is no scheme', {}, [{ Missing: [] }],
      [`warning ${AT}.paths./x.get.security: names Missing, which is not a security scheme of the definition: routes naming it answer without an authorizer locally`]],
    ['a JWT authorizer, an HTTP API\'s', { Gate: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: 'https://i' } } } }, [{ Gate: [] }],
      [`warning ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.type: 'jwt' is not token, request or cognito_user_pools (a REST API's): its routes answer without this authorizer locally`]],
  ])('%s: the route answers without one, and a warning says why', (_, schemes, security, diagnostics) => {
    const out = read({ openapi: '3.0.1', components: { securitySchemes: schemes }, paths: { '/x': { get: op(security) }, '/y': { get: op(security) } } });
    expect(out.authorizers).toEqual({ 'GET /x': undefined, 'GET /y': undefined });
    expect(out.diagnostics).toEqual(diagnostics);
  });

  it.each<[string, unknown, string]>([
    ['!Sub of the template\'s pool, whose id is made up locally', { 'Fn::Sub': 'arn:aws:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${Pool}' },
      "!Ref Pool: Cognito generates a user pool's id when deployed; locally it is eu-west-1_"],
    ['!GetAtt of the template\'s pool', { 'Fn::GetAtt': ['Pool', 'Arn'] }, '!GetAtt Pool.Arn: the ARN of a AWS::Cognito::UserPool is known only once deployed'],
  ])('a Cognito pool known only once deployed (%s) takes tokens of any issuer, with a warning', (_, arn, why) => {
    const scheme = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [arn] } };
    const out = read({ openapi: '3.0.1', components: { securitySchemes: { Gate: scheme } }, paths: { '/x': { get: op([{ Gate: [] }]) } } });
    expect(out.authorizers['GET /x']).toEqual({ name: 'Gate', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: [] });
    expect(out.diagnostics[1]).toMatch(new RegExp(`^warning ${AT}\\.components\\.securitySchemes\\.Gate\\.x-amazon-apigateway-authorizer\\.providerARNs: ${why.replace(/[.()]/g, '\\$&')}.*: tokens of any issuer are taken locally$`));
  });

  it('two authorizers on one method: the first runs, and a warning says so', () => {
    const out = read({ swagger: '2.0', securityDefinitions: { Gate: TOKEN, Other: TOKEN }, paths: { '/x': { get: op([{ Gate: [] }, { Other: [] }]) } } });
    expect(out.authorizers['GET /x']).toEqual(TOKEN_MODEL);
    expect(out.diagnostics).toEqual([`warning ${AT}.paths./x.get.security: names 2 authorizers (Gate, Other): API Gateway runs one per method, and pylambda dev runs the first, Gate`]);
  });
});

describe('an HTTP API definition\'s authorizers', () => {
  const JWT = { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { issuer: 'https://issuer.example', audience: ['app'] } } };
  const LAMBDA = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: uri('GateFn'), authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true, identitySource: '$request.header.Authorization' } };

  it('JWT with the operation\'s scopes, and a Lambda authorizer with simple responses (not cached unless told)', () => {
    const out = read({ openapi: '3.0.1', components: { securitySchemes: { OAuth: JWT, Gate: LAMBDA } }, security: [{ Gate: [] }], paths: { '/jwt': { get: op([{ OAuth: ['read'] }]) }, '/lambda': { get: op() } } }, 'http');
    expect(out).toEqual({
      authorizers: {
        'GET /jwt': { name: 'OAuth', type: 'JWT', header: 'Authorization', issuers: ['https://issuer.example'], audiences: ['app'], scopes: ['read'] },
        'GET /lambda': { name: 'Gate', functionId: 'GateFn', type: 'REQUEST', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 0, payloadFormatVersion: '2.0', simpleResponses: true },
      },
      keys: [],
      diagnostics: [`warning ${AT}.components.securitySchemes.OAuth.x-amazon-apigateway-authorizer: is checked without its signature: pylambda dev decodes the token and checks its claims (issuer, audience, expiry, scopes), but cannot fetch the issuer's keys locally`],
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no payload format version', { authorizerPayloadFormatVersion: undefined }, `error ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.authorizerPayloadFormatVersion: is required for an HTTP API's Lambda authorizer ('1.0' or '2.0'), as API Gateway requires`],
    ['simple responses with 1.0', { authorizerPayloadFormatVersion: '1.0' }, `error ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.enableSimpleResponses: takes authorizerPayloadFormatVersion '2.0': a 1.0 authorizer answers with an IAM policy`],
    ['a cache without an identity source', { identitySource: undefined, authorizerResultTtlInSeconds: 60 }, `error ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.identitySource: must name an identity source when answers are cached (authorizerResultTtlInSeconds above 0), as API Gateway requires`],
    ['an identity source that is no request parameter', { identitySource: '$request.header.A, $request.body.b' }, `error ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.identitySource: '$request.body.b' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)`],
  ])('a Lambda authorizer with %s is an error', (_, change, message) => {
    const scheme = { ...LAMBDA, 'x-amazon-apigateway-authorizer': { ...LAMBDA['x-amazon-apigateway-authorizer'], ...change } };
    expect(read({ openapi: '3.0.1', components: { securitySchemes: { Gate: scheme } }, paths: { '/x': { get: op([{ Gate: [] }]) } } }, 'http').diagnostics).toEqual([message]);
  });

  it.each<['rest' | 'http', Record<string, unknown>, string]>([
    ['rest', { identityValidationExpression: '^x', authorizerPayloadFormatVersion: undefined, enableSimpleResponses: undefined }, 'identityValidationExpression: applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a REQUEST authorizer'],
    ['http', { identityValidationExpression: '^x' }, 'identityValidationExpression: applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a REQUEST authorizer'],
    ['rest', { authorizerPayloadFormatVersion: undefined },
      'enableSimpleResponses: is an HTTP API setting, which a REST API ignores: the authorizer gets the REST TOKEN or REQUEST event and must answer with an IAM policy (principalId, policyDocument)'],
  ])('a %s request authorizer with %j deploys as it is, with a warning', (kind, change, message) => {
    const scheme = { ...LAMBDA, 'x-amazon-apigateway-authorizer': { ...LAMBDA['x-amazon-apigateway-authorizer'], ...change } };
    const out = read({ openapi: '3.0.1', components: { securitySchemes: { Gate: scheme } }, paths: { '/x': { get: op([{ Gate: [] }]) } } }, kind);
    expect(out.diagnostics).toEqual([`warning ${AT}.components.securitySchemes.Gate.x-amazon-apigateway-authorizer.${message}`]);
    expect(out.authorizers['GET /x']).toMatchObject({ type: 'REQUEST', functionId: 'GateFn' });
  });

  it('an issuer known only once deployed takes tokens of any issuer, with a warning', () => {
    const jwt = { ...JWT, 'x-amazon-apigateway-authorizer': { ...JWT['x-amazon-apigateway-authorizer'], jwtConfiguration: { issuer: { 'Fn::ImportValue': 'issuer' }, audience: ['app'] } } };
    const out = read({ openapi: '3.0.1', components: { securitySchemes: { OAuth: jwt } }, paths: { '/x': { get: op([{ OAuth: [] }]) } } }, 'http');
    expect(out.authorizers['GET /x']).toEqual({ name: 'OAuth', type: 'JWT', header: 'Authorization', issuers: [], audiences: ['app'] });
    expect(out.diagnostics[1]).toBe(`warning ${AT}.components.securitySchemes.OAuth.x-amazon-apigateway-authorizer.jwtConfiguration.issuer: Fn::ImportValue cannot be evaluated locally: tokens of any issuer are taken locally`);
  });
});

describe('a SAM API\'s Auth on its DefinitionBody (SAM writes it in before API Gateway reads it)', () => {
  const SAM_GATE: RouteAuthorizer = { name: 'SamGate', functionId: 'GateFn', type: 'REQUEST', identitySources: [], ttlSeconds: 0 };
  const sam = (extra: Partial<SamDefinitionAuth> = {}): SamDefinitionAuth => ({ authorizers: new Map([['SamGate', SAM_GATE], ['AWS_IAM', undefined]]), defaultAuthorizer: 'SamGate', preflight: true, ...extra });
  const paths = {
    '/plain': { get: op() },
    '/empty': { get: op([]) },
    '/none': { get: op([{ NONE: [] }]) },
    '/own': { get: op([{ Gate: [] }]) },
    '/named': { get: op([{ SamGate: [] }]) },
    '/cors': { options: op() },
  };

  it('REST: the DefaultAuthorizer on every operation of the definition, unless it names NONE or one of SAM\'s; after an authorizer of the definition\'s own, as SAM writes it', () => {
    const out = read({ swagger: '2.0', securityDefinitions: { Gate: TOKEN }, paths }, 'rest', sam());
    expect(out.authorizers).toEqual({ 'GET /plain': SAM_GATE, 'GET /empty': SAM_GATE, 'GET /none': undefined, 'GET /own': TOKEN_MODEL, 'GET /named': SAM_GATE, 'OPTIONS /cors': SAM_GATE });
    // swagger.py set_path_default_authorizer counts only AWS_IAM and the API's Auth.Authorizers as authorizers: /own becomes [{Gate}, {SamGate}].
    expect(out.diagnostics).toEqual([
      `warning ${AT}.paths./own.get.security: names 2 authorizers (Gate, SamGate) once SAM adds its DefaultAuthorizer SamGate after the definition's own (swagger.py set_path_default_authorizer): API Gateway runs one per method, and pylambda dev runs the first, Gate`,
    ]);
    expect(read({ swagger: '2.0', securityDefinitions: { Gate: TOKEN }, paths }, 'rest', sam({ preflight: false })).authorizers['OPTIONS /cors']).toBeUndefined();
  });

  it('HTTP: the DefaultAuthorizer where an operation has no security or an empty one ([{}] is not empty, as open_api.py reads it), never on OPTIONS', () => {
    const LAMBDA_GATE = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: uri('GateFn'), authorizerPayloadFormatVersion: '2.0', identitySource: '$request.header.Authorization' } };
    const out = read({ openapi: '3.0.1', components: { securitySchemes: { Gate: LAMBDA_GATE } }, paths: { ...paths, '/blank': { get: op([{}]) } } }, 'http', sam());
    expect(out.authorizers).toEqual({
      'GET /plain': SAM_GATE, 'GET /empty': SAM_GATE, 'GET /none': undefined, 'GET /named': SAM_GATE, 'OPTIONS /cors': undefined, 'GET /blank': undefined,
      'GET /own': { name: 'Gate', functionId: 'GateFn', type: 'REQUEST', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 0, payloadFormatVersion: '2.0' },
    });
    expect(out.diagnostics).toEqual([]);
  });

  it.each<['rest' | 'http']>([['rest'], ['http']])('%s: a document-level security naming one of SAM\'s Authorizers guards the operations without their own', (kind) => {
    const out = read({ openapi: '3.0.1', security: [{ SamGate: [] }], paths: { '/plain': { get: op() }, '/open': { get: op([]) } } }, kind, sam({ defaultAuthorizer: undefined }));
    expect(out).toEqual({ authorizers: { 'GET /plain': SAM_GATE, 'GET /open': undefined }, keys: [], diagnostics: [] });
  });

  it('without a DefaultAuthorizer, an operation may still name one of the API\'s Auth.Authorizers', () => {
    const out = read({ openapi: '3.0.1', paths: { '/named': { get: op([{ SamGate: [] }]) }, '/plain': { get: op() } } }, 'rest', sam({ defaultAuthorizer: undefined }));
    expect(out.authorizers).toEqual({ 'GET /named': SAM_GATE, 'GET /plain': undefined });
  });
});
