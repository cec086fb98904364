import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const said = (text: string, severity: 'error' | 'warning') => read(text).diagnostics.filter((d) => d.severity === severity).map((d) => `${d.path}: ${d.message}`);

function endpoints(text: string): Endpoint[] {
  const { project, diagnostics } = read(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return [...project!.endpoints];
}

/** `id kind stage: METHOD path -> Fn, ...` for exact comparisons. */
const summary = (list: Endpoint[]) => list.map((e) => `${e.id} ${e.kind} ${e.stage}: ${e.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}`).join(', ')}`);

const FUNCTIONS = `
  ItemsFn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.handler, Runtime: python3.12 }
  OtherFn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.other, Runtime: python3.12 }`;

/** CDK's AWS_PROXY integration: Fn::Join of the apigateway path with the function's ARN. */
const proxy = (fn: string) => `
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [${fn}, Arn] }, /invocations]] }`;

const resource = (id: string, part: string, parent: string) => `
  ${id}:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: { Ref: Api1A2B3C4D }, PathPart: '${part}', ParentId: ${parent} }`;

const method = (id: string, verb: string, on: string, integration: string, extra = '') => `
  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: ${verb}
      RestApiId: { Ref: Api1A2B3C4D }
      ResourceId: ${on}
      AuthorizationType: NONE${extra}
      Integration:${integration}`;

const ROOT = "{ 'Fn::GetAtt': [Api1A2B3C4D, RootResourceId] }";

const REST = `Resources:${FUNCTIONS}
  Api1A2B3C4D:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: items, BinaryMediaTypes: [image/png] }
  ApiDeployment5E6F:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: { Ref: Api1A2B3C4D } }
  ApiDeploymentStageprod9A8B:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: { Ref: Api1A2B3C4D }, DeploymentId: { Ref: ApiDeployment5E6F }, StageName: prod, Variables: { tier: gold } }
${resource('ApiusersC1D2', 'users', ROOT)}${resource('ApiusersidE3F4', '{id}', '{ Ref: ApiusersC1D2 }')}${resource('ApiusersidordersA5B6', 'orders', '{ Ref: ApiusersidE3F4 }')}${resource('ApiproxyC7D8', '{proxy+}', ROOT)}
${method('ApiGETRoot1234', 'GET', ROOT, proxy('ItemsFn'))}${method('ApiusersidordersPOST5678', 'POST', '{ Ref: ApiusersidordersA5B6 }', proxy('OtherFn'), '\n      ApiKeyRequired: true')}${method('ApiproxyANY9ABC', 'ANY', '{ Ref: ApiproxyC7D8 }', proxy('ItemsFn'))}${method('ApiusersidGETDEF0', 'GET', '{ Ref: ApiusersidE3F4 }', `
        Type: HTTP_PROXY
        IntegrationHttpMethod: GET
        Uri: https://example.com/users/{id}`)}${method('ApiusersHEALTH1111', 'GET', '{ Ref: ApiusersC1D2 }', `
        Type: MOCK`)}
`;

describe('REST APIs written as AWS::ApiGateway resources (CDK RestApi, LambdaRestApi)', () => {
  it('spells each method\'s path from its Resource chain: the root, three levels deep, ANY and {proxy+}', () => {
    const [api] = endpoints(REST);
    expect(summary([api!])).toEqual(['Api1A2B3C4D rest prod: GET / -> ItemsFn, POST /users/{id}/orders -> OtherFn, ANY /{proxy+} -> ItemsFn']);
    expect(api).toMatchObject({ binaryMediaTypes: ['image/png'], stageVariables: { tier: 'gold' }, source: { file: 'template.yaml', path: 'Resources.Api1A2B3C4D' } });
    expect(api!.routes[1]).toMatchObject({ apiKeyRequired: true, source: { file: 'template.yaml', path: 'Resources.ApiusersidordersPOST5678' } });
    expect(api).not.toHaveProperty('preflight');
  });

  it('says in one warning which methods are not served, and why', () => {
    expect(said(REST, 'warning')).toEqual([
      'Resources.Api1A2B3C4D: 2 of its 5 methods are not served locally: GET /users/{id} (an http_proxy integration to https://example.com/users/{id}); GET /users (a mock integration)',
    ]);
  });

  it('takes a Deployment\'s StageName and its StageDescription.Variables when there is no Stage', () => {
    const text = REST.replace(/ {2}ApiDeploymentStageprod9A8B:\n.*\n.*\n/, '').replace('Properties: { RestApiId: { Ref: Api1A2B3C4D } }', 'Properties: { RestApiId: { Ref: Api1A2B3C4D }, StageName: v1, StageDescription: { Variables: { tier: silver } } }');
    expect(endpoints(text)[0]).toMatchObject({ stage: 'v1', stageVariables: { tier: 'silver' } });
  });

  // cfn_api_provider.py sets the collector's stage at every AWS::ApiGateway::Stage it reads: the last one stays.
  it.each<[string, string | undefined, string, string]>([
    ['the last in the template, as sam local start-api serves it', undefined, 'dev', 'pylambda dev serves dev, the last in the template, as sam local start-api does; --stage NAME serves another'],
    ['the one --stage names', 'prod', 'prod', 'pylambda dev serves prod, as --stage names'],
    ['the last, when --stage names none of them', 'beta', 'dev', 'pylambda dev serves dev, the last in the template, as sam local start-api does: --stage beta is none of them'],
  ])('several stages: serves %s, and says which', (_what, stage, served, message) => {
    const text = `${REST}
  ApiStageDev:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: { Ref: Api1A2B3C4D }, DeploymentId: { Ref: ApiDeployment5E6F }, StageName: dev, Variables: { tier: bronze } }
`;
    const { project, diagnostics } = readSamTemplate(text, { file: 'template.yaml', ...(stage ? { stage } : {}) });
    expect([project!.endpoints[0]!.stage, project!.endpoints[0]!.stageVariables]).toEqual([served, { tier: served === 'prod' ? 'gold' : 'bronze' }]);
    expect(diagnostics.filter((d) => d.path === 'Resources.Api1A2B3C4D').map((d) => d.message)).toContain(`has 2 stages (prod, dev): ${message}`);
  });

  it('without any stage, serves it as Prod and says that AWS would not', () => {
    const text = REST.replace(/ {2}ApiDeploymentStageprod9A8B:\n.*\n.*\n/, '');
    expect(endpoints(text)[0]!.stage).toBe('Prod');
    expect(said(text, 'warning')).toContain('Resources.Api1A2B3C4D: has no stage (an AWS::ApiGateway::Stage, or an AWS::ApiGateway::Deployment with a StageName): on AWS it answers only once deployed to one; served locally as stage Prod');
  });

  it('answers the CORS preflight of CDK\'s OPTIONS mock methods with the headers they set', () => {
    const text = `${REST}${method('ApiusersidordersOPTIONS2222', 'OPTIONS', '{ Ref: ApiusersidordersA5B6 }', `
        Type: MOCK
        RequestTemplates: { application/json: '{ statusCode: 200 }' }
        IntegrationResponses:
          - StatusCode: '204'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,X-Amz-Date,Authorization'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET,POST'"`)}
`;
    const [api] = endpoints(text);
    expect(api!.preflight).toBe('mock');
    expect(api!.routes.find((r) => r.path === '/users/{id}/orders')!.cors).toEqual({
      allowOrigins: ['*'], allowMethods: ['OPTIONS', 'GET', 'POST'], allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization'], exposeHeaders: [], allowCredentials: false, preflightStatus: 204,
    });
    expect(api!.routes.find((r) => r.path === '/')).not.toHaveProperty('cors');
  });

  it("serves CDK's OPTIONS mock on a resource with no method served as a preflight-only route, and says nothing of it", () => {
    const mock = (id: string, on: string, origin = "'*'", extra = '') => method(id, 'OPTIONS', on, `
        Type: MOCK
        IntegrationResponses:
          - StatusCode: '204'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Headers: "'Content-Type'"
              method.response.header.Access-Control-Allow-Origin: "${origin}"${extra}
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET,POST'"`);
    // `/users` has a mock method only (GET /users is a mock too), `/users/{id}` an HTTP_PROXY GET, `/` a function.
    const text = `${REST}${mock('ApiOPTIONSRoot', ROOT)}${mock('ApiusersOPTIONS', '{ Ref: ApiusersC1D2 }', "'https://app.example.com'", `
              method.response.header.Vary: "'Origin'"`)}${mock('ApiusersidOPTIONS', '{ Ref: ApiusersidE3F4 }')}
`;
    const [api] = endpoints(text);
    expect(summary([api!])).toEqual(['Api1A2B3C4D rest prod: GET / -> ItemsFn, POST /users/{id}/orders -> OtherFn, ANY /{proxy+} -> ItemsFn, OPTIONS /users -> , OPTIONS /users/{id} -> ']);
    expect(api!.routes.find((r) => r.path === '/')!.cors).toMatchObject({ preflightStatus: 204 });
    expect(api!.routes.find((r) => r.path === '/users')).toEqual({
      method: 'OPTIONS', path: '/users', functionId: '', preflightOnly: true, source: { file: 'template.yaml', path: 'Resources.ApiusersOPTIONS' },
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['OPTIONS', 'GET', 'POST'], allowHeaders: ['Content-Type'], exposeHeaders: [], allowCredentials: false, preflightStatus: 204, preflightVary: 'Origin' },
    });
    expect(said(text, 'warning')).toEqual([
      'Resources.Api1A2B3C4D: 2 of its 5 methods are not served locally: GET /users/{id} (an http_proxy integration to https://example.com/users/{id}); GET /users (a mock integration)',
    ]);
  });

  it('an API whose only methods served would be CORS mocks is not served', () => {
    const text = `Resources:${FUNCTIONS}
  Api1A2B3C4D:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: mocks }
${method('ApiOPTIONSRoot', 'OPTIONS', ROOT, `
        Type: MOCK
        IntegrationResponses: [{ StatusCode: '204', ResponseParameters: { method.response.header.Access-Control-Allow-Origin: "'*'" } }]`)}
`;
    expect(read(text).project!.endpoints).toEqual([]);
    expect(said(text, 'warning')).toEqual(['Resources.Api1A2B3C4D: has CORS preflights (OPTIONS mock methods) only, no method that calls a function, so it is not served']);
  });

  it('two functions on one method stay a startup error', () => {
    const text = `${REST}${method('ApiGETRootAgain', 'GET', ROOT, proxy('OtherFn'))}
`;
    expect(said(text, 'error')).toEqual([
      'Resources.ApiGETRootAgain: GET / on REST API Api1A2B3C4D is claimed by two functions: ItemsFn (template.yaml: Resources.ApiGETRoot1234) and OtherFn (template.yaml: Resources.ApiGETRootAgain); a route calls one function',
    ]);
  });

  it('warns at a broken Resource chain and at a method on another API, and serves the rest', () => {
    const text = `${REST}${resource('ApiOrphan', 'orphan', '{ Ref: Nowhere }')}${method('ApiOrphanGET', 'GET', '{ Ref: ApiOrphan }', proxy('ItemsFn'))}
  ApiOtherGET:
    Type: AWS::ApiGateway::Method
    Properties: { HttpMethod: GET, RestApiId: somewhere-else, ResourceId: abc, Integration: { Type: AWS_PROXY } }
`;
    expect(summary(endpoints(text))).toEqual(['Api1A2B3C4D rest prod: GET / -> ItemsFn, POST /users/{id}/orders -> OtherFn, ANY /{proxy+} -> ItemsFn']);
    expect(said(text, 'warning')).toEqual(expect.arrayContaining([
      'Resources.ApiOrphan.Properties.ParentId: is not !GetAtt <RestApi>.RootResourceId or a !Ref to another AWS::ApiGateway::Resource of this template, so the methods on ApiOrphan are not served',
      "Resources.ApiOtherGET.Properties.RestApiId: 'somewhere-else' is not an AWS::ApiGateway::RestApi of this template, so this method is not served",
    ]));
  });

  it('a method on another stack\'s API, or on a SAM API, is said once and its values are not read; values not known locally are warnings', () => {
    const text = `Parameters:
  Verb: { Type: String }
Resources:${FUNCTIONS}
  Sam:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod }
  Imported:
    Type: AWS::ApiGateway::Method
    Properties: { HttpMethod: { Ref: Verb }, RestApiId: { 'Fn::ImportValue': shared-api }, ResourceId: { 'Fn::ImportValue': shared-root }, Integration: { Type: AWS_PROXY } }
  OnSam:
    Type: AWS::ApiGateway::Method
    Properties: { HttpMethod: GET, RestApiId: { Ref: Sam }, ResourceId: { 'Fn::GetAtt': [Sam, RootResourceId] }, Integration: { Type: AWS_PROXY } }
`;
    expect(said(text, 'error')).toEqual([]);
    expect(said(text, 'warning')).toEqual([
      'Resources.Imported.Properties.RestApiId: is not a !Ref to an AWS::ApiGateway::RestApi of this template, so this method is not served',
      "Resources.OnSam.Properties.RestApiId: 'Sam' is an AWS::Serverless::Api: pylambda serves the routes of its functions' events and definition, not resources added to it, so this method is not served",
    ]);
  });

  it('an API none of whose methods can be served is named as unserved', () => {
    const text = `Resources:${FUNCTIONS}
  Api1A2B3C4D:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: mocks }
${resource('ApiusersC1D2', 'users', ROOT)}${method('ApiusersGET', 'GET', '{ Ref: ApiusersC1D2 }', `
        Type: MOCK`)}
`;
    const { project } = read(text);
    expect(project!.endpoints).toEqual([]);
    expect(project!.unservedEndpoints).toEqual(['Api1A2B3C4D']);
    expect(said(text, 'warning')).toContain('Resources.Api1A2B3C4D: none of its 1 methods can be served locally, so Api1A2B3C4D is not served: GET /users (a mock integration)');
  });

  it('reads the routes of an OpenAPI Body as a SAM API\'s definition', () => {
    const text = `Resources:${FUNCTIONS}
  BodyApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        paths:
          /things/{id}:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: { 'Fn::Sub': 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemsFn.Arn}/invocations' }
  BodyDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: { Ref: BodyApi }, StageName: live }
`;
    expect(summary(endpoints(text))).toEqual(['BodyApi rest live: GET /things/{id} -> ItemsFn']);
  });

  it('runs the authorizer an OpenAPI Body\'s security names, its function found by authorizerUri', () => {
    const text = `Resources:${FUNCTIONS}
  BodyApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        security: [{ Gate: [] }]
        components:
          securitySchemes:
            Gate:
              type: apiKey
              name: X-Token
              in: header
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: { 'Fn::Sub': 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OtherFn.Arn}/invocations' }
        paths:
          /things:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: { 'Fn::Sub': 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemsFn.Arn}/invocations' }
  BodyDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: { Ref: BodyApi }, StageName: live }
`;
    expect(endpoints(text)[0]!.routes[0]!.authorizer).toEqual({ name: 'Gate', functionId: 'OtherFn', type: 'TOKEN', identitySources: [{ in: 'header', name: 'X-Token' }], ttlSeconds: 300 });
    expect(said(text, 'warning')).toEqual([]);
  });

  it('a Body in S3 is not read: one warning says so, and the API is named as unserved', () => {
    const text = `Resources:${FUNCTIONS}
  S3Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { BodyS3Location: { Bucket: specs, Key: api.yaml } }
`;
    expect(read(text).project!.unservedEndpoints).toEqual(['S3Api']);
    expect(said(text, 'warning')).toEqual(['Resources.S3Api.Properties.BodyS3Location: is in S3 (bucket specs, key api.yaml): pylambda reads a local file only, so the routes it defines are not served']);
  });

  it('reads a CDK SpecRestApi\'s definition from its asset in cdk.out, where the metadata says BodyS3Location is', () => {
    // As cdk synth writes ApiDefinition.fromAsset('openapi.yaml').
    const text = `Resources:${FUNCTIONS}
  SpecApiA4950D24:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BodyS3Location: { Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-\${AWS::AccountId}-\${AWS::Region}' }, Key: d2aa4b74.yaml }
      Name: SpecApi
    Metadata: { 'aws:cdk:path': SpecStack/SpecApi/Resource, 'aws:asset:path': asset.d2aa4b74.yaml, 'aws:asset:property': BodyS3Location }
  SpecApiDeploymentStageprod:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: { Ref: SpecApiA4950D24 }, StageName: prod }
`;
    const spec = `openapi: 3.0.1
paths:
  /hello:
    get:
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ItemsFn/invocations' }
`;
    const asked: string[] = [];
    const readFile = (path: string) => (asked.push(path), path === 'asset.d2aa4b74.yaml' ? spec : undefined);
    const { project, diagnostics } = readSamTemplate(text, { file: 'cdk.out/SpecStack.template.json', readFile });
    expect(asked).toEqual(['asset.d2aa4b74.yaml']);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([]);
    expect(summary([...project!.endpoints])).toEqual(['SpecApiA4950D24 rest prod: GET /hello -> ItemsFn']);
  });

  it('a SpecRestApi whose asset is not in cdk.out says to run cdk synth', () => {
    const text = `Resources:${FUNCTIONS}
  SpecApiA4950D24:
    Type: AWS::ApiGateway::RestApi
    Properties: { BodyS3Location: { Bucket: assets, Key: d2aa4b74.yaml } }
    Metadata: { 'aws:asset:path': asset.d2aa4b74.yaml, 'aws:asset:property': BodyS3Location }
`;
    const { project, diagnostics } = readSamTemplate(text, { file: 'cdk.out/SpecStack.template.json', readFile: () => undefined });
    expect(project!.unservedEndpoints).toEqual(['SpecApiA4950D24']);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(['Resources.SpecApiA4950D24.Metadata.aws:asset:path: asset.d2aa4b74.yaml is not in cdk.out (not synthesized, or cleaned): run cdk synth to write it; the routes of its definition are not served until then']);
  });
});

const HTTP = `Resources:${FUNCTIONS}
  HttpApiF5A9A8A7:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: items
      ProtocolType: HTTP
      CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowMethods: [GET, POST], MaxAge: 600 }
  HttpApiDefaultStage3EEB07D6:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, StageName: $default, AutoDeploy: true }
  HttpApiGETitemsidItemsIntegration1F2A3B4C:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, IntegrationType: AWS_PROXY, IntegrationUri: { 'Fn::GetAtt': [ItemsFn, Arn] }, PayloadFormatVersion: '2.0' }
  HttpApiGETitemsid5D6E7F8A:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: { Ref: HttpApiF5A9A8A7 }
      RouteKey: GET /items/{id}
      AuthorizationType: NONE
      Target: { 'Fn::Join': ['', [integrations/, { Ref: HttpApiGETitemsidItemsIntegration1F2A3B4C }]] }
  HttpApiOtherIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, IntegrationType: AWS_PROXY, IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:OtherFn', PayloadFormatVersion: '1.0', TimeoutInMillis: 5000 }
  HttpApiANYproxy:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, RouteKey: 'ANY /{proxy+}', Target: { 'Fn::Sub': 'integrations/\${HttpApiOtherIntegration}' } }
  HttpApiDefault:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, RouteKey: $default, Target: { 'Fn::Join': ['', [integrations/, { Ref: HttpApiGETitemsidItemsIntegration1F2A3B4C }]] } }
  HttpApiQueueIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, IntegrationType: AWS_PROXY, IntegrationSubtype: SQS-SendMessage, PayloadFormatVersion: '1.0' }
  HttpApiPOSTqueue:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, RouteKey: POST /queue, Target: { 'Fn::Join': ['', [integrations/, { Ref: HttpApiQueueIntegration }]] } }
`;

describe('HTTP APIs written as AWS::ApiGatewayV2 resources (CDK HttpApi)', () => {
  it('serves each Route through its Integration, with its payload format, timeout and the API\'s CORS', () => {
    const [api] = endpoints(HTTP);
    expect(summary([api!])).toEqual(['HttpApiF5A9A8A7 http $default: GET /items/{id} -> ItemsFn, ANY /{proxy+} -> OtherFn, ANY $default -> ItemsFn']);
    expect(api!.routes.map((r) => [r.payloadFormatVersion, r.integrationTimeoutMs])).toEqual([['2.0', undefined], ['1.0', 5000], ['2.0', undefined]]);
    expect(api!.cors).toEqual({ allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: [], exposeHeaders: [], allowCredentials: false, maxAge: 600 });
    expect(said(HTTP, 'warning')).toEqual(['Resources.HttpApiF5A9A8A7: 1 of its 4 routes is not served locally: POST /queue (an AWS service integration (SQS-SendMessage))']);
  });

  it('takes a named stage and its StageVariables', () => {
    const text = HTTP.replace('StageName: $default, AutoDeploy: true', 'StageName: beta, StageVariables: { tier: bronze }');
    expect(endpoints(text)[0]).toMatchObject({ stage: 'beta', stageVariables: { tier: 'bronze' } });
  });

  it('quick create: the API\'s Target is its $default route on the $default stage', () => {
    const text = `Resources:${FUNCTIONS}
  QuickApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: quick, ProtocolType: HTTP, Target: { 'Fn::GetAtt': [ItemsFn, Arn] } }
`;
    expect(summary(endpoints(text))).toEqual(['QuickApi http $default: ANY $default -> ItemsFn']);
    expect(said(text, 'warning')).toEqual([]);
  });

  it('an Api with an OpenAPI Body and no ProtocolType is an HTTP API, as CloudFormation makes it', () => {
    const text = `Resources:${FUNCTIONS}
  BodyHttp:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: 3.0.1
        paths:
          /things:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                payloadFormatVersion: '2.0'
                uri: { 'Fn::GetAtt': [ItemsFn, Arn] }
`;
    expect(summary(endpoints(text))).toEqual(['BodyHttp http $default: GET /things -> ItemsFn']);
  });

  it('a WebSocket API is not served, with a warning', () => {
    const text = `Resources:${FUNCTIONS}
  SocketApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
`;
    expect(endpoints(text)).toEqual([]);
    expect(said(text, 'warning')).toEqual(['Resources.SocketApi.Properties.ProtocolType: is WEBSOCKET: pylambda dev serves REST and HTTP APIs, so SocketApi is not served']);
  });

  it('refuses a route key that is not one, and warns at a Target that names no integration', () => {
    const bad = HTTP.replace('RouteKey: GET /items/{id}', "RouteKey: 'GET'");
    expect(said(bad, 'error')).toEqual(["Resources.HttpApiGETitemsid5D6E7F8A.Properties.RouteKey: 'GET' is not a route key: a method and a path ('GET /items/{id}', 'ANY /{proxy+}') or $default"]);
    const noIntegration = HTTP.replace("Target: { 'Fn::Sub': 'integrations/${HttpApiOtherIntegration}' }", 'Target: integrations/abc123');
    expect(said(noIntegration, 'warning')).toContain('Resources.HttpApiANYproxy.Properties.Target: is not integrations/<id> of an AWS::ApiGatewayV2::Integration of this template (for example !Join [\'\', [integrations/, !Ref MyIntegration]]), so this route is not served');
  });

  it('warns when a Lambda proxy integration has no PayloadFormatVersion, and serves it with 2.0', () => {
    const text = HTTP.replace(", PayloadFormatVersion: '2.0'", '');
    expect(endpoints(text)[0]!.routes[0]).not.toHaveProperty('payloadFormatVersion');
    expect(said(text, 'warning')).toEqual(["Resources.HttpApiGETitemsidItemsIntegration1F2A3B4C.Properties.PayloadFormatVersion: is required for an HTTP API's Lambda proxy integration ('1.0' or '2.0'; API Gateway refuses it without one): served with 2.0",
      'Resources.HttpApiF5A9A8A7: 1 of its 4 routes is not served locally: POST /queue (an AWS service integration (SQS-SendMessage))']);
  });
});

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
