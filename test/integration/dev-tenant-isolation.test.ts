// A REST method maps a request header to the X-Amz-Tenant-Id of its Invoke call (lambda docs,
// tenant-isolation-invoke), as the apigw-lambda-tenant-isolation pattern of aws-samples/serverless-patterns does:
// dev ran every tenant without a tenant id, in environments they all shared, so its per-tenant counters were one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { json, scratchDir, startDev } from '../helpers.js';

const method = (id: string, resource: string, fn: string, mapping: string) => `  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref ${resource}
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fn}.Arn}/invocations"
${mapping}`;
const resource = (id: string, part: string) => `  ${id}: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: ${part} } }\n`;
const fn = (id: string, isolated: boolean) => `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Runtime: python3.12
      Handler: app.handler${isolated ? '\n      TenancyConfig: { TenantIsolationMode: PER_TENANT }' : ''}
`;
const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: tenants } }
  Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api, StageName: dev, DeploymentId: x } }
${resource('Isolated', 'isolated')}${resource('Shared', 'shared')}${resource('Bare', 'bare')}${method('IsolatedGet', 'Isolated', 'IsolatedFn', "        RequestParameters: { integration.request.header.X-Amz-Tenant-Id: method.request.header.x-tenant-id }\n")}${method('SharedGet', 'Shared', 'SharedFn', "        RequestParameters: { integration.request.header.X-Amz-Tenant-Id: method.request.querystring.tenant }\n")}${method('BareGet', 'Bare', 'IsolatedFn', '')}${fn('IsolatedFn', true)}${fn('SharedFn', false)}`;

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('dev: a function with tenant isolation behind a REST API', () => {
  it("runs each tenant the integration maps in environments of its own, with context.tenant_id; refuses a route that maps none", async () => {
    const dir = scratchDir('tenant-isolation');
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'app.py'), 'import json\ncount = 0\n\ndef handler(event, context):\n    global count\n    count += 1\n    return {"statusCode": 200, "body": json.dumps([context.tenant_id, count])}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const base = dev.url('Api');
    const isolated = async (tenant: string) => json(await fetch(`${base}/isolated`, { headers: { 'x-tenant-id': tenant } }));
    expect([await isolated('blue'), await isolated('blue'), await isolated('red'), await isolated('blue'), await isolated('red')])
      .toEqual([['blue', 1], ['blue', 2], ['red', 1], ['blue', 3], ['red', 2]]);
    // A function without tenant isolation is one that every tenant shares, whatever the method maps.
    const shared = async (tenant: string) => json(await fetch(`${base}/shared?tenant=${tenant}`));
    expect([await shared('blue'), await shared('red')]).toEqual([[null, 1], [null, 2]]);
    // Lambda refuses an invocation without a tenant id (InvalidParameterValueException): the gateway's error.
    const bare = await fetch(`${base}/bare`);
    expect(bare.status).toBe(500);
    expect(dev.events.filter((e) => e.type === 'warning').map((e) => (e.type === 'warning' ? e.diagnostic.message : '')))
      .toContain("IsolatedFn has tenant isolation, and its route GET /bare maps no tenant id (a REST method's integration.request.header.X-Amz-Tenant-Id): Lambda refuses its invocations (InvalidParameterValueException), and so does dev");
  });

  it('runs each tenant an OpenAPI definition\'s integration maps (requestParameters) in environments of its own', async () => {
    const dir = scratchDir('tenant-isolation-openapi');
    writeFileSync(join(dir, 'template.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: tenants, version: '1' }
        paths:
          /isolated:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${IsolatedFn.Arn}/invocations'
                requestParameters: { integration.request.header.X-Amz-Tenant-Id: method.request.header.x-tenant-id }
${fn('IsolatedFn', true)}`);
    writeFileSync(join(dir, 'app.py'), 'import json\ncount = 0\n\ndef handler(event, context):\n    global count\n    count += 1\n    return {"statusCode": 200, "body": json.dumps([context.tenant_id, count])}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const isolated = async (tenant: string) => json(await fetch(`${dev.url('Api')}/isolated`, { headers: { 'x-tenant-id': tenant } }));
    expect([await isolated('blue'), await isolated('red'), await isolated('blue')]).toEqual([['blue', 1], ['red', 1], ['blue', 2]]);
    expect(dev.events.some((e) => e.type === 'warning' && e.diagnostic.message.includes('maps no tenant id'))).toBe(false);
  });
});
