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

/** A self-managed Kafka cluster's brokers, comma-joined as its event's bootstrapServers; Kafka's default port on this host when none is written. */
function bootstrapServers(value: unknown): string {
  const servers = Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
  return servers.length > 0 ? servers.join(',') : 'localhost:9092';
}

/**
 * The queue an Amazon MQ trigger reads: a RabbitMQ one within its virtual host, `/` unless one is named (Lambda's
 * VIRTUAL_HOST source access configuration), as its event's rmqMessagesByQueue keys it (`orders::/`).
 */
function brokerQueue(engine: 'activemq' | 'rabbitmq', queue: string | undefined, virtualHost: string | undefined): string | undefined {
  return queue && engine === 'rabbitmq' ? `${queue}::${virtualHost ?? '/'}` : queue;
}

/** The URI of a SAM event's or an event source mapping's SourceAccessConfigurations entry of `type`. */
function accessUri(value: unknown, type: string): string | undefined {
  const entry = Array.isArray(value) ? value.find((c): c is Record<string, unknown> => c !== null && typeof c === 'object' && (c as Record<string, unknown>).Type === type) : undefined;
  return text(entry?.URI);
}

/** `details` with the values known, none when nothing is. */
export const detailsOf = (value: TriggerDetails): { details?: TriggerDetails } => {
  const kept = defined(value);
  return Object.keys(kept).length > 0 ? { details: kept } : {};
};

/**
 * A SAM event's details: CloudWatchLogs (LogGroupName), Cognito (Trigger, one or a list), MSK (Stream, Topics),
 * SelfManagedKafka (KafkaBootstrapServers, Topics), MQ (Broker, Queues, a VIRTUAL_HOST of SourceAccessConfigurations;
 * `engine` from the broker resource it names), IoTRule (Sql). Undefined for other types.
 */
export function samTriggerDetails(type: string, props: Readonly<Record<string, unknown>>, engine?: 'activemq' | 'rabbitmq'): { details?: TriggerDetails } | undefined {
  switch (type) {
    case 'CloudWatchLogs':
      return detailsOf({ logGroup: text(props.LogGroupName) });
    case 'Cognito':
      return detailsOf({ userPoolTrigger: first(props.Trigger) });
    case 'MSK':
      return detailsOf({ kafka: only(defined({ cluster: text(props.Stream), topic: first(props.Topics) })) });
    case 'SelfManagedKafka':
      return detailsOf({ kafka: defined({ bootstrapServers: bootstrapServers(props.KafkaBootstrapServers), topic: first(props.Topics) }) });
    case 'MQ': {
      const kind = engine ?? 'activemq';
      return detailsOf({ broker: defined({ engine: kind, arn: text(props.Broker), queue: brokerQueue(kind, first(props.Queues), accessUri(props.SourceAccessConfigurations, 'VIRTUAL_HOST')) }) });
    }
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
    case 'kafka':
      return detailsOf({ kafka: defined({ bootstrapServers: bootstrapServers(props.bootstrapServers), topic: text(props.topic) }) });
    case 'activemq':
    case 'rabbitmq':
      return detailsOf({ broker: defined({ engine: type, arn: text(props.arn), queue: brokerQueue(type, text(props.queue), text(props.virtualHost)) }) });
    case 'iot':
      return detailsOf({ iotSql: text(props.sql) });
    default:
      return undefined;
  }
}
