import { isRecord, type FieldReader } from '../fields.js';
import { filterSampleBody, keyFilter, patternSample, s3FilterRules, targetInput } from '../values.js';
import { eventBusOrigin } from '../event-bus.js';
import { queueMappingSettings, scalingConcurrency } from '../queue-settings.js';
import type { EventSource } from '../event-sources.js';
import { streamSource, type StreamLookup } from '../cfn/stream-sources.js';
import { namesFunction, propsOf, typeOf } from './function-refs.js';
import { mappingTrigger, serviceTriggers } from './cfn-service-triggers.js';
import { mappingOf, streamMappingSettings } from '../stream-mapping-settings.js';

/**
 * A function's triggers written as resources of their own, as AWS CDK synthesizes them (and as plain
 * CloudFormation writes them): an `AWS::Lambda::EventSourceMapping` (CDK's SqsEventSource, DynamoEventSource,
 * KinesisEventSource), an `AWS::Events::Rule` target (events.Rule with targets.LambdaFunction), an S3 bucket's
 * notification (CDK's `Custom::S3BucketNotifications`, or an `AWS::S3::Bucket`'s NotificationConfiguration) and an
 * `AWS::SNS::Subscription` of protocol lambda (or a topic's own Subscription); a Kafka or Amazon MQ mapping and the
 * services' own resources (cfn-service-triggers.ts). `pylambda invoke` without --event samples the first, as it samples a SAM function's Events. `lookup.resources` are the resources as written.
 */
export function cfnTriggers(lookup: StreamLookup, functionId: string, r: FieldReader): EventSource[] {
  const out: EventSource[] = [];
  for (const [id, resource] of Object.entries(lookup.resources)) {
    const props = propsOf(resource);
    const at = `Resources.${id}.Properties`;
    switch (typeOf(resource)) {
      case 'AWS::Lambda::EventSourceMapping':
        if (namesFunction(props.FunctionName, functionId)) out.push(mappingSource(id, props, lookup));
        break;
      case 'AWS::Events::Rule':
        asArray(props.Targets).forEach((target, i) => {
          if (!isRecord(target) || !namesFunction(target.Arn, functionId)) return;
          const input = targetInput(target.Input, `${at}.Targets.${i}.Input`, r);
          const name = lookup.resolve(props.Name);
          if (typeof props.ScheduleExpression === 'string') {
            out.push({ kind: 'schedule', id, schedule: props.ScheduleExpression, ...(typeof name === 'string' ? { rule: name } : {}), ...input });
          } else {
            out.push({ kind: 'other', id, type: 'EventBridgeRule', ...patternSample(props.EventPattern), ...eventBusOrigin(lookup.resolve(props.EventBusName)), ...input });
          }
        });
        break;
      case 'Custom::S3BucketNotifications':
        // CDK's custom resource calls PutBucketNotificationConfiguration with this configuration as it is.
        out.push(...bucketNotifications(id, props.NotificationConfiguration, S3_API, lookup.resolve(props.BucketName), functionId));
        break;
      case 'AWS::S3::Bucket':
        out.push(...bucketNotifications(id, props.NotificationConfiguration, S3_CFN, lookup.resolve({ Ref: id }), functionId));
        break;
      case 'AWS::SNS::Subscription':
        if (String(props.Protocol).toLowerCase() === 'lambda' && namesFunction(props.Endpoint, functionId)) out.push(snsSource(id, lookup.resolve(props.TopicArn)));
        break;
      case 'AWS::SNS::Topic':
        if (asArray(props.Subscription).some((s) => isRecord(s) && String(s.Protocol).toLowerCase() === 'lambda' && namesFunction(s.Endpoint, functionId))) {
          out.push(snsSource(id, lookup.resolve({ Ref: id })));
        }
        break;
      default:
        out.push(...serviceTriggers(id, resource, lookup, functionId));
    }
  }
  return out;
}

function mappingSource(id: string, props: Record<string, unknown>, lookup: StreamLookup): EventSource {
  const batchSize = typeof props.BatchSize === 'number' ? { batchSize: props.BatchSize } : {};
  const arn = lookup.resolve(props.EventSourceArn);
  const partial = Array.isArray(props.FunctionResponseTypes) && props.FunctionResponseTypes.includes('ReportBatchItemFailures') ? { reportBatchItemFailures: true as const } : {};
  // CDK's SqsEventSource `filters` are the mapping's FilterCriteria, as SAM's FilterCriteria are.
  const filters = isRecord(props.FilterCriteria) && Array.isArray(props.FilterCriteria.Filters) ? props.FilterCriteria.Filters : [];
  const patterns = filters.map((f) => (isRecord(f) ? lookup.resolve(f.Pattern) : undefined));
  const sample = filterSampleBody(patterns);
  const settings = queueMappingSettings({
    patterns, window: lookup.resolve(props.MaximumBatchingWindowInSeconds), concurrency: scalingConcurrency(lookup.resolve(props.ScalingConfig)), enabled: lookup.resolve(props.Enabled),
  });
  if (typeof arn === 'string' && /^arn:aws[\w-]*:sqs:/.test(arn)) return { kind: 'sqs', id, queue: arn, ...batchSize, ...sample, ...partial, ...settings };
  const stream = streamSource(props.EventSourceArn, undefined, lookup);
  if (stream) return { kind: 'other', id, type: stream.service === 'kinesis' ? 'Kinesis' : 'DynamoDB', stream, ...mappingOf(streamMappingSettings(props, 'cfn', `Resources.${id}.Properties`, lookup.resolve)) };
  const service = mappingTrigger(props, lookup);
  if (service) return { kind: 'other', id, ...service };
  // DocumentDB: no sample of its own.
  return { kind: 'other', id, type: 'EventSourceMapping' };
}

/** Where a notification configuration says what: S3's API (PutBucketNotificationConfiguration), CloudFormation's bucket. */
interface S3Shape { readonly list: string; readonly fn: string; readonly events: string; readonly filter: string; readonly rules: string }
const S3_API: S3Shape = { list: 'LambdaFunctionConfigurations', fn: 'LambdaFunctionArn', events: 'Events', filter: 'Key', rules: 'FilterRules' };
const S3_CFN: S3Shape = { list: 'LambdaConfigurations', fn: 'Function', events: 'Event', filter: 'S3Key', rules: 'Rules' };

function bucketNotifications(id: string, config: unknown, shape: S3Shape, bucket: unknown, functionId: string): EventSource[] {
  const out: EventSource[] = [];
  for (const c of asArray(isRecord(config) ? config[shape.list] : undefined)) {
    if (!isRecord(c) || !namesFunction(c[shape.fn], functionId)) continue;
    const filter = isRecord(c.Filter) ? c.Filter[shape.filter] : undefined;
    const events = Array.isArray(c[shape.events]) ? c[shape.events] as unknown[] : [c[shape.events]];
    const name = typeof bucket === 'string' ? bucket : id.toLowerCase();
    out.push({ kind: 's3', id, bucket: name, events: events.map(String), ...keyFilter(s3FilterRules(isRecord(filter) ? filter[shape.rules] : undefined)) });
  }
  return out;
}

function snsSource(id: string, topic: unknown): EventSource {
  return { kind: 'other', id, type: 'SNS', ...(typeof topic === 'string' ? { topic } : {}) };
}

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
