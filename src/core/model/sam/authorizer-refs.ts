import { parseIdentitySource } from '../../gateway/identity-source.js';
import { UNGUARDED } from '../deployed-identity.js';
import type { FieldReader } from '../fields.js';
import type { IdentitySource } from '../project.js';
import { proxyTarget, type IntegrationTargets } from './integration-targets.js';

/**
 * What an authorizer written for API Gateway itself (an OpenAPI x-amazon-apigateway-authorizer, an
 * AWS::ApiGateway::Authorizer or AWS::ApiGatewayV2::Authorizer) names: its function and its identity sources.
 */

/** The function an authorizerUri names, found as an integration's uri is; undefined (with why) when pylambda does not run one. */
export function authorizerFunction(uri: unknown, targets: IntegrationTargets, at: string, r: FieldReader): string | undefined {
  const target = proxyTarget({ type: 'aws_proxy', uri }, targets);
  if ('id' in target) return target.id;
  r.warn(at, `names no function pylambda runs (${target.why}): ${UNGUARDED}`);
  return undefined;
}

/** Identity sources, comma-separated in one string or a list; one pylambda does not read is left out, with a warning. */
export function identitySources(value: unknown, at: string, r: FieldReader): IdentitySource[] {
  const out: IdentitySource[] = [];
  for (const item of sourceTexts(value)) {
    const source = parseIdentitySource(item);
    if (source) out.push(source);
    else r.warn(at, `'${item}' is not an identity source pylambda reads (a header, query string, stage variable or context variable), so it is left out`);
  }
  return out;
}

/** Identity sources as written, comma-separated in one string or a list, each trimmed. */
export function sourceTexts(value: unknown): string[] {
  const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
  return list.map((s) => s.trim()).filter((s) => s !== '');
}
