/**
 * An HTTP API's Lambda authorizer, as API Gateway runs it before a route's function ("Working with AWS Lambda
 * authorizers for HTTP APIs"): the event of its payload format (1.0 or 2.0), the 401 when an identity source is
 * missing, its answers (an IAM policy, or with simple responses `{"isAuthorized": bool, "context": {...}}`), and
 * what the route's function then finds in `requestContext.authorizer`. Pure: the caller invokes and caches.
 */

import { httpGatewayResponse } from '../events/http/gateway-errors.js';
import { isObject, parsePayload } from '../events/http/payload.js';
import type { HttpRequest, InvokeOutput } from '../events/http/request.js';
import type { LambdaAuthorizer } from '../model/project.js';
import { evaluatePolicy, failure, invalid, readStatements, type AuthorizerCall, type AuthorizerDecision, type AuthorizerOutcome } from './authorizer.js';
import { describeSource, identityValues } from './identity-source.js';

/**
 * The HTTP API's own answers: a missing identity source is 401 and a denial 403, each `{"message":...}` as its
 * other errors; an authorizer that fails or answers what it cannot read is a 500 ("If API Gateway can't invoke
 * your Lambda authorizer, or your Lambda authorizer returns a response in an invalid format, clients receive a
 * 500 Internal Server Error", http-api-lambda-authorizer troubleshooting).
 */
export const HTTP_AUTHORIZER_RESPONSES = {
  unauthorized: httpGatewayResponse(401, 'Unauthorized'),
  forbidden: httpGatewayResponse(403, 'Forbidden'),
  error: httpGatewayResponse(500, 'Internal Server Error'),
} as const;

/**
 * The authorizer's event, or the 401 the HTTP API answers without calling it: "If you specify identity sources,
 * clients must include them": unlike a REST API, whether or not answers are cached. `proxyEvent` is the request's
 * event in the authorizer's payload format; the authorizer gets it without the body.
 */
export function httpAuthorizerCall(authorizer: LambdaAuthorizer, request: HttpRequest, arn: string, proxyEvent: Record<string, unknown>): AuthorizerCall {
  const { values, missing } = identityValues(authorizer.identitySources, 'http', request, proxyEvent);
  if (missing) {
    return { kind: 'respond', response: HTTP_AUTHORIZER_RESPONSES.unauthorized(request), reason: `the request has no ${describeSource(missing)}, which authorizer ${authorizer.name} needs` };
  }
  const { body: _body, isBase64Encoded: _encoded, version: _version, ...fields } = proxyEvent;
  const cacheKey = authorizer.ttlSeconds > 0 ? JSON.stringify(values) : undefined;
  if (authorizer.payloadFormatVersion === '1.0') {
    // 1.0: the REST-style event, with the identity values joined by commas in identitySource and authorizationToken.
    const joined = values.join(',');
    return { kind: 'invoke', event: { version: '1.0', type: 'REQUEST', methodArn: arn, identitySource: joined, authorizationToken: joined, ...fields }, cacheKey };
  }
  return { kind: 'invoke', event: { version: '2.0', type: 'REQUEST', routeArn: arn, identitySource: values, ...fields }, cacheKey };
}

/**
 * What the authorizer answered. With simple responses, `isAuthorized` must be a boolean; else an IAM policy as a
 * REST authorizer returns it. The context may hold any JSON here (the documentation's examples return numbers,
 * booleans, lists and maps), and reaches the function as it is.
 */
export function readHttpAuthorizerOutput(output: InvokeOutput, authorizer: LambdaAuthorizer): AuthorizerOutcome {
  const parsed = parsePayload(output.payload);
  if (output.functionError) {
    return invalid(failure(parsed.ok ? parsed.value : undefined));
  }
  if (!parsed.ok || !isObject(parsed.value)) return invalid('its result is not a JSON object');
  const result = parsed.value;
  if (result.context !== undefined && result.context !== null && !isObject(result.context)) return invalid('its context is not an object');
  const context = isObject(result.context) ? result.context : {};
  if (authorizer.simpleResponses && authorizer.payloadFormatVersion !== '1.0') {
    if (typeof result.isAuthorized !== 'boolean') return invalid('its result has no isAuthorized true or false (the authorizer has simple responses enabled)');
    return { kind: 'simple', authorized: result.isAuthorized, context };
  }
  const statements = readStatements(result.policyDocument);
  if (typeof statements === 'string') return invalid(statements);
  const principal = result.principalId;
  return { kind: 'policy', principalId: typeof principal === 'string' || typeof principal === 'number' ? String(principal) : '', statements, context };
}

/**
 * The HTTP API's decision. An allowed request's function sees the authorizer's context under
 * `requestContext.authorizer.lambda` (payload 2.0), or as `requestContext.authorizer` itself with the principal
 * (1.0, as a REST API gives it).
 */
export function httpAuthorizerDecision(outcome: AuthorizerOutcome, name: string, arn: string, request: HttpRequest, integrationFormat: '1.0' | '2.0'): AuthorizerDecision {
  const forbidden = (why: string): AuthorizerDecision => ({ kind: 'respond', response: HTTP_AUTHORIZER_RESPONSES.forbidden(request), reason: `authorizer ${name}${why}` });
  switch (outcome.kind) {
    case 'unauthorized':
      return { kind: 'respond', response: HTTP_AUTHORIZER_RESPONSES.unauthorized(request), reason: `authorizer ${name} answered Unauthorized` };
    case 'invalid':
      return authorizerError(name, request, `could not be used: ${outcome.problem}`);
    case 'simple':
      if (!outcome.authorized) return forbidden(' answered isAuthorized: false');
      break;
    case 'policy': {
      const effect = evaluatePolicy(outcome.statements, arn);
      if (effect === 'explicit-deny') return forbidden(`'s policy denies ${arn}`);
      if (effect === 'implicit-deny') return forbidden(`'s policy allows nothing that matches ${arn}`);
      break;
    }
  }
  const principal = outcome.kind === 'policy' && outcome.principalId !== '' ? { principalId: outcome.principalId } : {};
  return { kind: 'allow', authorizer: integrationFormat === '1.0' ? { ...outcome.context, ...principal } : { lambda: outcome.context } };
}

/** The authorizer could not be run, or failed: 500. */
export function authorizerError(name: string, request: HttpRequest, why: string): AuthorizerDecision {
  return { kind: 'respond', response: HTTP_AUTHORIZER_RESPONSES.error(request), reason: `authorizer ${name} ${why}` };
}
