/** What guards a route in the project model: the authorizers every reader (SAM, serverless.yml, Chalice, OpenAPI) produces. */

/** What guards a route: a Lambda authorizer (a function of the project), or a token the gateway checks itself. */
export type RouteAuthorizer = LambdaAuthorizer | TokenAuthorizer;

/**
 * Where API Gateway reads a caller's identity: a header, a query parameter, a stage variable, or a context
 * variable (its path below `$context`: `identity.sourceIp`).
 */
export interface IdentitySource {
  readonly in: 'header' | 'query' | 'stageVariable' | 'context';
  readonly name: string;
}

/**
 * A Lambda authorizer (a Chalice built-in authorizer, a SAM `Auth.Authorizers` entry with a `FunctionArn`,
 * a serverless.yml authorizer naming a function): a function of the project that API Gateway calls with the
 * caller's identity, and whose answer decides whether the request reaches the route's function.
 */
export interface LambdaAuthorizer {
  /** As the configuration names it, for messages. */
  readonly name: string;
  readonly functionId: string;
  /** TOKEN (REST only): the token from one header; REQUEST: the request's headers, query, path and context. */
  readonly type: 'TOKEN' | 'REQUEST';
  /**
   * Where the caller's identity is: a request missing one (or with it empty) is answered 401 without the
   * authorizer; their values are the cache key. TOKEN: one header.
   */
  readonly identitySources: readonly IdentitySource[];
  /** TOKEN: a regular expression the token must match, else 401 without the authorizer. */
  readonly validationExpression?: string;
  /** How long API Gateway keeps an answer for the same identity (0: not cached). */
  readonly ttlSeconds: number;
  /** HTTP APIs: the authorizer's payload format (the event it gets, the answers it may give). */
  readonly payloadFormatVersion?: '1.0' | '2.0';
  /** HTTP APIs, format 2.0: the authorizer answers `{"isAuthorized": bool, "context": {...}}` instead of a policy. */
  readonly simpleResponses?: boolean;
}

/**
 * A token API Gateway checks itself: an HTTP API JWT authorizer, or a REST API Cognito user pool authorizer.
 * Locally the token's claims are read and checked, but not its signature (the issuer's keys cannot be fetched).
 */
export interface TokenAuthorizer {
  readonly name: string;
  readonly type: 'JWT' | 'COGNITO_USER_POOLS';
  /** The header that holds the token (JWT: `$request.header.X`; Cognito: `Identity.Header`). */
  readonly header: string;
  /** The `iss` values accepted: the JWT issuer, or each user pool's issuer URL; empty: any. */
  readonly issuers: readonly string[];
  /** JWT: the `aud` (or `client_id`) values accepted. */
  readonly audiences?: readonly string[];
  /** The route's authorization scopes: the token's `scope` (or `scp`) must hold one of them. */
  readonly scopes?: readonly string[];
  /** Cognito: a regular expression the token must match, else 401. */
  readonly validationExpression?: string;
}

export function isLambdaAuthorizer(authorizer: RouteAuthorizer): authorizer is LambdaAuthorizer {
  return authorizer.type === 'TOKEN' || authorizer.type === 'REQUEST';
}
