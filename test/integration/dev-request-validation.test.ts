// A REST API's request validator answers 400 before the function runs, as the apigw-data-validation pattern of
// aws-samples/serverless-patterns shows deployed (`{"message": "Invalid request body"}` for a year below 2010).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { scratchDir, startDev } from '../helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Models:
        Car:
          type: object
          required: [make, year]
          properties:
            make: { type: string }
            year: { type: integer, minimum: 2010 }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Runtime: python3.12
      Handler: app.handler
      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /cars
            Method: post
            RequestParameters: [{method.request.header.x-dealer: {Required: true}}]
            RequestModel: {Model: Car, Required: true, ValidateBody: true, ValidateParameters: true}
`;

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('dev: a REST API request validator', () => {
  it('answers 400 to a missing parameter or a body that does not fit, and lets the rest reach the function', async () => {
    const dir = scratchDir('request-validation');
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'app.py'), 'import json\n\ndef handler(event, context):\n    return {"statusCode": 201, "body": event["body"]}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const post = async (body: string, headers: Record<string, string>) => {
      const res = await fetch(`${dev.url('Api')}/Prod/cars`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      return [res.status, res.headers.get('x-amzn-errortype'), await res.text()];
    };
    expect(await post('{"make":"MINI","year":2020}', {})).toEqual([400, 'BadRequestException', '{"message": "Missing required request parameters: [x-dealer]"}']);
    expect(await post('{"make":"MINI","year":2009}', { 'x-dealer': 'd1' })).toEqual([400, 'BadRequestException', '{"message": "Invalid request body"}']);
    expect(await post('{"make":"MINI","year":2020}', { 'x-dealer': 'd1' })).toEqual([201, null, '{"make":"MINI","year":2020}']);
    const lines = dev.events.flatMap((e) => (e.type === 'request' ? [`${e.status} ${e.functionId ?? e.reason ?? ''}`] : []));
    expect(lines).toEqual([
      '400 request validation: missing required parameters x-dealer',
      '400 request validation: the body does not fit its model (/year: 2009 is less than the minimum 2010)',
      '201 Fn',
    ]);
  });

  it('runs the validator an OpenAPI definition names (x-amazon-apigateway-request-validator), its models\' $refs followed', async () => {
    const dir = scratchDir('request-validation-openapi');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: cars, version: '1' }
        x-amazon-apigateway-request-validators:
          all: { validateRequestBody: true, validateRequestParameters: true }
        x-amazon-apigateway-request-validator: all
        components:
          schemas:
            Car: { type: object, required: [make, owner], properties: { owner: { $ref: '#/components/schemas/Owner' } } }
            Owner: { type: object, required: [name], properties: { name: { type: string } } }
        paths:
          /cars:
            post:
              parameters: [{ name: page, in: query, required: true }]
              requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Car' } } } }
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Runtime: python3.12, Handler: app.handler }
`);
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 201, "body": event["body"]}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const post = async (query: string, body: string) => {
      const res = await fetch(`${dev.url('Api')}/Prod/cars${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      return [res.status, await res.text()];
    };
    expect(await post('', '{"make":"MINI","owner":{"name":"a"}}')).toEqual([400, '{"message": "Missing required request parameters: [page]"}']);
    expect(await post('?page=1', '{"make":"MINI","owner":{}}')).toEqual([400, '{"message": "Invalid request body"}']);
    expect(await post('?page=1', '{"make":"MINI","owner":{"name":"a"}}')).toEqual([201, '{"make":"MINI","owner":{"name":"a"}}']);
  });
});
