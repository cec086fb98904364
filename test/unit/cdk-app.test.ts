import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseCdkTemplate, cdkOutputDir } from '../../src/core/model/sam/cdk-app.js';
import { assetPath, cdkName, nestedCdkName, nestedStackPath } from '../../src/core/model/sam/cdk-assets.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { FIXTURES } from '../helpers.js';

const FN_ASSET = 'asset.eab1715940f453afe815f8d0145b03a78f2824652510f556e7a283ee224cc700';
const LAYER_ASSET = 'asset.82ab2dc375ac0e54b042dbc7633c888ff6b90cce3d873bcb83cfa786cf25b217';

describe('assetPath: the cdk.out directory CDK metadata says a property comes from', () => {
  const meta = (metadata: Record<string, unknown>) => ({ Type: 'AWS::Lambda::Function', Metadata: metadata });
  it.each<[string, unknown, string, string | undefined]>([
    ["a function's Code", meta({ 'aws:asset:path': FN_ASSET, 'aws:asset:property': 'Code' }), 'Code', FN_ASSET],
    ["a layer's Content", meta({ 'aws:asset:path': LAYER_ASSET, 'aws:asset:property': 'Content' }), 'Content', LAYER_ASSET],
    ['a path outside cdk.out (cdk synth --no-staging)', meta({ 'aws:asset:path': '../layers/', 'aws:asset:property': 'Code' }), 'Code', '../layers/'],
    ['another property (an image function\'s Code.ImageUri)', meta({ 'aws:asset:path': 'asset.x', 'aws:asset:property': 'Code.ImageUri' }), 'Code', undefined],
    // SAM CLI: "Metadata contains only aws:asset:path or aws:asset:property but not both" is ignored.
    ['a path without its property', meta({ 'aws:asset:path': FN_ASSET }), 'Code', undefined],
    ['a property without its path', meta({ 'aws:asset:property': 'Code' }), 'Code', undefined],
    ['no Metadata', { Type: 'AWS::Lambda::Function' }, 'Code', undefined],
  ])('%s', (_what, resource, property, path) => expect(assetPath(resource, property)).toBe(path));
});

describe('cdkName: the id SAM CLI knows a CDK resource by (get_resource_id)', () => {
  const meta = (metadata: Record<string, unknown>) => ({ Metadata: metadata });
  it.each<[string, Record<string, unknown>, ReturnType<typeof cdkName>]>([
    ["a construct's Resource", { 'aws:cdk:path': 'HelloStack/HelloFn/Resource' }, { path: 'HelloStack/HelloFn/Resource', id: 'HelloFn' }],
    ['a path of two parts: its last', { 'aws:cdk:path': 'HelloStack/HelloFn' }, { path: 'HelloStack/HelloFn', id: 'HelloFn' }],
    ['a path of three parts not ending in Resource: its last', { 'aws:cdk:path': 'HelloStack/Api/Handler' }, { path: 'HelloStack/Api/Handler', id: 'Handler' }],
    ['a construct nested deeper: no id (the logical id only)', { 'aws:cdk:path': 'HelloStack/Api/Handler/Resource' }, { path: 'HelloStack/Api/Handler/Resource' }],
    ['SamResourceId wins', { 'aws:cdk:path': 'HelloStack/HelloFn/Resource', SamResourceId: 'Greeter' }, { path: 'HelloStack/HelloFn/Resource', id: 'Greeter' }],
    ['no aws:cdk:path', {}, undefined],
  ])('%s', (_what, metadata, name) => expect(cdkName(meta(metadata))).toEqual(name));

  // resource_metadata_normalizer.py get_resource_id: a NestedStack's resource in its parent is named without `.NestedStack`.
  it.each<[string, string, ReturnType<typeof cdkName>, string | undefined]>([
    ['a NestedStack of a top-level stack', 'Parent/Child.NestedStack/Child.NestedStackResource', { path: 'Parent/Child.NestedStack/Child.NestedStackResource', id: 'Child' }, 'Parent/Child'],
    ['a NestedStack of a nested stack: SAM CLI takes its logical id', 'Parent/Child/Grand.NestedStack/Grand.NestedStackResource', { path: 'Parent/Child/Grand.NestedStack/Grand.NestedStackResource' }, 'Parent/Child/Grand'],
    ['a stack resource that is no NestedStack', 'Parent/Imported/Resource', { path: 'Parent/Imported/Resource', id: 'Imported' }, undefined],
  ])('%s', (_what, path, name, stackPath) => {
    const resource = { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:cdk:path': path } };
    expect([cdkName(resource), nestedStackPath(resource)]).toEqual([name, stackPath]);
  });

  it.each<[string, string, string | undefined]>([
    ["a construct's Resource in the nested stack", 'Parent/Child/HelloFn/Resource', 'HelloFn'],
    ['a construct nested deeper in it: no id', 'Parent/Child/Api/Handler/Resource', undefined],
    ['a path outside the stack: as it was', 'Other/HelloFn/Resource/Deep', undefined],
  ])('nestedCdkName: %s', (_what, path, id) => {
    expect(nestedCdkName({ path }, 'Parent/Child')).toEqual(id === undefined ? { path } : { path, id });
  });
});

describe('reading a template cdk synth wrote', () => {
  const file = 'HelloStack.template.json';
  const text = readFileSync(join(FIXTURES, 'projects', 'cdk', 'cdk.out', file), 'utf8');

  it('runs a function from its code asset, with its layer from its content asset, named by its construct path', () => {
    const { project, diagnostics } = readSamTemplate(text, { file });
    const fn = project!.functions[0]!;
    expect(project!.functions.map((f) => f.id)).toEqual(['HelloFn8D7F3C2B']);
    expect({ codeUri: fn.codeUri, codeAsset: fn.codeAsset, cdk: fn.cdk, handler: fn.handler, environment: fn.environment }).toEqual({
      codeUri: FN_ASSET, codeAsset: true, cdk: { path: 'HelloStack/HelloFn/Resource', id: 'HelloFn' }, handler: 'index.handler', environment: { TABLE: 'greetings' },
    });
    expect(fn.layers).toEqual([{ id: 'SharedE3D8E1D2', contentUri: LAYER_ASSET, contentAsset: true, source: { file, path: 'Resources.SharedE3D8E1D2' } }]);
    expect(fn.externalLayers).toBeUndefined();
    // Not "BootstrapVersion is read from Parameter Store": only the Rules read it, and nothing checks them locally.
    expect(diagnostics).toEqual([]);
  });

  it("an SSM parameter a resource reads is still said to be a name locally", () => {
    const raw = JSON.parse(text) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    raw.Resources.HelloFn8D7F3C2B!.Properties.Environment = { Variables: { VERSION: { Ref: 'BootstrapVersion' } } };
    expect(readSamTemplate(JSON.stringify(raw), { file }).diagnostics.map((d) => d.path)).toEqual(['Parameters.BootstrapVersion']);
  });

  it("a function pylambda skips is named by its construct path in the warning, in the reason an API route to it is not served, and by its CDK names", () => {
    const raw = JSON.parse(text) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    raw.Resources.HelloFn8D7F3C2B!.Properties.Runtime = 'nodejs20.x';
    raw.Resources.Api1A2B3C4D = { Properties: { Name: 'api' }, Type: 'AWS::ApiGateway::RestApi' } as never;
    raw.Resources.ApiStage = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api1A2B3C4D' }, StageName: 'prod' } } as never;
    raw.Resources.ApiGET = { Type: 'AWS::ApiGateway::Method', Properties: {
      HttpMethod: 'GET', RestApiId: { Ref: 'Api1A2B3C4D' }, ResourceId: { 'Fn::GetAtt': ['Api1A2B3C4D', 'RootResourceId'] },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HelloFn8D7F3C2B.Arn}/invocations' } },
    } } as never;
    const { project, diagnostics } = readSamTemplate(JSON.stringify(raw), { file });
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'Resources.HelloFn8D7F3C2B.Properties.Runtime: is nodejs20.x; pylambda runs Python functions only, so HelloFn8D7F3C2B (HelloStack/HelloFn/Resource) is skipped',
      'Resources.Api1A2B3C4D: none of its 1 methods can be served locally, so Api1A2B3C4D is not served: GET / (HelloFn8D7F3C2B (HelloStack/HelloFn/Resource) is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only)',
    ]);
    expect(project!.skippedCdk).toEqual({ HelloFn8D7F3C2B: { path: 'HelloStack/HelloFn/Resource', id: 'HelloFn' } });
  });

  it('an S3 Code without asset metadata is still code in S3, skipped', () => {
    const raw = JSON.parse(text) as { Resources: Record<string, { Metadata: Record<string, unknown> }> };
    delete raw.Resources.HelloFn8D7F3C2B!.Metadata['aws:asset:path'];
    const { project } = readSamTemplate(JSON.stringify(raw), { file });
    expect(project!.skipped?.HelloFn8D7F3C2B).toMatch(/^its Code is in S3 \(s3:\/\/cdk-hnb659fds-assets-123456789012-us-east-1\/eab17.*\.zip\)/);
  });

  it("a CDK v1 template (asset parameters without values) and an AWS::Serverless::Function's CodeUri asset", () => {
    const v1 = {
      Parameters: {
        AssetParametersabcS3Bucket1: { Type: 'String', Description: 'S3 bucket for asset "abc"' },
        AssetParametersabcS3VersionKey2: { Type: 'String', Description: 'S3 key for asset version "abc"' },
      },
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            CodeUri: { Bucket: { Ref: 'AssetParametersabcS3Bucket1' }, Key: { 'Fn::Join': ['', [{ 'Fn::Select': [0, { 'Fn::Split': ['||', { Ref: 'AssetParametersabcS3VersionKey2' }] }] }]] } },
            Handler: 'app.handler', Runtime: 'python3.12',
          },
          Metadata: { 'aws:cdk:path': 'V1Stack/Fn', 'aws:asset:path': 'asset.abc', 'aws:asset:property': 'CodeUri' },
        },
      },
    };
    const { project, diagnostics } = readSamTemplate(JSON.stringify(v1), { file: 'V1Stack.template.json' });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project!.functions.map((f) => [f.codeUri, f.codeAsset, f.cdk])).toEqual([['asset.abc', true, { path: 'V1Stack/Fn', id: 'Fn' }]]);
  });
});

describe("reading a CDK app's nested stack (NestedStack), from the template its metadata names in cdk.out", () => {
  const out = join(FIXTURES, 'projects', 'cdk-nested', 'cdk.out');
  const file = 'ParentStack.template.json';

  it("names its function under the stack (SAM CLI's Api/<logical id>) and by its construct's id, with the parameter its parent passes", () => {
    const { project, diagnostics } = readSamTemplate(readFileSync(join(out, file), 'utf8'), { file, readFile: (path) => readFileSync(join(out, path), 'utf8') });
    expect(project!.functions.map((f) => [f.id, f.name, f.stack, f.cdk, f.codeUri, f.environment, f.source.file])).toEqual([[
      'Api/ItemsFnB1C2D3E4', 'ItemsFnB1C2D3E4', 'Api', { path: 'ParentStack/Api/ItemsFn/Resource', id: 'ItemsFn' },
      'asset.4c1d7a2e9b3f5a6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e', { TABLE: 'items' }, 'ParentStackApiNestedStackApiNestedStackResource8A1B2C3D.nested.template.json',
    ]]);
    expect(project!.endpoints.map((e) => e.id)).toEqual(['Api/ItemsApi4F3E2D1C']);
    expect(diagnostics).toEqual([]);
  });

  it('its template missing from cdk.out: a warning that says to run cdk synth', () => {
    const { project, diagnostics } = readSamTemplate(readFileSync(join(out, file), 'utf8'), { file, readFile: () => undefined });
    expect([project!.functions, project!.skipped]).toEqual([[], { Api: 'it is in the nested stack ApiNestedStackApiNestedStackResource8A1B2C3D, whose template ParentStackApiNestedStackApiNestedStackResource8A1B2C3D.nested.template.json is not there' }]);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'Resources.ApiNestedStackApiNestedStackResource8A1B2C3D.Metadata.aws:asset:path: ParentStackApiNestedStackApiNestedStackResource8A1B2C3D.nested.template.json is not in cdk.out (not synthesized, or cleaned): run cdk synth to write it; the functions of this nested stack are not read until then',
    ]);
  });
});

describe('finding the stack template of a CDK app', () => {
  const synth = 'Run `cdk synth` in this directory first: pylambda runs the functions from the templates and assets it writes.';
  it('cdk.json `output`, else cdk.out', () => {
    expect([cdkOutputDir({ app: 'python3 app.py' }), cdkOutputDir({ app: 'x', output: 'build/cdk.out' }), cdkOutputDir(null)]).toEqual(['cdk.out', 'build/cdk.out', 'cdk.out']);
  });

  it('the only stack, leaving out nested stacks and the other files of the assembly', () => {
    expect(chooseCdkTemplate('cdk.out', ['manifest.json', 'cdk.out', 'tree.json', 'HelloStack.assets.json', 'HelloStack.template.json', 'HelloStackChildNestedStackChild1A2B3C4D.nested.template.json', `${FN_ASSET}`]))
      .toBe('cdk.out/HelloStack.template.json');
  });

  it.each<[string, readonly string[] | undefined, string, string]>([
    ['no cdk.out', undefined, 'This is a CDK app (cdk.json), and it has no cdk.out/ yet', synth],
    ['a cdk.out with no stack', ['manifest.json', 'cdk.out'], 'This is a CDK app (cdk.json), and cdk.out/ holds no stack template (*.template.json)', synth],
    ['several stacks', ['Web.template.json', 'Data.template.json'], 'This CDK app has 2 stacks in cdk.out/: Data, Web',
      'Name the one to read: --template cdk.out/Data.template.json or --template cdk.out/Web.template.json.'],
  ])('%s: an error that says what to do', (_what, files, message, hint) => {
    expect(() => chooseCdkTemplate('cdk.out', files)).toThrow(expect.objectContaining({ message, hint }));
  });
});
