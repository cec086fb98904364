/**
 * How Lambda handles a function's asynchronous invocations (Lambda developer guide, "Error handling and automatic
 * retries", "Configuring destinations", "Adding a dead-letter queue"): SAM's EventInvokeConfig and DeadLetterQueue,
 * CloudFormation's AWS::Lambda::EventInvokeConfig and DeadLetterConfig, serverless.yml's maximumRetryAttempts,
 * maximumEventAge, destinations and onError, read into one shape.
 */
import type { FieldReader } from './fields.js';

export type DestinationType = 'sqs' | 'sns' | 'lambda' | 'eventbridge' | 's3';

export interface Destination {
  readonly type: DestinationType;
  /** The target's ARN (a function of the project is found by the name in it). */
  readonly arn: string;
  /** Where the configuration writes it (`Resources.Fn.Properties.EventInvokeConfig.DestinationConfig.OnFailure.Destination`), for messages. */
  readonly path?: string;
}

export interface AsyncInvokeConfig {
  /** 0 - 2; Lambda's default is 2. */
  readonly maximumRetryAttempts?: number;
  /** 60 - 21600; Lambda's default is 21600 (6 hours). */
  readonly maximumEventAgeSeconds?: number;
  readonly onSuccess?: Destination;
  readonly onFailure?: Destination;
  /** The function's dead-letter queue (SQS or SNS): it gets the event itself once every attempt failed. */
  readonly deadLetter?: Destination;
}

/** PutFunctionEventInvokeConfig's ranges (Lambda API reference): CloudFormation refuses a value outside them. */
export const ASYNC_LIMITS = { retryAttempts: [0, 2], eventAgeSeconds: [60, 21600] } as const;

const ARN_SERVICES: Readonly<Record<string, DestinationType>> = { sqs: 'sqs', sns: 'sns', lambda: 'lambda', events: 'eventbridge', s3: 's3' };
const TYPE_NAMES: Readonly<Record<string, DestinationType>> = { sqs: 'sqs', sns: 'sns', lambda: 'lambda', function: 'lambda', eventbridge: 'eventbridge', eventbus: 'eventbridge', s3: 's3' };

/** The destination type an ARN names by its service, undefined when it names none Lambda sends to. */
export function destinationTypeOfArn(arn: string): DestinationType | undefined {
  const service = /^arn:[^:]+:([^:]+):/.exec(arn)?.[1];
  return service === undefined ? undefined : ARN_SERVICES[service];
}

/** A destination's `Type` as SAM (`SQS`, `EventBridge`) or the Framework (`function`, `eventBus`) writes it. */
export function destinationTypeName(name: string): DestinationType | undefined {
  return TYPE_NAMES[name.toLowerCase()];
}

/**
 * A destination: its ARN (the type given, else the ARN's), or an error said at `path`. `allowed`: the types the
 * setting takes (a dead-letter queue is SQS or SNS only).
 */
export function readDestination(arnValue: unknown, typeValue: unknown, path: string, r: FieldReader, allowed: readonly DestinationType[] = ['sqs', 'sns', 'lambda', 'eventbridge', 's3']): Destination | undefined {
  const arn = r.string(arnValue, path);
  if (arn === undefined) return undefined;
  const named = typeValue === undefined ? undefined : r.string(typeValue, path);
  const type = named === undefined ? destinationTypeOfArn(arn) : destinationTypeName(named);
  if (type === undefined || !allowed.includes(type)) {
    r.error(path, named !== undefined && type === undefined
      ? `'${named}' is not a destination type (${allowed.join(', ')})`
      : `'${arn}' is not the ARN of ${allowed.map((t) => (t === 'lambda' ? 'a function' : t === 'eventbridge' ? 'an event bus' : t === 's3' ? 'a bucket' : `an ${t.toUpperCase()} ${t === 'sqs' ? 'queue' : 'topic'}`)).join(', ')}`);
    return undefined;
  }
  return { type, arn, path };
}

/**
 * An OnSuccess destination, or an error said at `path` for a bucket: "S3 buckets are supported only for on-failure
 * destinations. To retain records of successful invocations, use another destination type" (Lambda API reference,
 * PutFunctionEventInvokeConfig; the developer guide's "Capturing records of Lambda asynchronous invocations" lists
 * "Amazon S3 – An Amazon S3 bucket (on failure only)"). Lambda refuses the configuration; CloudFormation's deploy fails.
 */
export function onSuccessDestination(destination: Destination | undefined, path: string, r: FieldReader): Destination | undefined {
  if (destination?.type !== 's3') return destination;
  r.error(path, `'${destination.arn}' is an S3 bucket, which Lambda takes as an OnFailure destination only: records of successful invocations go to a queue, topic, function or event bus`);
  return undefined;
}

/** A whole number in Lambda's range for the setting, or an error said at `path`. */
export function readAsyncLimit(value: unknown, path: string, r: FieldReader, limit: keyof typeof ASYNC_LIMITS): number | undefined {
  const n = r.integer(value, path);
  if (n === undefined) return undefined;
  const [min, max] = ASYNC_LIMITS[limit];
  if (n < min || n > max) {
    r.error(path, `${n} is outside Lambda's range of ${min} to ${max}`);
    return undefined;
  }
  return n;
}

/** The settings given, or undefined when there are none (the function then has Lambda's defaults). */
export function asyncInvokeOf(config: AsyncInvokeConfig): { asyncInvoke?: AsyncInvokeConfig } {
  const set = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as AsyncInvokeConfig;
  return Object.keys(set).length > 0 ? { asyncInvoke: set } : {};
}

/** `{ OnSuccess: { Type, Destination }, OnFailure: ... }` as SAM's EventInvokeConfig and CloudFormation's DestinationConfig write it. */
export function readDestinationConfig(value: unknown, path: string, r: FieldReader): Pick<AsyncInvokeConfig, 'onSuccess' | 'onFailure'> {
  const config = r.record(value, path);
  if (!config) return {};
  const one = (key: 'OnSuccess' | 'OnFailure') => {
    const d = r.record(config[key], `${path}.${key}`);
    if (!d) return undefined;
    if (d.Destination === undefined) {
      // SAM creates a queue or topic itself for a Type without Destination; dev cannot know its ARN.
      r.warn(`${path}.${key}`, 'has no Destination: SAM creates the queue or topic on deploy, which dev does not, so nothing is sent locally');
      return undefined;
    }
    const read = readDestination(d.Destination, d.Type, `${path}.${key}.Destination`, r);
    return key === 'OnSuccess' ? onSuccessDestination(read, `${path}.${key}.Destination`, r) : read;
  };
  return { onSuccess: one('OnSuccess'), onFailure: one('OnFailure') } as Pick<AsyncInvokeConfig, 'onSuccess' | 'onFailure'>;
}
