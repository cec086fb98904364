/**
 * Sending a record to an SQS queue or SNS topic destination on --local-aws's endpoint: asynchronous invocations'
 * destinations and dead-letter queues, and stream triggers' OnFailure destinations (which may be an S3 bucket too).
 */
import { s3PutObject, snsCall, sqsCall } from '../adapters/local-aws-client.js';
import type { MessageAttributes } from '../core/async/invocation-record.js';
import type { Destination } from '../core/model/async-invoke.js';

export interface LocalAws {
  readonly endpoint: string;
  readonly region: string;
}

/** How a destination's type is said in messages. */
export const DESTINATION_KIND: Readonly<Record<Destination['type'], string>> = { sqs: 'SQS', sns: 'SNS', lambda: 'function', eventbridge: 'EventBridge', s3: 'S3' };

/** Sends `body` to an SQS or SNS destination on the endpoint; it rejects when the endpoint does. */
export function sendToDestination(local: LocalAws, destination: Destination & { readonly type: 'sqs' | 'sns' }, body: string, attributes?: MessageAttributes): Promise<void> {
  return destination.type === 'sqs' ? sendToQueue(local, destination.arn, body, attributes) : publish(local, destination.arn, body, attributes);
}

const nameOf = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

/** Writes `body` to the object `key` of an S3 destination (`arn:aws:s3:::<bucket>`) on the endpoint; it rejects when the endpoint does. */
export function putInBucket(local: LocalAws, arn: string, key: string, body: string): Promise<void> {
  return s3PutObject(local.endpoint, local.region, nameOf(arn), key, body);
}

async function sendToQueue(local: LocalAws, arn: string, body: string, attributes: MessageAttributes | undefined): Promise<void> {
  const { QueueUrl } = await sqsCall<{ QueueUrl: string }>(local.endpoint, local.region, 'GetQueueUrl', { QueueName: nameOf(arn) });
  await sqsCall(local.endpoint, local.region, 'SendMessage', { QueueUrl, MessageBody: body, ...(attributes ? { MessageAttributes: attributes } : {}) });
}

/** SNS topics are not made from the template: the topic is made (CreateTopic returns one that exists) before it gets the message. */
async function publish(local: LocalAws, arn: string, message: string, attributes: MessageAttributes | undefined): Promise<void> {
  await snsCall(local.endpoint, local.region, 'CreateTopic', { Name: nameOf(arn) });
  const params: Record<string, string> = { TopicArn: arn, Message: message };
  Object.entries(attributes ?? {}).forEach(([name, a], i) => {
    params[`MessageAttributes.entry.${i + 1}.Name`] = name;
    params[`MessageAttributes.entry.${i + 1}.Value.DataType`] = a.DataType;
    params[`MessageAttributes.entry.${i + 1}.Value.StringValue`] = a.StringValue;
  });
  await snsCall(local.endpoint, local.region, 'Publish', params);
}
