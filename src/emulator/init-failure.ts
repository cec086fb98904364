import type { Outcome } from './invocation.js';

/** The invocation never started: its environment's init ran past Lambda's 10 s. */
export function isInitTimeout(outcome: Outcome): boolean {
  return outcome.kind === 'platformError' && outcome.error.errorType === 'Runtime.InitTimeout';
}

/** How an init that never reached the event ended, for its INIT_REPORT. */
export function initFailure(outcome: Outcome): { status: 'timeout' | 'error'; errorType: string } | undefined {
  if (outcome.kind === 'response') return undefined;
  if (isInitTimeout(outcome)) return { status: 'timeout', errorType: 'Runtime.InitTimeout' };
  // The retried init, inside the invocation, ran past the function's timeout.
  if (outcome.kind === 'platformError' && outcome.status === 'timeout') return { status: 'timeout', errorType: outcome.error.errorType };
  return { status: 'error', errorType: outcome.kind === 'functionError' ? outcome.errorType : outcome.error.errorType };
}
