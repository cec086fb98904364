// dev --local-aws applies an SQS event source mapping's settings as Lambda does: FilterCriteria (a message no filter
// matches is deleted unseen), MaximumBatchingWindowInSeconds (batches above 10 gathered over several receives),
// ScalingConfig.MaximumConcurrency (batches in flight at once), and the queue's RedrivePolicy and FIFO order, which
// the local endpoint applies on receive. Messages are sent and read with boto3 by a function behind an HTTP API.
import { describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import { eventually } from '../helpers.js';
import { devSessions, queued } from '../local-aws-sessions.js';

const sessions = devSessions();

/** A template of `queues` (logical id: properties) and a Worker with `trigger`'s SQS event, beside the Client. */
const template = (queues: Record<string, string>, trigger: string, worker = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
${Object.entries(queues).map(([id, props]) => `  ${id}:\n    Type: AWS::SQS::Queue\n    Properties: ${props}`).join('\n')}
  Client:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.client
      Timeout: 30
      Events:
        Send: { Type: HttpApi, Properties: { Path: '/send/{queue}', Method: post } }
        Read: { Type: HttpApi, Properties: { Path: '/read/{queue}', Method: get } }
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.work
      Timeout: 10${worker}
      Events:
        Queue: { Type: SQS, Properties: ${trigger} }
`;

const APP = `import json, time, boto3

sqs = boto3.client("sqs")

def client(event, context):
    url = sqs.get_queue_url(QueueName=event["pathParameters"]["queue"])["QueueUrl"]
    if event["requestContext"]["http"]["method"] == "GET":
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        return {"bodies": [m["Body"] for m in messages], "left": int(counts["ApproximateNumberOfMessages"]) + int(counts["ApproximateNumberOfMessagesNotVisible"])}
    entries = [{"Id": str(i), "MessageBody": body} for i, body in enumerate(json.loads(event["body"]))]
    if url.endswith(".fifo"):
        entries = [dict(e, MessageGroupId="g", MessageDeduplicationId=e["Id"]) for e in entries]
    for i in range(0, len(entries), 10):
        sqs.send_message_batch(QueueUrl=url, Entries=entries[i:i + 10])
    return {"statusCode": 202}

def work(event, context):
    bodies = [r["body"] for r in event["Records"]]
    print("begin", json.dumps(bodies))
    for record in event["Records"]:
        body = record["body"]
        # Several environments may run the batches: the receive count, not a module's state, says it came back.
        if body.startswith("poison") or (body.startswith("flaky") and record["attributes"]["ApproximateReceiveCount"] == "1"):
            print("end failed")
            raise ValueError(body)
        if body.startswith("slow"):
            time.sleep(1)
    print("end")
`;

async function serve(name: string, yaml: string) {
  const dev = await sessions.serve(name, { 'template.yaml': yaml, 'app.py': APP });
  const api = dev.url('ServerlessHttpApi');
  return {
    events: dev.events,
    send: async (queue: string, bodies: readonly string[]) => expect((await fetch(`${api}/send/${queue}`, { method: 'POST', body: JSON.stringify(bodies) })).status).toBe(202),
    read: async (queue: string) => (await (await fetch(`${api}/read/${queue}`)).json()) as { bodies: string[]; left: number },
    /** The Worker's `begin` and `end` lines, in order. */
    lines: () => dev.events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && /^(begin|end)/.test(e.event.text) ? [e.event.text] : [])),
    batches: () => queued(dev.events),
  };
}

const total = (batches: ReadonlyArray<Extract<DevEvent, { type: 'queue' }>>, key: 'messages' | 'deleted' | 'filtered') => batches.reduce((n, b) => n + (b[key] ?? 0), 0);

describe('dev --local-aws: an SQS trigger\'s mapping settings', () => {
  it('deletes without an invocation the messages FilterCriteria lets through none of, a JSON body filtered on its fields', async () => {
    const pattern = String.raw`'{"body": {"kind": ["job"]}}'`;
    const dev = await serve('queue-filter', template({ Jobs: '{ QueueName: jobs }' }, `{ Queue: !GetAtt Jobs.Arn, FilterCriteria: { Filters: [{ Pattern: ${pattern} }] } }`));
    await dev.send('jobs', ['{"kind": "report"}', 'job', '{"kind": "job", "n": 1}']);
    await eventually(() => (total(dev.batches(), 'messages') + total(dev.batches(), 'filtered') >= 3 ? true : undefined), 20_000);
    // Only the JSON body whose kind is job ran; the plain "job" body is dropped under a body object, as Lambda does.
    expect(dev.lines().filter((l) => l.startsWith('begin'))).toEqual(['begin ["{\\"kind\\": \\"job\\", \\"n\\": 1}"]']);
    expect(total(dev.batches(), 'filtered')).toBe(2);
    expect(total(dev.batches(), 'deleted')).toBe(1);
    // Deleted, not left to come back: nothing is in the queue, visible or not.
    expect(await dev.read('jobs')).toEqual({ bodies: [], left: 0 });
  }, 60_000);

  it('gathers a batch above 10 messages over several receives within MaximumBatchingWindowInSeconds', async () => {
    const dev = await serve('queue-window', template({ Jobs: '{ QueueName: jobs }' }, '{ Queue: !GetAtt Jobs.Arn, BatchSize: 25, MaximumBatchingWindowInSeconds: 5 }'));
    await dev.send('jobs', Array.from({ length: 25 }, (_, i) => `m${i}`));
    const batch = await eventually(() => dev.batches()[0], 20_000);
    expect(batch).toMatchObject({ functionId: 'Worker', queue: 'jobs', messages: 25, deleted: 25 });
    expect(dev.lines().filter((l) => l.startsWith('begin')).map((l) => (JSON.parse(l.slice(6)) as string[]).length)).toEqual([25]);
  }, 60_000);

  it('runs batches at once up to ScalingConfig.MaximumConcurrency', async () => {
    const dev = await serve('queue-concurrency', template({ Jobs: '{ QueueName: jobs }' }, '{ Queue: !GetAtt Jobs.Arn, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } }'));
    await dev.send('jobs', ['slow1', 'slow2', 'slow3', 'slow4']);
    await eventually(() => (total(dev.batches(), 'deleted') >= 4 ? true : undefined), 30_000);
    // How many batches were in the function at once, from its begin and end lines: two, never more.
    let open = 0;
    let most = 0;
    for (const line of dev.lines()) {
      open += line.startsWith('begin') ? 1 : -1;
      most = Math.max(most, open);
    }
    expect(most).toBe(2);
  }, 60_000);

  it('moves a message that keeps failing to the queue\'s dead-letter queue after maxReceiveCount receives', async () => {
    const queues = {
      Dead: '{ QueueName: dead }',
      Jobs: '{ QueueName: jobs, VisibilityTimeout: 3, RedrivePolicy: { deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 2 } }',
    };
    const dev = await serve('queue-dlq', template(queues, '{ Queue: !GetAtt Jobs.Arn }'));
    await dev.send('jobs', ['poison']);
    // Two failed invocations, then the receive after the second's visibility timeout moves it.
    await eventually(() => (dev.batches().length >= 2 ? true : undefined), 30_000);
    let dead = await dev.read('dead');
    for (const deadline = Date.now() + 10_000; dead.bodies.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      dead = await dev.read('dead');
    }
    expect(dead.bodies).toEqual(['poison']);
    expect(await dev.read('jobs')).toEqual({ bodies: [], left: 0 });
    // Two invocations, both failed; none after the move.
    expect(dev.batches().map((b) => [b.messages, b.deleted, b.reason])).toEqual([[1, 0, 'function error ValueError'], [1, 0, 'function error ValueError']]);
  }, 60_000);

  it('hands a FIFO queue\'s group over in order, a failed message holding back the rest of its group', async () => {
    // A visibility timeout longer than a cold start on a loaded machine, or a message processed comes back before its delete.
    const dev = await serve('queue-fifo', template({ Jobs: '{ QueueName: jobs.fifo, FifoQueue: true, VisibilityTimeout: 4 }' }, '{ Queue: !GetAtt Jobs.Arn, BatchSize: 1 }'));
    await dev.send('jobs.fifo', ['a', 'flaky-b', 'c', 'd']);
    await eventually(() => (total(dev.batches(), 'deleted') >= 4 ? true : undefined), 30_000);
    // Five pollers, yet one batch of the group at a time, in the order sent: b fails once, and c waits for it to come back.
    expect(dev.lines()).toEqual(['begin ["a"]', 'end', 'begin ["flaky-b"]', 'end failed', 'begin ["flaky-b"]', 'end', 'begin ["c"]', 'end', 'begin ["d"]', 'end']);
  }, 60_000);
});
