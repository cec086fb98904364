import { resolveIntrinsics, type LocalNote } from '../cfn/intrinsics.js';
import { jwtAudiences, jwtIssuers, madeUpAt, UNGUARDED, userPoolIssuers } from '../deployed-identity.js';
import { cachingIdentityRule, httpOnlySettingsRule, payloadVersionRule, readIdentitySources, readTokenHeader, readTtl, refused, report, SIGNATURE_NOTE, simpleResponsesRule, validationExpressionRule, type AuthorizerWords } from '../authorizer-rules.js';
import { isRecord, type FieldReader } from '../fields.js';
import { parseIdentitySource } from '../../gateway/identity-source.js';
import { isLambdaAuthorizer, type RouteAuthorizer } from '../project.js';
import { IAM_NOTE } from './auth.js';
import { authorizerFunction } from './authorizer-refs.js';
import type { IntegrationTargets } from './integration-targets.js';

/**
 * The authorizers of an OpenAPI definition, as API Gateway imports them ("x-amazon-apigateway-authorizer object",
 * "x-amazon-apigateway-authtype"): Swagger 2's `securityDefinitions` and OpenAPI 3's `components.securitySchemes`
 * name them, and an operation's `security` (else the document's) says which one guards it; `security: []` none.
 * Each scheme is read once, when a served operation first names it; its diagnostics are at its place in the document.
 */

/** An x-amazon-apigateway-authorizer's settings, which API Gateway checks when it imports the definition. */
const WORDS: AuthorizerWords = {
  payloadVersion: 'authorizerPayloadFormatVersion',
  simpleResponses: 'enableSimpleResponses',
  ttl: 'authorizerResultTtlInSeconds',
  identitySource: 'identitySource',
  validationExpression: 'identityValidationExpression',
  refuser: 'API Gateway',
};

/** A SAM API's `Auth` (auth.ts), which SAM writes into its DefinitionBody before API Gateway reads it. */
export interface SamDefinitionAuth {
  /** Auth.Authorizers (and AWS_IAM) by name: SAM adds them to the definition's schemes, replacing one of the same name. */
  readonly authorizers: ReadonlyMap<string, RouteAuthorizer | undefined>;
  readonly defaultAuthorizer?: string;
  /** REST: AddDefaultAuthorizerToCorsPreflight. */
  readonly preflight: boolean;
}

type Scheme = { readonly kind: 'authorizer'; readonly authorizer?: RouteAuthorizer } | { readonly kind: 'key' } | { readonly kind: 'unknown' };

/** A security requirement's scheme and its scopes (`{OAuth: [read]}`). */
interface Named {
  readonly name: string;
  readonly scopes: readonly string[];
}

/** One entry of a `security` list: the schemes it names, each with its scopes. */
type Entry = Record<string, unknown>;

/** The schemes a `security` list names, in order. */
function names(entries: readonly Entry[]): Named[] {
  return entries.flatMap((s) => Object.entries(s).map(([name, scopes]) => ({ name, scopes: Array.isArray(scopes) ? scopes.filter((x): x is string => typeof x === 'string') : [] })));
}

export class DefinitionAuthorizers {
  private readonly schemes: Record<string, unknown>;
  private readonly read = new Map<string, Scheme>();
  private readonly said = new Set<string>();

  constructor(
    private readonly document: Record<string, unknown>,
    private readonly kind: 'rest' | 'http',
    private readonly targets: IntegrationTargets,
    private readonly where: (inDocument: string) => string,
    private readonly r: FieldReader,
    private readonly sam?: SamDefinitionAuth,
  ) {
    const components = isRecord(document.components) ? document.components.securitySchemes : undefined;
    this.schemes = { ...(isRecord(document.securityDefinitions) ? document.securityDefinitions : {}), ...(isRecord(components) ? components : {}) };
  }

  /** Where the scheme is defined, for messages. */
  private schemeAt(name: string): string {
    return this.where(`${isRecord(this.document.securityDefinitions) && name in this.document.securityDefinitions ? 'securityDefinitions' : 'components.securitySchemes'}.${name}`);
  }

  /**
   * The authorizer of a served operation: the first authorizer its `security` names, else the document's. With a SAM
   * `Auth`, the operation's `security` is first what SAM writes (samSecurity), and a name of SAM's Authorizers is
   * SAM's authorizer, which SAM adds to the definition's schemes (swagger.py `add_authorizers_security_definitions`).
   */
  of(operation: Record<string, unknown>, method: string, at: string): RouteAuthorizer | undefined {
    const ownAt = `${at}.security`;
    const own = operation.security === undefined ? undefined : this.entries(operation.security, ownAt);
    const sam = this.sam;
    const written = sam ? this.samSecurity(own, method, sam) : { entries: own };
    const [entries, listAt] = written.entries !== undefined ? [written.entries, ownAt] : [this.entries(this.document.security, this.where('security')), this.where('security')];
    const isSam = (n: Named) => sam?.authorizers.has(n.name) ?? false;
    const guards = names(entries).filter((n) => isSam(n) || this.scheme(n.name, listAt).kind === 'authorizer');
    if (guards.length > 1) {
      const added = written.addedDefault ? ` once SAM adds its DefaultAuthorizer ${sam!.defaultAuthorizer} after the definition's own (swagger.py set_path_default_authorizer)` : '';
      this.r.warn(listAt, `names ${guards.length} authorizers (${guards.map((n) => n.name).join(', ')})${added}: API Gateway runs one per ${this.kind === 'rest' ? 'method' : 'route'}, and pylambda dev runs the first, ${guards[0]!.name}`, 'dev');
    }
    const first = guards[0];
    if (!first) return undefined;
    if (isSam(first)) return this.samAuthorizer(first, listAt);
    const scheme = this.scheme(first.name, listAt);
    return scheme.kind === 'authorizer' && scheme.authorizer ? withScopes(scheme.authorizer, first.scopes) : undefined;
  }

  /** The operation's security names an API key scheme (REST: the method needs a key in x-api-key). */
  namesApiKey(operation: Record<string, unknown>): boolean {
    const list = operation.security !== undefined ? operation.security : this.document.security;
    return Array.isArray(list) && list.some((s) => isRecord(s) && Object.keys(s).some((name) => isApiKeyScheme(this.schemes[name])));
  }

  /**
   * The operation's `security` once SAM has written its DefaultAuthorizer in (undefined: none, so the document's
   * applies). SAM's api_generator `_set_default_authorizer` does this on every operation of the definition, not only
   * those of events. REST (swagger.py `set_path_default_authorizer`): the entries naming AWS_IAM or one of the API's
   * Auth.Authorizers stay in place of the default, a NONE entry is dropped and keeps the default off, and every other
   * entry (an API key, an authorizer the definition itself defines) stays, with the default after it; OPTIONS only
   * with AddDefaultAuthorizerToCorsPreflight. HTTP (open_api.py `set_path_default_authorizer`): the default where
   * the operation has no `security` or an empty one (`[{}]` is not empty), never on OPTIONS.
   */
  private samSecurity(own: Entry[] | undefined, method: string, sam: SamDefinitionAuth): { entries?: Entry[]; addedDefault?: boolean } {
    const name = sam.defaultAuthorizer;
    if (name === undefined) return { entries: own };
    const byDefault = { entries: [{ [name]: [] }], addedDefault: true };
    if (this.kind === 'http') return method === 'OPTIONS' || (own !== undefined && own.length > 0) ? { entries: own } : byDefault;
    if (method === 'OPTIONS' && !sam.preflight) return { entries: own };
    const named = new Set(['AWS_IAM', ...sam.authorizers.keys()]);
    const authorizers = (own ?? []).filter((e) => Object.keys(e).some((k) => named.has(k)));
    const others = (own ?? []).filter((e) => !authorizers.includes(e));
    const none = others.findIndex((e) => 'NONE' in e);
    if (none >= 0) {
      const rest = others.filter((_, i) => i !== none);
      return { entries: rest.length > 0 ? rest : own };
    }
    return authorizers.length > 0 ? { entries: [...others, ...authorizers] } : { entries: [...others, ...byDefault.entries], addedDefault: true };
  }

  private samAuthorizer(named: Named, at: string): RouteAuthorizer | undefined {
    const authorizer = this.sam?.authorizers.get(named.name);
    if (!authorizer) {
      if (named.name === 'AWS_IAM') this.once(`${at} AWS_IAM`, at, IAM_NOTE);
      return undefined;
    }
    return withScopes(authorizer, named.scopes);
  }

  /** A `security` list's requirements, in order (`[]` none; `{}`, an entry that names none). */
  private entries(value: unknown, at: string): Entry[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.r.warn(at, 'is not a list of security requirements, so pylambda dev runs no authorizer for it', 'dev');
      return [];
    }
    return value.filter(isRecord);
  }

  private scheme(name: string, usedAt: string): Scheme {
    const known = this.read.get(name);
    if (known) return known;
    const raw = this.schemes[name];
    let scheme: Scheme;
    if (isApiKeyScheme(raw)) scheme = { kind: 'key' };
    else if (!isRecord(raw)) {
      if (name !== 'NONE' || !this.sam) this.r.warn(usedAt, `names ${name}, which is not a security scheme of the definition: routes naming it answer without an authorizer locally`, 'dev');
      scheme = { kind: 'unknown' };
    } else scheme = this.readScheme(name, raw);
    this.read.set(name, scheme);
    return scheme;
  }

  private readScheme(name: string, raw: Record<string, unknown>): Scheme {
    const at = this.schemeAt(name);
    const authtype = typeof raw['x-amazon-apigateway-authtype'] === 'string' ? raw['x-amazon-apigateway-authtype'].toLowerCase() : undefined;
    const props = raw['x-amazon-apigateway-authorizer'];
    if (!isRecord(props)) {
      if (authtype === 'awssigv4') this.r.warn(at, IAM_NOTE, 'dev');
      else this.r.warn(at, 'has no x-amazon-apigateway-authorizer, so API Gateway runs no authorizer for it and neither does pylambda dev', 'dev');
      return { kind: authtype === 'awssigv4' ? 'authorizer' : 'unknown' };
    }
    const ext = `${at}.x-amazon-apigateway-authorizer`;
    const type = typeof props.type === 'string' ? props.type.toLowerCase() : undefined;
    const notes: LocalNote[] = [];
    const resolved = resolveIntrinsics({ ...props, authorizerUri: undefined }, this.targets.ctx, notes) as Record<string, unknown>;
    const authorizer = type === 'jwt' && this.kind === 'http' ? this.jwt(name, resolved, notes, ext)
      : type === 'cognito_user_pools' && this.kind === 'rest' ? this.cognito(name, raw, resolved, notes, ext)
        : type === 'token' && this.kind === 'rest' ? this.token(name, raw, props, resolved, ext)
          : type === 'request' ? this.request(name, props, resolved, ext)
            : this.unsupported(type, `${ext}.type`);
    return { kind: 'authorizer', ...(authorizer ? { authorizer } : {}) };
  }

  private unsupported(type: string | undefined, at: string): undefined {
    const types = this.kind === 'rest' ? 'token, request or cognito_user_pools (a REST API\'s)' : 'request or jwt (an HTTP API\'s)';
    this.r.warn(at, `${type === undefined ? 'is missing' : `'${type}' is not ${types}`}: ${UNGUARDED}`, 'dev');
    return undefined;
  }

  /** REST TOKEN: the token is in the header the scheme names (`in: header`, `name`). */
  private token(name: string, raw: Record<string, unknown>, props: Record<string, unknown>, resolved: Record<string, unknown>, at: string): RouteAuthorizer | undefined {
    const functionId = authorizerFunction(props.authorizerUri, this.targets, `${at}.authorizerUri`, this.r);
    if (raw.in !== 'header' || typeof raw.name !== 'string' || raw.name === '') {
      this.r.warn(this.schemeAt(name), 'must say in: header and name the header that holds the token (name: Authorization) for a token authorizer: its routes answer without it locally', 'dev');
      return undefined;
    }
    const ttlSeconds = readTtl(resolved.authorizerResultTtlInSeconds, at, WORDS, 'rest', this.r);
    const expression = this.r.string(resolved.identityValidationExpression, `${at}.identityValidationExpression`);
    report(validationExpressionRule('TOKEN', expression), at, WORDS, this.r);
    if (functionId === undefined) return undefined;
    return { name, functionId, type: 'TOKEN', identitySources: [{ in: 'header', name: raw.name }], ttlSeconds, ...(expression ? { validationExpression: expression } : {}) };
  }

  /** REQUEST: `identitySource`, comma-separated; an HTTP API's needs its payload format version. */
  private request(name: string, props: Record<string, unknown>, resolved: Record<string, unknown>, at: string): RouteAuthorizer | undefined {
    const functionId = authorizerFunction(props.authorizerUri, this.targets, `${at}.authorizerUri`, this.r);
    const sources = readIdentitySources(resolved.identitySource, at, WORDS, this.r);
    const rest = this.kind === 'rest';
    const ttlSeconds = readTtl(resolved.authorizerResultTtlInSeconds, at, WORDS, this.kind, this.r);
    const expression = this.r.string(resolved.identityValidationExpression, `${at}.identityValidationExpression`);
    report([...validationExpressionRule('REQUEST', expression), ...(sources ? cachingIdentityRule(ttlSeconds, sources) : [])], at, WORDS, this.r);
    if (rest) {
      report(httpOnlySettingsRule({ payloadVersion: props.authorizerPayloadFormatVersion, simpleResponses: props.enableSimpleResponses }), at, WORDS, this.r);
      return functionId === undefined || sources === undefined ? undefined : { name, functionId, type: 'REQUEST', identitySources: sources, ttlSeconds };
    }
    const version = this.r.payloadFormatVersion(resolved.authorizerPayloadFormatVersion, `${at}.authorizerPayloadFormatVersion`);
    const simple = resolved.enableSimpleResponses === true || resolved.enableSimpleResponses === 'true';
    const findings = [...payloadVersionRule(resolved.authorizerPayloadFormatVersion !== undefined), ...simpleResponsesRule(simple, version)];
    report(findings, at, WORDS, this.r);
    if (functionId === undefined || version === undefined || sources === undefined || refused(findings)) return undefined;
    return { name, functionId, type: 'REQUEST', identitySources: sources, ttlSeconds, payloadFormatVersion: version, ...(simple ? { simpleResponses: true } : {}) };
  }

  /** REST Cognito: the token in the scheme's header, checked against each `providerARNs` pool's issuer. */
  private cognito(name: string, raw: Record<string, unknown>, resolved: Record<string, unknown>, notes: readonly LocalNote[], at: string): RouteAuthorizer {
    this.r.warn(at, SIGNATURE_NOTE, 'dev');
    const source = typeof resolved.identitySource === 'string' ? parseIdentitySource(resolved.identitySource) : undefined;
    const header = raw.in === 'header' && typeof raw.name === 'string' && raw.name !== '' ? raw.name : source?.in === 'header' ? source.name : 'Authorization';
    return { name, type: 'COGNITO_USER_POOLS', header, issuers: userPoolIssuers(resolved.providerARNs, `${at}.providerARNs`, this.r, madeUpAt(notes, 'providerARNs')) };
  }

  /** HTTP API JWT: `jwtConfiguration.issuer` and `audience`, the token in the header `identitySource` names. */
  private jwt(name: string, resolved: Record<string, unknown>, notes: readonly LocalNote[], at: string): RouteAuthorizer | undefined {
    this.r.warn(at, SIGNATURE_NOTE, 'dev');
    const header = readTokenHeader('JWT', resolved.identitySource, at, WORDS, this.r);
    const config = isRecord(resolved.jwtConfiguration) ? resolved.jwtConfiguration : {};
    const issuers = jwtIssuers(config.issuer, madeUpAt(notes, 'jwtConfiguration.issuer'), `${at}.jwtConfiguration.issuer`, this.r, (v) => (typeof v === 'string' ? [v] : []));
    const audiences = jwtAudiences(config.audience, madeUpAt(notes, 'jwtConfiguration.audience'), `${at}.jwtConfiguration.audience`, this.r, (v) => (Array.isArray(v) ? v : [v]).filter((a): a is string => typeof a === 'string'));
    if (header === undefined) return undefined;
    return { name, type: 'JWT', header, issuers, audiences };
  }

  private once(key: string, at: string, message: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.r.warn(at, message, 'dev');
  }
}

/** A security requirement's scopes go on a token authorizer (JWT, Cognito); a Lambda authorizer takes none. */
function withScopes(authorizer: RouteAuthorizer, scopes: readonly string[]): RouteAuthorizer {
  return scopes.length > 0 && !isLambdaAuthorizer(authorizer) ? { ...authorizer, scopes } : authorizer;
}

/**
 * API Gateway's API key: `type: apiKey` in the `x-api-key` header, as SAM writes its `api_key` scheme (swagger.py
 * `add_apikey_security_definition`), and not a Lambda authorizer (which is an apiKey scheme too, with
 * `x-amazon-apigateway-authorizer`).
 */
export function isApiKeyScheme(s: unknown): boolean {
  return isRecord(s) && s.type === 'apiKey' && s.in === 'header' && typeof s.name === 'string' && s.name.toLowerCase() === 'x-api-key' && s['x-amazon-apigateway-authorizer'] === undefined;
}
