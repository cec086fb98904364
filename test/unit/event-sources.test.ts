import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenAuthorizerEvent } from '../../src/core/events/sources/authorizer.js';
import { sqsEvent, snsEvent } from '../../src/core/events/sources/queues.js';
import { eventBridgeEvent, scheduleEvent } from '../../src/core/events/sources/schedule.js';
import { dynamodbEvent, s3Event, toDynamoJson } from '../../src/core/events/sources/storage.js';
import type { GenerateContext } from '../../src/core/events/sources/context.js';
import { FIXTURES } from '../helpers.js';
import { keyPaths } from '../keyset.js';

let n = 0;
const ctx: GenerateContext = { nowMs: Date.UTC(2024, 0, 31, 12, 0, 0), newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, region: 'eu-west-1', accountId: '123456789012' };
const sample = (name: string) => JSON.parse(readFileSync(`${FIXTURES}events/powertools-lambda-python/${name}`, 'utf8'));

describe('generated events have the keys of the real ones', () => {
  it.each<[string, unknown, string, string[]]>([
    ['sqs', sqsEvent(ctx), 'sqsEvent.json', ['Records[].messageAttributes']],
    ['sns', snsEvent(ctx), 'snsEvent.json', ['Records[].Sns.MessageAttributes']],
    ['s3', s3Event(ctx), 's3Event.json', []],
    ['eventbridge', eventBridgeEvent(ctx), 'eventBridgeEvent.json', ['detail']],
    ['dynamodb', dynamodbEvent(ctx, { eventName: 'MODIFY' }), 'dynamoStreamEvent.json', ['Records[].dynamodb.Keys', 'Records[].dynamodb.NewImage', 'Records[].dynamodb.OldImage']],
  ])('%s', (_kind, generated, file, opaque) => {
    // replay-name only appears on replayed EventBridge events.
    const real = keyPaths(sample(file), opaque).filter((k) => k !== 'replay-name');
    expect(keyPaths(generated, opaque)).toEqual(real);
  });
});

describe('event contents', () => {
  it('sqs: the body, its MD5 and the queue ARN', () => {
    const record = sqsEvent(ctx, { body: 'hello', queue: 'orders' }).Records[0]!;
    expect(record).toMatchObject({
      body: 'hello',
      md5OfBody: '5d41402abc4b2a76b9719d911017c592',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders',
      awsRegion: 'eu-west-1',
      attributes: { SentTimestamp: String(ctx.nowMs) },
    });
  });

  it('s3: the key is URL-encoded as S3 sends it', () => {
    expect(s3Event(ctx, { key: 'my docs/résumé.pdf' }).Records[0]!.s3.object.key).toBe('my+docs/r%C3%A9sum%C3%A9.pdf');
  });

  it('schedule: a Scheduled Event from aws.events naming its rule', () => {
    expect(scheduleEvent(ctx, { rule: 'nightly' })).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: '2024-01-31T12:00:00Z',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/nightly'],
      detail: {},
    });
  });

  it.each<[unknown, unknown]>([
    ['x', { S: 'x' }],
    [1.5, { N: '1.5' }],
    [true, { BOOL: true }],
    [null, { NULL: true }],
    [[1, 'a'], { L: [{ N: '1' }, { S: 'a' }] }],
    [{ a: { b: 1 } }, { M: { a: { M: { b: { N: '1' } } } } }],
  ])('dynamodb JSON of %j', (plain, typed) => {
    expect(toDynamoJson(plain)).toEqual(typed);
  });

  it('dynamodb: REMOVE has only the old image', () => {
    const record = dynamodbEvent(ctx, { eventName: 'REMOVE', keys: { id: '9' } }).Records[0]!;
    expect(record.dynamodb.NewImage).toBeUndefined();
    expect(record.dynamodb.OldImage).toEqual({ id: { S: '9' }, message: { S: 'Old item' } });
  });
});

describe('tokenAuthorizerEvent', () => {
  it('has the three keys of API Gateway\'s TOKEN authorizer input, the method ARN in the region and account', () => {
    expect(tokenAuthorizerEvent({ region: 'eu-west-1', accountId: '111111111111' }, { token: 'Bearer x', apiId: 'q9f165qpkg' })).toEqual({
      type: 'TOKEN',
      authorizationToken: 'Bearer x',
      methodArn: 'arn:aws:execute-api:eu-west-1:111111111111:q9f165qpkg/api/GET/',
    });
  });
});

