import type { Destination } from './async-invoke.js';
import type { ProjectStyle } from './project.js';

/** What triggers a function besides HTTP, in the project model (FunctionModel.events): the readers' common form. */

export type EventSource =
  | { readonly kind: 'api'; readonly id: string; readonly path: string; readonly method: string; readonly apiId?: string }
  | { readonly kind: 'httpApi'; readonly id: string; readonly path?: string; readonly method?: string; readonly apiId?: string }
  | (TriggerSource & (
  /** `sampleBody`: a body the mapping's filter lets through (filterSampleBody). */
  | ({ readonly kind: 'sqs'; readonly id: string; readonly queue: string; readonly batchSize?: number; readonly sampleBody?: string; readonly reportBatchItemFailures?: true } & QueueMappingSettings)
  | { readonly kind: 's3'; readonly id: string; readonly bucket: string; readonly events: readonly string[]; readonly keyFilter?: S3KeyFilter }
  | ({
    readonly kind: 'schedule'; readonly id: string; readonly schedule: string; readonly rule?: string;
    /** EventBridge Scheduler (SAM ScheduleV2): `rule` is the schedule's name, in `group`. Absent: an EventBridge rule. */
    readonly scheduler?: { readonly group?: string };
  } & TargetInput)
  | ({
    readonly kind: 'other'; readonly id: string; readonly type: string;
    /** An EventBridge rule's pattern, what its sample matches: the first source, detail-type, account and region it takes, and a detail. */
    readonly pattern?: { readonly source?: string; readonly detailType?: string; readonly detail?: Readonly<Record<string, unknown>>; readonly account?: string; readonly region?: string };
    /** An EventBridge rule on a bus given by ARN (another account's or region's): that bus's region and account (event-bus.ts). */
    readonly bus?: { readonly region?: string; readonly accountId?: string };
    /** An AppSync direct Lambda resolver (type `AppSync`, its Resolver's logical id): the field it resolves. */
    readonly resolver?: { readonly typeName: string; readonly fieldName: string };
    /** A CloudFormation custom resource the function serves (type `CustomResource`, the resource's logical id): its type and properties. */
    readonly customResource?: { readonly resourceType: string; readonly properties: Readonly<Record<string, unknown>> };
    /** What a trigger of another service names, for its sample event. */
    readonly details?: TriggerDetails;
  } & TargetInput & StreamTrigger)));

/** What every trigger but an API's route has (a route's alias is its Route.qualifier). */
export interface TriggerSource {
  /**
   * The alias the trigger invokes: SAM gives a function's events its AutoPublishAlias rather than the function
   * (sam_resources.py, `lambda_alias or lambda_function`), so Lambda runs it with the alias's ARN as
   * `context.invoked_function_arn`.
   */
  readonly qualifier?: string;
}

/**
 * What the configuration says of a trigger beyond its type, as far as it is known before deploying (a name or
 * ARN an intrinsic leaves unknown is absent).
 */
export interface TriggerDetails {
  /** A CloudWatch Logs subscription's log group. */
  readonly logGroup?: string;
  /** A Cognito user pool trigger: PreSignUp, PostConfirmation, ... */
  readonly userPoolTrigger?: string;
  /** An MSK cluster's ARN, or a self-managed cluster's bootstrap servers, and the first topic read. */
  readonly kafka?: { readonly cluster?: string; readonly bootstrapServers?: string; readonly topic?: string };
  /** An Amazon MQ broker (its ARN), the engine it runs and the first queue read. */
  readonly broker?: { readonly engine: 'activemq' | 'rabbitmq'; readonly arn?: string; readonly queue?: string };
  /** An IoT rule's SQL statement: the function gets what it selects. */
  readonly iotSql?: string;
  /** An SES receipt rule's Lambda action: a recipient the rule matches. */
  readonly mailTo?: string;
  /** A Firehose delivery stream whose records the function transforms (its Lambda processor): the stream's name. */
  readonly deliveryStream?: string;
  /** A WebSocket route (serverless.yml `websocket`, a Chalice `on_ws_*` handler): its key, and whether its result is sent back. */
  readonly webSocket?: { readonly routeKey: string; readonly respond?: true };
}

/**
 * What a stream or topic trigger names, as far as the configuration says: an SNS trigger's topic (a name or
 * ARN), a stream trigger's stream (SAM Kinesis/DynamoDB events, serverless.yml `stream`).
 */
export interface StreamTrigger {
  readonly topic?: string;
  readonly stream?: StreamSource;
  /** A Kinesis or DynamoDB stream trigger's event source mapping, as far as the configuration sets it. */
  readonly mapping?: StreamMappingSettings;
}

/**
 * An event source mapping's settings for a stream (CreateEventSourceMapping's, which SAM's Kinesis and DynamoDB
 * events, serverless.yml's `stream` and AWS::Lambda::EventSourceMapping all pass on); absent ones are Lambda's defaults.
 */
export interface StreamMappingSettings {
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON' | 'AT_TIMESTAMP';
  /** AT_TIMESTAMP's time, in seconds since the epoch. */
  readonly startingPositionTimestamp?: number;
  readonly batchSize?: number;
  readonly batchWindowSeconds?: number;
  /** -1: until the records expire (Lambda's default). */
  readonly maximumRetryAttempts?: number;
  /** -1: no limit (Lambda's default). */
  readonly maximumRecordAgeSeconds?: number;
  readonly bisectBatchOnFunctionError?: true;
  readonly reportBatchItemFailures?: true;
  /** How many batches of a shard may run at once (1-10; Lambda's default 1). */
  readonly parallelizationFactor?: number;
  /** TumblingWindowInSeconds (0-900; 0, Lambda's default: none). */
  readonly tumblingWindowSeconds?: number;
  /** FilterCriteria's patterns, parsed: a record reaches the function when one of them matches it. */
  readonly filters?: readonly unknown[];
  /** DestinationConfig.OnFailure: where the record of a batch given up goes (an SQS queue or SNS topic). */
  readonly onFailure?: Destination;
  readonly enabled?: false;
}

export type StreamSource =
  | { readonly service: 'kinesis'; /** The stream's name or ARN. */ readonly stream?: string }
  | {
    readonly service: 'dynamodb';
    readonly table?: StreamTable;
    /** The stream's ARN, when the configuration writes it (not `!GetAtt Table.StreamArn`, known once deployed): its records' eventSourceARN. */
    readonly arn?: string;
  };

/** The table a DynamoDB stream belongs to, and what its records carry. */
export interface StreamTable {
  readonly name: string;
  /** The key schema: the partition key, then the sort key, with the types AttributeDefinitions give them. */
  readonly keys?: ReadonlyArray<{ readonly name: string; readonly type: 'S' | 'N' | 'B' }>;
  readonly viewType?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

/** The object keys an S3 notification is sent for (S3 filter rules: a key prefix, a key suffix). */
export interface S3KeyFilter {
  readonly prefix?: string;
  readonly suffix?: string;
}

/**
 * An EventBridge target's constant `Input` (SAM `Input`, serverless.yml `input`), as JSON text: the function
 * then gets that, not the event ("nothing from the event itself is passed to the target", API_Target).
 */
export interface TargetInput {
  readonly input?: string;
}

/** SAM's event types, which Chalice's triggers are said in too. */
const SAM_TYPES = { api: 'Api', httpApi: 'HttpApi', sqs: 'SQS', s3: 'S3', schedule: 'Schedule' } as const;

/**
 * A trigger's type as the project's configuration writes it, for messages: SAM's event type (`ScheduleV2`), a
 * serverless.yml event's key (`schedule (method: scheduler)`, where SAM's word would be foreign to the service).
 */
export function triggerType(source: EventSource, style: ProjectStyle): string {
  if (source.kind === 'other') return source.type;
  if (style === 'serverless') {
    if (source.kind === 'schedule') return source.scheduler ? 'schedule (method: scheduler)' : 'schedule';
    return source.kind === 'api' ? 'http' : source.kind;
  }
  return source.kind === 'schedule' && source.scheduler ? 'ScheduleV2' : SAM_TYPES[source.kind];
}

/** An SQS event source mapping's settings beyond its batch size, as every reader finds them (queueMappingSettings). */
export interface QueueMappingSettings {
  /** FilterCriteria's patterns, parsed (SAM and CloudFormation write each as a JSON string). */
  readonly filters?: readonly Readonly<Record<string, unknown>>[];
  /** MaximumBatchingWindowInSeconds. */
  readonly batchingWindow?: number;
  /** ScalingConfig.MaximumConcurrency. */
  readonly maximumConcurrency?: number;
  /** `Enabled: false`: the mapping does not poll. */
  readonly disabled?: true;
}
