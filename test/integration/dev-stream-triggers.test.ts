// dev --local-aws runs a template's Kinesis and DynamoDB stream triggers against the local endpoint's streams, as
// Lambda's event source mapping does: a record a function puts (boto3's put_records, a put_item on a table with a
// StreamSpecification) reaches the trigger's function in Lambda's batch event, in order, retried until it succeeds or
// is given up, when the record of what was given up goes to the trigger's OnFailure destination.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { laneOf } from '../../src/core/local-aws/stream-lanes.js';
import { eventually, scratchDir, SLOW_HANDLER, stopWhileWorking } from '../helpers.js';
import { devSessions, printed, printedJson, streamed } from '../local-aws-sessions.js';
import { APP, put, TEMPLATE, withClickWorker } from '../stream-trigger-apps.js';

const sessions = devSessions();
const serve = (name: string, template: string, app: string) => sessions.serve(name, { 'template.yaml': template, 'app.py': app });

/**
 * A worker that reads two batches of one shard at once (ParallelizationFactor: 2), one record a batch. The first
 * batch of each lane waits for the other lane's first to start (MARKS holds a file for each record begun): if the
 * lanes took turns, the first would wait in vain. A wait on the other lane, not on time: a second environment's
 * cold start on a loaded machine can outlast any fixed overlap.
 */
const parallelWorker = (marks: string) => withClickWorker('ParallelWorker', 'parallel', 'BatchSize: 1, ParallelizationFactor: 2')
  .replace('Handler: app.parallel', `Handler: app.parallel\n      Timeout: 60\n      Environment: { Variables: { MARKS: ${marks} } }`);

const PARALLEL_APP = `${APP}
import time

FIRSTS = {"x1": "y1", "y1": "x1"}

def parallel(event, context):
    name = json.loads(base64.b64decode(event["Records"][0]["kinesis"]["data"]))["name"]
    start = time.time()
    open(os.path.join(os.environ["MARKS"], name), "w").close()
    other = os.path.join(os.environ["MARKS"], FIRSTS.get(name, name))
    while not os.path.exists(other) and time.time() < start + 45:
        time.sleep(0.05)
    print("lane", json.dumps({"name": name, "start": start, "end": time.time(), "metOther": os.path.exists(other)}))
`;

describe('dev --local-aws: stream triggers', () => {
  it('hands a Kinesis trigger what was put, filtered, and retries from the record its function reports failed', async () => {
    // ClickWorker comes with a reload once the records are all in the stream (its trigger reads from TRIM_HORIZON): moto
    // stores a put_records call's records one by one (0.5 s apart under load), and a poll between them split the batch.
    const dev = await serve('stream-triggers', TEMPLATE.replace(/ {2}ClickWorker:[\s\S]*?(?= {2}OrderWorker:)/, ''), APP);
    const records = [{ kind: 'click', name: 'a' }, { kind: 'noise', name: 'n' }, { kind: 'click', name: 'flaky' }, { kind: 'click', name: 'b' }];
    await put(dev.url, { records });
    writeFileSync(join(dev.dir, 'template.yaml'), TEMPLATE);
    await dev.session.reload([join(dev.dir, 'template.yaml')]);
    await eventually(() => (streamed(dev.events).reduce((n, e) => n + e.processed, 0) >= 3 ? true : undefined), 45_000);
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
    // Both workers are served by their pollers, which the ready banner names with their streams.
    const ready = dev.events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' ? [...(ready.triggered ?? [])].sort((a, b) => a.functionId.localeCompare(b.functionId)) : undefined).toEqual([
      { functionId: 'ClickWorker', service: 'kinesis', name: 'Clicks' }, { functionId: 'OrderWorker', service: 'dynamodb', name: 'Orders' },
    ]);
    // LATEST: dev is ready once its pollers read the stream, so what is put after reaches the function.
    await put(dev.url, { items: ['once'] });
    await eventually(() => (streamed(dev.events).some((e) => e.processed === 1) ? true : undefined), 20_000);
    await put(dev.url, { items: ['never'] });
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
    await put(dev.url, { records: [{ kind: 'click', name: 'long' }] });
    expect(await stopWhileWorking(dev)).toBeLessThan(10_000);
    sessions.stopped();
    expect(streamed(dev.events)).toEqual([]);
  }, 60_000);

  it('starts polling a trigger a reload adds, and says once that a stream outside the template is not polled', async () => {
    const outside = '        Elsewhere: { Type: Kinesis, Properties: { Stream: arn:aws:kinesis:us-east-1:123456789012:stream/elsewhere, StartingPosition: LATEST } }\n';
    const post = '        Post: { Type: HttpApi, Properties: { Path: /put, Method: post } }\n';
    const template = TEMPLATE.replace(post, `${post}${outside}`);
    const dev = await serve('stream-triggers-reload', template.slice(0, template.indexOf('  ClickWorker:')), APP);
    const { dir } = dev;
    await put(dev.url, { records: [{ kind: 'click', name: 'early' }] });
    // The trigger a reload adds reads from TRIM_HORIZON: the record put before it reaches the function.
    writeFileSync(join(dir, 'template.yaml'), template);
    await dev.session.reload([join(dir, 'template.yaml')]);
    await eventually(() => (streamed(dev.events).some((e) => e.processed === 1) ? true : undefined), 20_000);
    expect(printed(dev.events, 'click').map((line) => line.split(' aws:')[0])).toEqual(['click early seen 1']);
    const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('elsewhere') ? [e.diagnostic.message] : []));
    expect(warnings).toEqual(['the Kinesis trigger Elsewhere of Producer reads the Kinesis stream elsewhere, which the local AWS endpoint does not hold (it is not one of the template\'s resources): it is not polled']);
  }, 60_000);

  it('hands a Kinesis trigger with a ParallelizationFactor two batches of a shard at once, each partition key\'s records in order', async () => {
    const marks = scratchDir('stream-parallel-marks');
    const dev = await serve('stream-parallel', parallelWorker(marks), PARALLEL_APP);
    // Two keys in different lanes: their batches run side by side, each key's one after the other.
    const keys = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    const x = keys.find((k) => laneOf(k, 2) === 0)!;
    const y = keys.find((k) => laneOf(k, 2) === 1)!;
    const records = [{ name: 'x1', key: x }, { name: 'y1', key: y }, { name: 'x2', key: x }, { name: 'y2', key: y }];
    await put(dev.url, { records });
    const ran = () => new Map(printedJson<{ name: string; start: number; end: number; metOther: boolean }>(dev.events, 'lane').map((r) => [r.name, r]));
    await eventually(() => (ran().size === 4 ? true : undefined), 90_000);
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((name) => ran().get(name)!);
    expect(x2!.start).toBeGreaterThanOrEqual(x1!.end);
    expect(y2!.start).toBeGreaterThanOrEqual(y1!.end);
    // With one lane (ParallelizationFactor 1) each batch would wait for the one before: x1 would wait for y1 in vain.
    expect([x1!.metOther, y1!.metOther]).toEqual([true, true]);
    expect(y1!.start).toBeLessThan(x1!.end);
    expect(x1!.start).toBeLessThan(y1!.end);
    expect(streamed(dev.events).filter((e) => e.functionId === 'ParallelWorker').map((e) => [e.records, e.processed])).toEqual([[1, 1], [1, 1], [1, 1], [1, 1]]);
  }, 150_000);

});
