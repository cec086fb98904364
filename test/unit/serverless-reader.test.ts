import { describe, expect, it } from 'vitest';
import { line, problems, read } from './serverless-helpers.js';
import { packagePatternFilter } from '../../src/core/packaging/patterns.js';

const SERVICE = `
service: shop
frameworkVersion: '3'
custom:
  memory: 512
provider:
  name: aws
  runtime: python3.12
  stage: \${opt:stage, 'dev'}
  timeout: 10
  architecture: arm64
  environment:
    STAGE: \${sls:stage}
    SHARED: provider
functions:
  hello:
    handler: handler.hello
    memorySize: \${self:custom.memory}
    reservedConcurrency: 2
    environment:
      SHARED: function
  named:
    name: custom-name
    handler: src/handler.named
    runtime: python3.11
    architecture: x86_64
  node:
    handler: index.handler
    runtime: nodejs18.x
`;

describe('serverless.yml functions', () => {
  it.each([
    ['', 'error : is empty: a serverless.yml needs at least service, provider and functions'],
    ['[1]', 'error : is not a serverless.yml (expected a mapping at the top)'],
  ])('%j: %s', (text, message) => expect(problems(text)).toEqual([message]));

  it.each([
    ['plugins it stands in for: nothing', '[serverless-offline, serverless-python-requirements, serverless-wsgi]', []],
    ['another plugin: a warning', '[serverless-offline, serverless-step-functions]', ['warning plugins: serverless-step-functions is not run by pylambda: what it changes in the functions or their package is not reproduced locally']],
    ['the long form', '{ localPath: ./plugins, modules: [a-plugin, b-plugin] }', ['warning plugins: a-plugin, b-plugin are not run by pylambda: what they change in the functions or their package is not reproduced locally']],
    // What a deploy does around the functions only: nothing to say at every dev start.
    ['plugins of deploys only: nothing', '[serverless-prune-plugin, serverless-domain-manager, serverless-iam-roles-per-function]', []],
    ['serverless-plugin-warmup: the warmer\'s event, to invoke with', '[serverless-plugin-warmup]',
      ['warning plugins: serverless-plugin-warmup is not run by pylambda: no warmer function invokes the functions (dev keeps an environment warm between requests, as Lambda does); try a function\'s warm-up answer with pylambda invoke NAME -d \'{"source":"serverless-plugin-warmup"}\'']],
    // Its .env files are read as it reads them (serverless-dotenv-plugin.test.ts).
    ['serverless-dotenv-plugin: nothing', '[serverless-dotenv-plugin, serverless-offline]', []],
  ])('plugins, %s', (_what, plugins, expected) => {
    const text = `service: s\nprovider: { name: aws, runtime: python3.12 }\nplugins: ${plugins}\nfunctions:\n  f: { handler: app.handler }\n`;
    expect(problems(text)).toEqual(expected);
  });

  it("serverless-plugin-warmup: a warmer's own payload is the event to invoke with", () => {
    const text = 'service: s\nprovider: { name: aws, runtime: python3.12 }\nplugins: [serverless-plugin-warmup]\ncustom:\n  warmup:\n    default:\n      enabled: true\n      payload: { warm: true }\nfunctions:\n  f: { handler: app.handler }\n';
    expect(problems(text)).toEqual(['warning plugins: serverless-plugin-warmup is not run by pylambda: no warmer function invokes the functions (dev keeps an environment warm between requests, as Lambda does); try a function\'s warm-up answer with pylambda invoke NAME -d \'{"warm":true}\'']);
  });

  // Settings of how the zip is built: said by package (scope 'package'), not at every invoke and dev start.
  it.each([
    ['slim: true', "slim: it prunes by its own rules (tests/, *.pyi, other Pythons' __pycache__), keeps *.dist-info and strips no .so"],
    ['layer: true', "layer: the requirements go into each function's zip; pylambda package --layer builds them as a layer instead"],
    ['noDeploy: [boto3]', "noDeploy: every requirement is installed; pylambda package --exclude-boto3 leaves out boto3 and botocore, which Lambda's runtime has"],
    ['zip: true', "zip: the requirements go into the function's zip unzipped, ready to import (no unzip_requirements step)"],
  ])('serverless-python-requirements %s: what package does instead, for package only', (setting, message) => {
    const text = `service: s\nplugins: [serverless-python-requirements]\ncustom:\n  pythonRequirements: { ${setting}, dockerizePip: non-linux, noDeploy: [] }\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  f: { handler: app.handler }\n`.replace(', noDeploy: [] }', setting.startsWith('noDeploy') ? ' }' : ', noDeploy: [] }');
    const [key, ...rest] = message.split(': ');
    expect(read(text).diagnostics).toEqual([{ severity: 'warning', file: 'serverless.yml', path: `custom.pythonRequirements.${key}`, message: `is not applied by pylambda package: ${rest.join(': ')}`, scope: 'package' }]);
  });

  it('reads functions with provider settings, Framework defaults and names', () => {
    const { project, diagnostics } = read(SERVICE, { stage: 'prod' });
    expect(diagnostics.map(line)).toEqual(['warning functions.node.runtime: is nodejs18.x; pylambda runs Python functions only, so node is skipped']);
    expect(project?.style).toBe('serverless');
    expect(project?.functions).toEqual([
      {
        id: 'hello',
        name: 'shop-prod-hello',
        handler: 'handler.hello',
        codeUri: '.',
        runtime: 'python3.12',
        architecture: 'arm64',
        memorySize: 512,
        timeout: 10,
        environment: { STAGE: 'prod', SHARED: 'function' },
        reservedConcurrency: 2,
        // The Framework publishes a version at each deploy (provider.versionFunctions, true by default).
        qualifiers: { aliases: {}, versions: true },
        events: [],
        source: { file: 'serverless.yml', path: 'functions.hello' },
      },
      {
        id: 'named',
        name: 'custom-name',
        handler: 'src/handler.named',
        codeUri: '.',
        runtime: 'python3.11',
        architecture: 'x86_64',
        // the Framework's default memory is 1024 MB, not Lambda's 128
        memorySize: 1024,
        timeout: 10,
        environment: { STAGE: 'prod', SHARED: 'provider' },
        qualifiers: { aliases: {}, versions: true },
        events: [],
        source: { file: 'serverless.yml', path: 'functions.named' },
      },
    ]);
  });

  it.each([
    ['true (the default)', '', { aliases: {}, versions: true }],
    ['false', ', versionFunctions: false', undefined],
  ])('provider.versionFunctions %s: the versions a qualified invocation may name', (_what, setting, expected) => {
    const { project } = read(`service: s\nprovider: { name: aws, runtime: python3.12${setting} }\nfunctions:\n  f: { handler: app.handler }\n`);
    expect(project?.functions[0]?.qualifiers).toEqual(expected);
  });

  it('reports every problem at once, each at the line to change', () => {
    expect(problems(`
service: shop
provider:
  name: aws
  runtime: python3.12
  memorySize: 64
  environment:
    AWS_REGION: x
    PASSWORD: \${ssm:/db/password}
functions:
  a:
    handler: no dots
    timeout: 901
    reservedConcurrency: -1
  b:
    handler: \${self:custom.handler}
    runtime: python2.7
  c:
    handler: app.c
    timeout: \${file(./config.yml):timeout}
  d:
    handler: app.d
    runtime: go1.x
  e:
    handler: app.e
    image: my-image
`)).toEqual([
      'error functions.b.handler: ${self:custom.handler} has no value: serverless.yml has nothing at custom, and no fallback is given',
      'warning provider.environment.PASSWORD: ${ssm:/db/password} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally; it is empty locally unless set with --env-vars',
      'error functions.c.timeout: ${file(./config.yml):timeout} reads another file, which pylambda does not do here, so it cannot be used locally',
      'warning functions.d.runtime: is go1.x; pylambda runs Python functions only, so d is skipped',
      'warning functions.e.image: is a container image; pylambda runs zip functions only, so e is skipped',
      "error functions.a.handler: 'no dots' has white space in it, which Lambda refuses (for example lambda_function.lambda_handler)",
      "error provider.memorySize: 64 is below Lambda's minimum of 128",
      "error functions.a.timeout: 901 is above Lambda's maximum of 900",
      'error functions.a.reservedConcurrency: -1 is below 0',
      'error provider.environment.AWS_REGION: is reserved by Lambda and cannot be set',
      "error functions.b.runtime: 'python2.7': Lambda deprecated python2.7 on 2021-07-15, and updates none from 2022-05-30: pylambda does not run it. Move to a supported runtime (python3.8 to python3.14; python3.14 is the newest)",
    ]);
    expect(read('service: x\nprovider: { name: aws }\nfunctions: { a: { handler: app.a } }').diagnostics.map(line)).toEqual([
      'warning functions.a: has no runtime here or in provider.runtime, so the Framework deploys it as Node.js; pylambda runs Python functions only, so a is skipped',
    ]);
  });

  it('needs an AWS provider and parseable YAML', () => {
    expect(problems('service: x\nprovider: { name: google }')).toEqual([
      'error provider.name: is google; pylambda runs AWS Lambda functions (name: aws)',
      'warning functions: is empty: there is nothing to run',
    ]);
    expect(problems('provider: [')).toEqual(['error line 1, column 12: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  });
});

describe('serverless.yml environment values written as CloudFormation intrinsics', () => {
  it('are evaluated against resources.Resources, as a SAM template\'s; what cannot be known locally is said', () => {
    const result = read(`
service: shop
provider:
  name: aws
  runtime: python3.12
  region: eu-west-1
  environment:
    TABLE: !Ref ItemsTable
    TABLE_ARN: !GetAtt ItemsTable.Arn
    WHERE: !Sub '\${AWS::Region}-table'
    SHARED: !ImportValue shared-table
functions:
  api:
    handler: app.handler
    environment:
      QUEUE: { Ref: JobsQueue }
resources:
  Resources:
    ItemsTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: shop-\${sls:stage}-items
    JobsQueue:
      Type: AWS::SQS::Queue
      Properties: { QueueName: jobs }
`);
    expect(result.project!.functions[0]!.environment).toEqual({
      TABLE: 'shop-dev-items',
      TABLE_ARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-dev-items',
      WHERE: 'eu-west-1-table',
      SHARED: '',
      QUEUE: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
    });
    expect(result.diagnostics.map(line)).toEqual([expect.stringMatching(/^warning provider\.environment\.SHARED: .*ImportValue.*; it is empty locally unless set with --env-vars$/)]);
  });
});

describe('serverless.yml package.patterns', () => {
  it('are the service\'s, then a function\'s own when packaged individually', () => {
    const yml = (individually: boolean) => `
service: shop
provider: { name: aws, runtime: python3.12 }
package: { individually: ${individually}, patterns: ['!docs/**', 'docs/keep.md'] }
functions:
  api:
    handler: app.handler
    package: { patterns: ['!tests/**'] }
  other:
    handler: app.other
`;
    const apart = read(yml(true));
    expect(apart.project!.functions.map((f) => [f.id, f.packagePatterns])).toEqual([['api', ['!docs/**', 'docs/keep.md', '!tests/**']], ['other', ['!docs/**', 'docs/keep.md']]]);
    const together = read(yml(false));
    expect(together.project!.functions[0]!.packagePatterns).toEqual(['!docs/**', 'docs/keep.md']);
    expect(together.diagnostics.map(line)).toContain("warning functions.api.package.patterns: applies only with package.individually: true (the service's or the function's), as in the Framework");
    // A function's own `individually: true` packages it apart too (Framework v3 package-service.js).
    const own = read(yml(false).replace("package: { patterns: ['!tests/**'] }", "package: { individually: true, patterns: ['!tests/**'] }"));
    expect(own.project!.functions.map((f) => [f.id, f.packagePatterns])).toEqual([['api', ['!docs/**', 'docs/keep.md', '!tests/**']], ['other', ['!docs/**', 'docs/keep.md']]]);
    expect(own.diagnostics.map(line).filter((l) => l.includes('individually'))).toEqual([]);
  });

  it.each<[string, string[], Record<string, boolean>]>([
    ['exclude a directory, keep one file of it', ['!docs/**', 'docs/keep.md'], { 'docs/big.md': false, 'docs/keep.md': true, 'app.py': true }],
    ['exclude everything, then keep src (the usual allow-list)', ['!**', 'src/**'], { 'src/app.py': true, 'src/lib/x.py': true, 'readme.md': false }],
    ['a ./ prefix is dropped', ['!./**', './src/**'], { 'src/app.py': true, 'other.py': false }],
    ['* stays in one segment, ** crosses them', ['!*.md', '!**/*.txt'], { 'a.md': false, 'docs/a.md': true, 'docs/deep/a.txt': false }],
  ])('apply in order to each file: %s', (_what, patterns, expected) => {
    const keep = packagePatternFilter(patterns);
    expect(Object.fromEntries(Object.keys(expected).map((path) => [path, keep(path)]))).toEqual(expected);
  });
});

describe('serverless.yml package.artifact', () => {
  const yml = (service: string, api: string) => `
service: shop
provider: { name: aws, runtime: python3.12 }
${service}
functions:
  api:
    handler: app.handler
${api}
  other:
    handler: app.other
`;
  it.each<[string, string, string, Record<string, string | undefined>]>([
    ['none', '', '', { api: undefined, other: undefined }],
    ['a function\'s own', '', '    package: { artifact: dist/api.zip }', { api: 'dist/api.zip', other: undefined }],
    ['the service\'s, for every function', 'package: { artifact: dist/all.zip }', '', { api: 'dist/all.zip', other: 'dist/all.zip' }],
    ['a function\'s own over the service\'s', 'package: { artifact: dist/all.zip }', '    package: { artifact: s3://b/api.zip }', { api: 's3://b/api.zip', other: 'dist/all.zip' }],
    ['not the service\'s for a function packaged on its own', 'package: { artifact: dist/all.zip }', '    package: { individually: true }', { api: undefined, other: 'dist/all.zip' }],
    ['the service\'s with package.individually at the service level', 'package: { individually: true, artifact: dist/all.zip }', '', { api: 'dist/all.zip', other: 'dist/all.zip' }],
  ])('%s', (_what, service, api, expected) => {
    const { project, diagnostics } = read(yml(service, api));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(Object.fromEntries(project!.functions.map((f) => [f.id, f.artifact]))).toEqual(expected);
  });
});

describe('serverless.yml functions pylambda skips', () => {
  it('are named with why, for a command that names one', () => {
    const { project } = read('service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  py: { handler: app.handler }\n  node: { handler: index.handler, runtime: nodejs20.x }\n  img: { image: repo/img:1 }\n');
    expect(project!.functions.map((f) => f.id)).toEqual(['py']);
    expect(project!.skipped).toEqual({ node: 'its runtime is nodejs20.x; pylambda runs Python functions only', img: 'it is a container image; pylambda runs zip functions only' });
  });
});

describe('serverless.yml layers', () => {
  it('are the service\'s own by the logical id the Framework gives them; provider.layers when the function has none; an ARN is said', () => {
    const result = read(`
service: shop
provider: { name: aws, runtime: python3.12, layers: [{ Ref: MyDashcommonLambdaLayer }] }
layers:
  deps: { path: layers/deps }
  my-common: { path: layers/common }
functions:
  a:
    handler: app.a
    layers: [{ Ref: DepsLambdaLayer }, arn:aws:lambda:us-east-1:1:layer:x:1]
  b:
    handler: app.b
`);
    expect(result.project!.functions.map((f) => [f.id, f.layers?.map((l) => [l.id, l.contentUri]), f.externalLayers])).toEqual([
      ['a', [['DepsLambdaLayer', 'layers/deps']], ['arn:aws:lambda:us-east-1:1:layer:x:1']],
      ['b', [['MyDashcommonLambdaLayer', 'layers/common']], undefined],
    ]);
    expect(result.diagnostics.map(line)).toContain("warning functions.a.layers[1]: 'arn:aws:lambda:us-east-1:1:layer:x:1' is not a layer of this service: its modules are not available locally");
  });

  it('are packaged from their path with the service\'s patterns then their own, and left out of every function\'s package, as the Framework does', () => {
    const result = read(`
service: shop
provider: { name: aws, runtime: python3.12 }
package: { patterns: ['!docs/**'] }
layers:
  deps: { path: ./layers/deps/, package: { patterns: ['!**/*.md'] } }
  prebuilt: { path: prebuilt, package: { artifact: prebuilt.zip } }
  root: { path: . }
functions:
  a: { handler: app.a, layers: [{ Ref: DepsLambdaLayer }, { Ref: PrebuiltLambdaLayer }] }
`);
    const fn = result.project!.functions[0]!;
    expect(fn.layers).toEqual([
      { id: 'DepsLambdaLayer', contentUri: './layers/deps/', packagePatterns: ['!docs/**', '!**/*.md'], source: { file: 'serverless.yml', path: 'layers.deps' } },
      { id: 'PrebuiltLambdaLayer', contentUri: 'prebuilt', packagePatterns: ['!docs/**'], artifact: 'prebuilt.zip', source: { file: 'serverless.yml', path: 'layers.prebuilt' } },
    ]);
    // A layer at the service's root (path: .) is not left out of the functions: that would be all of their code.
    expect(fn.packagePatterns).toEqual(['!layers/deps/**', '!prebuilt/**', '!docs/**']);
    expect(result.diagnostics.map(line).filter((d) => d.includes('layers'))).toEqual([]);
  });
});

describe('tracing in serverless.yml', () => {
  it.each<[string, string, boolean]>([
    ['provider.tracing.lambda: true', 'provider:\n  name: aws\n  runtime: python3.12\n  tracing:\n    lambda: true\nfunctions:\n  f:\n    handler: app.f\n', true],
    ['a function\'s own tracing: Active', 'provider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  f:\n    handler: app.f\n    tracing: Active\n', true],
    ['PassThrough', 'provider:\n  name: aws\n  runtime: python3.12\n  tracing:\n    lambda: PassThrough\nfunctions:\n  f:\n    handler: app.f\n', false],
  ])('%s', (_name, yml, active) => {
    const fn = read(`service: s\n${yml}`).project!.functions[0]!;
    expect(fn.tracing === 'Active').toBe(active);
  });
});
