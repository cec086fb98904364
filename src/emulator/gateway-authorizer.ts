import { keptAnswerNote, type AuthorizerOutcome } from '../core/gateway/authorizer.js';
import type { AuthorizedStep, AuthorizerStep, GatewayStep } from '../core/gateway/route-request.js';
import type { InvokeDone } from './gateway-server.js';

/**
 * An API's authorizer cache: API Gateway keeps an authorizer's answer for an identity for its TTL, and
 * evaluates the kept policy against each later request's method ARN without calling the authorizer again (an
 * HTTP API's simple response allows or denies every route of the authorizer for that identity, "Caching
 * authorizer responses"). A failed call (an error, `Unauthorized`) is not kept. A new version of the project (a reload) empties it,
 * as a deployment does.
 */
export class AuthorizerCache {
  private readonly entries = new Map<string, { readonly outcome: AuthorizerOutcome; readonly since: number; readonly until: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The kept answer and its age in seconds. */
  get(key: string): { readonly outcome: AuthorizerOutcome; readonly ageSeconds: number } | undefined {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && entry.until > now) return { outcome: entry.outcome, ageSeconds: (now - entry.since) / 1000 };
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, outcome: AuthorizerOutcome, ttlSeconds: number): void {
    if ((outcome.kind === 'policy' || outcome.kind === 'simple') && ttlSeconds > 0) {
      const now = this.now();
      this.entries.set(key, { outcome, since: now, until: now + ttlSeconds * 1000 });
    }
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
  if (kept) {
    const decided = step.decide(kept.outcome, 0);
    // Only the authorizer's own refusal gets the note: a later check (an API key) may refuse what it allowed.
    const note = decided.kind === 'respond' ? keptAnswerNote(kept.outcome, step.arn, kept.ageSeconds, step.ttlSeconds) : undefined;
    return note === undefined || decided.kind !== 'respond' ? decided : { ...decided, reason: `${decided.reason}; ${note}` };
  }
  const started = performance.now();
  const done = await call(step.event);
  if (done === 'timeout') return step.failed('did not answer within the gateway\'s timeout');
  if (done.rejected) return step.failed(`could not be run: ${done.rejected}`);
  const outcome = step.read(done.output);
  if (step.cacheKey !== undefined) cache.set(step.cacheKey, outcome, step.ttlSeconds);
  return step.decide(outcome, performance.now() - started);
}

/** A step once its Lambda authorizer (if any) has decided: the gateway's answer, or the step to go on with. */
export type SettledStep =
  | (Extract<GatewayStep, { kind: 'respond' }> & { readonly functionId?: string })
  | Extract<GatewayStep, { kind: 'invoke' }>;

/**
 * Runs the step's authorizer: a denial becomes the answer (its line names the authorizer's function); an
 * allowed invocation goes on with the event that carries `requestContext.authorizer`; an allowed preflight
 * gets its answer.
 */
export async function settleAuthorizer(step: GatewayStep, cache: AuthorizerCache, call: (functionId: string, event: Buffer) => Promise<InvokeDone | 'timeout'>): Promise<SettledStep> {
  if (!step.authorizer) return step;
  const { functionId } = step.authorizer;
  const auth = await authorize(step.authorizer, cache, (event) => call(functionId, event));
  if (auth.kind === 'respond') return { kind: 'respond', response: auth.response, reason: auth.reason, functionId };
  const { authorizer: _authorizer, ...rest } = step;
  return rest.kind === 'invoke' ? { ...rest, event: auth.event } : rest;
}
