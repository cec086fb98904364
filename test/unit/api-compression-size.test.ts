import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { FUNCTIONS, ROOT, method, proxy, resource } from './cfn-api-templates.js';
import { samFunction } from './sam-helpers.js';
import { read as readServerless } from './serverless-helpers.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const errors = (text: string) => read(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
/** Each endpoint's id and minimumCompressionSize (- when unset). */
const sizes = (text: string) => read(text).project!.endpoints.map((e) => `${e.id} ${e.minimumCompressionSize ?? '-'}`);

const restEvent = (api = '') => `
        Get: { Type: Api, Properties: { Path: /items, Method: get${api} } }`;
const httpEvent = `
        Get: { Type: HttpApi, Properties: { Path: /items, Method: get } }`;

describe('MinimumCompressionSize of a REST API', () => {
  it.each<[string, string, string[]]>([
    ['an explicit AWS::Serverless::Api', `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, MinimumCompressionSize: 1024 }${samFunction('Fn', { properties: '\n      CodeUri: src/', events: restEvent(', RestApiId: !Ref Api') })}`, ['Api 1024']],
    ['the implicit API, from Globals.Api', `Globals:
  Api:
    MinimumCompressionSize: 0
Resources:${samFunction('Fn', { properties: '\n      CodeUri: src/', events: restEvent() })}`, ['ServerlessRestApi 0']],
    ['none: never compressed', `Resources:${samFunction('Fn', { properties: '\n      CodeUri: src/', events: restEvent() })}`, ['ServerlessRestApi -']],
    ['an HTTP API has none (API Gateway compresses REST APIs only)', `Resources:${samFunction('Fn', { properties: '\n      CodeUri: src/', events: httpEvent })}`, ['ServerlessHttpApi -']],
    ['a plain AWS::ApiGateway::RestApi', `Resources:${FUNCTIONS}
  Api1A2B3C4D:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api, MinimumCompressionSize: "2048" }${resource('Items', 'items', ROOT)}${method('GetItems', 'GET', '{ Ref: Items }', proxy('ItemsFn'))}`, ['Api1A2B3C4D 2048']],
  ])('%s', (_what, text, expected) => {
    expect(errors(text)).toEqual([]);
    expect(sizes(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['10485761', 'Resources.Api.Properties.MinimumCompressionSize: must be between 0 and 10485760 bytes, as API Gateway takes it, not 10485761'],
    ['-1', 'Resources.Api.Properties.MinimumCompressionSize: must be between 0 and 10485760 bytes, as API Gateway takes it, not -1'],
    ['big', "Resources.Api.Properties.MinimumCompressionSize: must be a whole number, not string \"big\""],
  ])('%s is refused, as API Gateway refuses it', (value, message) => {
    const text = `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, MinimumCompressionSize: ${value} }${samFunction('Fn', { properties: '\n      CodeUri: src/', events: restEvent(', RestApiId: !Ref Api') })}`;
    expect(errors(text)).toEqual([message]);
  });
});

describe('x-amazon-apigateway-minimum-compression-size in a REST API\'s OpenAPI definition', () => {
  const warnings = (text: string) => read(text).diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.path}: ${d.message}`);
  const integration = "{ x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' } }";
  const samApi = (definition: string, property = '') => `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod${property}
      DefinitionBody:
        swagger: '2.0'${definition}
        paths:
          /items: { get: ${integration} }${samFunction('Fn', { properties: '\n      CodeUri: src/' })}`;
  const cfnApi = (definition: string, property = '') => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api${property}
      Body:
        openapi: 3.0.1${definition}
        paths:
          /items: { get: ${integration} }${samFunction('Fn', { properties: '\n      CodeUri: src/' })}`;
  const EXTENSION = '\n        x-amazon-apigateway-minimum-compression-size: 512';
  const PROPERTY = '\n      MinimumCompressionSize: 4096';
  const OVERRIDDEN = (path: string) => `${path}: is 4096, but the API's OpenAPI definition says x-amazon-apigateway-minimum-compression-size: 512, which API Gateway takes (the definition is imported over the properties)`;

  it.each<[string, string, string[], string[]]>([
    ['a SAM DefinitionBody\'s', samApi(EXTENSION), ['Api 512'], []],
    ['a RestApi Body\'s', cfnApi(EXTENSION), ['Api 512'], []],
    // CloudFormation imports the definition over the API made from the properties (RestApi Mode: the definition takes precedence).
    ['the definition\'s over the SAM property, with a warning', samApi(EXTENSION, PROPERTY), ['Api 512'], [OVERRIDDEN('Resources.Api.Properties.MinimumCompressionSize')]],
    ['the definition\'s over the RestApi property, with a warning', cfnApi(EXTENSION, PROPERTY), ['Api 512'], [OVERRIDDEN('Resources.Api.Properties.MinimumCompressionSize')]],
    ['the property alone when the definition has none', samApi('', PROPERTY), ['Api 4096'], []],
    ['the same value in both: no warning', samApi('\n        x-amazon-apigateway-minimum-compression-size: 4096', PROPERTY), ['Api 4096'], []],
  ])('%s', (_what, text, expected, warned) => {
    expect(errors(text)).toEqual([]);
    expect(sizes(text)).toEqual(expected);
    expect(warnings(text).filter((w) => w.includes('compression'))).toEqual(warned);
  });

  it('a size API Gateway refuses is an error at its place in the definition', () => {
    expect(errors(cfnApi('\n        x-amazon-apigateway-minimum-compression-size: 10485761'))).toEqual([
      'Resources.Api.Properties.Body.x-amazon-apigateway-minimum-compression-size: must be between 0 and 10485760 bytes, as API Gateway takes it, not 10485761',
    ]);
  });
});

describe('serverless.yml provider.apiGateway.minimumCompressionSize', () => {
  const yml = (setting: string) => `service: s\nprovider:\n  name: aws\n  runtime: python3.12\n  apiGateway: { ${setting} }\nfunctions:\n  a: { handler: app.handler, events: [{ http: GET a }, { httpApi: GET /a }] }\n`;
  const sls = (setting: string) => readServerless(yml(setting));

  it('is the REST API\'s (not the HTTP API\'s: API Gateway compresses REST APIs only)', () => {
    expect(sls('minimumCompressionSize: 1024').project!.endpoints.map((e) => `${e.kind} ${e.minimumCompressionSize ?? '-'}`)).toEqual(['rest 1024', 'http -']);
    expect(sls('binaryMediaTypes: []').project!.endpoints.map((e) => `${e.kind} ${e.minimumCompressionSize ?? '-'}`)).toEqual(['rest -', 'http -']);
  });

  it('a size API Gateway refuses is an error', () => {
    expect(sls('minimumCompressionSize: 10485761').diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      'error provider.apiGateway.minimumCompressionSize: must be between 0 and 10485760 bytes, as API Gateway takes it, not 10485761',
    ]);
  });
});
