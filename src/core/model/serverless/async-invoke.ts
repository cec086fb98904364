/**
 * A serverless.yml function's settings for its asynchronous invocations (Framework docs, "AWS - Functions":
 * "Asynchronous invocation" and "DLQ"): `maximumRetryAttempts`, `maximumEventAge`, `destinations.onSuccess` /
 * `onFailure` (an ARN, a function of the service by its key, or `{ type, arn }`), and `onError` (the dead-letter
 * queue's ARN).
 */
import { asyncInvokeOf, onSuccessDestination, readAsyncLimit, readDestination, type AsyncInvokeConfig, type Destination } from '../async-invoke.js';
import { FieldReader, isRecord } from '../fields.js';
import { LOCAL_ACCOUNT_ID } from '../sam/template.js';
import { arnOf } from '../../partition.js';

interface Where {
  readonly region: string;
  readonly resources: Readonly<Record<string, unknown>>;
  /** The service's function keys: a destination may name one. */
  readonly functionKeys: readonly string[];
}

export function serverlessAsyncInvoke(fn: Record<string, unknown>, base: string, where: Where, r: FieldReader): { asyncInvoke?: AsyncInvokeConfig } {
  const destinations = r.record(fn.destinations, `${base}.destinations`) ?? {};
  const onError = fn.onError === undefined ? undefined : readDestination(resourceArn(fn.onError, where) ?? fn.onError, undefined, `${base}.onError`, r, ['sqs', 'sns']);
  return asyncInvokeOf({
    maximumRetryAttempts: readAsyncLimit(fn.maximumRetryAttempts, `${base}.maximumRetryAttempts`, r, 'retryAttempts'),
    maximumEventAgeSeconds: readAsyncLimit(fn.maximumEventAge, `${base}.maximumEventAge`, r, 'eventAgeSeconds'),
    onSuccess: destination(destinations.onSuccess, `${base}.destinations.onSuccess`, where, r, 'onSuccess'),
    onFailure: destination(destinations.onFailure, `${base}.destinations.onFailure`, where, r, 'onFailure'),
    deadLetter: onError,
  } as AsyncInvokeConfig);
}

function destination(value: unknown, path: string, where: Where, r: FieldReader, role: 'onSuccess' | 'onFailure'): Destination | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && where.functionKeys.includes(value)) {
    // "the name of another function in the service": dev finds it by its key.
    return { type: 'lambda', arn: arnOf({ service: 'lambda', region: where.region, accountId: LOCAL_ACCOUNT_ID, resource: `function:${value}` }), path };
  }
  const long = isRecord(value) && ('type' in value || 'arn' in value);
  const at = long ? `${path}.arn` : path;
  const read = long ? readDestination(resourceArn(value.arn, where) ?? value.arn, value.type, at, r) : readDestination(resourceArn(value, where) ?? value, undefined, at, r);
  return role === 'onSuccess' ? onSuccessDestination(read, at, r) : read;
}

/** `Fn::GetAtt: [X, Arn]` or `Ref: X` of a queue or topic in `resources`: the ARN it would have, named by its name property or logical id. */
function resourceArn(value: unknown, where: Where): string | undefined {
  if (!isRecord(value)) return undefined;
  const getAtt = value['Fn::GetAtt'];
  const id = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : value.Ref;
  const resource = typeof id === 'string' ? where.resources[id] : undefined;
  if (!isRecord(resource)) return undefined;
  const props = isRecord(resource.Properties) ? resource.Properties : {};
  if (resource.Type === 'AWS::SQS::Queue') return arnOf({ service: 'sqs', region: where.region, accountId: LOCAL_ACCOUNT_ID, resource: typeof props.QueueName === 'string' ? props.QueueName : String(id) });
  if (resource.Type === 'AWS::SNS::Topic') return arnOf({ service: 'sns', region: where.region, accountId: LOCAL_ACCOUNT_ID, resource: typeof props.TopicName === 'string' ? props.TopicName : String(id) });
  return undefined;
}
