import { isRecord } from '../fields.js';
import type { EventSource, TriggerDetails } from '../event-sources.js';
import type { StreamLookup } from '../cfn/stream-sources.js';
import { namesFunction, propsOf, typeOf } from './function-refs.js';
import { defined, detailsOf } from '../trigger-details.js';

/**
 * The triggers pylambda samples but does not run, written as resources of their own (as AWS CDK synthesizes them
 * and plain CloudFormation writes them): a log group's `AWS::Logs::SubscriptionFilter`, a user pool's LambdaConfig,
 * an `AWS::IoT::TopicRule`'s Lambda action, an `AWS::SES::ReceiptRule`'s LambdaAction and a Firehose delivery
 * stream's Lambda processor. Their `type` is SAM's event type where SAM has one (CloudWatchLogs, Cognito,
 * IoTRule), so that they sample as SAM's events do. Values are kept when they resolve locally to a string.
 */
export function serviceTriggers(id: string, resource: unknown, lookup: StreamLookup, functionId: string): EventSource[] {
  const props = propsOf(resource);
  const known = knownIn(lookup);
  const source = (type: string, details: TriggerDetails): EventSource => ({ kind: 'other', id, type, ...detailsOf(details) });
  switch (typeOf(resource)) {
    case 'AWS::Logs::SubscriptionFilter':
      return namesFunction(props.DestinationArn, functionId) ? [source('CloudWatchLogs', { logGroup: known(props.LogGroupName) })] : [];
    case 'AWS::Cognito::UserPool':
      return userPoolTriggers(props.LambdaConfig, functionId).map((trigger) => source('Cognito', { userPoolTrigger: trigger }));
    case 'AWS::IoT::TopicRule': {
      const payload = isRecord(props.TopicRulePayload) ? props.TopicRulePayload : {};
      const invokes = asArray(payload.Actions).some((a) => isRecord(a) && isRecord(a.Lambda) && namesFunction(a.Lambda.FunctionArn, functionId));
      return invokes ? [source('IoTRule', { iotSql: known(payload.Sql) })] : [];
    }
    case 'AWS::SES::ReceiptRule': {
      const rule = isRecord(props.Rule) ? props.Rule : {};
      const invokes = asArray(rule.Actions).some((a) => isRecord(a) && isRecord(a.LambdaAction) && namesFunction(a.LambdaAction.FunctionArn, functionId));
      // A recipient may be a domain, or a subdomain pattern (`.example.com`, SES developer guide "Receipt rule
      // options"): a mailbox in it. With none, the rule takes every recipient of the account's verified domains.
      const recipient = known(asArray(rule.Recipients)[0]);
      const to = recipient && !recipient.includes('@') ? `someone@${recipient.replace(/^\./, 'mail.')}` : recipient;
      return invokes ? [source('SES', { mailTo: to })] : [];
    }
    case 'AWS::KinesisFirehose::DeliveryStream':
      return transforms(props, functionId) ? [source('Firehose', { deliveryStream: known(props.DeliveryStreamName) ?? id })] : [];
    default:
      return [];
  }
}

/**
 * An event source mapping's Kafka or Amazon MQ source: a self-managed cluster's bootstrap servers, an MSK
 * cluster (its ARN, or the `AWS::MSK::Cluster` it names), a broker (its ARN, or the `AWS::AmazonMQ::Broker` it
 * names, whose EngineType says ActiveMQ or RabbitMQ); the first topic or queue. Undefined for other sources.
 */
export function mappingTrigger(props: Record<string, unknown>, lookup: StreamLookup): { type: string; details?: TriggerDetails } | undefined {
  const known = knownIn(lookup);
  const arn = known(props.EventSourceArn);
  const target = lookup.resources[refTarget(props.EventSourceArn) ?? ''];
  const topic = known(asArray(props.Topics)[0]);
  const self = isRecord(props.SelfManagedEventSource) && isRecord(props.SelfManagedEventSource.Endpoints) ? props.SelfManagedEventSource.Endpoints.KafkaBootstrapServers : undefined;
  if (self !== undefined) {
    const servers = asArray(self).map(known).filter((s) => s !== undefined);
    return { type: 'SelfManagedKafka', ...detailsOf({ kafka: { bootstrapServers: servers.length > 0 ? servers.join(',') : 'localhost:9092', ...defined({ topic }) } }) };
  }
  const targetType = typeOf(target);
  if (/^arn:aws[\w-]*:kafka:/.test(arn ?? '') || targetType === 'AWS::MSK::Cluster' || targetType === 'AWS::MSK::ServerlessCluster') {
    const cluster = /^arn:aws[\w-]*:kafka:/.test(arn ?? '') ? arn : known(propsOf(target).ClusterName);
    return { type: 'MSK', ...detailsOf({ kafka: defined({ cluster, topic }) }) };
  }
  if (/^arn:aws[\w-]*:mq:/.test(arn ?? '') || targetType === 'AWS::AmazonMQ::Broker') {
    const engine = String(propsOf(target).EngineType ?? '').toUpperCase() === 'RABBITMQ' ? 'rabbitmq' : 'activemq';
    const queue = known(asArray(props.Queues)[0]);
    // A RabbitMQ queue is read in the virtual host of the mapping's VIRTUAL_HOST source access configuration (`/` unless said).
    const vhost = asArray(props.SourceAccessConfigurations).find((c) => isRecord(c) && c.Type === 'VIRTUAL_HOST');
    const host = isRecord(vhost) ? known(vhost.URI) : undefined;
    const broker = /^arn:aws[\w-]*:mq:/.test(arn ?? '') ? arn : known(propsOf(target).BrokerName);
    return { type: 'MQ', details: { broker: { engine, ...defined({ arn: broker, queue: queue && engine === 'rabbitmq' && host ? `${queue}::${host}` : queue }) } } };
  }
  return undefined;
}

/**
 * The user pool triggers LambdaConfig points at the function: PreSignUp, PostConfirmation, ... name it directly;
 * CustomEmailSender, CustomSMSSender and PreTokenGenerationConfig by their LambdaArn (Cognito's LambdaConfigType).
 */
function userPoolTriggers(config: unknown, functionId: string): string[] {
  if (!isRecord(config)) return [];
  return Object.entries(config).flatMap(([key, value]) => {
    const arn = isRecord(value) && 'LambdaArn' in value ? value.LambdaArn : value;
    if (key === 'KMSKeyID' || !namesFunction(arn, functionId)) return [];
    return [key === 'PreTokenGenerationConfig' ? 'PreTokenGeneration' : key];
  });
}

/** Whether a delivery stream's processing configuration (in any destination) runs the function as its Lambda processor. */
function transforms(props: Record<string, unknown>, functionId: string): boolean {
  return Object.values(props).some((destination) => {
    const processing = isRecord(destination) && isRecord(destination.ProcessingConfiguration) ? destination.ProcessingConfiguration : undefined;
    return asArray(processing?.Processors).some((p) => isRecord(p) && p.Type === 'Lambda'
      && asArray(p.Parameters).some((param) => isRecord(param) && param.ParameterName === 'LambdaArn' && namesFunction(param.ParameterValue, functionId)));
  });
}

/** The resource `!GetAtt X.Arn` or `!Ref X` names. */
function refTarget(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const att = value['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return typeof value.Ref === 'string' ? value.Ref : undefined;
}

const knownIn = (lookup: StreamLookup) => (value: unknown): string | undefined => {
  const resolved = lookup.resolve(value);
  return typeof resolved === 'string' && resolved !== '' ? resolved : undefined;
};

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
