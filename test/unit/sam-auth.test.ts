import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { samFunction } from './sam-helpers.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
/** A function `id`; `events` are lines under its Events, each ending with a newline. */
const fn = (id: string, events = '') => samFunction(id, { events: events && `\n${events}` });
const messages = (text: string) => read(text).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);
const routes = (text: string) => {
  const { project, diagnostics } = read(text);
  if (!project) throw new Error(diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  return project.endpoints;
};

const REST = (auth: string, events: string) => `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'*'"
      Auth:
${auth}
${fn('Gate')}
${fn('Items', events)}`;
const GET = (extra = '') => `        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: get${extra} } }\n`;

describe('SAM REST API Auth', () => {
  it('AWS_IAM on one route of an API without Auth: served with a warning, as a REST API always has it (SAM accepts it)', () => {
    const text = `Resources:\n${fn('Items', "        Get: { Type: Api, Properties: { Path: /items, Method: get, Auth: { Authorizer: AWS_IAM } } }\n")}`;
    expect(messages(text)).toEqual(['warning Resources.Items.Properties.Events.Get.Properties.Auth.Authorizer: AWS_IAM is not enforced locally: requests reach the function without IAM signatures']);
    expect(routes(text)[0]!.routes[0]!.authorizer).toBeUndefined();
  });

  it('a TOKEN authorizer by !GetAtt, the default for every route and the preflight, NONE to opt out', () => {
    const [api] = routes(REST(`        DefaultAuthorizer: Token
        Authorizers:
          Token: { FunctionArn: !GetAtt Gate.Arn, Identity: { Header: X-Token, ValidationExpression: 'Bearer .+', ReauthorizeEvery: 0 } }`,
    `${GET()}        Open: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /open, Method: get, Auth: { Authorizer: NONE } } }\n`));
    const token = { name: 'Token', functionId: 'Gate', type: 'TOKEN', identitySources: [{ in: 'header', name: 'X-Token' }], ttlSeconds: 0, validationExpression: 'Bearer .+' };
    expect(api!.routes.map((r) => [r.path, r.authorizer])).toEqual([['/items', token], ['/open', undefined]]);
    expect(api!.preflightAuthorizer).toEqual(token);
  });

  it('a REQUEST authorizer by !Ref with every kind of identity source, the 300 s default TTL; no preflight when asked', () => {
    const [api] = routes(REST(`        AddDefaultAuthorizerToCorsPreflight: false
        Authorizers:
          Req:
            FunctionArn: !Ref Gate
            FunctionPayloadType: REQUEST
            Identity: { Headers: [X-A], QueryStrings: [q], StageVariables: [s], Context: [identity.sourceIp] }`, GET(', Auth: { Authorizer: Req }')));
    expect(api!.routes[0]!.authorizer).toEqual({
      name: 'Req', functionId: 'Gate', type: 'REQUEST', ttlSeconds: 300,
      identitySources: [{ in: 'header', name: 'X-A' }, { in: 'query', name: 'q' }, { in: 'stageVariable', name: 's' }, { in: 'context', name: 'identity.sourceIp' }],
    });
    expect(api!.preflightAuthorizer).toBeUndefined();
  });

  it('a Cognito authorizer: the pool ARN as issuer, the event scopes, and one warning that signatures are not checked', () => {
    const text = REST(`        DefaultAuthorizer: Pool
        Authorizers:
          Pool: { UserPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc' }`, GET(', Auth: { AuthorizationScopes: [api/read] }'));
    expect(routes(text)[0]!.routes[0]!.authorizer).toEqual({ name: 'Pool', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc'], scopes: ['api/read'] });
    expect(messages(text)).toEqual([expect.stringMatching(/^warning Resources\.Api\.Properties\.Auth\.Authorizers\.Pool: is checked without its signature/)]);
  });

  it.each([
    ['a function the template does not have', '          T: { FunctionArn: !GetAtt Nope.Arn }', GET(', Auth: { Authorizer: T }'),
      "error Resources.Api.Properties.Auth.Authorizers.T.FunctionArn: !GetAtt Nope.Arn: no resource has that name: name a function of this template (!GetAtt MyAuthorizer.Arn)"],
    ['an ARN of a function elsewhere (sam local skips it too)', "          T: { FunctionArn: 'arn:aws:lambda:us-east-1:1:function:shared-auth' }", GET(', Auth: { Authorizer: T }'),
      "warning Resources.Api.Properties.Auth.Authorizers.T.FunctionArn: 'arn:aws:lambda:us-east-1:1:function:shared-auth' is not a function of this template: pylambda dev runs only the template's own functions, so its routes answer without this authorizer locally"],
    ['a function imported from another stack', '          T: { FunctionArn: !ImportValue shared-authorizer-arn }', GET(', Auth: { Authorizer: T }'),
      "warning Resources.Api.Properties.Auth.Authorizers.T.FunctionArn: Fn::ImportValue cannot be evaluated locally: pylambda dev runs only the template's own functions, so its routes answer without this authorizer locally"],
    ['neither a function nor a pool', '          T: { Identity: { Header: X } }', GET(), 'error Resources.Api.Properties.Auth.Authorizers.T: needs FunctionArn (a Lambda authorizer) or UserPoolArn (a Cognito user pool authorizer)'],
    ['a payload type SAM does not know', '          T: { FunctionArn: !GetAtt Gate.Arn, FunctionPayloadType: COOKIE }', GET(), "error Resources.Api.Properties.Auth.Authorizers.T.FunctionPayloadType: 'COOKIE' is not TOKEN or REQUEST"],
    ['a REQUEST authorizer without identity', '          T: { FunctionArn: !GetAtt Gate.Arn, FunctionPayloadType: REQUEST }', GET(),
      'error Resources.Api.Properties.Auth.Authorizers.T.Identity: must name an identity source when answers are cached (Identity.ReauthorizeEvery above 0), as SAM requires'],
    ['a TTL past an hour', '          T: { FunctionArn: !GetAtt Gate.Arn, Identity: { ReauthorizeEvery: 7200 } }', GET(), 'error Resources.Api.Properties.Auth.Authorizers.T.Identity.ReauthorizeEvery: 7200 is not between 0 and 3600 seconds'],
    ['an event naming an authorizer the API lacks', '          T: { FunctionArn: !GetAtt Gate.Arn }', GET(', Auth: { Authorizer: Other }'),
      "error Resources.Items.Properties.Events.Get.Properties.Auth.Authorizer: 'Other' is not one of the API's Auth.Authorizers (T) or NONE"],
  ])('%s', (_what, authorizers, events, message) => {
    expect(messages(REST(`        Authorizers:\n${authorizers}`, events))).toContain(message);
  });

  it('an authorizer whose function pylambda skips: a warning, and the route answers without it', () => {
    const text = `${REST('        Authorizers:\n          T: { FunctionArn: !GetAtt NodeGate.Arn }', GET(', Auth: { Authorizer: T }'))}
  NodeGate:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, Runtime: nodejs20.x }
`;
    expect(messages(text)).toContain('warning Resources.Api.Properties.Auth.Authorizers.T.FunctionArn: names NodeGate, which pylambda does not run (its Runtime is nodejs20.x; pylambda runs Python functions only): its routes answer without this authorizer locally');
    expect(routes(text)[0]!.routes[0]!.authorizer).toBeUndefined();
  });

  it('a default the API lacks, and AWS_IAM, which is not enforced', () => {
    expect(messages(REST('        DefaultAuthorizer: Missing', GET()))).toEqual(["error Resources.Api.Properties.Auth.DefaultAuthorizer: 'Missing' is not one of the API's Auth.Authorizers (none)"]);
    expect(messages(REST('        DefaultAuthorizer: AWS_IAM', GET()))).toEqual(['warning Resources.Api.Properties.Auth.DefaultAuthorizer: AWS_IAM is not enforced locally: requests reach the functions without IAM signatures']);
  });
});

const HTTP = (auth: string, events: string) => `Globals:
  HttpApi:
    Auth:
${auth}
Resources:
${fn('Gate')}
${fn('Items', events)}`;
const HGET = (extra = '') => `        Get: { Type: HttpApi, Properties: { Path: /items, Method: get${extra} } }\n`;

describe('SAM HTTP API Auth (Globals.HttpApi for the implicit API)', () => {
  it('a Lambda authorizer with simple responses and a TTL, and a JWT authorizer with route scopes', () => {
    const [api] = routes(HTTP(`      DefaultAuthorizer: Simple
      Authorizers:
        Simple:
          FunctionArn: !Sub '\${Gate.Arn}'
          AuthorizerPayloadFormatVersion: 2.0
          EnableSimpleResponses: true
          Identity: { Headers: [Authorization], ReauthorizeEvery: 30 }
        OAuth:
          IdentitySource: $request.header.Authorization
          JwtConfiguration: { issuer: 'https://issuer.example', audience: [app] }`,
    `${HGET()}        Jwt: { Type: HttpApi, Properties: { Path: /me, Method: get, Auth: { Authorizer: OAuth, AuthorizationScopes: [read] } } }\n`));
    expect(api!.routes.map((r) => r.authorizer)).toEqual([
      { name: 'Simple', functionId: 'Gate', type: 'REQUEST', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 30, payloadFormatVersion: '2.0', simpleResponses: true },
      { name: 'OAuth', type: 'JWT', header: 'Authorization', issuers: ['https://issuer.example'], audiences: ['app'], scopes: ['read'] },
    ]);
  });

  it.each([
    ['no payload format version', "        L: { FunctionArn: !GetAtt Gate.Arn }", "error Globals.HttpApi.Auth.Authorizers.L.AuthorizerPayloadFormatVersion: is required for an HTTP API's Lambda authorizer ('1.0' or '2.0'), as SAM requires"],
    ['simple responses with 1.0', "        L: { FunctionArn: !GetAtt Gate.Arn, AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: true }",
      "error Globals.HttpApi.Auth.Authorizers.L.EnableSimpleResponses: takes AuthorizerPayloadFormatVersion '2.0': a 1.0 authorizer answers with an IAM policy"],
    ['caching without an identity source', "        L: { FunctionArn: !GetAtt Gate.Arn, AuthorizerPayloadFormatVersion: '2.0', Identity: { ReauthorizeEvery: 60 } }",
      'error Globals.HttpApi.Auth.Authorizers.L.Identity: must name an identity source when answers are cached (Identity.ReauthorizeEvery above 0), as SAM requires'],
    ['a JWT without an identity source', "        L: { JwtConfiguration: { issuer: x } }", 'error Globals.HttpApi.Auth.Authorizers.L.IdentitySource: is required for a JWT authorizer (for example $request.header.Authorization), as SAM requires'],
    ['a Lambda authorizer with a JWT\'s IdentitySource (SAM refuses it)', "        L: { FunctionArn: !GetAtt Gate.Arn, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: $request.header.A }",
      "error Globals.HttpApi.Auth.Authorizers.L.IdentitySource: is a JWT authorizer's (with JwtConfiguration): a Lambda authorizer reads its identity sources from Identity (Headers, QueryStrings, StageVariables, Context), as SAM requires"],
    ['a Lambda authorizer with scopes', "        L: { FunctionArn: !GetAtt Gate.Arn, AuthorizerPayloadFormatVersion: '2.0', AuthorizationScopes: [read] }",
      "error Globals.HttpApi.Auth.Authorizers.L.AuthorizationScopes: is a JWT authorizer's (with JwtConfiguration), as SAM requires"],
    ['a JWT authorizer with a Lambda one\'s Identity', "        L: { JwtConfiguration: { issuer: x }, IdentitySource: $request.header.A, Identity: { Headers: [A] } }",
      "error Globals.HttpApi.Auth.Authorizers.L.Identity: is a Lambda authorizer's (with FunctionArn), not a JWT one's, as SAM requires"],
  ])('%s', (_what, authorizer, message) => {
    expect(messages(HTTP(`      Authorizers:\n${authorizer}`, HGET(', Auth: { Authorizer: L }')))).toContain(message);
  });
});

describe('AWS_IAM on an HTTP API route, which SAM has only with EnableIamAuthorizer', () => {
  const NOT_ENABLED = 'error Resources.Items.Properties.Events.Get.Properties.Auth.Authorizer: AWS_IAM on an HTTP API needs Auth.EnableIamAuthorizer: true on the API (or an authorizer of that name in its Auth.Authorizers):'
    + ' without it, sam build and sam deploy refuse the template ("Unable to set Authorizer [AWS_IAM] on API method ... for path ...")';
  const IAM = HGET(', Auth: { Authorizer: AWS_IAM }');

  it.each<[string, string, string[]]>([
    ['an API without Auth: SAM refuses it', `Resources:\n${fn('Items', IAM)}`, [NOT_ENABLED]],
    ['Auth without EnableIamAuthorizer: SAM refuses it', HTTP("      Authorizers:\n        L: { FunctionArn: !GetAtt Gate.Arn, AuthorizerPayloadFormatVersion: '2.0' }", IAM), [NOT_ENABLED]],
    ['EnableIamAuthorizer: true: served, not enforced', HTTP('      EnableIamAuthorizer: true', IAM),
      ['warning Resources.Items.Properties.Events.Get.Properties.Auth.Authorizer: AWS_IAM is not enforced locally: requests reach the function without IAM signatures']],
  ])('%s', (_what, text, expected) => {
    expect(messages(text)).toEqual(expected);
  });

  it('as the API\'s DefaultAuthorizer, without EnableIamAuthorizer: the same error, on DefaultAuthorizer', () => {
    expect(messages(HTTP('      DefaultAuthorizer: AWS_IAM', HGET()))).toEqual([NOT_ENABLED.replace('Resources.Items.Properties.Events.Get.Properties.Auth.Authorizer', 'Globals.HttpApi.Auth.DefaultAuthorizer')]);
    expect(messages(HTTP('      DefaultAuthorizer: AWS_IAM\n      EnableIamAuthorizer: true', HGET())).filter((m) => m.startsWith('error'))).toEqual([]);
  });

  it('an authorizer the API names AWS_IAM is that authorizer (SAM\'s http_api_custom_iam_auth)', () => {
    const [api] = routes(HTTP("      Authorizers:\n        AWS_IAM: { IdentitySource: $request.header.Authorization, JwtConfiguration: { issuer: 'https://issuer.example' } }", IAM));
    expect(api!.routes[0]!.authorizer).toEqual({ name: 'AWS_IAM', type: 'JWT', header: 'Authorization', issuers: ['https://issuer.example'], audiences: [] });
  });
});

describe('SAM Auth values known only once deployed', () => {
  const POOL = `  UserPool: { Type: AWS::Cognito::UserPool }
  Client: { Type: AWS::Cognito::UserPoolClient, Properties: { UserPoolId: !Ref UserPool } }
  Stack: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: auth.yaml } }`;

  it("a JWT issuer and audience from the template's user pool take any token's, as their local ids are made up", () => {
    const text = HTTP(`      DefaultAuthorizer: Jwt
      Authorizers:
        Jwt:
          IdentitySource: $request.header.Authorization
          JwtConfiguration:
            issuer: !Sub 'https://cognito-idp.\${AWS::Region}.amazonaws.com/\${UserPool}'
            audience: [!Ref Client]`, HGET()).replace('Resources:\n', `Resources:\n${POOL}\n`);
    expect(routes(text)[0]!.routes[0]!.authorizer).toEqual({ name: 'Jwt', type: 'JWT', header: 'Authorization', issuers: [], audiences: [] });
    expect(messages(text).filter((m) => m.includes('JwtConfiguration'))).toEqual([
      expect.stringMatching(/^warning Globals\.HttpApi\.Auth\.Authorizers\.Jwt\.JwtConfiguration\.issuer: !Ref UserPool: Cognito generates a user pool's id when deployed; locally it is us-east-1_\w{9}, made up \(nothing local serves a AWS::Cognito::UserPool\): tokens of any issuer are taken locally$/),
      expect.stringMatching(/^warning Globals\.HttpApi\.Auth\.Authorizers\.Jwt\.JwtConfiguration\.audience: !Ref Client: Cognito generates a user pool client's id when deployed; .*: tokens for any audience are taken locally$/),
    ]);
  });

  it("a JWT issuer and audience from a nested stack's outputs: warnings, not errors", () => {
    const text = HTTP(`      Authorizers:
        Jwt:
          IdentitySource: $request.header.Authorization
          JwtConfiguration: { issuer: !GetAtt Stack.Outputs.Issuer, audience: [!GetAtt Stack.Outputs.ClientId] }`, HGET(', Auth: { Authorizer: Jwt }')).replace('Resources:\n', `Resources:\n${POOL}\n`);
    expect(routes(text)[0]!.routes[0]!.authorizer).toMatchObject({ issuers: [], audiences: [] });
    expect(messages(text).filter((m) => m.includes('JwtConfiguration'))).toEqual([
      'warning Globals.HttpApi.Auth.Authorizers.Jwt.JwtConfiguration.issuer: !GetAtt Stack.Outputs.Issuer is known only once deployed: tokens of any issuer are taken locally',
      'warning Globals.HttpApi.Auth.Authorizers.Jwt.JwtConfiguration.audience: !GetAtt Stack.Outputs.ClientId is known only once deployed: tokens for any audience are taken locally',
    ]);
  });

  it("a Cognito authorizer's UserPoolArn built from the template's pool takes any issuer", () => {
    const text = REST(`        DefaultAuthorizer: Pool
        Authorizers:
          Pool: { UserPoolArn: !Sub 'arn:aws:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/\${UserPool}' }`, GET()).replace('Resources:\n', `Resources:\n${POOL}\n`);
    expect(routes(text)[0]!.routes[0]!.authorizer).toMatchObject({ type: 'COGNITO_USER_POOLS', issuers: [] });
    expect(messages(text).filter((m) => m.includes('UserPoolArn'))).toEqual([
      expect.stringMatching(/^warning Resources\.Api\.Properties\.Auth\.Authorizers\.Pool\.UserPoolArn: !Ref UserPool: Cognito generates a user pool's id when deployed; .*: tokens of any issuer are taken locally$/),
    ]);
  });
});

describe('SAM Auth that pylambda dev cannot honour', () => {
  it('a resource policy (the API\'s or an event\'s) and a usage plan\'s limits are warned about, and guard nothing', () => {
    const text = REST(`        ResourcePolicy: { IpRangeWhitelist: [10.0.0.0/8] }
        UsagePlan: { CreatePlan: PER_API, Throttle: { RateLimit: 1 }, Quota: { Limit: 10, Period: DAY } }`,
    GET(', Auth: { ResourcePolicy: { AwsAccountBlacklist: [\'111122223333\'] } }'));
    expect(routes(text)[0]!.routes[0]!.authorizer).toBeUndefined();
    expect(messages(text)).toEqual([
      'warning Resources.Api.Properties.Auth.ResourcePolicy: is not evaluated locally: requests reach the routes whatever their IP address, VPC endpoint or account, where API Gateway would refuse those the policy denies (403)',
      "warning Resources.Api.Properties.Auth.UsagePlan.Throttle: is not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan's limits)",
      "warning Resources.Api.Properties.Auth.UsagePlan.Quota: is not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan's limits)",
      'warning Resources.Items.Properties.Events.Get.Properties.Auth.ResourcePolicy: is not evaluated locally: requests reach the routes whatever their IP address, VPC endpoint or account, where API Gateway would refuse those the policy denies (403)',
    ]);
  });

  it('HTTP API properties on a REST Lambda authorizer are ignored, as SAM ignores them, with a warning', () => {
    const text = REST(`        DefaultAuthorizer: T
        Authorizers:
          T: { FunctionArn: !GetAtt Gate.Arn, Identity: { Header: AuthorizationToken }, AuthorizerPayloadFormatVersion: 2.0, EnableSimpleResponses: true }`, GET());
    expect(routes(text)[0]!.routes[0]!.authorizer).toMatchObject({ name: 'T', type: 'TOKEN', identitySources: [{ in: 'header', name: 'AuthorizationToken' }] });
    const ignored = (key: string) => `warning Resources.Api.Properties.Auth.Authorizers.T.${key}: is an HTTP API setting, which a REST API ignores: the authorizer gets the REST TOKEN or REQUEST event and must answer with an IAM policy (principalId, policyDocument)`;
    expect(messages(text)).toEqual([ignored('AuthorizerPayloadFormatVersion'), ignored('EnableSimpleResponses')]);
  });
});

describe('SAM Auth in a whole template', () => {
  it('says an authorizer of another stack does not run locally; an API key is checked (api-keys-model.test.ts)', () => {
    const { diagnostics } = read(`Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Token
        Authorizers: { Token: { FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:auth } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /x, Method: get, Auth: { ApiKeyRequired: true } }
`);
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      "warning Resources.Api.Properties.Auth.Authorizers.Token.FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth' is not a function of this template: pylambda dev runs only the template's own functions, so its routes answer without this authorizer locally",
    ]);
  });
});
