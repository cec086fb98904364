import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { endpoints, FUNCTIONS, HTTP, method, mocksOnly, proxy, read, resource, REST, ROOT, said, summary } from './cfn-api-templates.js';

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
    const text = mocksOnly(`${resource('ApiusersC1D2', 'users', ROOT)}${method('ApiusersGET', 'GET', '{ Ref: ApiusersC1D2 }', `
        Type: MOCK`)}`);
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

  it('a SpecRestApi whose asset is not in cdk.out says to run cdk synth; one that cannot be read says why', () => {
    const text = `Resources:${FUNCTIONS}
  SpecApiA4950D24:
    Type: AWS::ApiGateway::RestApi
    Properties: { BodyS3Location: { Bucket: assets, Key: d2aa4b74.yaml } }
    Metadata: { 'aws:asset:path': asset.d2aa4b74.yaml, 'aws:asset:property': BodyS3Location }
`;
    const { project, diagnostics } = readSamTemplate(text, { file: 'cdk.out/SpecStack.template.json', readFile: () => undefined });
    expect(project!.unservedEndpoints).toEqual(['SpecApiA4950D24']);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(['Resources.SpecApiA4950D24.Metadata.aws:asset:path: asset.d2aa4b74.yaml is not in cdk.out (not synthesized, or cleaned): run cdk synth to write it; the routes of its definition are not served until then']);
    const unreadable = readSamTemplate(text, { file: 'cdk.out/SpecStack.template.json', readFile: () => { throw new Error('it is 20971520 bytes, over the 10485760 pylambda reads'); } });
    expect(unreadable.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(['Resources.SpecApiA4950D24.Metadata.aws:asset:path: asset.d2aa4b74.yaml cannot be read (it is 20971520 bytes, over the 10485760 pylambda reads): the routes of its definition are not served']);
  });
});

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

  it('a WebSocket API with no route is not served, with a warning', () => {
    const text = `Resources:${FUNCTIONS}
  SocketApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
`;
    expect(endpoints(text)).toEqual([]);
    expect(said(text, 'warning')).toEqual(['Resources.SocketApi: is a WebSocket API with no route that calls a function of the template, so it is not served']);
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
