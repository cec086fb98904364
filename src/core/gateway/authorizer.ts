/**
 * A REST API's Lambda authorizer, as API Gateway runs it before a route's function ("Use API Gateway Lambda
 * authorizers"): the event it sends, when it answers 401 without calling it, what it accepts as the
 * authorizer's output, how it evaluates the returned IAM policy against the method ARN, and its answers.
 * Pure: the caller invokes the function and keeps the cache.
 */

import { isObject, parsePayload } from '../events/http/payload.js';
import { restGatewayResponse } from '../events/http/gateway-errors.js';
import type { HttpRequest, HttpResponse, InvokeOutput } from '../events/http/request.js';
import type { LambdaAuthorizer } from '../model/project.js';
import { describeSource, identityValues } from './identity-source.js';
import { arnOf } from '../partition.js';

/**
 * API Gateway's own answers (gateway response types UNAUTHORIZED, ACCESS_DENIED, AUTHORIZER_CONFIGURATION_ERROR),
 * as `chalice local` reproduces them and as captured from AWS: the 403's key is a capitalised `Message`, and an
 * explicit Deny says so (AWS knowledge center, "api-gateway-403-error-lambda-authorizer").
 */
export const AUTHORIZER_RESPONSES = {
  unauthorized: restGatewayResponse(401, '{"message":"Unauthorized"}', 'UnauthorizedException'),
  implicitDeny: restGatewayResponse(403, '{"Message":"User is not authorized to access this resource"}', 'AccessDeniedException'),
  explicitDeny: restGatewayResponse(403, '{"Message":"User is not authorized to access this resource with an explicit deny"}', 'AccessDeniedException'),
  /** The authorizer failed, timed out or returned what API Gateway cannot read. */
  configurationError: restGatewayResponse(500, '{"message":null}', 'AuthorizerConfigurationException'),
} as const;

export interface MethodArnParts {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly method: string;
  /** The request's path below the stage, as sent (`/users/ann`). */
  readonly path: string;
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{method}/{path without its first /}`: `.../GET/` for the root. */
export function methodArn(p: MethodArnParts): string {
  return arnOf({ service: 'execute-api', region: p.region, accountId: p.accountId, resource: `${p.apiId}/${p.stage}/${p.method}/${p.path.replace(/^\//, '')}` });
}

/** What the gateway does before the route's function: answer at once, or call the authorizer with this event. */
export type AuthorizerCall =
  | { readonly kind: 'respond'; readonly response: HttpResponse; readonly reason: string }
  /** `cacheKey`: the identity's values, under which the answer is kept ttlSeconds; undefined: not cached. */
  | { readonly kind: 'invoke'; readonly event: Record<string, unknown>; readonly cacheKey: string | undefined };

/**
 * The authorizer's event, or the 401 API Gateway answers without calling it: an identity source missing or
 * empty, or a TOKEN that does not match the validation expression ("Why am I getting 401 Unauthorized errors
 * after creating a Lambda authorizer?"). A REQUEST authorizer gets the proxy event's request fields, without
 * the body; its identity sources are required only when its answers are cached.
 */
export function authorizerCall(authorizer: LambdaAuthorizer, request: HttpRequest, arn: string, proxyEvent: Record<string, unknown>): AuthorizerCall {
  const { values, missing } = identityValues(authorizer.identitySources, 'rest', request, proxyEvent);
  const checked = authorizer.type === 'TOKEN' || authorizer.ttlSeconds > 0;
  if (checked && missing) {
    return unauthorized(request, `the request has no ${describeSource(missing)}, which authorizer ${authorizer.name} needs`);
  }
  if (authorizer.type === 'TOKEN') {
    const token = values[0] ?? '';
    if (authorizer.validationExpression !== undefined && !validToken(authorizer.validationExpression, token)) {
      return unauthorized(request, `the token does not match the validation expression of authorizer ${authorizer.name}`);
    }
    return { kind: 'invoke', event: { type: 'TOKEN', methodArn: arn, authorizationToken: token }, cacheKey: authorizer.ttlSeconds > 0 ? token : undefined };
  }
  const { body: _body, isBase64Encoded: _encoded, ...fields } = proxyEvent;
  return {
    kind: 'invoke',
    event: { type: 'REQUEST', methodArn: arn, ...fields },
    cacheKey: authorizer.ttlSeconds > 0 ? JSON.stringify(values) : undefined,
  };
}

function unauthorized(request: HttpRequest, reason: string): AuthorizerCall {
  return { kind: 'respond', response: AUTHORIZER_RESPONSES.unauthorized(request), reason };
}

/** API Gateway matches the whole token ("identityValidationExpression"); an expression that does not compile lets it through. */
export function validToken(expression: string, token: string): boolean {
  try {
    return new RegExp(`^(?:${expression})$`).test(token);
  } catch {
    return true;
  }
}

/** What the authorizer answered, read as API Gateway reads it ("Output from an API Gateway Lambda authorizer"). */
export type AuthorizerOutcome =
  /** A valid answer: kept for the identity's TTL and evaluated against each request's method ARN. */
  | {
      readonly kind: 'policy'; readonly principalId: string; readonly statements: readonly PolicyStatement[]; readonly context: Readonly<Record<string, unknown>>;
      /** The API key of the caller, for an API whose key source is AUTHORIZER ("Output from an API Gateway Lambda authorizer"). */
      readonly usageIdentifierKey?: string;
    }
  /** An HTTP API authorizer's simple response (http-authorizer.ts). */
  | { readonly kind: 'simple'; readonly authorized: boolean; readonly context: Readonly<Record<string, unknown>> }
  /** The function failed with the message `Unauthorized`: API Gateway's documented way to answer 401. */
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'invalid'; readonly problem: string };

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export function readAuthorizerOutput(output: InvokeOutput): AuthorizerOutcome {
  const parsed = parsePayload(output.payload);
  if (output.functionError) {
    const message = parsed.ok && isObject(parsed.value) ? parsed.value.errorMessage : undefined;
    if (message === 'Unauthorized') return { kind: 'unauthorized' };
    return invalid(failure(parsed.ok ? parsed.value : undefined));
  }
  if (!parsed.ok || !isObject(parsed.value)) return invalid('its result is not a JSON object');
  const result = parsed.value;
  const principal = result.principalId;
  if (typeof principal !== 'string' && typeof principal !== 'number') return invalid('its result has no principalId');
  const statements = readStatements(result.policyDocument);
  if (typeof statements === 'string') return invalid(statements);
  const context: Record<string, string> = {};
  if (result.context !== undefined && result.context !== null) {
    if (!isObject(result.context)) return invalid('its context is not an object');
    for (const [key, value] of Object.entries(result.context)) {
      // "You cannot set a JSON object or array as a valid value of any key in the context map"; the function
      // behind the route gets every value as a string.
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        return invalid(`its context.${key} is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object'}: context values must be strings, numbers or booleans`);
      }
      context[key] = String(value);
    }
  }
  const key = typeof result.usageIdentifierKey === 'string' ? { usageIdentifierKey: result.usageIdentifierKey } : {};
  return { kind: 'policy', principalId: String(principal), statements, context, ...key };
}

/** Why the authorizer failed, for the request line: its error's message, else its type (`raise Exception()` has no message). */
export function failure(error: unknown): string {
  const message = isObject(error) ? error.errorMessage : undefined;
  const type = isObject(error) ? error.errorType : undefined;
  if (typeof message === 'string' && message !== '') return `it failed: ${message}`;
  return typeof type === 'string' && type !== '' ? `it failed with ${type} and no message` : 'it failed';
}

export function invalid(problem: string): AuthorizerOutcome {
  return { kind: 'invalid', problem };
}

/** The statements of an IAM policy document (Statement, Action and Resource may each be one value or a list), or what is wrong. */
export function readStatements(document: unknown): PolicyStatement[] | string {
  if (!isObject(document)) return 'its result has no policyDocument';
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) return 'its policyDocument has no Statement';
  const out: PolicyStatement[] = [];
  for (const [i, s] of list.entries()) {
    if (!isObject(s) || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) return `policyDocument.Statement[${i}].Effect must be Allow or Deny`;
    const actions = strings(s.Action);
    const resources = strings(s.Resource);
    if (!actions) return `policyDocument.Statement[${i}].Action must be a string or a list of strings`;
    if (!resources) return `policyDocument.Statement[${i}].Resource must be a string or a list of strings`;
    out.push({ effect: s.Effect, actions, resources });
  }
  return out;
}

function strings(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  return Array.isArray(list) && list.every((v) => typeof v === 'string') ? (list as string[]) : undefined;
}

export type PolicyEffect = 'allow' | 'explicit-deny' | 'implicit-deny';

/**
 * IAM's evaluation for `execute-api:Invoke` on the method ARN: a matching Deny wins, else a matching Allow
 * allows, else the request is implicitly denied. Actions match without regard to case, resources with it;
 * `*` stands for any run of characters and `?` for one, in both.
 */
export function evaluatePolicy(statements: readonly PolicyStatement[], arn: string): PolicyEffect {
  const applies = (s: PolicyStatement) => s.actions.some((a) => glob(a, 'i').test('execute-api:Invoke')) && s.resources.some((r) => glob(r, '').test(arn));
  if (statements.some((s) => s.effect === 'Deny' && applies(s))) return 'explicit-deny';
  return statements.some((s) => s.effect === 'Allow' && applies(s)) ? 'allow' : 'implicit-deny';
}

function glob(pattern: string, flags: string): RegExp {
  const body = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, `s${flags}`);
}

export type AuthorizerDecision =
  /** `authorizer`: the event's `requestContext.authorizer`; `usageIdentifierKey`: the API key the authorizer gave. */
  | { readonly kind: 'allow'; readonly authorizer: Readonly<Record<string, unknown>>; readonly usageIdentifierKey?: string }
  | { readonly kind: 'respond'; readonly response: HttpResponse; readonly reason: string };

/**
 * The gateway's decision from the authorizer's outcome (fresh or cached) for this request. An allowed request's
 * function sees the principal, the context's values as strings, and how long the authorizer took
 * (`integrationLatency`, 0 for a cached answer), as in `requestContext.authorizer` on AWS.
 */
export function authorizerDecision(outcome: AuthorizerOutcome, name: string, arn: string, request: HttpRequest, latencyMs: number): AuthorizerDecision {
  if (outcome.kind === 'unauthorized') return { kind: 'respond', response: AUTHORIZER_RESPONSES.unauthorized(request), reason: `authorizer ${name} answered Unauthorized` };
  if (outcome.kind === 'invalid' || outcome.kind === 'simple') {
    const problem = outcome.kind === 'invalid' ? outcome.problem : 'a simple response, which only HTTP APIs take';
    return { kind: 'respond', response: AUTHORIZER_RESPONSES.configurationError(request), reason: `authorizer ${name} could not be used: ${problem}` };
  }
  const effect = evaluatePolicy(outcome.statements, arn);
  if (effect === 'explicit-deny') return { kind: 'respond', response: AUTHORIZER_RESPONSES.explicitDeny(request), reason: `authorizer ${name}'s policy denies ${arn} (principal ${outcome.principalId})` };
  if (effect === 'implicit-deny') return { kind: 'respond', response: AUTHORIZER_RESPONSES.implicitDeny(request), reason: `authorizer ${name}'s policy allows nothing that matches ${arn} (principal ${outcome.principalId})` };
  const key = outcome.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: outcome.usageIdentifierKey };
  return { kind: 'allow', authorizer: { ...outcome.context, principalId: outcome.principalId, integrationLatency: Math.round(latencyMs) }, ...key };
}

/**
 * Why a kept answer refused this request, for dev's log, or undefined when it allows it. API Gateway evaluates the
 * policy an authorizer returned for an earlier request against each later request of that identity for the TTL,
 * so a policy naming only the methodArn it was asked for (as most first authorizers write it) refuses the
 * identity's other methods without calling the authorizer: the refusal read as the authorizer's answer to this
 * request, which it never saw ("Lambda authorizer caching", AWS re:Post knowledge center).
 */
export function keptAnswerNote(outcome: AuthorizerOutcome, arn: string, ageSeconds: number, ttlSeconds: number): string | undefined {
  const kept = `an answer the authorizer gave ${Math.floor(ageSeconds)} s ago for this identity, kept for ${ttlSeconds} s`;
  if (outcome.kind === 'simple') return outcome.authorized ? undefined : kept;
  if (outcome.kind !== 'policy') return undefined;
  const effect = evaluatePolicy(outcome.statements, arn);
  if (effect !== 'implicit-deny') return effect === 'allow' ? undefined : kept;
  const allowed = outcome.statements.filter((s) => s.effect === 'Allow').flatMap((s) => s.resources);
  const stage = arn.split('/').slice(0, 2).join('/');
  return `${kept}, whose policy allows ${allowed.length > 0 ? `only ${allowed.join(', ')}` : 'nothing'}: a kept policy must allow every method the identity may call (such as ${stage}/*), or the TTL be 0`;
}

/** The answer when the authorizer could not be run at all (throttled, past the gateway's timeout). */
export function authorizerFailed(name: string, request: HttpRequest, why: string): AuthorizerDecision {
  return { kind: 'respond', response: AUTHORIZER_RESPONSES.configurationError(request), reason: `authorizer ${name} ${why}` };
}
