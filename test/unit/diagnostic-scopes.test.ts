import { describe, expect, it } from 'vitest';
import { diagnosticsFor, type Diagnostic } from '../../src/core/errors.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { app, BASE, read as readChalice, route } from './chalice-reader-support.js';
import { read as readServerless } from './serverless-helpers.js';
import { fnTemplate } from '../helpers.js';

// A project reader's warnings about how dev serves requests through the API, ALB, function URL or WebSocket API in
// front of a function are dev's alone: invoke and coldstart call the function with no gateway in between. Those about
// the function itself (its layers, file systems, plugins, integration's event) stay every command's.
// An API's resources above the function: the REST API its Get event is on.
const api = (...auth: string[]) => ['Api:', '  Type: AWS::Serverless::Api', '  Properties:', '    StageName: prod', ...auth.map((line) => `    ${line}`)];
const GET = 'Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /items, Method: get } }';

const SAM = fnTemplate({
  resources: api('Auth:', '  DefaultAuthorizer: AWS_IAM', '  ResourcePolicy: { IpRangeWhitelist: [10.0.0.0/8] }', '  UsagePlan: { CreateUsagePlan: PER_API, Throttle: { RateLimit: 10 } }'),
  properties: [
    'Layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:1]',
    'FileSystemConfigs: [{ Arn: arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-1, LocalMountPath: /mnt/data }]',
    'FunctionUrlConfig: { AuthType: AWS_IAM }',
  ],
  events: [GET, 'Http: { Type: HttpApi, Properties: { Path: /h, Method: get, Auth: { ApiKeyRequired: true } } }'],
});

const SERVERLESS = `
service: demo
provider:
  name: aws
  runtime: python3.12
plugins: [serverless-offline, serverless-plugin-tracing]
custom:
  serverless-offline:
    useDocker: true
functions:
  api:
    handler: app.handler
    layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:1]
    url:
      authorizer: aws_iam
    events:
      - http: { path: items, method: get, authorizer: aws_iam }
      - http: { path: legacy, method: get, integration: lambda }
      - httpApi: { path: /h, method: get, private: true }
      - websocket: { route: $connect, authorizer: auth }
  auth:
    handler: app.auth
`;

// Routes a Body in S3 leaves unserved, throttling not applied: dev's too. The function's name stays everyone's.
const SAM_ROUTES = fnTemplate({
  resources: api('DefinitionUri: { Bucket: defs, Key: api.yaml }', "MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 5 }]"),
  properties: ['FunctionName: !ImportValue shared-name'],
  events: [GET],
});

const CHALICE = app({
  routes: [route('/i', 'GET', { authorizer: { name: 'sigv4', type: 'aws_iam', scopes: [] } }), route('/p', 'post')],
});

const said = (diagnostics: readonly Diagnostic[], command: 'dev' | 'invoke') => diagnosticsFor(diagnostics.filter((d) => d.severity === 'warning'), command).map((d) => `${d.path}: ${d.message}`);

const EFS = "Resources.Fn.Properties.FileSystemConfigs: EFS is not mounted locally: /mnt/data is not the file system here, so the function's reads and writes there fail or reach this machine's own directory";
const SAM_LAYER = "Resources.Fn.Properties.Layers[0]: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:1' is not a layer of this template: its modules are not available locally";
const SLS_INTEGRATION = 'functions.api.events[1].http.integration: lambda is not supported locally; the function gets the proxy (payload 1.0) event';
const SLS_LAYER = "functions.api.layers[0]: 'arn:aws:lambda:us-east-1:123456789012:layer:shared:1' is not a layer of this service: its modules are not available locally";
const SLS_PLUGIN = 'plugins: serverless-plugin-tracing is not run by pylambda: what it changes in the functions or their package is not reproduced locally';
const CHALICE_METHOD = "route post /p (view view): method 'post' is not upper case: API Gateway sends POST, which Chalice does not find among the view's methods, so it answers 405; write 'POST'";
const FUNCTION_NAME = 'Resources.Fn.Properties.FunctionName: Fn::ImportValue cannot be evaluated locally; locally the function is named Fn (its AWS_LAMBDA_FUNCTION_NAME and log group)';

describe('which command says each reader warning', () => {
  it.each<[string, () => readonly Diagnostic[], string[], string[]]>([
    ['a SAM template', () => readSamTemplate(SAM, { file: 'template.yaml' }).diagnostics, [EFS, SAM_LAYER], [
      EFS, SAM_LAYER,
      'Resources.Fn.Properties.Events.Http.Properties.Auth.ApiKeyRequired: does nothing: HTTP APIs have no API keys (an Api event, on a REST API, checks them)',
      'Resources.Api.Properties.Auth.ResourcePolicy: is not evaluated locally: requests reach the routes whatever their IP address, VPC endpoint or account, where API Gateway would refuse those the policy denies (403)',
      "Resources.Api.Properties.Auth.UsagePlan.Throttle: is not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan's limits)",
      'Resources.Api.Properties.Auth.DefaultAuthorizer: AWS_IAM is not enforced locally: requests reach the functions without IAM signatures',
      'Resources.Fn.Properties.FunctionUrlConfig.AuthType: is not enforced locally: the URL answers without IAM signatures (AWS answers 403 to an unsigned request)',
    ]],
    ['a SAM template whose API is not all served', () => readSamTemplate(SAM_ROUTES, { file: 'template.yaml' }).diagnostics, [FUNCTION_NAME], [
      FUNCTION_NAME,
      'Resources.Api.Properties.DefinitionUri: is in S3 (bucket defs, key api.yaml): pylambda reads a local file only, so the routes it defines are not served',
      'Resources.Api.Properties.MethodSettings: throttling is not applied locally: requests past its limits reach the function, where API Gateway answers 429 {"message":"Too Many Requests"}',
    ]],
    ['a serverless.yml', () => readServerless(SERVERLESS).diagnostics, [SLS_INTEGRATION, SLS_LAYER, SLS_PLUGIN], [
      SLS_INTEGRATION,
      'functions.api.events[2].httpApi.private: does nothing: HTTP APIs have no API keys (an http event, on a REST API, checks them)',
      'functions.api.events[3].websocket.authorizer: is a WebSocket authorizer, which pylambda dev does not run: the route is served without it',
      SLS_LAYER,
      'functions.api.url.authorizer: is not enforced locally: the URL answers without IAM signatures',
      SLS_PLUGIN,
      'functions.api.events[0].http.authorizer: AWS_IAM is not enforced locally: requests reach the function without IAM signatures',
    ]],
    ['a Chalice app', () => readChalice(BASE, CHALICE).diagnostics, [CHALICE_METHOD], [
      CHALICE_METHOD,
      'app.routes: pylambda dev runs built-in (@app.authorizer) and Cognito user pool authorizers only: GET /i (IAM authorizer sigv4) answer without theirs locally, as under chalice local, and requestContext.authorizer is empty',
    ]],
  ])('%s', (_what, diagnostics, invoke, dev) => {
    const all = diagnostics();
    expect(said(all, 'invoke')).toEqual(invoke);
    expect(said(all, 'dev')).toEqual(dev);
  });
});
