// dev --local-aws runs a template's SQS triggers against the local endpoint's queues, as Lambda's event source
// mapping does: a message an HTTP function sends reaches the worker, which is what a SAM or serverless.yml app of
// an API and a queue worker does deployed (serverless/examples' aws-python-sqs-worker, for one).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, SLOW_HANDLER, stopWhileWorking } from '../helpers.js';
import { devSessions, printed, queued, QUEUE_WORKER_TEMPLATE } from '../local-aws-sessions.js';

const sessions = devSessions();
const serve = (name: string, template: string, app: string) => sessions.serve(name, { 'template.yaml': template, 'app.py': app });
/** Has the Producer send these messages to the queue. */
const send = async (url: (id: string) => string, bodies: readonly string[]) => expect((await fetch(`${url('ServerlessHttpApi')}/jobs`, { method: 'POST', body: JSON.stringify(bodies) })).status).toBe(202);

const TEMPLATE = QUEUE_WORKER_TEMPLATE;

const APP = `import json, os, boto3

def produce(event, context):
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=os.environ["QUEUE_URL"].rsplit("/", 1)[-1])["QueueUrl"]
    for body in json.loads(event["body"]):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes={"kind": {"DataType": "String", "StringValue": "job"}})
    return {"statusCode": 202}

SEEN = []

def work(event, context):
    failures = []
    for record in event["Records"]:
        SEEN.append(record["body"])
        print("record", json.dumps({k: record[k] for k in ("body", "eventSource", "messageAttributes")}), "seen", SEEN.count(record["body"]))
        # "flaky" fails once, then succeeds when it comes back.
        if record["body"] == "flaky" and SEEN.count("flaky") == 1:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
`;

describe('dev --local-aws: SQS triggers', () => {
  // SAM points the mapping at the function's AutoPublishAlias (sam_resources.py), so Lambda runs it as Worker:live.
  it("invokes a worker with AutoPublishAlias as its alias, as SAM's mapping does", async () => {
    const template = TEMPLATE.replace('      ReservedConcurrentExecutions: 1\n', '      ReservedConcurrentExecutions: 1\n      AutoPublishAlias: live\n');
    const app = `${APP}\ndef arn(event, context):\n    print("arn", context.invoked_function_arn, context.function_version)\n`;
    const dev = await serve('queue-trigger-alias', template.replace('Handler: app.work', 'Handler: app.arn'), app);
    await send(dev.url, ['one']);
    await eventually(() => (queued(dev.events).some((e) => e.deleted === 1) ? true : undefined), 20_000);
    expect(printed(dev.events, 'arn')).toEqual(['arn arn:aws:lambda:us-east-1:123456789012:function:Worker:live $LATEST']);
  }, 60_000);

  it('hands the worker what the producer sends, deletes what it processed, and redelivers what it reports failed', async () => {
    const dev = await serve('queue-triggers', TEMPLATE, APP);
    await send(dev.url, ['one', 'flaky']);
    // Both processed, "flaky" twice: first reported failed and left, then redelivered once visible again (1 s).
    await eventually(() => (queued(dev.events).reduce((n, e) => n + e.deleted, 0) >= 2 ? true : undefined), 20_000);
    const records = printed(dev.events, 'record');
    expect(records).toContain('record {"body": "one", "eventSource": "aws:sqs", "messageAttributes": {"kind": {"stringValue": "job", "stringListValues": [], "binaryListValues": [], "dataType": "String"}}} seen 1');
    expect(records.filter((r) => r.includes('"flaky"')).map((r) => r.slice(-6))).toEqual(['seen 1', 'seen 2']);
    const batches = queued(dev.events);
    const queue = dev.events.flatMap((e) => (e.type === 'local-aws' ? e.created.filter((c) => c.kind === 'queue').map((c) => c.name) : []));
    expect([...new Set(batches.map((b) => `${b.queue} ${b.functionId}`))]).toEqual([`${queue[0]} Worker`]);
    expect(batches.reduce((n, b) => n + b.messages, 0)).toBe(3);
    expect(batches.reduce((n, b) => n + b.deleted, 0)).toBe(2);
    // The worker is served by its poller, which the ready banner says; `unserved` keeps it (no HTTP route reaches it).
    const ready = dev.events.find((e) => e.type === 'ready');
    expect(ready).toMatchObject({ unserved: ['Worker'], triggered: [{ functionId: 'Worker', service: 'sqs', name: queue[0] }] });
  }, 60_000);

  it('stops at once with a batch in flight, leaving it in the queue', async () => {
    const dev = await serve('queue-triggers-stop', TEMPLATE.replace('Handler: app.work', 'Handler: app.slow\n      Timeout: 60'), `${APP}${SLOW_HANDLER}`);
    await send(dev.url, ['long']);
    expect(await stopWhileWorking(dev)).toBeLessThan(10_000);
    sessions.stopped();
    expect(dev.events.filter((e) => e.type === 'queue' && e.deleted > 0)).toEqual([]);
  }, 60_000);

  it('deletes the batch in flight when a reload changes its trigger, once its function has processed it', async () => {
    const template = (batchSize: number) => TEMPLATE.replace('VisibilityTimeout: 1', 'VisibilityTimeout: 60').replace('Handler: app.work', 'Handler: app.slow\n      Timeout: 10').replace('BatchSize: 5', `BatchSize: ${batchSize}`);
    const dev = await serve('queue-triggers-reload', template(5), `${APP}\nimport time\n\ndef slow(event, context):\n    print("working")\n    time.sleep(1.5)\n`);
    const { dir } = dev;
    await send(dev.url, ['once']);
    // The worker's cold start (it imports boto3) comes first: 20 s for a loaded machine.
    await eventually(() => (printed(dev.events, 'working').length > 0 ? true : undefined), 20_000);
    // Another BatchSize: another mapping, whose poller replaces this one while the function works on the batch.
    writeFileSync(join(dir, 'template.yaml'), template(4));
    await dev.session.reload([join(dir, 'template.yaml')]);
    // The message was processed: it is deleted, where it stayed to come back (60 s on) and be processed again.
    const batch = await eventually(() => dev.events.find((e) => e.type === 'queue'));
    expect(batch).toMatchObject({ functionId: 'Worker', messages: 1, deleted: 1 });
  }, 60_000);
});
