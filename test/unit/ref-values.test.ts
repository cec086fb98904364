import { describe, expect, it } from 'vitest';
import { resolveIntrinsics, type CfnContext, type LocalNote } from '../../src/core/model/cfn/intrinsics.js';
import { madeUp } from '../../src/core/model/cfn/ref-values.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { line, read as readServerless } from './serverless-helpers.js';

const ctx: CfnContext = {
  parameters: {},
  conditions: {},
  mappings: {},
  resources: {
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/shop/x', Type: 'String', Value: 'hello' } },
    Unnamed: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'v' } },
    Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'shop-stream', ShardCount: 1 } },
    Firehose: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { DeliveryStreamName: 'shop-firehose' } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'shop/db', SecretString: '{"password":"x"}' } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'shop-topic' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-q' } },
    Table: { Type: 'AWS::DynamoDB::Table' },
    Bucket: { Type: 'AWS::S3::Bucket' },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'shop-bus' } },
    Rule: { Type: 'AWS::Events::Rule', Properties: { Name: 'nightly' } },
    Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineName: 'checkout' } },
    SamMachine: { Type: 'AWS::Serverless::StateMachine', Properties: { Name: 'refunds' } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/shop/app' } },
    Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/shop' } },
    Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolName: 'shoppers' } },
    PoolDomain: { Type: 'AWS::Cognito::UserPoolDomain', Properties: { Domain: 'shop-auth', UserPoolId: { Ref: 'Pool' } } },
    App: { Type: 'AWS::AppConfig::Application', Properties: { Name: 'shop' } },
    Env: { Type: 'AWS::AppConfig::Environment', Properties: { Name: 'prod' } },
    Profile: { Type: 'AWS::AppConfig::ConfigurationProfile', Properties: { Name: 'features' } },
    Key: { Type: 'AWS::KMS::Key' },
    Api: { Type: 'AWS::Serverless::Api' },
    Layer: { Type: 'AWS::Serverless::LayerVersion' },
    Dashboard: { Type: 'AWS::CloudWatch::Dashboard' },
  },
  region: 'eu-west-1',
  accountId: '111111111111',
  stackName: 'shop',
};

const id7 = (logicalId: string) => madeUp(`shop/${logicalId}`, 7, 'abcdefghijklmnopqrstuvwxyz0123456789');

describe("!Ref gives what CloudFormation's Ref gives for the type", () => {
  it.each<[string, string, string]>([
    ['SSM parameter: its Name', 'Param', '/shop/x'],
    ['Kinesis stream: its Name', 'Stream', 'shop-stream'],
    ['Firehose delivery stream: its name', 'Firehose', 'shop-firehose'],
    ['SNS topic: its ARN', 'Topic', 'arn:aws:sns:eu-west-1:111111111111:shop-topic'],
    ['SQS queue: its URL', 'Queue', 'https://sqs.eu-west-1.amazonaws.com/111111111111/shop-q'],
    ['DynamoDB table without TableName: the logical id', 'Table', 'Table'],
    ['S3 bucket without BucketName: the logical id in lower case', 'Bucket', 'bucket'],
    ['EventBridge bus: its Name', 'Bus', 'shop-bus'],
    ['EventBridge rule: its Name', 'Rule', 'nightly'],
    ['Step Functions state machine: its ARN', 'Machine', 'arn:aws:states:eu-west-1:111111111111:stateMachine:checkout'],
    ["SAM state machine: its ARN", 'SamMachine', 'arn:aws:states:eu-west-1:111111111111:stateMachine:refunds'],
    ['log group: its name', 'Logs', '/shop/app'],
    ['KMS alias: its name', 'Alias', 'alias/shop'],
    // Powertools' Swagger UI OAuth2 example builds https://${domain}.auth.${region}.amazoncognito.com from it.
    ['Cognito user pool domain: its Domain', 'PoolDomain', 'shop-auth'],
  ])('%s', (_name, id, expected) => {
    const notes: LocalNote[] = [];
    expect(resolveIntrinsics({ Ref: id }, ctx, notes)).toBe(expected);
    expect(notes).toEqual([]);
  });

  it("a secret: its ARN, with Secrets Manager's six characters after the name", () => {
    const notes: LocalNote[] = [];
    expect(resolveIntrinsics({ Ref: 'Secret' }, ctx, notes)).toBe(`arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/db-${madeUp('secret/shop/db', 6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`);
    expect(resolveIntrinsics({ Ref: 'Secret' }, ctx)).toMatch(/^arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop\/db-[A-Za-z0-9]{6}$/);
    expect(notes).toEqual([]);
  });

  it('${X} in a Sub gives the same', () => {
    expect(resolveIntrinsics({ 'Fn::Sub': '${Param}|${Stream}' }, ctx)).toBe('/shop/x|shop-stream');
  });
});

describe('a Ref whose local value is not the deployed one: the value, and a note where it is', () => {
  it.each<[string, string, string, string]>([
    ['an SSM parameter without Name', 'Unnamed', `CFN-Unnamed-${madeUp('shop/Unnamed', 12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      `!Ref Unnamed: the parameter has no Name, so CloudFormation generates one when deployed (CFN-Unnamed-<random>); locally it is CFN-Unnamed-${madeUp('shop/Unnamed', 12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`],
    ['an AppConfig application', 'App', id7('App'), `!Ref App: AppConfig generates an application's id when deployed; locally it is ${id7('App')}, made up (nothing local serves a AWS::AppConfig::Application)`],
    ['an AppConfig environment', 'Env', id7('Env'), `!Ref Env: AppConfig generates an environment's id when deployed; locally it is ${id7('Env')}, made up (nothing local serves a AWS::AppConfig::Environment)`],
    ['an AppConfig configuration profile', 'Profile', id7('Profile'), `!Ref Profile: AppConfig generates a configuration profile's id when deployed; locally it is ${id7('Profile')}, made up (nothing local serves a AWS::AppConfig::ConfigurationProfile)`],
    ['a SAM API, which pylambda reads by logical id', 'Api', 'Api', "!Ref Api: API Gateway generates the API's id when deployed; locally it is the logical id Api"],
    ['a type pylambda does not know', 'Dashboard', 'Dashboard', '!Ref Dashboard: pylambda does not know what Ref gives for a AWS::CloudWatch::Dashboard (its name, id or ARN when deployed); locally it is the logical id Dashboard'],
  ])('%s', (_name, id, value, message) => {
    const notes: LocalNote[] = [];
    expect(resolveIntrinsics({ Environment: { Variables: { X: { Ref: id } } } }, ctx, notes)).toEqual({ Environment: { Variables: { X: value } } });
    expect(notes).toEqual([{ path: 'Environment.Variables.X', message }]);
  });

  it('a Cognito user pool: an id of its shape (region_ and nine characters)', () => {
    expect(resolveIntrinsics({ Ref: 'Pool' }, ctx)).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
  });

  it('a KMS key: an id of its shape (a UUID)', () => {
    expect(resolveIntrinsics({ Ref: 'Key' }, ctx)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('one note per reference, at its place in lists and Subs', () => {
    const notes: LocalNote[] = [];
    resolveIntrinsics({ A: [{ 'Fn::Sub': 'x-${Dashboard}' }], B: { 'Fn::Join': ['', [{ Ref: 'Layer' }]] } }, ctx, notes);
    expect(notes.map((n) => n.path)).toEqual(['A[0]', 'B']);
  });

  it('the same made-up values every time', () => {
    expect(resolveIntrinsics({ Ref: 'App' }, ctx)).toBe(resolveIntrinsics({ Ref: 'App' }, ctx));
    expect(resolveIntrinsics({ Ref: 'App' }, ctx)).not.toBe(resolveIntrinsics({ Ref: 'Env' }, ctx));
  });
});

describe("a function's environment reads each Ref as its type gives it", () => {
  const template = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      CodeUri: src/
      Handler: app.handler
      Layers: [!Ref Shared]
      Environment:
        Variables:
          PARAM: !Ref Param
          STREAM: !Ref Stream
          SECRET: !Ref Secret
          APP: !Ref App
  Shared: {Type: AWS::Serverless::LayerVersion, Properties: {ContentUri: layer/}}
  Param: {Type: AWS::SSM::Parameter, Properties: {Name: /shop/x, Type: String, Value: hello}}
  Stream: {Type: AWS::Kinesis::Stream, Properties: {Name: shop-stream, ShardCount: 1}}
  Secret: {Type: AWS::SecretsManager::Secret, Properties: {Name: shop/db, SecretString: '{"password":"x"}'}}
  App: {Type: AWS::AppConfig::Application, Properties: {Name: shop}}
`;

  it('in a SAM template: the names and ARN, and a warning at the variable whose value is made up (not at Layers)', () => {
    const { project, diagnostics } = readSamTemplate(template, { file: 'template.yaml', region: 'eu-west-1' });
    const app = madeUp('local/App', 7, 'abcdefghijklmnopqrstuvwxyz0123456789');
    expect(project?.functions[0]?.environment).toEqual({
      PARAM: '/shop/x',
      STREAM: 'shop-stream',
      SECRET: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-${madeUp('secret/shop/db', 6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      APP: app,
    });
    expect(project?.functions[0]?.layers?.map((l) => l.id)).toEqual(['Shared']);
    expect(diagnostics.map(line)).toEqual([
      `warning Resources.Fn.Properties.Environment.Variables.APP: !Ref App: AppConfig generates an application's id when deployed; locally it is ${app}, made up (nothing local serves a AWS::AppConfig::Application)`,
    ]);
  });

  it('in serverless.yml, against resources.Resources: the same, the warning at functions.<name>.environment', () => {
    const { project, diagnostics } = readServerless(`
service: shop
provider: {name: aws, runtime: python3.12, environment: {PARAM: {Ref: Param}}}
functions:
  api: {handler: app.handler, environment: {BOARD: {Ref: Board}}}
resources:
  Resources:
    Param: {Type: AWS::SSM::Parameter, Properties: {Name: /shop/x, Type: String, Value: hello}}
    Board: {Type: AWS::CloudWatch::Dashboard, Properties: {DashboardBody: '{}'}}
`);
    expect(project?.functions[0]?.environment).toEqual({ PARAM: '/shop/x', BOARD: 'Board' });
    expect(diagnostics.map(line)).toEqual([
      'warning functions.api.environment.BOARD: !Ref Board: pylambda does not know what Ref gives for a AWS::CloudWatch::Dashboard (its name, id or ARN when deployed); locally it is the logical id Board',
    ]);
  });
});
