import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';
import { arnOf, urlSuffixOf } from '../../partition.js';

export interface BrokerOptions {
  /** The broker's name or ARN. */
  readonly broker?: string;
  /** ActiveMQ: the destination queue; RabbitMQ: the queue, `name::virtual-host` (`::/` when left out). */
  readonly queue?: string;
  readonly body?: string;
}

// arn:aws:mq:region:account:broker:NAME:ID (Amazon MQ API reference, broker ARN).
const BROKER_ARN = /^arn:aws[\w-]*:mq:([\w-]+):(\d{12}):broker:([\w-]+):(b-[\w-]+)$/;

interface Broker {
  readonly arn: string;
  readonly id: string;
  readonly region: string;
}

function broker(ctx: GenerateContext, given: string): Broker {
  const match = BROKER_ARN.exec(given);
  if (match) return { arn: given, id: match[4]!, region: match[1]! };
  // Broker names: 1-50 of letters, digits, - and _ (CreateBroker, BrokerName).
  if (given.startsWith('arn:') || !/^[\w-]{1,50}$/.test(given)) {
    throw new UserError(`--broker '${given}' is not a broker name or an ARN like arn:aws:mq:us-east-1:123456789012:broker:my-broker:b-0123abcd-4567-89ab-cdef-0123456789ab`, { exitCode: 2 });
  }
  const id = `b-${ctx.newId()}`;
  return { arn: arnOf({ service: 'mq', region: ctx.region, accountId: ctx.accountId, resource: `broker:${given}:${id}` }), id, region: ctx.region };
}

/**
 * One ActiveMQ message, as Lambda's Amazon MQ event source mapping delivers it (Lambda guide, "Using Lambda
 * with Amazon MQ", example ActiveMQ event; sample: aws-lambda-go activemq-event.json): the body in base64.
 */
export function activeMqEvent(ctx: GenerateContext, options: BrokerOptions = {}) {
  const b = broker(ctx, options.broker ?? 'my-broker');
  return {
    eventSource: 'aws:mq',
    eventSourceArn: b.arn,
    messages: [
      {
        messageID: `ID:${b.id}-1.mq.${b.region}.${urlSuffixOf(b.region)}-37557-${ctx.nowMs}-4:1:1:1:1`,
        messageType: 'jms/text-message',
        timestamp: ctx.nowMs,
        deliveryMode: 1,
        correlationID: '',
        replyTo: 'null',
        destination: { physicalName: options.queue ?? 'my-queue' },
        redelivered: false,
        type: '',
        expiration: 0,
        priority: 0,
        data: Buffer.from(options.body ?? 'Hello from ActiveMQ!').toString('base64'),
        brokerInTime: ctx.nowMs,
        brokerOutTime: ctx.nowMs + 1,
        properties: {},
      },
    ],
  };
}

/**
 * One RabbitMQ message (Lambda guide, example RabbitMQ event; sample: powertools rabbitMQEvent.json): messages
 * are grouped by `queue::virtual-host`, the body in base64.
 */
export function rabbitMqEvent(ctx: GenerateContext, options: BrokerOptions = {}) {
  const b = broker(ctx, options.broker ?? 'my-broker');
  const queue = options.queue ?? 'my-queue';
  const body = Buffer.from(options.body ?? 'Hello from RabbitMQ!');
  return {
    eventSource: 'aws:rmq',
    eventSourceArn: b.arn,
    rmqMessagesByQueue: {
      [queue.includes('::') ? queue : `${queue}::/`]: [
        {
          basicProperties: {
            contentType: 'text/plain',
            contentEncoding: null,
            headers: {},
            deliveryMode: 1,
            priority: 0,
            correlationId: null,
            replyTo: null,
            expiration: null,
            messageId: null,
            // The AMQP timestamp as the Java client formats it, in UTC, as the guide's example has it.
            timestamp: javaDate(ctx.nowMs),
            type: null,
            userId: null,
            appId: null,
            clusterId: null,
            bodySize: body.length,
          },
          redelivered: false,
          data: body.toString('base64'),
        },
      ],
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 1, 1970, 12:33:41 AM`. */
function javaDate(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
