import { describe, expect, it } from 'vitest';
import type { EventSource } from '../../src/core/model/event-sources.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

/** A function's triggers written as resources of their own, as AWS CDK synthesizes them (cdk.out/*.template.json). */

const FUNCTIONS = `
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.handler, Runtime: python3.12 }
  Other:
    Type: AWS::Lambda::Function
    Properties: { Code: src/, Handler: app.other, Runtime: python3.12 }
  Queue: { Type: AWS::SQS::Queue }
  Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: orders } }
  Bucket: { Type: AWS::S3::Bucket }
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }`;

function events(resources: string, functionId = 'Fn'): readonly EventSource[] | undefined {
  const { project, diagnostics } = readSamTemplate(`Resources:${FUNCTIONS}${resources}`, { file: 'template.yaml' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return project?.functions.find((f) => f.id === functionId)?.events;
}

const JOIN_STREAM = `{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesis:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':stream/my-stream']] }`;

describe('CloudFormation reader: triggers that are resources of their own (CDK event sources, rules, notifications)', () => {
  it.each<[string, string, EventSource[]]>([
    ["CDK's SqsEventSource: an event source mapping from the queue's ARN, by !Ref of the function",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Queue, Arn] }, FunctionName: { Ref: Fn }, BatchSize: 5 } }`,
      [{ kind: 'sqs', id: 'M', queue: 'arn:aws:sqs:us-east-1:123456789012:Queue', batchSize: 5 }]],
    // CDK writes SqsEventSource's filters as FilterCriteria, each Pattern a JSON string: the sample's body passes the first,
    // and dev's trigger applies them; maxBatchingWindow and maxConcurrency are the mapping's own properties.
    ["CDK's SqsEventSource with filters: a sample body the first lets through, and the filters",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Queue, Arn] }, FunctionName: { Ref: Fn }, FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"],"total":[{"numeric":[">",100]}]}}' }] } } }`,
      [{ kind: 'sqs', id: 'M', queue: 'arn:aws:sqs:us-east-1:123456789012:Queue', sampleBody: '{"kind":"order","total":101}', filters: [{ body: { kind: ['order'], total: [{ numeric: ['>', 100] }] } }] }]],
    ["CDK's SqsEventSource with maxBatchingWindow and maxConcurrency",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Queue, Arn] }, FunctionName: { Ref: Fn }, BatchSize: 100, MaximumBatchingWindowInSeconds: 5, ScalingConfig: { MaximumConcurrency: 2 } } }`,
      [{ kind: 'sqs', id: 'M', queue: 'arn:aws:sqs:us-east-1:123456789012:Queue', batchSize: 100, batchingWindow: 5, maximumConcurrency: 2 }]],
    ["a table's stream: its table, keys and view type",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Table, StreamArn] }, FunctionName: { 'Fn::GetAtt': [Fn, Arn] }, StartingPosition: LATEST } }`,
      [{ kind: 'other', id: 'M', type: 'DynamoDB', stream: { service: 'dynamodb', table: { name: 'Table', keys: [{ name: 'pk', type: 'S' }], viewType: 'NEW_IMAGE' } }, mapping: { startingPosition: 'LATEST' } }]],
    ["an existing Kinesis stream's ARN, joined as CDK writes it",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: ${JOIN_STREAM}, FunctionName: { Ref: Fn }, StartingPosition: LATEST } }`,
      [{ kind: 'other', id: 'M', type: 'Kinesis', stream: { service: 'kinesis', stream: 'arn:aws:kinesis:us-east-1:123456789012:stream/my-stream' }, mapping: { startingPosition: 'LATEST' } }]],
    ['a rule with a schedule, its constant Input and its Name',
      `\n  R: { Type: AWS::Events::Rule, Properties: { Name: nightly, ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: { 'Fn::GetAtt': [Other, Arn] }, Id: T0 }, { Arn: { 'Fn::GetAtt': [Fn, Arn] }, Id: T1, Input: '{"job": "x"}' }] } }`,
      [{ kind: 'schedule', id: 'R', schedule: 'rate(1 day)', rule: 'nightly', input: '{"job": "x"}' }]],
    ["a rule with an event pattern: the source and detail-type it matches",
      `\n  R: { Type: AWS::Events::Rule, Properties: { EventPattern: { source: [my.app], detail-type: [Order Placed] }, Targets: [{ Arn: { 'Fn::GetAtt': [Fn, Arn] }, Id: T0 }] } }`,
      [{ kind: 'other', id: 'R', type: 'EventBridgeRule', pattern: { source: 'my.app', detailType: 'Order Placed' } }]],
    ["a rule on another account's bus, by ARN: the bus's region and account",
      `\n  R: { Type: AWS::Events::Rule, Properties: { EventBusName: 'arn:aws:events:eu-central-1:111122223333:event-bus/shared', EventPattern: { source: [my.app], region: [eu-central-1] }, Targets: [{ Arn: { 'Fn::GetAtt': [Fn, Arn] }, Id: T0 }] } }`,
      [{ kind: 'other', id: 'R', type: 'EventBridgeRule', pattern: { source: 'my.app', region: 'eu-central-1' }, bus: { region: 'eu-central-1', accountId: '111122223333' } }]],
    ["CDK's Custom::S3BucketNotifications: the bucket, its events and key filter",
      `\n  N: { Type: Custom::S3BucketNotifications, Properties: { BucketName: { Ref: Bucket }, NotificationConfiguration: { LambdaFunctionConfigurations: [{ Events: ['s3:ObjectRemoved:*'], LambdaFunctionArn: { 'Fn::GetAtt': [Fn, Arn] }, Filter: { Key: { FilterRules: [{ Name: suffix, Value: .csv }, { Name: prefix, Value: in/ }] } } }] } } }`,
      [{ kind: 's3', id: 'N', bucket: 'bucket', events: ['s3:ObjectRemoved:*'], keyFilter: { prefix: 'in/', suffix: '.csv' } }]],
    ["a bucket's own NotificationConfiguration",
      `\n  Up: { Type: AWS::S3::Bucket, Properties: { BucketName: uploads, NotificationConfiguration: { LambdaConfigurations: [{ Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': [Fn, Arn] } }] } } }`,
      [{ kind: 's3', id: 'Up', bucket: 'uploads', events: ['s3:ObjectCreated:*'] }]],
    ['an SNS subscription of protocol lambda: the topic',
      `\n  S: { Type: AWS::SNS::Subscription, Properties: { Protocol: lambda, Endpoint: { 'Fn::GetAtt': [Fn, Arn] }, TopicArn: { Ref: Topic } } }`,
      [{ kind: 'other', id: 'S', type: 'SNS', topic: 'arn:aws:sns:us-east-1:123456789012:orders' }]],
    ["a self-managed Kafka mapping: its bootstrap servers and first topic",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: { Ref: Fn }, Topics: [clicks], SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: [k1.example.com:9092, k2.example.com:9092] } } } }`,
      [{ kind: 'other', id: 'M', type: 'SelfManagedKafka', details: { kafka: { bootstrapServers: 'k1.example.com:9092,k2.example.com:9092', topic: 'clicks' } } }]],
    ["an MSK mapping from a cluster's ARN, and one from the template's cluster (its name)",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: { Ref: Fn }, Topics: [orders], EventSourceArn: 'arn:aws:kafka:us-east-1:111122223333:cluster/sales/abcd-1' } }` +
      `\n  Cluster: { Type: AWS::MSK::Cluster, Properties: { ClusterName: sales, KafkaVersion: 3.5.1, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: {} } }` +
      `\n  N: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: { Ref: Fn }, Topics: [refunds], EventSourceArn: { Ref: Cluster } } }`,
      [{ kind: 'other', id: 'M', type: 'MSK', details: { kafka: { cluster: 'arn:aws:kafka:us-east-1:111122223333:cluster/sales/abcd-1', topic: 'orders' } } },
        { kind: 'other', id: 'N', type: 'MSK', details: { kafka: { cluster: 'sales', topic: 'refunds' } } }]],
    ["an MQ mapping from a RabbitMQ broker of the template: the engine, and the queue in the mapping's virtual host",
      `\n  Broker: { Type: AWS::AmazonMQ::Broker, Properties: { BrokerName: jobs-broker, EngineType: RABBITMQ } }` +
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: { Ref: Fn }, EventSourceArn: { 'Fn::GetAtt': [Broker, Arn] }, Queues: [jobs], SourceAccessConfigurations: [{ Type: VIRTUAL_HOST, URI: /prod }] } }`,
      [{ kind: 'other', id: 'M', type: 'MQ', details: { broker: { engine: 'rabbitmq', arn: 'jobs-broker', queue: 'jobs::/prod' } } }]],
    ["an ActiveMQ broker's ARN",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: { Ref: Fn }, EventSourceArn: 'arn:aws:mq:us-east-1:111122223333:broker:b:b-1', Queues: [jobs] } }`,
      [{ kind: 'other', id: 'M', type: 'MQ', details: { broker: { engine: 'activemq', arn: 'arn:aws:mq:us-east-1:111122223333:broker:b:b-1', queue: 'jobs' } } }]],
    ["a log group's subscription filter (CDK's SubscriptionFilter with a LambdaDestination): the log group's name",
      `\n  Logs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: /app/orders } }` +
      `\n  F: { Type: AWS::Logs::SubscriptionFilter, Properties: { LogGroupName: { Ref: Logs }, FilterPattern: ERROR, DestinationArn: { 'Fn::GetAtt': [Fn, Arn] } } }`,
      [{ kind: 'other', id: 'F', type: 'CloudWatchLogs', details: { logGroup: '/app/orders' } }]],
    ["a user pool's LambdaConfig: each trigger that names it, PreTokenGenerationConfig's and CustomEmailSender's by LambdaArn",
      `\n  Pool: { Type: AWS::Cognito::UserPool, Properties: { LambdaConfig: { PreSignUp: { 'Fn::GetAtt': [Fn, Arn] }, PostConfirmation: { 'Fn::GetAtt': [Other, Arn] }, KMSKeyID: k,` +
      ` PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [Fn, Arn] }, LambdaVersion: V2_0 }, CustomEmailSender: { LambdaArn: { 'Fn::GetAtt': [Fn, Arn] }, LambdaVersion: V1_0 } } } }`,
      [{ kind: 'other', id: 'Pool', type: 'Cognito', details: { userPoolTrigger: 'PreSignUp' } }, { kind: 'other', id: 'Pool', type: 'Cognito', details: { userPoolTrigger: 'PreTokenGeneration' } },
        { kind: 'other', id: 'Pool', type: 'Cognito', details: { userPoolTrigger: 'CustomEmailSender' } }]],
    ["an IoT topic rule's Lambda action: its SQL",
      `\n  Rule: { Type: AWS::IoT::TopicRule, Properties: { TopicRulePayload: { Sql: "SELECT * FROM 'sensors/#'", Actions: [{ Lambda: { FunctionArn: { 'Fn::GetAtt': [Fn, Arn] } } }] } } }`,
      [{ kind: 'other', id: 'Rule', type: 'IoTRule', details: { iotSql: "SELECT * FROM 'sensors/#'" } }]],
    ["an SES receipt rule's Lambda action: its first recipient, a mailbox of a domain that is one",
      `\n  R1: { Type: AWS::SES::ReceiptRule, Properties: { RuleSetName: inbound, Rule: { Recipients: [orders@example.com], Actions: [{ LambdaAction: { FunctionArn: { 'Fn::GetAtt': [Fn, Arn] }, InvocationType: Event } }] } } }` +
      `\n  R2: { Type: AWS::SES::ReceiptRule, Properties: { RuleSetName: inbound, Rule: { Recipients: [example.org], Actions: [{ S3Action: { BucketName: b } }, { LambdaAction: { FunctionArn: { Ref: Fn } } }] } } }` +
      `\n  R3: { Type: AWS::SES::ReceiptRule, Properties: { RuleSetName: inbound, Rule: { Actions: [{ LambdaAction: { FunctionArn: { 'Fn::GetAtt': [Fn, Arn] } } }] } } }`,
      [{ kind: 'other', id: 'R1', type: 'SES', details: { mailTo: 'orders@example.com' } }, { kind: 'other', id: 'R2', type: 'SES', details: { mailTo: 'someone@example.org' } },
        { kind: 'other', id: 'R3', type: 'SES' }]],
    ["a Firehose delivery stream's Lambda processor: the stream's name",
      `\n  Stream: { Type: AWS::KinesisFirehose::DeliveryStream, Properties: { DeliveryStreamName: clicks, ExtendedS3DestinationConfiguration: { BucketARN: { 'Fn::GetAtt': [Bucket, Arn] }, RoleARN: r,` +
      ` ProcessingConfiguration: { Enabled: true, Processors: [{ Type: Lambda, Parameters: [{ ParameterName: LambdaArn, ParameterValue: { 'Fn::GetAtt': [Fn, Arn] } }] }] } } } }`,
      [{ kind: 'other', id: 'Stream', type: 'Firehose', details: { deliveryStream: 'clicks' } }]],
    ["another function's mapping, an sqs subscription, a rule targeting a queue: none of its triggers",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Queue, Arn] }, FunctionName: { Ref: Other } } }` +
      `\n  S: { Type: AWS::SNS::Subscription, Properties: { Protocol: sqs, Endpoint: { 'Fn::GetAtt': [Queue, Arn] }, TopicArn: { Ref: Topic } } }` +
      `\n  R: { Type: AWS::Events::Rule, Properties: { ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: { 'Fn::GetAtt': [Queue, Arn] }, Id: T0 }] } }` +
      `\n  P: { Type: AWS::Cognito::UserPool, Properties: { LambdaConfig: { PreSignUp: { 'Fn::GetAtt': [Other, Arn] } } } }` +
      `\n  SR: { Type: AWS::SES::ReceiptRule, Properties: { RuleSetName: inbound, Rule: { Actions: [{ LambdaAction: { FunctionArn: { 'Fn::GetAtt': [Other, Arn] } } }] } } }` +
      `\n  F: { Type: AWS::Logs::SubscriptionFilter, Properties: { LogGroupName: x, FilterPattern: '', DestinationArn: { 'Fn::GetAtt': [Other, Arn] } } }`,
      []],
  ])('%s', (_name, resources, expected) => {
    expect(events(resources)).toEqual(expected);
  });
});
