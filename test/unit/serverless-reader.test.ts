import { describe, expect, it } from 'vitest';
import { FieldReader } from '../../src/core/model/fields.js';
import { readServerlessYml, type ServerlessOptions } from '../../src/core/model/serverless/read.js';
import { resolveVariables } from '../../src/core/model/serverless/variables/resolve.js';
import { dotenvFiles, literalStage, parseDotenv, usesDotenv } from '../../src/core/model/serverless/dotenv.js';
import { packagePatternFilter } from '../../src/core/packaging/patterns.js';

const line = (d: { severity: string; path: string; message: string }) => `${d.severity} ${d.path}: ${d.message}`;

/** Resolves `value: <expression>` next to a fixed configuration and returns the value and messages. */
function resolve(expression: unknown, opts: { env?: Record<string, string>; options?: Record<string, string>; files?: Record<string, string> } = {}) {
  const r = new FieldReader('serverless.yml');
  const config = {
    service: 'shop',
    params: { default: { domain: 'example.com', tier: 'free' }, prod: { tier: 'paid' } },
    custom: { mem: 512, obj: { a: 1 }, tables: { dev: 'shop-dev', prod: 'shop-prod' }, fallbackStage: 'qa', list: ['x', 'y'], empty: '' },
    provider: { name: 'aws', stage: 'staging', region: 'eu-west-1' },
    value: expression,
  };
  const files = opts.files;
  const out = resolveVariables(config, { env: opts.env ?? {}, options: opts.options ?? {}, ...(files ? { readFile: (path: string) => files[path] } : {}) }, r);
  return { value: out.value, diagnostics: r.diagnostics.map(line) };
}

describe('serverless.yml variables', () => {
  it.each<[string, unknown, unknown, Parameters<typeof resolve>[1]?]>([
    ['opt with a quoted default', "${opt:stage, 'dev'}", 'dev'],
    ['opt given', "${opt:stage, 'dev'}", 'prod', { options: { stage: 'prod' } }],
    ['double-quoted default', '${opt:x, "a b"}', 'a b'],
    ['number default keeps its type', '${opt:x, 3}', 3],
    ['boolean default', '${opt:x, true}', true],
    ['self path', '${self:provider.stage}', 'staging'],
    ['self keeps a number', '${self:custom.mem}', 512],
    ['self keeps a mapping', '${self:custom.obj}', { a: 1 }],
    ['self into a list', '${self:custom.list.1}', 'y'],
    ['nested variable in the address', '${self:custom.tables.${opt:stage}}', 'shop-prod', { options: { stage: 'prod' } }],
    ['fallback to another source', '${opt:stage, self:custom.fallbackStage}', 'qa'],
    ['env', '${env:TABLE}', 't1', { env: { TABLE: 't1' } }],
    ['env with a fallback', "${env:TABLE, 'fallback'}", 'fallback'],
    ['an empty env variable counts as unset', "${env:TABLE, 'fallback'}", 'fallback', { env: { TABLE: '' } }],
    ['sls:stage is the option', '${sls:stage}', 'prod', { options: { stage: 'prod' } }],
    ['sls:stage else provider.stage', '${sls:stage}', 'staging'],
    ['aws:region else provider.region', '${aws:region}', 'eu-west-1'],
    ['aws:region option', '${aws:region}', 'us-west-2', { options: { region: 'us-west-2' } }],
    ['aws:accountId is the local account', '${aws:accountId}', '123456789012'],
    ['param for the stage', '${param:tier}', 'paid', { options: { stage: 'prod' } }],
    ['param default', '${param:domain}', 'example.com'],
    ['text around variables makes a string', 'arn:${aws:region}:${self:custom.mem}-${opt:stage, "dev"}', 'arn:eu-west-1:512-dev'],
    ['CloudFormation variables are left alone', 'arn:${AWS::Region}:${Bucket}:${lower}', 'arn:${AWS::Region}:${Bucket}:${lower}'],
    ['variables inside lists and mappings', ['${opt:stage, "dev"}', { k: '${self:custom.mem}' }], ['dev', { k: 512 }]],
  ])('%s', (_, expression, expected, opts) => {
    expect(resolve(expression, opts)).toEqual({ value: expected, diagnostics: [] });
  });

  it.each<[string, unknown, string]>([
    ['unknown self path', '${self:custom.nope}', 'error value: ${self:custom.nope} has no value: serverless.yml has nothing at custom.nope, and no fallback is given'],
    ['missing env without fallback', '${env:NOPE}', 'error value: ${env:NOPE} has no value: NOPE is not set in the environment, and no fallback is given'],
    ['missing option without fallback', '${opt:stage}', 'error value: ${opt:stage} has no value: the option --stage was not given, and no fallback is given'],
    ['an option pylambda does not take', '${opt:region}', 'error value: ${opt:region} has no value: pylambda takes no --region option (only --stage), and no fallback is given'],
    ['a mapping inside a string', 'x-${self:custom.obj}', 'error value: ${self:custom.obj} gives a mapping, which cannot be joined into a string'],
    ['an unquoted string fallback', '${opt:stage, dev}', `error value: invalid variable syntax: 'dev' at index 13 in "\${opt:stage, dev}" is not a source or a literal; quote a string fallback ('dev')`],
    ['an unclosed variable', '${opt:stage', 'error value: invalid variable syntax: ${opt:stage has no closing }'],
    ['an unknown sls address', '${sls:region}', 'error value: ${sls:region}: the sls source has stage and instanceId, not region'],
    ['a property that needs itself', '${self:value}', 'error value: ${self:value} is circular: value depends on the value being resolved'],
  ])('%s is an error at its path', (_, expression, message) => {
    expect(resolve(expression).diagnostics).toEqual([message]);
  });

  it.each([
    ['${cf:other-stack.TableName}', '${cf:other-stack.TableName} reads the outputs of a deployed CloudFormation stack through the "cf" variable source, which pylambda cannot do locally'],
    ['${s3:bucket/key}', '${s3:bucket/key} reads an object in Amazon S3 through the "s3" variable source, which pylambda cannot do locally'],
    ['${file(./env.yml):db}', '${file(./env.yml):db} reads another file, which pylambda does not do here'],
    ['${sls:instanceId}', '${sls:instanceId} is a random id the Framework makes per run'],
    ['prefix-${ssm:/a}', '${ssm:/a} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally'],
  ])('%s cannot be known locally', (expression, reason) => {
    expect(resolve(expression)).toEqual({ value: { reason }, diagnostics: [] });
  });

  const FILES = {
    'config.yml': 'timeout: 12\nnested:\n  db: { host: db.local }\nstageName: ${sls:stage}-${self:custom.mem}\n',
    'config.json': '{"timeout": 12, "list": [1, 2]}',
    'env.dev.yml': 'db: dev-db\n',
    'env.qa.yml': 'db: qa-db\n',
    'sub/deep.yml': 'x: ${file(./config.yml):timeout}\n',
    'loop.yml': 'x: ${file(./loop2.yml):x}\n',
    'loop2.yml': 'x: ${file(./loop.yml):x}\n',
    'functions.yml': 'api:\n  handler: app.main\n  memorySize: ${self:custom.mem}\n',
    'name.txt': 'plain text\n',
    'bad.yml': 'a: [1\n',
    'bad.json': '{nope',
    'empty.yml': '',
    'gen.js': 'module.exports = { x: 1 }',
  };

  it.each<[string, string, unknown, Record<string, string>?]>([
    ['a YAML property, keeping its type', '${file(./config.yml):timeout}', 12],
    ['a JSON property', '${file(config.json):list}', [1, 2]],
    ['an address into nested mappings', '${file(./config.yml):nested.db.host}', 'db.local'],
    ['a whole file, its variables resolved against serverless.yml', '${file(./functions.yml)}', { api: { handler: 'app.main', memorySize: 512 } }],
    ['variables in the file see the stage', '${file(./config.yml):stageName}', 'staging-512'],
    ['a path with a variable and a fallback in it', '${file(./env.${opt:stage, \'dev\'}.yml):db}', 'dev-db'],
    ['the same, with the option given', '${file(./env.${opt:stage, \'dev\'}.yml):db}', 'qa-db', { stage: 'qa' }],
    ['a path that goes down and back up', '${file(./sub/../config.yml):timeout}', 12],
    ['a file naming another', '${file(./sub/deep.yml):x}', 12],
    ['any other extension is text', '${file(./name.txt)}', 'plain text\n'],
    ['a missing file takes the fallback', "${file(./nope.yml):x, 'local'}", 'local'],
    ['a missing property takes the fallback', "${file(./config.yml):nope, 7}", 7],
  ])('${file()}: %s', (_, expression, expected, options) => {
    expect(resolve(expression, { files: FILES, ...(options ? { options } : {}) })).toEqual({ value: expected, diagnostics: [] });
  });

  it.each([
    ['${file(./nope.yml):x}', 'error value: ${file(./nope.yml):x} has no value: nope.yml does not exist, and no fallback is given'],
    ['${file(./config.yml):nope}', 'error value: ${file(./config.yml):nope} has no value: config.yml has nothing at nope, and no fallback is given'],
    ['${file(./empty.yml)}', 'error value: ${file(./empty.yml)} has no value: empty.yml is empty, and no fallback is given'],
    ['${file(../outside.yml):x}', 'error value: ${file(../outside.yml):x} reads a file outside the service directory, which the Framework refuses'],
    ['${file(/etc/passwd)}', 'error value: ${file(/etc/passwd)} reads a file outside the service directory, which the Framework refuses'],
    ['${file():x}', 'error value: ${file:x} needs a path, as in ${file(./config.yml):key}'],
    ['${file(./loop.yml):x}', 'error value: ${file(./loop.yml):x} is circular: loop.yml -> loop2.yml -> loop.yml'],
    ['${file(./bad.yml)}', 'error value: cannot parse bad.yml: '],
    ['${file(./bad.json)}', 'error value: cannot parse bad.json: '],
    ['${vault:secret/db}', 'error value: ${vault:secret/db} uses the "vault" variable source, which the Framework does not have and no plugin is listed to provide'],
    ["${vault:secret/db, 'x'}", 'error value: ${vault:secret/db} uses the "vault" variable source, which the Framework does not have and no plugin is listed to provide'],
    ['${strToBool(yes)}', 'error value: ${strToBool(yes)}: strToBool takes "true", "false", "0" or "1"'],
  ])('${file()} and unknown sources: %s is an error', (expression, message) => {
    const { diagnostics } = resolve(expression, { files: FILES });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.startsWith(message)).toBe(true);
  });

  it.each([
    ['${strToBool(true)}', true],
    ['${strToBool( 1 )}', true],
    ['${strToBool(FALSE)}', false],
    ["${strToBool(${opt:flag, '0'})}", false],
  ])('strToBool, a source of the Framework: %s', (expression, expected) => {
    expect(resolve(expression)).toEqual({ value: expected, diagnostics: [] });
  });

  // The Framework registers its plugins' sources (and, with an org, the Dashboard's) before it refuses a source.
  it.each([
    [{ plugins: ['serverless-plugin-git-variables'] }, '${git:branch}', '${git:branch} uses the "git" variable source, which pylambda does not have (a plugin\'s, perhaps; plugins are not loaded)'],
    [{ plugins: { modules: ['x'] } }, '${git:branch}', '${git:branch} uses the "git" variable source, which pylambda does not have (a plugin\'s, perhaps; plugins are not loaded)'],
    [{ org: 'acme' }, '${output:other-service.url}', "${output:other-service.url} reads another service's outputs through the Serverless Dashboard, which pylambda cannot do locally"],
  ])('with %j, %s cannot be known locally, and is no error', (extra, expression, reason) => {
    const r = new FieldReader('serverless.yml');
    const out = resolveVariables({ service: 's', ...extra, value: expression }, { env: {}, options: {} }, r);
    expect([out.value, r.diagnostics]).toEqual([{ reason }, []]);
  });

  it('${file()} of a JavaScript file cannot be known locally (the Framework runs it)', () => {
    expect(resolve('${file(./gen.js):x}', { files: FILES })).toEqual({ value: { reason: 'gen.js is JavaScript, which the Framework runs for the value and pylambda does not' }, diagnostics: [] });
  });

  it('reports a circular reference once, where the circle closes', () => {
    const r = new FieldReader('serverless.yml');
    resolveVariables({ a: '${self:b}', b: '${self:c}', c: '${self:a}' }, { env: {}, options: {} }, r);
    expect(r.diagnostics.map(line)).toEqual(['error c: ${self:a} is circular: a depends on the value being resolved']);
  });

  it('stops values that repeat each other before they grow past 1 MB', () => {
    // Each level names the next four times: 4^12 copies of the last one, at once.
    const custom: Record<string, string> = { l12: 'x'.repeat(10) };
    for (let i = 11; i >= 0; i--) custom[`l${i}`] = Array(4).fill(`\${self:custom.l${i + 1}}`).join('-');
    const r = new FieldReader('serverless.yml');
    const started = performance.now();
    resolveVariables({ custom, value: '${self:custom.l0}' }, { env: {}, options: {} }, r);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.diagnostics.map(line)).toEqual(['error custom.l3: its variables resolve to more than 1 MB of text']);
  });

  it('leaves values it cannot know locally for their reader, and uses a fallback with a warning', () => {
    const unknown = resolve('${ssm:/shop/secret}');
    expect(unknown.diagnostics).toEqual([]);
    expect(unknown.value).toEqual({ reason: '${ssm:/shop/secret} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally' });
    expect(resolve("${ssm:/shop/secret, 'local'}")).toEqual({
      value: 'local',
      diagnostics: ['warning value: ${ssm:/shop/secret} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally; the fallback is used locally'],
    });
  });
});

const read = (text: string, options: Partial<ServerlessOptions> = {}) => readServerlessYml(text, { file: 'serverless.yml', env: {}, ...options });
const problems = (text: string, options: Partial<ServerlessOptions> = {}) => read(text, options).diagnostics.map(line);

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
    ['plugins it stands in for: nothing', '[serverless-offline, serverless-python-requirements]', []],
    ['another plugin: a warning', '[serverless-offline, serverless-domain-manager]', ['warning plugins: serverless-domain-manager is not run by pylambda: what it changes in the functions or their package is not reproduced locally']],
    ['the long form', '{ localPath: ./plugins, modules: [a-plugin, serverless-plugin-warmup] }', ['warning plugins: a-plugin, serverless-plugin-warmup are not run by pylambda: what they change in the functions or their package is not reproduced locally']],
  ])('plugins, %s', (_what, plugins, expected) => {
    const text = `service: s\nprovider: { name: aws, runtime: python3.12 }\nplugins: ${plugins}\nfunctions:\n  f: { handler: app.handler }\n`;
    expect(problems(text)).toEqual(expected);
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
        events: [],
        source: { file: 'serverless.yml', path: 'functions.named' },
      },
    ]);
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
    handler: nodots
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
      'warning provider.environment.PASSWORD: ${ssm:/db/password} reads AWS Systems Manager Parameter Store through the "ssm" variable source, which pylambda cannot do locally; it is empty locally unless --env-vars sets it',
      'error functions.c.timeout: ${file(./config.yml):timeout} reads another file, which pylambda does not do here, so it cannot be used locally',
      'warning functions.d.runtime: is go1.x; pylambda runs Python functions only, so d is skipped',
      'warning functions.e.image: is a container image; pylambda runs zip functions only, so e is skipped',
      "error functions.a.handler: 'nodots' is not of the form module.function (for example lambda_function.lambda_handler)",
      "error provider.memorySize: 64 is below Lambda's minimum of 128",
      "error functions.a.timeout: 901 is above Lambda's maximum of 900",
      'error functions.a.reservedConcurrency: -1 is below 0',
      'error provider.environment.AWS_REGION: is reserved by Lambda and cannot be set',
      "error functions.b.runtime: 'python2.7' is not a supported Python runtime (supported: python3.9, python3.10, python3.11, python3.12, python3.13, python3.14)",
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

const API = `
service: shop
provider:
  name: aws
  runtime: python3.12
  apiGateway:
    binaryMediaTypes: ['image/png']
  httpApi:
    payload: 1.0
    cors: true
functions:
  users:
    handler: app.users
    events:
      - http: GET users/{id}
      - http:
          path: /users/
          method: post
          cors:
            origins: [https://a.example, https://b.example]
            headers: [Content-Type]
            allowCredentials: true
            maxAge: 60
      - http: { path: users, method: get, cors: true }
      - httpApi: '*'
      - httpApi: 'GET /things/{id}'
      - httpApi: { method: '*', path: /any }
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2
          priority: 2
          multiValueHeaders: true
          conditions:
            path: [/admin, /admin/*]
            method: [get, post]
      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
      - s3: { bucket: uploads, event: 's3:ObjectRemoved:*' }
      - schedule: { rate: ['rate(1 hour)', 'cron(0 12 * * ? *)'] }
      - sns: topic
`;

describe('serverless.yml events and endpoints', () => {
  it('turns events into event sources', () => {
    expect(read(API).project?.functions[0]?.events).toEqual([
      { kind: 'api', id: 'http-1', path: '/users/{id}', method: 'GET' },
      { kind: 'api', id: 'http-2', path: '/users', method: 'POST' },
      { kind: 'api', id: 'http-3', path: '/users', method: 'GET' },
      { kind: 'httpApi', id: 'httpApi-4' },
      { kind: 'httpApi', id: 'httpApi-5', path: '/things/{id}', method: 'GET' },
      { kind: 'httpApi', id: 'httpApi-6', path: '/any', method: 'ANY' },
      { kind: 'other', id: 'alb-7', type: 'alb' },
      { kind: 'sqs', id: 'sqs-8', queue: 'arn:aws:sqs:us-east-1:123456789012:jobs' },
      { kind: 's3', id: 's3-9', bucket: 'uploads', events: ['s3:ObjectRemoved:*'] },
      { kind: 'schedule', id: 'schedule-10.1', schedule: 'rate(1 hour)' },
      { kind: 'schedule', id: 'schedule-10.2', schedule: 'cron(0 12 * * ? *)' },
      { kind: 'other', id: 'sns-11', type: 'sns' },
    ]);
  });

  it('builds the REST API, the HTTP API and one ALB endpoint per listener', () => {
    const { project, diagnostics } = read(API, { stage: 'prod' });
    expect(diagnostics).toEqual([]);
    const [rest, http, alb] = project!.endpoints;
    const preflight = {
      allowOrigins: ['https://a.example', 'https://b.example', '*'],
      allowMethods: ['OPTIONS', 'POST', 'GET'],
      allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'],
      exposeHeaders: [],
      allowCredentials: true,
      maxAge: 60,
      originPatterns: true,
    };
    const at = (i: number) => ({ file: 'serverless.yml', path: `functions.users.events[${i}]` });
    expect(rest).toEqual({
      id: 'ApiGatewayRestApi',
      kind: 'rest',
      stage: 'prod',
      binaryMediaTypes: ['image/png'],
      routes: [
        { method: 'GET', path: '/users/{id}', functionId: 'users', source: at(0) },
        // cors is per path: every event on /users shares the merged settings
        { method: 'POST', path: '/users', functionId: 'users', source: at(1), cors: preflight },
        { method: 'GET', path: '/users', functionId: 'users', source: at(2), cors: preflight },
      ],
      source: at(0),
    });
    expect(http).toEqual({
      id: 'HttpApi',
      kind: 'http',
      stage: '$default',
      binaryMediaTypes: [],
      cors: {
        allowOrigins: ['*'],
        allowMethods: ['OPTIONS', 'DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'],
        allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'],
        exposeHeaders: [],
        allowCredentials: false,
      },
      routes: [
        { method: 'ANY', path: '$default', functionId: 'users', source: at(3), payloadFormatVersion: '1.0' },
        { method: 'GET', path: '/things/{id}', functionId: 'users', source: at(4), payloadFormatVersion: '1.0' },
        { method: 'ANY', path: '/any', functionId: 'users', source: at(5), payloadFormatVersion: '1.0' },
      ],
      source: at(3),
    });
    expect(alb).toMatchObject({
      id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2',
      kind: 'alb',
      multiValueHeaders: true,
      routes: [
        { method: 'GET', path: '/admin', priority: 2, targetGroup: 'UsersAlbTargetGroupf2f7dc8efc522ab2' },
        { method: 'POST', path: '/admin', priority: 2 },
        { method: 'GET', path: '/admin/*', priority: 2 },
        { method: 'POST', path: '/admin/*', priority: 2 },
      ],
    });
  });

  it('takes !Ref Listener as the ALB listener', () => {
    const { project } = read(`
service: s
provider: { name: aws, runtime: python3.12 }
functions:
  a:
    handler: app.a
    events:
      - alb: { listenerArn: !Ref Listener, priority: 1, conditions: { path: /a } }
      - alb: { listenerArn: !Ref Listener, priority: 2, conditions: { method: POST } }
resources:
  Resources:
    Listener: { Type: AWS::ElasticLoadBalancingV2::Listener }
`);
    expect(project?.endpoints.map((e) => [e.id, e.kind, e.routes.map((r) => `${r.priority} ${r.method} ${r.path}`)])).toEqual([
      ['Listener', 'alb', ['1 ANY /a', '2 POST *']],
    ]);
  });

  it.each<[string, string, string[]]>([
    ['http without a method', '- http: users', ["error functions.a.events[0].http: 'users' is not \"METHOD path\" (for example \"GET users/{id}\")"]],
    ['http object without a path', '- http: { method: get }', ['error functions.a.events[0].http.path: is required (for example users/{id})']],
    ['httpApi with a bad string', "- httpApi: 'GET users'", ["error functions.a.events[0].httpApi: 'GET users' is not '*' or \"METHOD /path\" (for example \"GET /users/{id}\")"]],
    ['httpApi with a bad method', '- httpApi: { method: FETCH, path: /x }', ["error functions.a.events[0].httpApi.method: 'FETCH' is not one of ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE or *"]],
    ['httpApi * with a method', "- httpApi: { method: GET, path: '*' }", ["error functions.a.events[0].httpApi: the path '*' catches every method; leave out method or make it '*'"]],
    ['alb without listener, priority or conditions', '- alb: { conditions: {} }', [
      'error functions.a.events[0].alb.listenerArn: is required (an ALB listener ARN, or !Ref Listener)',
      'error functions.a.events[0].alb.priority: is required (1 to 50000, lower first)',
      'error functions.a.events[0].alb.conditions: needs at least one condition (path or method)',
    ]],
    ['alb conditions it cannot check', '- alb: { listenerArn: arn:l, priority: 1, conditions: { host: [a.example], ip: [10.0.0.0/8] } }', [
      'warning functions.a.events[0].alb.conditions.ip: ip conditions are not checked locally; the rule matches as if they held',
    ]],
    ['an event that is not one type', '- {}', ['error functions.a.events[0]: must be a mapping with one event type, as in "- http: GET /hello"']],
    ['an event type the Framework does not have', '- foo: bar', ["warning functions.a.events[0]: 'foo' is not an event type of the Serverless Framework (v3): check its name"]],
    ['a WebSocket event', '- websocket: $connect', ['warning functions.a.events[0].websocket: WebSocket APIs are not served by pylambda dev; pylambda invoke runs the function with an event you give']],
  ])('%s', (_, event, expected) => {
    expect(problems(`
service: s
provider: { name: aws, runtime: python3.12 }
functions:
  a:
    handler: app.a
    events:
      ${event}
`)).toEqual(expected);
  });

  it('names both functions when two claim one route, and checks the REST stage name', () => {
    expect(problems(`
service: s
provider: { name: aws, runtime: python3.12, stage: 'v1.0' }
functions:
  a: { handler: app.a, events: [{ http: 'GET items/{id}' }] }
  b: { handler: app.b, events: [{ http: 'get /items/{key}/' }] }
`)).toEqual([
      "error provider.stage: 'v1.0' is not a stage name API Gateway accepts (letters, digits, - and _)",
      'error functions.b.events[0]: GET /items/{key} on REST API ApiGatewayRestApi is claimed by two functions: a (serverless.yml: functions.a.events[0]) (as GET /items/{id}) and b (serverless.yml: functions.b.events[0]); a route calls one function',
    ]);
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
    expect(result.diagnostics.map(line)).toEqual([expect.stringMatching(/^warning provider\.environment\.SHARED: .*ImportValue.*; it is empty locally unless --env-vars sets it$/)]);
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
    expect(together.diagnostics.map(line)).toContain('warning functions.api.package.patterns: applies only with package.individually: true, as in the Framework');
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

describe('useDotenv', () => {
  it('is asked for by useDotenv: true at the top', () => {
    expect(usesDotenv('service: x\nuseDotenv: true\n')).toBe(true);
    expect(usesDotenv('service: x\nuseDotenv: false\n')).toBe(false);
    expect(usesDotenv('custom:\n  useDotenv: true\n')).toBe(false);
    expect(dotenvFiles('prod')).toEqual(['.env.prod', '.env']);
    // The stage the files are picked by: --stage, else provider.stage written as a name, else dev.
    expect(literalStage('provider:\n  name: aws\n  stage: prod\n')).toBe('prod');
    expect(literalStage("provider:\n  stage: ${opt:stage, 'dev'}\n")).toBeUndefined();
    expect(literalStage('provider:\n  name: aws\nfunctions:\n  a:\n    stage: x\n')).toBeUndefined();
  });

  it('reads dotenv\'s format: export, comments, quotes', () => {
    expect(parseDotenv('\uFEFF# a comment\nA=1\nexport B = two words # trailing\nC="quoted # not a comment\\nnext"\nD=\'single\'\nnot a line\n')).toEqual({
      A: '1', B: 'two words', C: 'quoted # not a comment\nnext', D: 'single',
    });
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

describe('serverless.yml function URLs', () => {
  it('url: true makes a function URL endpoint; url.cors sets its CORS', () => {
    const { project, diagnostics } = readServerlessYml(`service: s
provider: { name: aws, runtime: python3.12 }
functions:
  api:
    handler: h.api
    url: true
  web:
    handler: h.web
    url:
      cors:
        allowedOrigins: [https://example.com]
        maxAge: 60
`, { file: 'serverless.yml', env: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project?.endpoints.map((e) => [e.kind, e.id, e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`)])).toEqual([
      ['url', 'ApiLambdaFunctionUrl', ['ANY /* api']],
      ['url', 'WebLambdaFunctionUrl', ['ANY /* web']],
    ]);
    expect(project?.endpoints[1]?.cors).toMatchObject({ allowOrigins: ['https://example.com'], maxAge: 60 });
  });

  it("an http event's empty path is the root, as / is (the Framework's schema allows it)", () => {
    const { project, diagnostics } = readServerlessYml(`service: s
provider: { name: aws, runtime: python3.12 }
functions:
  home:
    handler: h.home
    events:
      - http: { path: '', method: get }
      - http: { path: /, method: post }
`, { file: 'serverless.yml', env: {} });
    expect(diagnostics).toEqual([]);
    expect(project?.endpoints.map((e) => e.routes.map((r) => `${r.method} ${r.path}`))).toEqual([['GET /', 'POST /']]);
  });

  it('refuses more than the five layers Lambda allows a function, where the function or provider lists them', () => {
    const arns = [1, 2, 3, 4, 5, 6].map((n) => `arn:aws:lambda:us-east-1:123456789012:layer:l${n}:1`);
    const errors = (text: string) => problems(text).filter((p) => p.startsWith('error'));
    expect(errors(`service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  a:\n    handler: h.a\n    layers: [${arns.join(', ')}]\n`))
      .toEqual(["error functions.a.layers: lists 6 layers, above Lambda's maximum of 5 a function"]);
    expect(errors(`service: s\nprovider: { name: aws, runtime: python3.12, layers: [${arns.join(', ')}] }\nfunctions:\n  a:\n    handler: h.a\n`))
      .toEqual(["error provider.layers: lists 6 layers, above Lambda's maximum of 5 a function"]);
  });
});
