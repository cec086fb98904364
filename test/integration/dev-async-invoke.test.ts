// boto3's invoke(InvocationType='Event') against pylambda dev: Lambda retries a function error twice (after 1, then
// 2 minutes), drops an event older than its MaximumEventAgeInSeconds, and sends the invocation record to the
// function's destinations and the event to its dead-letter queue (Lambda developer guide, "Error handling and
// automatic retries", "Capturing records of Lambda asynchronous invocations"). The retries wait on a timer a
// thousand times faster than the wall clock.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaledTimer, systemTimer, type Timer } from '../../src/adapters/clock.js';
import type { DevEvent } from '../../src/api/dev.js';
import { eventually, fnTemplate, pythonJson, receive, scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';
import { bucketObjects, devSessions, printed, subscribeQueue } from '../local-aws-sessions.js';

const sessions = devSessions();

/** Fails until it has run `FAILURES` times for the event's `key` (a count kept in a file of its `dir`), then answers. */
const APP = `import json, os, time

def handler(event, context):
    path = os.path.join(event["dir"], event["key"])
    runs = int(open(path).read()) + 1 if os.path.exists(path) else 1
    open(path, "w").write(str(runs))
    print("run", runs, "request", context.aws_request_id)
    time.sleep(event.get("sleep", 0))
    if runs <= int(os.environ.get("FAILURES", "0")):
        raise ValueError(f"failure {runs}")
    return {"runs": runs}

def record(event, context):
    print("record", json.dumps(event["requestContext"], sort_keys=True), json.dumps(event["responsePayload"]))
`;

const asyncLines = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'async' ? [`${e.outcome}: ${e.text}`] : []));
const runs = (events: readonly DevEvent[]) => printed(events, 'run ');

async function serve(name: string, template: string, options: { localAws?: boolean; factor?: number; timer?: Timer } = {}) {
  const dev = await sessions.serve(name, { 'template.yaml': template, 'app.py': APP }, { asyncTimer: options.timer ?? scaledTimer(options.factor ?? 1000), localAws: options.localAws === true });
  const ready = dev.events.find((e): e is Extract<DevEvent, { type: 'ready' }> => e.type === 'ready')!;
  return { dir: dev.dir, events: dev.events, lambdaApi: ready.lambdaApi!, endpoint: dev.endpoint, session: dev.session };
}

/** invoke(InvocationType="Event") with boto3: the status and request id Lambda answers with. */
async function invokeEvent(lambdaApi: string, functionName: string, payload: unknown): Promise<{ status: number; requestId: string }> {
  return await pythonJson([
    'import json, boto3',
    `c = boto3.client("lambda", endpoint_url=${JSON.stringify(lambdaApi)}, region_name="us-east-1")`,
    `r = c.invoke(FunctionName=${JSON.stringify(functionName)}, InvocationType="Event", Payload=${JSON.stringify(JSON.stringify(payload))})`,
    'print(json.dumps({"status": r["StatusCode"], "requestId": r["ResponseMetadata"]["RequestId"]}))',
  ].join('\n')) as { status: number; requestId: string };
}

/** A dead-letter message as Lambda sends it: the event, with the request id and the error's message in its attributes. */
const deadLetter = (event: unknown, requestId: string, errorMessage: string) => ({
  body: event,
  attributes: {
    RequestID: { DataType: 'String', StringValue: requestId },
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: errorMessage },
  },
});

describe('dev: asynchronous invocations as Lambda handles them', () => {
  it('retries a function error twice with the same request id, and says where OnSuccess would go without --local-aws', async () => {
    const { dir, events, lambdaApi } = await serve('async-retry', fnTemplate({
      properties: ['Environment: { Variables: { FAILURES: "2" } }', 'EventInvokeConfig:', '  DestinationConfig:', '    OnSuccess: { Type: SQS, Destination: arn:aws:sqs:us-east-1:123456789012:done }'],
    }));
    const { status, requestId } = await invokeEvent(lambdaApi, 'Fn', { dir, key: 'count' });
    expect(status).toBe(202);
    await eventually(() => (asyncLines(events).some((l) => l.startsWith('not-delivered')) ? true : undefined), 20_000);
    expect(runs(events)).toEqual([`run 1 request ${requestId}`, `run 2 request ${requestId}`, `run 3 request ${requestId}`]);
    expect(asyncLines(events)).toEqual([
      'retry: function error ValueError: retry 1 of 2 in 60 s',
      'retry: function error ValueError: retry 2 of 2 in 120 s',
      'not-delivered: OnSuccess SQS arn:aws:sqs:us-east-1:123456789012:done: the record would be sent there (with --local-aws, to the local endpoint)',
    ]);
    expect(events.filter((e) => e.type === 'async').every((e) => e.type === 'async' && e.requestId === requestId && e.functionId === 'Fn')).toBe(true);
  }, 60_000);

  it('under --local-aws sends the record to an OnFailure queue and the event to the dead-letter queue once retries are exhausted, and a success record to a function', async () => {
    const template = fnTemplate({
      resources: [
        'Failed: { Type: AWS::SQS::Queue }', 'Dead: { Type: AWS::SQS::Queue }',
        'Recorder: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: app.record } }',
      ],
      properties: [
        'Environment: { Variables: { FAILURES: "2" } }',
        'EventInvokeConfig:', '  MaximumRetryAttempts: 1', '  DestinationConfig:',
        '    OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn }', '    OnSuccess: { Type: Lambda, Destination: !GetAtt Recorder.Arn }',
        'DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dead.Arn }',
      ],
    });
    const { dir, events, lambdaApi, endpoint } = await serve('async-destinations', template, { localAws: true });
    const failing = await invokeEvent(lambdaApi, 'Fn', { dir, key: 'a' });
    const [record] = await receive(endpoint!, 'Failed');
    expect(record!.body).toMatchObject({
      version: '1.0',
      requestContext: { requestId: failing.requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 2 },
      requestPayload: { dir, key: 'a' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorMessage: 'failure 2', errorType: 'ValueError', requestId: failing.requestId },
    });
    expect((record!.body as { timestamp: string }).timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const dead = await receive(endpoint!, 'Dead');
    expect(dead).toEqual([deadLetter({ dir, key: 'a' }, failing.requestId, 'failure 2')]);
    // Key c has run twice already (its count in the file): its next run succeeds, and its record goes to Recorder.
    writeFileSync(join(dir, 'c'), '2');
    const succeeding = await invokeEvent(lambdaApi, 'Fn', { dir, key: 'c' });
    const recorded = await eventually(() => events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.functionId === 'Recorder' ? [e.event.text] : []))[0], 20_000);
    expect(recorded).toBe(`record {"approximateInvokeCount": 1, "condition": "Success", "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST", "requestId": "${succeeding.requestId}"} {"runs": 3}`);
    expect(asyncLines(events)).toEqual(expect.arrayContaining([
      'retry: function error ValueError: retry 1 of 1 in 60 s',
      'failed: failed after 2 attempts: no retry left',
      'delivered: OnFailure SQS arn:aws:sqs:us-east-1:123456789012:Failed: record sent to the local endpoint',
      'delivered: DeadLetterQueue SQS arn:aws:sqs:us-east-1:123456789012:Dead: event sent to the local endpoint',
      'delivered: OnSuccess function arn:aws:lambda:us-east-1:123456789012:function:Recorder: invoked asynchronously with the record',
    ]));
  }, 90_000);

  it('drops an event older than its MaximumEventAgeInSeconds before its retry, with EventAgeExceeded in the record', async () => {
    const { dir, events, lambdaApi, endpoint } = await serve('async-age', fnTemplate({
      resources: ['Failed: { Type: AWS::SQS::Queue }'],
      properties: ['Environment: { Variables: { FAILURES: "2" } }', 'EventInvokeConfig:', '  MaximumEventAgeInSeconds: 60', '  DestinationConfig:', '    OnFailure: { Type: SQS, Destination: !GetAtt Failed.Arn }'],
    }), { localAws: true });
    const { requestId } = await invokeEvent(lambdaApi, 'Fn', { dir, key: 'old' });
    const [record] = await receive(endpoint!, 'Failed');
    expect((record!.body as { requestContext: unknown }).requestContext).toEqual({ requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST', condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
    expect(runs(events)).toEqual([`run 1 request ${requestId}`]);
    expect(asyncLines(events).slice(0, 2)).toEqual([
      'retry: function error ValueError: retry 1 of 2 in 60 s',
      'dropped: dropped before retry 1: the event is older than its MaximumEventAgeInSeconds (60 s)',
    ]);
  }, 90_000);

  it('publishes the event to an SNS dead-letter topic with its attributes (read through a queue subscribed to it)', async () => {
    const { dir, events, lambdaApi, endpoint } = await serve('async-sns', fnTemplate({
      resources: ['Inbox: { Type: AWS::SQS::Queue }'],
      properties: ['Environment: { Variables: { FAILURES: "9" } }', 'EventInvokeConfig: { MaximumRetryAttempts: 0 }', 'DeadLetterQueue: { Type: SNS, TargetArn: arn:aws:sns:us-east-1:123456789012:dead-letters }'],
    }), { localAws: true });
    await subscribeQueue(endpoint!, 'dead-letters', 'Inbox');
    const { requestId } = await invokeEvent(lambdaApi, 'Fn', { dir, key: 'sns' });
    expect(await receive(endpoint!, 'Inbox')).toEqual([deadLetter({ dir, key: 'sns' }, requestId, 'failure 1')]);
    expect(asyncLines(events)).toEqual(['failed: failed after 1 attempt: no retry left', 'delivered: DeadLetterQueue SNS arn:aws:sns:us-east-1:123456789012:dead-letters: event sent to the local endpoint']);
  }, 90_000);

  it('warns once that EventBridge destinations are not delivered, and runs a function with no retries once', async () => {
    const { dir, events, lambdaApi } = await serve('async-unsupported', fnTemplate({
      properties: [
        'Environment: { Variables: { FAILURES: "9" } }', 'EventInvokeConfig:', '  MaximumRetryAttempts: 0', '  DestinationConfig:',
        '    OnFailure: { Type: EventBridge, Destination: arn:aws:events:us-east-1:123456789012:event-bus/default }',
      ],
    }));
    await invokeEvent(lambdaApi, 'Fn', { dir, key: 'one' });
    await invokeEvent(lambdaApi, 'Fn', { dir, key: 'two' });
    await eventually(() => (asyncLines(events).length === 2 ? true : undefined), 20_000);
    const warnings = () => events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('destination') ? [e.diagnostic.message] : []));
    await eventually(() => (warnings().length > 0 ? true : undefined));
    expect(asyncLines(events)).toEqual(['failed: failed after 1 attempt: no retry left', 'failed: failed after 1 attempt: no retry left']);
    expect(runs(events)).toHaveLength(2);
    expect(warnings()).toEqual(['OnFailure EventBridge arn:aws:events:us-east-1:123456789012:event-bus/default: dev does not deliver to EventBridge destinations, so its records go nowhere locally']);
  }, 60_000);

  it("under --local-aws writes the record of a failure to an S3 OnFailure destination as an object under Lambda's key", async () => {
    const { dir, events, lambdaApi, endpoint } = await serve('async-s3', fnTemplate({
      resources: ['FailedEvents: { Type: AWS::S3::Bucket }'],
      properties: ['Environment: { Variables: { FAILURES: "9" } }', 'EventInvokeConfig:', '  MaximumRetryAttempts: 0', '  DestinationConfig:', '    OnFailure: { Type: S3, Destination: !GetAtt FailedEvents.Arn }'],
    }), { localAws: true });
    const { requestId } = await invokeEvent(lambdaApi, 'Fn', { dir, key: 's3' });
    await eventually(() => (asyncLines(events).length === 2 ? true : undefined), 20_000);
    const written = await bucketObjects(endpoint!, 'failedevents');
    expect(written).toHaveLength(1);
    const [{ key, body }] = written as [{ key: string; body: string }];
    expect(key).toMatch(/^aws\/lambda\/async\/Fn\/\d{4}\/\d\d\/\d\d\/\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d-[0-9a-f-]{36}$/);
    const record = JSON.parse(body) as { timestamp: string };
    expect(record).toEqual({
      version: '1.0', timestamp: record.timestamp,
      requestContext: { requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 1 },
      requestPayload: { dir, key: 's3' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: expect.objectContaining({ errorMessage: 'failure 1', errorType: 'ValueError' }),
    });
    // The key's date and time are the record's timestamp's, to the second.
    expect(key.split('/').slice(-1)[0]!.slice(0, 19)).toBe(record.timestamp.slice(0, 19).replaceAll(':', '.'));
    expect(asyncLines(events)).toEqual(['failed: failed after 1 attempt: no retry left', `delivered: OnFailure S3 arn:aws:s3:::failedevents: record written to the local endpoint as ${key}`]);
  }, 90_000);

  it("runs no function of the project for another account's destination function of its name", async () => {
    const { dir, events, lambdaApi } = await serve('async-elsewhere', fnTemplate({
      properties: [
        'Environment: { Variables: { FAILURES: "1" } }', 'EventInvokeConfig:', '  MaximumRetryAttempts: 0', '  DestinationConfig:',
        '    OnFailure: { Type: Lambda, Destination: arn:aws:lambda:us-east-1:210987654321:function:Fn }',
      ],
    }));
    await invokeEvent(lambdaApi, 'Fn', { dir, key: 'k' });
    await eventually(() => (asyncLines(events).length === 2 ? true : undefined), 20_000);
    expect(asyncLines(events)).toEqual([
      'failed: failed after 1 attempt: no retry left',
      'not-delivered: OnFailure function arn:aws:lambda:us-east-1:210987654321:function:Fn: an ARN of account 210987654321: dev serves 123456789012, so the record goes nowhere locally (no function of the project is run for it)',
    ]);
    expect(runs(events)).toHaveLength(1);
  }, 60_000);

  it('refuses an S3 bucket as an OnSuccess destination with its path in the template, as Lambda refuses it (on failure only), and starts nothing', async () => {
    const dir = scratchDir('async-s3-on-success');
    writeFileSync(join(dir, 'app.py'), APP);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      properties: ['EventInvokeConfig:', '  DestinationConfig:', '    OnSuccess: { Type: S3, Destination: arn:aws:s3:::succeeded }', '    OnFailure: { Type: S3, Destination: arn:aws:s3:::failed }'],
    }));
    const { code, stdout, stderr } = await cli(['dev', '--port', '0', '--no-watch'], { cwd: dir });
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe([
      'error: template.yaml has 1 problem:',
      "  Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnSuccess.Destination: 'arn:aws:s3:::succeeded' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus",
      '',
    ].join('\n'));
  });

  it('warns once at the start of a failure destination that neither the template nor the endpoint has, with where it is written', async () => {
    const { events } = await serve('async-unheld-destinations', fnTemplate({
      resources: [
        'Dlq: { Type: AWS::SQS::Queue, Properties: { QueueName: my-dlq } }', 'Alarms: { Type: AWS::SNS::Topic }', 'Kept: { Type: AWS::S3::Bucket }',
        'Clicks: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }',
      ],
      properties: ['EventInvokeConfig: { DestinationConfig: { OnFailure: { Type: SQS, Destination: arn:aws:sqs:us-east-1:123456789012:faield } } }', 'DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }'],
      events: [
        'Lost: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: S3, Destination: arn:aws:s3:::lost-records } } } }',
        'Topic: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: SNS, Destination: !Ref Alarms } } } }',
        'Bucket: { Type: Kinesis, Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, DestinationConfig: { OnFailure: { Type: S3, Destination: !GetAtt Kept.Arn } } } }',
      ],
    }), { localAws: true });
    const unheld = events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('is neither declared') ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
    const rest = 'is neither declared in template.yaml nor held by the local AWS endpoint: what a failure sends there cannot be delivered (declare it, or correct the name)';
    expect(unheld).toEqual([
      `Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination: the OnFailure destination of Fn's asynchronous invocations, the SQS queue 'faield', ${rest}`,
      `Resources.Fn.Properties.Events.Lost.Properties.DestinationConfig.OnFailure.Destination: the OnFailure destination of Fn's trigger Lost, the S3 bucket 'lost-records', ${rest}`,
    ]);
    // Said before dev said it was ready.
    expect(events.findIndex((e) => e.type === 'warning' && e.diagnostic.message.includes('is neither declared'))).toBeLessThan(events.findIndex((e) => e.type === 'ready'));
  }, 60_000);

  it('cancels a retry waiting when dev reloads', async () => {
    const { dir, events, lambdaApi, session } = await serve('async-reload', fnTemplate({ properties: ['Environment: { Variables: { FAILURES: "9" } }'] }), { factor: 1 });
    await invokeEvent(lambdaApi, 'Fn', { dir, key: 'k' });
    await eventually(() => (asyncLines(events).length > 0 ? true : undefined), 20_000);
    await session.reload([join(dir, 'app.py')]);
    await eventually(() => (asyncLines(events).length > 1 ? true : undefined));
    expect(asyncLines(events)).toEqual(['retry: function error ValueError: retry 1 of 2 in 60 s', 'cancelled: retry 1 of 2 cancelled: dev reloaded or stopped']);
    expect(runs(events)).toHaveLength(1);
  }, 60_000);

  it("cancels a retry waiting Lambda's real minute when dev stops, at once", async () => {
    const { dir, events, lambdaApi, session } = await serve('async-stop', fnTemplate({ properties: ['Environment: { Variables: { FAILURES: "9" } }'] }), { factor: 1 });
    await invokeEvent(lambdaApi, 'Fn', { dir, key: 'k' });
    await eventually(() => (asyncLines(events).length > 0 ? true : undefined), 20_000);
    const started = Date.now();
    await session.stop();
    sessions.stopped();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(asyncLines(events)).toEqual(['retry: function error ValueError: retry 1 of 2 in 60 s', 'cancelled: retry 1 of 2 cancelled: dev reloaded or stopped']);
  }, 60_000);

  it('cancels at once the retry of an attempt that fails as dev stops it', async () => {
    // The wall clock, counting the waits not over: one left would keep Node up for Lambda's minute.
    let waiting = 0;
    const timer: Timer = { now: systemTimer.now, sleep: async (ms, signal) => {
      waiting++;
      try {
        return await systemTimer.sleep(ms, signal);
      } finally {
        waiting--;
      }
    } };
    const { dir, events, lambdaApi, session } = await serve('async-stop-running', fnTemplate({ properties: ['Timeout: 30', 'Environment: { Variables: { FAILURES: "9" } }'] }), { timer });
    await invokeEvent(lambdaApi, 'Fn', { dir, key: 'k', sleep: 20 });
    await eventually(() => (runs(events).length > 0 ? true : undefined), 20_000);
    const started = Date.now();
    await session.stop();
    sessions.stopped();
    expect(Date.now() - started).toBeLessThan(5000);
    // The environment killed mid-run fails the attempt (Runtime.ExitError): its retry is cancelled at once, and no wait is left.
    await eventually(() => (asyncLines(events).length === 2 ? true : undefined), 2000);
    expect(asyncLines(events)).toEqual(['retry: function error Runtime.ExitError: retry 1 of 2 in 60 s', 'cancelled: retry 1 of 2 cancelled: dev reloaded or stopped']);
    expect(waiting).toBe(0);
  }, 60_000);
});
