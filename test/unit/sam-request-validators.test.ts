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

  // A name every object inherits (toString) is no model either: it was taken as one, a function for a schema.
  it.each(['Truck', 'toString'])("a RequestModel naming no model of the API's (%s): a warning, and nothing validated", (model) => {
    const { diagnostics, project } = read(samTemplate(`{Model: ${model}, ValidateBody: true}`));
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

describe('request validators of an OpenAPI definition (x-amazon-apigateway-request-validator)', () => {
  const integration = (extra: string) => `x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations'${extra ? `, ${extra}` : ''} }`;
  const definition = (document: string, operation: string, kind = 'Api', integrationExtra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::${kind}
    Properties:
      StageName: Prod
      DefinitionBody:
${document.split('\n').map((l) => `        ${l}`).join('\n')}
        paths:
          /cars/{id}:
            parameters: [{ name: id, in: path, required: true }, { name: x-dealer, in: header, required: true }]
            post:
${operation.split('\n').map((l) => `              ${l}`).join('\n')}
              ${integration(integrationExtra)}
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.handler }
`;
  const VALIDATORS = "x-amazon-apigateway-request-validators: { all: { validateRequestBody: true, validateRequestParameters: true }, params: { validateRequestParameters: true, validateRequestBody: false } }";
  const OAS3 = `openapi: '3.0.1'\ninfo: { title: t, version: '1' }\n${VALIDATORS}\ncomponents:\n  schemas:\n    Car: { type: object, required: [make], properties: { owner: { $ref: '#/components/schemas/Owner' } } }\n    Owner: { type: object, required: [name] }\n  parameters:\n    Page: { name: page, in: query, required: true }`;
  const models = (extra: Record<string, unknown> = {}) => ({ Empty: EMPTY, Error: ERROR, ...extra });
  const car = { type: 'object', required: ['make'], properties: { owner: { $ref: '#/components/schemas/Owner' } } };
  const owner = { type: 'object', required: ['name'] };

  it.each<[string, string, string, unknown]>([
    ['OpenAPI 3: the validator the operation picks checks its and its path item\'s required parameters and its body per content type', OAS3,
      "x-amazon-apigateway-request-validator: all\nparameters: [{ $ref: '#/components/parameters/Page' }, { name: x-dealer, in: header, required: false }]\nrequestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Car' } } } }",
      { parameters: [{ in: 'path', name: 'id' }, { in: 'querystring', name: 'page' }], bodyModels: { 'application/json': { $ref: '#/components/schemas/Car' } }, models: models({ Car: car, Owner: owner }) }],
    ['the document\'s validator applies to an operation that names none', `${OAS3}\nx-amazon-apigateway-request-validator: params`,
      "requestBody: { content: { application/json: { schema: { type: object } } } }",
      { parameters: [{ in: 'path', name: 'id' }, { in: 'header', name: 'x-dealer' }], models: models({ Car: car, Owner: owner }) }],
    ['Swagger 2: an in: body parameter\'s schema, for the types the operation consumes', `swagger: '2.0'\ninfo: { title: t, version: '1' }\n${VALIDATORS}\ndefinitions:\n  Car: { type: object, required: [make] }`,
      "x-amazon-apigateway-request-validator: all\nconsumes: [application/json, application/vnd.car+json]\nparameters: [{ name: body, in: body, schema: { $ref: '#/definitions/Car' } }]",
      { parameters: [{ in: 'path', name: 'id' }, { in: 'header', name: 'x-dealer' }], bodyModels: { 'application/json': { $ref: '#/definitions/Car' }, 'application/vnd.car+json': { $ref: '#/definitions/Car' } }, models: models({ Car: { type: 'object', required: ['make'] } }) }],
    ['no validator named: nothing is validated', OAS3, "requestBody: { content: { application/json: { schema: { type: object } } } }", undefined],
  ])('%s', (_what, document, operation, expected) => {
    expect(routesOf(definition(document, operation))).toEqual([{ method: 'POST', path: '/cars/{id}', validation: expected }]);
  });

  it('warns of a validator name the document does not define, and validates nothing', () => {
    const result = read(definition(OAS3, 'x-amazon-apigateway-request-validator: strict'));
    expect(routesOf(definition(OAS3, 'x-amazon-apigateway-request-validator: strict'))[0]!.validation).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.severity, d.path, d.message])).toContainEqual(['warning', 'Resources.Api.Properties.DefinitionBody.paths./cars/{id}.post.x-amazon-apigateway-request-validator', 'names no validator of x-amazon-apigateway-request-validators ("strict"), so requests are not validated (API Gateway refuses the definition)']);
  });

  it('leaves an HTTP API\'s operations unvalidated, as HTTP APIs do not validate requests', () => {
    expect(routesOf(definition(OAS3.replace("openapi: '3.0.1'", "openapi: '3.0.1'"), 'x-amazon-apigateway-request-validator: all', 'HttpApi'))[0]!.validation).toBeUndefined();
  });

  // The tenant a function with tenant isolation is invoked for, mapped as an AWS::ApiGateway::Method maps it.
  const tenantOf = (parameters: string, kind = 'Api') => read(definition(OAS3, '', kind, parameters ? `requestParameters: { ${parameters} }` : '')).project!.endpoints[0]!.routes[0]!.tenantIdFrom;
  it.each<[string, string, unknown]>([
    ['a header', 'integration.request.header.X-Amz-Tenant-Id: method.request.header.x-tenant-id', { in: 'header', name: 'x-tenant-id' }],
    ['a path parameter, the header named in any case', 'integration.request.header.x-amz-tenant-id: method.request.path.id', { in: 'path', name: 'id' }],
    ['a literal', `integration.request.header.X-Amz-Tenant-Id: "'blue'"`, { value: 'blue' }],
    ['another header mapped', 'integration.request.header.X-Other: method.request.header.x', undefined],
    ['none', '', undefined],
  ])('the tenant id its integration maps (requestParameters): %s', (_, parameters, from) => expect(tenantOf(parameters)).toEqual(from));

  it('maps no tenant id for an HTTP API, which invokes no function for a tenant', () => {
    expect(tenantOf('integration.request.header.X-Amz-Tenant-Id: method.request.header.x-tenant-id', 'HttpApi')).toBeUndefined();
  });
});

