import { parseIdentitySource } from '../gateway/identity-source.js';
import type { FieldReader } from './fields.js';
import type { IdentitySource } from './route-authorizers.js';

/**
 * The rules of an API Gateway authorizer's settings, one function each, which every reader (a SAM API's Auth, an
 * AWS::ApiGateway::Authorizer or AWS::ApiGatewayV2::Authorizer, an OpenAPI x-amazon-apigateway-authorizer,
 * serverless.yml's authorizers) applies in its own words. An error is what SAM, CloudFormation, API Gateway or the
 * Framework refuses to deploy; a warning, what deploys but is not what its writer meant (or what pylambda dev
 * cannot do locally); nothing, what is fine.
 */

/** How a reader names an authorizer's settings, as paths below the authorizer's own; and who refuses a wrong one. */
export interface AuthorizerWords {
  readonly payloadVersion: string;
  readonly simpleResponses: string;
  readonly ttl: string;
  readonly identitySource: string;
  readonly validationExpression: string;
  /** The authorizer's type, where the reader has one to write. */
  readonly type?: string;
  /** Who refuses to deploy what an error here names: `SAM`, `API Gateway`, `the Framework`. */
  readonly refuser: string;
}

export type AuthorizerField = Exclude<keyof AuthorizerWords, 'refuser'>;

export interface RuleFinding {
  readonly severity: 'error' | 'warning';
  readonly field: AuthorizerField;
  /** Said after the field's path; `{field}` is any other field in the reader's words. */
  readonly message: string;
  /** The message ends with who refuses it ("as SAM requires"). */
  readonly requires?: boolean;
  /** Said by dev only: how dev serves the authorizer's routes, nothing the function it runs sees. */
  readonly scope?: 'dev';
}

/** Said of a JWT or Cognito user pool authorizer, whichever reader found it. */
export const SIGNATURE_NOTE = 'is checked without its signature: pylambda dev decodes the token and checks its claims (issuer, audience, expiry, scopes), but cannot fetch the issuer\'s keys locally';

/** API Gateway's limit on an authorizer's TTL ("The maximum value is 3600, or 1 hour"). */
export const MAX_TTL = 3600;

/**
 * An authorizer's TTL when none is written: a REST API's is 300 s ("If this field is not set, the default value is
 * 300", API Gateway's Authorizer), an HTTP API caches nothing unless told to (SAM writes authorizerResultTtlInSeconds
 * only from ReauthorizeEvery, and the Framework passes none).
 */
export function defaultTtl(api: 'rest' | 'http'): number {
  return api === 'rest' ? 300 : 0;
}

/**
 * An authorizer's type is one its API has, as the reader spells them (`known`): API Gateway refuses another (a REST
 * API's "TOKEN | REQUEST | COGNITO_USER_POOLS", an HTTP API's "REQUEST | JWT", and a required one), as SAM does a
 * FunctionPayloadType other than TOKEN or REQUEST ("Authorizer has invalid 'FunctionPayloadType'"). `missing`: none is
 * written where one is required; a type not known locally (a CloudFormation function) is said where it is read.
 */
export function typeRule(written: string | undefined, known: readonly string[], options: { readonly caseless?: boolean; readonly missing?: boolean } = {}): RuleFinding[] {
  const list = `${known.slice(0, -1).join(', ')} or ${known.at(-1)}`;
  if (written === undefined) return options.missing ? [{ severity: 'error', field: 'type', message: `is required (${list})`, requires: true }] : [];
  const same = (a: string, b: string) => (options.caseless ? a.toLowerCase() === b.toLowerCase() : a === b);
  return known.some((k) => same(k, written)) ? [] : [{ severity: 'error', field: 'type', message: `'${written}' is not ${list}` }];
}

/**
 * An HTTP API's Lambda authorizer needs its payload format version: API Gateway refuses one without it
 * ("AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer"), and SAM before it ("Lambda
 * Authorizer must define 'AuthorizerPayloadFormatVersion'"). The Framework writes 2.0 unless told otherwise.
 */
export function payloadVersionRule(written: boolean): RuleFinding[] {
  return written ? [] : [{ severity: 'error', field: 'payloadVersion', message: "is required for an HTTP API's Lambda authorizer ('1.0' or '2.0')", requires: true }];
}

/** Simple responses (`isAuthorized`) are payload format 2.0's answer; a 1.0 authorizer answers with an IAM policy. */
export function simpleResponsesRule(simple: boolean, version: '1.0' | '2.0' | undefined): RuleFinding[] {
  return simple && version === '1.0' ? [{ severity: 'error', field: 'simpleResponses', message: "takes {payloadVersion} '2.0': a 1.0 authorizer answers with an IAM policy" }] : [];
}

/** A TTL outside 0 to an hour is refused. */
export function ttlRule(seconds: number | undefined): RuleFinding[] {
  return seconds !== undefined && (seconds < 0 || seconds > MAX_TTL) ? [{ severity: 'error', field: 'ttl', message: `${seconds} is not between 0 and ${MAX_TTL} seconds` }] : [];
}

/**
 * A REQUEST authorizer that caches its answers keys them by its identity sources, so it needs one: "For the REQUEST
 * authorizer, this is required when authorization caching is enabled" (API Gateway's Authorizer); "To enable caching,
 * your authorizer must have at least one identity source" (HTTP APIs); SAM says "Authorizer must specify Identity
 * with at least one of Headers, QueryStrings, StageVariables, or Context" unless ReauthorizeEvery is 0.
 */
export function cachingIdentityRule(ttlSeconds: number, sources: readonly IdentitySource[]): RuleFinding[] {
  return ttlSeconds > 0 && sources.length === 0
    ? [{ severity: 'error', field: 'identitySource', message: 'must name an identity source when answers are cached ({ttl} above 0)', requires: true }]
    : [];
}

/**
 * Each identity source is one of API Gateway's request parameters: "Supported parameter types are Header, Query
 * String, Stage Variable, and Context" (a REST API's `method.request.header.NAME`, `stageVariables.NAME`,
 * `context.NAME`; an HTTP API's `$request.header.NAME`, `$stageVariables.NAME`, `$context.NAME`). API Gateway
 * refuses an authorizer with any other. `written`: the sources as written, `parsed` each as read.
 */
export function identitySourceRule(written: readonly string[], parsed: readonly (IdentitySource | undefined)[]): RuleFinding[] {
  return written.flatMap((text, i) => (parsed[i] ? [] : [{
    severity: 'error' as const,
    field: 'identitySource' as const,
    message: `'${text}' is not a header, query string, stage variable or context variable (method.request.header.NAME, $request.header.NAME, $context.NAME, ...)`,
  }]));
}

/**
 * Where a token authorizer's token is. A TOKEN or Cognito authorizer needs one header (API Gateway's Authorizer: "For
 * a TOKEN or COGNITO_USER_POOLS authorizer, this is required and specifies the request header mapping expression");
 * a JWT authorizer one header or query string ("Currently only header-based and query parameter-based selections are
 * supported"), of which pylambda dev reads a header only. `written`: the sources as written, none when not set.
 */
export function tokenSourceRule(type: 'TOKEN' | 'COGNITO_USER_POOLS' | 'JWT', written: readonly string[], parsed: readonly (IdentitySource | undefined)[]): RuleFinding[] {
  const example = type === 'JWT' ? '$request.header.Authorization' : 'method.request.header.Authorization';
  if (written.length === 0) return [{ severity: 'error', field: 'identitySource', message: `is required for a ${type} authorizer (for example ${example})`, requires: true }];
  const text = written.join(', ');
  const [first] = parsed;
  if (written.length === 1 && first?.in === 'header') return [];
  if (type === 'JWT' && written.length === 1 && first?.in === 'query') {
    return [{ severity: 'warning', field: 'identitySource', message: `'${text}' is a query string, where pylambda dev reads a JWT from a header only ($request.header.NAME): its routes answer without this authorizer locally`, scope: 'dev' }];
  }
  const one = type === 'JWT' ? 'one header or query string ($request.header.NAME)' : 'one header (method.request.header.NAME)';
  return [{ severity: 'error', field: 'identitySource', message: `'${text}' is not ${one}, where a ${type} authorizer reads the token` }];
}

/**
 * A validation expression is a TOKEN or Cognito authorizer's: API Gateway ignores it on a REQUEST authorizer ("The
 * validation expression does not apply to the REQUEST authorizer"). One JavaScript cannot read (API Gateway's are
 * Java's) lets every token through locally.
 */
export function validationExpressionRule(type: 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS' | 'JWT', expression: string | undefined): RuleFinding[] {
  if (expression === undefined) return [];
  if (type === 'REQUEST' || type === 'JWT') {
    return [{ severity: 'warning', field: 'validationExpression', message: `applies to TOKEN and Cognito authorizers only, so API Gateway ignores it on a ${type} authorizer` }];
  }
  try {
    new RegExp(expression);
    return [];
  } catch {
    return [{ severity: 'warning', field: 'validationExpression', message: `'${expression}' is not a regular expression pylambda dev can read: tokens are not checked against it locally`, scope: 'dev' }];
  }
}

/**
 * A payload format version or simple responses on a REST API's authorizer: HTTP API settings, which a REST API ignores
 * (SAM reads neither there, API Gateway's REST import skips them): the authorizer gets the REST event and must answer
 * with an IAM policy.
 */
export function httpOnlySettingsRule(written: { readonly payloadVersion?: unknown; readonly simpleResponses?: unknown }): RuleFinding[] {
  const fields = (['payloadVersion', 'simpleResponses'] as const).filter((field) => written[field] !== undefined);
  return fields.map((field) => ({
    severity: 'warning',
    field,
    message: 'is an HTTP API setting, which a REST API ignores: the authorizer gets the REST TOKEN or REQUEST event and must answer with an IAM policy (principalId, policyDocument)',
  }));
}

/** The findings said at their fields' paths below `at`, in the reader's words; an error says who refuses it. */
export function report(findings: readonly RuleFinding[], at: string, words: AuthorizerWords, r: FieldReader): void {
  for (const { severity, field, message, requires, scope } of findings) {
    const text = message.replace(/\{(\w+)\}/g, (_, key: string) => words[key as AuthorizerField] ?? key) + (requires ? `, as ${words.refuser} requires` : '');
    const path = `${at}.${words[field] ?? field}`;
    if (severity === 'error') r.error(path, text);
    else r.warn(path, text, scope);
  }
}

/** An authorizer's TTL in seconds: the written one when it is within the limit, else the API's default. */
export function readTtl(value: unknown, at: string, words: AuthorizerWords, api: 'rest' | 'http', r: FieldReader): number {
  const seconds = r.integer(value, `${at}.${words.ttl}`);
  const findings = ttlRule(seconds);
  report(findings, at, words, r);
  return seconds === undefined || refused(findings) ? defaultTtl(api) : seconds;
}

/** Identity sources as written: comma-separated in one string (as a REST API writes them) or a list, each trimmed. */
export function sourceTexts(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
  return list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** A REQUEST authorizer's identity sources, written as sourceTexts reads them; undefined, with what identitySourceRule says, when one is none. */
export function readIdentitySources(value: unknown, at: string, words: AuthorizerWords, r: FieldReader): IdentitySource[] | undefined {
  const written = sourceTexts(value);
  const parsed = written.map(parseIdentitySource);
  const findings = identitySourceRule(written, parsed);
  report(findings, at, words, r);
  return findings.length === 0 ? parsed.filter((p): p is IdentitySource => p !== undefined) : undefined;
}

/**
 * The header a TOKEN, Cognito or JWT authorizer reads its token from, its sources as sourceTexts reads them;
 * undefined, with what tokenSourceRule says, when it has no one header.
 */
export function readTokenHeader(type: 'TOKEN' | 'COGNITO_USER_POOLS' | 'JWT', value: unknown, at: string, words: AuthorizerWords, r: FieldReader): string | undefined {
  const written = sourceTexts(value);
  const parsed = written.map(parseIdentitySource);
  const findings = tokenSourceRule(type, written, parsed);
  report(findings, at, words, r);
  return findings.length === 0 ? parsed[0]!.name : undefined;
}

/** Whether any finding is an error. */
export function refused(findings: readonly RuleFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
