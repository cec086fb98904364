import { UserError } from '../../errors.js';
import type { GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

/** A resource a sample event names: its ARN, and the region and account the event then comes from. */
export interface NamedResource {
  readonly arn: string;
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
}

export interface ResourceKind {
  /** The ARN's service (`sqs`, `sns`, `events`). */
  readonly service: string;
  /** What comes before the name in the ARN's resource part (`rule/` for EventBridge rules, empty for queues and topics). */
  readonly prefix: string;
  /** The flag the name or ARN came from, for the message when it is not an ARN of this kind. */
  readonly flag: string;
  readonly example: string;
  /** The names the service takes (its API's pattern and length), and those words for the message. */
  readonly name?: { readonly pattern: RegExp; readonly rule: string };
}

/**
 * The names each service takes, from its API reference (CreateQueue QueueName, CreateTopic Name, PutRule Name,
 * CreateSchedule GroupName and Name, CreateStream StreamName, CreateDeliveryStream DeliveryStreamName).
 */
export const RESOURCE_NAMES = {
  queue: { pattern: /^(?:[\w-]{1,80}|[\w-]{1,75}\.fifo)$/, rule: 'up to 80 of letters, digits, - and _ (a FIFO queue\'s ends in .fifo)' },
  topic: { pattern: /^(?:[\w-]{1,256}|[\w-]{1,251}\.fifo)$/, rule: 'up to 256 of letters, digits, - and _ (a FIFO topic\'s ends in .fifo)' },
  // A rule on a custom event bus is rule/BUS/NAME in its ARN.
  rule: { pattern: /^(?:[\w./-]{1,256}\/)?[\w.-]{1,64}$/, rule: 'up to 64 of letters, digits, . - and _; BUS/NAME on a custom bus' },
  schedule: { pattern: /^[\w.-]{1,64}\/[\w.-]{1,64}$/, rule: 'GROUP/NAME or NAME, each up to 64 of letters, digits, . - and _' },
  stream: { pattern: /^[\w.-]{1,128}$/, rule: 'up to 128 of letters, digits, . - and _' },
  deliveryStream: { pattern: /^[\w.-]{1,64}$/, rule: 'up to 64 of letters, digits, . - and _' },
} as const;

// arn:partition:service:region:account-id:resource (docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
const ARN = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]+):(\d{12}):(.+)$/;

/**
 * A name becomes an ARN in the context's region and account; an ARN is kept, and its region and account are
 * the event's (a queue in eu-west-1 sends records whose awsRegion is eu-west-1, whatever --region says).
 */
export function namedResource(ctx: GenerateContext, kind: ResourceKind, given: string): NamedResource {
  if (!given.startsWith('arn:')) {
    if (kind.name && !kind.name.pattern.test(given)) throw new UserError(`${kind.flag} '${given}' is not a name the service takes (${kind.name.rule}), nor an ARN like ${kind.example}`, { exitCode: 2 });
    return { arn: arnOf({ service: kind.service, region: ctx.region, accountId: ctx.accountId, resource: `${kind.prefix}${given}` }), name: given, region: ctx.region, accountId: ctx.accountId };
  }
  const [, , service, region, accountId, resource] = ARN.exec(given) ?? [];
  const name = resource?.startsWith(kind.prefix) ? resource.slice(kind.prefix.length) : '';
  if (service !== kind.service || !region || !accountId || !name || (kind.name && !kind.name.pattern.test(name))) {
    throw new UserError(`${kind.flag} '${given}' is not a name or an ARN like ${kind.example}`, { exitCode: 2 });
  }
  return { arn: given, name, region, accountId };
}

/** The context of an event that comes from the resource: its region and account. */
export function contextOf(ctx: GenerateContext, resource: NamedResource): GenerateContext {
  return { ...ctx, region: resource.region, accountId: resource.accountId };
}
