import type { TriggerDetails } from './event-sources.js';

/**
 * Details of the triggers pylambda samples but does not serve (log subscriptions, user pool triggers, Kafka,
 * Amazon MQ, IoT rules), from their properties as SAM and serverless.yml write them. Only what is written out
 * is kept: a value an intrinsic leaves unknown until deployed is left to the sample's default. Nothing here
 * is checked: those triggers are not run locally, and the deploy tools check them.
 */

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const first = (value: unknown): string | undefined => (Array.isArray(value) ? text(value[0]) : text(value));
const only = <T extends object>(value: T): T | undefined => (Object.values(value).some((v) => v !== undefined) ? value : undefined);

/** Drops the keys whose value is undefined, as the model's optional fields are absent rather than undefined. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `details` with the values known, none when nothing is. */
export const detailsOf = (value: TriggerDetails): { details?: TriggerDetails } => {
  const kept = defined(value);
  return Object.keys(kept).length > 0 ? { details: kept } : {};
};

/**
 * A SAM event's details: CloudWatchLogs (LogGroupName), Cognito (Trigger, one or a list), MSK (Stream, Topics),
 * SelfManagedKafka (KafkaBootstrapServers, Topics), MQ (Broker, Queues; `engine` from the broker resource it
 * names), IoTRule (Sql). Undefined for other types.
 */
export function samTriggerDetails(type: string, props: Readonly<Record<string, unknown>>, engine?: 'activemq' | 'rabbitmq'): { details?: TriggerDetails } | undefined {
  switch (type) {
    case 'CloudWatchLogs':
      return detailsOf({ logGroup: text(props.LogGroupName) });
    case 'Cognito':
      return detailsOf({ userPoolTrigger: first(props.Trigger) });
    case 'MSK':
      return detailsOf({ kafka: only(defined({ cluster: text(props.Stream), topic: first(props.Topics) })) });
    case 'SelfManagedKafka': {
      const servers = Array.isArray(props.KafkaBootstrapServers) ? props.KafkaBootstrapServers.filter((s): s is string => typeof s === 'string') : [];
      return detailsOf({ kafka: defined({ bootstrapServers: servers.length > 0 ? servers.join(',') : 'localhost:9092', topic: first(props.Topics) }) });
    }
    case 'MQ':
      return detailsOf({ broker: defined({ engine: engine ?? 'activemq', arn: text(props.Broker), queue: first(props.Queues) }) });
    case 'IoTRule':
      return detailsOf({ iotSql: text(props.Sql) });
    default:
      return undefined;
  }
}

/**
 * A serverless.yml event's details: cloudwatchLog (a log group, or { logGroup }), cognitoUserPool ({ pool,
 * trigger }), msk ({ arn, topic }), kafka ({ bootstrapServers, topic }), activemq and rabbitmq ({ arn, queue,
 * virtualHost }), iot ({ sql }). Undefined for other types.
 */
export function serverlessTriggerDetails(type: string, spec: unknown): { details?: TriggerDetails } | undefined {
  const props: Record<string, unknown> = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
  switch (type) {
    case 'cloudwatchLog':
      return detailsOf({ logGroup: text(spec) ?? text(props.logGroup) });
    case 'cognitoUserPool':
      return detailsOf({ userPoolTrigger: text(props.trigger) });
    case 'msk':
      return detailsOf({ kafka: only(defined({ cluster: text(props.arn), topic: text(props.topic) })) });
    case 'kafka': {
      const servers = Array.isArray(props.bootstrapServers) ? props.bootstrapServers.filter((s): s is string => typeof s === 'string') : [];
      return detailsOf({ kafka: defined({ bootstrapServers: servers.length > 0 ? servers.join(',') : 'localhost:9092', topic: text(props.topic) }) });
    }
    case 'activemq':
    case 'rabbitmq': {
      // A RabbitMQ queue is read in a virtual host, `/` unless said (Lambda's VIRTUAL_HOST source access configuration).
      const queue = text(props.queue);
      const vhost = type === 'rabbitmq' && queue ? `::${text(props.virtualHost) ?? '/'}` : '';
      return detailsOf({ broker: defined({ engine: type, arn: text(props.arn), queue: queue ? `${queue}${vhost}` : undefined }) });
    }
    case 'iot':
      return detailsOf({ iotSql: text(props.sql) });
    default:
      return undefined;
  }
}
