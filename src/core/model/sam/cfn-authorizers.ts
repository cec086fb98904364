import { resolveIntrinsics, type LocalNote } from '../cfn/intrinsics.js';
import { jwtAudiences, jwtIssuers, madeUpAt, userPoolIssuers } from '../deployed-identity.js';
import { cachingIdentityRule, payloadVersionRule, readIdentitySources, readTokenHeader, readTtl, refused, report, SIGNATURE_NOTE, simpleResponsesRule, sourceTexts, typeRule, validationExpressionRule, type AuthorizerWords } from '../authorizer-rules.js';
import { isRecord, type FieldReader } from '../fields.js';
import { isLambdaAuthorizer, type RouteAuthorizer } from '../project.js';
import { IAM_NOTE } from './auth.js';
import { authorizerFunction } from './authorizer-refs.js';
import { evaluated, reference, text } from './cfn-api-refs.js';
import type { IntegrationTargets } from './integration-targets.js';
import type { ParsedTemplate } from './template.js';
import { strings } from '../values.js';

/** AWS::ApiGateway::Authorizer's and AWS::ApiGatewayV2::Authorizer's properties, which API Gateway checks. */
const WORDS: AuthorizerWords = {
  payloadVersion: 'AuthorizerPayloadFormatVersion',
  simpleResponses: 'EnableSimpleResponses',
  ttl: 'AuthorizerResultTtlInSeconds',
  identitySource: 'IdentitySource',
  validationExpression: 'IdentityValidationExpression',
  refuser: 'API Gateway',
};
/** The type is AWS::ApiGateway::Authorizer's Type, AWS::ApiGatewayV2::Authorizer's AuthorizerType. */
const REST_TYPE = { words: { ...WORDS, type: 'Type' }, known: ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] };
const HTTP_TYPE = { words: { ...WORDS, type: 'AuthorizerType' }, known: ['REQUEST', 'JWT'] };

/**
 * The authorizer of an `AWS::ApiGateway::Method` or `AWS::ApiGatewayV2::Route` (AuthorizationType, AuthorizerId,
 * AuthorizationScopes), read into the model SAM's `Auth` becomes (auth.ts): a Lambda authorizer (TOKEN, REQUEST)
 * whose AuthorizerUri names a function of the template, a Cognito user pool (REST) or a JWT (HTTP API) authorizer.
 * Each authorizer is read once, however many routes use it.
 */
export class CfnAuthorizers {
  private readonly read = new Map<string, RouteAuthorizer | undefined>();

  constructor(private readonly template: ParsedTemplate, private readonly targets: IntegrationTargets, private readonly r: FieldReader) {}

  /** The route's authorizer, given its resource's raw properties; `{}` when it has none pylambda runs (with a warning why). */
  of(kind: 'rest' | 'http', props: Record<string, unknown>, at: string): { authorizer?: RouteAuthorizer } {
    const type = text(props.AuthorizationType, this.template, `${at}.AuthorizationType`, this.r)?.toUpperCase() ?? 'NONE';
    if (type === 'NONE') return {};
    if (type === 'AWS_IAM') {
      this.r.warn(`${at}.AuthorizationType`, IAM_NOTE, 'dev');
      return {};
    }
    const ref = reference(props.AuthorizerId);
    const wanted = kind === 'rest' ? 'AWS::ApiGateway::Authorizer' : 'AWS::ApiGatewayV2::Authorizer';
    if (!ref || this.template.resources[ref.id]?.Type !== wanted) {
      this.r.warn(`${at}.AuthorizerId`, `is not a !Ref to an ${wanted} of this template: the route answers without its ${type} authorizer locally`, 'dev');
      return {};
    }
    if (!this.read.has(ref.id)) this.read.set(ref.id, kind === 'rest' ? this.rest(ref.id) : this.http(ref.id));
    const authorizer = this.read.get(ref.id);
    if (!authorizer) return {};
    const scopes = props.AuthorizationScopes === undefined ? undefined : strings(evaluated(props.AuthorizationScopes, this.template), `${at}.AuthorizationScopes`, this.r);
    return { authorizer: scopes !== undefined && !isLambdaAuthorizer(authorizer) ? { ...authorizer, scopes } : authorizer };
  }

  private rest(id: string): RouteAuthorizer | undefined {
    const { props, at, name } = this.resource(id);
    const type = text(props.Type, this.template, `${at}.Type`, this.r);
    const ttlSeconds = readTtl(evaluated(props.AuthorizerResultTtlInSeconds, this.template), at, WORDS, 'rest', this.r);
    const expression = text(props.IdentityValidationExpression, this.template, `${at}.IdentityValidationExpression`, this.r);
    const source = evaluated(props.IdentitySource, this.template);
    const written = typeof source === 'string' ? sourceTexts(source) : [];
    const header = this.tokenHeader(type, written, at);
    if (type === 'COGNITO_USER_POOLS' || type === 'TOKEN') report(validationExpressionRule(type, expression), at, WORDS, this.r);
    if (type === 'COGNITO_USER_POOLS') {
      this.r.warn(at, SIGNATURE_NOTE, 'dev');
      if (header === undefined) return undefined;
      const notes: LocalNote[] = [];
      const arns = resolveIntrinsics(props.ProviderARNs, this.template.context, notes);
      return { name, type, header, issuers: userPoolIssuers(arns, `${at}.ProviderARNs`, this.r, notes[0]?.message), ...(expression ? { validationExpression: expression } : {}) };
    }
    if (type !== 'TOKEN' && type !== 'REQUEST') {
      report(typeRule(type, REST_TYPE.known, { missing: props.Type === undefined }), at, REST_TYPE.words, this.r);
      return undefined;
    }
    const functionId = authorizerFunction(props.AuthorizerUri, this.targets, `${at}.AuthorizerUri`, this.r);
    if (type === 'TOKEN') {
      if (functionId === undefined || header === undefined) return undefined;
      return { name, functionId, type, identitySources: [{ in: 'header', name: header }], ttlSeconds, ...(expression ? { validationExpression: expression } : {}) };
    }
    const sources = readIdentitySources(written, at, WORDS, this.r);
    report([...validationExpressionRule(type, expression), ...(sources ? cachingIdentityRule(ttlSeconds, sources) : [])], at, WORDS, this.r);
    if (functionId === undefined || sources === undefined) return undefined;
    return { name, functionId, type, identitySources: sources, ttlSeconds };
  }

  /** The header a TOKEN, Cognito or JWT authorizer reads its token from; undefined (said why) when it has none. */
  private tokenHeader(type: string | undefined, written: readonly string[], at: string): string | undefined {
    return type === 'TOKEN' || type === 'COGNITO_USER_POOLS' || type === 'JWT' ? readTokenHeader(type, written, at, WORDS, this.r) : undefined;
  }

  private http(id: string): RouteAuthorizer | undefined {
    const { props, at, name } = this.resource(id);
    const type = text(props.AuthorizerType, this.template, `${at}.AuthorizerType`, this.r);
    const written = strings(evaluated(props.IdentitySource, this.template), `${at}.IdentitySource`, this.r);
    const expression = text(props.IdentityValidationExpression, this.template, `${at}.IdentityValidationExpression`, this.r);
    if (type === 'JWT' || type === 'REQUEST') report(validationExpressionRule(type, expression), at, WORDS, this.r);
    if (type === 'JWT') {
      this.r.warn(at, SIGNATURE_NOTE, 'dev');
      // CDK's HttpUserPoolAuthorizer writes the issuer and audience from the stack's own pool and client
      // (Fn::Join [cognito-idp..., !Ref Pool], [!Ref Client]), whose ids are made up locally: any is taken instead.
      const notes: LocalNote[] = [];
      const jwt = resolveIntrinsics(isRecord(props.JwtConfiguration) ? props.JwtConfiguration : {}, this.template.context, notes) as Record<string, unknown>;
      const issuers = jwtIssuers(jwt.Issuer, madeUpAt(notes, 'Issuer'), `${at}.JwtConfiguration.Issuer`, this.r);
      const audiences = jwtAudiences(jwt.Audience, madeUpAt(notes, 'Audience'), `${at}.JwtConfiguration.Audience`, this.r);
      const header = this.tokenHeader(type, written, at);
      if (!header) return undefined;
      return { name, type: 'JWT', header, issuers, audiences };
    }
    if (type !== 'REQUEST') {
      report(typeRule(type, HTTP_TYPE.known, { missing: props.AuthorizerType === undefined }), at, HTTP_TYPE.words, this.r);
      return undefined;
    }
    const functionId = authorizerFunction(props.AuthorizerUri, this.targets, `${at}.AuthorizerUri`, this.r);
    const version = this.r.payloadFormatVersion(evaluated(props.AuthorizerPayloadFormatVersion, this.template), `${at}.AuthorizerPayloadFormatVersion`);
    const simpleValue = evaluated(props.EnableSimpleResponses, this.template);
    const simple = simpleValue === true || simpleValue === 'true';
    const ttlSeconds = readTtl(evaluated(props.AuthorizerResultTtlInSeconds, this.template), at, WORDS, 'http', this.r);
    const sources = readIdentitySources(written, at, WORDS, this.r);
    const findings = [...payloadVersionRule(props.AuthorizerPayloadFormatVersion !== undefined), ...simpleResponsesRule(simple, version), ...(sources ? cachingIdentityRule(ttlSeconds, sources) : [])];
    report(findings, at, WORDS, this.r);
    if (functionId === undefined || version === undefined || sources === undefined || refused(findings)) return undefined;
    return { name, functionId, type: 'REQUEST', identitySources: sources, ttlSeconds, payloadFormatVersion: version, ...(simple ? { simpleResponses: true } : {}) };
  }

  private resource(id: string): { props: Record<string, unknown>; at: string; name: string } {
    const raw = this.template.resources[id]?.Properties;
    const props = isRecord(raw) ? raw : {};
    const name = evaluated(props.Name, this.template);
    return { props, at: `Resources.${id}.Properties`, name: typeof name === 'string' ? name : id };
  }
}
