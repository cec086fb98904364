import { createHash } from 'node:crypto';
import type { GenerateContext } from './context.js';

/** An SQS batch of one message, as the event source mapping delivers it (sample: powertools sqsEvent.json). */
export function sqsEvent(ctx: GenerateContext, options: { body?: string; queue?: string } = {}) {
  const body = options.body ?? 'Hello from SQS!';
  const queue = options.queue ?? 'my-queue';
  const sent = String(ctx.nowMs);
  return {
    Records: [
      {
        messageId: ctx.newId(),
        receiptHandle: `AQEB${ctx.newId().replaceAll('-', '')}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: sent,
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: sent,
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: queue.startsWith('arn:') ? queue : `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${queue}`,
        awsRegion: ctx.region,
      },
    ],
  };
}

/** One SNS notification (sample: powertools snsEvent.json). */
export function snsEvent(ctx: GenerateContext, options: { message?: string; subject?: string; topic?: string } = {}) {
  const topic = options.topic ?? 'my-topic';
  const topicArn = topic.startsWith('arn:') ? topic : `arn:aws:sns:${ctx.region}:${ctx.accountId}:${topic}`;
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${ctx.newId()}`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: new Date(ctx.nowMs).toISOString(),
          Signature: 'EXAMPLE',
          SigningCertUrl: `https://sns.${ctx.region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
          MessageId: ctx.newId(),
          Message: options.message ?? 'Hello from SNS!',
          MessageAttributes: {},
          Type: 'Notification',
          UnsubscribeUrl: `https://sns.${ctx.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
          TopicArn: topicArn,
          Subject: options.subject ?? 'Example subject',
        },
      },
    ],
  };
}
