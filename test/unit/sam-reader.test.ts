import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const read = (text: string, overrides?: Record<string, string>) => readSamTemplate(text, { file: 'template.yaml', ...(overrides ? { parameterOverrides: overrides } : {}) });

const BASE = `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
  Size:
    Type: Number
    Default: 256
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Environment:
      Variables:
        STAGE: !Ref Stage
        SHARED: yes
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "todos-\${Stage}"
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      MemorySize: !Ref Size
      Architectures: [arm64]
      ReservedConcurrentExecutions: 5
      Environment:
        Variables:
          TABLE: !Ref Table
          TABLE_ARN: !GetAtt Table.Arn
      Events:
        Get:
          Type: Api
          Properties: { Path: '/items/{id}', Method: get }
        Http:
          Type: HttpApi
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Q.Arn
            BatchSize: 5
        Cron:
          Type: Schedule
          Properties: { Schedule: rate(5 minutes) }
        Upload:
          Type: S3
          Properties: { Bucket: !Ref B, Events: s3:ObjectCreated:* }
  Q:
    Type: AWS::SQS::Queue
  B:
    Type: AWS::S3::Bucket
  Node:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: js/ }
`;

describe('SAM template reader', () => {
  it.each([
    ['', '', 'is empty: a SAM template needs at least Transform: AWS::Serverless-2016-10-31 and Resources'],
    ['# nothing yet\n', '', 'is empty: a SAM template needs at least Transform: AWS::Serverless-2016-10-31 and Resources'],
    ['- a\n- list\n', '', 'is not a CloudFormation template (expected a mapping at the top)'],
  ])('%j: %s %s', (text, path, message) => {
    const { project, diagnostics } = read(text);
    expect(project).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([{ severity: 'error', file: 'template.yaml', path, message }]);
  });

  it('reads functions with Globals, parameters and intrinsic functions', () => {
    const { project, diagnostics } = read(BASE);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project?.functions).toHaveLength(1);
    const fn = project!.functions[0]!;
    expect(fn).toMatchObject({
      id: 'Api',
      name: 'Api',
      handler: 'app.handler',
      codeUri: 'src/',
      runtime: 'python3.12',
      architecture: 'arm64',
      memorySize: 256,
      timeout: 10,
      reservedConcurrency: 5,
      environment: {
        STAGE: 'dev',
        SHARED: 'yes',
        TABLE: 'todos-dev',
        TABLE_ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/todos-dev',
      },
    });
    expect(fn.events).toEqual([
      { kind: 'api', id: 'Get', path: '/items/{id}', method: 'GET' },
      { kind: 'httpApi', id: 'Http' },
      { kind: 'sqs', id: 'Queue', queue: 'arn:aws:sqs:us-east-1:123456789012:Q', batchSize: 5 },
      { kind: 'schedule', id: 'Cron', schedule: 'rate(5 minutes)' },
      { kind: 's3', id: 'Upload', bucket: 'b', events: ['s3:ObjectCreated:*'] },
    ]);
  });

  it.each([
    ['s3://bucket/fn.zip', 's3://bucket/fn.zip'],
    ['{ Bucket: b, Key: fn.zip, Version: "3" }', 's3://b/fn.zip'],
    ['{ Bucket: !Ref Missing, Key: fn.zip }', 'Bucket and Key'],
  ])('skips a function whose CodeUri is in S3 (%s) with a warning, as sam build does, and builds the others', (codeUri, where) => {
    const text = `Resources:\n  Local:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: src/ }\n  Remote:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: app.handler, CodeUri: ${codeUri} }\n`;
    const { project, diagnostics } = read(text);
    expect(diagnostics).toEqual([{
      severity: 'warning', file: 'template.yaml', path: 'Resources.Remote.Properties.CodeUri',
      message: `is in S3 (${where}): SAM deploys that zip as it is, and pylambda builds and runs code from a local directory only, so Remote is skipped`,
    }]);
    expect(project?.functions.map((f) => f.id)).toEqual(['Local']);
    expect(project?.skipped).toEqual({ Remote: `its CodeUri is in S3 (${where}); pylambda builds and runs code from a local directory only` });
  });

  it('names every function it skips, with why', () => {
    const { project } = read(`${BASE}  Inline:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: python3.12, Handler: index.handler, InlineCode: !Sub "def handler(e, c): return '\${Missing.Arn}'" }\n`);
    expect(project?.skipped).toEqual({ Node: 'its Runtime is nodejs20.x; pylambda runs Python functions only', Inline: 'its inline code cannot be resolved locally (!GetAtt Missing.Arn: no resource has that name)' });
  });

  // Lambda runs inline code as index.py (CloudFormation docs, AWS::Lambda::Function Code, ZipFile).
  it('reads inline code (SAM InlineCode, with its !Sub resolved; Code.ZipFile of a plain function) to run from the template', () => {
    const { project, diagnostics } = read(`Resources:
  Sam:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: index.handler, InlineCode: !Sub "REGION = '\${AWS::Region}'" }
  Plain:
    Type: AWS::Lambda::Function
    Properties: { Runtime: python3.12, Handler: index.handler, Code: { ZipFile: "def handler(e, c): pass" } }
`);
    expect(diagnostics).toEqual([]);
    expect(project?.functions.map((f) => [f.id, f.codeUri, f.inlineCode])).toEqual([['Sam', '.', "REGION = 'us-east-1'"], ['Plain', '.', 'def handler(e, c): pass']]);
  });

  it('skips non-Python functions with a warning naming them', () => {
    const { diagnostics } = read(BASE);
    expect(diagnostics).toContainEqual({
      severity: 'warning',
      file: 'template.yaml',
      path: 'Resources.Node.Properties.Runtime',
      message: 'is nodejs20.x; pylambda runs Python functions only, so Node is skipped',
    });
  });

  it('applies parameter overrides', () => {
    const { project } = read(BASE, { Stage: 'prod', Size: '512' });
    expect(project?.functions[0]?.environment.STAGE).toBe('prod');
    expect(project?.functions[0]?.memorySize).toBe(512);
  });

  const withHandler = (handler: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: ${handler}
      Runtime: python3.12
`;

  // Lambda takes a handler without a dot (CreateFunction's pattern is [^\s]+) and fails its invocations;
  // the project's other functions deploy and run. A template error stopped all of them here.
  it('a handler not of the form module.function: a warning, and the function is read', () => {
    const { project, diagnostics } = read(withHandler('nodots'));
    expect(project?.functions.map((f) => f.handler)).toEqual(['nodots']);
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      "warning Resources.Api.Properties.Handler: 'nodots' is not of the form module.function (for example lambda_function.lambda_handler): every invocation fails with Runtime.MalformedHandlerName",
    ]);
  });

  // awslambdaric imports everything before the last dot as the module: lambda_function.py.lambda_handler is
  // module py of a package lambda_function, and every invocation fails with Runtime.ImportModuleError.
  it.each([
    ['lambda_function.py.lambda_handler', 'lambda_function.lambda_handler'],
    ['src/app.py.handler', 'src/app.handler'],
  ])('a handler that names its file (%s): a warning with the handler meant', (handler, meant) => {
    const { project, diagnostics } = read(withHandler(handler));
    expect(project?.functions.map((f) => f.handler)).toEqual([handler]);
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      `warning Resources.Api.Properties.Handler: '${handler}' names the file: Lambda imports its part before the last dot as a module, without .py, so every invocation fails with Runtime.ImportModuleError; write ${meant}`,
    ]);
  });

  it('reports every limit violation at once, each with its path', () => {
    const { project, diagnostics } = read(`
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: no dots
      Runtime: python2.7
      MemorySize: 64
      Timeout: 901
      ReservedConcurrentExecutions: -1
      Environment:
        Variables:
          AWS_REGION: x
          NUL: "a\\0b"
          BIG: "${'x'.repeat(4100)}"
`);
    expect(project).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`)).toEqual([
      "Resources.Api.Properties.Handler: 'no dots' has white space in it, which Lambda refuses (for example lambda_function.lambda_handler)",
      "Resources.Api.Properties.Runtime: 'python2.7': Lambda deprecated python2.7 on 2021-07-15, and updates none from 2022-05-30: pylambda does not run it. Move to a supported runtime (python3.8 to python3.14; python3.14 is the newest)",
      "Resources.Api.Properties.MemorySize: 64 is below Lambda's minimum of 128",
      "Resources.Api.Properties.Timeout: 901 is above Lambda's maximum of 900",
      'Resources.Api.Properties.ReservedConcurrentExecutions: -1 is below 0',
      'Resources.Api.Properties.Environment.Variables.AWS_REGION: is reserved by Lambda and cannot be set',
      'Resources.Api.Properties.Environment.Variables.NUL: has a NUL character in its value, which no environment variable can hold',
      "Resources.Api.Properties.Environment.Variables: the variables take 4120 bytes, above Lambda's maximum of 4096 (4 KB)",
    ]);
  });

  it('leaves out a resource whose Condition is false, as CloudFormation creates none; keeps one it cannot decide, with a warning', () => {
    const template = (stage: string) => `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String, Default: ${stage} }
  Unset: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Unknown: !Equals [!Ref Unset, x]
Resources:
  Always:
    Type: AWS::Serverless::Function
    Properties: { Runtime: python3.12, Handler: app.a, Environment: { Variables: { PROD_FN: !GetAtt OnlyProd.Arn } }, Events: { A: { Type: HttpApi, Properties: { Path: /a, Method: get } } } }
  OnlyProd:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties: { Runtime: python3.12, Handler: app.b, Events: { A: { Type: HttpApi, Properties: { Path: /a, Method: get } } } }
  Undecided:
    Type: AWS::Serverless::Function
    Condition: Unknown
    Properties: { Runtime: python3.12, Handler: app.c }
`;
    const dev = read(template('dev'));
    expect(dev.project!.functions.map((f) => f.id)).toEqual(['Always', 'Undecided']);
    expect(dev.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toContain('warning Resources.Undecided.Condition: Unknown cannot be evaluated locally (parameter Unset has no Default and no override (--parameter-overrides Unset=...)): the resource is served as if it were true');
    expect(dev.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`).filter((l) => l.includes('PROD_FN'))).toEqual([expect.stringContaining('OnlyProd is not created (its Condition IsProd is false)')]);
    const missing = read(template('dev').replace('Condition: IsProd', 'Condition: IsStaging'));
    expect(missing.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`)).toEqual(['Resources.OnlyProd.Condition: IsStaging is not a condition of this template (its Conditions section has no such key)']);
    // In prod both claim GET /a: the route conflict a deploy would also meet.
    expect(read(template('prod')).diagnostics.some((d) => d.severity === 'error' && /claimed by two functions|GET \/a/.test(d.message))).toBe(true);
  });

  it('points at Globals when the bad value comes from there', () => {
    const { diagnostics } = read(`
Globals:
  Function:
    Timeout: 0
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.b, Runtime: python3.12 }
`);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(["Globals.Function.Timeout: 0 is below Lambda's minimum of 1"]);
  });

  it('reports a bad value in Globals once, however many functions share it', () => {
    const fn = (name: string) => `  ${name}:\n    Type: AWS::Serverless::Function\n    Properties: { Handler: a.b, Runtime: python3.12 }\n`;
    const { diagnostics } = read(`Globals:\n  Function:\n    MemorySize: 20000\nResources:\n${fn('One')}${fn('Two')}`);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(["Globals.Function.MemorySize: 20000 is above Lambda's maximum of 10240"]);
  });

  it('reads an AWS::Lambda::Function whose Code is a local directory, as SAM CLI runs it, without Globals', () => {
    const { project, diagnostics } = read(`${'Globals:\n  Function:\n    Timeout: 30\n    MemorySize: 512\n'}Resources:
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Code: src/
      Handler: app.handler
      Runtime: python3.12
      MemorySize: 256
      Architectures: [arm64]
      Environment: { Variables: { TABLE: items } }
      ReservedConcurrentExecutions: 2
      LoggingConfig: { LogFormat: JSON }
`);
    expect(diagnostics).toEqual([]);
    expect(project?.functions).toEqual([expect.objectContaining({
      id: 'Plain', name: 'Plain', handler: 'app.handler', codeUri: 'src/', runtime: 'python3.12', architecture: 'arm64',
      memorySize: 256, timeout: 3, environment: { TABLE: 'items' }, reservedConcurrency: 2, logFormat: 'JSON', events: [],
    })]);
  });

  it.each([
    ['{ ZipFile: [a, b] }', 'error', 'Resources.Plain.Properties.Code.ZipFile', 'must be a string, not a list'],
    ['{ S3Bucket: b, S3Key: k.zip }', 'warning', 'Resources.Plain.Properties.Code', 'is in S3 (s3://b/k.zip): SAM deploys that zip as it is, and pylambda builds and runs code from a local directory only, so Plain is skipped'],
    [undefined, 'error', 'Resources.Plain.Properties.Code', 'is required: a local directory, as `aws cloudformation package` and SAM CLI read it (for example Code: src/)'],
  ])('says why an AWS::Lambda::Function with Code %s is not run', (code, severity, path, message) => {
    const { project, diagnostics } = read(`Resources:\n  Plain:\n    Type: AWS::Lambda::Function\n    Properties: { Handler: a.b, Runtime: python3.12${code ? `, Code: ${code}` : ''} }\n`);
    // An error leaves no project; a skipped function leaves one without it.
    expect(project?.functions ?? []).toEqual([]);
    expect(diagnostics).toEqual([{ severity, file: 'template.yaml', path, message }]);
  });

  it('reports wrong types and missing required values', () => {
    const { diagnostics } = read(`
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Timeout: soon
      Events:
        Get:
          Type: Api
          Properties: { Method: get }
`);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'Resources.Api.Properties.Timeout: must be a whole number, not string "soon"',
      'Resources.Api.Properties.Events.Get.Properties.Path: is required for an event of type Api',
      'Resources.Api.Properties.Handler: is required (for example lambda_function.lambda_handler)',
    ]);
  });

  it('reports a route path or method that YAML read as a number', () => {
    const { diagnostics } = read(`
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        A: { Type: Api, Properties: { Path: 123, Method: get } }
        B: { Type: HttpApi, Properties: { Path: /b, Method: 5 } }
`);
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'Resources.Fn.Properties.Events.A.Properties.Path: must be a route path starting with /, not 123',
      'Resources.Fn.Properties.Events.B.Properties.Method: must be an HTTP method (GET, POST, ANY, ...), not 5',
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const { project, diagnostics } = read('Resources:\n  Api:\n    Type: [unclosed\n');
    expect(project).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ severity: 'error', path: expect.stringMatching(/^line \d+, column \d+$/) });
  });

  it('rejects a template without Resources', () => {
    expect(read('Transform: AWS::Serverless-2016-10-31\n').diagnostics).toEqual([
      { severity: 'error', file: 'template.yaml', path: 'Resources', message: 'is required and must be a mapping of resources' },
    ]);
  });

  // Passed as written, as sam local passes it, but without a word: the function read '{{resolve:ssm:/app/db}}' as its URL.
  it("says that a variable's dynamic reference is resolved only when the stack deploys", () => {
    const { project, diagnostics } = read(`
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      Environment:
        Variables:
          DB: '{{resolve:ssm:/app/db}}'
          KEY: !Sub 'key={{resolve:secretsmanager:app/key:SecretString:api}}'
          PLAIN: '{{not a reference}}'
`);
    expect(project?.functions[0]?.environment).toEqual({ DB: '{{resolve:ssm:/app/db}}', KEY: 'key={{resolve:secretsmanager:app/key:SecretString:api}}', PLAIN: '{{not a reference}}' });
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      'warning Resources.Api.Properties.Environment.Variables.DB: {{resolve:ssm:/app/db}} is a dynamic reference, which CloudFormation resolves when the stack deploys; locally the function gets it as written: set the value with --env-vars',
      'warning Resources.Api.Properties.Environment.Variables.KEY: {{resolve:secretsmanager:app/key:SecretString:api}} is a dynamic reference, which CloudFormation resolves when the stack deploys; locally the function gets it as written: set the value with --env-vars',
    ]);
  });

  it('says which value cannot be known locally', () => {
    const { diagnostics } = read(`
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      Timeout: !ImportValue shared-timeout
      Environment:
        Variables:
          URL: !GetAtt Other.Endpoint
  Other:
    Type: AWS::RDS::DBInstance
`);
    expect(diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([
      'error Resources.Api.Properties.Timeout: Fn::ImportValue cannot be evaluated locally, so it cannot be used locally',
      'warning Resources.Api.Properties.Environment.Variables.URL: !GetAtt Other.Endpoint is known only once deployed; it is empty locally unless set with --env-vars',
    ]);
  });
});
