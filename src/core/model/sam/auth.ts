import { MissingReference, Unresolved, type LocalNote } from '../cfn/intrinsics.js';
import { jwtAudiences, jwtIssuers, madeUpAt, outsideProject, skippedAuthorizer, userPoolIssuers } from '../deployed-identity.js';
import {
  cachingIdentityRule, httpOnlySettingsRule, payloadVersionRule, readTokenHeader, readTtl, refused, report, SIGNATURE_NOTE, simpleResponsesRule, typeRule, validationExpressionRule, type AuthorizerWords,
} from '../authorizer-rules.js';
import { isRecord, type FieldReader } from '../fields.js';
import { isLambdaAuthorizer, type FunctionModel, type IdentitySource, type RouteAuthorizer } from '../project.js';
import { boolean, strings } from '../values.js';

/**
 * An API's `Auth` as SAM reads it (sam-property-api-apiauth, sam-property-httpapi-httpapiauth): its authorizers
 * by name, the one every route gets unless its event says otherwise, and whether the REST API's CORS preflight
 * needs it too.
 */
export interface ApiAuth {
  /** undefined: an authorizer pylambda does not run (AWS_IAM, one whose function is not run locally). */
  readonly authorizers: ReadonlyMap<string, RouteAuthorizer | undefined>;
  readonly defaultAuthorizer?: string;
  /** REST: `AddDefaultAuthorizerToCorsPreflight`, true unless false. */
  readonly preflight: boolean;
}

export interface AuthContext {
  readonly kind: 'rest' | 'http';
  readonly functions: readonly FunctionModel[];
  /** Functions of the template pylambda does not run, by logical id: why. */
  readonly skipped: Readonly<Record<string, string>>;
  /**
   * References in the API's `Auth` whose local value is made up (`!Ref UserPool`, a pool's generated id), paths
   * relative to it (`Authorizers.Jwt.JwtConfiguration.issuer`): a token's issuer or audience cannot be checked
   * against them.
   */
  readonly notes?: readonly LocalNote[];
}

/** Said where a route's authorizer is AWS_IAM, which needs a signature no local request carries. */
export const IAM_NOTE = 'AWS_IAM is not enforced locally: requests reach the function without IAM signatures';
/** An API's Auth.Authorizers entry in SAM's words; a JWT authorizer's source is IdentitySource, a Lambda one's Identity. */
const WORDS: AuthorizerWords = {
  payloadVersion: 'AuthorizerPayloadFormatVersion',
  simpleResponses: 'EnableSimpleResponses',
  ttl: 'Identity.ReauthorizeEvery',
  identitySource: 'Identity',
  validationExpression: 'Identity.ValidationExpression',
  type: 'FunctionPayloadType',
  refuser: 'SAM',
};
const JWT_WORDS: AuthorizerWords = { ...WORDS, identitySource: 'IdentitySource' };
const HTTP_IAM_NOT_ENABLED = 'AWS_IAM on an HTTP API needs Auth.EnableIamAuthorizer: true on the API (or an authorizer of that name in its Auth.Authorizers):'
  + ' without it, sam build and sam deploy refuse the template ("Unable to set Authorizer [AWS_IAM] on API method ... for path ...")';
export function readApiAuth(value: unknown, at: string, ctx: AuthContext, r: FieldReader): ApiAuth {
  const auth = r.record(value, at) ?? {};
  const authorizers = new Map<string, RouteAuthorizer | undefined>();
  const list = r.record(auth.Authorizers, `${at}.Authorizers`) ?? {};
  for (const [name, raw] of Object.entries(list)) {
    const path = `${at}.Authorizers.${name}`;
    const props = r.record(raw, path);
    if (props) authorizers.set(name, ctx.kind === 'rest' ? restAuthorizer(name, props, path, ctx, r) : httpAuthorizer(name, props, path, ctx, r));
  }
  if (ctx.kind === 'rest') notHonoured(auth, at, r);
  if (auth.EnableIamAuthorizer === true) authorizers.set('AWS_IAM', undefined);
  if (ctx.kind === 'rest') authorizers.set('AWS_IAM', undefined);
  const defaultAuthorizer = r.string(auth.DefaultAuthorizer, `${at}.DefaultAuthorizer`);
  if (defaultAuthorizer === 'AWS_IAM' && !authorizers.has(defaultAuthorizer)) {
    // Only an HTTP API can lack it (a REST API always has it): one rule, said as for an event's Authorizer.
    r.error(`${at}.DefaultAuthorizer`, HTTP_IAM_NOT_ENABLED);
  } else if (defaultAuthorizer !== undefined && !authorizers.has(defaultAuthorizer)) {
    r.error(`${at}.DefaultAuthorizer`, `'${defaultAuthorizer}' is not one of the API's Auth.Authorizers (${Object.keys(list).join(', ') || 'none'})`);
  } else if (defaultAuthorizer === 'AWS_IAM') {
    r.warn(`${at}.DefaultAuthorizer`, 'AWS_IAM is not enforced locally: requests reach the functions without IAM signatures', 'dev');
  }
  const preflight = ctx.kind === 'rest' && (auth.AddDefaultAuthorizerToCorsPreflight === undefined || boolean(auth.AddDefaultAuthorizerToCorsPreflight, `${at}.AddDefaultAuthorizerToCorsPreflight`, r));
  return { authorizers, ...(defaultAuthorizer !== undefined && authorizers.has(defaultAuthorizer) ? { defaultAuthorizer } : {}), preflight };
}

/** The authorizer of an event's route: its `Auth.Authorizer` (NONE: none), else the API's default; with the event's scopes. */
export function routeAuthorizer(kind: 'rest' | 'http', api: ApiAuth | undefined, eventAuth: unknown, at: string, r: FieldReader): RouteAuthorizer | undefined {
  const auth = isRecord(eventAuth) ? eventAuth : {};
  notHonoured(auth, at, r);
  const named = r.string(auth.Authorizer, `${at}.Authorizer`);
  const name = named ?? api?.defaultAuthorizer;
  if (name === undefined || name === 'NONE') return undefined;
  // A REST API always has AWS_IAM, Auth or not: SAM checks an event's authorizer against the API's only when it
  // is not AWS_IAM (samtranslator's Api event), and one route of the implicit API is the usual place for it.
  if (name === 'AWS_IAM' && !api?.authorizers.has(name)) {
    // An HTTP API's AWS_IAM is built in only with EnableIamAuthorizer; otherwise SAM looks for an authorizer of that
    // name and refuses the template (samtranslator push.py HttpApi._add_auth_to_openapi_integration).
    if (kind === 'http') r.error(`${at}.Authorizer`, HTTP_IAM_NOT_ENABLED);
    else r.warn(`${at}.Authorizer`, IAM_NOTE, 'dev');
    return undefined;
  }
  if (!api?.authorizers.has(name)) {
    r.error(`${at}.Authorizer`, `'${name}' is not one of the API's Auth.Authorizers${api && api.authorizers.size > 0 ? ` (${[...api.authorizers.keys()].filter((k) => k !== 'AWS_IAM').join(', ')})` : ''} or NONE`);
    return undefined;
  }
  const authorizer = api.authorizers.get(name);
  if (!authorizer) {
    if (name === 'AWS_IAM' && named !== undefined) r.warn(`${at}.Authorizer`, IAM_NOTE, 'dev');
    return undefined;
  }
  const scopes = auth.AuthorizationScopes === undefined ? undefined : strings(auth.AuthorizationScopes, `${at}.AuthorizationScopes`, r);
  return scopes !== undefined && !isLambdaAuthorizer(authorizer) ? { ...authorizer, scopes } : authorizer;
}

/**
 * What a REST API's `Auth` (or an `Api` event's) may say that pylambda dev cannot do: the resource policy SAM
 * writes (IP ranges, VPC endpoints, accounts, custom statements) and the usage plan's throttle and quota.
 */
function notHonoured(auth: Record<string, unknown>, at: string, r: FieldReader): void {
  if (auth.ResourcePolicy !== undefined) {
    r.warn(`${at}.ResourcePolicy`, 'is not evaluated locally: requests reach the routes whatever their IP address, VPC endpoint or account, where API Gateway would refuse those the policy denies (403)', 'dev');
  }
  const plan = isRecord(auth.UsagePlan) ? auth.UsagePlan : {};
  const limits = ['Throttle', 'Quota'].filter((key) => plan[key] !== undefined);
  for (const key of limits) r.warn(`${at}.UsagePlan.${key}`, 'is not enforced locally: requests with an API key are neither throttled nor counted (API Gateway answers 429 past the usage plan\'s limits)', 'dev');
}

function restAuthorizer(name: string, props: Record<string, unknown>, at: string, ctx: AuthContext, r: FieldReader): RouteAuthorizer | undefined {
  // SAM reads neither on a REST API (they are AWS::Serverless::HttpApi properties).
  report(httpOnlySettingsRule({ payloadVersion: props.AuthorizerPayloadFormatVersion, simpleResponses: props.EnableSimpleResponses }), at, WORDS, r);
  const identity = r.record(props.Identity, `${at}.Identity`) ?? {};
  const expression = r.string(identity.ValidationExpression, `${at}.Identity.ValidationExpression`);
  if (props.UserPoolArn !== undefined) {
    r.warn(at, SIGNATURE_NOTE, 'dev');
    const header = r.string(identity.Header, `${at}.Identity.Header`) ?? 'Authorization';
    report(validationExpressionRule('COGNITO_USER_POOLS', expression), at, WORDS, r);
    const scopes = props.AuthorizationScopes === undefined ? undefined : strings(props.AuthorizationScopes, `${at}.AuthorizationScopes`, r);
    const issuers = userPoolIssuers(props.UserPoolArn, `${at}.UserPoolArn`, r, madeUpAt(ctx.notes, `Authorizers.${name}.UserPoolArn`));
    return { name, type: 'COGNITO_USER_POOLS', header, issuers, ...(expression ? { validationExpression: expression } : {}), ...(scopes ? { scopes } : {}) };
  }
  if (props.FunctionArn === undefined) {
    r.error(at, 'needs FunctionArn (a Lambda authorizer) or UserPoolArn (a Cognito user pool authorizer)');
    return undefined;
  }
  const functionId = authorizerFunction(props.FunctionArn, `${at}.FunctionArn`, ctx, r);
  const written = r.string(props.FunctionPayloadType, `${at}.FunctionPayloadType`);
  const typeFindings = typeRule(written, ['TOKEN', 'REQUEST']);
  report(typeFindings, at, WORDS, r);
  if (refused(typeFindings)) return undefined;
  const type = written === 'REQUEST' ? 'REQUEST' : 'TOKEN';
  const ttlSeconds = readTtl(identity.ReauthorizeEvery, at, WORDS, 'rest', r);
  report(validationExpressionRule(type, expression), at, WORDS, r);
  if (type === 'TOKEN') {
    const header = r.string(identity.Header, `${at}.Identity.Header`) ?? 'Authorization';
    if (functionId === undefined) return undefined;
    return { name, functionId, type, identitySources: [{ in: 'header', name: header }], ttlSeconds, ...(expression ? { validationExpression: expression } : {}) };
  }
  const identitySources = requestSources(identity, `${at}.Identity`, r);
  report(cachingIdentityRule(ttlSeconds, identitySources), at, WORDS, r);
  return functionId === undefined ? undefined : { name, functionId, type, identitySources, ttlSeconds };
}

/**
 * What each kind of an HTTP API's authorizer takes: SAM refuses a setting of the other kind ("IdentitySource is only
 * supported for OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' property instead", samtranslator
 * apigatewayv2.py ApiGatewayV2Authorizer), where a REST API's Auth ignores what it does not read.
 */
const HTTP_SETTINGS = {
  jwt: ['AuthorizationScopes', 'IdentitySource'],
  lambda: ['FunctionArn', 'FunctionInvokeRole', 'Identity', 'AuthorizerPayloadFormatVersion', 'EnableSimpleResponses', 'EnableFunctionDefaultPermissions'],
} as const;

function otherKindSettings(kind: 'jwt' | 'lambda', props: Record<string, unknown>, at: string, r: FieldReader): void {
  const other = kind === 'jwt' ? 'lambda' : 'jwt';
  const theirs = other === 'jwt' ? 'a JWT authorizer\'s (with JwtConfiguration)' : 'a Lambda authorizer\'s (with FunctionArn), not a JWT one\'s';
  for (const key of HTTP_SETTINGS[other].filter((k) => props[k] !== undefined)) {
    const instead = key === 'IdentitySource' ? ': a Lambda authorizer reads its identity sources from Identity (Headers, QueryStrings, StageVariables, Context)' : '';
    r.error(`${at}.${key}`, `is ${theirs}${instead}, as SAM requires`);
  }
}

function httpAuthorizer(name: string, props: Record<string, unknown>, at: string, ctx: AuthContext, r: FieldReader): RouteAuthorizer | undefined {
  const jwt = r.record(props.JwtConfiguration, `${at}.JwtConfiguration`);
  otherKindSettings(jwt ? 'jwt' : 'lambda', props, at, r);
  if (jwt) {
    r.warn(at, SIGNATURE_NOTE, 'dev');
    const source = r.string(props.IdentitySource, `${at}.IdentitySource`);
    const header = readTokenHeader('JWT', source === undefined ? [] : [source], at, JWT_WORDS, r);
    const issuers = jwtIssuers(jwt.issuer ?? jwt.Issuer, madeUpAt(ctx.notes, `Authorizers.${name}.JwtConfiguration.issuer`), `${at}.JwtConfiguration.issuer`, r);
    const audiences = jwtAudiences(jwt.audience ?? jwt.Audience, madeUpAt(ctx.notes, `Authorizers.${name}.JwtConfiguration.audience`), `${at}.JwtConfiguration.audience`, r);
    const scopes = props.AuthorizationScopes === undefined ? undefined : strings(props.AuthorizationScopes, `${at}.AuthorizationScopes`, r);
    if (header === undefined) return undefined;
    return { name, type: 'JWT', header, issuers, audiences, ...(scopes ? { scopes } : {}) };
  }
  if (props.FunctionArn === undefined) {
    r.error(at, 'needs FunctionArn (a Lambda authorizer) or JwtConfiguration (a JWT authorizer)');
    return undefined;
  }
  const functionId = authorizerFunction(props.FunctionArn, `${at}.FunctionArn`, ctx, r);
  const version = r.payloadFormatVersion(props.AuthorizerPayloadFormatVersion, `${at}.AuthorizerPayloadFormatVersion`);
  const simple = boolean(props.EnableSimpleResponses, `${at}.EnableSimpleResponses`, r);
  const identity = r.record(props.Identity, `${at}.Identity`) ?? {};
  const identitySources = requestSources(identity, `${at}.Identity`, r);
  const ttlSeconds = readTtl(identity.ReauthorizeEvery, at, WORDS, 'http', r);
  report([...payloadVersionRule(props.AuthorizerPayloadFormatVersion !== undefined), ...simpleResponsesRule(simple, version), ...cachingIdentityRule(ttlSeconds, identitySources)], at, WORDS, r);
  if (functionId === undefined || version === undefined) return undefined;
  return { name, functionId, type: 'REQUEST', identitySources, ttlSeconds, payloadFormatVersion: version, ...(simple ? { simpleResponses: true } : {}) };
}

/** Identity.Headers, QueryStrings, StageVariables and Context, in SAM's order. */
function requestSources(identity: Record<string, unknown>, at: string, r: FieldReader): IdentitySource[] {
  const kinds = [['Headers', 'header'], ['QueryStrings', 'query'], ['StageVariables', 'stageVariable'], ['Context', 'context']] as const;
  return kinds.flatMap(([key, kind]) => strings(identity[key], `${at}.${key}`, r).map((name) => ({ in: kind, name })));
}

/**
 * The function a `FunctionArn` names (`!GetAtt Fn.Arn`, `!Sub ${Fn.Arn}`, `!Ref Fn`, or an ARN or name written
 * out), by logical id; a function pylambda does not run (skipped, or not the template's) leaves its routes unguarded.
 */
function authorizerFunction(value: unknown, at: string, ctx: AuthContext, r: FieldReader): string | undefined {
  // An authorizer shared from another stack (!ImportValue, an ARN written out) cannot run here: sam local start-api
  // says "Unable to parse the Lambda ARN for Authorizer", skips it and serves the routes (SamApiProvider).
  const outside = (why: string) => r.warn(at, outsideProject(why, 'template'), 'dev');
  if (value instanceof Unresolved) {
    if (value instanceof MissingReference) r.error(at, `${value.reason}: name a function of this template (!GetAtt MyAuthorizer.Arn)`);
    else outside(value.reason);
    return undefined;
  }
  const text = r.string(value, at);
  if (text === undefined) return undefined;
  const name = /:function:([^:]+)/.exec(text)?.[1] ?? text;
  const fn = ctx.functions.find((f) => f.name === name || f.id === name);
  if (fn) return fn.id;
  const skipped = Object.keys(ctx.skipped).find((id) => id === name);
  if (skipped) {
    r.warn(at, skippedAuthorizer(skipped, ctx.skipped[skipped]!), 'dev');
    return undefined;
  }
  outside(`'${text}' is not a function of this template`);
  return undefined;
}
