import { describe, expect, it } from 'vitest';
import { resolveIntrinsics, type CfnContext, type CfnResource } from '../../src/core/model/cfn/intrinsics.js';
import { streamSource, type StreamLookup } from '../../src/core/model/cfn/stream-sources.js';
import type { StreamSource } from '../../src/core/model/event-sources.js';

const resources: Record<string, CfnResource> = {
  Things: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: { 'Fn::Sub': '${AWS::StackName}-things' },
      // The sort key listed first: Keys still lead with the partition key.
      KeySchema: [{ AttributeName: 'sk', KeyType: 'RANGE' }, { AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }, { AttributeName: 'gsi', AttributeType: 'S' }],
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    },
  },
  Plain: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }], StreamSpecification: { StreamViewType: 'NEW_IMAGE' } } },
  Untyped: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], StreamSpecification: { StreamViewType: { Ref: 'View' } } } },
  Clicks: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'clicks', ShardCount: 1 } },
  Unnamed: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 1 } },
  Fanout: { Type: 'AWS::Kinesis::StreamConsumer', Properties: { ConsumerName: 'c', StreamARN: { 'Fn::GetAtt': ['Clicks', 'Arn'] } } },
};
const ctx: CfnContext = { parameters: { View: 'NEW_IMAGE' }, conditions: {}, mappings: {}, resources, region: 'eu-west-1', accountId: '123456789012', stackName: 'shop' };
const sam: StreamLookup = { resources, resolve: (value) => resolveIntrinsics(value, ctx) };

describe('streamSource: what a stream trigger reads', () => {
  it.each<[string, unknown, StreamSource['service'] | undefined, StreamSource | undefined]>([
    ['a table\'s StreamArn: its name, keys (partition key first) and view type', { 'Fn::GetAtt': ['Things', 'StreamArn'] }, 'dynamodb',
      { service: 'dynamodb', table: { name: 'shop-things', keys: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }], viewType: 'KEYS_ONLY' } }],
    ['the dotted form, a binary key, the logical id as the name', { 'Fn::GetAtt': 'Plain.StreamArn' }, 'dynamodb',
      { service: 'dynamodb', table: { name: 'Plain', keys: [{ name: 'id', type: 'B' }], viewType: 'NEW_IMAGE' } }],
    ['a key without its AttributeDefinitions: no keys; a view type from a parameter', { 'Fn::GetAtt': ['Untyped', 'StreamArn'] }, 'dynamodb',
      { service: 'dynamodb', table: { name: 'Untyped', viewType: 'NEW_IMAGE' } }],
    // The ARN as written too: its records' eventSourceARN (a GetAtt's is known only once deployed).
    ['a table stream ARN of a template table', 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-things/stream/2024-01-01T00:00:00.000', 'dynamodb',
      { service: 'dynamodb', arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop-things/stream/2024-01-01T00:00:00.000', table: { name: 'shop-things', keys: [{ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }], viewType: 'KEYS_ONLY' } }],
    ['a table stream ARN of another table', 'arn:aws:dynamodb:eu-west-1:111122223333:table/other/stream/2024-01-01T00:00:00.000', undefined,
      { service: 'dynamodb', arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/other/stream/2024-01-01T00:00:00.000', table: { name: 'other' } }],
    // DynamoDB table names are 3 to 255 characters (core/model/dynamodb-stream-arn.ts): no table's stream, the trigger's type only.
    ['a stream ARN of a table name DynamoDB refuses', 'arn:aws:dynamodb:eu-west-1:111122223333:table/ab/stream/2024-01-01T00:00:00.000', 'dynamodb', { service: 'dynamodb' }],
    ['a table\'s ARN, not its stream\'s', 'arn:aws:dynamodb:eu-west-1:111122223333:table/other', undefined, undefined],
    ['a Kinesis stream of the template', { 'Fn::GetAtt': ['Clicks', 'Arn'] }, 'kinesis', { service: 'kinesis', stream: 'clicks' }],
    ['a Kinesis stream without a Name: its logical id', { 'Fn::GetAtt': ['Unnamed', 'Arn'] }, 'kinesis', { service: 'kinesis', stream: 'Unnamed' }],
    ['an enhanced fan-out consumer: its stream', { 'Fn::GetAtt': ['Fanout', 'ConsumerARN'] }, 'kinesis', { service: 'kinesis', stream: 'clicks' }],
    ['a Kinesis stream ARN', 'arn:aws:kinesis:us-west-2:111122223333:stream/orders', undefined, { service: 'kinesis', stream: 'arn:aws:kinesis:us-west-2:111122223333:stream/orders' }],
    ['a consumer ARN: the stream\'s', 'arn:aws:kinesis:us-west-2:111122223333:stream/orders/consumer/c:1700000000', undefined, { service: 'kinesis', stream: 'arn:aws:kinesis:us-west-2:111122223333:stream/orders' }],
    ['an import: only the trigger\'s type', { 'Fn::ImportValue': 'shared-stream' }, 'kinesis', { service: 'kinesis' }],
    ['nothing known', { 'Fn::ImportValue': 'shared-stream' }, undefined, undefined],
  ])('%s', (_name, raw, service, expected) => {
    expect(streamSource(raw, service, sam)).toEqual(expected);
  });
});
