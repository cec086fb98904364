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
    // CDK writes SqsEventSource's filters as FilterCriteria, each Pattern a JSON string: the sample's body passes the first.
    ["CDK's SqsEventSource with filters: a sample body the first lets through",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Queue, Arn] }, FunctionName: { Ref: Fn }, FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"],"total":[{"numeric":[">",100]}]}}' }] } } }`,
      [{ kind: 'sqs', id: 'M', queue: 'arn:aws:sqs:us-east-1:123456789012:Queue', sampleBody: '{"kind":"order","total":101}' }]],
    ["a table's stream: its table, keys and view type",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Table, StreamArn] }, FunctionName: { 'Fn::GetAtt': [Fn, Arn] }, StartingPosition: LATEST } }`,
      [{ kind: 'other', id: 'M', type: 'DynamoDB', stream: { service: 'dynamodb', table: { name: 'Table', keys: [{ name: 'pk', type: 'S' }], viewType: 'NEW_IMAGE' } } }]],
    ["an existing Kinesis stream's ARN, joined as CDK writes it",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: ${JOIN_STREAM}, FunctionName: { Ref: Fn }, StartingPosition: LATEST } }`,
      [{ kind: 'other', id: 'M', type: 'Kinesis', stream: { service: 'kinesis', stream: 'arn:aws:kinesis:us-east-1:123456789012:stream/my-stream' } }]],
    ['a rule with a schedule, its constant Input and its Name',
      `\n  R: { Type: AWS::Events::Rule, Properties: { Name: nightly, ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: { 'Fn::GetAtt': [Other, Arn] }, Id: T0 }, { Arn: { 'Fn::GetAtt': [Fn, Arn] }, Id: T1, Input: '{"job": "x"}' }] } }`,
      [{ kind: 'schedule', id: 'R', schedule: 'rate(1 day)', rule: 'nightly', input: '{"job": "x"}' }]],
    ["a rule with an event pattern: the source and detail-type it matches",
      `\n  R: { Type: AWS::Events::Rule, Properties: { EventPattern: { source: [my.app], detail-type: [Order Placed] }, Targets: [{ Arn: { 'Fn::GetAtt': [Fn, Arn] }, Id: T0 }] } }`,
      [{ kind: 'other', id: 'R', type: 'EventBridgeRule', pattern: { source: 'my.app', detailType: 'Order Placed' } }]],
    ["CDK's Custom::S3BucketNotifications: the bucket, its events and key filter",
      `\n  N: { Type: Custom::S3BucketNotifications, Properties: { BucketName: { Ref: Bucket }, NotificationConfiguration: { LambdaFunctionConfigurations: [{ Events: ['s3:ObjectRemoved:*'], LambdaFunctionArn: { 'Fn::GetAtt': [Fn, Arn] }, Filter: { Key: { FilterRules: [{ Name: suffix, Value: .csv }, { Name: prefix, Value: in/ }] } } }] } } }`,
      [{ kind: 's3', id: 'N', bucket: 'bucket', events: ['s3:ObjectRemoved:*'], keyFilter: { prefix: 'in/', suffix: '.csv' } }]],
    ["a bucket's own NotificationConfiguration",
      `\n  Up: { Type: AWS::S3::Bucket, Properties: { BucketName: uploads, NotificationConfiguration: { LambdaConfigurations: [{ Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': [Fn, Arn] } }] } } }`,
      [{ kind: 's3', id: 'Up', bucket: 'uploads', events: ['s3:ObjectCreated:*'] }]],
    ['an SNS subscription of protocol lambda: the topic',
      `\n  S: { Type: AWS::SNS::Subscription, Properties: { Protocol: lambda, Endpoint: { 'Fn::GetAtt': [Fn, Arn] }, TopicArn: { Ref: Topic } } }`,
      [{ kind: 'other', id: 'S', type: 'SNS', topic: 'arn:aws:sns:us-east-1:123456789012:orders' }]],
    ["another function's mapping, an sqs subscription, a rule targeting a queue: none of its triggers",
      `\n  M: { Type: AWS::Lambda::EventSourceMapping, Properties: { EventSourceArn: { 'Fn::GetAtt': [Queue, Arn] }, FunctionName: { Ref: Other } } }` +
      `\n  S: { Type: AWS::SNS::Subscription, Properties: { Protocol: sqs, Endpoint: { 'Fn::GetAtt': [Queue, Arn] }, TopicArn: { Ref: Topic } } }` +
      `\n  R: { Type: AWS::Events::Rule, Properties: { ScheduleExpression: 'rate(1 day)', Targets: [{ Arn: { 'Fn::GetAtt': [Queue, Arn] }, Id: T0 }] } }`,
      []],
  ])('%s', (_name, resources, expected) => {
    expect(events(resources)).toEqual(expected);
  });
});
