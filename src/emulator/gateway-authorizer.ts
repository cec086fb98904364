import { readAuthorizerOutput, type AuthorizerOutcome } from '../core/gateway/authorizer.js';
import type { AuthorizedStep, AuthorizerStep } from '../core/gateway/route-request.js';
import type { InvokeDone } from './gateway-server.js';

/**
 * A REST API's authorizer cache: API Gateway keeps an authorizer's answer for an identity for its TTL, and
 * evaluates the kept policy against each later request's method ARN without calling the authorizer again.
 * A failed call (an error, `Unauthorized`) is not kept. A new version of the project (a reload) empties it,
 * as a deployment does.
 */
export class AuthorizerCache {
  private readonly entries = new Map<string, { readonly outcome: AuthorizerOutcome; readonly until: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  get(key: string): AuthorizerOutcome | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.outcome;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, outcome: AuthorizerOutcome, ttlSeconds: number): void {
    if (outcome.kind === 'policy' && ttlSeconds > 0) this.entries.set(key, { outcome, until: this.now() + ttlSeconds * 1000 });
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Runs the route's authorizer (its own function, in its own execution environments), or takes its kept
 * answer, and returns the gateway's decision. `call` invokes the authorizer's function with its event.
 */
export async function authorize(step: AuthorizerStep, cache: AuthorizerCache, call: (event: Buffer) => Promise<InvokeDone | 'timeout'>): Promise<AuthorizedStep> {
  const kept = step.cacheKey === undefined ? undefined : cache.get(step.cacheKey);
  if (kept) return step.decide(kept, 0);
  const started = performance.now();
  const done = await call(step.event);
  if (done === 'timeout') return step.failed('did not answer within the gateway\'s timeout');
  if (done.rejected) return step.failed(`could not be run: ${done.rejected}`);
  const outcome = readAuthorizerOutput(done.output);
  if (step.cacheKey !== undefined) cache.set(step.cacheKey, outcome, step.ttlSeconds);
  return step.decide(outcome, performance.now() - started);
}
