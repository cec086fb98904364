import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { loadProject } from '../../src/api/project.js';
import { defaultEvent } from '../../src/api/sample-event.js';
import { scratchDir, startDev } from '../helpers.js';

/**
 * A template as AWS CDK synthesizes it (cdk.out/<Stack>.template.json), with no SAM resource: a LambdaRestApi-like
 * REST API (a Resource chain, ANY {proxy+}, CDK's OPTIONS mock for defaultCorsPreflightOptions, a TOKEN authorizer,
 * a Deployment and its Stage) and an HttpApi (a Route through its Integration on the $default stage). The functions'
 * Code is a local directory here; CDK's asset form (`aws:asset:path`) is read elsewhere.
 */
const join2 = (fn: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [fn, 'Arn'] }, '/invocations']],
});
const API = { Ref: 'ItemsApi8C2F1A3B' };
const fn = (handler: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Code: 'src', Handler: handler, Runtime: 'python3.12', Role: { 'Fn::GetAtt': ['ItemsFnServiceRoleC7A2D5E1', 'Arn'] } },
  DependsOn: ['ItemsFnServiceRoleC7A2D5E1'],
});
const method = (verb: string, resourceId: unknown, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: { HttpMethod: verb, ResourceId: resourceId, RestApiId: API, AuthorizationType: 'NONE', Integration: { IntegrationHttpMethod: 'POST', Type: 'AWS_PROXY', Uri: join2('ItemsFn1F4A9C2B') }, ...extra },
});

/** CDK's OPTIONS method for defaultCorsPreflightOptions (aws-apigateway resource.ts `addCorsPreflight`), as synthesized. */
const corsMock = (resourceId: unknown) => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: {
    HttpMethod: 'OPTIONS', ResourceId: resourceId, RestApiId: API, AuthorizationType: 'NONE', ApiKeyRequired: false,
    Integration: {
      Type: 'MOCK', RequestTemplates: { 'application/json': '{ statusCode: 200 }' },
      IntegrationResponses: [{ StatusCode: '204', ResponseParameters: {
        'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'",
        'method.response.header.Access-Control-Allow-Origin': "'*'",
        'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,GET'",
      } }],
    },
    MethodResponses: [{ StatusCode: '204', ResponseParameters: { 'method.response.header.Access-Control-Allow-Headers': true, 'method.response.header.Access-Control-Allow-Origin': true, 'method.response.header.Access-Control-Allow-Methods': true } }],
  },
});

const TEMPLATE = {
  Resources: {
    ItemsFnServiceRoleC7A2D5E1: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }], Version: '2012-10-17' } } },
    ItemsFn1F4A9C2B: fn('app.handler'),
    GateFn5B7E2D90: fn('app.gate'),
    ItemsApi8C2F1A3B: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'ItemsApi' } },
    ItemsApiDeploymentA1B2C3D4e5f6a7b8c9d0: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: API, Description: 'Automatically created by the RestApi construct' }, DependsOn: ['ItemsApiproxyANY7D3E9F21'] },
    ItemsApiDeploymentStageprod4E6B1C0A: { Type: 'AWS::ApiGateway::Stage', Properties: { DeploymentId: { Ref: 'ItemsApiDeploymentA1B2C3D4e5f6a7b8c9d0' }, RestApiId: API, StageName: 'prod', Variables: { tier: 'gold' } } },
    ItemsApiitems3A9D2B7C: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['ItemsApi8C2F1A3B', 'RootResourceId'] }, PathPart: 'items', RestApiId: API } },
    ItemsApiitemsid0F1E2D3C: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: 'ItemsApiitems3A9D2B7C' }, PathPart: '{id}', RestApiId: API } },
    ItemsApiitemsidGET5C6D7E8F: method('GET', { Ref: 'ItemsApiitemsid0F1E2D3C' }, { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'ItemsApiGateAuthorizer9E8D7C6B' } }),
    ItemsApiitemsidOPTIONS1A2B3C4D: corsMock({ Ref: 'ItemsApiitemsid0F1E2D3C' }),
    // defaultCorsPreflightOptions puts the mock on every resource, those without a method of their own too.
    ItemsApiitemsOPTIONS9F8E7D6C: corsMock({ Ref: 'ItemsApiitems3A9D2B7C' }),
    ItemsApiOPTIONS5A4B3C2D: corsMock({ 'Fn::GetAtt': ['ItemsApi8C2F1A3B', 'RootResourceId'] }),
    ItemsApiproxy4B5C6D7E: { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { 'Fn::GetAtt': ['ItemsApi8C2F1A3B', 'RootResourceId'] }, PathPart: '{proxy+}', RestApiId: API } },
    ItemsApiproxyANY7D3E9F21: method('ANY', { Ref: 'ItemsApiproxy4B5C6D7E' }),
    ItemsApiGateAuthorizer9E8D7C6B: {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: { Name: 'gate', RestApiId: API, Type: 'TOKEN', AuthorizerUri: join2('GateFn5B7E2D90'), IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 0 },
    },
    ItemsHttpApi6A1B2C3D: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'ItemsHttpApi', ProtocolType: 'HTTP' } },
    ItemsHttpApiDefaultStage8F9E0D1C: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'ItemsHttpApi6A1B2C3D' }, StageName: '$default', AutoDeploy: true } },
    ItemsHttpApiGETitemsidItemsIntegration2B3C4D5E: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: { ApiId: { Ref: 'ItemsHttpApi6A1B2C3D' }, IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::GetAtt': ['ItemsFn1F4A9C2B', 'Arn'] }, PayloadFormatVersion: '2.0' },
    },
    ItemsHttpApiGETitemsid7A8B9C0D: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'ItemsHttpApi6A1B2C3D' }, RouteKey: 'GET /items/{id}', AuthorizationType: 'NONE', Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'ItemsHttpApiGETitemsidItemsIntegration2B3C4D5E' }]] } },
    },
  },
};

const HANDLER = `import json


def handler(event, context):
    ctx = event["requestContext"]
    seen = {"resource": event.get("resource") or event.get("routeKey"), "path": event.get("path") or event.get("rawPath"), "stage": ctx["stage"], "vars": event.get("stageVariables")}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(seen)}


def gate(event, context):
    effect = "Allow" if event["authorizationToken"] == "let-me-in" else "Deny"
    return {"principalId": "ann", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
`;

let dir: string;
let session: DevSession;
let url: (id: string) => string;
let events: DevEvent[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pylambda-dev-cfn-apis-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'template.json'), JSON.stringify(TEMPLATE, null, 1));
  writeFileSync(join(dir, 'src', 'app.py'), HANDLER);
  ({ session, url, events } = await startDev(dir, { port: 0 }));
});
afterAll(async () => {
  await session?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const answer = async (res: Response) => ({ status: res.status, body: await res.text() });

describe('APIs written as plain CloudFormation (a CDK-synthesized template)', () => {
  it('serves the REST API on its Stage and the HTTP API on $default, with no warning about the template', () => {
    expect(session.endpoints.map((e) => [e.kind, e.id, e.stage, e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`)])).toEqual([
      ['rest', 'ItemsApi8C2F1A3B', 'prod', ['GET /items/{id} ItemsFn1F4A9C2B', 'ANY /{proxy+} ItemsFn1F4A9C2B', 'OPTIONS /items (CORS preflight 204)', 'OPTIONS / (CORS preflight 204)']],
      ['http', 'ItemsHttpApi6A1B2C3D', '$default', ['GET /items/{id} ItemsFn1F4A9C2B']],
    ]);
    expect(events.filter((e) => e.type === 'warning' && e.diagnostic.path.startsWith('Resources.'))).toEqual([]);
  });

  it('REST: the Resource chain\'s path reaches the function behind its TOKEN authorizer, with the stage and its variables', async () => {
    const rest = url('ItemsApi8C2F1A3B');
    expect(await answer(await fetch(`${rest}/items/42`))).toEqual({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(await answer(await fetch(`${rest}/items/42`, { headers: { Authorization: 'nope' } }))).toEqual({ status: 403, body: '{"Message":"User is not authorized to access this resource with an explicit deny"}' });
    expect(await answer(await fetch(`${rest}/prod/items/42`, { headers: { Authorization: 'let-me-in' } }))).toEqual({
      status: 200, body: '{"resource": "/items/{id}", "path": "/items/42", "stage": "prod", "vars": {"tier": "gold"}}',
    });
    expect(await answer(await fetch(`${rest}/anything/else`, { method: 'POST' }))).toEqual({
      status: 200, body: '{"resource": "/{proxy+}", "path": "/anything/else", "stage": "prod", "vars": {"tier": "gold"}}',
    });
  });

  it('REST: CDK\'s OPTIONS mock answers the CORS preflight with the headers it sets', async () => {
    const res = await fetch(`${url('ItemsApi8C2F1A3B')}/items/42`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(204);
    expect([res.headers.get('access-control-allow-origin'), res.headers.get('access-control-allow-methods'), res.headers.get('access-control-allow-headers')]).toEqual(['*', 'OPTIONS,GET', 'Content-Type,Authorization']);
  });

  it("REST: CDK's OPTIONS mock on a resource with no method of its own (/items, /) answers as API Gateway does, not 403", async () => {
    const rest = url('ItemsApi8C2F1A3B');
    for (const path of ['/items', '/', '/prod/items']) {
      const res = await fetch(`${rest}${path}`, { method: 'OPTIONS', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' } });
      expect([path, res.status, await res.text(), res.headers.get('access-control-allow-origin'), res.headers.get('access-control-allow-methods'), res.headers.get('access-control-allow-headers')])
        .toEqual([path, 204, '', '*', 'OPTIONS,GET', 'Content-Type,Authorization']);
    }
    // Its other methods are not the mock's: /items reaches {proxy+}, as API Gateway resolves the method too.
    expect(await answer(await fetch(`${rest}/items`))).toEqual({ status: 200, body: '{"resource": "/{proxy+}", "path": "/items", "stage": "prod", "vars": {"tier": "gold"}}' });
    const ready = events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' && ready.endpoints[0]!.routes.slice(2)).toEqual([
      { method: 'OPTIONS', path: '/items', functionId: '(CORS preflight 204)' },
      { method: 'OPTIONS', path: '/', functionId: '(CORS preflight 204)' },
    ]);
  });

  it('HTTP: the Route reaches the function through its Integration; an unknown path is 404', async () => {
    const http = url('ItemsHttpApi6A1B2C3D');
    expect(await answer(await fetch(`${http}/items/7`))).toEqual({ status: 200, body: '{"resource": "GET /items/{id}", "path": "/items/7", "stage": "$default", "vars": null}' });
    expect(await answer(await fetch(`${http}/nothing`))).toEqual({ status: 404, body: '{"message":"Not Found"}' });
  });
});

describe('invoke without --event, for a function reached through an AWS::ApiGateway::Method', () => {
  it('sends the event its API would send for a request to its route', async () => {
    const loaded = await loadProject({ dir, env: {} });
    const sample = defaultEvent(loaded.project.functions.find((f) => f.id === 'ItemsFn1F4A9C2B')!, loaded.project, {});
    expect(sample.label).toBe('apigw-rest sample (ItemsApi8C2F1A3B)');
    expect(JSON.parse(sample.payload.toString())).toMatchObject({ resource: '/{proxy+}', path: '/proxy', pathParameters: { proxy: 'proxy' }, requestContext: { stage: 'prod' } });
  });

  it('sends the TOKEN authorizer the event API Gateway sends it for a request to the method it guards', async () => {
    const loaded = await loadProject({ dir, env: {} });
    const sample = defaultEvent(loaded.project.functions.find((f) => f.id === 'GateFn5B7E2D90')!, loaded.project, {});
    expect(JSON.parse(sample.payload.toString())).toEqual({ type: 'TOKEN', authorizationToken: 'allow', methodArn: expect.stringMatching(/\/prod\/GET\/items\/id$/) });
  });
});

describe('a REST API with several AWS::ApiGateway::Stage resources', () => {
  it('is served on the last, as sam local start-api serves it, or on the one --stage names, with a warning that says which', async () => {
    const two = scratchDir('cfn-stages');
    const beta = { Type: 'AWS::ApiGateway::Stage', Properties: { DeploymentId: { Ref: 'ItemsApiDeploymentA1B2C3D4e5f6a7b8c9d0' }, RestApiId: API, StageName: 'beta' } };
    writeFileSync(join(two, 'template.json'), JSON.stringify({ Resources: { ...TEMPLATE.Resources, ItemsApiBetaStage1F2E3D4C: beta } }));
    const said = (warnings: readonly { path: string; message: string }[]) => warnings.filter((w) => w.path === 'Resources.ItemsApi8C2F1A3B' || w.path === '').map((w) => w.message);
    const last = await loadProject({ dir: two, env: {} });
    expect([last.project.endpoints[0]!.stage, said(last.warnings)]).toEqual(['beta', ['has 2 stages (prod, beta): pylambda dev serves beta, the last in the template, as sam local start-api does; --stage NAME serves another']]);
    const picked = await loadProject({ dir: two, env: {}, stage: 'prod' });
    expect([picked.project.endpoints[0]!.stage, picked.project.endpoints[0]!.stageVariables, said(picked.warnings)]).toEqual(['prod', { tier: 'gold' }, ['has 2 stages (prod, beta): pylambda dev serves prod, as --stage names']]);
    // One warning, which says --stage picks among the stages: not a second that says --stage does nothing for a SAM template.
    const none = await loadProject({ dir: two, env: {}, stage: 'gamma' });
    expect([none.project.endpoints[0]!.stage, said(none.warnings)]).toEqual(['beta', ['has 2 stages (prod, beta): pylambda dev serves beta, the last in the template, as sam local start-api does: --stage gamma is none of them']]);
  });
});
