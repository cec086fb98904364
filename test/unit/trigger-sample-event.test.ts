import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultEvent } from '../../src/api/sample-event.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import type { Project } from '../../src/core/model/project.js';
import { read } from './serverless-helpers.js';

const env = { AWS_REGION: 'eu-west-1' };

/** What `pylambda invoke FN` sends without --event: the label and the event. */
function sampleOf(project: Project | undefined, fn: string) {
  const model = project!.functions.find((f) => f.id === fn)!;
  const event = defaultEvent(model, project!, env);
  return { label: event.label, body: JSON.parse(event.payload.toString('utf8')) };
}

const sam = (resources: string) => {
  const { project, diagnostics } = readSamTemplate(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: python3.12, CodeUri: src/ }
${resources}`, { file: 'template.yaml' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return project;
};
const withEvent = (event: string) => sam(`  Other:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Events:
        Trigger:
${event.replace(/^/gm, '          ')}
`);

describe('SAM: the sample of each trigger, with what the template says of it', () => {
  it('CloudWatchLogs: its log group', () => {
    const { label, body } = sampleOf(withEvent('Type: CloudWatchLogs\nProperties: { LogGroupName: /aws/lambda/orders, FilterPattern: ERROR }'), 'Other');
    expect(label).toBe('cloudwatch-logs sample (CloudWatchLogs trigger Trigger)');
    expect(JSON.parse(gunzipSync(Buffer.from(body.awslogs.data, 'base64')).toString())).toMatchObject({ logGroup: '/aws/lambda/orders' });
  });

  it('Cognito: the first of its triggers', () => {
    const { label, body } = sampleOf(withEvent('Type: Cognito\nProperties: { UserPool: !Ref Pool, Trigger: [PostConfirmation, PreSignUp] }'), 'Other');
    expect(label).toBe('cognito sample (Cognito trigger Trigger)');
    expect(body).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmSignUp', response: {} });
  });

  it('MSK: its cluster and first topic', () => {
    const arn = 'arn:aws:kafka:eu-west-1:111122223333:cluster/sales/abcd-1';
    const { label, body } = sampleOf(withEvent(`Type: MSK\nProperties: { Stream: ${arn}, Topics: [orders, refunds], StartingPosition: LATEST }`), 'Other');
    expect(label).toBe('kafka sample (MSK trigger Trigger)');
    expect(body).toMatchObject({ eventSource: 'aws:kafka', eventSourceArn: arn, records: { 'orders-0': [{ topic: 'orders' }] } });
  });

  it('SelfManagedKafka: its brokers', () => {
    const { body } = sampleOf(withEvent('Type: SelfManagedKafka\nProperties: { KafkaBootstrapServers: [k1.example.com:9092, k2.example.com:9092], Topics: [clicks] }'), 'Other');
    expect(body).toMatchObject({ eventSource: 'SelfManagedKafka', bootstrapServers: 'k1.example.com:9092,k2.example.com:9092', records: { 'clicks-0': [{ topic: 'clicks' }] } });
  });

  it('MQ: ActiveMQ, or RabbitMQ when the broker it names runs RabbitMQ', () => {
    expect(sampleOf(withEvent('Type: MQ\nProperties: { Broker: arn:aws:mq:eu-west-1:111122223333:broker:b:b-1, Queues: [orders] }'), 'Other')).toMatchObject({
      label: 'activemq sample (MQ trigger Trigger)',
      body: { eventSource: 'aws:mq', eventSourceArn: 'arn:aws:mq:eu-west-1:111122223333:broker:b:b-1', messages: [{ destination: { physicalName: 'orders' } }] },
    });
    // A function on a RabbitMQ broker, its MQ event's properties `more` than Broker and Queues.
    const rabbit = (more = '') => sam(`  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties: { EngineType: RABBITMQ, BrokerName: shop }
  Rabbit:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Events:
        Q: { Type: MQ, Properties: { Broker: !GetAtt Broker.Arn, Queues: [orders]${more} } }
`);
    const { label, body } = sampleOf(rabbit(), 'Rabbit');
    expect(label).toBe('rabbitmq sample (MQ trigger Q)');
    expect(Object.keys(body.rmqMessagesByQueue)).toEqual(['orders::/']);
    // The virtual host a SourceAccessConfigurations VIRTUAL_HOST names (Lambda's rmqMessagesByQueue keys: queue::vhost).
    const hosted = rabbit(', SourceAccessConfigurations: [{ Type: BASIC_AUTH, URI: arn:aws:secretsmanager:eu-west-1:111122223333:secret:mq }, { Type: VIRTUAL_HOST, URI: shop }]');
    expect(Object.keys(sampleOf(hosted, 'Rabbit').body.rmqMessagesByQueue)).toEqual(['orders::shop']);
  });

  it('IoTRule: a device reading, and the label says the SQL decides', () => {
    const { label, body } = sampleOf(withEvent('Type: IoTRule\nProperties: { Sql: "SELECT * FROM \'sensors/+\'" }'), 'Other');
    expect(label).toBe('iot sample (IoTRule trigger Trigger; the function gets what "SELECT * FROM \'sensors/+\'" selects, which this sample only stands for)');
    expect(body).toMatchObject({ deviceId: 'my-device' });
  });

  it('a custom resource whose ServiceToken is the function: a Create request with its properties, as CloudFormation sends them', () => {
    const project = sam(`  Seed:
    Type: Custom::Seed
    Properties:
      ServiceToken: !GetAtt Fn.Arn
      Count: 3
      Enabled: true
      Table: !Ref AWS::StackName
      Bucket: !GetAtt Uploads.Arn
  Uploads:
    Type: AWS::S3::Bucket
  Plain:
    Type: AWS::CloudFormation::CustomResource
    Properties: { ServiceToken: !GetAtt Other.Arn }
  Other:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: python3.12, CodeUri: src/ }
`);
    const { label, body } = sampleOf(project, 'Fn');
    expect(label).toBe('cloudformation sample (CustomResource trigger Seed)');
    expect(body).toMatchObject({ RequestType: 'Create', LogicalResourceId: 'Seed', ResourceType: 'Custom::Seed' });
    expect(body.ServiceToken).toMatch(/^arn:aws:lambda:eu-west-1:123456789012:function:/);
    expect(body.ResourceProperties).toEqual({ ServiceToken: body.ServiceToken, Count: '3', Enabled: 'true', Table: expect.any(String), Bucket: 'arn:aws:s3:::uploads' });
    expect(sampleOf(project, 'Other').body).toMatchObject({ LogicalResourceId: 'Plain', ResourceType: 'AWS::CloudFormation::CustomResource' });
  });

  it('a trigger whose names the template leaves to intrinsics: the generic sample', () => {
    const { label, body } = sampleOf(withEvent('Type: MSK\nProperties: { Stream: !GetAtt Cluster.Arn, Topics: [orders] }'), 'Other');
    expect(label).toBe('kafka sample (MSK trigger Trigger)');
    expect(body.eventSourceArn).toMatch(/^arn:aws:kafka:eu-west-1:123456789012:cluster\/my-cluster\//);
  });
});

describe('CloudFormation resources (as CDK synthesizes them): the sample of each trigger', () => {
  it.each<[string, string, string, Record<string, unknown>]>([
    ["a Firehose delivery stream's Lambda processor: its stream",
      `  S:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      DeliveryStreamName: clicks\n      ExtendedS3DestinationConfiguration:\n        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: Lambda, Parameters: [{ ParameterName: LambdaArn, ParameterValue: !GetAtt Fn.Arn }] }] }\n`,
      'firehose sample (Firehose trigger S)', { deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/clicks' }],
    ["an SES receipt rule of a domain: a mailbox in it, and the action names the function",
      `  R:\n    Type: AWS::SES::ReceiptRule\n    Properties: { RuleSetName: in, Rule: { Recipients: [example.org], Actions: [{ LambdaAction: { FunctionArn: !GetAtt Fn.Arn } }] } }\n`,
      'ses sample (SES trigger R)', { Records: [{ ses: { mail: { destination: ['someone@example.org'] }, receipt: { action: { functionArn: expect.stringMatching(/^arn:aws:lambda:eu-west-1:123456789012:function:/) } } } }] }],
    ["a RabbitMQ broker's mapping: its queue in the mapping's virtual host",
      `  B:\n    Type: AWS::AmazonMQ::Broker\n    Properties: { BrokerName: shop, EngineType: RabbitMQ }\n  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt B.Arn, Queues: [jobs], SourceAccessConfigurations: [{ Type: VIRTUAL_HOST, URI: shop }] }\n`,
      'rabbitmq sample (MQ trigger M)', { rmqMessagesByQueue: { 'jobs::shop': [expect.anything()] } }],
    ["an IoT rule's Lambda action: the label says its SQL decides",
      `  T:\n    Type: AWS::IoT::TopicRule\n    Properties: { TopicRulePayload: { Sql: "SELECT * FROM 't'", Actions: [{ Lambda: { FunctionArn: !GetAtt Fn.Arn } }] } }\n`,
      'iot sample (IoTRule trigger T; the function gets what "SELECT * FROM \'t\'" selects, which this sample only stands for)', { deviceId: 'my-device' }],
  ])('%s', (_what, resources, label, body) => {
    const sample = sampleOf(sam(resources), 'Fn');
    expect(sample.label).toBe(label);
    expect(sample.body).toMatchObject(body);
  });
});

describe('serverless.yml: the sample of each trigger', () => {
  const yml = (event: string) => read(`service: s
provider: { name: aws, runtime: python3.12 }
functions:
  fn:
    handler: app.handler
    events:
      - ${event}
`).project;
  it.each<[string, string, Record<string, unknown>]>([
    ['cloudwatchLog: /aws/lambda/orders', 'cloudwatch-logs sample (cloudwatchLog trigger cloudwatchLog-1)', {}],
    ['cognitoUserPool: { pool: users, trigger: CustomMessage }', 'cognito sample (cognitoUserPool trigger cognitoUserPool-1)', { triggerSource: 'CustomMessage_SignUp' }],
    ['msk: { arn: "arn:aws:kafka:eu-west-1:111122223333:cluster/c/x-1", topic: orders }', 'kafka sample (msk trigger msk-1)', { eventSource: 'aws:kafka', records: { 'orders-0': [{ topic: 'orders' }] } }],
    ['kafka: { bootstrapServers: ["k1.example.com:9092"], topic: clicks, accessConfigurations: { saslScram512Auth: arn } }', 'kafka sample (kafka trigger kafka-1)', { eventSource: 'SelfManagedKafka', bootstrapServers: 'k1.example.com:9092' }],
    ['activemq: { arn: "arn:aws:mq:eu-west-1:111122223333:broker:b:b-1", queue: jobs, basicAuthArn: x }', 'activemq sample (activemq trigger activemq-1)', { messages: [{ destination: { physicalName: 'jobs' } }] }],
    ['rabbitmq: { arn: "arn:aws:mq:eu-west-1:111122223333:broker:b:b-1", queue: jobs, virtualHost: shop, basicAuthArn: x }', 'rabbitmq sample (rabbitmq trigger rabbitmq-1)', { rmqMessagesByQueue: { 'jobs::shop': [expect.anything()] } }],
    ['iot: { sql: "SELECT * FROM \'t\'" }', 'iot sample (iot trigger iot-1; the function gets what "SELECT * FROM \'t\'" selects, which this sample only stands for)', { deviceId: 'my-device' }],
  ])('%s', (event, label, body) => {
    const sample = sampleOf(yml(event), 'fn');
    expect(sample.label).toBe(label);
    expect(sample.body).toMatchObject(body);
  });
});

describe('serverless.yml: the triggers its resources write, naming a function by the Framework\'s logical id', () => {
  it('an SES receipt rule and a user pool of resources.Resources; an s3 event\'s bucket is its event alone', () => {
    const { project, diagnostics } = read(`service: svc
provider: { name: aws, runtime: python3.12, region: eu-west-1 }
functions:
  inbox: { handler: app.inbox }
  signup-hook: { handler: app.signup }
  upload: { handler: app.upload, events: [{ s3: { bucket: photos, event: 's3:ObjectCreated:*' } }] }
resources:
  Resources:
    Rule:
      Type: AWS::SES::ReceiptRule
      Properties: { RuleSetName: in, Rule: { Recipients: [orders@example.com], Actions: [{ LambdaAction: { FunctionArn: !GetAtt InboxLambdaFunction.Arn } }] } }
    Pool:
      Type: AWS::Cognito::UserPool
      Properties: { LambdaConfig: { PostConfirmation: { 'Fn::GetAtt': [SignupDashhookLambdaFunction, Arn] } } }
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sampleOf(project, 'inbox')).toMatchObject({ label: 'ses sample (SES trigger Rule)', body: { Records: [{ ses: { mail: { destination: ['orders@example.com'] } } }] } });
    expect(sampleOf(project, 'signup-hook')).toMatchObject({ label: 'cognito sample (Cognito trigger Pool)', body: { triggerSource: 'PostConfirmation_ConfirmSignUp' } });
    expect(project!.functions.find((f) => f.id === 'upload')!.events.map((e) => e.kind)).toEqual(['s3']);
  });
});
