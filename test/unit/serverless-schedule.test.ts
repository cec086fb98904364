import { describe, expect, it } from 'vitest';
import { problems, read } from './serverless-helpers.js';

/** A service whose one function has the given `schedule` event (YAML flow mapping or scalar). */
const service = (schedule: string) => `
service: jobs
provider: { name: aws, runtime: python3.12 }
functions:
  tick:
    handler: app.handler
    events:
      - schedule: ${schedule}
`;

const at = 'functions.tick.events[0].schedule';

describe('serverless.yml schedule events (aws/package/compile/events/schedule.js)', () => {
  it.each([
    ['a rate: an EventBridge rule', 'rate(1 hour)', [{ kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)' }]],
    ['method: eventBus is the default, a rule', '{ rate: rate(1 hour), method: eventBus }', [{ kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)' }]],
    // An AWS::Scheduler::Schedule, in the default group (the Framework sets no GroupName).
    ['method: scheduler: an EventBridge Scheduler schedule', '{ rate: rate(1 hour), method: scheduler }', [{ kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)', scheduler: {} }]],
    ['method: scheduler, its name, timezone and input', "{ rate: ['cron(0 12 * * ? *)'], method: scheduler, name: nightly, timezone: America/New_York, input: { job: nightly } }",
      [{ kind: 'schedule', id: 'schedule-1', schedule: 'cron(0 12 * * ? *)', rule: 'nightly', scheduler: {}, input: '{"job":"nightly"}' }]],
    ['method: scheduler, each of several rates', "{ rate: ['rate(1 hour)', 'rate(1 day)'], method: scheduler }",
      [{ kind: 'schedule', id: 'schedule-1.1', schedule: 'rate(1 hour)', scheduler: {} }, { kind: 'schedule', id: 'schedule-1.2', schedule: 'rate(1 day)', scheduler: {} }]],
    ['a string input, as written', `{ rate: rate(1 hour), method: scheduler, input: '{"key":"array"}' }`, [{ kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)', scheduler: {}, input: '{"key":"array"}' }]],
    // The Framework parses a string `body` (Input.body = JSON.parse(Input.body)): the function gets its JSON.
    ['an input body of JSON text is sent as that JSON', `{ rate: rate(1 hour), method: scheduler, input: { body: '{"a": [1]}' } }`, [{ kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)', scheduler: {}, input: '{"body":{"a":[1]}}' }]],
    ['so is a rule\'s', `{ rate: rate(1 hour), input: { body: '"text"' } }`, [{ kind: 'schedule', id: 'schedule-1', schedule: 'rate(1 hour)', input: '{"body":"text"}' }]],
  ])('%s', (_name, schedule, events) => {
    const { project, diagnostics } = read(service(schedule));
    expect(diagnostics).toEqual([]);
    expect(project?.functions[0]?.events).toEqual(events);
  });

  it.each([
    ['a method it does not know', '{ rate: rate(1 hour), method: rule }', [`error ${at}.method: must be eventBus or scheduler, not 'rule'`]],
    ['inputPath with method: scheduler', "{ rate: rate(1 hour), method: scheduler, inputPath: '$.stageVariables' }",
      [`error ${at}.inputPath: is not supported with method: scheduler (an EventBridge Scheduler schedule has no such setting); the Framework refuses it`]],
    ['inputTransformer with method: scheduler', "{ rate: rate(1 hour), method: scheduler, inputTransformer: { inputTemplate: '{}' } }",
      [`error ${at}.inputTransformer: is not supported with method: scheduler (an EventBridge Scheduler schedule has no such setting); the Framework refuses it`]],
    ['timezone without method: scheduler', '{ rate: rate(1 hour), timezone: Europe/Paris }',
      [`error ${at}.timezone: is supported only with method: scheduler (an EventBridge rule has no time zone); the Framework refuses it`]],
    ['an input body that is not JSON', '{ rate: rate(1 hour), input: { body: not json } }',
      [`error ${at}.input.body: is not JSON: the Framework parses it to send the function that JSON, and fails on this text`]],
  ])('refuses what the Framework refuses: %s', (_name, schedule, expected) => {
    expect(problems(service(schedule))).toEqual(expected);
  });
});
