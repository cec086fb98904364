import { describe, expect, it } from 'vitest';
import { asyncFailureObject, deadLetterAttributes, deliveries, invocationRecord, type FinishedInvocation } from '../../src/core/async/invocation-record.js';
import { afterAttempt, sayRetry, tooOld, type NextStep } from '../../src/core/async/retry-rules.js';
import type { AsyncInvokeConfig } from '../../src/core/model/async-invoke.js';

describe('what Lambda does after an attempt of an asynchronous invocation', () => {
  it.each<[string, AsyncInvokeConfig | undefined, number, boolean, NextStep]>([
    ['a success ends it', undefined, 1, false, { kind: 'done', condition: 'Success' }],
    ['a success on a retry ends it', undefined, 3, false, { kind: 'done', condition: 'Success' }],
    ['the first error: retry 1 of 2 a minute later', undefined, 1, true, { kind: 'retry', delayMs: 60_000, retry: 1, retries: 2 }],
    ['the second error: retry 2 of 2 two minutes later', undefined, 2, true, { kind: 'retry', delayMs: 120_000, retry: 2, retries: 2 }],
    ['the third error: no retry left', undefined, 3, true, { kind: 'done', condition: 'RetriesExhausted' }],
    ['MaximumRetryAttempts 0: the first error ends it', { maximumRetryAttempts: 0 }, 1, true, { kind: 'done', condition: 'RetriesExhausted' }],
    ['MaximumRetryAttempts 1: one retry after a minute', { maximumRetryAttempts: 1 }, 1, true, { kind: 'retry', delayMs: 60_000, retry: 1, retries: 1 }],
    ['MaximumRetryAttempts 1: the second error ends it', { maximumRetryAttempts: 1 }, 2, true, { kind: 'done', condition: 'RetriesExhausted' }],
  ])('%s', (_what, config, attempt, failed, expected) => {
    expect(afterAttempt(config, attempt, failed)).toEqual(expected);
  });

  it.each<[string, AsyncInvokeConfig | undefined, number, boolean]>([
    ['6 hours by default: 3 minutes is young', undefined, 180_000, false],
    ['6 hours by default: just past it is too old', undefined, 21_600_001, true],
    ['exactly the maximum age is kept', { maximumEventAgeSeconds: 60 }, 60_000, false],
    ['MaximumEventAgeInSeconds 60: the first retry comes too late', { maximumEventAgeSeconds: 60 }, 60_001, true],
    ['MaximumEventAgeInSeconds 120: the first retry runs, the second does not', { maximumEventAgeSeconds: 120 }, 180_500, true],
  ])('%s', (_what, config, ageMs, expected) => {
    expect(tooOld(config, ageMs)).toBe(expected);
  });

  it('says a retry as dev prints it', () => {
    expect(sayRetry({ kind: 'retry', delayMs: 60_000, retry: 1, retries: 2 })).toBe('retry 1 of 2 in 60 s');
    expect(sayRetry({ kind: 'retry', delayMs: 120_000, retry: 2, retries: 2 })).toBe('retry 2 of 2 in 120 s');
  });
});

const ERROR = JSON.stringify({ errorMessage: 'asked to fail', errorType: 'ValueError', requestId: 'r-1', stackTrace: ['  File "app.py"'] });
const failed: FinishedInvocation = {
  requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:my-function', condition: 'RetriesExhausted',
  attempts: 3, payload: '{"ORDER_IDS": ["9e07af03"]}', response: { payload: ERROR, functionError: true }, now: Date.UTC(2019, 10, 14, 18, 16, 5, 568),
};

describe('the invocation record and the dead-letter message', () => {
  it("is the docs' example for a failure", () => {
    expect(invocationRecord(failed)).toEqual({
      version: '1.0',
      timestamp: '2019-11-14T18:16:05.568Z',
      requestContext: { requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e', functionArn: 'arn:aws:lambda:us-east-2:123456789012:function:my-function:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { ORDER_IDS: ['9e07af03'] },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: JSON.parse(ERROR),
    });
  });

  it('has no functionError for a success, and a payload that is not JSON as text', () => {
    const record = invocationRecord({ ...failed, condition: 'Success', attempts: 1, response: { payload: 'null', functionError: false } });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
    expect(record.responsePayload).toBeNull();
    expect(invocationRecord({ ...failed, response: { payload: 'not json', functionError: true } }).responsePayload).toBe('not json');
  });

  it("writes an S3 destination's object under Lambda's key, the time the record's in UTC, its body the record", () => {
    const cases: Array<[number, string]> = [
      [Date.UTC(2026, 10, 28, 17, 5, 9, 123), 'aws/lambda/async/my-function/2026/11/28/2026-11-28T17.05.09-0b7e6c1a-4d2f-4e7a-9c3b-5f1d2e3a4b5c'],
      [Date.UTC(2025, 0, 2, 3, 4, 5), 'aws/lambda/async/my-function/2025/01/02/2025-01-02T03.04.05-0b7e6c1a-4d2f-4e7a-9c3b-5f1d2e3a4b5c'],
    ];
    for (const [now, key] of cases) {
      const object = asyncFailureObject({ ...failed, now }, '0b7e6c1a-4d2f-4e7a-9c3b-5f1d2e3a4b5c');
      expect(object.key).toBe(key);
      expect(JSON.parse(object.body)).toEqual(invocationRecord({ ...failed, now }));
    }
  });

  it('names the version that ran, an alias\'s or the number invoked', () => {
    const record = invocationRecord({ ...failed, version: '3' });
    expect([(record.requestContext as { functionArn: string }).functionArn, (record.responseContext as { executedVersion: string }).executedVersion]).toEqual(['arn:aws:lambda:us-east-2:123456789012:function:my-function:3', '3']);
  });

  it("gives the dead-letter message Lambda's attributes, the error message cut to 1 KB", () => {
    expect(deadLetterAttributes('r-1', ERROR)).toEqual({
      RequestID: { DataType: 'String', StringValue: 'r-1' },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'asked to fail' },
    });
    const long = deadLetterAttributes('r-1', JSON.stringify({ errorMessage: 'é'.repeat(600) }));
    expect(long.ErrorMessage!.StringValue).toBe('é'.repeat(512));
  });

  const sqs = (name: string) => ({ type: 'sqs' as const, arn: `arn:aws:sqs:us-east-1:123456789012:${name}` });
  it.each<[string, AsyncInvokeConfig | undefined, FinishedInvocation['condition'], string[]]>([
    ['nothing set: nothing sent', undefined, 'RetriesExhausted', []],
    ['a success goes to OnSuccess only', { onSuccess: sqs('ok'), onFailure: sqs('bad'), deadLetter: sqs('dlq') }, 'Success', ['OnSuccess ok']],
    ['retries exhausted go to OnFailure and the dead-letter queue', { onSuccess: sqs('ok'), onFailure: sqs('bad'), deadLetter: sqs('dlq') }, 'RetriesExhausted', ['OnFailure bad', 'DeadLetterQueue dlq']],
    ['an event too old goes there too', { onFailure: sqs('bad'), deadLetter: sqs('dlq') }, 'EventAgeExceeded', ['OnFailure bad', 'DeadLetterQueue dlq']],
    ['a success with OnFailure only: nothing', { onFailure: sqs('bad') }, 'Success', []],
  ])('%s', (_what, config, condition, expected) => {
    const out = deliveries(config, { ...failed, condition });
    expect(out.map((d) => `${d.role} ${d.destination.arn.split(':').pop()}`)).toEqual(expected);
    const dlq = out.find((d) => d.role === 'DeadLetterQueue');
    if (dlq) expect([dlq.body, dlq.attributes?.RequestID?.StringValue]).toEqual([failed.payload, failed.requestId]);
    const record = out.find((d) => d.role !== 'DeadLetterQueue');
    if (record) expect(JSON.parse(record.body).requestContext.condition).toBe(condition);
  });
});
