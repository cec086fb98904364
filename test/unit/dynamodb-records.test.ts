import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dynamodbEvent, itemSize, toDynamoJson, type StreamEventName } from '../../src/core/events/sources/storage.js';
import type { GenerateContext } from '../../src/core/events/sources/context.js';
import { FIXTURES } from '../helpers.js';

let n = 0;
const ctx: GenerateContext = { nowMs: Date.UTC(2024, 0, 31, 12, 0, 0), newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, region: 'eu-west-1', accountId: '123456789012' };

/** SAM CLI's template of `sam local generate-event dynamodb update` (test/fixtures/events/README.md). */
const SAM_UPDATE = JSON.parse(readFileSync(`${FIXTURES}events/aws-sam-cli/DynamoDBUpdate.json`, 'utf8')) as { Records: Array<Record<string, unknown> & { dynamodb: Record<string, unknown> }> };

describe('dynamodb: a record of each change of the item, in turn', () => {
  it('INSERT,MODIFY,REMOVE are SAM CLI\'s dynamodb update records: the same item, images and sizes, in order', () => {
    const { Records } = dynamodbEvent(ctx, { eventName: ['INSERT', 'MODIFY', 'REMOVE'], table: 'ExampleTableWithStream' });
    // What SAM CLI's template fixes that a real stream makes afresh: ids, sequence numbers, times, the stream's label.
    const fresh = ['eventID', 'ApproximateCreationDateTime', 'SequenceNumber', 'eventSourceARN', 'awsRegion'];
    const same = (record: Record<string, unknown>): unknown => JSON.parse(JSON.stringify(record, (k, v: unknown) => (fresh.includes(k) ? undefined : v)));
    expect(Records.map(same)).toEqual(SAM_UPDATE.Records.map(same));
    expect(Records.map((r) => r.eventSourceARN)).toEqual(Array(3).fill('arn:aws:dynamodb:eu-west-1:123456789012:table/ExampleTableWithStream/stream/2024-01-31T12:00:00.000'));
    expect(Records.map((r) => r.dynamodb.SequenceNumber)).toEqual(['1706702400000', '1706702400001', '1706702400002']);
    expect(new Set(Records.map((r) => r.eventID)).size).toBe(3);
    // In the order of the Lambda guide's and powertools' sample (SAM CLI's template has another).
    expect(Records.map((r) => [Object.keys(r), Object.keys(r.dynamodb)])).toEqual([
      [['eventID', 'eventVersion', 'dynamodb', 'awsRegion', 'eventName', 'eventSourceARN', 'eventSource'], ['ApproximateCreationDateTime', 'Keys', 'NewImage', 'StreamViewType', 'SequenceNumber', 'SizeBytes']],
      [['eventID', 'eventVersion', 'dynamodb', 'awsRegion', 'eventName', 'eventSourceARN', 'eventSource'], ['ApproximateCreationDateTime', 'Keys', 'NewImage', 'OldImage', 'StreamViewType', 'SequenceNumber', 'SizeBytes']],
      [['eventID', 'eventVersion', 'dynamodb', 'awsRegion', 'eventName', 'eventSourceARN', 'eventSource'], ['ApproximateCreationDateTime', 'Keys', 'OldImage', 'StreamViewType', 'SequenceNumber', 'SizeBytes']],
    ]);
  });

  it.each<[StreamEventName[], string[][]]>([
    [['MODIFY'], [['New item!', 'This item has changed']]],
    [['REMOVE'], [['New item!', '-']]],
    [['INSERT', 'REMOVE', 'INSERT'], [['-', 'New item!'], ['New item!', '-'], ['-', 'This item has changed']]],
    [['MODIFY', 'MODIFY'], [['New item!', 'This item has changed'], ['This item has changed', 'This item has changed (2)']]],
  ])('%j: each record\'s [OldImage, NewImage] Message', (eventName, messages) => {
    const message = (image: unknown): string => ((image as { Message?: { S: string } } | undefined)?.Message?.S ?? '-');
    expect(dynamodbEvent(ctx, { eventName }).Records.map((r) => [message(r.dynamodb.OldImage), message(r.dynamodb.NewImage)])).toEqual(messages);
  });

  it.each<[StreamEventName[], string]>([
    [['INSERT', 'INSERT'], 'an INSERT cannot follow INSERT: the item is there, and its change is a MODIFY'],
    [['REMOVE', 'MODIFY'], 'a MODIFY cannot follow REMOVE: the item is gone until an INSERT'],
    [['REMOVE', 'REMOVE'], 'a REMOVE cannot follow REMOVE: the item is gone until an INSERT'],
    [[], 'a DynamoDB stream event has at least one record'],
  ])('refuses %j', (eventName, message) => {
    expect(() => dynamodbEvent(ctx, { eventName })).toThrow(message);
  });

  it('refuses an image given for several records', () => {
    expect(() => dynamodbEvent(ctx, { eventName: ['INSERT', 'MODIFY'], newImage: { a: 1 } })).toThrow('an item\'s image is one record\'s: with INSERT, MODIFY, each record has the item as that change left it');
  });
});

describe('dynamodb: the stream named by its ARN', () => {
  it('has the records\' table, region and account, and is their eventSourceARN as written', () => {
    const arn = 'arn:aws:dynamodb:ap-south-1:111122223333:table/orders/stream/2024-05-01T10:00:00.123';
    const record = dynamodbEvent(ctx, { streamArn: arn, table: 'orders' }).Records[0]!;
    expect([record.eventSourceARN, record.awsRegion]).toEqual([arn, 'ap-south-1']);
  });

  it.each<[{ streamArn: string; table?: string }, string]>([
    [{ streamArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders' }, '--stream for dynamodb is a table\'s stream ARN, like arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/2024-01-01T00:00:00.000, not \'arn:aws:dynamodb:us-east-1:111122223333:table/orders\''],
    [{ streamArn: 'arn:aws:kinesis:us-east-1:111122223333:stream/orders' }, '--stream for dynamodb is a table\'s stream ARN'],
    [{ streamArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024-01-01T00:00:00.000', table: 'other' }, '--table other is not the table of --stream, orders: give one'],
  ])('refuses %j', (options, message) => {
    expect(() => dynamodbEvent(ctx, options)).toThrow(message);
  });
});

describe('itemSize: the bytes DynamoDB counts', () => {
  it.each<[Record<string, unknown>, number]>([
    // The Lambda guide's and SAM CLI's records: Keys 5, NewImage 21 (INSERT's SizeBytes 26).
    [{ Id: 101 }, 5],
    [{ Message: 'New item!', Id: 101 }, 21],
    [{ Message: 'This item has changed', Id: 101 }, 33],
    [{ n: 0 }, 1 + 2],
    [{ n: -12345.600 }, 1 + 4],
    [{ é: 'ü' }, 4],
    [{ flag: true, none: null }, 4 + 1 + 4 + 1],
    [{ l: [1, 'ab'] }, 1 + 3 + (1 + 2) + (1 + 2)],
    [{ m: { k: 'v' } }, 1 + 3 + 1 + 1 + 1],
  ])('%j: %d', (item, bytes) => {
    expect(itemSize(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toDynamoJson(v)])))).toBe(bytes);
  });
});
