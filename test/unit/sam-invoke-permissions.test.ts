import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { samFunction } from './sam-helpers.js';

/**
 * A route only an API's OpenAPI definition gives a function: SAM writes API Gateway's permission to invoke a function
 * (an AWS::Lambda::Permission, SourceArn `{ApiId}/*\/METHOD/path`) for its own Api and HttpApi events only, so on AWS
 * such a route answers 500 ("Invalid permissions on Lambda function"), while sam local start-api and dev served it
 * without a word: a user who added a path to openapi.yaml saw it work locally and fail once deployed.
 */
const integration = (fnId: string, extra = '') => `{ type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations'${extra} }`;
const api = (id: string, type: 'Api' | 'HttpApi', paths: string) => `
  ${id}:
    Type: AWS::Serverless::${type}
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: 3.0.1
        paths:${paths}`;
const ITEMS = `
          /items/{id}:
            get: { x-amazon-apigateway-integration: ${integration('ItemFn')} }`;
const event = (path: string, method: string, apiId = 'MyApi', type = 'Api') => `
        E: { Type: ${type}, Properties: { ${type === 'Api' ? 'RestApiId' : 'ApiId'}: !Ref ${apiId}, Path: '${path}', Method: ${method} } }`;
const permission = (functionName: string) => `
  Invoke: { Type: AWS::Lambda::Permission, Properties: { Action: lambda:InvokeFunction, Principal: apigateway.amazonaws.com, FunctionName: ${functionName} } }`;
const SAM = "SAM writes that permission (an AWS::Lambda::Permission) only for a function's own events";

function warnings(resources: string): string[] {
  const { diagnostics } = readSamTemplate(`Transform: AWS::Serverless-2016-10-31\nResources:${resources}`, { file: 'template.yaml' });
  return diagnostics.filter((d) => /permission/i.test(d.message)).map((d) => `${d.scope} ${d.path}: ${d.message}`);
}

describe('a definition\'s route whose function has no permission to be invoked by the API', () => {
  it('is said once per API, in dev, with the routes, what AWS answers and the fix', () => {
    expect(warnings(`${api('MyApi', 'Api', `${ITEMS}
          /items:
            post: { x-amazon-apigateway-integration: ${integration('ItemFn')} }`)}${samFunction('ItemFn')}`)).toEqual([
      `dev Resources.MyApi.Properties.DefinitionBody: routes 2 operations to a function that no Api event of its gives API Gateway permission to invoke there: GET /items/{id} (ItemFn); POST /items (ItemFn). ${SAM}, so on AWS MyApi answers them with 500 (Invalid permissions on Lambda function), where sam local start-api and pylambda serve them: add an Api event with the same Path and Method to the function, or an AWS::Lambda::Permission`,
    ]);
  });

  it('an HTTP API names HttpApi events', () => {
    expect(warnings(`${api('Http', 'HttpApi', ITEMS)}${samFunction('ItemFn', { events: event('/items', 'get', 'Http', 'HttpApi') })}`)).toEqual([
      `dev Resources.Http.Properties.DefinitionBody: routes an operation to a function that no HttpApi event of its gives API Gateway permission to invoke there: GET /items/{id} (ItemFn). ${SAM}, so on AWS Http answers it with 500 (Invalid permissions on Lambda function), where sam local start-api and pylambda serve it: add an HttpApi event with the same Path and Method to the function, or an AWS::Lambda::Permission`,
    ]);
  });

  it.each<[string, string, number]>([
    ['an event with the same method and path', samFunction('ItemFn', { events: event('/items/{id}', 'get') }), 0],
    ['an event whose path parameter has another name (its permission has * there)', samFunction('ItemFn', { events: event('/items/{itemId}', 'GET') }), 0],
    ['an ANY /{proxy+} event', samFunction('ItemFn', { events: event('/{proxy+}', 'any') }), 0],
    ['an event of another method', samFunction('ItemFn', { events: event('/items/{id}', 'post') }), 1],
    ['an event of another path', samFunction('ItemFn', { events: event('/things/{id}', 'get') }), 1],
    ['an event on another API: its permission names that API', `${api('Other', 'Api', ' {}')}${samFunction('ItemFn', { events: event('/items/{id}', 'get', 'Other') })}`, 1],
    ['another function\'s event', `${samFunction('ItemFn')}${samFunction('Else', { events: event('/items/{id}', 'get') })}`, 1],
    ['a permission by !Ref', `${samFunction('ItemFn')}${permission('!Ref ItemFn')}`, 0],
    ['a permission by !GetAtt', `${samFunction('ItemFn')}${permission('!GetAtt ItemFn.Arn')}`, 0],
    ['a permission by !Sub', `${samFunction('ItemFn')}${permission("!Sub '${ItemFn.Arn}'")}`, 0],
    ['a permission of another function only', `${samFunction('ItemFn')}${samFunction('Else')}${permission('!Ref Else')}`, 1],
    ['a permission naming a function by a literal name, which could be this one', `${samFunction('ItemFn')}${permission('my-items')}`, 0],
  ])('%s', (_, resources, count) => {
    expect(warnings(`${api('MyApi', 'Api', ITEMS)}${resources}`)).toHaveLength(count);
  });

  it('an integration with credentials (a role API Gateway invokes the function with) needs no permission', () => {
    expect(warnings(`${api('MyApi', 'Api', `
          /items/{id}:
            get: { x-amazon-apigateway-integration: ${integration('ItemFn', ", credentials: 'arn:aws:iam::123456789012:role/apigw'")} }`)}${samFunction('ItemFn')}`)).toEqual([]);
  });

  it('with MergeDefinitions, an event\'s route that replaced the definition\'s has its permission', () => {
    const merged = api('MyApi', 'Api', ITEMS).replace('StageName: prod', 'StageName: prod\n      MergeDefinitions: true');
    expect(warnings(`${merged}${samFunction('ItemFn', { events: event('/items/{id}', 'get') })}`)).toEqual([]);
  });
});
