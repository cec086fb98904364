import type { HttpRequest, HttpResponse, InvokeOutput } from '../events/http/request.js';
import { isLambdaAuthorizer, type EndpointKind, type RouteAuthorizer } from '../model/project.js';
import { authorizerCall, authorizerDecision, authorizerFailed, readAuthorizerOutput, type AuthorizerCall, type AuthorizerDecision, type AuthorizerOutcome } from './authorizer.js';
import { authorizerError, httpAuthorizerCall, httpAuthorizerDecision, readHttpAuthorizerOutput } from './http-authorizer.js';
import { checkToken, tokenAuthorizerContext, tokenRefusal } from './jwt.js';

/** A Lambda authorizer to run before the route's function (authorizer.ts and http-authorizer.ts have the rules). */
export interface AuthorizerStep {
  readonly name: string;
  readonly functionId: string;
  readonly event: Buffer;
  /** Its answer is kept under this key (the authorizer's name and the identity's values) for ttlSeconds; undefined: not cached. */
  readonly cacheKey: string | undefined;
  readonly ttlSeconds: number;
  /** The method (REST) or route (HTTP API) ARN its policy is evaluated against. */
  readonly arn: string;
  /** The authorizer's output, read as this gateway reads it. */
  readonly read: (output: InvokeOutput) => AuthorizerOutcome;
  /** The gateway's answer, or the route function's event with `requestContext.authorizer`. */
  readonly decide: (outcome: AuthorizerOutcome, latencyMs: number) => AuthorizedStep;
  /** The authorizer could not be run (throttled, past the gateway's timeout): why, for the log. */
  readonly failed: (why: string) => AuthorizedStep;
}

export type AuthorizedStep =
  /** `usageIdentifierKey`: the API key a REST Lambda authorizer gave (for an API whose key source is AUTHORIZER). */
  | { readonly kind: 'allow'; readonly event: Buffer; readonly usageIdentifierKey?: string }
  | { readonly kind: 'respond'; readonly response: HttpResponse; readonly reason: string };

/** What a route's authorizer makes of a request before its function. */
export type Guard =
  | { readonly kind: 'respond'; readonly response: HttpResponse; readonly reason: string }
  /** A token the gateway checked itself: the function's event, with `requestContext.authorizer`. */
  | { readonly kind: 'allow'; readonly event: Record<string, unknown> }
  | { readonly kind: 'lambda'; readonly step: AuthorizerStep };

export interface GuardInput {
  readonly kind: Extract<EndpointKind, 'rest' | 'http'>;
  readonly request: HttpRequest;
  /** The method (REST) or route (HTTP API) ARN the authorizer's policy is evaluated against. */
  readonly arn: string;
  /** The route function's event. */
  readonly event: Record<string, unknown>;
  /** The payload format of the route's integration (REST: 1.0). */
  readonly integrationFormat: '1.0' | '2.0';
  /** The request's event in another payload format (HTTP APIs: the authorizer's own may differ from the route's). */
  readonly eventIn: (format: '1.0' | '2.0') => Record<string, unknown>;
}

/**
 * Runs what can be decided without a function (a JWT or Cognito token, a missing identity source) and prepares
 * the Lambda authorizer's call otherwise. The function's event gets what the authorizer allowed it with in
 * `requestContext.authorizer`.
 */
export function guardRoute(authorizer: RouteAuthorizer, input: GuardInput): Guard {
  const { request, event } = input;
  const withAuthorizer = (value: Readonly<Record<string, unknown>>) => ({ ...event, requestContext: { ...(event.requestContext as object), authorizer: value } });
  if (!isLambdaAuthorizer(authorizer)) {
    const check = checkToken(authorizer, request, request.timeEpochMs);
    if (!check.ok) return { kind: 'respond', response: tokenRefusal(authorizer, check, request), reason: check.reason };
    return { kind: 'allow', event: withAuthorizer(tokenAuthorizerContext(authorizer, check, input.integrationFormat)) };
  }
  const rest = input.kind === 'rest';
  const call: AuthorizerCall = rest
    ? authorizerCall(authorizer, request, input.arn, event)
    : httpAuthorizerCall(authorizer, request, input.arn, input.eventIn(authorizer.payloadFormatVersion ?? '2.0'));
  if (call.kind === 'respond') return call;
  const decided = (decision: AuthorizerDecision): AuthorizedStep => decision.kind === 'respond'
    ? decision
    : { kind: 'allow', event: Buffer.from(JSON.stringify(withAuthorizer(decision.authorizer))), ...(decision.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: decision.usageIdentifierKey }) };
  return {
    kind: 'lambda',
    step: {
      name: authorizer.name,
      functionId: authorizer.functionId,
      event: Buffer.from(JSON.stringify(call.event)),
      // API Gateway keeps answers per authorizer, not per function: two authorizers of one function (a TOKEN and a
      // REQUEST one, a simple-response one and a policy one) each ask it for themselves. The function is in the key
      // too: serverless.yml events may give one authorizer name different functions.
      cacheKey: call.cacheKey === undefined ? undefined : `${authorizer.name}\u0000${authorizer.functionId}\u0000${call.cacheKey}`,
      ttlSeconds: authorizer.ttlSeconds,
      arn: input.arn,
      read: rest ? readAuthorizerOutput : (output) => readHttpAuthorizerOutput(output, authorizer),
      decide: (outcome, latencyMs) => decided(rest
        ? authorizerDecision(outcome, authorizer.name, input.arn, request, latencyMs)
        : httpAuthorizerDecision(outcome, authorizer.name, input.arn, request, input.integrationFormat)),
      failed: (why) => decided(rest ? authorizerFailed(authorizer.name, request, why) : authorizerError(authorizer.name, request, why)),
    },
  };
}
