import { contextOf, namedResource } from './arn.js';
import { isoSeconds, type GenerateContext } from './context.js';

/** An EventBridge event (sample: powertools eventBridgeEvent.json). `detail` is always a JSON object. */
export function eventBridgeEvent(ctx: GenerateContext, options: { source?: string; detailType?: string; detail?: Readonly<Record<string, unknown>>; resources?: string[] } = {}) {
  return {
    version: '0',
    id: ctx.newId(),
    'detail-type': options.detailType ?? 'Example Event',
    source: options.source ?? 'com.example.app',
    account: ctx.accountId,
    time: isoSeconds(ctx.nowMs),
    region: ctx.region,
    resources: options.resources ?? [],
    detail: options.detail ?? {},
  };
}

const RULE = { service: 'events', prefix: 'rule/', flag: '--rule', example: 'arn:aws:events:us-east-1:123456789012:rule/my-schedule' } as const;

/**
 * What a Schedule (EventBridge rule) sends: a "Scheduled Event" from aws.events naming the rule, from the
 * rule's region and account (a rule given by ARN sets them).
 */
export function scheduleEvent(ctx: GenerateContext, options: { rule?: string } = {}) {
  const rule = namedResource(ctx, RULE, options.rule ?? 'my-schedule');
  return eventBridgeEvent(contextOf(ctx, rule), {
    source: 'aws.events',
    detailType: 'Scheduled Event',
    detail: {},
    resources: [rule.arn],
  });
}
