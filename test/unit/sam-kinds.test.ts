import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../src/api/events.js';
import { SAM_SPELLINGS, samUnmapped } from '../../src/core/events/sam-kinds.js';
import { FIXTURES } from '../helpers.js';

/** Every `sam local generate-event` event: aws-sam-cli's own list (test/fixtures/events/README.md). */
const SAM_CLI_EVENTS = JSON.parse(readFileSync(`${FIXTURES}events/aws-sam-cli/event-mapping.json`, 'utf8')) as Record<string, Record<string, unknown>>;
const ALL = Object.entries(SAM_CLI_EVENTS).flatMap(([service, events]) => Object.keys(events).map((e) => [service, e] as const));

describe('SAM CLI\'s event names', () => {
  it.each(ALL)('%s %s names a kind here, or is said to have none', (service, event) => {
    const mapped = SAM_SPELLINGS[`${service} ${event}`];
    if (mapped) {
      expect(Object.keys(EVENT_KINDS)).toContain(mapped.split(' ')[0]);
      expect(samUnmapped([service, event])).toBeUndefined();
    } else {
      expect(samUnmapped([service, event])).toMatch(new RegExp(`^'${service} ${event}' is SAM CLI's name for an event pylambda has no kind for`));
    }
  });

  it('maps no name SAM CLI does not have', () => {
    expect(Object.keys(SAM_SPELLINGS).filter((s) => !ALL.some(([service, event]) => `${service} ${event}` === s))).toEqual([]);
  });

  it.each<[string[], string | undefined]>([
    [['Cognito', 'Sync-Trigger'], '\'Cognito Sync-Trigger\' is SAM CLI\'s name for an event pylambda has no kind for (Cognito Sync\'s trigger, not a user pool\'s (the cognito kind))'],
    [['cognito', 'PreSignUp'], undefined],
    [['alexa-skills-kit'], undefined],
    [['kinesis', 'syslog', 'x'], undefined],
  ])('%j: %s', (words, said) => {
    expect(samUnmapped(words)).toBe(said);
  });
});
