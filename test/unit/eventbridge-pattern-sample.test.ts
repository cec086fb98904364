// s3-lambda-bedrock-aoss and s3-event-sfn-lambda-ddb-sns of aws-samples/serverless-patterns run on S3's "Object
// Created" events through EventBridge rules: the sample event had an empty detail, so their code failed on
// detail.bucket.name before doing anything.
import { describe, expect, it } from 'vitest';
import { matchingObject } from '../../src/core/events/sources/pattern-values.js';
import { eventBridgeEvent } from '../../src/core/events/sources/schedule.js';
import { filterSampleBody, patternSample } from '../../src/core/model/values.js';

const ctx = { nowMs: Date.UTC(2024, 0, 2, 3, 4, 5), newId: () => '6f1c9d2e-1111-2222-3333-444455556666', region: 'eu-west-1', accountId: '111122223333' };

describe('matchingObject: a detail an EventBridge pattern lets through', () => {
  it.each<[string, unknown, unknown]>([
    ['exact values: the first', { state: ['running', 'stopped'], count: [3], on: [true], gone: [null] }, { state: 'running', count: 3, on: true, gone: null }],
    ['nested objects', { bucket: { name: ['b'] }, object: { key: [{ prefix: 'uploads/' }] } }, { bucket: { name: 'b' }, object: { key: 'uploads/sample' } }],
    ['suffix, and prefix or suffix ignoring case', { a: [{ suffix: '.png' }], b: [{ prefix: { 'equals-ignore-case': 'IMG' } }], c: [{ suffix: { 'equals-ignore-case': '.JPG' } }] }, { a: 'sample.png', b: 'IMGsample', c: 'sample.JPG' }],
    ['equals-ignore-case and wildcard', { a: [{ 'equals-ignore-case': 'Alice' }], b: [{ wildcard: 'dir/*.png' }] }, { a: 'Alice', b: 'dir/sample.png' }],
    ['exists: true is some value, exists: false leaves the key out', { a: [{ exists: true }], b: [{ exists: false }] }, { a: 'sample' }],
    ['anything-but strings, a prefix, numbers', { a: [{ 'anything-but': ['sample', 'x'] }], b: [{ 'anything-but': { prefix: 'sam' } }], c: [{ 'anything-but': [1, 7] }] }, { a: 'b-sample', b: 'b-sample', c: 8 }],
    ['numeric bounds', { a: [{ numeric: ['>', 0, '<=', 5] }], b: [{ numeric: ['<', 10] }], c: [{ numeric: ['=', 4] }] }, { a: 1, b: 9, c: 4 }],
    // No whole number between the bounds: one between them all the same, not one past the upper bound.
    ['numeric bounds a unit apart', { a: [{ numeric: ['>', 0, '<', 1] }], b: [{ numeric: ['>', 99, '<', 100] }], c: [{ numeric: ['>=', 0.25, '<=', 0.75] }] }, { a: 0.5, b: 99.5, c: 0.5 }],
    ['numeric bounds that are fractions', { a: [{ numeric: ['>', 1.5] }], b: [{ numeric: ['>=', 2.5, '<', 10] }], c: [{ numeric: ['<=', -0.5] }] }, { a: 2, b: 3, c: -1 }],
    ['cidr: its network address', { ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.0.0' }],
    ['$or: its first branch', { $or: [{ a: ['x'] }, { b: ['y'] }], c: ['z'] }, { a: 'x', c: 'z' }],
    ['a matcher it does not know: some value', { a: [{ 'something-new': 1 }] }, { a: 'sample' }],
  ])('%s', (_, pattern, detail) => expect(matchingObject(pattern)).toEqual(detail));
});

describe('patternSample: what a rule shapes its sample with', () => {
  it('source, detail-type and detail', () => {
    expect(patternSample({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['docs'] } } }))
      .toEqual({ pattern: { source: 'aws.s3', detailType: 'Object Created', detail: { bucket: { name: 'docs' } } } });
  });
});

describe("eventBridgeEvent: S3's events as EventBridge delivers them", () => {
  it('Object Created: the bucket and object, with what the pattern asked for, and the bucket in resources', () => {
    expect(eventBridgeEvent(ctx, { source: 'aws.s3', detailType: 'Object Created', detail: { bucket: { name: 'docs' }, object: { key: 'in/sample' } } })).toEqual({
      version: '0', id: ctx.newId(), 'detail-type': 'Object Created', source: 'aws.s3', account: '111122223333', time: '2024-01-02T03:04:05Z', region: 'eu-west-1',
      resources: ['arn:aws:s3:::docs'],
      detail: {
        version: '0', bucket: { name: 'docs' }, object: { key: 'in/sample', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '617f08299329d189' },
        'request-id': '6F1C9D2E11112222', requester: '111122223333', 'source-ip-address': '192.0.2.1', reason: 'PutObject',
      },
    });
  });

  it('Object Deleted: no size or etag, a deletion type', () => {
    expect(eventBridgeEvent(ctx, { source: 'aws.s3', detailType: 'Object Deleted' }).detail).toMatchObject({ object: { key: 'example-key', sequencer: '617f08299329d189' }, reason: 'DeleteObject', 'deletion-type': 'Permanently Deleted' });
  });

  it("another of S3's detail types, and other sources, keep the detail as given", () => {
    expect(eventBridgeEvent(ctx, { source: 'aws.s3', detailType: 'Object Tags Added', detail: { a: 1 } })).toMatchObject({ detail: { a: 1 }, resources: [] });
    expect(eventBridgeEvent(ctx, { source: 'my.app', detailType: 'Object Created' })).toMatchObject({ detail: {}, resources: [] });
  });
});

// lambda-esm-sqs-filters-sam: a queue's mapping filters on the body's fields; the sample "Hello from SQS!" is a
// message Lambda would never hand the function.
describe('filterSampleBody: an SQS message body an event source mapping filter lets through', () => {
  it.each<[string, unknown[], string | undefined]>([
    ["SAM's Pattern, a JSON string", ['{"body":{"region":[{"prefix":"us-"}]}}', '{"body":{"x":["y"]}}'], '{"region":"us-sample"}'],
    ["serverless.yml's filterPatterns, objects", [{ body: { kind: ['order'], total: [{ numeric: ['>', 100] }] } }], '{"kind":"order","total":101}'],
    // A body that is a plain string is filtered as one (Lambda docs, "Filtering with Amazon SQS": `{"body": [{"prefix": ...}]}`).
    ['a plain-string body by prefix', ['{"body":[{"prefix":"Result: "}]}'], 'Result: sample'],
    ['a plain-string body by value', [{ body: ['ping', 'pong'] }], 'ping'],
    ['a filter on attributes only', ['{"attributes":{"MessageGroupId":["a"]}}'], undefined],
    ['a Pattern that is not JSON', ['{body'], undefined],
    ['no filter', [], undefined],
  ])('%s', (_, patterns, body) => expect(filterSampleBody(patterns).sampleBody).toBe(body));
});
