import { describe, expect, it } from 'vitest';
import { targetIntegration } from '../../src/core/model/sam/cfn-http-routes.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

describe("an AWS::ApiGatewayV2::Route's Target: the integration it names, however it is spelled", () => {
  it.each<[string, unknown, string | undefined]>([
    ["CDK's Join on ''", { 'Fn::Join': ['', ['integrations/', { Ref: 'ItemsIntegration' }]] }, 'ItemsIntegration'],
    ['a Join on / (serverless-patterns, SAM CLI\'s start-api templates)', { 'Fn::Join': ['/', ['integrations', { Ref: 'ItemsIntegration' }]] }, 'ItemsIntegration'],
    ['a Sub', { 'Fn::Sub': 'integrations/${ItemsIntegration}' }, 'ItemsIntegration'],
    ['a Sub with its variable', { 'Fn::Sub': ['integrations/${Id}', { Id: { Ref: 'ItemsIntegration' } }] }, 'ItemsIntegration'],
    ['a literal', 'integrations/abc123', 'abc123'],
    ['a Join of something else', { 'Fn::Join': ['/', ['integrations', { 'Fn::GetAtt': ['ItemsIntegration', 'Id'] }]] }, undefined],
    ['a Join that does not spell integrations/', { 'Fn::Join': ['-', ['integrations', { Ref: 'ItemsIntegration' }]] }, undefined],
    ['no Target', undefined, undefined],
  ])('%s', (_, target, id) => expect(targetIntegration(target)).toBe(id));

  it("serves a route whose Target is joined at the slash (SAM CLI's cfn-http-api-with-normal-and-default-routes.yaml)", () => {
    const { project, diagnostics } = readSamTemplate(`Resources:
  EchoFn:
    Type: AWS::Lambda::Function
    Properties: { Code: ., Handler: main.echo, Runtime: python3.12 }
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: echo, ProtocolType: HTTP }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref HttpApi, StageName: $default, AutoDeploy: true }
  EchoIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref HttpApi
      PayloadFormatVersion: '1.0'
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${EchoFn.Arn}/invocations
  EchoRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: GET /echoeventbody
      Target: !Join
        - /
        - - integrations
          - !Ref EchoIntegration
`, { file: 'template.yaml' });
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([]);
    expect(project!.endpoints.map((e) => e.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId} ${r.payloadFormatVersion}`))).toEqual([['GET /echoeventbody -> EchoFn 1.0']]);
  });
});
