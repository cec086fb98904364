/**
 * Tokens API Gateway checks itself, without a Lambda function: an HTTP API's JWT authorizer ("Controlling access
 * to HTTP APIs with JWT authorizers": identity source, decode, iss, aud or client_id, exp, nbf, iat, scope or scp)
 * and a REST API's Cognito user pool authorizer. Locally the signature is not checked: the issuer's keys
 * (`jwks_uri`) cannot be fetched, so any well-formed token with the right claims passes. Pure: `nowMs` is the
 * request's time.
 */

import { firstHeader } from '../events/http/headers.js';
import { httpGatewayResponse, restGatewayResponse } from '../events/http/gateway-errors.js';
import { isObject } from '../events/http/payload.js';
import type { HttpRequest, HttpResponse } from '../events/http/request.js';
import type { TokenAuthorizer } from '../model/project.js';
import { validToken } from './authorizer.js';

export type TokenCheck =
  | { readonly ok: true; readonly claims: Readonly<Record<string, unknown>>; readonly scopes: readonly string[] }
  /** `status`: 401 for a token that is missing or not valid, 403 for one without the route's scopes (HTTP APIs). */
  | {
      readonly ok: false;
      readonly status: 401 | 403;
      readonly reason: string;
      /** A token that was there but is not valid: the `error_description` of an HTTP API's www-authenticate challenge. */
      readonly invalidToken?: string;
    };

/** A JWT's payload, read without checking its signature; a string says why it is not a JWT. */
export function decodeJwt(token: string): Record<string, unknown> | string {
  const parts = token.split('.');
  if (parts.length !== 3) return `it is not a JWT (${parts.length} part${parts.length === 1 ? '' : 's'}, where a JWT has 3 separated by dots)`;
  const json = (part: string): unknown => {
    if (!/^[A-Za-z0-9_-]*={0,2}$/.test(part)) return undefined;
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  };
  if (!isObject(json(parts[0]!))) return 'its header is not base64url-encoded JSON';
  const payload = json(parts[1]!);
  return isObject(payload) ? payload : 'its payload is not a base64url-encoded JSON object';
}

/** The checks API Gateway makes on the request's token, in its order, but the signature's. */
export function checkToken(authorizer: TokenAuthorizer, request: HttpRequest, nowMs: number): TokenCheck {
  const fail = (reason: string, status: 401 | 403 = 401): TokenCheck => ({ ok: false, status, reason: `authorizer ${authorizer.name}: ${reason}` });
  const invalidToken = (description: string, detail = ''): TokenCheck => ({ ok: false, status: 401, reason: `authorizer ${authorizer.name}: ${description}${detail}`, invalidToken: description });
  const value = firstHeader(request.headers, authorizer.header);
  if (value === undefined || value.trim() === '') return fail(`the request has no ${authorizer.header} header`);
  const jwt = authorizer.type === 'JWT';
  // "The identitySource can include only the token, or the token prefixed with Bearer".
  const token = jwt ? value.replace(/^Bearer /, '') : value;
  if (authorizer.validationExpression !== undefined && !validToken(authorizer.validationExpression, token)) return fail('the token does not match the validation expression');
  const claims = decodeJwt(token);
  if (typeof claims === 'string') return invalidToken('the token is not a valid JWT', `: ${claims}`);
  if (authorizer.issuers.length > 0 && !authorizer.issuers.includes(String(claims.iss))) {
    return invalidToken('the token does not have a valid issuer', ` (${claims.iss === undefined ? 'none' : String(claims.iss)}; the authorizer takes ${authorizer.issuers.join(' or ')})`);
  }
  if (jwt && authorizer.audiences && authorizer.audiences.length > 0) {
    // "API Gateway validates client_id only if aud is not present" (http-api-troubleshooting-jwt).
    const audience = claims.aud !== undefined ? claims.aud : claims.client_id;
    const given = Array.isArray(audience) ? audience.map(String) : audience === undefined ? [] : [String(audience)];
    if (!given.some((a) => authorizer.audiences!.includes(a))) return invalidToken('the token does not have a valid audience', ` (${given.join(', ') || 'none'}; the authorizer takes ${authorizer.audiences.join(', ')})`);
  }
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number') return invalidToken('the token has no expiry', ' (exp)');
  if (claims.exp <= now) return invalidToken('the token has expired', ` (exp ${claims.exp}, ${Math.round(now - claims.exp)} s ago)`);
  if (typeof claims.nbf === 'number' && claims.nbf > now) return invalidToken('the token is not valid yet', ' (nbf)');
  if (typeof claims.iat === 'number' && claims.iat > now) return invalidToken('the token was issued in the future', ' (iat)');
  const held = tokenScopes(claims);
  const wanted = authorizer.scopes ?? [];
  if (!jwt && wanted.length === 0 && claims.token_use === 'access') {
    // Without scopes a Cognito authorizer takes an ID token; an access token gets 401 (AWS knowledge center,
    // "api-gateway-cognito-401-unauthorized": "If there are no additional scopes configured ... use a valid ID token").
    return invalidToken('the token is an access token', ', and a Cognito authorizer takes an ID token unless the route has authorization scopes');
  }
  if (wanted.length > 0 && !wanted.some((s) => held.includes(s))) {
    // HTTP APIs answer a valid token without the route's scopes 403; a REST Cognito authorizer answers every
    // failure 401 (the knowledge center troubleshoots scope problems under "401 Unauthorized").
    return fail(`the token's scopes (${held.join(' ') || 'none'}) hold none of the route's (${wanted.join(' ')})`, jwt ? 403 : 401);
  }
  return { ok: true, claims, scopes: wanted.filter((s) => held.includes(s)) };
}

/** `scope` (OAuth 2.0: a space-separated string) or `scp` (a list, or a string). */
function tokenScopes(claims: Record<string, unknown>): string[] {
  const raw = claims.scope ?? claims.scp;
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === 'string' ? raw.split(' ').filter((s) => s !== '') : [];
}

/**
 * The gateway's answer to a failed check. HTTP APIs add `www-authenticate` to a 401 for a token they could read
 * (`Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"`,
 * http-api-troubleshooting-jwt); REST APIs answer UNAUTHORIZED as for a Lambda authorizer.
 */
export function tokenRefusal(authorizer: TokenAuthorizer, check: Extract<TokenCheck, { ok: false }>, request: HttpRequest): HttpResponse {
  if (authorizer.type === 'COGNITO_USER_POOLS') return restGatewayResponse(401, '{"message":"Unauthorized"}', 'UnauthorizedException')(request);
  if (check.status === 403) return httpGatewayResponse(403, 'Forbidden')(request);
  const challenge: Array<[string, string]> = check.invalidToken ? [['www-authenticate', `Bearer scope="" error="invalid_token" error_description="${check.invalidToken}"`]] : [];
  return httpGatewayResponse(401, 'Unauthorized', challenge)(request);
}

/**
 * What the route's function finds in `requestContext.authorizer`. API Gateway passes every claim as a string
 * (numbers and booleans as written: `"exp": "1612061676"`, awsdocs/amazon-api-gateway-developer-guide#113 and #158).
 * HTTP API payload 2.0: `{jwt: {claims, scopes}}`, scopes null when the route asks for none (aws/aws-lambda-go#317);
 * 1.0: `{claims, scopes}`. REST Cognito: `{claims}`, with `exp` and `iat` as dates (`Fri Jul 29 18:52:53 UTC 2016`,
 * as captured in amazon-archives/amazon-cognito-identity-js#92).
 */
export function tokenAuthorizerContext(authorizer: TokenAuthorizer, check: Extract<TokenCheck, { ok: true }>, integrationFormat: '1.0' | '2.0'): Record<string, unknown> {
  const rest = authorizer.type === 'COGNITO_USER_POOLS';
  const claims = Object.fromEntries(Object.entries(check.claims).map(([key, value]) => [key, rest && (key === 'exp' || key === 'iat') && typeof value === 'number' ? javaDate(value) : claimText(value, rest)]));
  if (rest) return { claims };
  const scopes = authorizer.scopes && authorizer.scopes.length > 0 ? check.scopes : null;
  return integrationFormat === '1.0' ? { claims, scopes } : { jwt: { claims, scopes } };
}

/** A list claim (`cognito:groups`) as observed: `[a b]` from an HTTP API, `a,b` from a REST API; objects as JSON. */
function claimText(value: unknown, rest: boolean): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return rest ? value.map(String).join(',') : `[${value.map(String).join(' ')}]`;
  return isObject(value) ? JSON.stringify(value) : String(value);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's Date.toString in UTC, as API Gateway renders a Cognito token's times. */
function javaDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
