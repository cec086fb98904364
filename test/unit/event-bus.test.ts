import { describe, expect, it } from 'vitest';
import { eventBusOrigin, eventOrigin } from '../../src/core/model/event-bus.js';

describe('eventBusOrigin: a rule\'s EventBusName', () => {
  it.each<[string, unknown, ReturnType<typeof eventBusOrigin>]>([
    ['an ARN of another account\'s bus', 'arn:aws:events:ap-south-1:111122223333:event-bus/shared', { bus: { region: 'ap-south-1', accountId: '111122223333' } }],
    ['a GovCloud partition\'s', 'arn:aws-us-gov:events:us-gov-west-1:111122223333:event-bus/default', { bus: { region: 'us-gov-west-1', accountId: '111122223333' } }],
    ['a name: the stack\'s own bus', 'orders', {}],
    ['an intrinsic left unresolved', { 'Fn::ImportValue': 'BusArn' }, {}],
    ['a rule\'s ARN, not a bus\'s', 'arn:aws:events:ap-south-1:111122223333:rule/r', {}],
    ['an account that is not 12 digits', 'arn:aws:events:ap-south-1:1111:event-bus/shared', {}],
  ])('%s', (_name, value, expected) => {
    expect(eventBusOrigin(value)).toEqual(expected);
  });
});

describe('eventOrigin: the region and account of a rule\'s sample event', () => {
  const bus = { region: 'ap-south-1', accountId: '111122223333' };
  it.each<[string, Parameters<typeof eventOrigin>[0], ReturnType<typeof eventOrigin>]>([
    ['no bus, no pattern: the local ones', { kind: 'other', id: 'R', type: 'EventBridgeRule' }, {}],
    ['a bus by ARN', { kind: 'other', id: 'R', type: 'EventBridgeRule', bus }, { region: 'ap-south-1', accountId: '111122223333' }],
    ['the pattern\'s sender over the bus', { kind: 'other', id: 'R', type: 'EventBridgeRule', bus, pattern: { account: '444455556666' } }, { region: 'ap-south-1', accountId: '444455556666' }],
    ['the pattern\'s region over the bus', { kind: 'other', id: 'R', type: 'EventBridgeRule', bus, pattern: { region: 'us-west-2' } }, { region: 'us-west-2', accountId: '111122223333' }],
  ])('%s', (_name, source, expected) => {
    expect(eventOrigin(source)).toEqual(expected);
  });
});
