import { describe, expect, it } from 'vitest';
import { mappingUuid, streamFailureObject, streamFailureRecord, type GivenUpBatch } from '../../src/core/local-aws/stream-failure-record.js';

// The Lambda developer guide's example invocation records ("Retain discarded batch records for a Kinesis Data Streams
// event source", "... for a DynamoDB event source"), made again from what they say of the batch.
const KINESIS: GivenUpBatch = {
  service: 'kinesis', condition: 'RetryAttemptsExhausted', requestId: 'c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5',
  functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', invocations: 1, response: { statusCode: 200, functionError: true },
  records: [
    { sequenceNumber: '49601189658422359378836298521827638475320189012309704722', arrivalMs: Date.parse('2019-11-14T00:38:04.835Z') },
    { sequenceNumber: '49601189658422359378836298522902373528957594348623495186', arrivalMs: Date.parse('2019-11-14T00:38:05.580Z') },
  ],
  shardId: 'shardId-000000000001', streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream', nowMs: Date.parse('2019-11-14T00:38:06.021Z'),
};
const DYNAMODB: GivenUpBatch = {
  service: 'dynamodb', condition: 'RetryAttemptsExhausted', requestId: '316aa6d0-8154-xmpl-9af7-85d5f4a6bc81',
  functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', invocations: 1, response: { statusCode: 200, functionError: true },
  // DynamoDB Streams' ApproximateCreationDateTime may have a fraction: the record says whole seconds.
  records: [{ sequenceNumber: '800000000003126276362', arrivalMs: Date.parse('2019-11-14T00:13:19.684Z') }],
  shardId: 'shardId-00000001573689847184-864758bb', streamArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388',
  nowMs: Date.parse('2019-11-14T00:13:49.717Z'),
};

describe('the record a stream trigger sends its OnFailure destination', () => {
  it('is the guide\'s Kinesis example, key for key and in its order', () => {
    const record = streamFailureRecord(KINESIS);
    expect(JSON.stringify(record)).toBe(JSON.stringify({
      requestContext: { requestId: 'c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2019-11-14T00:38:06.021Z',
      KinesisBatchInfo: {
        shardId: 'shardId-000000000001',
        startSequenceNumber: '49601189658422359378836298521827638475320189012309704722',
        endSequenceNumber: '49601189658422359378836298522902373528957594348623495186',
        approximateArrivalOfFirstRecord: '2019-11-14T00:38:04.835Z',
        approximateArrivalOfLastRecord: '2019-11-14T00:38:05.580Z',
        batchSize: 2,
        streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/mystream',
      },
    }));
  });

  it('is the guide\'s DynamoDB example, its arrival times in whole seconds', () => {
    expect(JSON.stringify(streamFailureRecord(DYNAMODB))).toBe(JSON.stringify({
      requestContext: { requestId: '316aa6d0-8154-xmpl-9af7-85d5f4a6bc81', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:myfunction', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2019-11-14T00:13:49.717Z',
      DDBStreamBatchInfo: {
        shardId: 'shardId-00000001573689847184-864758bb',
        startSequenceNumber: '800000000003126276362',
        endSequenceNumber: '800000000003126276362',
        approximateArrivalOfFirstRecord: '2019-11-14T00:13:19Z',
        approximateArrivalOfLastRecord: '2019-11-14T00:13:19Z',
        batchSize: 1,
        streamArn: 'arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388',
      },
    }));
  });

  it.each<[string, Partial<GivenUpBatch>, Pick<Record<string, unknown>, 'requestContext' | 'responseContext'>]>([
    ['records named failed in a partial batch response: no function error', { response: { statusCode: 200, functionError: false }, invocations: 3 },
      { requestContext: { ...ctx(), approximateInvokeCount: 3 }, responseContext: { statusCode: 200, executedVersion: '$LATEST' } }],
    ['a batch Lambda refused (throttled): its status, no function error', { response: { statusCode: 429, functionError: false } },
      { requestContext: ctx(), responseContext: { statusCode: 429, executedVersion: '$LATEST' } }],
    ['records too old before any invocation: none counted, no response', { condition: 'RecordAgeExceeded', invocations: 0, response: undefined },
      { requestContext: { ...ctx(), condition: 'RecordAgeExceeded', approximateInvokeCount: 0 }, responseContext: undefined }],
  ])('%s', (_what, change, expected) => {
    const record = streamFailureRecord({ ...KINESIS, ...change });
    expect({ requestContext: record.requestContext, responseContext: record.responseContext }).toEqual(expected);
    expect(Object.keys(record)).toEqual(change.response === undefined && 'response' in change
      ? ['requestContext', 'version', 'timestamp', 'KinesisBatchInfo']
      : ['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
  });
});

describe('the object a stream trigger writes to an S3 OnFailure destination', () => {
  it('is the guide\'s S3 example: the record, then the whole event as a JSON string, under its key layout', () => {
    const event = JSON.stringify({ Records: [{ kinesis: { sequenceNumber: KINESIS.records[0]!.sequenceNumber } }] });
    const uuid = 'f89f8514-cdd9-4602-9e1f-01a5b77d449b';
    const object = streamFailureObject(KINESIS, event, uuid, '0b5a6f1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b');
    // aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>
    expect(object.key).toBe(`aws/lambda/${uuid}/shardId-000000000001/2019/11/14/2019-11-14T00.38.06-0b5a6f1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b`);
    const body = JSON.parse(object.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo', 'payload']);
    expect(body).toEqual({ ...streamFailureRecord(KINESIS), payload: event });
  });

  it('names a mapping by a UUID made from its function\'s and trigger\'s ids, the same in every run', () => {
    expect(mappingUuid('Worker', 'Stream')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mappingUuid('Worker', 'Stream')).toBe('5dd7f744-bb35-46b6-99ec-dd6817622ce9');
  });

  it('tells mappings apart', () => {
    expect(new Set([mappingUuid('Worker', 'Stream'), mappingUuid('Other', 'Stream'), mappingUuid('Worker', 'Orders'), mappingUuid('WorkerS', 'tream')]).size).toBe(4);
  });
});

function ctx() {
  return { requestId: KINESIS.requestId, functionArn: KINESIS.functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 };
}
