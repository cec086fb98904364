// A stream trigger gives records up when their retries or age run out, and sends the record of what it gave up to its
// OnFailure destination on the local endpoint, as Lambda does: an SQS queue, an SNS topic, an S3 bucket.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import { mappingUuid } from '../../src/core/local-aws/stream-failure-record.js';
import { eventually, receive } from '../helpers.js';
import { bucketObjects, devSessions, printedJson, streamed, subscribeQueue } from '../local-aws-sessions.js';
import { APP, put, TEMPLATE } from '../stream-trigger-apps.js';

const sessions = devSessions();
const serve = (name: string, template: string, app: string) => sessions.serve(name, { 'template.yaml': template, 'app.py': app });

const CLICK_GIVE_UP = `  ClickGiveUp:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.give_up_clicks
      Events:
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: TRIM_HORIZON, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn } } } }
`;

/** Two more workers that give their records up, to the queue Failed, their OnFailure destination. */
const GIVING_UP = `${TEMPLATE}  Failed: { Type: AWS::SQS::Queue }
${CLICK_GIVE_UP}  OrderGiveUp:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.give_up_orders
      Events:
        Stream:
          Type: DynamoDB
          Properties:
            { Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 0, FunctionResponseTypes: [ReportBatchItemFailures], DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn } } }
`;

// Each prints, as JSON, what the record of its batch should say of it: its request id, and the records' sequence
// numbers and arrival times as the event gives them.
const GIVING_UP_APP = `${APP}
from datetime import datetime, timezone

def at(seconds, timespec):
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec=timespec).replace("+00:00", "Z")

def give_up_clicks(event, context):
    records = [r["kinesis"] for r in event["Records"]]
    print("batch", json.dumps({"requestId": context.aws_request_id, "sequenceNumbers": [r["sequenceNumber"] for r in records],
        "arrivals": [at(r["approximateArrivalTimestamp"], "milliseconds") for r in records]}))
    raise ValueError("bad clicks")

def give_up_orders(event, context):
    records = [r["dynamodb"] for r in event["Records"]]
    print("batch", json.dumps({"requestId": context.aws_request_id, "sequenceNumbers": [r["SequenceNumber"] for r in records],
        "arrivals": [at(r["ApproximateCreationDateTime"], "seconds") for r in records]}))
    # The record named failed is given up at once (MaximumRetryAttempts: 0); the function itself did not fail.
    return {"batchItemFailures": [{"itemIdentifier": records[-1]["SequenceNumber"]}]}

def fail_orders(event, context):
    give_up_orders(event, context)
    print("event", json.dumps(event))
    raise ValueError("bad orders")
`;

/** A worker of the table's stream that fails, without retries, and its OnFailure destination. */
const failingOrderWorker = (id: string, destination: string) => `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.fail_orders
      Events:
        Stream:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: ${destination} } }
`;

/** Two such workers: one's destination an SNS topic, the other's a bucket. */
const TO_TOPIC_AND_BUCKET = `${TEMPLATE}  Inbox: { Type: AWS::SQS::Queue }
  FailedRecords: { Type: AWS::S3::Bucket }
${failingOrderWorker('OrderToTopic', '{ Type: SNS, Destination: arn:aws:sns:us-east-1:123456789012:failed-orders }')}${failingOrderWorker('OrderToBucket', '{ Type: S3, Destination: !GetAtt FailedRecords.Arn }')}`;

interface Batch { readonly requestId: string; readonly sequenceNumbers: string[]; readonly arrivals: string[] }
const batches = (events: readonly DevEvent[]) => printedJson<Batch>(events, 'batch');

describe('dev --local-aws: stream triggers\' OnFailure destinations', () => {
  it('sends the SQS queue Lambda\'s record of a Kinesis batch whose retries ran out, and of a DynamoDB record named failed', async () => {
    // ClickGiveUp comes with a reload once both records are in the stream (its trigger reads from TRIM_HORIZON): moto
    // stores a put_records call's records one by one (0.5 s apart under load), and a poll between them made two batches.
    const dev = await serve('stream-on-failure', GIVING_UP.replace(CLICK_GIVE_UP, ''), GIVING_UP_APP);
    const endpoint = dev.endpoint!;
    const queue = 'arn:aws:sqs:us-east-1:123456789012:Failed';

    // Not JSON: ClickWorker's filter passes them over.
    await put(dev.url, { records: ['a', 'b'] });
    writeFileSync(join(dev.dir, 'template.yaml'), GIVING_UP);
    await dev.session.reload([join(dev.dir, 'template.yaml')]);
    await eventually(() => (streamed(dev.events).some((e) => e.skipped === 2) ? true : undefined), 45_000);
    const [first, retried] = batches(dev.events);
    // The retry is the same batch: the record names the last invocation.
    expect(retried!.sequenceNumbers).toEqual(first!.sequenceNumbers);
    const [kinesis] = await receive(endpoint, 'Failed');
    const body = kinesis!.body as { timestamp: string };
    expect(body).toEqual({
      requestContext: { requestId: retried!.requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ClickGiveUp', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: body.timestamp,
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000', startSequenceNumber: first!.sequenceNumbers[0], endSequenceNumber: first!.sequenceNumbers[1],
        approximateArrivalOfFirstRecord: first!.arrivals[0], approximateArrivalOfLastRecord: first!.arrivals[1], batchSize: 2,
        streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks',
      },
    });
    expect(Object.keys(body)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'KinesisBatchInfo']);
    expect(Date.now() - Date.parse(body.timestamp)).toBeLessThan(60_000);
    expect(streamed(dev.events).filter((e) => e.functionId === 'ClickGiveUp').map((e) => e.onFailure)).toEqual([undefined, `record sent to OnFailure SQS ${queue}`]);

    await put(dev.url, { items: ['poison'] });
    await eventually(() => (streamed(dev.events).some((e) => e.functionId === 'OrderGiveUp' && e.skipped === 1) ? true : undefined), 45_000);
    const order = batches(dev.events)[2]!;
    const [dynamodb] = await receive(endpoint, 'Failed');
    const ddb = dynamodb!.body as { timestamp: string; DDBStreamBatchInfo: { streamArn: string } };
    expect(ddb).toEqual({
      // A partial batch response: the function did not fail, so its response has no functionError.
      requestContext: { requestId: order.requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:OrderGiveUp', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      version: '1.0',
      timestamp: ddb.timestamp,
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/) as unknown, startSequenceNumber: order.sequenceNumbers[0], endSequenceNumber: order.sequenceNumbers[0],
        approximateArrivalOfFirstRecord: order.arrivals[0], approximateArrivalOfLastRecord: order.arrivals[0], batchSize: 1, streamArn: ddb.DDBStreamBatchInfo.streamArn,
      },
    });
    expect(ddb.DDBStreamBatchInfo.streamArn).toMatch(/^arn:aws:dynamodb:us-east-1:123456789012:table\/Orders\/stream\/.+/);
    expect(order.arrivals[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(streamed(dev.events).filter((e) => e.functionId === 'OrderGiveUp').map(({ skipped, reason, onFailure }) => ({ skipped, reason, onFailure }))).toEqual([
      { skipped: 1, reason: 'after 0 retries', onFailure: `record sent to OnFailure SQS ${queue}` },
    ]);
    // Room for a loaded machine: the next test, which does less, took 79 s beside other test runs on 2 cores.
  }, 180_000);


  it('publishes the record to an SNS topic (read through a queue subscribed to it), and writes it with the event to an S3 bucket under Lambda\'s key', async () => {
    const dev = await serve('stream-on-failure-sns-s3', TO_TOPIC_AND_BUCKET, GIVING_UP_APP);
    const endpoint = dev.endpoint!;
    await subscribeQueue(endpoint, 'failed-orders', 'Inbox');
    await put(dev.url, { items: ['poison'] });
    const gaveUp = (id: string) => streamed(dev.events).find((e) => e.functionId === id && e.skipped === 1);
    await eventually(() => (gaveUp('OrderToTopic') && gaveUp('OrderToBucket') ? true : undefined), 45_000);
    // What each record should say of the batch, from what the worker was handed.
    const expected = (id: string) => {
      const [batch] = printedJson<Batch>(dev.events, 'batch', id);
      return {
        requestContext: { requestId: batch!.requestId, functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${id}`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        DDBStreamBatchInfo: {
          shardId: expect.stringMatching(/^shardId-/) as unknown, startSequenceNumber: batch!.sequenceNumbers[0], endSequenceNumber: batch!.sequenceNumbers[0],
          approximateArrivalOfFirstRecord: batch!.arrivals[0], approximateArrivalOfLastRecord: batch!.arrivals[0], batchSize: 1,
          streamArn: expect.stringMatching(/^arn:aws:dynamodb:us-east-1:123456789012:table\/Orders\/stream\/.+/) as unknown,
        },
      };
    };

    const [published] = await receive(endpoint, 'Inbox');
    expect(published).toEqual({ body: expected('OrderToTopic'), attributes: {} });
    expect(Object.keys(published!.body as object)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'DDBStreamBatchInfo']);
    expect(gaveUp('OrderToTopic')!.onFailure).toBe('record sent to OnFailure SNS arn:aws:sns:us-east-1:123456789012:failed-orders');

    const written = await bucketObjects(endpoint, 'failedrecords');
    expect(written).toHaveLength(1);
    const { key, body } = written[0]!;
    const record = JSON.parse(body) as { payload: string; DDBStreamBatchInfo: { shardId: string } };
    const { shardId } = record.DDBStreamBatchInfo;
    expect(key).toMatch(new RegExp(`^aws/lambda/${mappingUuid('OrderToBucket', 'Stream')}/${shardId}/\\d{4}/\\d\\d/\\d\\d/\\d{4}-\\d\\d-\\d\\dT\\d\\d\\.\\d\\d\\.\\d\\d-[0-9a-f-]{36}$`));
    expect(record).toEqual({ ...expected('OrderToBucket'), payload: record.payload });
    expect(Object.keys(record)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'DDBStreamBatchInfo', 'payload']);
    // The payload is the event the worker was handed, whole, as a JSON string.
    expect(JSON.parse(record.payload)).toEqual(printedJson(dev.events, 'event', 'OrderToBucket')[0]);
    expect(gaveUp('OrderToBucket')!.onFailure).toBe(`record written to OnFailure S3 arn:aws:s3:::failedrecords as ${key}`);
    // Not 90 s: it took 79 s beside other test runs on 2 cores.
  }, 180_000);
});
