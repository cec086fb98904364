import { describe, expect, it } from 'vitest';
import { streamFailureRecord, type GivenUpBatch } from '../../src/core/local-aws/stream-failure-record.js';

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

function ctx() {
  return { requestId: KINESIS.requestId, functionArn: KINESIS.functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 };
}
