// dev --local-aws runs a template's Kinesis and DynamoDB stream triggers against the local endpoint's streams, as
// Lambda's event source mapping does: a record a function puts (boto3's put_records, a put_item on a table with a
// StreamSpecification) reaches the trigger's function in Lambda's batch event, in order, retried until it succeeds or
// is given up, when the record of what was given up goes to the trigger's OnFailure destination.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { laneOf } from '../../src/core/local-aws/stream-lanes.js';
import { eventually, receive, scratchDir, SLOW_HANDLER, startDev, stopWhileWorking } from '../helpers.js';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
  Producer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.produce
      Environment: { Variables: { STREAM: !Ref Clicks, TABLE: !Ref Orders } }
      Events:
        Post: { Type: HttpApi, Properties: { Path: /put, Method: post } }
  ClickWorker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.clicks
      Events:
        Stream:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Clicks.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 10
            MaximumBatchingWindowInSeconds: 1
            FunctionResponseTypes: [ReportBatchItemFailures]
            FilterCriteria: { Filters: [{ Pattern: '{"data": {"kind": ["click"]}}' }] }
  OrderWorker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.orders
      Events:
        Stream:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 2 }
`;

const APP = `import base64, json, os, boto3

def produce(event, context):
    body = json.loads(event["body"])
    kinesis, dynamodb = boto3.client("kinesis"), boto3.client("dynamodb")
    # One call: the records are in the stream together, whenever the trigger reads it.
    if body.get("records"):
        kinesis.put_records(StreamName=os.environ["STREAM"], Records=[{"Data": json.dumps(r).encode(), "PartitionKey": r.get("key", "p") if isinstance(r, dict) else "p"} for r in body["records"]])
    for item in body.get("items", []):
        dynamodb.put_item(TableName=os.environ["TABLE"], Item={"id": {"S": item}})
    return {"statusCode": 202}

SEEN = []

def clicks(event, context):
    failures = []
    for record in event["Records"]:
        data = json.loads(base64.b64decode(record["kinesis"]["data"]))
        SEEN.append(data["name"])
        print("click", data["name"], "seen", SEEN.count(data["name"]), record["eventSource"], record["eventID"].split(":")[0], sorted(record))
        # "flaky" fails once: the checkpoint stops before it, and it comes back with what follows it.
        if data["name"] == "flaky" and SEEN.count("flaky") == 1:
            failures.append({"itemIdentifier": record["kinesis"]["sequenceNumber"]})
    return {"batchItemFailures": failures}

def orders(event, context):
    for record in event["Records"]:
        id = record["dynamodb"]["Keys"]["id"]["S"]
        SEEN.append(id)
        print("order", record["eventName"], id, "seen", SEEN.count(id), record["eventSourceARN"].split("/stream/")[0], sorted(record["dynamodb"]))
        if id == "never" or (id == "once" and SEEN.count(id) == 1):
            raise ValueError(id)
`;

/** Two more workers that give their records up, to the queue Failed, their OnFailure destination. */
const GIVING_UP = `${TEMPLATE}  Failed: { Type: AWS::SQS::Queue }
  ClickGiveUp:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.give_up_clicks
      Events:
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: TRIM_HORIZON, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn } } } }
  OrderGiveUp:
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
`;

/** TEMPLATE with one more worker of the Kinesis stream Clicks, from TRIM_HORIZON: its handler, its mapping's other properties. */
const withClickWorker = (id: string, handler: string, properties: string) => `${TEMPLATE}  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.${handler}
      Events:
        Stream: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: TRIM_HORIZON, ${properties} } }
`;

/** A worker that reads two batches of one shard at once (ParallelizationFactor: 2), one record a batch, slowly. */
const PARALLEL = withClickWorker('ParallelWorker', 'parallel', 'BatchSize: 1, ParallelizationFactor: 2');

const PARALLEL_APP = `${APP}
import time

def parallel(event, context):
    data = json.loads(base64.b64decode(event["Records"][0]["kinesis"]["data"]))
    start = time.time()
    time.sleep(1.5)
    print("lane", json.dumps({"name": data["name"], "start": start, "end": time.time()}))
`;

/** A worker that keeps a tumbling window's state: the names it has seen, one record a batch. */
const WINDOWED = withClickWorker('WindowWorker', 'window', 'BatchSize: 1, TumblingWindowInSeconds: 5');

const WINDOWED_APP = `${APP}
def window(event, context):
    names = [json.loads(base64.b64decode(r["kinesis"]["data"]))["name"] for r in event["Records"]]
    print("window", json.dumps({k: event[k] for k in ["window", "state", "shardId", "eventSourceARN", "isFinalInvokeForWindow", "isWindowTerminatedEarly"]} | {"names": names}))
    return {"state": {"seen": event["state"].get("seen", []) + names}}
`;

interface Batch { readonly requestId: string; readonly sequenceNumbers: string[]; readonly arrivals: string[] }
const batches = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.text.startsWith('batch ') ? [JSON.parse(e.event.text.slice(6)) as Batch] : []));

/** dev --local-aws on the template and app.py, in a directory of its own. */
async function serve(name: string, template: string, app: string) {
  const dir = scratchDir(name);
  writeFileSync(join(dir, 'template.yaml'), template);
  writeFileSync(join(dir, 'app.py'), app);
  const dev = await startDev(dir, { localAws: true });
  session = dev.session;
  return { ...dev, dir };
}

const streamed = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'stream' ? [e] : []));
const printed = (events: readonly DevEvent[], prefix: string) => events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.text.startsWith(prefix) ? [e.event.text] : []));

describe('dev --local-aws: stream triggers', () => {
  it('hands a Kinesis trigger what was put, filtered, and retries from the record its function reports failed', async () => {
    const dev = await serve('stream-triggers', TEMPLATE, APP);
    const records = [{ kind: 'click', name: 'a' }, { kind: 'noise', name: 'n' }, { kind: 'click', name: 'flaky' }, { kind: 'click', name: 'b' }];
    const res = await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify({ records }) });
    expect(res.status).toBe(202);
    await eventually(() => (streamed(dev.events).reduce((n, e) => n + e.processed, 0) >= 3 ? true : undefined), 20_000);
    const keys = "['awsRegion', 'eventID', 'eventName', 'eventSource', 'eventSourceARN', 'eventVersion', 'invokeIdentityArn', 'kinesis']";
    expect(printed(dev.events, 'click')).toEqual([
      `click a seen 1 aws:kinesis shardId-000000000000 ${keys}`,
      `click flaky seen 1 aws:kinesis shardId-000000000000 ${keys}`,
      `click b seen 1 aws:kinesis shardId-000000000000 ${keys}`,
      `click flaky seen 2 aws:kinesis shardId-000000000000 ${keys}`,
      `click b seen 2 aws:kinesis shardId-000000000000 ${keys}`,
    ]);
    expect(streamed(dev.events).map(({ functionId, service, stream, records: n, processed, skipped, retrying, attempt }) => ({ functionId, service, stream, n, processed, skipped, retrying, attempt }))).toEqual([
      { functionId: 'ClickWorker', service: 'kinesis', stream: 'Clicks', n: 3, processed: 1, skipped: 0, retrying: 2, attempt: 1 },
      { functionId: 'ClickWorker', service: 'kinesis', stream: 'Clicks', n: 2, processed: 2, skipped: 0, retrying: 0, attempt: undefined },
    ]);
  }, 60_000);

  it('retries a DynamoDB stream batch its function fails until it succeeds, and skips one past MaximumRetryAttempts', async () => {
    const dev = await serve('stream-triggers-ddb', TEMPLATE, APP);
    const put = async (items: string[]) => expect((await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify({ items }) })).status).toBe(202);
    // LATEST: dev is ready once its pollers read the stream, so what is put after reaches the function.
    await put(['once']);
    await eventually(() => (streamed(dev.events).some((e) => e.processed === 1) ? true : undefined), 20_000);
    await put(['never']);
    await eventually(() => (streamed(dev.events).some((e) => e.skipped === 1) ? true : undefined), 20_000);
    const region = 'us-east-1';
    const arn = `arn:aws:dynamodb:${region}:123456789012:table/Orders`;
    const keys = "['ApproximateCreationDateTime', 'Keys', 'NewImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType']";
    expect(printed(dev.events, 'order')).toEqual([
      `order INSERT once seen 1 ${arn} ${keys}`, `order INSERT once seen 2 ${arn} ${keys}`,
      `order INSERT never seen 1 ${arn} ${keys}`, `order INSERT never seen 2 ${arn} ${keys}`, `order INSERT never seen 3 ${arn} ${keys}`,
    ]);
    expect(streamed(dev.events).map(({ functionId, stream, processed, skipped, retrying, attempt, reason }) => ({ functionId, stream, processed, skipped, retrying, attempt, reason }))).toEqual([
      { functionId: 'OrderWorker', stream: 'Orders', processed: 0, skipped: 0, retrying: 1, attempt: 1, reason: 'function error ValueError' },
      { functionId: 'OrderWorker', stream: 'Orders', processed: 1, skipped: 0, retrying: 0, attempt: undefined, reason: undefined },
      { functionId: 'OrderWorker', stream: 'Orders', processed: 0, skipped: 0, retrying: 1, attempt: 1, reason: 'function error ValueError' },
      { functionId: 'OrderWorker', stream: 'Orders', processed: 0, skipped: 0, retrying: 1, attempt: 2, reason: 'function error ValueError' },
      { functionId: 'OrderWorker', stream: 'Orders', processed: 0, skipped: 1, retrying: 0, attempt: undefined, reason: 'function error ValueError; after 2 retries' },
    ]);
  }, 60_000);

  it('stops at once with a batch in flight', async () => {
    const dev = await serve('stream-triggers-stop', TEMPLATE.replace('Handler: app.clicks', 'Handler: app.slow\n      Timeout: 60'), `${APP}${SLOW_HANDLER}`);
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify({ records: [{ kind: 'click', name: 'long' }] }) })).status).toBe(202);
    expect(await stopWhileWorking(dev)).toBeLessThan(10_000);
    session = undefined;
    expect(streamed(dev.events)).toEqual([]);
  }, 60_000);

  it('starts polling a trigger a reload adds, and says once that a stream outside the template is not polled', async () => {
    const outside = '        Elsewhere: { Type: Kinesis, Properties: { Stream: arn:aws:kinesis:us-east-1:123456789012:stream/elsewhere, StartingPosition: LATEST } }\n';
    const post = '        Post: { Type: HttpApi, Properties: { Path: /put, Method: post } }\n';
    const template = TEMPLATE.replace(post, `${post}${outside}`);
    const dev = await serve('stream-triggers-reload', template.slice(0, template.indexOf('  ClickWorker:')), APP);
    const { dir } = dev;
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify({ records: [{ kind: 'click', name: 'early' }] }) })).status).toBe(202);
    // The trigger a reload adds reads from TRIM_HORIZON: the record put before it reaches the function.
    writeFileSync(join(dir, 'template.yaml'), template);
    await dev.session.reload([join(dir, 'template.yaml')]);
    await eventually(() => (streamed(dev.events).some((e) => e.processed === 1) ? true : undefined), 20_000);
    expect(printed(dev.events, 'click').map((line) => line.split(' aws:')[0])).toEqual(['click early seen 1']);
    const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('elsewhere') ? [e.diagnostic.message] : []));
    expect(warnings).toEqual(['the Kinesis trigger Elsewhere of Producer reads the Kinesis stream elsewhere, which the local AWS endpoint does not hold (it is not one of the template\'s resources): it is not polled']);
  }, 60_000);

  it('sends the SQS queue Lambda\'s record of a Kinesis batch whose retries ran out, and of a DynamoDB record named failed', async () => {
    const dev = await serve('stream-on-failure', GIVING_UP, GIVING_UP_APP);
    const endpoint = dev.events.find((e): e is Extract<DevEvent, { type: 'local-aws' }> => e.type === 'local-aws')!.endpoint;
    const put = async (body: unknown) => expect((await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify(body) })).status).toBe(202);
    const queue = 'arn:aws:sqs:us-east-1:123456789012:Failed';

    // Not JSON: ClickWorker's filter passes them over.
    await put({ records: ['a', 'b'] });
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

    await put({ items: ['poison'] });
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
  }, 120_000);

  it('hands a Kinesis trigger with a ParallelizationFactor two batches of a shard at once, each partition key\'s records in order', async () => {
    const dev = await serve('stream-parallel', PARALLEL, PARALLEL_APP);
    // Two keys in different lanes: their batches run side by side, each key's one after the other.
    const keys = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    const x = keys.find((k) => laneOf(k, 2) === 0)!;
    const y = keys.find((k) => laneOf(k, 2) === 1)!;
    const records = [{ name: 'x1', key: x }, { name: 'y1', key: y }, { name: 'x2', key: x }, { name: 'y2', key: y }];
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify({ records }) })).status).toBe(202);
    const ran = () => new Map(printed(dev.events, 'lane').map((line) => JSON.parse(line.slice(5)) as { name: string; start: number; end: number }).map((r) => [r.name, r]));
    await eventually(() => (ran().size === 4 ? true : undefined), 45_000);
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((name) => ran().get(name)!);
    expect(x2!.start).toBeGreaterThanOrEqual(x1!.end);
    expect(y2!.start).toBeGreaterThanOrEqual(y1!.end);
    // With one lane (ParallelizationFactor 1) each batch would wait for the one before.
    expect(y1!.start).toBeLessThan(x1!.end);
    expect(x1!.start).toBeLessThan(y1!.end);
    expect(streamed(dev.events).filter((e) => e.functionId === 'ParallelWorker').map((e) => [e.records, e.processed])).toEqual([[1, 1], [1, 1], [1, 1], [1, 1]]);
  }, 90_000);

  it('passes a tumbling window\'s state from each batch to the next, and ends the window with a final invocation', async () => {
    const dev = await serve('stream-window', WINDOWED, WINDOWED_APP);
    const records = [{ name: 'w1' }, { name: 'w2' }, { name: 'w3' }];
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/put`, { method: 'POST', body: JSON.stringify({ records }) })).status).toBe(202);
    const calls = () => printed(dev.events, 'window').map((line) => JSON.parse(line.slice(7)) as Record<string, unknown> & { window: { start: string; end: string } });
    await eventually(() => (calls().length === 4 ? true : undefined), 45_000);
    const [first] = calls();
    // One put_records call: its records arrive together, in one 5 s window that starts at a whole multiple of 5 s.
    const { start, end } = first!.window;
    expect(Date.parse(end) - Date.parse(start)).toBe(5000);
    expect(Date.parse(start) % 5000).toBe(0);
    const fixed = { window: { start, end }, shardId: 'shardId-000000000000', eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/Clicks', isWindowTerminatedEarly: false };
    expect(calls()).toEqual([
      { ...fixed, state: {}, isFinalInvokeForWindow: false, names: ['w1'] },
      { ...fixed, state: { seen: ['w1'] }, isFinalInvokeForWindow: false, names: ['w2'] },
      { ...fixed, state: { seen: ['w1', 'w2'] }, isFinalInvokeForWindow: false, names: ['w3'] },
      { ...fixed, state: { seen: ['w1', 'w2', 'w3'] }, isFinalInvokeForWindow: true, names: [] },
    ]);
    expect(streamed(dev.events).filter((e) => e.functionId === 'WindowWorker').map((e) => [e.records, e.processed, e.final])).toEqual([[1, 1, undefined], [1, 1, undefined], [1, 1, undefined], [0, 0, true]]);
  }, 90_000);
});
