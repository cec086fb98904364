import { isoSeconds, type GenerateContext } from './context.js';

/** An EventBridge event (sample: powertools eventBridgeEvent.json). */
export function eventBridgeEvent(ctx: GenerateContext, options: { source?: string; detailType?: string; detail?: unknown; resources?: string[] } = {}) {
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

/** What a Schedule (EventBridge rule) sends: a "Scheduled Event" from aws.events naming the rule. */
export function scheduleEvent(ctx: GenerateContext, options: { rule?: string } = {}) {
  const rule = options.rule ?? 'my-schedule';
  return eventBridgeEvent(ctx, {
    source: 'aws.events',
    detailType: 'Scheduled Event',
    detail: {},
    resources: [`arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${rule}`],
  });
}
