import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const routesOf = (text: string) => read(text).project!.endpoints.flatMap((e) => e.routes.map((r) => ({ method: r.method, path: r.path, validation: r.validation })));
const EMPTY = { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' };
const ERROR = { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Error Schema', type: 'object', properties: { message: { type: 'string' } } };

describe("request validators: what a REST method's validator checks", () => {
  const samTemplate = (requestModel: string, parameters = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Models:
        Car: { type: object, required: [make] }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /cars
            Method: post
            RequestModel: ${requestModel}${parameters}
`;
  const CAR = { type: 'object', required: ['make'] };
  const models = { Empty: EMPTY, Error: ERROR, Car: CAR };

  // samtranslator eventsources/push.py: a validator only when ValidateBody or ValidateParameters is given.
  it.each<[string, string, string, unknown]>([
    ['ValidateBody', '{Model: Car, Required: true, ValidateBody: true}', '', { bodyModels: { 'application/json': CAR }, models }],
    ['neither given: no validator', '{Model: Car, Required: true}', '', undefined],
    ['ValidateParameters: the Required ones of RequestParameters', '{Model: Car, ValidateParameters: true}',
      "\n            RequestParameters: [method.request.header.Loose, {method.request.querystring.page: {Required: true}}, {method.request.header.X-Tenant: {Required: true, Caching: false}}]",
      { parameters: [{ in: 'querystring', name: 'page' }, { in: 'header', name: 'X-Tenant' }], models }],
  ])('a SAM Api event with RequestModel %s', (_, requestModel, parameters, validation) => {
    expect(routesOf(samTemplate(requestModel, parameters))).toEqual([{ method: 'POST', path: '/cars', validation }]);
  });

  it("a RequestModel naming no model of the API's: a warning, and nothing validated", () => {
    const { diagnostics, project } = read(samTemplate('{Model: Truck, ValidateBody: true}'));
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toContain("Resources.Fn.Properties.Events.Post.Properties.RequestModel.Model: names no model of Api's Models, so the request body is not validated (SAM refuses this template)");
    expect(project!.endpoints[0]!.routes[0]!.validation).toBeUndefined();
  });

  it("a plain AWS::ApiGateway::Method's RequestValidatorId, RequestParameters and RequestModels", () => {
    const routes = routesOf(`Resources:
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: a } }
  Items: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items } }
  Both: { Type: AWS::ApiGateway::RequestValidator, Properties: { RestApiId: !Ref Api, ValidateRequestBody: true, ValidateRequestParameters: true } }
  ItemModel:
    Type: AWS::ApiGateway::Model
    Properties: { RestApiId: !Ref Api, Name: Item, ContentType: application/json, Schema: '{"type": "object", "required": ["id"]}' }
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: POST
      RequestValidatorId: !Ref Both
      RequestParameters: { method.request.header.x-tenant-id: true, method.request.querystring.page: false }
      RequestModels: { application/json: !Ref ItemModel, text/plain: Empty }
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" }
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      RequestParameters: { method.request.header.x-tenant-id: true }
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" }
  Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.12, Handler: app.handler, Code: src/ } }
`);
    const item = { type: 'object', required: ['id'] };
    expect(routes).toEqual([
      { method: 'POST', path: '/items', validation: { parameters: [{ in: 'header', name: 'x-tenant-id' }], bodyModels: { 'application/json': item, 'text/plain': EMPTY }, models: { Empty: EMPTY, Error: ERROR, Item: item } } },
      // Required parameters without a validator are documentation only.
      { method: 'GET', path: '/items', validation: undefined },
    ]);
  });
});

describe("a REST integration's X-Amz-Tenant-Id: the tenant a function with tenant isolation runs for", () => {
  const template = (mapping: string) => `Resources:
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: a } }
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      Integration:
        Type: AWS_PROXY
        Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations"${mapping ? `\n        RequestParameters: { ${mapping} }` : ''}
  Fn: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.12, Handler: app.handler, Code: src/ } }
`;
  it.each<[string, string, unknown]>([
    ['a header', 'integration.request.header.X-Amz-Tenant-Id: method.request.header.x-tenant-id', { in: 'header', name: 'x-tenant-id' }],
    ['a query string, the header named in any case', 'integration.request.header.x-amz-tenant-id: method.request.querystring.tenant', { in: 'querystring', name: 'tenant' }],
    ['a path parameter', 'integration.request.header.X-Amz-Tenant-Id: method.request.path.id', { in: 'path', name: 'id' }],
    ['a literal', "integration.request.header.X-Amz-Tenant-Id: \"'blue'\"", { value: 'blue' }],
    ['another header mapped', 'integration.request.header.X-Other: method.request.header.x', undefined],
    ['none', '', undefined],
  ])('%s', (_, mapping, from) => {
    expect(read(template(mapping)).project!.endpoints[0]!.routes[0]!.tenantIdFrom).toEqual(from);
  });
});
