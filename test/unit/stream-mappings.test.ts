import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passesFilters } from '../../src/core/local-aws/event-filter.js';
import { afterBatch, batchDue, expiredAtHead, type BatchVerdict, type PolledRecord } from '../../src/core/local-aws/stream-checkpoints.js';
import { laneOf, orderingKey } from '../../src/core/local-aws/stream-lanes.js';
import { streamMappings, type StreamMapping } from '../../src/core/local-aws/stream-mappings.js';
import { filterView, polled, streamBatchEvent, type StreamRecord } from '../../src/core/local-aws/stream-records.js';
import type { Project } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { FIXTURES } from '../helpers.js';
import { keyPaths } from '../keyset.js';
import { read as readServerless } from './serverless-helpers.js';

const HELD = { streams: new Set(['Clicks']), tables: new Set(['Orders']) };
const DEFAULTS = {
  startingPosition: 'LATEST', batchSize: 100, batchWindowMs: 0, maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1,
  bisectBatchOnFunctionError: false, reportBatchItemFailures: false, parallelizationFactor: 1, tumblingWindowSeconds: 0, filters: [],
};

const sam = (events: string, extra = '') => readSamTemplate(`Transform: AWS::Serverless-2016-10-31
Resources:
  Clicks: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
${events}
${extra}`, { file: 'template.yaml' }).project!;

describe('the stream triggers dev polls, as each reader finds them', () => {
  it('SAM Kinesis and DynamoDB events, with their settings or Lambda\'s defaults', () => {
    const project = sam(`        K:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Clicks.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 5
            MaximumBatchingWindowInSeconds: 2
            MaximumRetryAttempts: 3
            MaximumRecordAgeInSeconds: 120
            BisectBatchOnFunctionError: true
            ParallelizationFactor: 4
            TumblingWindowInSeconds: 60
            FunctionResponseTypes: [ReportBatchItemFailures]
            FilterCriteria: { Filters: [{ Pattern: '{"data": {"kind": ["click"]}}' }] }
            DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn } }
        D:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: SNS, Destination: !Ref Alarms } } }`, `  Failed: { Type: AWS::SQS::Queue }
  Alarms: { Type: AWS::SNS::Topic }
`);
    expect(streamMappings(project, HELD)).toEqual({
      mappings: [
        {
          functionId: 'Fn', sourceId: 'K', service: 'kinesis', name: 'Clicks', startingPosition: 'TRIM_HORIZON', batchSize: 5, batchWindowMs: 2000,
          maximumRetryAttempts: 3, maximumRecordAgeSeconds: 120, bisectBatchOnFunctionError: true, reportBatchItemFailures: true, parallelizationFactor: 4, tumblingWindowSeconds: 60, filters: [{ data: { kind: ['click'] } }],
          onFailure: { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:123456789012:Failed', path: 'Resources.Fn.Properties.Events.K.Properties.DestinationConfig.OnFailure.Destination' },
        },
        { ...DEFAULTS, functionId: 'Fn', sourceId: 'D', service: 'dynamodb', name: 'Orders', onFailure: { type: 'sns', arn: 'arn:aws:sns:us-east-1:123456789012:Alarms', path: 'Resources.Fn.Properties.Events.D.Properties.DestinationConfig.OnFailure.Destination' } },
      ],
      unheld: [],
    });
  });

  it('an AWS::Lambda::EventSourceMapping as CDK writes it, on a table\'s StreamArn', () => {
    const project = sam('        Api: { Type: HttpApi }', `  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Orders.StreamArn
      StartingPosition: TRIM_HORIZON
      BatchSize: 20000
      MaximumRetryAttempts: 0
      FilterCriteria: { Filters: [{ Pattern: '{"eventName": ["INSERT"]}' }] }
      DestinationConfig: { OnFailure: { Destination: arn:aws:sqs:us-east-1:123456789012:failed-orders } }
`);
    expect(streamMappings(project, HELD).mappings).toEqual([
      // BatchSize past Lambda's 10000 is taken as 10000.
      {
        ...DEFAULTS, functionId: 'Fn', sourceId: 'Mapping', service: 'dynamodb', name: 'Orders', startingPosition: 'TRIM_HORIZON', batchSize: 10000, maximumRetryAttempts: 0, filters: [{ eventName: ['INSERT'] }],
        // No Type: the ARN's service says what the destination is.
        onFailure: { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:123456789012:failed-orders', path: 'Resources.Mapping.Properties.DestinationConfig.OnFailure.Destination' },
      },
    ]);
  });

  it('serverless.yml stream events: the Framework\'s defaults (TRIM_HORIZON, 10 records), its names for the settings', () => {
    const yml = `service: s
provider: { name: aws, runtime: python3.12 }
functions:
  worker:
    handler: app.handler
    events:
      - stream: { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', destinations: { onFailure: 'arn:aws:sns:us-east-1:123456789012:alarms' } }
      - stream:
          type: dynamodb
          arn: { 'Fn::GetAtt': [Orders, StreamArn] }
          startingPosition: LATEST
          batchSize: 3
          batchWindow: 1
          maximumRetryAttempts: 2
          bisectBatchOnFunctionError: true
          parallelizationFactor: 20
          tumblingWindowInSeconds: 1000
          functionResponseType: ReportBatchItemFailures
          filterPatterns: [{ eventName: [INSERT] }]
          destinations: { onFailure: { arn: 'arn:aws:sqs:us-east-1:123456789012:failed', type: sqs } }
      - stream: { arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', enabled: false }
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        StreamSpecification: { StreamViewType: NEW_IMAGE }
`;
    const { project } = readServerless(yml);
    expect(streamMappings(project!, HELD).mappings).toEqual([
      { ...DEFAULTS, functionId: 'worker', sourceId: 'stream-1', service: 'kinesis', name: 'Clicks', startingPosition: 'TRIM_HORIZON', batchSize: 10, onFailure: { type: 'sns', arn: 'arn:aws:sns:us-east-1:123456789012:alarms', path: 'functions.worker.events[0].stream.destinations.onFailure' } },
      {
        ...DEFAULTS, functionId: 'worker', sourceId: 'stream-2', service: 'dynamodb', name: 'Orders', batchSize: 3, batchWindowMs: 1000, maximumRetryAttempts: 2,
        // ParallelizationFactor past Lambda's 10 is taken as 10, a tumbling window past 900 s as 900 s.
        bisectBatchOnFunctionError: true, reportBatchItemFailures: true, parallelizationFactor: 10, tumblingWindowSeconds: 900, filters: [{ eventName: ['INSERT'] }], onFailure: { type: 'sqs', arn: 'arn:aws:sqs:us-east-1:123456789012:failed', path: 'functions.worker.events[1].stream.destinations.onFailure.arn' },
      },
    ]);
  });

  it('leaves out a stream the endpoint does not hold, and says which', () => {
    const project = { functions: [{ id: 'Fn', events: [{ kind: 'other', id: 'K', type: 'Kinesis', stream: { service: 'kinesis', stream: 'arn:aws:kinesis:us-east-1:123456789012:stream/elsewhere' } }, { kind: 'other', id: 'U', type: 'Kinesis', stream: { service: 'kinesis' } }] }] } as unknown as Project;
    expect(streamMappings(project, HELD)).toEqual({ mappings: [], unheld: [{ functionId: 'Fn', sourceId: 'K', service: 'kinesis', name: 'elsewhere' }] });
  });
});

const rules = { reportBatchItemFailures: false, bisectBatchOnFunctionError: false, maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1 };
const NOW = 1_800_000_000_000;
const batch: PolledRecord[] = ['11', '12', '13', '14'].map((sequenceNumber) => ({ sequenceNumber, arrivalMs: NOW - 1000 }));
const ok = (payload = 'null') => ({ functionError: false, payload });
const error = { functionError: true, payload: '{"errorType": "ValueError"}' };

describe('what a stream trigger checkpoints and retries after a batch', () => {
  it.each<[string, Partial<StreamMapping>, { functionError: boolean; payload: string }, number, BatchVerdict]>([
    ['a success: every record', {}, ok(), 0, { processed: 4, skipped: 0 }],
    ['a success, failures named without ReportBatchItemFailures: every record', {}, ok('{"batchItemFailures": [{"itemIdentifier": "12"}]}'), 0, { processed: 4, skipped: 0 }],
    ['a function error: the whole batch again', {}, error, 0, { processed: 0, skipped: 0, retry: { size: 4, attempt: 1 } }],
    ['a function error, retried before: the next retry', {}, error, 4, { processed: 0, skipped: 0, retry: { size: 4, attempt: 5 } }],
    ['a function error past MaximumRetryAttempts: skipped', { maximumRetryAttempts: 2 }, error, 2, { processed: 0, skipped: 4, skippedFor: 'retries', invocations: 3 }],
    ['MaximumRetryAttempts 0: skipped at once', { maximumRetryAttempts: 0 }, error, 0, { processed: 0, skipped: 4, skippedFor: 'retries', invocations: 1 }],
    ['a record named failed past MaximumRetryAttempts: what follows the checkpoint skipped, given once', { maximumRetryAttempts: 0, reportBatchItemFailures: true }, ok('{"batchItemFailures": [{"itemIdentifier": "13"}]}'), 5, { processed: 2, skipped: 2, skippedFor: 'retries', invocations: 1 }],
    ['a record older than MaximumRecordAgeInSeconds: skipped', { maximumRecordAgeSeconds: 0 }, error, 3, { processed: 0, skipped: 4, skippedFor: 'age', invocations: 4 }],
    ['BisectBatchOnFunctionError: the first half again', { bisectBatchOnFunctionError: true }, error, 0, { processed: 0, skipped: 0, retry: { size: 2, attempt: 1 } }],
    ['failures named: checkpointed before the lowest, the rest again', { reportBatchItemFailures: true }, ok('{"batchItemFailures": [{"itemIdentifier": "14"}, {"itemIdentifier": "12"}]}'), 3, { processed: 1, skipped: 0, retry: { size: 3, attempt: 1 } }],
    ['failures named with BisectBatchOnFunctionError: split at the record, not halved', { reportBatchItemFailures: true, bisectBatchOnFunctionError: true }, ok('{"batchItemFailures": [{"itemIdentifier": "12"}]}'), 0, { processed: 1, skipped: 0, retry: { size: 3, attempt: 1 } }],
    ['the first record named, retried before: the next retry', { reportBatchItemFailures: true }, ok('{"batchItemFailures": [{"itemIdentifier": "11"}]}'), 1, { processed: 0, skipped: 0, retry: { size: 4, attempt: 2 } }],
    ['an empty list of failures: every record', { reportBatchItemFailures: true }, ok('{"batchItemFailures": []}'), 0, { processed: 4, skipped: 0 }],
    ['an empty answer: every record', { reportBatchItemFailures: true }, ok('{}'), 0, { processed: 4, skipped: 0 }],
    ['a sequence number not in the batch: the whole batch failed', { reportBatchItemFailures: true }, ok('{"batchItemFailures": [{"itemIdentifier": "99"}]}'), 0, { processed: 0, skipped: 0, retry: { size: 4, attempt: 1 } }],
    ['an empty item identifier: the whole batch failed, halved with bisection', { reportBatchItemFailures: true, bisectBatchOnFunctionError: true }, ok('{"batchItemFailures": [{"itemIdentifier": ""}]}'), 0, { processed: 0, skipped: 0, retry: { size: 2, attempt: 1 } }],
    ['an answer that is not JSON: the whole batch failed', { reportBatchItemFailures: true }, ok('done'), 0, { processed: 0, skipped: 0, retry: { size: 4, attempt: 1 } }],
  ])('%s', (_what, mapping, outcome, retries, expected) => {
    expect(afterBatch({ ...rules, ...mapping }, batch, outcome, retries, NOW)).toEqual(expected);
  });

  it('skips records older than MaximumRecordAgeInSeconds before delivering them', () => {
    const records = [{ sequenceNumber: '1', arrivalMs: NOW - 120_000 }, { sequenceNumber: '2', arrivalMs: NOW - 61_000 }, { sequenceNumber: '3', arrivalMs: NOW - 1000 }];
    expect(expiredAtHead({ maximumRecordAgeSeconds: 60 }, records, NOW)).toBe(2);
    expect(expiredAtHead({ maximumRecordAgeSeconds: -1 }, records, NOW)).toBe(0);
  });

  it.each<[string, number, number, number, ReturnType<typeof batchDue>]>([
    ['nothing read', 0, 0, NOW, { due: false }],
    ['BatchSize records: at once', 10, 0, NOW, { due: true }],
    ['fewer, no window: at once', 1, 0, NOW, { due: true }],
    ['fewer, within the window: the rest of it', 1, 2000, NOW - 500, { due: false, waitMs: 1500 }],
    ['fewer, the window over', 1, 2000, NOW - 2000, { due: true }],
  ])('a batch is due: %s', (_what, buffered, windowMs, firstReadMs, expected) => {
    expect(batchDue({ batchSize: 10, batchWindowMs: windowMs }, buffered, firstReadMs, NOW)).toEqual(expected);
  });
});

describe('event filtering (FilterCriteria)', () => {
  const record = { eventName: 'INSERT', dynamodb: { NewImage: { status: { S: 'open' }, total: { N: '12' } }, Keys: { id: { S: 'a-1' } } }, tags: ['x', 'y'], gone: null };
  it.each<[string, unknown[], boolean]>([
    ['no filters', [], true],
    ['an equal value', [{ eventName: ['INSERT'] }], true],
    ['another value', [{ eventName: ['REMOVE'] }], false],
    ['one of several filters', [{ eventName: ['REMOVE'] }, { eventName: ['INSERT'] }], true],
    ['nested fields, all of them', [{ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['open'] } } } }], true],
    ['nested fields, one not matching', [{ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['closed'] } } } }], false],
    ['a prefix', [{ dynamodb: { Keys: { id: { S: [{ prefix: 'a-' }] } } } }], true],
    ['a suffix', [{ dynamodb: { Keys: { id: { S: [{ suffix: '-2' }] } } } }], false],
    ['equals-ignore-case', [{ eventName: [{ 'equals-ignore-case': 'insert' }] }], true],
    ['anything-but', [{ eventName: [{ 'anything-but': ['REMOVE', 'MODIFY'] }] }], true],
    ['anything-but the value', [{ eventName: [{ 'anything-but': 'INSERT' }] }], false],
    ['a field that exists', [{ dynamodb: { NewImage: { status: [{ exists: true }] } } }], true],
    ['a field that does not exist', [{ dynamodb: { NewImage: { missing: [{ exists: false }] } } }], true],
    ['a field that must exist but does not', [{ dynamodb: { NewImage: { missing: [{ exists: true }] } } }], false],
    ['null', [{ gone: [null] }], true],
    ['a list field: any item', [{ tags: ['y'] }], true],
    ['$or', [{ $or: [{ eventName: ['REMOVE'] }, { tags: ['x'] }] }], true],
  ])('%s', (_what, filters, expected) => {
    expect(passesFilters(filters, record)).toBe(expected);
  });
  it('numeric ranges', () => {
    const pattern = (numeric: unknown[]) => [{ total: [{ numeric }] }];
    expect(passesFilters(pattern(['>', 10, '<=', 12]), { total: 12 })).toBe(true);
    expect(passesFilters(pattern(['>', 12]), { total: 12 })).toBe(false);
    expect(passesFilters(pattern(['=', 12]), { total: '12' })).toBe(false);
  });
});

const sample = (name: string) => JSON.parse(readFileSync(`${FIXTURES}events/powertools-lambda-python/${name}`, 'utf8'));
const from = { streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', shardId: 'shardId-000000000000', region: 'us-east-1', accountId: '123456789012' };
const kinesis: StreamRecord = { service: 'kinesis', record: { SequenceNumber: '4959', ApproximateArrivalTimestamp: 1800000000.5, Data: Buffer.from('{"kind": "click"}').toString('base64'), PartitionKey: 'p' } };
const dynamodb: StreamRecord = {
  service: 'dynamodb',
  record: { eventID: 'e1', eventName: 'MODIFY', dynamodb: { ApproximateCreationDateTime: 1800000000.25, Keys: { id: { S: 'a' } }, NewImage: { id: { S: 'a' } }, OldImage: { id: { S: 'a' } }, SequenceNumber: '111', SizeBytes: 26, StreamViewType: 'NEW_AND_OLD_IMAGES' } },
};

describe('the event of a stream batch', () => {
  it('a Kinesis record as Lambda sends it', () => {
    expect(streamBatchEvent([kinesis], from).Records[0]).toEqual({
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'p', sequenceNumber: '4959', data: 'eyJraW5kIjogImNsaWNrIn0=', approximateArrivalTimestamp: 1800000000.5 },
      eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: 'shardId-000000000000:4959', eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role', awsRegion: 'us-east-1', eventSourceARN: from.streamArn,
    });
    expect(polled(kinesis)).toEqual({ sequenceNumber: '4959', arrivalMs: 1800000000500 });
  });

  it('a DynamoDB record has the keys of the real sample', () => {
    const event = streamBatchEvent([dynamodb], { ...from, streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-11-28T10:01:13.630' });
    const opaque = ['Records[].dynamodb.Keys', 'Records[].dynamodb.NewImage', 'Records[].dynamodb.OldImage'];
    expect(keyPaths({ Records: [event.Records[0]] }, opaque)).toEqual(keyPaths(sample('dynamoStreamEvent.json'), opaque));
    expect(event.Records[0]).toMatchObject({ dynamodb: { ApproximateCreationDateTime: 1800000000 } });
  });

  it('a DynamoDB record as Lambda sends it: the sample\'s order of keys, whatever the order GetRecords gave', () => {
    const arn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-11-28T10:01:13.630';
    const d = dynamodb.service === 'dynamodb' ? dynamodb.record.dynamodb : undefined;
    const shuffled: StreamRecord = { service: 'dynamodb', record: { dynamodb: { StreamViewType: 'NEW_AND_OLD_IMAGES', SizeBytes: 26, SequenceNumber: '111', OldImage: d!.OldImage!, NewImage: d!.NewImage!, Keys: d!.Keys, ApproximateCreationDateTime: 1800000000.25 }, eventName: 'MODIFY', eventID: 'e1' } };
    expect(JSON.stringify(streamBatchEvent([shuffled], { ...from, streamArn: arn }).Records[0])).toBe(JSON.stringify({
      eventID: 'e1', eventVersion: '1.1',
      dynamodb: { ApproximateCreationDateTime: 1800000000, Keys: d!.Keys, NewImage: d!.NewImage, OldImage: d!.OldImage, StreamViewType: 'NEW_AND_OLD_IMAGES', SequenceNumber: '111', SizeBytes: 26 },
      awsRegion: 'us-east-1', eventName: 'MODIFY', eventSourceARN: arn, eventSource: 'aws:dynamodb',
    }));
  });

  it('filters see a Kinesis record\'s data as JSON, and a DynamoDB record whole', () => {
    expect(filterView(kinesis, from)).toEqual({ data: { kind: 'click' } });
    expect(filterView({ service: 'kinesis', record: { ...kinesis.record, Data: Buffer.from('not json').toString('base64') } }, from)).toEqual({});
    expect(filterView(dynamodb, from)).toMatchObject({ eventName: 'MODIFY', dynamodb: { Keys: { id: { S: 'a' } } } });
  });
});

describe('the lanes a ParallelizationFactor splits a shard into', () => {
  const kinesis = (PartitionKey: string): StreamRecord => ({ service: 'kinesis', record: { SequenceNumber: '1', ApproximateArrivalTimestamp: 0, Data: '', PartitionKey } });
  const dynamodb = (Keys: Record<string, unknown>): StreamRecord => ({
    service: 'dynamodb',
    record: { eventID: '1', eventName: 'INSERT', dynamodb: { ApproximateCreationDateTime: 0, Keys, SequenceNumber: '1', SizeBytes: 1, StreamViewType: 'KEYS_ONLY' } },
  });

  it.each<[string, StreamRecord, string]>([
    ['a Kinesis record: its partition key', kinesis('user-1'), 'user-1'],
    ['a DynamoDB record: its item\'s keys, whatever their order', dynamodb({ sk: { S: 'b' }, pk: { S: 'a' } }), '[["pk",{"S":"a"}],["sk",{"S":"b"}]]'],
  ])('orders %s', (_what, record, key) => {
    expect(orderingKey(record)).toBe(key);
  });

  it('puts one key in one lane, always, and spreads keys over every lane', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    for (const factor of [1, 2, 3, 10]) {
      const lanes = keys.map((key) => laneOf(key, factor));
      expect(keys.map((key) => laneOf(key, factor))).toEqual(lanes);
      expect(new Set(lanes)).toEqual(new Set(Array.from({ length: factor }, (_, i) => i)));
    }
    expect(laneOf('user-1', 1)).toBe(0);
    // FNV-1a of "a" is 0xe40c292c: the lane is that modulo the factor.
    expect([laneOf('a', 2), laneOf('a', 10)]).toEqual([0xe40c292c % 2, 0xe40c292c % 10]);
  });
});
