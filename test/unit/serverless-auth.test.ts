import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/core/model/project.js';
import { problems, read } from './serverless-helpers.js';

/** A service with a gate function, a Node.js one pylambda skips, and one function whose events are `events`. */
const service = (events: string, provider = '') => `
service: shop
provider:
  name: aws
  runtime: python3.12
${provider}
functions:
  gate:
    handler: auth.gate
  nodeGate:
    handler: auth.gate
    runtime: nodejs20.x
  items:
    handler: app.items
    events:
${events}`;
const http = (authorizer: string) => `      - http:\n          path: items\n          method: get\n          authorizer: ${authorizer}\n`;
const httpApi = (authorizer: string) => `      - httpApi:\n          path: /items\n          method: get\n          authorizer: ${authorizer}\n`;

const endpoints = (text: string): readonly Endpoint[] => {
  const { project, diagnostics } = read(text);
  if (!project) throw new Error(diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  return project.endpoints;
};
const authorizerOf = (text: string) => endpoints(text)[0]!.routes[0]!.authorizer;
/** What reading says of authorizers (not that nodeGate is skipped). */
const authProblems = (text: string) => problems(text).filter((p) => p.includes('authorizer'));

describe('serverless.yml http.authorizer (REST API)', () => {
  it.each([
    ['a function of the service by name: TOKEN, the Authorization header, 300 s', 'gate',
      { name: 'gate', functionId: 'gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 300 }],
    ['{ name } with every TOKEN setting', '{ name: gate, resultTtlInSeconds: 0, identitySource: method.request.header.X-Token, identityValidationExpression: "Bearer .+", type: token }',
      { name: 'gate', functionId: 'gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'X-Token' }], ttlSeconds: 0, validationExpression: 'Bearer .+' }],
    ['REQUEST with a list of identity sources', '{ name: gate, type: request, identitySource: "method.request.header.Authorization, method.request.querystring.key, stageVariables.tier, context.identity.sourceIp" }',
      { name: 'gate', functionId: 'gate', type: 'REQUEST', ttlSeconds: 300, identitySources: [{ in: 'header', name: 'Authorization' }, { in: 'query', name: 'key' }, { in: 'stageVariable', name: 'tier' }, { in: 'context', name: 'identity.sourceIp' }] }],
    ['REQUEST caching nothing: no identity source by default', '{ name: gate, type: REQUEST, resultTtlInSeconds: 0 }',
      { name: 'gate', functionId: 'gate', type: 'REQUEST', ttlSeconds: 0, identitySources: [] }],
    ['a function of the service by its deployed ARN', "'arn:aws:lambda:us-east-1:123456789012:function:shop-dev-gate'",
      { name: 'gate', functionId: 'gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 300 }],
    ['a function of the service by Fn::GetAtt, named', '{ name: Gate, arn: { Fn::GetAtt: [GateLambdaFunction, Arn] }, type: request, resultTtlInSeconds: 0 }',
      { name: 'Gate', functionId: 'gate', type: 'REQUEST', ttlSeconds: 0, identitySources: [] }],
    ['a Cognito user pool ARN', "{ arn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc', scopes: [shop/read] }",
      { name: 'us-east-1_Abc', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc'], scopes: ['shop/read'] }],
    ['a Cognito user pool ARN as a string, another header', "'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_X'",
      { name: 'eu-west-1_X', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X'] }],
    ['COGNITO_USER_POOLS of a pool in resources: any issuer', '{ name: Pool, type: COGNITO_USER_POOLS, arn: { Fn::GetAtt: [UserPool, Arn] }, identitySource: method.request.header.X-Id, identityValidationExpression: "ey.+" }',
      { name: 'Pool', type: 'COGNITO_USER_POOLS', header: 'X-Id', issuers: [], validationExpression: 'ey.+' }],
  ])('%s', (_what, authorizer, expected) => {
    expect(authorizerOf(service(http(authorizer)))).toEqual(expected);
  });

  it('says once per Cognito authorizer that signatures are not checked, and that a pool of the stack takes any issuer', () => {
    const pool = "{ name: Pool, type: COGNITO_USER_POOLS, arn: { Fn::GetAtt: [UserPool, Arn] } }";
    expect(authProblems(service(`${http(pool)}${http(pool).replace('items', 'other')}`))).toEqual([
      expect.stringMatching(/^warning functions\.items\.events\[0\]\.http\.authorizer: is checked without its signature/),
      'warning functions.items.events[0].http.authorizer.arn: is a user pool whose id is only known once deployed: tokens of any issuer are taken locally',
      'warning functions.items.events[1].http.authorizer.arn: is a user pool whose id is only known once deployed: tokens of any issuer are taken locally',
    ]);
  });

  it.each([
    ['aws_iam', 'aws_iam', 'warning functions.items.events[0].http.authorizer: AWS_IAM is not enforced locally: requests reach the function without IAM signatures'],
    ['{ type: AWS_IAM }', '{ type: AWS_IAM }', 'warning functions.items.events[0].http.authorizer.type: AWS_IAM is not enforced locally: requests reach the function without IAM signatures'],
    ['a Lambda ARN outside the service', "'arn:aws:lambda:us-east-1:123456789012:function:shared-auth'",
      "warning functions.items.events[0].http.authorizer: 'arn:aws:lambda:us-east-1:123456789012:function:shared-auth' is not a function of this service: pylambda dev runs only the service's own functions, so its routes answer without this authorizer locally"],
    ['{ arn } outside the service', "{ arn: 'arn:aws:lambda:us-east-1:123456789012:function:shared-auth', type: request }",
      "warning functions.items.events[0].http.authorizer.arn: 'arn:aws:lambda:us-east-1:123456789012:function:shared-auth' is not a function of this service: pylambda dev runs only the service's own functions, so its routes answer without this authorizer locally"],
    ['an authorizer by its id', '{ type: token, authorizerId: abc123 }',
      'warning functions.items.events[0].http.authorizer.authorizerId: names an API Gateway authorizer by its id (one made outside the service, or an AWS::ApiGateway::Authorizer of its resources), which pylambda does not read: its routes answer without this authorizer locally'],
    ['a function pylambda skips', 'nodeGate',
      'warning functions.items.events[0].http.authorizer: names nodeGate, which pylambda does not run (its runtime is nodejs20.x; pylambda runs Python functions only): its routes answer without this authorizer locally'],
  ])('%s: a warning, and the route answers without it', (_what, authorizer, message) => {
    const text = service(http(authorizer));
    expect(problems(text)).toContain(message);
    expect(authorizerOf(text)).toBeUndefined();
  });

  it.each([
    ['a function the service does not have', 'nope', "error functions.items.events[0].http.authorizer: 'nope' is not a function of this service (gate, items)"],
    ['{ name } the service does not have', '{ name: nope }', "error functions.items.events[0].http.authorizer.name: 'nope' is not a function of this service (gate, items)"],
    ['neither name nor arn', '{ resultTtlInSeconds: 0 }', 'error functions.items.events[0].http.authorizer: needs name (a function of this service) or arn (a Lambda function or a Cognito user pool), as the Framework requires'],
    ['a type the Framework does not know', '{ name: gate, type: cookie }', "error functions.items.events[0].http.authorizer.type: 'cookie' is not token, request, cognito_user_pools or aws_iam"],
    ['a TTL past an hour', '{ name: gate, resultTtlInSeconds: 7200 }', 'error functions.items.events[0].http.authorizer.resultTtlInSeconds: 7200 is not between 0 and 3600 seconds'],
    ['a TOKEN identity source that is not one header', '{ name: gate, identitySource: method.request.querystring.token }',
      "error functions.items.events[0].http.authorizer.identitySource: 'method.request.querystring.token' is not one header (method.request.header.NAME), where a TOKEN authorizer reads the token"],
    ['an identity source API Gateway does not know', '{ name: gate, type: request, identitySource: "method.request.header.A, cookie.b" }',
      "error functions.items.events[0].http.authorizer.identitySource: 'cookie.b' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)"],
    ['a Cognito authorizer of the stack without a name', '{ type: COGNITO_USER_POOLS, arn: { Fn::GetAtt: [UserPool, Arn] } }',
      'error functions.items.events[0].http.authorizer.name: is required for a COGNITO_USER_POOLS authorizer whose arn is not written out, as the Framework requires'],
    ['a Cognito authorizer without an arn', '{ name: Pool, type: cognito_user_pools }', "error functions.items.events[0].http.authorizer.arn: is required for a COGNITO_USER_POOLS authorizer (the user pool's ARN)"],
    ['a Cognito identity source that is not a header', "{ arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/p', identitySource: context.x }",
      "error functions.items.events[0].http.authorizer.identitySource: 'context.x' is not one header (method.request.header.NAME), where a COGNITO_USER_POOLS authorizer reads the token"],
  ])('%s: an error with its path', (_what, authorizer, message) => {
    const result = read(service(http(authorizer)));
    expect(result.project).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toContain(message);
  });
});

const AUTHORIZERS = `  httpApi:
    authorizers:
      simple:
        type: request
        functionName: gate
        enableSimpleResponses: true
        identitySource: [$request.header.Authorization, $request.querystring.key]
        resultTtlInSeconds: 60
      policy:
        type: request
        name: PolicyGate
        functionArn: arn:aws:lambda:us-east-1:123456789012:function:shop-dev-gate
        payloadVersion: '1.0'
      oauth:
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer.example
        audience: app
`;

describe('serverless.yml httpApi.authorizer (HTTP API) and provider.httpApi.authorizers', () => {
  it.each([
    ['a Lambda authorizer: simple responses, identity sources, a TTL', 'simple',
      { name: 'simple', functionId: 'gate', type: 'REQUEST', identitySources: [{ in: 'header', name: 'Authorization' }, { in: 'query', name: 'key' }], ttlSeconds: 60, payloadFormatVersion: '2.0', simpleResponses: true }],
    ['a Lambda authorizer by ARN, payload 1.0, no TTL by default', '{ name: policy }',
      { name: 'PolicyGate', functionId: 'gate', type: 'REQUEST', identitySources: [], ttlSeconds: 0, payloadFormatVersion: '1.0' }],
    ['a JWT authorizer with the route\'s scopes', '{ name: oauth, scopes: [read, write] }',
      { name: 'oauth', type: 'JWT', header: 'Authorization', issuers: ['https://issuer.example'], audiences: ['app'], scopes: ['read', 'write'] }],
  ])('%s', (_what, authorizer, expected) => {
    expect(authorizerOf(service(httpApi(authorizer), AUTHORIZERS))).toEqual(expected);
  });

  it('a JWT issuer and audience written as CloudFormation functions (a user pool\'s): any taken, with a warning', () => {
    const cfn = AUTHORIZERS.replace('issuerUrl: https://issuer.example', "issuerUrl: { 'Fn::Join': ['', ['https://cognito-idp.us-east-1.amazonaws.com/', { Ref: UserPool }]] }")
      .replace('audience: app', 'audience: [{ Ref: UserPoolClient }]');
    const text = service(httpApi('{ name: oauth }'), cfn);
    expect(authorizerOf(text)).toEqual({ name: 'oauth', type: 'JWT', header: 'Authorization', issuers: [], audiences: [] });
    expect(problems(text)).toEqual(expect.arrayContaining([
      'warning provider.httpApi.authorizers.oauth.issuerUrl: is known only once deployed (a CloudFormation function): tokens of any issuer are taken locally',
      'warning provider.httpApi.authorizers.oauth.audience: is known only once deployed (a CloudFormation function): tokens for any audience are taken locally',
    ]));
  });

  it.each<[string, string, string, string]>([
    ['${ssm:...}', "'${ssm:/auth/issuer}'", "['${ssm:/auth/client-id}']",
      'reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally'],
    ['${cf:...}', "'${cf:auth-stack.IssuerUrl}'", "['${cf:auth-stack.ClientId}']",
      'reads the outputs of a deployed CloudFormation stack through the "cf" variable source, which pylambda cannot do locally'],
  ])('a JWT issuer and audience from %s (read only once deployed): any taken, with a warning, where it was an error that stopped dev', (_what, issuer, audience, reads) => {
    const deployed = AUTHORIZERS.replace('issuerUrl: https://issuer.example', `issuerUrl: ${issuer}`).replace('audience: app', `audience: ${audience}`);
    const text = service(httpApi('{ name: oauth }'), deployed);
    expect(authorizerOf(text)).toEqual({ name: 'oauth', type: 'JWT', header: 'Authorization', issuers: [], audiences: [] });
    const [issuerVar, audienceVar] = [issuer, audience].map((v) => v.replace(/^\[?'|'\]?$/g, ''));
    expect(problems(text).filter((p) => !p.includes('without its signature') && p.includes('oauth'))).toEqual([
      `warning provider.httpApi.authorizers.oauth.issuerUrl: ${issuerVar} ${reads}: tokens of any issuer are taken locally`,
      `warning provider.httpApi.authorizers.oauth.audience: ${audienceVar} ${reads}: tokens for any audience are taken locally`,
    ]);
  });

  it('a Lambda authorizer\'s arn from ${ssm:...} names a function made elsewhere: its route answers without it, with a warning', () => {
    const text = service(http("{ arn: '${ssm:/auth/authorizer-arn}' }"));
    expect(authorizerOf(text)).toBeUndefined();
    expect(authProblems(text)).toContain('warning functions.items.events[0].http.authorizer.arn: ${ssm:/auth/authorizer-arn} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally, '
      + 'so it names no function of this service: pylambda dev runs only the service\'s own functions, so its routes answer without this authorizer locally');
  });

  it('a functionArn written with Fn::Join around the function\'s GetAtt is that function; comma-separated sources are several', () => {
    const joined = AUTHORIZERS.replace('functionArn: arn:aws:lambda:us-east-1:123456789012:function:shop-dev-gate', "functionArn: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [GateLambdaFunction, Arn] }]] }")
      .replace('identitySource: [$request.header.Authorization, $request.querystring.key]', "identitySource: '$request.header.Authorization,$request.querystring.key'");
    expect(authorizerOf(service(httpApi('{ name: policy }'), joined))).toMatchObject({ functionId: 'gate' });
    expect(authorizerOf(service(httpApi('simple'), joined))).toMatchObject({ identitySources: [{ in: 'header', name: 'Authorization' }, { in: 'query', name: 'key' }] });
  });

  it('says once that JWT signatures are not checked', () => {
    expect(authProblems(service(`${httpApi('{ name: oauth }')}${httpApi('{ name: oauth }').replace('/items', '/other')}`, AUTHORIZERS))).toEqual([
      expect.stringMatching(/^warning provider\.httpApi\.authorizers\.oauth: is checked without its signature/),
    ]);
  });

  it.each([
    ['{ type: aws_iam }', '{ type: aws_iam }', 'warning functions.items.events[0].httpApi.authorizer.type: AWS_IAM is not enforced locally: requests reach the function without IAM signatures'],
    ['an authorizer of another stack', '{ id: abc123 }',
      'warning functions.items.events[0].httpApi.authorizer.id: names an authorizer of another stack, which pylambda does not read: its routes answer without this authorizer locally'],
    ['scopes on a Lambda authorizer', '{ name: simple, scopes: [read] }', 'warning functions.items.events[0].httpApi.authorizer.scopes: are checked by JWT authorizers only: API Gateway leaves them to this Lambda authorizer'],
  ])('%s: a warning', (_what, authorizer, message) => {
    expect(problems(service(httpApi(authorizer), AUTHORIZERS))).toContain(message);
  });

  it.each([
    ['a Lambda authorizer outside the service', "      other: { type: request, functionArn: 'arn:aws:lambda:us-east-1:1:function:shared' }",
      "warning provider.httpApi.authorizers.other.functionArn: 'arn:aws:lambda:us-east-1:1:function:shared' is not a function of this service: pylambda dev runs only the service's own functions, so its routes answer without this authorizer locally"],
    ['a function pylambda skips', '      other: { type: request, functionName: nodeGate }',
      'warning provider.httpApi.authorizers.other.functionName: names nodeGate, which pylambda does not run (its runtime is nodejs20.x; pylambda runs Python functions only): its routes answer without this authorizer locally'],
  ])('%s: a warning, and the route answers without it', (_what, authorizer, message) => {
    const text = service(httpApi('other'), `  httpApi:\n    authorizers:\n${authorizer}\n`);
    expect(problems(text)).toContain(message);
    expect(authorizerOf(text)).toBeUndefined();
  });

  it.each([
    ['a name provider.httpApi.authorizers lacks', '{ name: nope }', '', "error functions.items.events[0].httpApi.authorizer.name: 'nope' is not one of provider.httpApi.authorizers (none)"],
    ['no name', '{ scopes: [read] }', '      a: { type: request, functionName: gate }', 'error functions.items.events[0].httpApi.authorizer: needs name (one of provider.httpApi.authorizers: a), as the Framework requires'],
    ['aws_iam with a name', '{ type: aws_iam, name: a }', '', 'error functions.items.events[0].httpApi.authorizer: takes nothing but type: aws_iam, as the Framework requires'],
    ['a function the service does not have', 'a', '      a: { type: request, functionName: nope }', "error provider.httpApi.authorizers.a.functionName: 'nope' is not a function of this service (gate, items)"],
    ['both functionName and functionArn', 'a', "      a: { type: request, functionName: gate, functionArn: 'arn:aws:lambda:us-east-1:1:function:x' }",
      'error provider.httpApi.authorizers.a: needs either functionName (a function of this service) or functionArn, not both, as the Framework requires'],
    ['neither functionName nor functionArn', 'a', '      a: { type: request }', 'error provider.httpApi.authorizers.a: needs either functionName (a function of this service) or functionArn, not neither, as the Framework requires'],
    ['simple responses with payload 1.0', 'a', "      a: { type: request, functionName: gate, payloadVersion: '1.0', enableSimpleResponses: true }",
      "error provider.httpApi.authorizers.a.enableSimpleResponses: takes payloadVersion '2.0': a 1.0 authorizer answers with an IAM policy"],
    ['a payload version HTTP APIs lack', 'a', "      a: { type: request, functionName: gate, payloadVersion: '3.0' }", "error provider.httpApi.authorizers.a.payloadVersion: '3.0' is not 1.0 or 2.0"],
    ['caching without an identity source', 'a', '      a: { type: request, functionName: gate, resultTtlInSeconds: 60 }',
      'error provider.httpApi.authorizers.a.identitySource: must name an identity source when answers are cached (resultTtlInSeconds above 0), as the Framework requires'],
    ['a TTL past an hour', 'a', '      a: { type: request, functionName: gate, identitySource: $request.header.A, resultTtlInSeconds: 3601 }',
      'error provider.httpApi.authorizers.a.resultTtlInSeconds: 3601 is not between 0 and 3600 seconds'],
    ['an identity source HTTP APIs do not know', 'a', '      a: { type: request, functionName: gate, identitySource: $request.body.x }',
      "error provider.httpApi.authorizers.a.identitySource: '$request.body.x' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)"],
    ['a type the Framework does not know', 'a', '      a: { type: cookie }', "error provider.httpApi.authorizers.a.type: 'cookie' is not jwt or request"],
    ['a JWT without an identity source', 'a', '      a: { issuerUrl: https://i.example, audience: app }',
      'error provider.httpApi.authorizers.a.identitySource: is required for a JWT authorizer (for example $request.header.Authorization), as the Framework requires'],
    ['a JWT from a cookie', 'a', '      a: { identitySource: $request.cookie.t, issuerUrl: https://i.example, audience: app }',
      "error provider.httpApi.authorizers.a.identitySource: '$request.cookie.t' is not one header or query string ($request.header.NAME), where a JWT authorizer reads the token"],
    ['a JWT without an issuer', 'a', '      a: { identitySource: $request.header.Authorization, audience: app }',
      'error provider.httpApi.authorizers.a.issuerUrl: is required for a JWT authorizer (the issuer of its tokens), as the Framework requires'],
    ['a JWT without an audience', 'a', '      a: { identitySource: $request.header.Authorization, issuerUrl: https://i.example }',
      'error provider.httpApi.authorizers.a.audience: is required for a JWT authorizer (the audiences its tokens may be for), as the Framework requires'],
  ])('%s: an error with its path', (_what, authorizer, authorizers, message) => {
    const result = read(service(httpApi(authorizer), authorizers ? `  httpApi:\n    authorizers:\n${authorizers}\n` : ''));
    expect(result.project).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toContain(message);
  });

  it('a JWT from a query string deploys (API Gateway reads one there), but runs unguarded under dev, with a warning', () => {
    const text = service(httpApi('a'), '  httpApi:\n    authorizers:\n      a: { identitySource: $request.querystring.t, issuerUrl: https://i.example, audience: app }\n');
    expect(authorizerOf(text)).toBeUndefined();
    expect(read(text).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toContain(
      "warning provider.httpApi.authorizers.a.identitySource: '$request.querystring.t' is a query string, where pylambda dev reads a JWT from a header only ($request.header.NAME): its routes answer without this authorizer locally");
  });
});
