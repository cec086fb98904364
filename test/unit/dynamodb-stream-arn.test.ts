import { describe, expect, it } from 'vitest';
import { tableStreamArn, type TableStreamArn } from '../../src/core/model/dynamodb-stream-arn.js';

describe('tableStreamArn: what a DynamoDB stream ARN is, for the readers\' triggers and events generate\'s --stream', () => {
  it.each<[string, string, TableStreamArn | undefined]>([
    ['the Lambda guide\'s', 'arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899',
      { partition: 'aws', region: 'us-east-1', accountId: '123456789012', table: 'ExampleTableWithStream', label: '2015-06-27T00:48:05.899' }],
    ['China', 'arn:aws-cn:dynamodb:cn-north-1:111122223333:table/orders/stream/2024-01-01T00:00:00.000',
      { partition: 'aws-cn', region: 'cn-north-1', accountId: '111122223333', table: 'orders', label: '2024-01-01T00:00:00.000' }],
    ['GovCloud', 'arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/orders/stream/2024-01-01T00:00:00.000',
      { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '111122223333', table: 'orders', label: '2024-01-01T00:00:00.000' }],
    ['a table name with . - and _', 'arn:aws:dynamodb:eu-west-1:123456789012:table/shop.v2-orders_eu/stream/2024-01-01T00:00:00.000',
      { partition: 'aws', region: 'eu-west-1', accountId: '123456789012', table: 'shop.v2-orders_eu', label: '2024-01-01T00:00:00.000' }],
    ['a table name of 3 characters', 'arn:aws:dynamodb:eu-west-1:123456789012:table/abc/stream/2024-01-01T00:00:00.000',
      { partition: 'aws', region: 'eu-west-1', accountId: '123456789012', table: 'abc', label: '2024-01-01T00:00:00.000' }],
    ['a table name of 255 characters', `arn:aws:dynamodb:eu-west-1:123456789012:table/${'t'.repeat(255)}/stream/2024-01-01T00:00:00.000`,
      { partition: 'aws', region: 'eu-west-1', accountId: '123456789012', table: 't'.repeat(255), label: '2024-01-01T00:00:00.000' }],
    ['moto\'s label, with microseconds', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-28T10:01:13.630512',
      { partition: 'aws', region: 'us-east-1', accountId: '123456789012', table: 'orders', label: '2026-11-28T10:01:13.630512' }],
    ['a label of whole seconds', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-11-28T10:01:13',
      { partition: 'aws', region: 'us-east-1', accountId: '123456789012', table: 'orders', label: '2026-11-28T10:01:13' }],
    ['a table name of 2 characters', 'arn:aws:dynamodb:eu-west-1:123456789012:table/ab/stream/2024-01-01T00:00:00.000', undefined],
    ['a table name of 256 characters', `arn:aws:dynamodb:eu-west-1:123456789012:table/${'t'.repeat(256)}/stream/2024-01-01T00:00:00.000`, undefined],
    ['a table name with a character DynamoDB refuses', 'arn:aws:dynamodb:eu-west-1:123456789012:table/my+table/stream/2024-01-01T00:00:00.000', undefined],
    ['a table\'s ARN, no stream', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders', undefined],
    ['no label', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/', undefined],
    ['a label that is no timestamp', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/latest', undefined],
    ['a label with a time zone', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000Z', undefined],
    ['more after the label', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000/x', undefined],
    ['a Kinesis stream', 'arn:aws:kinesis:us-east-1:123456789012:stream/orders', undefined],
    ['another partition\'s spelling', 'arn:amazon:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000', undefined],
    ['an account of 11 digits', 'arn:aws:dynamodb:us-east-1:12345678901:table/orders/stream/2024-01-01T00:00:00.000', undefined],
    ['no region', 'arn:aws:dynamodb::123456789012:table/orders/stream/2024-01-01T00:00:00.000', undefined],
    ['a table name alone', 'orders', undefined],
  ])('%s', (_name, arn, expected) => {
    expect(tableStreamArn(arn)).toEqual(expected);
  });
});
