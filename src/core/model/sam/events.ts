import { FieldReader, isRecord } from '../fields.js';
import { filterSampleBody, keyFilter, patternSample, s3FilterRules, targetInput } from '../values.js';
import { eventBusOrigin } from '../event-bus.js';
import { queueMappingSettings, scalingConcurrency } from '../queue-settings.js';
import type { EventSource } from '../event-sources.js';
import { streamSource, type StreamLookup } from '../cfn/stream-sources.js';
import { samTriggerDetails } from '../trigger-details.js';
import { mappingOf, streamMappingSettings } from '../stream-mapping-settings.js';

/**
 * The `Events` as written (before intrinsics: `!GetAtt Table.StreamArn` is unknown until deployed, but names
 * the table) and the template's resources, for what a stream trigger reads.
 */
export interface RawEvents {
  readonly events: unknown;
  readonly lookup: StreamLookup;
}

/** A function's `Events` (Api, HttpApi, SQS, S3, Schedule; other types are kept by name), `functionId` the function's logical id. */
export function readEvents(value: unknown, path: string, functionId: string, r: FieldReader, raw?: RawEvents): EventSource[] {
  const events = r.record(value, path);
  if (!events) return [];
  const out: EventSource[] = [];
  for (const [id, event] of Object.entries(events)) {
    const at = `${path}.${id}`;
    if (!isRecord(event)) {
      r.error(at, 'must be a mapping with a Type');
      continue;
    }
    const type = r.string(event.Type, `${at}.Type`);
    const props = (event.Properties === undefined ? {} : r.record(event.Properties, `${at}.Properties`)) ?? {};
    const p = (key: string) => `${at}.Properties.${key}`;
    const required = (key: string): string | undefined => {
      const v = r.string(props[key], p(key));
      if (v === undefined && props[key] === undefined) r.error(p(key), `is required for an event of type ${type}`);
      return v;
    };
    if (type === 'Api' || type === 'HttpApi') {
      const written = writtenProperties(raw, id);
      // YAML reads `Path: 123` as a number, which string() would take as "123" and the route then drop.
      for (const [key, what] of [['Path', 'a route path starting with /'], ['Method', 'an HTTP method (GET, POST, ANY, ...)']] as const) {
        const v = props[key];
        if (typeof v === 'number' || typeof v === 'boolean') {
          r.error(p(key), `must be ${what}, not ${String(v)}`);
        } else if (isIntrinsic(written[key])) {
          // SAM reads the route before CloudFormation evaluates anything, so sam build and sam deploy refuse
          // even a parameter's Ref here (aws-sam-translator: "Property 'Path' should be a string.").
          r.error(p(key), `must be ${what} as written: SAM refuses ${Object.keys(written[key] as object)[0]} here ("Property '${key}' should be a string."), so the template cannot be deployed`);
        }
      }
    }
    switch (type) {
      case 'Api': {
        const eventPath = required('Path');
        const method = required('Method');
        if (eventPath !== undefined && method !== undefined) {
          const apiId = refName(props.RestApiId);
          out.push({ kind: 'api', id, path: eventPath, method: method.toUpperCase(), ...(apiId ? { apiId } : {}) });
        }
        break;
      }
      case 'HttpApi': {
        const eventPath = r.string(props.Path, p('Path'));
        const method = r.string(props.Method, p('Method'));
        const apiId = refName(props.ApiId);
        out.push({ kind: 'httpApi', id, ...(eventPath ? { path: eventPath } : {}), ...(method ? { method: method.toUpperCase() } : {}), ...(apiId ? { apiId } : {}) });
        break;
      }
      case 'SQS': {
        const queue = required('Queue');
        const batchSize = r.integer(props.BatchSize, p('BatchSize'));
        const filters = isRecord(props.FilterCriteria) && Array.isArray(props.FilterCriteria.Filters) ? props.FilterCriteria.Filters : [];
        const patterns = filters.map((f) => (isRecord(f) ? f.Pattern : undefined));
        const partial = Array.isArray(props.FunctionResponseTypes) && props.FunctionResponseTypes.includes('ReportBatchItemFailures');
        const settings = queueMappingSettings({
          patterns, window: props.MaximumBatchingWindowInSeconds, concurrency: scalingConcurrency(props.ScalingConfig), enabled: props.Enabled, batchSize,
          at: { patterns: p('FilterCriteria.Filters'), window: p('MaximumBatchingWindowInSeconds'), concurrency: p('ScalingConfig.MaximumConcurrency'), enabled: p('Enabled'), batchSize: p('BatchSize') },
        }, r);
        if (queue !== undefined) out.push({ kind: 'sqs', id, queue, ...(batchSize === undefined ? {} : { batchSize }), ...filterSampleBody(patterns), ...(partial ? { reportBatchItemFailures: true as const } : {}), ...settings });
        break;
      }
      case 'S3': {
        const bucket = required('Bucket');
        const list = props.Events === undefined ? [] : Array.isArray(props.Events) ? props.Events.map(String) : [String(props.Events)];
        const filter = isRecord(props.Filter) && isRecord(props.Filter.S3Key) ? props.Filter.S3Key.Rules : undefined;
        if (bucket !== undefined) out.push({ kind: 's3', id, bucket, events: list, ...keyFilter(s3FilterRules(filter)) });
        break;
      }
      case 'Schedule':
      case 'ScheduleV2': {
        const schedule = r.string(props.Schedule ?? props.ScheduleExpression, p('Schedule'));
        // SAM names a ScheduleV2's schedule after the event's logical id, the function's and the event's ids
        // (scheduler.py: `self.Name or self.logical_id`), unless OmitName lets CloudFormation generate one.
        const omitted = type !== 'ScheduleV2' || props.OmitName === true || props.OmitName === 'true';
        const rule = r.string(props.Name, p('Name')) ?? (omitted ? undefined : `${functionId}${id}`);
        const group = type === 'ScheduleV2' ? r.string(props.GroupName, p('GroupName')) : undefined;
        const scheduler = type === 'ScheduleV2' ? { scheduler: group ? { group } : {} } : {};
        if (schedule === undefined) r.error(p('Schedule'), `is required for an event of type ${type}`);
        else out.push({ kind: 'schedule', id, schedule, ...(rule ? { rule } : {}), ...scheduler, ...targetInput(props.Input, p('Input'), r) });
        break;
      }
      case 'EventBridgeRule':
      case 'CloudWatchEvent': {
        out.push({ kind: 'other', id, type, ...patternSample(props.Pattern), ...eventBusOrigin(props.EventBusName), ...targetInput(props.Input, p('Input'), r) });
        break;
      }
      case 'Kinesis':
      case 'DynamoDB': {
        const written = raw ? writtenProperties(raw, id).Stream : props.Stream;
        const stream = raw ? streamSource(written, type === 'Kinesis' ? 'kinesis' : 'dynamodb', raw.lookup) : undefined;
        out.push({ kind: 'other', id, type, ...(stream ? { stream } : {}), ...mappingOf(streamMappingSettings(props, 'cfn', `${at}.Properties`)) });
        break;
      }
      case 'SNS':
        // `Topic: !Ref Topic` is the topic's ARN.
        out.push({ kind: 'other', id, type, ...(typeof props.Topic === 'string' ? { topic: props.Topic } : {}) });
        break;
      case undefined:
        r.error(`${at}.Type`, 'is required');
        break;
      default:
        out.push({ kind: 'other', id, type, ...samTriggerDetails(type, props, type === 'MQ' ? brokerEngine(raw, id) : undefined) });
    }
  }
  return out;
}

/** An event's Properties as the template writes them, before intrinsics. */
function writtenProperties(raw: RawEvents | undefined, id: string): Record<string, unknown> {
  const event = isRecord(raw?.events) ? raw.events[id] : undefined;
  return isRecord(event) && isRecord(event.Properties) ? event.Properties : {};
}

/** `{ Ref: ... }`, `{ 'Fn::If': ... }`: a value CloudFormation computes. */
function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

/** The engine of the broker an MQ event names (`!GetAtt Broker.Arn`, `!Ref Broker`): its EngineType. */
function brokerEngine(raw: RawEvents | undefined, id: string): 'activemq' | 'rabbitmq' | undefined {
  const broker = writtenProperties(raw, id).Broker;
  const att = isRecord(broker) ? broker['Fn::GetAtt'] ?? broker.Ref : undefined;
  const name = Array.isArray(att) ? att[0] : typeof att === 'string' ? att.split('.')[0] : undefined;
  const resource = typeof name === 'string' ? raw?.lookup.resources[name] : undefined;
  const engine = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties.EngineType : undefined;
  return typeof engine === 'string' ? (engine.toUpperCase() === 'RABBITMQ' ? 'rabbitmq' : 'activemq') : undefined;
}

/** The API an event belongs to: after intrinsics, `!Ref MyApi` is the API's logical id. */
function refName(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

