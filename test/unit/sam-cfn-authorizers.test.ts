import { describe, expect, it } from 'vitest';
import { endpoints, HTTP, REST, ROOT, said } from './cfn-api-templates.js';

describe('authorizers of AWS::ApiGateway::Method and AWS::ApiGatewayV2::Route', () => {
  const authFn = `
  AuthFn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.auth, Runtime: python3.12 }`;
  const authUri = "{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [AuthFn, Arn] }, /invocations]] }";

  it('REST: a TOKEN authorizer (CDK TokenAuthorizer), a REQUEST one, Cognito with the method\'s scopes, and AWS_IAM not enforced', () => {
    const text = `${REST.replace('Resources:', `Resources:${authFn}`)}
  ApiTokenAuthorizerA1B2:
    Type: AWS::ApiGateway::Authorizer
    Properties: { Name: token, RestApiId: { Ref: Api1A2B3C4D }, Type: TOKEN, AuthorizerUri: ${authUri}, IdentitySource: method.request.header.Authorization, IdentityValidationExpression: '^Bearer .+$' }
  ApiRequestAuthorizerC3D4:
    Type: AWS::ApiGateway::Authorizer
    Properties: { Name: request, RestApiId: { Ref: Api1A2B3C4D }, Type: REQUEST, AuthorizerUri: ${authUri}, IdentitySource: 'method.request.header.X-Tenant, method.request.querystring.key', AuthorizerResultTtlInSeconds: 0 }
  ApiPoolAuthorizerE5F6:
    Type: AWS::ApiGateway::Authorizer
    Properties: { Name: pool, RestApiId: { Ref: Api1A2B3C4D }, Type: COGNITO_USER_POOLS, IdentitySource: method.request.header.Authorization, ProviderARNs: ['arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC'] }
`.replace("ResourceId: { Ref: ApiusersidordersA5B6 }\n      AuthorizationType: NONE", "ResourceId: { Ref: ApiusersidordersA5B6 }\n      AuthorizationType: CUSTOM\n      AuthorizerId: { Ref: ApiTokenAuthorizerA1B2 }")
      .replace("ResourceId: { Ref: ApiproxyC7D8 }\n      AuthorizationType: NONE", "ResourceId: { Ref: ApiproxyC7D8 }\n      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizationScopes: [items/read]\n      AuthorizerId: { Ref: ApiPoolAuthorizerE5F6 }")
      .replace(`ResourceId: ${ROOT}\n      AuthorizationType: NONE`, `ResourceId: ${ROOT}\n      AuthorizationType: AWS_IAM`);
    const routes = endpoints(text)[0]!.routes;
    expect(routes.map((r) => r.authorizer)).toEqual([
      undefined,
      { name: 'token', functionId: 'AuthFn', type: 'TOKEN', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 300, validationExpression: '^Bearer .+$' },
      { name: 'pool', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: ['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC'], scopes: ['items/read'] },
    ]);
    expect(said(text, 'warning')).toEqual(expect.arrayContaining([
      'Resources.ApiGETRoot1234.Properties.AuthorizationType: AWS_IAM is not enforced locally: requests reach the function without IAM signatures',
      "Resources.ApiPoolAuthorizerE5F6.Properties: is checked without its signature: pylambda dev decodes the token and checks its claims (issuer, audience, expiry, scopes), but cannot fetch the issuer's keys locally",
    ]));
    const request = text.replace('AuthorizerId: { Ref: ApiTokenAuthorizerA1B2 }', 'AuthorizerId: { Ref: ApiRequestAuthorizerC3D4 }');
    expect(endpoints(request)[0]!.routes[1]!.authorizer).toEqual({
      name: 'request', functionId: 'AuthFn', type: 'REQUEST', identitySources: [{ in: 'header', name: 'X-Tenant' }, { in: 'query', name: 'key' }], ttlSeconds: 0,
    });
  });

  it('HTTP: a Lambda REQUEST authorizer with simple responses and a JWT one with the route\'s scopes', () => {
    const text = `${HTTP.replace('Resources:', `Resources:${authFn}`)}
  HttpApiLambdaAuthorizer1A2B:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, Name: lambda, AuthorizerType: REQUEST, AuthorizerUri: ${authUri}, IdentitySource: [$request.header.Authorization], AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 60 }
  HttpApiJwtAuthorizer3C4D:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, Name: jwt, AuthorizerType: JWT, IdentitySource: [$request.header.Authorization], JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: [web] } }
`.replace("RouteKey: GET /items/{id}\n      AuthorizationType: NONE", "RouteKey: GET /items/{id}\n      AuthorizationType: CUSTOM\n      AuthorizerId: { Ref: HttpApiLambdaAuthorizer1A2B }")
      .replace("RouteKey: 'ANY /{proxy+}',", "RouteKey: 'ANY /{proxy+}', AuthorizationType: JWT, AuthorizationScopes: [items.read], AuthorizerId: { Ref: HttpApiJwtAuthorizer3C4D },");
    const routes = endpoints(text)[0]!.routes;
    expect(routes.map((r) => r.authorizer)).toEqual([
      { name: 'lambda', functionId: 'AuthFn', type: 'REQUEST', identitySources: [{ in: 'header', name: 'Authorization' }], ttlSeconds: 60, payloadFormatVersion: '2.0', simpleResponses: true },
      { name: 'jwt', type: 'JWT', header: 'Authorization', issuers: ['https://issuer.example.com'], audiences: ['web'], scopes: ['items.read'] },
      undefined,
    ]);
  });

  // As CDK's HttpUserPoolAuthorizer and CognitoUserPoolsAuthorizer synthesize them, for the stack's own pool and client.
  const POOL = `
  UserPool6BA7E5F2: { Type: AWS::Cognito::UserPool }
  UserPoolClient2F5918F7: { Type: AWS::Cognito::UserPoolClient, Properties: { UserPoolId: { Ref: UserPool6BA7E5F2 } } }`;
  const MADE_UP_POOL = "!Ref UserPool6BA7E5F2: Cognito generates a user pool's id when deployed; locally it is us-east-1_\\w{9}, made up \\(nothing local serves a AWS::Cognito::UserPool\\)";

  it("HTTP: a JWT authorizer of the stack's own user pool and client takes any issuer and audience, as their ids are made up locally", () => {
    const text = `${HTTP.replace('Resources:', `Resources:${POOL}`)}
  HttpApiPoolAuthorizer5E6F:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: { Ref: HttpApiF5A9A8A7 }
      Name: pool
      AuthorizerType: JWT
      IdentitySource: [$request.header.Authorization]
      JwtConfiguration:
        Audience: [{ Ref: UserPoolClient2F5918F7 }]
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: UserPool6BA7E5F2 }]] }
`.replace("RouteKey: GET /items/{id}\n      AuthorizationType: NONE", "RouteKey: GET /items/{id}\n      AuthorizationType: JWT\n      AuthorizerId: { Ref: HttpApiPoolAuthorizer5E6F }");
    expect(endpoints(text)[0]!.routes[0]!.authorizer).toEqual({ name: 'pool', type: 'JWT', header: 'Authorization', issuers: [], audiences: [] });
    expect(said(text, 'warning')).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^Resources\\.HttpApiPoolAuthorizer5E6F\\.Properties\\.JwtConfiguration\\.Issuer: ${MADE_UP_POOL}: tokens of any issuer are taken locally$`)),
      expect.stringMatching(/^Resources\.HttpApiPoolAuthorizer5E6F\.Properties\.JwtConfiguration\.Audience: !Ref UserPoolClient2F5918F7: Cognito generates a user pool client's id when deployed; locally it is \w+, made up .*: tokens for any audience are taken locally$/),
    ]));
  });

  it("REST: a Cognito authorizer of the stack's own user pool (!Sub of its id) takes any issuer", () => {
    const text = `${REST.replace('Resources:', `Resources:${POOL}`)}
  ApiPoolAuthorizerE5F6:
    Type: AWS::ApiGateway::Authorizer
    Properties: { Name: pool, RestApiId: { Ref: Api1A2B3C4D }, Type: COGNITO_USER_POOLS, IdentitySource: method.request.header.Authorization, ProviderARNs: [{ 'Fn::Sub': 'arn:aws:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/\${UserPool6BA7E5F2}' }] }
`.replace(`ResourceId: ${ROOT}\n      AuthorizationType: NONE`, `ResourceId: ${ROOT}\n      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: { Ref: ApiPoolAuthorizerE5F6 }`);
    expect(endpoints(text)[0]!.routes[0]!.authorizer).toEqual({ name: 'pool', type: 'COGNITO_USER_POOLS', header: 'Authorization', issuers: [] });
    expect(said(text, 'warning')).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^Resources\\.ApiPoolAuthorizerE5F6\\.Properties\\.ProviderARNs: ${MADE_UP_POOL}: tokens of any issuer are taken locally$`)),
    ]));
  });

  // The same rules, in the same words, as a SAM Auth's and an OpenAPI authorizer's (authorizer-rules.ts).
  const httpLambda = (props: string) => `${HTTP.replace('Resources:', `Resources:${authFn}`)}
  HttpApiLambdaAuthorizer1A2B:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, Name: lambda, AuthorizerType: REQUEST, AuthorizerUri: ${authUri}, ${props} }
`.replace("RouteKey: GET /items/{id}\n      AuthorizationType: NONE", "RouteKey: GET /items/{id}\n      AuthorizationType: CUSTOM\n      AuthorizerId: { Ref: HttpApiLambdaAuthorizer1A2B }");
  const restAuthorizer = (props: string) => `${REST.replace('Resources:', `Resources:${authFn}`)}
  ApiAuthorizerA1B2:
    Type: AWS::ApiGateway::Authorizer
    Properties: { Name: gate, RestApiId: { Ref: Api1A2B3C4D }, AuthorizerUri: ${authUri}, ${props} }
`.replace(`ResourceId: ${ROOT}\n      AuthorizationType: NONE`, `ResourceId: ${ROOT}\n      AuthorizationType: CUSTOM\n      AuthorizerId: { Ref: ApiAuthorizerA1B2 }`);
  const AT = 'Resources.HttpApiLambdaAuthorizer1A2B.Properties';
  const REST_AT = 'Resources.ApiAuthorizerA1B2.Properties';

  it.each([
    ['HTTP: no payload format version (API Gateway refuses it)', httpLambda('IdentitySource: [$request.header.A]'),
      `${AT}.AuthorizerPayloadFormatVersion: is required for an HTTP API's Lambda authorizer ('1.0' or '2.0'), as API Gateway requires`],
    ['HTTP: simple responses with 1.0', httpLambda("AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: true"),
      `${AT}.EnableSimpleResponses: takes AuthorizerPayloadFormatVersion '2.0': a 1.0 authorizer answers with an IAM policy`],
    ['HTTP: caching without an identity source', httpLambda("AuthorizerPayloadFormatVersion: '2.0', AuthorizerResultTtlInSeconds: 60"),
      `${AT}.IdentitySource: must name an identity source when answers are cached (AuthorizerResultTtlInSeconds above 0), as API Gateway requires`],
    ['HTTP: a TTL past an hour', httpLambda("AuthorizerPayloadFormatVersion: '2.0', IdentitySource: [$request.header.A], AuthorizerResultTtlInSeconds: 3601"),
      `${AT}.AuthorizerResultTtlInSeconds: 3601 is not between 0 and 3600 seconds`],
    ['REST: a REQUEST authorizer caching by nothing (the 300 s default)', restAuthorizer('Type: REQUEST'),
      `${REST_AT}.IdentitySource: must name an identity source when answers are cached (AuthorizerResultTtlInSeconds above 0), as API Gateway requires`],
    ['REST: a TOKEN authorizer without its header', restAuthorizer('Type: TOKEN'),
      `${REST_AT}.IdentitySource: is required for a TOKEN authorizer (for example method.request.header.Authorization), as API Gateway requires`],
    ['REST: a TOKEN authorizer reading a query string', restAuthorizer('Type: TOKEN, IdentitySource: method.request.querystring.t'),
      `${REST_AT}.IdentitySource: 'method.request.querystring.t' is not one header (method.request.header.NAME), where a TOKEN authorizer reads the token`],
    ['REST: a type API Gateway does not have', restAuthorizer('Type: LAMBDA, IdentitySource: method.request.header.A'),
      `${REST_AT}.Type: 'LAMBDA' is not TOKEN, REQUEST or COGNITO_USER_POOLS`],
    ['REST: no type', restAuthorizer('IdentitySource: method.request.header.A'),
      `${REST_AT}.Type: is required (TOKEN, REQUEST or COGNITO_USER_POOLS), as API Gateway requires`],
    ['HTTP: a REST API\'s type', httpLambda("AuthorizerPayloadFormatVersion: '2.0'").replace('AuthorizerType: REQUEST', 'AuthorizerType: TOKEN'),
      `${AT}.AuthorizerType: 'TOKEN' is not REQUEST or JWT`],
    ['REST: a REQUEST authorizer reading the body', restAuthorizer('Type: REQUEST, IdentitySource: "method.request.header.A, method.request.body.b"'),
      `${REST_AT}.IdentitySource: 'method.request.body.b' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)`],
    ['HTTP: a REQUEST authorizer reading a cookie', httpLambda("AuthorizerPayloadFormatVersion: '2.0', IdentitySource: [$request.cookie.c]"),
      `${AT}.IdentitySource: '$request.cookie.c' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)`],
  ])('%s: an error', (_what, text, message) => {
    expect(said(text, 'error')).toEqual([message]);
  });

  it('warns of what deploys but does nothing: a REQUEST authorizer\'s validation expression, a JWT read from a query string (pylambda reads headers)', () => {
    const request = restAuthorizer("Type: REQUEST, IdentitySource: method.request.header.A, IdentityValidationExpression: '^x'");
    expect(said(request, 'warning')).toContain(`${REST_AT}.IdentityValidationExpression: applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a REQUEST authorizer`);
    expect(endpoints(request)[0]!.routes[0]!.authorizer).toMatchObject({ type: 'REQUEST', identitySources: [{ in: 'header', name: 'A' }], ttlSeconds: 300 });
    const jwt = `${HTTP}
  HttpApiJwtAuthorizer3C4D:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, Name: jwt, AuthorizerType: JWT, IdentitySource: [$request.querystring.token], JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: [web] } }
`.replace("RouteKey: GET /items/{id}\n      AuthorizationType: NONE", "RouteKey: GET /items/{id}\n      AuthorizationType: JWT\n      AuthorizerId: { Ref: HttpApiJwtAuthorizer3C4D }");
    expect(endpoints(jwt)[0]!.routes[0]).not.toHaveProperty('authorizer');
    expect(said(jwt, 'warning')).toContain("Resources.HttpApiJwtAuthorizer3C4D.Properties.IdentitySource: '$request.querystring.token' is a query string, where pylambda dev reads a JWT from a header only ($request.header.NAME): its routes answer without this authorizer locally");
  });

  it('an authorizer whose function pylambda does not run leaves its routes unguarded, with a warning', () => {
    const text = `${HTTP}
  HttpApiOutsideAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, Name: outside, AuthorizerType: REQUEST, AuthorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:shared-auth/invocations', AuthorizerPayloadFormatVersion: '2.0' }
`.replace("RouteKey: GET /items/{id}\n      AuthorizationType: NONE", "RouteKey: GET /items/{id}\n      AuthorizationType: CUSTOM\n      AuthorizerId: { Ref: HttpApiOutsideAuthorizer }");
    expect(endpoints(text)[0]!.routes[0]).not.toHaveProperty('authorizer');
    expect(said(text, 'warning')).toContain('Resources.HttpApiOutsideAuthorizer.Properties.AuthorizerUri: names no function pylambda runs (its function arn:aws:lambda:us-east-1:123456789012:function:shared-auth is not in this template): its routes answer without this authorizer locally');
  });
});
