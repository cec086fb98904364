import { isRecord, type FieldReader } from '../fields.js';
import type { EventSource, StreamSource } from '../event-sources.js';
import { streamSource } from '../cfn/stream-sources.js';
import type { EventContext } from './events.js';
import { streamMappingSettings } from '../stream-mapping-settings.js';

/**
 * `stream: <arn>` or `stream: { arn, type }`: the Framework takes the stream's kind from `type`, else from
 * the ARN's service (aws/package/compile/events/stream.js), and `arn` may be `Fn::GetAtt` of a table's
 * StreamArn or of a Kinesis stream of `resources`.
 */
export function streamEvent(spec: unknown, at: string, id: string, ctx: EventContext, r: FieldReader): EventSource {
  const props = isRecord(spec) && !('Fn::GetAtt' in spec) ? spec : { arn: spec };
  const type = props.type === undefined ? undefined : r.string(props.type, `${at}.type`);
  if (type !== undefined && type !== 'kinesis' && type !== 'dynamodb') r.error(`${at}.type`, `must be kinesis or dynamodb, not '${type}'`);
  const service = type === 'kinesis' || type === 'dynamodb' ? type : undefined;
  const stream = streamSource(props.arn, service, { resources: ctx.resources, resolve: (value) => value });
  // A stream the type and the ARN disagree on: the type is what the Framework goes by.
  const chosen: StreamSource | undefined = stream && service && stream.service !== service ? { service } : stream;
  // The Framework's mapping reads from TRIM_HORIZON, 10 records at a time, unless told otherwise, where Lambda's own
  // defaults are 100 (aws/package/compile/events/stream.js).
  const mapping = { startingPosition: 'TRIM_HORIZON' as const, batchSize: 10, ...streamMappingSettings(props, 'serverless', at) };
  return { kind: 'other', id, type: 'stream', ...(chosen ? { stream: chosen } : {}), mapping };
}

/**
 * `sns: <name or ARN>` or `sns: { arn, topicName }`: the topic the function subscribes to. `arn: !Ref Topic`
 * names a topic of `resources` (its TopicName, else its logical id).
 */
export function snsTrigger(spec: unknown, id: string, ctx: EventContext): EventSource {
  const props = isRecord(spec) ? spec : { arn: spec };
  const ref = isRecord(props.arn) ? props.arn.Ref : undefined;
  const resource = typeof ref === 'string' ? ctx.resources[ref] : undefined;
  const named = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties.TopicName : undefined;
  const topic = typeof props.arn === 'string' ? props.arn
    : typeof named === 'string' ? named
      : typeof ref === 'string' ? ref
        : typeof props.topicName === 'string' ? props.topicName : undefined;
  return { kind: 'other', id, type: 'sns', ...(topic ? { topic } : {}) };
}
