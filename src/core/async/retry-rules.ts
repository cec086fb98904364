/**
 * What Lambda does after each attempt of an asynchronous invocation (Lambda developer guide, "Error handling and
 * automatic retries"): "If the function returns an error, by default Lambda attempts to run it two more times,
 * with a one-minute wait between the first two attempts, and two minutes between the second and third attempts."
 * An event older than its maximum age when its turn comes is discarded. Every attempt keeps the invocation's
 * request id (a retried invocation shows in the logs under the same one; AWS knowledge center,
 * "lambda-function-duplicate-invocations").
 */
import type { AsyncInvokeConfig } from '../model/async-invoke.js';

export const ASYNC_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 } as const;

/** The wait before the first retry, and before the second. */
export const RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

/** Why an event's invocations ended, in the invocation record's words (requestContext.condition). */
export type AsyncCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

export type NextStep =
  | { readonly kind: 'retry'; readonly delayMs: number; /** 1 for the first retry. */ readonly retry: number; readonly retries: number }
  | { readonly kind: 'done'; readonly condition: AsyncCondition };

/** After attempt `attempt` (1 for the first run) succeeded or failed: run it again later, or stop. */
export function afterAttempt(config: AsyncInvokeConfig | undefined, attempt: number, failed: boolean): NextStep {
  if (!failed) return { kind: 'done', condition: 'Success' };
  const retries = config?.maximumRetryAttempts ?? ASYNC_DEFAULTS.maximumRetryAttempts;
  if (attempt > retries) return { kind: 'done', condition: 'RetriesExhausted' };
  return { kind: 'retry', delayMs: RETRY_DELAYS_MS[attempt - 1]!, retry: attempt, retries };
}

/** When a retry's turn comes, `ageMs` after the event was queued: true when Lambda discards it instead. */
export function tooOld(config: AsyncInvokeConfig | undefined, ageMs: number): boolean {
  return ageMs > (config?.maximumEventAgeSeconds ?? ASYNC_DEFAULTS.maximumEventAgeSeconds) * 1000;
}

/** The retry as dev's line says it: `retry 1 of 2 in 60 s`. */
export function sayRetry(step: Extract<NextStep, { kind: 'retry' }>): string {
  return `retry ${step.retry} of ${step.retries} in ${Math.round(step.delayMs / 1000)} s`;
}
