import { describe, expect, it } from 'vitest';
import { parseBackground, shouldFreeze, type Background, type FreezeState } from '../../src/core/runtime/freeze.js';

describe("what pylambda's runtime client reports (X-Pylambda-Background)", () => {
  it.each<[string | undefined, Background | undefined]>([
    ['threads=0,children=0', { threads: 0, children: false }],
    ['threads=3,children=1', { threads: 3, children: true }],
    ['threads=0,children=1', { threads: 0, children: true }],
    // Anything else is as if nothing were reported: the environment is frozen.
    [undefined, undefined],
    ['', undefined],
    ['threads=-1,children=0', undefined],
    ['threads=1,children=2', undefined],
    ['threads=1', undefined],
    ['children=0,threads=0', undefined],
  ])('%j', (value, expected) => {
    expect(parseBackground(value)).toEqual(expected);
  });
});

describe('when an environment waiting for its next event is frozen', () => {
  const quiet = { threads: 0, children: false };
  const base: FreezeState = { enabled: true, eventWaiting: false, reported: quiet, descendantsSeen: false };
  it.each<[string, Partial<FreezeState>, boolean]>([
    ['nothing in the background: never signalled', {}, false],
    ['a thread the function started', { reported: { threads: 1, children: false } }, true],
    ['a child process', { reported: { threads: 0, children: true } }, true],
    ['a process the memory poller saw under the runtime', { descendantsSeen: true }, true],
    ['a runtime that reports nothing (awslambdaric): always', { reported: undefined }, true],
    ['the next event already waits: handed over at once', { reported: undefined, eventWaiting: true }, false],
    ['freezing off (--no-freeze)', { enabled: false, reported: { threads: 2, children: true } }, false],
  ])('%s', (_what, state, expected) => {
    expect(shouldFreeze({ ...base, ...state })).toBe(expected);
  });
});
