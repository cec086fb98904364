import { createHash } from 'node:crypto';
import { contextOf, namedResource, RESOURCE_NAMES } from './arn.js';
import type { GenerateContext } from './context.js';
import { urlSuffixOf } from '../../partition.js';

const QUEUE = { service: 'sqs', prefix: '', flag: '--queue', example: 'arn:aws:sqs:us-east-1:123456789012:my-queue', name: RESOURCE_NAMES.queue } as const;
const TOPIC = { service: 'sns', prefix: '', flag: '--topic', example: 'arn:aws:sns:us-east-1:123456789012:my-topic', name: RESOURCE_NAMES.topic } as const;

/**
 * An SQS batch of one message, as the event source mapping delivers it (sample: powertools sqsEvent.json).
 * A queue given by ARN sets the record's region and account.
 */
export function sqsEvent(ctx: GenerateContext, options: { body?: string; queue?: string; messageGroupId?: string } = {}) {
  const body = options.body ?? 'Hello from SQS!';
  const queue = namedResource(ctx, QUEUE, options.queue ?? 'my-queue');
  const at = contextOf(ctx, queue);
  const sent = String(at.nowMs);
  return {
    Records: [
      {
        messageId: at.newId(),
        receiptHandle: `AQEB${at.newId().replaceAll('-', '')}`,
        body,
        attributes: queue.name.endsWith('.fifo') ? fifoAttributes(sent, body, options.messageGroupId ?? '1') : standardAttributes(sent, options.messageGroupId),
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: queue.arn,
        awsRegion: at.region,
      },
    ],
  };
}

/**
 * A standard queue's message carries a MessageGroupId only when it was sent with one: a fair queue's tenant (SQS
 * docs, "Amazon SQS fair queues"), which sqs-lambda-tenant-isolation-sam-py of aws-samples/serverless-patterns reads.
 */
function standardAttributes(sent: string, messageGroupId: string | undefined) {
  return { ApproximateReceiveCount: '1', SentTimestamp: sent, ...(messageGroupId ? { MessageGroupId: messageGroupId } : {}), SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: sent };
}

/**
 * A FIFO queue's message also carries its SequenceNumber, MessageGroupId and MessageDeduplicationId, in
 * this order (docs.aws.amazon.com/lambda/latest/dg/with-sqs.html, "Example FIFO queue message event").
 * The deduplication id is the SHA-256 of the body, as content-based deduplication makes it (SendMessage,
 * MessageDeduplicationId, in the SQS API reference); the sequence number is a large number, 20 digits in
 * the docs' example.
 */
function fifoAttributes(sent: string, body: string, messageGroupId: string) {
  return {
    ApproximateReceiveCount: '1',
    SentTimestamp: sent,
    SequenceNumber: sent.padEnd(20, '0'),
    MessageGroupId: messageGroupId,
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    MessageDeduplicationId: createHash('sha256').update(body).digest('hex'),
    ApproximateFirstReceiveTimestamp: sent,
  };
}

/**
 * One SNS notification (sample: powertools snsEvent.json). The subscription is the topic's ARN and an id,
 * and SNS's own URLs (the signing certificate, the unsubscribe link naming that subscription) are in the
 * topic's region.
 */
export function snsEvent(ctx: GenerateContext, options: { message?: string; subject?: string; topic?: string } = {}) {
  const topic = namedResource(ctx, TOPIC, options.topic ?? 'my-topic');
  const at = contextOf(ctx, topic);
  const subscriptionArn = `${topic.arn}:${at.newId()}`;
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: new Date(at.nowMs).toISOString(),
          Signature: 'EXAMPLE',
          SigningCertUrl: `https://sns.${at.region}.${urlSuffixOf(at.region)}/SimpleNotificationService-0000000000000000000000.pem`,
          MessageId: at.newId(),
          Message: options.message ?? 'Hello from SNS!',
          MessageAttributes: {},
          Type: 'Notification',
          UnsubscribeUrl: `https://sns.${at.region}.${urlSuffixOf(at.region)}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          TopicArn: topic.arn,
          Subject: options.subject ?? 'Example subject',
        },
      },
    ],
  };
}
