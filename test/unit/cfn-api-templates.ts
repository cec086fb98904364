import { expect } from 'vitest';
import type { Endpoint } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

/** Templates of plain CloudFormation API Gateway resources, as CDK synthesizes them, and how tests read them. */

export const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
export const said = (text: string, severity: 'error' | 'warning') => read(text).diagnostics.filter((d) => d.severity === severity).map((d) => `${d.path}: ${d.message}`);

export function endpoints(text: string): Endpoint[] {
  const { project, diagnostics } = read(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return [...project!.endpoints];
}

/** `id kind stage: METHOD path -> Fn, ...` for exact comparisons. */
export const summary = (list: Endpoint[]) => list.map((e) => `${e.id} ${e.kind} ${e.stage}: ${e.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}`).join(', ')}`);

export const FUNCTIONS = `
  ItemsFn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.handler, Runtime: python3.12 }
  OtherFn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.other, Runtime: python3.12 }`;

/** CDK's AWS_PROXY integration: Fn::Join of the apigateway path with the function's ARN. */
export const proxy = (fn: string) => `
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [${fn}, Arn] }, /invocations]] }`;

export const resource = (id: string, part: string, parent: string) => `
  ${id}:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: { Ref: Api1A2B3C4D }, PathPart: '${part}', ParentId: ${parent} }`;

export const method = (id: string, verb: string, on: string, integration: string, extra = '') => `
  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: ${verb}
      RestApiId: { Ref: Api1A2B3C4D }
      ResourceId: ${on}
      AuthorizationType: NONE${extra}
      Integration:${integration}`;

/** A RestApi of the functions' template with only the resources and methods given, none of which calls a function. */
export const mocksOnly = (resources: string) => `Resources:${FUNCTIONS}
  Api1A2B3C4D:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: mocks }
${resources}
`;

export const ROOT = "{ 'Fn::GetAtt': [Api1A2B3C4D, RootResourceId] }";

export const REST = `Resources:${FUNCTIONS}
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

export const HTTP = `Resources:${FUNCTIONS}
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
