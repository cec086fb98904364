import { Unresolved } from '../cfn/intrinsics.js';
import { jwtAudiences, jwtIssuers, outsideProject, skippedAuthorizer, UNGUARDED, userPoolIssuers } from '../deployed-identity.js';
import {
  cachingIdentityRule, readIdentitySources, readTokenHeader, readTtl, refused, report, SIGNATURE_NOTE, simpleResponsesRule, typeRule, validationExpressionRule, type AuthorizerWords,
} from '../authorizer-rules.js';
import { isRecord, type FieldReader } from '../fields.js';
import { isLambdaAuthorizer, type FunctionModel, type LambdaAuthorizer, type RouteAuthorizer } from '../project.js';
import { IAM_NOTE } from '../sam/auth.js';
import { boolean, strings } from '../values.js';
import type { AuthorizerRef, RouteClaim } from './events.js';
import { functionLogicalId } from './s3-buckets.js';

/**
 * serverless.yml's authorizers (Framework v3 docs, "API Gateway": "HTTP Endpoints with Custom Authorizers",
 * "Cognito User Pools"; "HTTP API": "JWT Authorizers", "Lambda Request Authorizers"), read as the Framework
 * reads them (api-gateway/lib/validate.js getAuthorizer, http-api.js resolveConfiguration) into the routes'
 * authorizers, once every function of the service is known.
 */
export interface ServiceAuthContext {
  readonly functions: readonly FunctionModel[];
  /** Functions of the service pylambda does not run, by key: why. */
  readonly skipped: Readonly<Record<string, string>>;
  readonly provider: Readonly<Record<string, unknown>>;
}

/**
 * An `http` event's authorizer and a provider.httpApi.authorizers entry in the Framework's words. The TTL: validate.js
 * leaves it unset, so API Gateway's 300 s on a REST API; http-api.js passes none, so an HTTP API caches nothing.
 */
const WORDS: AuthorizerWords = {
  payloadVersion: 'payloadVersion',
  simpleResponses: 'enableSimpleResponses',
  ttl: 'resultTtlInSeconds',
  identitySource: 'identitySource',
  validationExpression: 'identityValidationExpression',
  type: 'type',
  refuser: 'the Framework',
};

/** arn-regular-expressions.js cognitoIdpArnExpr: such an ARN makes a COGNITO_USER_POOLS authorizer, whatever its type. */
const COGNITO_ARN = /^arn:[a-zA-Z-]*:cognito-idp/;
/** A CloudFormation function in an authorizer's setting: the Framework leaves it to CloudFormation, so it is known only once deployed. */
const CFN_FUNCTION = 'is known only once deployed (a CloudFormation function)';

/** The claims with each event's `authorizer` read into its route's. */
export function withAuthorizers(claims: readonly RouteClaim[], ctx: ServiceAuthContext, r: FieldReader): RouteClaim[] {
  const httpAuthorizers = readHttpApiAuthorizers(ctx, r);
  const warned = new Set<string>();
  return claims.map((claim) => {
    if ((claim.api !== 'rest' && claim.api !== 'http') || !claim.authorizer) return claim;
    const { authorizer: ref, ...rest } = claim;
    const authorizer = claim.api === 'rest' ? restAuthorizer(ref, ctx, warned, r) : httpRouteAuthorizer(ref, httpAuthorizers, r);
    return authorizer ? { ...rest, route: { ...claim.route, authorizer } } : rest;
  });
}

/** An `http` event's `authorizer`: a function's name, an ARN, `aws_iam`, or the object form. */
function restAuthorizer({ value, at }: AuthorizerRef, ctx: ServiceAuthContext, warned: Set<string>, r: FieldReader): RouteAuthorizer | undefined {
  if (typeof value === 'string') {
    if (value.toUpperCase() === 'AWS_IAM') {
      r.warn(at, IAM_NOTE, 'dev');
      return undefined;
    }
    // validate.js: a string with a colon is an ARN, else a function of the service.
    if (value.includes(':')) return COGNITO_ARN.test(value) ? cognito(lastPart(value), value, {}, at, warned, r) : lambdaByArn(value, undefined, 'TOKEN', {}, at, at, ctx, r);
    return lambda(value, value, 'TOKEN', {}, at, at, ctx, r);
  }
  const props = r.record(value, at);
  if (!props) return undefined;
  const typeText = r.string(props.type, `${at}.type`);
  const type = typeText?.toUpperCase();
  if (props.authorizerId !== undefined) {
    r.warn(`${at}.authorizerId`, `names an API Gateway authorizer by its id (one made outside the service, or an AWS::ApiGateway::Authorizer of its resources), which pylambda does not read: ${UNGUARDED}`, 'dev');
    return undefined;
  }
  const typeFindings = typeRule(typeText, ['token', 'request', 'cognito_user_pools', 'aws_iam'], { caseless: true });
  report(typeFindings, at, WORDS, r);
  if (refused(typeFindings)) return undefined;
  if (type === 'AWS_IAM') {
    r.warn(`${at}.type`, IAM_NOTE, 'dev');
    return undefined;
  }
  const name = r.string(props.name, `${at}.name`);
  const payload = type === 'REQUEST' ? 'REQUEST' : 'TOKEN';
  if (props.arn !== undefined) {
    const arn = props.arn;
    if (type === 'COGNITO_USER_POOLS' || (typeof arn === 'string' && COGNITO_ARN.test(arn))) {
      if (name === undefined && typeof arn !== 'string') {
        r.error(`${at}.name`, 'is required for a COGNITO_USER_POOLS authorizer whose arn is not written out, as the Framework requires');
        return undefined;
      }
      return cognito(name ?? lastPart(String(arn)), arn, props, at, warned, r);
    }
    return lambdaByArn(arn, name, payload, props, `${at}.arn`, at, ctx, r);
  }
  if (name === undefined) {
    r.error(at, 'needs name (a function of this service) or arn (a Lambda function or a Cognito user pool), as the Framework requires');
    return undefined;
  }
  if (type === 'COGNITO_USER_POOLS') {
    r.error(`${at}.arn`, 'is required for a COGNITO_USER_POOLS authorizer (the user pool\'s ARN)');
    return undefined;
  }
  return lambda(name, name, payload, props, `${at}.name`, at, ctx, r);
}

/** A Lambda authorizer by ARN: a function of this service by its deployed name or `Fn::GetAtt: [<Fn>LambdaFunction, Arn]`. */
function lambdaByArn(arn: unknown, name: string | undefined, type: 'TOKEN' | 'REQUEST', props: Record<string, unknown>, arnAt: string, at: string, ctx: ServiceAuthContext, r: FieldReader): RouteAuthorizer | undefined {
  const fn = serviceFunction(arn, arnAt, ctx, r);
  if (!fn) return undefined;
  return lambda(name ?? fn.id, fn.id, type, props, arnAt, at, ctx, r);
}

/** REST TOKEN and REQUEST settings: identitySource (default the Authorization header), its expression, the TTL. */
function lambda(name: string, key: string, type: 'TOKEN' | 'REQUEST', props: Record<string, unknown>, fnAt: string, at: string, ctx: ServiceAuthContext, r: FieldReader): LambdaAuthorizer | undefined {
  const functionId = functionOf(key, fnAt, ctx, r);
  const ttlSeconds = readTtl(props.resultTtlInSeconds, at, WORDS, 'rest', r);
  const source = r.string(props.identitySource, `${at}.identitySource`);
  // validate.js: the Authorization header unless set, or a REQUEST authorizer that caches nothing.
  const text = source ?? (type === 'REQUEST' && ttlSeconds === 0 ? '' : 'method.request.header.Authorization');
  const expression = r.string(props.identityValidationExpression, `${at}.identityValidationExpression`);
  report(validationExpressionRule(type, expression), at, WORDS, r);
  if (type === 'TOKEN') {
    const header = tokenHeader(type, text, at, r);
    if (functionId === undefined || header === undefined) return undefined;
    return { name, functionId, type, identitySources: [{ in: 'header', name: header }], ttlSeconds, ...(expression ? { validationExpression: expression } : {}) };
  }
  const identitySources = readIdentitySources(text, at, WORDS, r);
  if (identitySources) report(cachingIdentityRule(ttlSeconds, identitySources), at, WORDS, r);
  return functionId === undefined || !identitySources ? undefined : { name, functionId, type, identitySources, ttlSeconds };
}

/** The header a TOKEN, Cognito or JWT authorizer reads its token from; undefined (said why) when it has none. */
function tokenHeader(type: 'TOKEN' | 'COGNITO_USER_POOLS' | 'JWT', texts: unknown, at: string, r: FieldReader): string | undefined {
  return readTokenHeader(type, texts, at, WORDS, r);
}

/** A REST Cognito user pool authorizer: the token in identitySource's header, checked against the pool's issuer. */
function cognito(name: string, arn: unknown, props: Record<string, unknown>, at: string, warned: Set<string>, r: FieldReader): RouteAuthorizer | undefined {
  if (!warned.has(name)) r.warn(at, SIGNATURE_NOTE, 'dev');
  warned.add(name);
  const header = tokenHeader('COGNITO_USER_POOLS', [r.string(props.identitySource, `${at}.identitySource`) ?? 'method.request.header.Authorization'], at, r);
  const expression = r.string(props.identityValidationExpression, `${at}.identityValidationExpression`);
  report(validationExpressionRule('COGNITO_USER_POOLS', expression), at, WORDS, r);
  if (header === undefined) return undefined;
  const scopes = props.scopes === undefined ? undefined : strings(props.scopes, `${at}.scopes`, r);
  const issuers = userPoolIssuers(arn, `${at}.arn`, r, typeof arn === 'string' ? undefined : 'is a user pool whose id is only known once deployed');
  return { name, type: 'COGNITO_USER_POOLS', header, issuers, ...(expression ? { validationExpression: expression } : {}), ...(scopes ? { scopes } : {}) };
}

/** `provider.httpApi.authorizers`, by name: undefined for one that cannot run locally (said already). */
function readHttpApiAuthorizers(ctx: ServiceAuthContext, r: FieldReader): Map<string, RouteAuthorizer | undefined> {
  const settings = isRecord(ctx.provider.httpApi) ? ctx.provider.httpApi : {};
  const list = r.record(settings.authorizers, 'provider.httpApi.authorizers') ?? {};
  const out = new Map<string, RouteAuthorizer | undefined>();
  for (const [key, raw] of Object.entries(list)) {
    const at = `provider.httpApi.authorizers.${key}`;
    const props = r.record(raw, at);
    if (!props) continue;
    const type = r.string(props.type, `${at}.type`) ?? 'jwt';
    const name = r.string(props.name, `${at}.name`) ?? key;
    if (type === 'jwt') out.set(key, jwtAuthorizer(name, props, at, r));
    else if (type === 'request') out.set(key, httpLambdaAuthorizer(name, props, at, ctx, r));
    else report(typeRule(type, ['jwt', 'request']), at, WORDS, r);
  }
  return out;
}

function jwtAuthorizer(name: string, props: Record<string, unknown>, at: string, r: FieldReader): RouteAuthorizer | undefined {
  r.warn(at, SIGNATURE_NOTE, 'dev');
  const header = tokenHeader('JWT', strings(props.identitySource, `${at}.identitySource`, r), at, r);
  if (props.issuerUrl === undefined) r.error(`${at}.issuerUrl`, 'is required for a JWT authorizer (the issuer of its tokens), as the Framework requires');
  if (props.audience === undefined) r.error(`${at}.audience`, 'is required for a JWT authorizer (the audiences its tokens may be for), as the Framework requires');
  // A CloudFormation function (the user pool's `Fn::Join` issuer, `Ref: UserPoolClient`) is known only once
  // deployed, and a variable of a deployed source (`${ssm:...}`, `${cf:...}`) cannot be read locally: any issuer or
  // audience is taken then, with a warning, as for a SAM template (deployed-identity.ts).
  const deployed = (value: unknown) => (isRecord(value) || (Array.isArray(value) && value.some(isRecord)) ? CFN_FUNCTION : undefined);
  const issuers = jwtIssuers(props.issuerUrl, deployed(props.issuerUrl), `${at}.issuerUrl`, r);
  const audiences = jwtAudiences(props.audience, deployed(props.audience), `${at}.audience`, r);
  // No issuer is any issuer when it cannot be known locally; one that could not be read stops the authorizer.
  const anyAccepted = props.issuerUrl instanceof Unresolved || deployed(props.issuerUrl) !== undefined;
  if (header === undefined || (issuers.length === 0 && !anyAccepted)) return undefined;
  return { name, type: 'JWT', header, issuers, audiences };
}

function httpLambdaAuthorizer(name: string, props: Record<string, unknown>, at: string, ctx: ServiceAuthContext, r: FieldReader): RouteAuthorizer | undefined {
  const key = r.string(props.functionName, `${at}.functionName`);
  let functionId: string | undefined;
  if ((key === undefined) === (props.functionArn === undefined)) {
    r.error(at, `needs either functionName (a function of this service) or functionArn, not ${key === undefined ? 'neither' : 'both'}, as the Framework requires`);
  } else if (key !== undefined) {
    functionId = functionOf(key, `${at}.functionName`, ctx, r);
  } else {
    functionId = serviceFunction(props.functionArn, `${at}.functionArn`, ctx, r)?.id;
  }
  const version = r.payloadFormatVersion(props.payloadVersion, `${at}.payloadVersion`) ?? '2.0';
  const simple = boolean(props.enableSimpleResponses, `${at}.enableSimpleResponses`, r);
  const identitySources = readIdentitySources(strings(props.identitySource, `${at}.identitySource`, r), at, WORDS, r);
  const ttlSeconds = readTtl(props.resultTtlInSeconds, at, WORDS, 'http', r);
  report([...simpleResponsesRule(simple, version), ...(identitySources ? cachingIdentityRule(ttlSeconds, identitySources) : [])], at, WORDS, r);
  if (functionId === undefined || !identitySources) return undefined;
  return { name, functionId, type: 'REQUEST', identitySources, ttlSeconds, payloadFormatVersion: version, ...(simple ? { simpleResponses: true } : {}) };
}

/** An `httpApi` event's `authorizer`: a name of provider.httpApi.authorizers (string or `{ name, scopes }`), or `{ type: aws_iam }`. */
function httpRouteAuthorizer({ value, at }: AuthorizerRef, authorizers: ReadonlyMap<string, RouteAuthorizer | undefined>, r: FieldReader): RouteAuthorizer | undefined {
  const props = typeof value === 'string' ? { name: value } : r.record(value, at);
  if (!props) return undefined;
  const type = r.string(props.type, `${at}.type`);
  if (type === 'aws_iam') {
    if (props.name !== undefined || props.id !== undefined || props.scopes !== undefined) {
      r.error(at, 'takes nothing but type: aws_iam, as the Framework requires');
      return undefined;
    }
    r.warn(`${at}.type`, IAM_NOTE, 'dev');
    return undefined;
  }
  if (props.id !== undefined) {
    r.warn(`${at}.id`, `names an authorizer of another stack, which pylambda does not read: ${UNGUARDED}`, 'dev');
    return undefined;
  }
  const name = r.string(props.name, `${at}.name`);
  const known = [...authorizers.keys()].join(', ') || 'none';
  if (name === undefined) {
    r.error(at, `needs name (one of provider.httpApi.authorizers: ${known}), as the Framework requires`);
    return undefined;
  }
  if (!authorizers.has(name)) {
    r.error(`${at}.name`, `'${name}' is not one of provider.httpApi.authorizers (${known})`);
    return undefined;
  }
  const authorizer = authorizers.get(name);
  const scopes = props.scopes === undefined ? undefined : strings(props.scopes, `${at}.scopes`, r);
  if (!authorizer || scopes === undefined) return authorizer;
  if (!isLambdaAuthorizer(authorizer)) return { ...authorizer, scopes };
  r.warn(`${at}.scopes`, 'are checked by JWT authorizers only: API Gateway leaves them to this Lambda authorizer');
  return authorizer;
}

/** A function of the service by its key; one pylambda skips leaves the route unguarded, with a warning. */
function functionOf(key: string, at: string, ctx: ServiceAuthContext, r: FieldReader): string | undefined {
  if (ctx.functions.some((f) => f.id === key)) return key;
  if (ctx.skipped[key] !== undefined) {
    r.warn(at, skippedAuthorizer(key, ctx.skipped[key]), 'dev');
    return undefined;
  }
  const known = ctx.functions.map((f) => f.id).join(', ') || 'none';
  r.error(at, `'${key}' is not a function of this service (${known})`);
  return undefined;
}

/** The function of the service an ARN names; another one leaves its routes unguarded, with a warning. */
function serviceFunction(arn: unknown, at: string, ctx: ServiceAuthContext, r: FieldReader): FunctionModel | undefined {
  const fn = functionByArn(arn, ctx);
  // An ARN from a deployed source (`${ssm:...}`) names a function made elsewhere, as the service's own are named by key.
  const what = arn instanceof Unresolved ? `${arn.reason}, so it names no function of this service` : `${typeof arn === 'string' ? `'${arn}'` : JSON.stringify(arn)} is not a function of this service`;
  if (!fn) r.warn(at, outsideProject(what, 'service'), 'dev');
  return fn;
}

/**
 * The function an ARN names: `arn:...:function:<its deployed name>`, or `Fn::GetAtt: [<Fn>LambdaFunction, Arn]`,
 * the logical id the Framework gives it (naming.js getLambdaLogicalId).
 */
function functionByArn(arn: unknown, ctx: ServiceAuthContext): FunctionModel | undefined {
  if (typeof arn === 'string') {
    const deployed = /:function:([^:]+)/.exec(arn)?.[1];
    return deployed === undefined ? undefined : ctx.functions.find((f) => f.name === deployed);
  }
  // `Fn::GetAtt: [GateLambdaFunction, Arn]`, or the same inside `Fn::Sub` / `Fn::Join` (`${GateLambdaFunction.Arn}`).
  const texts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isRecord(v)) Object.values(v).forEach(walk);
  };
  walk(arn);
  return ctx.functions.find((f) => texts.some((t) => new RegExp(`(^|[^A-Za-z0-9])${functionLogicalId(f.id)}([^A-Za-z0-9]|$)`).test(t)));
}

/** What the messages call an authorizer known by its ARN: the function's or the pool's name. */
function lastPart(arn: string): string {
  return arn.split(/[:/]/).pop() ?? arn;
}
