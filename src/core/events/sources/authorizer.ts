import type { GenerateContext } from './context.js';
import { arnOf } from '../../partition.js';

/**
 * What API Gateway sends a TOKEN authorizer (REST APIs, "Input to an API Gateway Lambda authorizer"): the
 * token from the request's Authorization header and the ARN of the method called. Chalice's built-in
 * authorizers are of this type and read these three keys.
 */
export function tokenAuthorizerEvent(ctx: Pick<GenerateContext, 'region' | 'accountId'>, options: { token?: string; apiId?: string } = {}) {
  return {
    type: 'TOKEN',
    authorizationToken: options.token ?? 'allow',
    methodArn: arnOf({ service: 'execute-api', region: ctx.region, accountId: ctx.accountId, resource: `${options.apiId ?? 'abcdef1234'}/api/GET/` }),
  };
}
