import { UNGUARDED } from '../deployed-identity.js';
import type { FieldReader } from '../fields.js';
import { proxyTarget, type IntegrationTargets } from './integration-targets.js';

/**
 * What an authorizer written for API Gateway itself (an OpenAPI x-amazon-apigateway-authorizer, an
 * AWS::ApiGateway::Authorizer or AWS::ApiGatewayV2::Authorizer) names: its function.
 */

/** The function an authorizerUri names, found as an integration's uri is; undefined (with why) when pylambda does not run one. */
export function authorizerFunction(uri: unknown, targets: IntegrationTargets, at: string, r: FieldReader): string | undefined {
  const target = proxyTarget({ type: 'aws_proxy', uri }, targets);
  if ('id' in target) return target.id;
  r.warn(at, `names no function pylambda runs (${target.why}): ${UNGUARDED}`, 'dev');
  return undefined;
}
