import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { request } from './http-test-support.js';

const source = { file: 'template.yaml', path: 'Resources' };

/** The requestContext a request to `path` on `endpoint` sends its function. */
function contextFor(endpoint: Endpoint, path: string): Record<string, unknown> {
  const step = routeRequest({ endpoint, table: compileRoutes(endpoint).table, region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
  if (step.kind !== 'invoke') throw new Error(`no invocation for ${path}: ${step.reason}`);
  return (JSON.parse(step.event.toString()) as { requestContext: Record<string, unknown> }).requestContext;
}

const FUNCTION = `
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src/, Handler: app.handler, Runtime: python3.12 }`;

/** The operation name of each route of the template's APIs, `METHOD path=name`. */
function operationNames(text: string): string[] {
  const { project, diagnostics } = readSamTemplate(text, { file: 'template.yaml' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return project!.endpoints.flatMap((e) => e.routes.map((r) => `${e.kind} ${r.method} ${r.path}=${r.operationName ?? '-'}`));
}

const definition = (type: string, extra: string) => `Resources:${FUNCTION}
  Api:
    Type: ${type}
    Properties:
      StageName: dev
      DefinitionBody:
        openapi: '3.0.1'
        paths:
          /items:
            get:
              operationId: ListItems
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST${extra}, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
            post:
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST${extra}, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
`;

describe("a REST method's operation name, in requestContext.operationName as API Gateway sends it", () => {
  it('is an OpenAPI operationId of a REST API, which API Gateway imports as the operation name; an HTTP API sends none', () => {
    expect(operationNames(definition('AWS::Serverless::Api', ''))).toEqual(['rest GET /items=ListItems', 'rest POST /items=-']);
    expect(operationNames(definition('AWS::Serverless::HttpApi', ", payloadFormatVersion: '1.0'"))).toEqual(['http GET /items=-', 'http POST /items=-']);
  });

  it("is an AWS::ApiGateway::Method's OperationName (SAM CLI's cfn-http-api-and-rest-api-gateways.yaml)", () => {
    expect(operationNames(`Resources:${FUNCTION}
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: items }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref RestApi, ParentId: !GetAtt RestApi.RootResourceId, PathPart: items }
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: NONE
      OperationName: MyOperationName
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref RestApi, StageName: prod, DeploymentId: abc }
`)).toEqual(['rest GET /items=MyOperationName']);
  });

  it('is in the event of a route that has one, and absent (not null) from the others', () => {
    const endpoint: Endpoint = {
      id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source,
      routes: [
        { method: 'GET', path: '/items', functionId: 'Fn', operationName: 'ListItems', source },
        { method: 'GET', path: '/other', functionId: 'Fn', source },
      ],
    };
    expect(contextFor(endpoint, '/items').operationName).toBe('ListItems');
    expect(Object.keys(contextFor(endpoint, '/other'))).not.toContain('operationName');
  });
});
