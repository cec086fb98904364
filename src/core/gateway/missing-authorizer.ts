import { isLambdaAuthorizer, type Endpoint } from '../model/project.js';

/**
 * A note for an API event sent to a function behind an authorizer without the `requestContext.authorizer` API
 * Gateway gives every request it lets through (a Lambda authorizer's principal and context, a JWT's claims): an
 * event written by hand, or by `events generate` (sam local generate-event alike), lacks it, so a handler that reads
 * it fails with a KeyError that never happens on AWS, where the gateway's answer read as the function's bug.
 * Undefined when the event is not an API event of one of the function's routes with an authorizer, or carries one.
 */
export function missingAuthorizerNote(event: unknown, functionId: string, endpoints: readonly Endpoint[]): string | undefined {
  if (!isObject(event) || !isObject(event.requestContext) || event.requestContext.authorizer != null) return undefined;
  const rest = typeof event.resource === 'string' && typeof event.httpMethod === 'string';
  const routeKey = typeof event.routeKey === 'string' ? event.routeKey : undefined;
  if (!rest && routeKey === undefined) return undefined;
  for (const endpoint of endpoints) {
    if (endpoint.kind !== (rest ? 'rest' : 'http')) continue;
    const route = endpoint.routes.find((r) => r.functionId === functionId && r.authorizer && (rest
      ? r.path === event.resource && (r.method === 'ANY' || r.method === event.httpMethod)
      : (r.path === '$default' ? '$default' : `${r.method} ${r.path}`) === routeKey));
    if (!route?.authorizer) continue;
    const { authorizer } = route;
    const gives = isLambdaAuthorizer(authorizer)
      ? `its principal and context (pylambda invoke ${authorizer.functionId} shows what the gateway makes of its answer; pylambda dev runs it)`
      : 'the token\'s claims (pylambda dev checks the token and gives them)';
    return `${route.method} ${route.path} of ${endpoint.id} is behind authorizer ${authorizer.name}, so API Gateway always gives the function requestContext.authorizer with ${gives}; this event has none, as events generate writes it: add it to the event for what AWS sends`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
