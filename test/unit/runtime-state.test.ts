import { describe, expect, it } from 'vitest';
import { applyRuntimeCall, startInvocation, type EnvironmentState, type RuntimeCall } from '../../src/core/runtime/state.js';
import { parseRuntimeRoute } from '../../src/core/runtime/protocol.js';

const S = {
  init: { name: 'initializing' },
  idle: { name: 'idle' },
  invoking: { name: 'invoking', requestId: 'a' },
  responded: { name: 'responded', requestId: 'a' },
  failed: { name: 'initFailed' },
  stopped: { name: 'stopped' },
} satisfies Record<string, EnvironmentState>;

describe('execution environment states', () => {
  it.each<[string, EnvironmentState, RuntimeCall, EnvironmentState | string]>([
    ['first next ends init', S.init, { kind: 'next' }, S.idle],
    ['init error', S.init, { kind: 'initError' }, S.failed],
    ['response for the current id', S.invoking, { kind: 'response', requestId: 'a' }, S.responded],
    ['error for the current id', S.invoking, { kind: 'error', requestId: 'a' }, S.responded],
    ['next after answering', S.responded, { kind: 'next' }, S.idle],
    ['response for another id', S.invoking, { kind: 'response', requestId: 'b' }, 'invalidRequestId'],
    ['response while idle', S.idle, { kind: 'response', requestId: 'a' }, 'invalidRequestId'],
    ['second response', S.responded, { kind: 'response', requestId: 'a' }, 'invalidState'],
    ['next while invoking', S.invoking, { kind: 'next' }, 'invalidState'],
    ['next twice', S.idle, { kind: 'next' }, 'invalidState'],
    ['init error after init', S.idle, { kind: 'initError' }, 'invalidState'],
    ['anything once stopped', S.stopped, { kind: 'next' }, 'invalidState'],
  ])('%s', (_name, state, call, expected) => {
    const result = applyRuntimeCall(state, call);
    if (typeof expected === 'string') expect(result).toEqual({ ok: false, refusal: expected });
    else expect(result).toEqual({ ok: true, state: expected });
  });

  it('hands an event only to an idle environment', () => {
    expect(startInvocation(S.idle, 'x')).toEqual({ ok: true, state: { name: 'invoking', requestId: 'x' } });
    expect(startInvocation(S.init, 'x')).toEqual({ ok: false, refusal: 'invalidState' });
    expect(startInvocation(S.invoking, 'x')).toEqual({ ok: false, refusal: 'invalidState' });
  });
});

describe('Runtime API routes', () => {
  it.each([
    ['GET', '/2018-06-01/runtime/invocation/next', { kind: 'next' }],
    ['POST', '/2018-06-01/runtime/invocation/abc-1/response', { kind: 'response', requestId: 'abc-1' }],
    ['POST', '/2018-06-01/runtime/invocation/abc-1/error', { kind: 'error', requestId: 'abc-1' }],
    ['POST', '/2018-06-01/runtime/init/error', { kind: 'initError' }],
    ['POST', '/2018-06-01/runtime/invocation/next', { kind: 'unknown' }],
    ['GET', '/2020-01-01/runtime/invocation/next', { kind: 'unknown' }],
    ['GET', '/2018-06-01/runtime/restore/next', { kind: 'unknown' }],
  ])('%s %s', (method, url, expected) => {
    expect(parseRuntimeRoute(method, url)).toEqual(expected);
  });
});
