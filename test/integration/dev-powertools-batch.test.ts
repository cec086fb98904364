// Powertools' batch utility (process_partial_response) behind dev --local-aws's SQS trigger with
// ReportBatchItemFailures: a failed record is reported and comes back, and a batch whose records all fail makes
// Powertools raise BatchProcessingError ("All records failed processing"), a function error, after which Lambda's
// mapping deletes nothing and the whole batch comes back.
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers.js';
import { devSessions, printed, queued, QUEUE_WORKER_TEMPLATE } from '../local-aws-sessions.js';

const sessions = devSessions();


const APP = `import json, os, boto3
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

def produce(event, context):
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=os.environ["QUEUE_URL"].rsplit("/", 1)[-1])["QueueUrl"]
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": b} for i, b in enumerate(json.loads(event["body"]))])
    return {"statusCode": 202}

processor = BatchProcessor(event_type=EventType.SQS)
SEEN = []

def record_handler(record):
    SEEN.append(record.body)
    print("record", record.body, "seen", SEEN.count(record.body))
    # A "flaky" record fails the first time it is seen.
    if record.body.startswith("flaky") and SEEN.count(record.body) == 1:
        raise ValueError("not yet")

def work(event, context):
    bodies = [r["body"] for r in event["Records"]]
    try:
        response = process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    except BatchProcessingError:
        print("batch", json.dumps(bodies), "raised")
        raise
    failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
    print("batch", json.dumps(bodies), "reported", json.dumps([r["body"] for r in event["Records"] if r["messageId"] in failed]))
    return response
`;

describe('dev --local-aws: Powertools batch processing of an SQS trigger', () => {
  it('redelivers the records Powertools reports failed, and the whole batch when all failed', async () => {
    const dev = await sessions.serve('powertools-batch', { 'template.yaml': QUEUE_WORKER_TEMPLATE, 'app.py': APP });
    const send = async (bodies: string[]) => expect((await fetch(`${dev.url('ServerlessHttpApi')}/jobs`, { method: 'POST', body: JSON.stringify(bodies) })).status).toBe(202);
    const deleted = () => queued(dev.events).reduce((n, e) => n + e.deleted, 0);
    await send(['one', 'flaky-a']);
    await eventually(() => (deleted() >= 2 ? true : undefined), 20_000);
    await send(['flaky-b']);
    await eventually(() => (deleted() >= 3 ? true : undefined), 20_000);
    const records = printed(dev.events, 'record', 'Worker');
    expect(records.filter((r) => r.startsWith('record one '))).toEqual(['record one seen 1']);
    expect(records.filter((r) => r.startsWith('record flaky-a '))).toEqual(['record flaky-a seen 1', 'record flaky-a seen 2']);
    expect(records.filter((r) => r.startsWith('record flaky-b '))).toEqual(['record flaky-b seen 1', 'record flaky-b seen 2']);
    // moto may hand a send_message_batch's messages to the poller over two receives, each then a batch of its own:
    // flaky-a alone then fails all its batch, a function error, where beside "one" Powertools reports it.
    const batches = printed(dev.events, 'batch', 'Worker');
    expect([
      ['batch ["one", "flaky-a"] reported ["flaky-a"]', 'batch ["flaky-a"] reported []'],
      ['batch ["one"] reported []', 'batch ["flaky-a"] raised', 'batch ["flaky-a"] reported []'],
    ]).toContainEqual(batches.slice(0, -2));
    expect(batches.slice(-2)).toEqual(['batch ["flaky-b"] raised', 'batch ["flaky-b"] reported []']);
    // What dev deleted of each batch: all but the reported records, and nothing of an all-failed batch until it came
    // back. Sorted: a poller's event comes after its deletes, which the next batch's invocation may overtake.
    const outcome = (line: string) => {
      const [, bodies, reported] = /^batch (\[.*?\]) (?:raised|reported (\[.*\]))$/.exec(line)!;
      const n = (JSON.parse(bodies!) as string[]).length;
      return reported === undefined ? [n, 0, 'function error BatchProcessingError'] : [n, n - (JSON.parse(reported) as string[]).length, undefined];
    };
    const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(queued(dev.events).map((e) => [e.messages, e.deleted, e.reason]))).toEqual(sorted(batches.map(outcome)));
  }, 60_000);
});
