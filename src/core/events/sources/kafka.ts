import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';
import { arnOf, urlSuffixOf } from '../../partition.js';

export interface KafkaOptions {
  readonly topic?: string;
  /** The record's value and key, as text (Lambda hands both over in base64). */
  readonly value?: string;
  readonly key?: string;
  /** An MSK cluster's name or ARN: the event is MSK's (`aws:kafka`). */
  readonly cluster?: string;
  /** A self-managed cluster's brokers, `host:port,...`: the event is `SelfManagedKafka`, with no ARN. */
  readonly bootstrapServers?: string;
}

// arn:aws:kafka:region:account:cluster/NAME/UUID-N (MSK API reference, Cluster ARN).
const CLUSTER_ARN = /^arn:aws[\w-]*:kafka:([\w-]+):(\d{12}):cluster\/([\w-]+)\/[\w-]+$/;

/**
 * A batch of one Kafka record, as Lambda's event source mapping delivers it from MSK or from a self-managed
 * cluster (Lambda guide, "Using Lambda with Amazon MSK" and "... self-managed Apache Kafka", example events;
 * samples: powertools kafkaEventMsk.json, kafkaEventSelfManaged.json). Records are grouped by
 * `topic-partition`. The self-managed event's source is `SelfManagedKafka` as the Lambda guide writes it
 * (Powertools' sample says aws:SelfManagedKafka, its parser model SelfManagedKafka).
 */
export function kafkaEvent(ctx: GenerateContext, options: KafkaOptions = {}) {
  if (options.cluster !== undefined && options.bootstrapServers !== undefined) {
    throw new UserError('--cluster and --bootstrap-servers both say where the records come from: give one', {
      hint: '--cluster names an MSK cluster, --bootstrap-servers a self-managed one',
      exitCode: 2,
    });
  }
  const topic = options.topic ?? 'my-topic';
  // Topic names: up to 249 of [a-zA-Z0-9._-] (Kafka's Topic.validate).
  if (!/^[\w.-]{1,249}$/.test(topic)) throw new UserError(`--topic must be a Kafka topic name (up to 249 of letters, digits, . _ -), not '${topic}'`, { exitCode: 2 });
  const record = {
    topic,
    partition: 0,
    offset: 0,
    timestamp: ctx.nowMs,
    timestampType: 'CREATE_TIME',
    key: Buffer.from(options.key ?? 'my-key').toString('base64'),
    value: Buffer.from(options.value ?? '{"message":"Hello from Kafka!"}').toString('base64'),
    headers: [] as unknown[],
  };
  const records = { [`${topic}-0`]: [record] };
  if (options.bootstrapServers !== undefined) {
    const servers = options.bootstrapServers.split(',').map((s) => s.trim());
    if (!servers.every((s) => /^[\w.-]+:\d{1,5}$/.test(s))) {
      throw new UserError(`--bootstrap-servers must be host:port pairs separated by commas, not '${options.bootstrapServers}'`, { exitCode: 2 });
    }
    return { eventSource: 'SelfManagedKafka', bootstrapServers: servers.join(','), records };
  }
  const cluster = mskCluster(ctx, options.cluster ?? 'my-cluster');
  const brokers = [1, 2].map((n) => `b-${n}.${cluster.name.toLowerCase()}.abc123.c2.kafka.${cluster.region}.${urlSuffixOf(cluster.region)}:9092`);
  return { eventSource: 'aws:kafka', eventSourceArn: cluster.arn, bootstrapServers: brokers.join(','), records };
}

function mskCluster(ctx: GenerateContext, given: string): { arn: string; name: string; region: string } {
  const match = CLUSTER_ARN.exec(given);
  if (match) return { arn: given, name: match[3]!, region: match[1]! };
  if (given.startsWith('arn:') || !/^[\w-]{1,64}$/.test(given)) {
    throw new UserError(`--cluster '${given}' is not an MSK cluster name or an ARN like arn:aws:kafka:us-east-1:123456789012:cluster/my-cluster/abcd1234-0123-4567-89ab-cdef01234567-1`, { exitCode: 2 });
  }
  return { arn: arnOf({ service: 'kafka', region: ctx.region, accountId: ctx.accountId, resource: `cluster/${given}/${ctx.newId()}-1` }), name: given, region: ctx.region };
}
