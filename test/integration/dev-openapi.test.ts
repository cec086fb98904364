import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { loadProject } from '../../src/api/project.js';
import { defaultEvent } from '../../src/api/sample-event.js';
import { startDev } from '../helpers.js';

/**
 * A SAM project whose routes are only in OpenAPI definitions, as `sam local start-api` serves them: a REST API
 * by its inline DefinitionBody, an HTTP API by a DefinitionUri file. No function has an Api or HttpApi event.
 */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ItemsApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: 3.0.1
        info: {title: items, version: '1'}
        paths:
          /items/{id}:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemFn.Arn}/invocations
          /orders:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OrdersFn.Arn}/invocations
  OrdersFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: orders/
      Handler: index.handler
      Runtime: nodejs20.x
  ItemsHttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: openapi.yaml
  ItemFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
`;

const OPENAPI = `openapi: 3.0.1
info: {title: items-http, version: '1'}
paths:
  /items/{id}:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        payloadFormatVersion: '2.0'
        uri:
          Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemFn.Arn}/invocations
  /health:
    get:
      x-amazon-apigateway-integration: {type: mock}
`;

const HANDLER = `import json


def handler(event, context):
    route = event.get("routeKey") or event["resource"]
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"id": event["pathParameters"]["id"], "route": route})}
`;

let dir: string;
let session: DevSession;
let url: (id: string) => string;
let events: DevEvent[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pylambda-dev-openapi-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
  writeFileSync(join(dir, 'openapi.yaml'), OPENAPI);
  writeFileSync(join(dir, 'src', 'app.py'), HANDLER);
  ({ session, url, events } = await startDev(dir));
});
afterAll(async () => {
  await session?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const answer = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('routes defined only in OpenAPI definitions', () => {
  it('serves both APIs, and says which operation is not served', () => {
    expect(session.endpoints.map((e) => [e.kind, e.id, e.stage, e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`)])).toEqual([
      ['rest', 'ItemsApi', 'prod', ['GET /items/{id} ItemFn']],
      ['http', 'ItemsHttpApi', '$default', ['GET /items/{id} ItemFn']],
    ]);
    const warnings = events.flatMap((e) => (e.type === 'warning' ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
    expect(warnings).toContain('Resources.ItemsHttpApi.Properties.DefinitionUri: 1 of its 2 operations is not served locally: GET /health (a mock integration)');
  });

  it('REST API (DefinitionBody): /items/{id} reaches the function with its path parameters; an unknown path is 403', async () => {
    expect(await answer(await fetch(`${url('ItemsApi')}/items/42`))).toEqual({ status: 200, body: '{"id": "42", "route": "/items/{id}"}' });
    expect(await answer(await fetch(`${url('ItemsApi')}/prod/items/7`))).toEqual({ status: 200, body: '{"id": "7", "route": "/items/{id}"}' });
    expect(await answer(await fetch(`${url('ItemsApi')}/nothing`))).toEqual({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });

  // As `sam local start-api` answers a route whose function it cannot find: 502, not the unknown route's 403.
  it("REST API: the route of a function pylambda skips answers 502, and the request's reason names the function and why", async () => {
    expect(await answer(await fetch(`${url('ItemsApi')}/orders`))).toEqual({ status: 502, body: '{"message": "Internal server error"}' });
    const request = events.findLast((e) => e.type === 'request' && e.path === '/orders');
    expect(request).toMatchObject({ status: 502, reason: 'GET /orders is not served locally: OrdersFn is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only' });
  });

  it('HTTP API (DefinitionUri): /items/{id} gets the 2.0 event with its path parameters; an unknown path is 404', async () => {
    expect(await answer(await fetch(`${url('ItemsHttpApi')}/items/42`))).toEqual({ status: 200, body: '{"id": "42", "route": "GET /items/{id}"}' });
    // The mock integration is not served: API Gateway would answer it; pylambda, like sam local, has no route for it, and says why.
    expect(await answer(await fetch(`${url('ItemsHttpApi')}/health`))).toEqual({ status: 404, body: '{"message":"Not Found"}' });
    expect(events.findLast((e) => e.type === 'request' && e.path === '/health')).toMatchObject({ reason: 'GET /health is not served locally: a mock integration' });
    expect(await answer(await fetch(`${url('ItemsHttpApi')}/nothing`))).toEqual({ status: 404, body: '{"message":"Not Found"}' });
  });

  it('the DefinitionUri file is part of the configuration: dev reads the routes again when it changes', async () => {
    const loaded = await loadProject({ dir });
    expect(loaded.configFiles).toEqual([join(dir, 'openapi.yaml')]);
  });
});

describe('invoke without --event, for a function reached only through an OpenAPI definition', () => {
  it('sends the event its API would send for a request to its route, not {}', async () => {
    const loaded = await loadProject({ dir, env: {} });
    const sample = defaultEvent(loaded.project.functions[0]!, loaded.project, {});
    expect(sample.label).toBe('apigw-rest sample (ItemsApi)');
    expect(JSON.parse(sample.payload.toString())).toMatchObject({ resource: '/items/{id}', path: '/items/id', pathParameters: { id: 'id' } });
  });
});
