import { contextOf, namedResource, RESOURCE_NAMES } from './arn.js';
import type { GenerateContext } from './context.js';

const DELIVERY_STREAM = { service: 'firehose', prefix: 'deliverystream/', flag: '--stream', example: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream', name: RESOURCE_NAMES.deliveryStream } as const;

/**
 * A Firehose data transformation batch of one record (Firehose developer guide, "Transform source data";
 * sample: powertools kinesisFirehosePutEvent.json, a Direct PUT stream): the data in base64. The function
 * answers each recordId with a result (Ok, Dropped, ProcessingFailed) and the data.
 */
export function firehoseEvent(ctx: GenerateContext, options: { stream?: string; body?: string } = {}) {
  const stream = namedResource(ctx, DELIVERY_STREAM, options.stream ?? 'my-delivery-stream');
  const at = contextOf(ctx, stream);
  return {
    invocationId: at.newId(),
    deliveryStreamArn: stream.arn,
    region: at.region,
    records: [
      {
        // Record ids are long opaque strings in captures; the 56-digit sequence number of the record's PUT leads them.
        recordId: `${String(at.nowMs).padStart(56, '4')}000000000000`,
        approximateArrivalTimestamp: at.nowMs,
        data: Buffer.from(options.body ?? 'Hello from Firehose!').toString('base64'),
      },
    ],
  };
}

/**
 * An IoT rule's action: the function gets what the rule's SQL selects from the MQTT message, any JSON value
 * (IoT developer guide, "AWS IoT SQL reference"): the sample is a device's reading, or the JSON given.
 */
export function iotEvent(ctx: GenerateContext, options: { body?: unknown } = {}): unknown {
  return options.body ?? { deviceId: 'my-device', temperature: 22.5, humidity: 41, timestamp: ctx.nowMs };
}
