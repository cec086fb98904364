import { describe, expect, it } from 'vitest';
import { functionErrorType, newTraceHeader, parseRuntimeRoute, reportedPeakKb } from '../../src/core/runtime/protocol.js';

describe('parseRuntimeRoute', () => {
  // A malformed escape must not throw (it did: URIError); the id then matches no invocation (400).
  it.each(['%E0%A4%A', '%zz', '%'])('keeps an id with invalid percent-encoding (%s) as it is', (id) => {
    expect(parseRuntimeRoute('POST', `/2018-06-01/runtime/invocation/${id}/response`)).toEqual({ kind: 'response', requestId: id });
    expect(parseRuntimeRoute('POST', `/2018-06-01/runtime/invocation/${id}/error`)).toEqual({ kind: 'error', requestId: id });
  });

  it('still decodes a valid escape', () => {
    expect(parseRuntimeRoute('POST', '/2018-06-01/runtime/invocation/a%2Db/response')).toEqual({ kind: 'response', requestId: 'a-b' });
  });
});

describe('functionErrorType', () => {
  it.each<[string, string, Record<string, string>, string]>([
    ['the header first', '{"errorType": "FromBody"}', { 'lambda-runtime-function-error-type': 'FromHeader' }, 'FromHeader'],
    ['else the body', '{"errorType": "ValueError", "errorMessage": "x"}', {}, 'ValueError'],
    ['a body without one', '{"errorMessage": "x"}', {}, 'Unhandled'],
    ['a body that is not JSON', 'boom', {}, 'Unhandled'],
  ])('%s', (_what, body, headers, type) => expect(functionErrorType(Buffer.from(body), headers)).toBe(type));
});

describe('reportedPeakKb', () => {
  it.each<[string, Record<string, string>, number | undefined]>([
    ['a whole number of kB', { 'x-pylambda-peak-memory-kb': '23456' }, 23456],
    ['zero', { 'x-pylambda-peak-memory-kb': '0' }, 0],
    ['absent (awslambdaric sends none)', {}, undefined],
    ['empty', { 'x-pylambda-peak-memory-kb': '' }, undefined],
    ['negative', { 'x-pylambda-peak-memory-kb': '-5' }, undefined],
    ['a fraction', { 'x-pylambda-peak-memory-kb': '12.5' }, undefined],
    ['not a number', { 'x-pylambda-peak-memory-kb': '12kB' }, undefined],
    ['absurdly long', { 'x-pylambda-peak-memory-kb': '9'.repeat(40) }, undefined],
  ])('%s', (_what, headers, kb) => expect(reportedPeakKb(headers)).toBe(kb));
});

describe('newTraceHeader', () => {
  it('is an X-Ray trace id of the time, a parent id, and Sampled=0', () => {
    const random = '0123456789abcdef0123456789abcdef01234567';
    expect(newTraceHeader(1_465_510_280_000, random)).toBe('Root=1-5759e988-0123456789abcdef01234567;Parent=89abcdef01234567;Sampled=0');
  });
});
