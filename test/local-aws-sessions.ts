/**
 * What the integration tests of dev's triggers and destinations share (SQS and stream triggers, asynchronous
 * invocations): a dev session per test on a project of its own, stopped after it, and readers of its events and of
 * the local endpoint.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { DevEvent, DevOptions, DevSession } from '../src/api/dev.js';
import { pythonJson, scratchDir, startDev } from './helpers.js';

/** Sessions of a test file: `serve` starts one (with --local-aws unless the options say otherwise), stopped after each test. */
export function devSessions() {
  let session: DevSession | undefined;
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });
  return {
    /** dev on the files given (`template.yaml`, `app.py` ...), in a directory of its own. */
    async serve(name: string, files: Readonly<Record<string, string>>, options: Partial<DevOptions> = {}) {
      const dir = scratchDir(name);
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      const dev = await startDev(dir, { localAws: true, ...options });
      session = dev.session;
      return { ...dev, dir, endpoint: localAwsEndpoint(dev.events) };
    },
    /** The test stopped its session itself. */
    stopped() {
      session = undefined;
    },
  };
}

/**
 * A queue, a Producer behind `POST /jobs` (its app.py's `produce`, given QUEUE_URL) and a Worker (`app.work`) on the
 * queue's trigger with ReportBatchItemFailures: a SAM app of an API and a queue worker.
 */
export const QUEUE_WORKER_TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { VisibilityTimeout: 1 }
  Producer:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.produce
      Environment: { Variables: { QUEUE_URL: !Ref Jobs } }
      Events:
        Post: { Type: HttpApi, Properties: { Path: /jobs, Method: post } }
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.work
      # One environment, which counts what it saw: Lambda's pollers run batches at once on as many as it may have.
      ReservedConcurrentExecutions: 1
      Events:
        Queue: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 5, FunctionResponseTypes: [ReportBatchItemFailures] } }
`;

/** The local AWS endpoint dev started, from its `local-aws` event. */
export function localAwsEndpoint(events: readonly DevEvent[]): string | undefined {
  return events.find((e): e is Extract<DevEvent, { type: 'local-aws' }> => e.type === 'local-aws')?.endpoint;
}

/** The lines the functions (or the one function given) printed that start with `prefix`, in order. */
export function printed(events: readonly DevEvent[], prefix: string, functionId?: string): string[] {
  return events.flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && (functionId === undefined || e.event.functionId === functionId) && e.event.text.startsWith(prefix) ? [e.event.text] : []));
}

/** The JSON the functions printed after `prefix` and a space (`print("batch", json.dumps(...))`). */
export function printedJson<T>(events: readonly DevEvent[], prefix: string, functionId?: string): T[] {
  return printed(events, `${prefix} `, functionId).map((line) => JSON.parse(line.slice(prefix.length + 1)) as T);
}

/** The stream triggers' batch events. */
export const streamed = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'stream' ? [e] : []));

/** The SQS triggers' batch events. */
export const queued = (events: readonly DevEvent[]) => events.flatMap((e) => (e.type === 'queue' ? [e] : []));

/** Makes the SNS topic on the endpoint and subscribes the queue to it (raw delivery), to read what is published there. */
export async function subscribeQueue(endpoint: string, topic: string, queue: string): Promise<void> {
  await pythonJson([
    'import json, boto3',
    `sns = boto3.client("sns", endpoint_url=${JSON.stringify(endpoint)}, region_name="us-east-1")`,
    `arn = sns.create_topic(Name=${JSON.stringify(topic)})["TopicArn"]`,
    `sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=${JSON.stringify(`arn:aws:sqs:us-east-1:123456789012:${queue}`)}, Attributes={"RawMessageDelivery": "true"})`,
    'print(json.dumps(arn))',
  ].join('\n'));
}

/** The objects of a bucket of the local endpoint: their keys and bodies, read with boto3. */
export async function bucketObjects(endpoint: string, bucket: string): Promise<Array<{ key: string; body: string }>> {
  return await pythonJson([
    'import json, boto3',
    `s3 = boto3.client("s3", endpoint_url=${JSON.stringify(endpoint)}, region_name="us-east-1")`,
    `keys = [o["Key"] for o in s3.list_objects_v2(Bucket=${JSON.stringify(bucket)}).get("Contents", [])]`,
    `print(json.dumps([{"key": k, "body": s3.get_object(Bucket=${JSON.stringify(bucket)}, Key=k)["Body"].read().decode()} for k in keys]))`,
  ].join('\n')) as Array<{ key: string; body: string }>;
}
