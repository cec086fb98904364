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
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
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
    // The all-failed batch was a function error: nothing of it deleted until it came back.
    expect(queued(dev.events).map((e) => [e.messages, e.deleted, e.reason])).toEqual([[2, 1, undefined], [1, 1, undefined], [1, 0, 'function error BatchProcessingError'], [1, 1, undefined]]);
  }, 60_000);
});
