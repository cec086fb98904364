import { contextOf, namedResource, RESOURCE_NAMES } from './arn.js';
import { isoSeconds, type GenerateContext } from './context.js';
import { s3EventBridgeParts } from './s3-eventbridge.js';

/** An EventBridge event (sample: powertools eventBridgeEvent.json). `detail` is a JSON object (but see schedulerEvent). */
export function eventBridgeEvent(ctx: GenerateContext, options: { source?: string; detailType?: string; detail?: Readonly<Record<string, unknown>>; resources?: string[] } = {}) {
  const detailType = options.detailType ?? 'Example Event';
  const source = options.source ?? 'com.example.app';
  const s3 = source === 'aws.s3' ? s3EventBridgeParts(ctx, detailType, { ...options.detail }) : undefined;
  return {
    version: '0',
    id: ctx.newId(),
    'detail-type': detailType,
    source,
    account: ctx.accountId,
    time: isoSeconds(ctx.nowMs),
    region: ctx.region,
    resources: options.resources ?? s3?.resources ?? [],
    detail: s3?.detail ?? options.detail ?? {},
  };
}

const RULE = { service: 'events', prefix: 'rule/', flag: '--rule', example: 'arn:aws:events:us-east-1:123456789012:rule/my-schedule', name: RESOURCE_NAMES.rule } as const;

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

const SCHEDULE = { service: 'scheduler', prefix: 'schedule/', flag: '--schedule', example: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/my-schedule', name: RESOURCE_NAMES.schedule } as const;

/**
 * What an EventBridge Scheduler schedule (SAM ScheduleV2) sends a Lambda target without an Input, its "default
 * notification" (Scheduler API Target.Input): a "Scheduled Event" from aws.scheduler naming the schedule, whose
 * `detail` is the string "{}", not an object as a rule's is (observed: Powertools' EventBridgeModel had to
 * accept it, powertools-lambda-python#6112, and cloud-custodian#9566). A name without its group is in the
 * `default` group, as a schedule created without GroupName is.
 */
export function schedulerEvent(ctx: GenerateContext, options: { schedule?: string } = {}) {
  const given = options.schedule ?? 'my-schedule';
  const schedule = namedResource(ctx, SCHEDULE, given.startsWith('arn:') || given.includes('/') ? given : `default/${given}`);
  const event = eventBridgeEvent(contextOf(ctx, schedule), { source: 'aws.scheduler', detailType: 'Scheduled Event', resources: [schedule.arn] });
  return { ...event, detail: '{}' };
}
