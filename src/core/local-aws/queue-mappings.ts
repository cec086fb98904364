/**
 * Lambda's SQS event source mapping, as `dev --local-aws` runs it against the local endpoint's queues (Lambda
 * developer guide, "Using Lambda with Amazon SQS"): the mapping polls a queue, hands the function a batch of up
 * to BatchSize messages (at most 10 per receive), and deletes the batch once the function returns; a function
 * error leaves every message to come back after its visibility timeout. With ReportBatchItemFailures the function
 * names the messages that failed (`{"batchItemFailures": [{"itemIdentifier": messageId}]}`): only the others are
 * deleted, and an answer Lambda cannot read fails the whole batch.
 */
import type { Project } from '../model/project.js';

export interface QueueMapping {
  readonly functionId: string;
  /** The event source's id (`Jobs` of a SAM function's Events), for messages. */
  readonly sourceId: string;
  readonly queueName: string;
  /** Messages per invocation; SQS hands out at most 10 per receive, and Lambda's default is 10. */
  readonly batchSize: number;
  readonly reportBatchItemFailures: boolean;
}

/** The mappings whose queue the local endpoint holds (`queues`: the names it created). */
export function queueMappings(project: Project, queues: ReadonlySet<string>): QueueMapping[] {
  return project.functions.flatMap((fn) => fn.events.flatMap((source): QueueMapping[] => {
    if (source.kind !== 'sqs') return [];
    const queueName = source.queue.startsWith('arn:') ? source.queue.slice(source.queue.lastIndexOf(':') + 1) : source.queue.slice(source.queue.lastIndexOf('/') + 1);
    if (!queues.has(queueName)) return [];
    return [{
      functionId: fn.id,
      sourceId: source.id,
      queueName,
      batchSize: Math.min(Math.max(source.batchSize ?? 10, 1), 10),
      reportBatchItemFailures: source.reportBatchItemFailures === true,
    }];
  }));
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
  return {
    Records: messages.map((m) => ({
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
    })),
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
  let answer: unknown;
  try {
    answer = JSON.parse(outcome.payload);
  } catch {
    return [];
  }
  // An empty answer (None, {}, an empty list) is a success of every message.
  if (answer === null || (typeof answer === 'object' && !Array.isArray(answer) && !('batchItemFailures' in answer))) return [...batch];
  const failures = typeof answer === 'object' && !Array.isArray(answer) ? (answer as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === null || (Array.isArray(failures) && failures.length === 0)) return [...batch];
  if (!Array.isArray(failures)) return [];
  const ids = new Set(batch.map((m) => m.MessageId));
  const failed = new Set<string>();
  for (const f of failures) {
    const id = typeof f === 'object' && f !== null ? (f as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return batch.filter((m) => !failed.has(m.MessageId));
}
