// apigw-throttle-sam of aws-samples/serverless-patterns throttles its API's methods: dev served past the limits
// without a word.
import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const template = (kind: 'Api' | 'HttpApi', props: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Gateway:
    Type: AWS::Serverless::${kind}
    Properties:
      ${kind === 'Api' ? 'StageName: Prod\n      ' : ''}${props}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        Get: { Type: ${kind}, Properties: { ${kind === 'Api' ? 'RestApiId' : 'ApiId'}: !Ref Gateway, Path: /, Method: get } }
`;
const warnings = (text: string) => readSamTemplate(text, { file: 'template.yaml' }).diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`);
const THROTTLE = 'throttling is not applied locally: requests past its limits reach the function, where API Gateway answers 429 {"message":"Too Many Requests"}';
const CACHE = 'caching is not applied locally: every request reaches the function, where API Gateway answers repeated ones from its cache';

describe("a stage's throttling and caching: said once, not applied", () => {
  it.each<[string, 'Api' | 'HttpApi', string, string[]]>([
    ['REST MethodSettings throttling, twice', 'Api', 'MethodSettings: [{HttpMethod: "*", ResourcePath: "/*", ThrottlingRateLimit: 10}, {HttpMethod: POST, ResourcePath: /, ThrottlingBurstLimit: 5}]',
      [`warning Resources.Gateway.Properties.MethodSettings: ${THROTTLE}`]],
    ['REST caching on a method and the cluster', 'Api', 'CacheClusterEnabled: true\n      MethodSettings: [{HttpMethod: "*", ResourcePath: "/*", CachingEnabled: true}]',
      [`warning Resources.Gateway.Properties.MethodSettings: ${CACHE}`]],
    ['REST cache cluster alone', 'Api', 'CacheClusterEnabled: true', [`warning Resources.Gateway.Properties.CacheClusterEnabled: ${CACHE}`]],
    ['REST logging only', 'Api', 'MethodSettings: [{HttpMethod: "*", ResourcePath: "/*", LoggingLevel: INFO}]', []],
    ['HTTP API default and route settings', 'HttpApi', 'DefaultRouteSettings: {ThrottlingBurstLimit: 5}\n      RouteSettings: {"GET /": {ThrottlingRateLimit: 1}}',
      [`warning Resources.Gateway.Properties.DefaultRouteSettings: ${THROTTLE}`, `warning Resources.Gateway.Properties.RouteSettings.GET /: ${THROTTLE}`]],
  ])('%s', (_, kind, props, expected) => expect(warnings(template(kind, props))).toEqual(expected));
});

// apigw-rest-api-lambda-python-response-streaming streams its REST answers: dev sends them whole, and said nothing.
describe("a REST integration's responseTransferMode: STREAM", () => {
  const STREAM = 'is STREAM; pylambda sends the whole response at once, when the function has finished';
  it('in an OpenAPI definition', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Gateway:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /story:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                responseTransferMode: STREAM
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/\${Fn.Arn}/response-streaming-invocations
  Fn: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: app.handler } }
  Invoke: { Type: AWS::Lambda::Permission, Properties: { Action: lambda:InvokeFunction, FunctionName: !Ref Fn, Principal: apigateway.amazonaws.com } }
`;
    expect(warnings(text)).toEqual([`warning Resources.Gateway.Properties.DefinitionBody.paths./story.post.x-amazon-apigateway-integration.responseTransferMode: ${STREAM}`]);
  });

  it("on a plain method's Integration, BUFFERED saying nothing", () => {
    const text = (mode: string) => `Resources:
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: a } }
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      Integration: { Type: AWS_PROXY, ResponseTransferMode: ${mode}, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/\${Fn.Arn}/response-streaming-invocations" }
  Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, StageName: prod, DeploymentId: x } }
  Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.12, Handler: app.handler, Code: src/ } }
`;
    expect(warnings(text('STREAM'))).toEqual([`warning Resources.Get.Properties.Integration.ResponseTransferMode: ${STREAM}`]);
    expect(warnings(text('BUFFERED'))).toEqual([]);
  });
});
