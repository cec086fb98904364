import { describe, expect, it } from 'vitest';
import { readSamTemplate } from '../../src/core/model/sam/read.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });

describe('SAM template reader: what a trigger decides about the event a function gets', () => {
  it("reads an EventBridge target's Input, a schedule's Name (and ScheduleV2's GroupName) and a rule's pattern, which decide the event the function gets", () => {
    const { project, diagnostics } = read(`Resources:
  Jobs: { Type: AWS::Scheduler::ScheduleGroup, Properties: { Name: nightly-jobs } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      Events:
        S: { Type: Schedule, Properties: { Schedule: rate(1 hour), Name: nightly, Input: '{"job": "nightly"}' } }
        V2: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 hour), Input: '{"job": "v2"}' } }
        V2Named: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 day), Name: nightly, GroupName: jobs } }
        V2Group: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 day), GroupName: !Ref Jobs } }
        V2Omitted: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 day), OmitName: true } }
        E: { Type: EventBridgeRule, Properties: { Pattern: { source: [my.app], detail-type: [OrderPlaced] }, RuleName: orders } }
        Other: { Type: EventBridgeRule, Properties: { Pattern: { source: [my.app], account: ['444455556666'] }, EventBusName: 'arn:aws:events:ap-south-1:111122223333:event-bus/shared' } }
        Named: { Type: CloudWatchEvent, Properties: { Pattern: { source: [my.app] }, EventBusName: orders } }
        Bad: { Type: Schedule, Properties: { Schedule: rate(1 hour), Input: 'not json' } }
`);
    expect(project?.functions[0]?.events).toEqual([
      { kind: 'schedule', id: 'S', schedule: 'rate(1 hour)', rule: 'nightly', input: '{"job": "nightly"}' },
      // SAM names the schedule after the event's logical id (scheduler.py), the function's id and the event's.
      { kind: 'schedule', id: 'V2', schedule: 'rate(1 hour)', rule: 'FnV2', scheduler: {}, input: '{"job": "v2"}' },
      { kind: 'schedule', id: 'V2Named', schedule: 'rate(1 day)', rule: 'nightly', scheduler: { group: 'jobs' } },
      { kind: 'schedule', id: 'V2Group', schedule: 'rate(1 day)', rule: 'FnV2Group', scheduler: { group: 'nightly-jobs' } },
      { kind: 'schedule', id: 'V2Omitted', schedule: 'rate(1 day)', scheduler: {} },
      { kind: 'other', id: 'E', type: 'EventBridgeRule', pattern: { source: 'my.app', detailType: 'OrderPlaced' } },
      // A bus given by ARN has its region and account; one given by name is the stack's own.
      { kind: 'other', id: 'Other', type: 'EventBridgeRule', pattern: { source: 'my.app', account: '444455556666' }, bus: { region: 'ap-south-1', accountId: '111122223333' } },
      { kind: 'other', id: 'Named', type: 'CloudWatchEvent', pattern: { source: 'my.app' } },
      { kind: 'schedule', id: 'Bad', schedule: 'rate(1 hour)', input: 'not json' },
    ]);
    expect(diagnostics).toEqual([{ severity: 'warning', file: 'template.yaml', path: 'Resources.Fn.Properties.Events.Bad.Properties.Input', message: 'is not valid JSON: EventBridge refuses it when the rule is created' }]);
  });

  it('reads what a stream or topic trigger reads: the table and its stream, the Kinesis stream, the topic', () => {
    const { project, diagnostics } = read(`Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: things
      KeySchema: [{ AttributeName: pk, KeyType: HASH }, { AttributeName: sk, KeyType: RANGE }]
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }, { AttributeName: sk, AttributeType: N }]
      StreamSpecification: { StreamViewType: KEYS_ONLY }
  S: { Type: AWS::Kinesis::Stream, Properties: { Name: shop-stream, ShardCount: 1 } }
  Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: orders-topic } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.b
      Runtime: python3.12
      Events:
        D: { Type: DynamoDB, Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST } }
        K: { Type: Kinesis, Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST } }
        N: { Type: SNS, Properties: { Topic: !Ref Topic } }
`);
    expect(diagnostics).toEqual([]);
    expect(project?.functions[0]?.events).toEqual([
      { kind: 'other', id: 'D', type: 'DynamoDB', stream: { service: 'dynamodb', table: { name: 'things', keys: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }], viewType: 'KEYS_ONLY' } }, mapping: { startingPosition: 'LATEST' } },
      { kind: 'other', id: 'K', type: 'Kinesis', stream: { service: 'kinesis', stream: 'shop-stream' }, mapping: { startingPosition: 'LATEST' } },
      { kind: 'other', id: 'N', type: 'SNS', topic: 'arn:aws:sns:us-east-1:123456789012:orders-topic' },
    ]);
  });
});
