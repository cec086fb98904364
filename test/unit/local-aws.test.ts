import { describe, expect, it } from 'vitest';
import { isMotoMissing, listeningUrl, localAwsEnvironment, motoInstallCommand } from '../../src/core/local-aws/endpoint.js';
import { localAwsResources } from '../../src/core/local-aws/resources.js';
import { parseTemplate } from '../../src/core/model/sam/template.js';

function resources(yaml: string, overrides: Record<string, string> = {}) {
  const parsed = parseTemplate(yaml, { file: 'template.yaml', parameterOverrides: overrides });
  return localAwsResources(parsed.template!, 'template.yaml');
}

describe('localAwsResources', () => {
  it('reads tables with their keys and indexes, named as !Ref names them', () => {
    const { spec, diagnostics } = resources(`
Parameters:
  Stage: { Type: String, Default: dev }
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub orders-\${Stage}
      BillingMode: PROVISIONED
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
        - { AttributeName: sk, AttributeType: N }
        - { AttributeName: email, AttributeType: S }
      KeySchema:
        - { AttributeName: pk, KeyType: HASH }
        - { AttributeName: sk, KeyType: RANGE }
      GlobalSecondaryIndexes:
        - IndexName: by-email
          KeySchema: [{ AttributeName: email, KeyType: HASH }]
          Projection: { ProjectionType: KEYS_ONLY }
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  Sessions:
    Type: AWS::Serverless::SimpleTable
  Users:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: { Name: userId, Type: Number }
  Fn:
    Type: AWS::Serverless::Function
`);
    expect(diagnostics).toEqual([]);
    expect(spec.tables).toEqual([
      {
        id: 'Orders',
        TableName: 'orders-dev',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'email', AttributeType: 'S' }],
        GlobalSecondaryIndexes: [{ IndexName: 'by-email', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      },
      { id: 'Sessions', TableName: 'Sessions', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] },
      { id: 'Users', TableName: 'Users', KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'N' }] },
    ]);
    expect(spec.buckets).toEqual([]);
    expect(spec.queues).toEqual([]);
  });

  it('reads buckets and queues, with a dead-letter queue as a redrive policy', () => {
    const { spec, diagnostics } = resources(`
Resources:
  Uploads: { Type: AWS::S3::Bucket, Properties: { BucketName: my-uploads } }
  Scratch: { Type: AWS::S3::Bucket }
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      RedrivePolicy: { deadLetterTargetArn: !GetAtt JobsDlq.Arn, maxReceiveCount: 3 }
  JobsDlq: { Type: AWS::SQS::Queue, Properties: { QueueName: jobs-dlq } }
  Ordered: { Type: AWS::SQS::Queue, Properties: { QueueName: ordered.fifo, FifoQueue: true, ContentBasedDeduplication: true } }
`);
    expect(diagnostics).toEqual([]);
    // A bucket without BucketName is its logical id in lower case: S3 refuses capitals.
    expect(spec.buckets).toEqual([{ id: 'Uploads', name: 'my-uploads' }, { id: 'Scratch', name: 'scratch' }]);
    expect(spec.queues).toEqual([
      { id: 'Jobs', name: 'Jobs', attributes: { VisibilityTimeout: '60', RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:jobs-dlq","maxReceiveCount":3}' } },
      { id: 'JobsDlq', name: 'jobs-dlq', attributes: {} },
      { id: 'Ordered', name: 'ordered.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } },
    ]);
  });

  it.each([
    ['Type: AWS::DynamoDB::Table\n    Properties: { AttributeDefinitions: [] }', 'KeySchema is required'],
    ['Type: AWS::DynamoDB::Table\n    Properties: { KeySchema: [{ AttributeName: id, KeyType: HASH }] }', 'AttributeDefinitions is required'],
    ['Type: AWS::DynamoDB::Table\n    Properties: { KeySchema: [{ AttributeName: id, KeyType: SORT }], AttributeDefinitions: [] }', 'KeyType of HASH or RANGE'],
    ['Type: AWS::Serverless::SimpleTable\n    Properties: { PrimaryKey: { Type: Date } }', "PrimaryKey.Type 'Date' is not String, Number or Binary"],
    ['Type: AWS::SQS::Queue\n    Properties: { FifoQueue: true }', 'a FIFO queue needs a QueueName ending in .fifo'],
    ['Type: AWS::SQS::Queue\n    Properties: { RedrivePolicy: { deadLetterTargetArn: !ImportValue shared-dlq } }', 'RedrivePolicy: Fn::ImportValue cannot be evaluated locally'],
  ])('leaves out %s with a warning', (resource, message) => {
    const { spec, diagnostics } = resources(`Resources:\n  Thing:\n    ${resource}\n`);
    expect(spec.tables.length + spec.queues.length).toBe(0);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', path: 'Resources.Thing' });
    expect(diagnostics[0]!.message).toContain('not created in the local AWS endpoint: ');
    expect(diagnostics[0]!.message).toContain(message);
  });
});

describe('streams, time to live and bucket notifications', () => {
  const table = (props: string) => `
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
${props}`;

  it.each<[string, string, Record<string, unknown>, string | undefined]>([
    ['a stream', '      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }', { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }, undefined],
    ['a stream of keys', '      StreamSpecification: { StreamViewType: KEYS_ONLY }', { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }, undefined],
    ['time to live', '      TimeToLiveSpecification: { AttributeName: expires, Enabled: true }', { timeToLive: 'expires' }, undefined],
    ['time to live and a stream', '      TimeToLiveSpecification: { AttributeName: ttl, Enabled: "true" }\n      StreamSpecification: { StreamViewType: OLD_IMAGE }', { timeToLive: 'ttl', StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' } }, undefined],
    ['time to live turned off', '      TimeToLiveSpecification: { AttributeName: expires, Enabled: false }', {}, undefined],
    ['a stream of an unknown view', '      StreamSpecification: { StreamViewType: EVERYTHING }', {}, 'StreamSpecification: not set up in the local AWS endpoint: the table has no stream: StreamViewType must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES'],
    ['a stream of a view known only once deployed', '      StreamSpecification: { StreamViewType: !ImportValue view }', {}, 'StreamSpecification: not set up in the local AWS endpoint: the table has no stream: StreamViewType: Fn::ImportValue cannot be evaluated locally'],
    ['time to live without its attribute', '      TimeToLiveSpecification: { Enabled: true }', {}, 'TimeToLiveSpecification: not set up in the local AWS endpoint: time to live is left off: AttributeName is required'],
    ['time to live without Enabled', '      TimeToLiveSpecification: { AttributeName: expires }', {}, 'TimeToLiveSpecification: not set up in the local AWS endpoint: time to live is left off: Enabled is not true or false'],
    ['a Kinesis stream', '      KinesisStreamSpecification: { StreamArn: arn:aws:kinesis:us-east-1:123456789012:stream/s }', {}, 'KinesisStreamSpecification: not set up in the local AWS endpoint: Kinesis streams are not created locally, so the table streams to none'],
  ])('a table with %s', (_name, props, extra, warning) => {
    const { spec, diagnostics } = resources(`Resources:${table(props)}`);
    expect(spec.tables).toEqual([{
      id: 'T',
      TableName: 'T',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      ...extra,
    }]);
    expect(diagnostics.map((d) => `${d.path.replace('Resources.T.Properties.', '')}: ${d.message}`)).toEqual(warning ? [warning] : []);
  });

  const bucket = (notifications: string) => `Resources:
  Jobs: { Type: AWS::SQS::Queue, Properties: { QueueName: jobs } }
  Other: { Type: AWS::SQS::Queue }
  Bad: { Type: AWS::SQS::Queue, Properties: { FifoQueue: true } }
  Topic: { Type: AWS::SNS::Topic }
  Fn: { Type: AWS::Serverless::Function, Properties: { Handler: app.handler, Runtime: python3.12 } }
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: uploads
      NotificationConfiguration:
${notifications}`;

  it.each<[string, string, unknown, string[]]>([
    [
      'a queue of the template',
      '        QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: !GetAtt Jobs.Arn }]',
      [{ queue: 'jobs', Events: ['s3:ObjectCreated:*'] }],
      [],
    ],
    [
      'two queues, one with a key filter (its rule names in lower case, as S3 wants them)',
      [
        '        QueueConfigurations:',
        '          - { Event: "s3:ObjectCreated:Put", Queue: !GetAtt Jobs.Arn, Filter: { S3Key: { Rules: [{ Name: Prefix, Value: in/ }, { Name: suffix, Value: .csv }] } } }',
        '          - { Event: "s3:ObjectRemoved:*", Queue: !GetAtt Other.Arn }',
      ].join('\n'),
      [
        { queue: 'jobs', Events: ['s3:ObjectCreated:Put'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }, { Name: 'suffix', Value: '.csv' }] } } },
        { queue: 'Other', Events: ['s3:ObjectRemoved:*'] },
      ],
      [],
    ],
    [
      'a queue outside the template',
      '        QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: "arn:aws:sqs:us-east-1:999999999999:elsewhere" }]',
      undefined,
      ['NotificationConfiguration.QueueConfigurations[0]: not set up in the local AWS endpoint: the queue arn:aws:sqs:us-east-1:999999999999:elsewhere is not a queue of the template (!GetAtt <Queue>.Arn), which is all the local endpoint has'],
    ],
    [
      'a queue that is not created locally',
      '        QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: !GetAtt Bad.Arn }]',
      undefined,
      ['NotificationConfiguration.QueueConfigurations[0]: not set up in the local AWS endpoint: the queue Bad is not created locally'],
    ],
    [
      'a queue known only once deployed',
      '        QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: !ImportValue shared-queue-arn }]',
      undefined,
      ['NotificationConfiguration.QueueConfigurations[0]: not set up in the local AWS endpoint: Fn::ImportValue cannot be evaluated locally'],
    ],
    [
      'a filter rule S3 does not know',
      '        QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: !GetAtt Jobs.Arn, Filter: { S3Key: { Rules: [{ Name: contains, Value: x }] } } }]',
      undefined,
      ['NotificationConfiguration.QueueConfigurations[0]: not set up in the local AWS endpoint: Filter has a rule without a Name of prefix or suffix and a Value'],
    ],
    [
      'a function, a topic and EventBridge next to a queue',
      [
        '        QueueConfigurations: [{ Event: "s3:ObjectCreated:*", Queue: !GetAtt Jobs.Arn }]',
        '        LambdaConfigurations: [{ Event: "s3:ObjectCreated:*", Function: !GetAtt Fn.Arn }]',
        '        TopicConfigurations: [{ Event: "s3:ObjectCreated:*", Topic: !Ref Topic }, { Event: "s3:ObjectRemoved:*", Topic: !Ref Topic }]',
        '        EventBridgeConfiguration: { EventBridgeEnabled: true }',
      ].join('\n'),
      [{ queue: 'jobs', Events: ['s3:ObjectCreated:*'] }],
      [
        "NotificationConfiguration.LambdaConfigurations[0]: not set up in the local AWS endpoint: the local endpoint (moto) would not invoke pylambda's functions; send such an event with pylambda invoke",
        'NotificationConfiguration.TopicConfigurations[0]: not set up in the local AWS endpoint: SNS topics are not created in the local AWS endpoint',
        'NotificationConfiguration.TopicConfigurations[1]: not set up in the local AWS endpoint: SNS topics are not created in the local AWS endpoint',
        'NotificationConfiguration.EventBridgeConfiguration: not set up in the local AWS endpoint: no EventBridge rule is created locally, so nothing would receive the events',
      ],
    ],
  ])('a bucket notifying %s', (_name, notifications, expected, warnings) => {
    const { spec, diagnostics } = resources(bucket(notifications));
    expect(spec.buckets).toEqual([{ id: 'Uploads', name: 'uploads', ...(expected ? { notifications: expected } : {}) }]);
    expect(diagnostics.filter((d) => d.path.startsWith('Resources.Uploads')).map((d) => `${d.path.replace('Resources.Uploads.Properties.', '')}: ${d.message}`)).toEqual(warnings);
  });
});

describe('the endpoint', () => {
  it('points functions at it with fake credentials and its region', () => {
    expect(localAwsEnvironment('http://127.0.0.1:5000', 'eu-west-1')).toEqual({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SESSION_TOKEN: 'testing',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });

  it.each([
    [' * Running on http://127.0.0.1:39449', 'http://127.0.0.1:39449'],
    [' * Running on http://127.0.0.1:5000/ (Press CTRL+C to quit)', 'http://127.0.0.1:5000'],
    ['WARNING: This is a development server.', undefined],
    ['127.0.0.1 - - [27/Nov/2026 05:00:00] "GET / HTTP/1.1" 200 -', undefined],
  ])('finds the URL in %j', (line, url) => {
    expect(listeningUrl(line)).toBe(url);
  });

  it.each([
    ["/x/python: No module named moto.server", true],
    ["/x/python: Error while finding module specification for 'moto.server' (ModuleNotFoundError: No module named 'moto')", true],
    ["ModuleNotFoundError: No module named 'flask'", true],
    ["ModuleNotFoundError: No module named 'flask_cors'", true],
    ["ModuleNotFoundError: No module named 'flasky'", false],
    ['OSError: [Errno 98] Address already in use', false],
  ])('%j means moto is missing: %s', (output, missing) => {
    expect(isMotoMissing(output)).toBe(missing);
  });

  it.each([
    ['/work/app/.venv/bin/python', '/work/app', false, '.venv/bin/pip install "moto[server]"'],
    ['/work/app/.venv/bin/python', '/work/app/', false, '.venv/bin/pip install "moto[server]"'],
    ['/usr/bin/python3.12', '/work/app', false, '/usr/bin/python3.12 -m pip install "moto[server]"'],
    ['/home/me/my envs/bin/python', '/work/app', false, '"/home/me/my envs/bin/python" -m pip install "moto[server]"'],
    ['C:\\app\\.venv\\Scripts\\python.exe', 'C:\\app', true, '.venv\\Scripts\\pip install "moto[server]"'],
  ])('%s in %s installs moto with %j', (python, root, windows, command) => {
    expect(motoInstallCommand(python, root, windows as boolean)).toBe(command);
  });
});

describe('localAwsResources: SSM parameters, secrets, Kinesis streams, and what is not created', () => {
  const { spec, diagnostics } = resources(`
Resources:
  Param: { Type: AWS::SSM::Parameter, Properties: { Name: /shop/x, Type: String, Value: hello } }
  List: { Type: AWS::SSM::Parameter, Properties: { Name: /shop/list, Type: StringList, Value: 'a,b' } }
  Unnamed: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: '7' } }
  Secure: { Type: AWS::SSM::Parameter, Properties: { Name: /shop/s, Type: SecureString, Value: x } }
  Secret: { Type: AWS::SecretsManager::Secret, Properties: { Name: shop/db, SecretString: 'pw' } }
  Generated: { Type: AWS::SecretsManager::Secret, Properties: { GenerateSecretString: { PasswordLength: 16, SecretStringTemplate: '{"u":"a"}', GenerateStringKey: p } } }
  Empty: { Type: AWS::SecretsManager::Secret, Properties: { Name: empty } }
  Stream: { Type: AWS::Kinesis::Stream, Properties: { Name: shop-stream, ShardCount: 2 } }
  OnDemand: { Type: AWS::Kinesis::Stream, Properties: { StreamModeDetails: { StreamMode: ON_DEMAND } } }
  App: { Type: AWS::AppConfig::Application, Properties: { Name: shop } }
  Env: { Type: AWS::AppConfig::Environment, Properties: { ApplicationId: !Ref App, Name: prod } }
  Pool: { Type: AWS::Cognito::UserPool }
  Role: { Type: AWS::IAM::Role }
`);

  it('parameters under the name !Ref gives them (CloudFormation makes no SecureString)', () => {
    expect(spec.parameters).toEqual([
      { id: 'Param', Name: '/shop/x', Type: 'String', Value: 'hello' },
      { id: 'List', Name: '/shop/list', Type: 'StringList', Value: 'a,b' },
      { id: 'Unnamed', Name: expect.stringMatching(/^CFN-Unnamed-[A-Za-z0-9]{12}$/), Type: 'String', Value: '7' },
    ]);
  });

  it("secrets with the ARN suffix of their !Ref, a generated one's options for GetRandomPassword", () => {
    expect(spec.secrets).toEqual([
      { id: 'Secret', Name: 'shop/db', arnSuffix: expect.stringMatching(/^[A-Za-z0-9]{6}$/), SecretString: 'pw' },
      { id: 'Generated', Name: 'Generated', arnSuffix: expect.stringMatching(/^[A-Za-z0-9]{6}$/), generate: { password: { PasswordLength: 16 }, template: '{"u":"a"}', key: 'p' } },
    ]);
  });

  it('streams with their shards or on demand', () => {
    expect(spec.streams).toEqual([
      { id: 'Stream', StreamName: 'shop-stream', ShardCount: 2 },
      { id: 'OnDemand', StreamName: 'OnDemand', StreamModeDetails: { StreamMode: 'ON_DEMAND' } },
    ]);
  });

  it('says what is left out, and the services it does not create in one line (not an IAM role)', () => {
    expect(diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'Resources.Secure: not created in the local AWS endpoint: Type "SecureString" is not String or StringList, the types CloudFormation creates',
      "Resources.Generated: its value is generated by the local endpoint (GenerateSecretString), so it is not the deployed secret's",
      'Resources.Empty: not created in the local AWS endpoint: it has neither SecretString nor GenerateSecretString',
      'Resources: not created in the local AWS endpoint, which makes only DynamoDB tables, S3 buckets, SQS queues, SSM parameters, secrets and Kinesis streams: App (AWS::AppConfig::Application), Env (AWS::AppConfig::Environment), Pool (AWS::Cognito::UserPool); calls to them fail there (set what the functions need with --env-vars, or a local store)',
    ]);
  });
});
