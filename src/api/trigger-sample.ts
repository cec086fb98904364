import type { TriggerDetails } from '../core/model/event-sources.js';
import type { EventOptions } from './events.js';

/** Event kinds of `pylambda events generate` for the triggers pylambda samples but does not serve, by their SAM or serverless.yml type. */
export const TRIGGER_TYPE_KINDS: Readonly<Record<string, string>> = {
  cloudwatchlogs: 'cloudwatch-logs',
  cloudwatchlog: 'cloudwatch-logs',
  cognito: 'cognito',
  cognitouserpool: 'cognito',
  msk: 'kafka',
  selfmanagedkafka: 'kafka',
  kafka: 'kafka',
  mq: 'activemq',
  activemq: 'activemq',
  rabbitmq: 'rabbitmq',
  iotrule: 'iot',
  iot: 'iot',
  // No SAM event or serverless.yml event: an AWS::SES::ReceiptRule's, a delivery stream's processor (cfn-service-triggers.ts).
  ses: 'ses',
  firehose: 'firehose',
};

/**
 * The sample's kind and options from what the trigger names: its log group, user pool trigger, cluster and topic,
 * broker and queue, recipient, delivery stream (an MQ event's broker decides between activemq and rabbitmq). A value the
 * sample refuses (an unresolved name) makes the sample generic instead (see defaultEvent).
 */
export function triggerSample(kind: string, details: TriggerDetails | undefined, functionName: string): { kind: string; options: EventOptions } {
  const d = details ?? {};
  const options: EventOptions = {
    ...(d.logGroup ? { logGroup: d.logGroup } : {}),
    ...(d.userPoolTrigger ? { trigger: d.userPoolTrigger } : {}),
    ...(d.kafka?.cluster ? { cluster: d.kafka.cluster } : {}),
    ...(d.kafka?.bootstrapServers ? { bootstrapServers: d.kafka.bootstrapServers } : {}),
    ...(d.kafka?.topic ? { topic: d.kafka.topic } : {}),
    ...(d.broker?.arn ? { broker: d.broker.arn } : {}),
    ...(d.broker?.queue ? { queue: d.broker.queue } : {}),
    ...(d.mailTo ? { to: d.mailTo } : {}),
    // The receipt rule's action names the function it invokes.
    ...(kind === 'ses' ? { functionName } : {}),
    ...(d.deliveryStream ? { stream: d.deliveryStream } : {}),
  };
  return { kind: d.broker?.engine ?? kind, options };
}

/** What the label adds for a trigger whose event is not fixed: an IoT rule's SQL decides what the function gets. */
export function triggerNote(details: TriggerDetails | undefined): string {
  return details?.iotSql ? `; the function gets what ${JSON.stringify(details.iotSql)} selects, which this sample only stands for` : '';
}
