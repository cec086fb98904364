import { describe, expect, it } from 'vitest';
import { line } from './serverless-helpers.js';
import { FieldReader } from '../../src/core/model/fields.js';
import { resolveVariables } from '../../src/core/model/serverless/variables/resolve.js';
import { serviceFilePath } from '../../src/core/model/serverless/variables/files.js';

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
    ['an empty env variable is set (Framework v3.26.0 and later)', "${env:TABLE, 'fallback'}", '', { env: { TABLE: '' } }],
    ['a null fallback', '${env:TABLE, null}', null],
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
    ['missing region without fallback', '${opt:region}', 'error value: ${opt:region} has no value: the option --region was not given, and no fallback is given'],
    ['an option pylambda does not take', '${opt:domain}', 'error value: ${opt:domain} has no value: pylambda takes no --domain option (only --stage and --region), and no fallback is given'],
    ['a chain says why each source has no value', '${opt:region, self:custom.nope, env:NOPE}',
      'error value: ${opt:region, self:custom.nope, env:NOPE} has no value: the option --region was not given; serverless.yml has nothing at custom.nope; NOPE is not set in the environment, and no fallback is given'],
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
    ['${sls:instanceId}', '${sls:instanceId} is an id the Framework makes per run'],
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
    '../shared/common.yml': 'region: eu-west-1\n',
    '/etc/shared/common.yml': 'region: eu-central-1\n',
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
    ["a file above the service directory, as a monorepo shares one (the Framework's path.resolve)", '${file(../shared/common.yml):region}', 'eu-west-1'],
    ['an absolute path', '${file(/etc/shared/common.yml):region}', 'eu-central-1'],
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
    ['${file(./sub/..)}', 'error value: ${file(./sub/..)} names a directory, not a file'],
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

  it('${file()} of a JavaScript file not run beforehand cannot be known locally', () => {
    expect(resolve('${file(./gen.js):x}', { files: FILES })).toEqual({ value: { reason: 'gen.js is JavaScript, which pylambda could not run for this variable' }, diagnostics: [] });
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


it("${sls:instanceId} is the id the caller gives, as the Framework's run has one (the time it started)", () => {
  const r = new FieldReader('serverless.yml');
  const out = resolveVariables({ value: 'deploy-${sls:instanceId}' }, { env: {}, options: {}, instanceId: '1764354000000' }, r);
  expect([out.value, r.diagnostics]).toEqual(['deploy-1764354000000', []]);
});

describe('${file()} paths', () => {
  it.each<[string, string | undefined]>([
    ['./config.yml', 'config.yml'],
    ['config.yml', 'config.yml'],
    ['./a/../b.yml', 'b.yml'],
    ['../shared/c.yml', '../shared/c.yml'],
    ['./a/../../shared/c.yml', '../shared/c.yml'],
    ['../../x/../y.yml', '../../y.yml'],
    ['/etc/shared/c.yml', '/etc/shared/c.yml'],
    ['/../etc/c.yml', '/etc/c.yml'],
    ['C:\\shared\\c.yml', 'C:/shared/c.yml'],
    ['.', undefined],
    ['/', undefined],
    ['..', undefined],
    ['sub/..', undefined],
  ])('%s is %s', (param, expected) => {
    expect(serviceFilePath(param)).toBe(expected);
  });
});
