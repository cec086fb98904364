import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { FUNCTIONS, ROOT, method, proxy, resource } from './cfn-api-templates.js';
import { samFunction } from './sam-helpers.js';

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
