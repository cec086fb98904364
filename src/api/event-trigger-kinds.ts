import { cloudWatchLogsEvent } from '../core/events/sources/cloudwatch-logs.js';
import { COGNITO_TRIGGERS, cognitoEvent } from '../core/events/sources/cognito.js';
import { kafkaEvent } from '../core/events/sources/kafka.js';
import { activeMqEvent, rabbitMqEvent, type BrokerOptions } from '../core/events/sources/amazon-mq.js';
import { firehoseEvent, iotEvent } from '../core/events/sources/delivery.js';
import { sesEvent } from '../core/events/sources/email.js';
import { jsonObjectOption, jsonOption } from './event-options.js';
import type { EventOptions, Kind } from './events.js';

/** The options of the kinds for triggers pylambda does not serve (they share --body, --queue, --topic, --key, --stream). */
export interface TriggerOptions {
  /** cloudwatch-logs: the log group, and the log events' messages. */
  readonly logGroup?: string;
  readonly message?: readonly string[];
  /** cognito: the trigger (or a trigger source), the user pool's id and the user's attributes (a JSON object). */
  readonly trigger?: string;
  readonly userPool?: string;
  readonly userAttributes?: string;
  /** kafka: the record's value, and an MSK cluster or a self-managed cluster's brokers. */
  readonly value?: string;
  readonly cluster?: string;
  readonly bootstrapServers?: string;
  /** activemq, rabbitmq: the broker's name or ARN. */
  readonly broker?: string;
  /** ses: the mail's sender and the recipient the receipt rule matched. */
  readonly from?: string;
  readonly to?: string;
}

const pick = <K extends keyof EventOptions>(o: EventOptions, keys: readonly K[]): Pick<EventOptions, K> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<EventOptions, K>;

const brokerOptions = (o: EventOptions): BrokerOptions => pick(o, ['broker', 'queue', 'body']);

export const TRIGGER_KINDS: Readonly<Record<string, Kind>> = {
  'cloudwatch-logs': {
    description: 'A CloudWatch Logs subscription (awslogs.data: base64 of the gzipped log events)',
    options: ['logGroup', 'message'],
    generate: (ctx, o) => cloudWatchLogsEvent(ctx, { ...(o.logGroup !== undefined ? { logGroup: o.logGroup } : {}), ...(o.message ? { messages: o.message } : {}) }),
  },
  cognito: {
    description: 'A Cognito user pool trigger (PreSignUp, PostConfirmation, PreTokenGeneration, CustomMessage, ...)',
    options: ['trigger', 'userPool', 'userAttributes'],
    generate: (ctx, o) => cognitoEvent(ctx, {
      ...pick(o, ['trigger', 'userPool']),
      ...(o.userAttributes !== undefined ? { userAttributes: jsonObjectOption('--user-attributes', o.userAttributes, 'Cognito\'s userAttributes are one', '{"email": "ada@example.com"}') } : {}),
    }),
  },
  kafka: {
    description: 'A Kafka record from Amazon MSK, or from a self-managed cluster with --bootstrap-servers',
    options: ['topic', 'value', 'key', 'cluster', 'bootstrapServers'],
    generate: (ctx, o) => kafkaEvent(ctx, pick(o, ['topic', 'value', 'key', 'cluster', 'bootstrapServers'])),
  },
  activemq: {
    description: 'An Amazon MQ for ActiveMQ message',
    options: ['broker', 'queue', 'body'],
    generate: (ctx, o) => activeMqEvent(ctx, brokerOptions(o)),
  },
  rabbitmq: {
    description: 'An Amazon MQ for RabbitMQ message',
    options: ['broker', 'queue', 'body'],
    generate: (ctx, o) => rabbitMqEvent(ctx, brokerOptions(o)),
  },
  iot: {
    description: 'An IoT rule action: whatever the rule\'s SQL selects; a device reading, or the JSON of --body',
    options: ['body'],
    generate: (ctx, o) => iotEvent(ctx, o.body !== undefined ? { body: jsonOption('--body', o.body, '{"temperature": 21}') } : {}),
  },
  firehose: {
    description: 'A Kinesis Data Firehose transformation batch of one record',
    options: ['stream', 'body'],
    generate: (ctx, o) => firehoseEvent(ctx, pick(o, ['stream', 'body'])),
  },
  ses: {
    description: 'An email SES received, as a receipt rule\'s Lambda action sends it (its headers, not its body)',
    options: ['from', 'to', 'subject', 'functionName'],
    generate: (ctx, o) => sesEvent(ctx, pick(o, ['from', 'to', 'subject', 'functionName'])),
  },
};

/** The triggers `--trigger` takes, for the command's help. */
export const COGNITO_TRIGGER_NAMES: readonly string[] = Object.keys(COGNITO_TRIGGERS);

