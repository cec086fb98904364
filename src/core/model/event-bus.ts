import type { EventSource } from './event-sources.js';

/** Where the events an EventBridge rule passes its function come from: the rule's bus and pattern. */

export interface EventOrigin {
  readonly region?: string;
  readonly accountId?: string;
}

// arn:aws:events:<region>:<account>:event-bus/<name>, as AWS::Events::Rule's EventBusName takes a bus of another account or region.
const EVENT_BUS_ARN = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/[\w./-]{1,256}$/;

/**
 * A rule's EventBusName (SAM's EventBridgeRule and CloudWatchEvent, AWS::Events::Rule, serverless.yml's eventBus) when
 * it is a bus's ARN: that bus's region and account. A bus named by name is the stack's own, in the local region and
 * account; an intrinsic is known only once deployed.
 */
export function eventBusOrigin(value: unknown): { bus?: EventOrigin } {
  const match = typeof value === 'string' ? EVENT_BUS_ARN.exec(value) : null;
  return match ? { bus: { region: match[1]!, accountId: match[2]! } } : {};
}

type RuleSource = Extract<EventSource, { kind: 'other' }>;

/**
 * The `region` and `account` of the sample event a rule lets through. EventBridge user guide, "Event structure
 * reference" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html): `region`
 * "identifies the AWS Region where the event originated", `account` is "the 12-digit number identifying an AWS
 * account"; an event sent on from another account keeps the sender's (EventBridge API reference, PutPermission:
 * "Rules with an account field do not match any events sent from other accounts"). So the pattern's own `account`
 * and `region`, when it matches on them, are the event's; else a bus given by ARN stands for the sender: its events
 * originated in its region, and its own account is the one AWS services and the bus owner's applications send from.
 * An event another account sent that bus would carry that account, which the template cannot tell.
 */
export function eventOrigin(source: RuleSource): EventOrigin {
  const region = source.pattern?.region ?? source.bus?.region;
  const accountId = source.pattern?.account ?? source.bus?.accountId;
  return { ...(region ? { region } : {}), ...(accountId ? { accountId } : {}) };
}
