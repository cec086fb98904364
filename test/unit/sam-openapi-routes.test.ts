import { describe, expect, it } from 'vitest';
import type { CfnContext } from '../../src/core/model/cfn/intrinsics.js';
import { FieldReader } from '../../src/core/model/fields.js';
import { readApiDefinition } from '../../src/core/model/sam/api-definition.js';
import { proxyTarget, type IntegrationTargets } from '../../src/core/model/sam/integration-targets.js';
import { openApiRoutes } from '../../src/core/model/sam/openapi-routes.js';

const ctx: CfnContext = {
  parameters: { Stage: 'dev' },
  conditions: {},
  mappings: {},
  resources: {
    ItemFn: { Type: 'AWS::Serverless::Function', Properties: {} },
    Named: { Type: 'AWS::Serverless::Function', Properties: { FunctionName: 'orders-${Stage}' } },
    Plain: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'plain-fn' } },
    NodeFn: { Type: 'AWS::Serverless::Function', Properties: {} },
    Queue: { Type: 'AWS::SQS::Queue' },
  },
  notCreated: { ProdOnly: 'IsProd' },
  region: 'eu-west-1',
  accountId: '111111111111',
  stackName: 'stack',
};
// Named's FunctionName is a Sub in the template; resourceName evaluates it.
(ctx.resources.Named!.Properties as Record<string, unknown>).FunctionName = { 'Fn::Sub': 'orders-${Stage}' };

const targets: IntegrationTargets = { ctx, runs: new Set(['ItemFn', 'Named', 'Plain']), skipped: { NodeFn: "its Runtime is nodejs20.x; pylambda runs Python functions only" } };
const PREFIX = 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/';
const proxy = (uri: unknown) => proxyTarget({ type: 'aws_proxy', httpMethod: 'POST', uri }, targets);

describe('the function an aws_proxy integration calls (SAM CLI integration_uri.py, and more)', () => {
  it.each<[string, unknown, { id: string; qualifier?: string } | { why: string; skipped?: string }]>([
    ['Fn::Sub with ${Fn.Arn}', { 'Fn::Sub': `${PREFIX}\${ItemFn.Arn}/invocations` }, { id: 'ItemFn' }],
    ['Fn::Sub with ${Fn.Alias} (AutoPublishAlias)', { 'Fn::Sub': `${PREFIX}\${ItemFn.Alias}/invocations` }, { id: 'ItemFn' }],
    ['the list form of Fn::Sub, the ARN in a variable', { 'Fn::Sub': [`${PREFIX}\${Target}/invocations`, { Target: { 'Fn::GetAtt': ['Named', 'Arn'] } }] }, { id: 'Named' }],
    ['Fn::Join with Fn::GetAtt [Fn, Arn]', { 'Fn::Join': ['', ['arn:aws:apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['ItemFn', 'Arn'] }, '/invocations']] }, { id: 'ItemFn' }],
    ['Fn::GetAtt written Fn.Arn', { 'Fn::Join': ['', ['a/functions/', { 'Fn::GetAtt': 'Plain.Arn' }, '/invocations']] }, { id: 'Plain' }],
    ['a literal ARN naming a FunctionName', 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:plain-fn/invocations', { id: 'Plain' }],
    ['a literal ARN with an alias', 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:plain-fn:live/invocations', { id: 'Plain', qualifier: 'live' }],
    ['a Sub whose ARN names the function by its evaluated FunctionName', { 'Fn::Sub': `${PREFIX}arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:orders-\${Stage}/invocations` }, { id: 'Named' }],
    ['a literal ARN naming a logical id', 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:ItemFn/invocations', { id: 'ItemFn' }],
    ['a function of another stack or account', 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:222222222222:function:elsewhere/invocations',
      { why: 'its function arn:aws:lambda:eu-west-1:222222222222:function:elsewhere is not in this template' }],
    ['a stage variable', 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:${stageVariables.fn}/invocations',
      { why: 'its function is named by a stage variable (arn:aws:lambda:eu-west-1:1:function:${stageVariables.fn}), which pylambda does not resolve' }],
    ['a function pylambda skips', { 'Fn::Sub': `${PREFIX}\${NodeFn.Arn}/invocations` }, { why: 'NodeFn is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only', skipped: 'NodeFn' }],
    ['a function whose Condition is false', { 'Fn::Sub': `${PREFIX}\${ProdOnly.Arn}/invocations` }, { why: 'ProdOnly is not created (its Condition IsProd is false)' }],
    ['an import', { 'Fn::ImportValue': 'shared-fn-arn' }, { why: 'its uri cannot be evaluated locally (Fn::ImportValue cannot be evaluated locally)' }],
    ['no uri', undefined, { why: 'aws_proxy without a uri' }],
  ])('%s', (_, uri, expected) => {
    expect(proxy(uri)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['mock', { type: 'mock', requestTemplates: {} }, 'a mock integration'],
    ['MOCK in capitals', { type: 'MOCK' }, 'a mock integration'],
    ['http_proxy', { type: 'http_proxy', uri: 'https://example.com/{proxy}' }, 'an http_proxy integration to https://example.com/{proxy}'],
    ['aws, to SQS, written with Fn::Sub', { type: 'aws', uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:sqs:path/q' } }, 'an AWS service integration (sqs)'],
    ['aws, to a service whose uri cannot be evaluated', { type: 'aws', uri: { 'Fn::ImportValue': 'x' } }, 'an AWS service integration'],
    ['aws, written out', { type: 'aws', uri: 'arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem' }, 'an AWS service integration (dynamodb)'],
    ['aws, to Lambda (custom integration)', { type: 'aws', uri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/x/invocations` },
      'a Lambda custom integration (type aws, with mapping templates), which pylambda does not emulate'],
    ['an HTTP API service integration', { type: 'aws_proxy', integrationSubtype: 'SQS-SendMessage' }, 'an AWS service integration (SQS-SendMessage)'],
    ['no type', { uri: 'x' }, 'an integration without a type'],
  ])('%s is not served', (_, integration, why) => {
    expect(proxyTarget(integration, targets)).toEqual({ why });
  });
});

const integration = (fn: string, extra: Record<string, unknown> = {}) => ({ 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: { 'Fn::Sub': `${PREFIX}\${${fn}.Arn}/invocations` }, ...extra } });

function routes(document: Record<string, unknown>, kind: 'rest' | 'http' = 'rest') {
  const r = new FieldReader('template.yaml');
  const out = openApiRoutes(document, kind, targets, (p) => `Resources.Api.Properties.DefinitionBody.${p}`, r);
  return { ...out, diagnostics: r.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`) };
}

describe('the routes of an OpenAPI document', () => {
  it('reads every operation with an integration, ANY for x-amazon-apigateway-any-method, and says why the others are not served', () => {
    const out = routes({
      openapi: '3.0.1',
      'x-amazon-apigateway-binary-media-types': ['image/png', '*/*'],
      paths: {
        '/items/{id}': { parameters: [{ name: 'id', in: 'path' }], get: integration('ItemFn', { timeoutInMillis: 5000 }), options: { 'x-amazon-apigateway-integration': { type: 'mock' } } },
        '/items/': { post: integration('Named') },
        '/{proxy+}': { 'x-amazon-apigateway-any-method': integration('Plain') },
        '/docs': { get: { responses: {} } },
      },
    });
    expect(out.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}${r.integrationTimeoutMs ? ` (${r.integrationTimeoutMs} ms)` : ''}`)).toEqual([
      'GET /items/{id} -> ItemFn (5000 ms)',
      'POST /items -> Named',
      'ANY /{proxy+} -> Plain',
    ]);
    expect(out.routes[0]!.source).toEqual({ file: 'template.yaml', path: 'Resources.Api.Properties.DefinitionBody.paths./items/{id}.get' });
    expect(out.unserved).toEqual([
      { method: 'OPTIONS', path: '/items/{id}', why: 'a mock integration' },
      { method: 'GET', path: '/docs', why: 'no x-amazon-apigateway-integration' },
    ]);
    expect(out.binaryMediaTypes).toEqual(['image/png', '*/*']);
    expect(out.diagnostics).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, '1.0' | '2.0' | undefined]>([
    ['/$default with ANY (API Gateway exports)', { '/$default': { 'x-amazon-apigateway-any-method': integration('ItemFn', { payloadFormatVersion: '2.0' }) } }, '$default', '2.0'],
    ['$default (SAM writes it so)', { $default: { 'x-amazon-apigateway-any-method': integration('ItemFn') } }, '$default', undefined],
    ['isDefaultRoute', { '/anything': { 'x-amazon-apigateway-any-method': { ...integration('ItemFn', { payloadFormatVersion: 1.0 }), isDefaultRoute: true } } }, '$default', '1.0'],
  ])('HTTP API: %s', (_, paths, path, version) => {
    const out = routes({ openapi: '3.0.1', paths }, 'http');
    expect(out.routes.map((r) => [r.method, r.path, r.payloadFormatVersion])).toEqual([['ANY', path, version]]);
  });

  it('an HTTP API takes no binary media types from the document, a REST API no payload format version', () => {
    const out = routes({ openapi: '3.0.1', 'x-amazon-apigateway-binary-media-types': ['image/png'], paths: { '/x': { get: integration('ItemFn', { payloadFormatVersion: '1.0' }) } } }, 'http');
    expect(out.binaryMediaTypes).toEqual([]);
    expect(routes({ openapi: '3.0.1', paths: { '/x': { get: integration('ItemFn', { payloadFormatVersion: '1.0' }) } } }).routes[0]).not.toHaveProperty('payloadFormatVersion');
  });

  it('a wrong payload format version or timeout is an error at its place in the document', () => {
    const out = routes({ paths: { '/x': { get: integration('ItemFn', { payloadFormatVersion: '3.0', timeoutInMillis: 40000 }) } } }, 'http');
    expect(out.diagnostics).toEqual([
      "error Resources.Api.Properties.DefinitionBody.paths./x.get.x-amazon-apigateway-integration.payloadFormatVersion: '3.0' is not 1.0 or 2.0",
      "error Resources.Api.Properties.DefinitionBody.paths./x.get.x-amazon-apigateway-integration.timeoutInMillis: 40000 is outside an HTTP API integration's 50 to 30000",
    ]);
  });
});

describe('where an API keeps its definition (SAM CLI swagger/reader.py)', () => {
  const files: Record<string, string> = {
    'openapi.yaml': 'openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, uri: !Sub "${ItemFn.Arn}"}\n',
    'api.json': '{"swagger": "2.0", "paths": {}}',
    'broken.yaml': 'paths: [\n',
    'list.yaml': '- a\n',
  };
  const readFile = (path: string) => files[path];

  function read(props: Record<string, unknown>, reader: ((path: string) => string | undefined) | undefined = readFile) {
    const r = new FieldReader('template.yaml');
    const out = readApiDefinition(props, (key) => `Resources.Api.Properties.${key}`, ctx, reader, r);
    return { has: out.has, key: out.definition?.key, file: out.definition?.file, paths: out.definition ? Object.keys(out.definition.document.paths as object) : undefined, warnings: r.diagnostics.map((d) => `${d.path}: ${d.message}`) };
  }
  const include = (location: unknown) => ({ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: location } } });
  const NOT_SERVED = 'so the routes it defines are not served';

  it.each<[string, Record<string, unknown>, ReturnType<typeof read>]>([
    ['no definition', { StageName: 'prod' }, { has: false, key: undefined, file: undefined, paths: undefined, warnings: [] }],
    ['an inline DefinitionBody', { DefinitionBody: { openapi: '3.0.1', paths: { '/i': {} } } }, { has: true, key: 'DefinitionBody', file: undefined, paths: ['/i'], warnings: [] }],
    ['AWS::Include of a local file', { DefinitionBody: include('openapi.yaml') }, { has: true, key: 'DefinitionBody', file: 'openapi.yaml', paths: ['/a'], warnings: [] }],
    ['a local DefinitionUri (JSON)', { DefinitionUri: 'api.json' }, { has: true, key: 'DefinitionUri', file: 'api.json', paths: [], warnings: [] }],
    ['DefinitionBody first, then DefinitionUri', { DefinitionBody: include('missing.yaml'), DefinitionUri: 'openapi.yaml' },
      { has: true, key: 'DefinitionUri', file: 'openapi.yaml', paths: ['/a'], warnings: [`Resources.Api.Properties.DefinitionBody.Fn::Transform.Parameters.Location: missing.yaml does not exist, ${NOT_SERVED}`] }],
    ['an S3 URI', { DefinitionUri: 's3://bucket/openapi.yaml' },
      { has: true, key: undefined, file: undefined, paths: undefined, warnings: [`Resources.Api.Properties.DefinitionUri: s3://bucket/openapi.yaml is not a local file: pylambda reads a file of the project only, ${NOT_SERVED}`] }],
    ['an S3 location', { DefinitionUri: { Bucket: 'b', Key: 'k.yaml' } },
      { has: true, key: undefined, file: undefined, paths: undefined, warnings: [`Resources.Api.Properties.DefinitionUri: is in S3 (bucket b, key k.yaml): pylambda reads a local file only, ${NOT_SERVED}`] }],
    ['an include from S3, written with !Sub', { DefinitionBody: include({ 'Fn::Sub': 's3://${AWS::AccountId}-specs/api.yaml' }) },
      { has: true, key: undefined, file: undefined, paths: undefined, warnings: [`Resources.Api.Properties.DefinitionBody.Fn::Transform.Parameters.Location: s3://111111111111-specs/api.yaml is not a local file: pylambda reads a file of the project only, ${NOT_SERVED}`] }],
    ['a file that does not parse', { DefinitionUri: 'broken.yaml' },
      { has: true, key: undefined, file: undefined, paths: undefined, warnings: [`Resources.Api.Properties.DefinitionUri: broken.yaml cannot be parsed: Flow sequence in block collection must be sufficiently indented and end with a ] (line 2, column 1), ${NOT_SERVED}`] }],
    ['a file that is not a mapping', { DefinitionUri: 'list.yaml' },
      { has: true, key: undefined, file: undefined, paths: undefined, warnings: [`Resources.Api.Properties.DefinitionUri: list.yaml is not an OpenAPI document (a mapping at the top), ${NOT_SERVED}`] }],
    ['a DefinitionBody that is not a mapping', { DefinitionBody: 'openapi: 3' },
      { has: true, key: undefined, file: undefined, paths: undefined, warnings: ['Resources.Api.Properties.DefinitionBody: is not an OpenAPI document (a mapping), so its routes are not served'] }],
  ])('%s', (_, props, expected) => {
    expect(read(props)).toEqual(expected);
  });

  it('a file that cannot be read says why', () => {
    const failing = () => {
      throw new Error('it is 20000000 bytes, over the 10485760 pylambda reads');
    };
    expect(read({ DefinitionUri: 'big.yaml' }, failing).warnings).toEqual([`Resources.Api.Properties.DefinitionUri: big.yaml cannot be read (it is 20000000 bytes, over the 10485760 pylambda reads), ${NOT_SERVED}`]);
  });
});
