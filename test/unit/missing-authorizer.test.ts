import { describe, expect, it } from 'vitest';
import { missingAuthorizerNote } from '../../src/core/gateway/missing-authorizer.js';
import type { Endpoint, Route } from '../../src/core/model/project.js';

/**
 * An API event sent with invoke to a function behind an authorizer, without the requestContext.authorizer API Gateway
 * always gives it: events generate (as sam local generate-event) writes none, and a handler reading it failed with a
 * KeyError that never happens on AWS, while invoke said only that the gateway answers 500.
 */
const LAMBDA = { name: 'TokenAuth', functionId: 'AuthFn', type: 'REQUEST', identitySources: [], ttlSeconds: 0 } as const;
const JWT = { name: 'OAuth', type: 'JWT', header: 'Authorization' } as unknown as Route['authorizer'];
const route = (method: string, path: string, authorizer?: Route['authorizer'], functionId = 'OrdersFn') =>
  ({ method, path, functionId, ...(authorizer ? { authorizer } : {}), source: { file: 'template.yaml', path: 'x' } }) as Route;
const ENDPOINTS = [
  { id: 'Http', kind: 'http', stage: '$default', routes: [route('GET', '/orders/{id}', LAMBDA), route('GET', '/health'), route('ANY', '$default', JWT)] },
  { id: 'Rest', kind: 'rest', stage: 'prod', routes: [route('ANY', '/items/{id}', LAMBDA), route('GET', '/open')] },
] as unknown as Endpoint[];
const http = (routeKey: string, context: Record<string, unknown> = {}) => ({ version: '2.0', routeKey, requestContext: { http: { method: 'GET' }, ...context } });
const rest = (resource: string, httpMethod: string, context: Record<string, unknown> = {}) => ({ resource, httpMethod, requestContext: { stage: 'prod', ...context } });
const LAMBDA_GIVES = 'its principal and context (pylambda invoke AuthFn shows what the gateway makes of its answer; pylambda dev runs it)';
const TAIL = 'this event has none, as events generate writes it: add it to the event for what AWS sends';

describe('missingAuthorizerNote', () => {
  it.each<[string, unknown, string, string | undefined]>([
    ['an HTTP API route behind a Lambda authorizer', http('GET /orders/{id}'), 'OrdersFn',
      `GET /orders/{id} of Http is behind authorizer TokenAuth, so API Gateway always gives the function requestContext.authorizer with ${LAMBDA_GIVES}; ${TAIL}`],
    ['an HTTP API $default route behind a JWT authorizer', http('$default'), 'OrdersFn',
      `ANY $default of Http is behind authorizer OAuth, so API Gateway always gives the function requestContext.authorizer with the token's claims (pylambda dev checks the token and gives them); ${TAIL}`],
    ['a REST resource whose ANY method takes any method', rest('/items/{id}', 'DELETE'), 'OrdersFn',
      `ANY /items/{id} of Rest is behind authorizer TokenAuth, so API Gateway always gives the function requestContext.authorizer with ${LAMBDA_GIVES}; ${TAIL}`],
    ['the event carries an authorizer', http('GET /orders/{id}', { authorizer: { lambda: { user: 'ann' } } }), 'OrdersFn', undefined],
    ['a route without an authorizer', http('GET /health'), 'OrdersFn', undefined],
    ['a REST route without one', rest('/open', 'GET'), 'OrdersFn', undefined],
    ['another function\'s route', http('GET /orders/{id}'), 'OtherFn', undefined],
    ['a route of no API of the project', http('GET /nowhere'), 'OrdersFn', undefined],
    ['an REST event on an HTTP API\'s path', rest('/orders/{id}', 'GET'), 'OrdersFn', undefined],
    ['not an API event', { Records: [] }, 'OrdersFn', undefined],
    ['not JSON', undefined, 'OrdersFn', undefined],
  ])('%s', (_, event, functionId, note) => {
    expect(missingAuthorizerNote(event, functionId, ENDPOINTS)).toBe(note);
  });
});
