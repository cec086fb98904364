/**
 * Lambda's SQS event source mapping, as `dev --local-aws` runs it against the local endpoint's queues (Lambda
 * developer guide, "Using Lambda with Amazon SQS"): the mapping polls a queue, hands the function a batch of up
 * to BatchSize messages (gathered over its batching window), and deletes the batch once the function returns; a function
 * error leaves every message to come back after its visibility timeout. With ReportBatchItemFailures the function
 * names the messages that failed (`{"batchItemFailures": [{"itemIdentifier": messageId}]}`): only the others are
 * deleted, and an answer Lambda cannot read fails the whole batch.
 */
import type { Project } from '../model/project.js';
import { reportedFailures } from './batch-item-failures.js';

export interface QueueMapping {
  readonly functionId: string;
  /** The alias the mapping invokes (EventSource's qualifier). */
  readonly qualifier?: string;
  /** The event source's id (`Jobs` of a SAM function's Events), for messages. */
  readonly sourceId: string;
  readonly queueName: string;
  /** Messages per invocation, gathered over several receives of at most 10 each. */
  readonly batchSize: number;
  /** How long the poller gathers a batch from its first message (MaximumBatchingWindowInSeconds); 0: one receive. */
  readonly batchingWindowMs: number;
  /** Pollers, each with a batch of its own in flight; they gather batches one at a time (dev-queue-pollers.ts). */
  readonly pollers: number;
  readonly reportBatchItemFailures: boolean;
  /** FilterCriteria's patterns: a message none matches is deleted without an invocation (queue-filter.ts). */
  readonly filters: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Lambda starts with five pollers for a queue and adds more with its backlog ("Configuring scaling behavior for SQS
 * event source mappings"); locally five stay, fewer with ScalingConfig's MaximumConcurrency or the function's
 * reserved concurrency, so that no more batches are in flight than Lambda would run at once.
 */
const LOCAL_POLLERS = 5;

/** The mappings whose queue the local endpoint holds (`queues`: the names it created). */
export function queueMappings(project: Project, queues: ReadonlySet<string>): QueueMapping[] {
  return project.functions.flatMap((fn) => fn.events.flatMap((source): QueueMapping[] => {
    if (source.kind !== 'sqs' || source.disabled) return [];
    const queueName = source.queue.startsWith('arn:') ? source.queue.slice(source.queue.lastIndexOf(':') + 1) : source.queue.slice(source.queue.lastIndexOf('/') + 1);
    if (!queues.has(queueName)) return [];
    const fifo = queueName.endsWith('.fifo');
    // A FIFO queue takes no batching window and at most 10 a batch; a standard one up to 10,000 with a window
    // ("Lambda parameters for Amazon SQS event source mappings"), which CreateEventSourceMapping requires above 10.
    const window = fifo ? 0 : Math.min(Math.max(source.batchingWindow ?? 0, 0), 300);
    const batchSize = Math.min(Math.max(source.batchSize ?? 10, 1), window > 0 ? 10_000 : 10);
    // Reserved concurrency 0 keeps one poller, whose invocations are refused as Lambda throttles them.
    const pollers = Math.max(1, Math.min(LOCAL_POLLERS, source.maximumConcurrency ?? LOCAL_POLLERS, fn.reservedConcurrency ?? LOCAL_POLLERS));
    return [{
      functionId: fn.id,
      ...(source.qualifier ? { qualifier: source.qualifier } : {}),
      sourceId: source.id,
      queueName,
      batchSize,
      batchingWindowMs: window * 1000,
      pollers,
      reportBatchItemFailures: source.reportBatchItemFailures === true,
      filters: source.filters ?? [],
    }];
  }));
}

/** Lambda's payload limit for an invocation, which a batch stops growing before (6 MB), and SQS's for a message. */
const PAYLOAD_LIMIT = 6 * 1024 * 1024;
const MESSAGE_LIMIT = 256 * 1024;

/**
 * The next receive of a batch being gathered (`count` messages, `bytes` of their records, `elapsedMs` since the first),
 * or undefined when the batch is done: it holds BatchSize, its window is over, or one more receive of full-size messages
 * could take it past 6 MB. A receive asks for 10 at most, SQS's limit, and waits up to a second (a stopped poller ends
 * within it), not past the window's end.
 */
export function nextReceive(mapping: Pick<QueueMapping, 'batchSize' | 'batchingWindowMs'>, gathered: { readonly count: number; readonly bytes: number; readonly elapsedMs: number }): { maxMessages: number; waitSeconds: number } | undefined {
  if (gathered.count === 0) return { maxMessages: Math.min(10, mapping.batchSize), waitSeconds: 1 };
  const left = mapping.batchSize - gathered.count;
  const room = Math.floor((PAYLOAD_LIMIT - gathered.bytes) / MESSAGE_LIMIT);
  const windowLeft = mapping.batchingWindowMs - gathered.elapsedMs;
  if (left <= 0 || room <= 0 || windowLeft <= 0) return undefined;
  return { maxMessages: Math.min(10, left, room), waitSeconds: windowLeft >= 1000 ? 1 : 0 };
}

/** A message as SQS's ReceiveMessage returns it (JSON protocol). */
export interface ReceivedMessage {
  readonly MessageId: string;
  readonly ReceiptHandle: string;
  readonly Body: string;
  readonly MD5OfBody: string;
  readonly Attributes?: Readonly<Record<string, string>>;
  readonly MessageAttributes?: Readonly<Record<string, { readonly DataType: string; readonly StringValue?: string; readonly BinaryValue?: string }>>;
}

/** The event Lambda builds of a batch (its record keys as the docs' "Example standard queue message event"). */
export function sqsBatchEvent(messages: readonly ReceivedMessage[], queueArn: string, region: string) {
  return { Records: messages.map((m) => sqsRecord(m, queueArn, region)) };
}

/** One message as a record of Lambda's event: what a filter matches, and what the function gets. */
export function sqsRecord(m: ReceivedMessage, queueArn: string, region: string) {
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: { ...(m.Attributes ?? {}) },
    messageAttributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, a]) => [name, {
      ...(a.StringValue === undefined ? {} : { stringValue: a.StringValue }),
      ...(a.BinaryValue === undefined ? {} : { binaryValue: a.BinaryValue }),
      stringListValues: [],
      binaryListValues: [],
      dataType: a.DataType,
    }])),
    md5OfBody: m.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which messages of a batch the mapping deletes after an invocation: none on a function error; all on success;
 * with ReportBatchItemFailures, all but those the answer names (none when the answer names one that was not in
 * the batch, or is not such a document, as Lambda then takes the whole batch as failed).
 */
export function messagesToDelete(mapping: Pick<QueueMapping, 'reportBatchItemFailures'>, batch: readonly ReceivedMessage[], outcome: { readonly functionError: boolean; readonly payload: string }): ReceivedMessage[] {
  if (outcome.functionError) return [];
  if (!mapping.reportBatchItemFailures) return [...batch];
  const failed = reportedFailures(outcome.payload, new Set(batch.map((m) => m.MessageId)));
  return failed === 'all' ? [] : batch.filter((m) => !failed.has(m.MessageId));
}
