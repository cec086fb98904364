import { describe, expect, it } from 'vitest';
import { namedResource, RESOURCE_NAMES, type ResourceKind } from '../../src/core/events/sources/arn.js';
import type { GenerateContext } from '../../src/core/events/sources/context.js';

const ctx: GenerateContext = { nowMs: 0, newId: () => 'id', region: 'eu-west-1', accountId: '111122223333' };
const kind = (service: string, prefix: string, flag: string, name: keyof typeof RESOURCE_NAMES): ResourceKind => ({ service, prefix, flag, example: `arn:aws:${service}:us-east-1:123456789012:${prefix}x`, name: RESOURCE_NAMES[name] });
const QUEUE = kind('sqs', '', '--queue', 'queue');
const TOPIC = kind('sns', '', '--topic', 'topic');
const RULE = kind('events', 'rule/', '--rule', 'rule');
const SCHEDULE = kind('scheduler', 'schedule/', '--schedule', 'schedule');
const STREAM = kind('kinesis', 'stream/', '--stream', 'stream');
const DELIVERY = kind('firehose', 'deliverystream/', '--stream', 'deliveryStream');

describe('events generate: a resource named as its service names them', () => {
  it.each<[ResourceKind, string, string | undefined]>([
    [QUEUE, 'orders', undefined],
    [QUEUE, 'orders-dlq_2', undefined],
    [QUEUE, 'orders.fifo', undefined],
    [QUEUE, 'q'.repeat(80), undefined],
    [QUEUE, 'q'.repeat(81), 'up to 80 of letters, digits, - and _ (a FIFO queue\'s ends in .fifo)'],
    [QUEUE, `${'q'.repeat(76)}.fifo`, 'up to 80 of letters, digits, - and _ (a FIFO queue\'s ends in .fifo)'],
    [QUEUE, 'my queue', 'up to 80 of letters, digits, - and _ (a FIFO queue\'s ends in .fifo)'],
    [QUEUE, 'orders.v2', 'up to 80 of letters, digits, - and _ (a FIFO queue\'s ends in .fifo)'],
    [TOPIC, 't'.repeat(256), undefined],
    [TOPIC, 'alerts!', 'up to 256 of letters, digits, - and _ (a FIFO topic\'s ends in .fifo)'],
    [RULE, 'nightly.run-1', undefined],
    [RULE, 'orders-bus/nightly', undefined],
    [RULE, 'r'.repeat(65), 'up to 64 of letters, digits, . - and _; BUS/NAME on a custom bus'],
    [RULE, 'night ly', 'up to 64 of letters, digits, . - and _; BUS/NAME on a custom bus'],
    [SCHEDULE, 'default/nightly', undefined],
    [SCHEDULE, 'default/night ly', 'GROUP/NAME or NAME, each up to 64 of letters, digits, . - and _'],
    [STREAM, 'clicks.v2', undefined],
    [STREAM, 'clicks/v2', 'up to 128 of letters, digits, . - and _'],
    [DELIVERY, 'd'.repeat(65), 'up to 64 of letters, digits, . - and _'],
  ])('%# %s', (k, name, rule) => {
    const run = () => namedResource(ctx, k, name);
    if (rule === undefined) expect(run()).toMatchObject({ name, region: 'eu-west-1', accountId: '111122223333' });
    else expect(run).toThrow(`${k.flag} '${name}' is not a name the service takes (${rule}), nor an ARN like ${k.example}`);
  });

  it('an ARN whose name the service would not take is refused as one of another kind is', () => {
    expect(() => namedResource(ctx, QUEUE, 'arn:aws:sqs:eu-west-1:111122223333:my queue')).toThrow("--queue 'arn:aws:sqs:eu-west-1:111122223333:my queue' is not a name or an ARN like arn:aws:sqs:us-east-1:123456789012:x");
    expect(namedResource(ctx, QUEUE, 'arn:aws:sqs:us-east-2:444455556666:orders.fifo')).toEqual({ arn: 'arn:aws:sqs:us-east-2:444455556666:orders.fifo', name: 'orders.fifo', region: 'us-east-2', accountId: '444455556666' });
  });
});
