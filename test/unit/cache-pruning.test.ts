import { describe, expect, it } from 'vitest';
import { UNUSED_ENTRY_MAX_AGE_MS, leaseName, namesToPrune, parseCacheName } from '../../src/core/state/cache-pruning.js';

const DAY = UNUSED_ENTRY_MAX_AGE_MS;
const LIVE = new Set([100, 200]);

describe('parseCacheName', () => {
  it.each([
    ['worker.zip-1a2b3c4d-0123456789ab', { kind: 'entry', name: 'worker.zip-1a2b3c4d-0123456789ab' }],
    ['worker.zip-1a2b3c4d-0123456789ab.lease-4242', { kind: 'lease', name: 'worker.zip-1a2b3c4d-0123456789ab.lease-4242', entry: 'worker.zip-1a2b3c4d-0123456789ab', pid: 4242 }],
    ['Fn-0123456789ab.partial-77', { kind: 'partial', name: 'Fn-0123456789ab.partial-77', entry: 'Fn-0123456789ab', pid: 77 }],
    // dep-cache's mkdtemp partials carry a random tail after the pid.
    ['key.partial-77-Xy12z', { kind: 'partial', name: 'key.partial-77-Xy12z', entry: 'key', pid: 77 }],
    // dep-cache's entry moved aside by a process replacing it, removed by that process next.
    ['key.old-77', { kind: 'partial', name: 'key.old-77', entry: 'key', pid: 77 }],
    // A lease's pid is digits only: anything else is an entry's own name.
    ['odd.lease-abc', { kind: 'entry', name: 'odd.lease-abc' }],
  ])('%s', (name, expected) => {
    expect(parseCacheName(name)).toEqual(expected);
  });

  it('leaseName is what parseCacheName reads back', () => {
    expect(parseCacheName(leaseName('a-1', 9))).toEqual({ kind: 'lease', name: 'a-1.lease-9', entry: 'a-1', pid: 9 });
  });
});

describe('namesToPrune', () => {
  const prune = (names: string[], options: { keep?: string[]; superseded?: string; idle?: Record<string, number> } = {}) => namesToPrune({
    names,
    alive: (pid) => LIVE.has(pid),
    keep: new Set(options.keep ?? []),
    superseded: (name) => (options.superseded ? name.startsWith(options.superseded) : false),
    idleMs: (name) => options.idle?.[name],
  });

  it.each<[string, string[], Parameters<typeof prune>[1], string[]]>([
    ['a superseded version no process holds goes', ['w-1', 'w-2'], { keep: ['w-2'], superseded: 'w-' }, ['w-1']],
    ['one a live process holds stays', ['w-1', 'w-1.lease-100', 'w-2'], { keep: ['w-2'], superseded: 'w-' }, []],
    ['one held by a process that is gone goes, with the lease', ['w-1', 'w-1.lease-999', 'w-2'], { keep: ['w-2'], superseded: 'w-' }, ['w-1.lease-999', 'w-1']],
    ['what the caller runs from stays, whatever else', ['w-2'], { keep: ['w-2'], superseded: 'w-', idle: { 'w-2': 10 * DAY } }, []],
    ['another entry unused for over a day goes', ['old-1', 'w-2'], { keep: ['w-2'], idle: { 'old-1': DAY + 1 } }, ['old-1']],
    ['one unused for less stays', ['old-1', 'w-2'], { keep: ['w-2'], idle: { 'old-1': DAY - 1 } }, []],
    ['an old one a live process holds stays', ['old-1', 'old-1.lease-200'], { idle: { 'old-1': 30 * DAY } }, []],
    ['an entry whose age is unknown is not judged by age', ['old-1'], {}, []],
    ["a live process's partial copy stays, and so does the entry it is filling", ['w-3.partial-100', 'w-3'], { keep: ['w-2'], superseded: 'w-' }, []],
    ["a dead process's partial copy goes", ['w-3.partial-999'], { superseded: 'w-' }, ['w-3.partial-999']],
    ["a dead process's entry moved aside goes; a live one's stays", ['k.old-999', 'k.old-100', 'k'], {}, ['k.old-999']],
    ["a dead process's lease on an entry gone already goes", ['gone.lease-999'], {}, ['gone.lease-999']],
  ])('%s', (_, names, options, expected) => {
    expect(prune(names, options)).toEqual(expected);
  });
});
