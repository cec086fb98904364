/** A REST API's endpoint type as SAM, CloudFormation and serverless.yml write it (model/endpoint-type.ts); Chalice's is in chalice-reader.test.ts. */

import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { FUNCTIONS, ROOT, method, proxy, resource } from './cfn-api-templates.js';
import { samFunction } from './sam-helpers.js';
import { read as readServerless } from './serverless-helpers.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const errors = (text: string) => read(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
/** Each endpoint's id and endpoint type (- when unset, which is EDGE). */
const types = (text: string) => read(text).project!.endpoints.map((e) => `${e.id} ${e.endpointType ?? '-'}`);

const fn = (events: string) => samFunction('Fn', { properties: '\n      CodeUri: src/', events });
const restEvent = (api = '') => `
        Get: { Type: Api, Properties: { Path: /items, Method: get${api} } }`;
const samApi = (property: string) => `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod${property}${fn(restEvent(', RestApiId: !Ref Api'))}`;
const cfnApi = (property: string) => `Resources:${FUNCTIONS}
  Api1A2B3C4D:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api${property}${resource('Items', 'items', ROOT)}${method('GetItems', 'GET', '{ Ref: Items }', proxy('ItemsFn'))}`;

describe('the endpoint type of a SAM or CloudFormation REST API', () => {
  it.each<[string, string, string[]]>([
    ['the implicit ServerlessRestApi: unset, so EDGE', `Resources:${fn(restEvent())}`, ['ServerlessRestApi -']],
    ['the implicit API, from Globals.Api', `Globals:\n  Api:\n    EndpointConfiguration: REGIONAL\nResources:${fn(restEvent())}`, ['ServerlessRestApi REGIONAL']],
    ['an explicit API without one', samApi(''), ['Api -']],
    ['an explicit API\'s string', samApi('\n      EndpointConfiguration: REGIONAL'), ['Api REGIONAL']],
    ['an explicit API\'s {Type}', samApi('\n      EndpointConfiguration: { Type: PRIVATE, VPCEndpointIds: [vpce-0123] }'), ['Api PRIVATE']],
    ['EDGE said outright', samApi('\n      EndpointConfiguration: EDGE'), ['Api EDGE']],
    ['an explicit API\'s own beats Globals.Api\'s', `Globals:\n  Api:\n    EndpointConfiguration: REGIONAL\n${samApi('\n      EndpointConfiguration: EDGE')}`, ['Api EDGE']],
    ['a parameter\'s value', `Parameters:\n  Endpoint: { Type: String, Default: REGIONAL }\n${samApi('\n      EndpointConfiguration: !Ref Endpoint')}`, ['Api REGIONAL']],
    ['an HTTP API has none', `Resources:${fn('\n        Get: { Type: HttpApi, Properties: { Path: /items, Method: get } }')}`, ['ServerlessHttpApi -']],
    ['a RestApi without one', cfnApi(''), ['Api1A2B3C4D -']],
    ['a RestApi\'s EndpointConfiguration.Types', cfnApi('\n      EndpointConfiguration: { Types: [REGIONAL] }'), ['Api1A2B3C4D REGIONAL']],
  ])('%s', (_what, text, expected) => {
    expect(errors(text)).toEqual([]);
    expect(types(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['a type API Gateway has not', samApi('\n      EndpointConfiguration: GLOBAL'), 'Resources.Api.Properties.EndpointConfiguration: must be one of EDGE, REGIONAL, PRIVATE, not "GLOBAL" (API Gateway refuses it in sam deploy)'],
    ['a lower-case type', samApi('\n      EndpointConfiguration: { Type: regional }'), 'Resources.Api.Properties.EndpointConfiguration.Type: must be one of EDGE, REGIONAL, PRIVATE, not "regional" (API Gateway refuses it in sam deploy)'],
    ['a mapping without its Type', samApi('\n      EndpointConfiguration: { VPCEndpointIds: [vpce-0123] }'), 'Resources.Api.Properties.EndpointConfiguration: needs a Type (EDGE, REGIONAL, PRIVATE): aws-sam-translator makes a mapping without one the API\'s type itself, which API Gateway refuses in sam deploy'],
    ['a list, which SAM takes neither as a string nor a mapping', samApi('\n      EndpointConfiguration: [REGIONAL]'), 'Resources.Api.Properties.EndpointConfiguration: must be a string, not a list'],
    ['Globals.Api\'s, for the implicit API', `Globals:\n  Api:\n    EndpointConfiguration: EDGY\nResources:${fn(restEvent())}`, 'Globals.Api.EndpointConfiguration: must be one of EDGE, REGIONAL, PRIVATE, not "EDGY" (API Gateway refuses it in sam deploy)'],
    ['a RestApi\'s unknown type', cfnApi('\n      EndpointConfiguration: { Types: [CLOUDFRONT] }'), 'Resources.Api1A2B3C4D.Properties.EndpointConfiguration.Types.0: must be one of EDGE, REGIONAL, PRIVATE, not "CLOUDFRONT" (API Gateway refuses it)'],
    ['a RestApi\'s two types', cfnApi('\n      EndpointConfiguration: { Types: [EDGE, REGIONAL] }'), 'Resources.Api1A2B3C4D.Properties.EndpointConfiguration.Types: takes one endpoint type, not 2: a REST API is either EDGE, REGIONAL or PRIVATE'],
  ])('%s is an error with its path', (_what, text, message) => {
    expect(errors(text)).toEqual([message]);
  });
});

describe('serverless.yml provider.endpointType', () => {
  const yml = (setting: string) => `service: s\nprovider:\n  name: aws\n  runtime: python3.12${setting}\nfunctions:\n  a: { handler: app.handler, events: [{ http: GET a }, { httpApi: GET /a }] }\n`;
  const sls = (setting: string) => readServerless(yml(setting));
  const kinds = (setting: string) => sls(setting).project!.endpoints.map((e) => `${e.kind} ${e.endpointType ?? '-'}`);

  it.each<[string, string, string[]]>([
    ['unset: the Framework\'s EDGE', '', ['rest -', 'http -']],
    ['REGIONAL, for the REST API only', '\n  endpointType: REGIONAL', ['rest REGIONAL', 'http -']],
    // The Framework's schema takes any case and upper-cases it (provider.js caseInsensitive, rest-api.js).
    ['any case, as the Framework takes it', '\n  endpointType: regional', ['rest REGIONAL', 'http -']],
    ['edge', '\n  endpointType: Edge', ['rest EDGE', 'http -']],
  ])('%s', (_what, setting, expected) => {
    expect(sls(setting).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(kinds(setting)).toEqual(expected);
  });

  it('a type the Framework refuses is an error with its path', () => {
    expect(sls('\n  endpointType: global').diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      'error provider.endpointType: must be one of EDGE, REGIONAL, PRIVATE, not "global" (the Framework refuses it)',
    ]);
  });
});
