import { describe, expect, it } from 'vitest';
import { defaultEvent } from '../../src/api/sample-event.js';
import { apiId } from '../../src/core/gateway/identity.js';
import { read } from './serverless-helpers.js';

/**
 * What `pylambda invoke` sends a function that is an authorizer, without --event: the event its gateway sends it
 * for a sample request to a route it guards, as `pylambda dev` builds it. It sent `{}`.
 */
const ENV = { AWS_REGION: 'eu-west-1' };
const service = (provider: string, events: string) => `
service: shop
provider:
  name: aws
  runtime: python3.12
${provider}
functions:
  gate:
    handler: auth.gate
  items:
    handler: app.items
    events:
${events}`;
const sample = (text: string) => {
  const { project, diagnostics } = read(text);
  if (!project) throw new Error(diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  const event = defaultEvent(project.functions.find((f) => f.id === 'gate')!, project, ENV);
  return { label: event.label, event: JSON.parse(event.payload.toString('utf8')) as Record<string, unknown> };
};
const REST_ARN = `arn:aws:execute-api:eu-west-1:123456789012:${apiId('ApiGatewayRestApi')}/dev/GET/items/id`;
const HTTP_ARN = `arn:aws:execute-api:eu-west-1:123456789012:${apiId('HttpApi')}/$default/GET/items/id`;
const http = (authorizer: string) => `      - http: { path: 'items/{id}', method: get, authorizer: ${authorizer} }\n`;
const httpApi = (provider: string) => [`  httpApi:\n    authorizers:\n      gate: { type: request, functionName: gate, ${provider} }`, "      - httpApi: { path: '/items/{id}', method: get, authorizer: gate }\n"] as const;

describe('the default event of an authorizer: what its gateway sends it', () => {
  it('REST TOKEN: the token of the header and the method ARN of the route\'s sample request', () => {
    expect(sample(service('', http('gate')))).toEqual({
      label: 'API Gateway TOKEN authorizer sample (authorizer gate of GET /items/{id}, ApiGatewayRestApi dev, authorizationToken "allow")',
      event: { type: 'TOKEN', methodArn: REST_ARN, authorizationToken: 'allow' },
    });
  });

  it('REST TOKEN with a validation expression: a Bearer token when "allow" does not match', () => {
    expect(sample(service('', http('{ name: gate, identityValidationExpression: "Bearer .+" }'))).event.authorizationToken).toBe('Bearer allow');
  });

  it('REST TOKEN refusing both sample tokens: the generic TOKEN event, and why', () => {
    const { label, event } = sample(service('', http('{ name: gate, identityValidationExpression: "ey.+" }')));
    expect(label).toBe('API Gateway TOKEN authorizer sample (authorizationToken "allow"; generic: the gateway answers GET /items/id itself: the token does not match the validation expression of authorizer gate)');
    expect(event).toEqual({ type: 'TOKEN', authorizationToken: 'allow', methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/api/GET/' });
  });

  it('REST REQUEST: the proxy event without its body, with methodArn and the identity sources', () => {
    const { label, event } = sample(service('', http('{ name: gate, type: request, identitySource: "method.request.header.X-Key, method.request.querystring.tenant" }')));
    expect(label).toBe('API Gateway REQUEST authorizer sample (authorizer gate of GET /items/{id}, ApiGatewayRestApi dev, X-Key, tenant "allow")');
    expect(event).toMatchObject({ type: 'REQUEST', methodArn: REST_ARN, resource: '/items/{id}', path: '/items/id', httpMethod: 'GET', pathParameters: { id: 'id' }, queryStringParameters: { tenant: 'allow' }, headers: { 'X-Key': 'allow' }, requestContext: { stage: 'dev' } });
    expect(Object.keys(event)).not.toContain('body');
  });

  it('HTTP API, payload 2.0: routeArn, identitySource as a list, the route key', () => {
    const [provider, events] = httpApi('identitySource: $request.header.Authorization, enableSimpleResponses: true');
    const { label, event } = sample(service(provider, events));
    expect(label).toBe('HTTP API Lambda authorizer (payload 2.0) sample (authorizer gate of GET /items/{id}, HttpApi $default, Authorization "allow")');
    expect(event).toMatchObject({ version: '2.0', type: 'REQUEST', routeArn: HTTP_ARN, identitySource: ['allow'], routeKey: 'GET /items/{id}', rawPath: '/items/id', pathParameters: { id: 'id' }, headers: { authorization: 'allow' } });
  });

  it('HTTP API, payload 1.0: methodArn, identitySource and authorizationToken joined', () => {
    const [provider, events] = httpApi("identitySource: $request.header.Authorization, payloadVersion: '1.0'");
    expect(sample(service(provider, events)).event).toMatchObject({ version: '1.0', type: 'REQUEST', methodArn: HTTP_ARN, identitySource: 'allow', authorizationToken: 'allow', resource: '/items/{id}', httpMethod: 'GET' });
  });

  it('HTTP API without identity sources: the request event, no identity in the label', () => {
    const [provider, events] = httpApi('payloadVersion: 2.0');
    const { label, event } = sample(service(provider, events));
    expect(label).toBe('HTTP API Lambda authorizer (payload 2.0) sample (authorizer gate of GET /items/{id}, HttpApi $default)');
    expect(event).toMatchObject({ version: '2.0', type: 'REQUEST', identitySource: [] });
  });
});
