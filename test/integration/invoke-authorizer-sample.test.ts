import { describe, expect, it } from 'vitest';
import { invokeOnce } from '../../src/api/invoke.js';
import { FIXTURES, testPython } from '../helpers.js';
import { authorizerAnswerJson, authorizerAnswerLine } from '../../src/ui/gateway-answer.js';
import { styleFor } from '../../src/ui/io.js';

const plainStyle = styleFor({ isTTY: false }, {});

/**
 * `pylambda invoke` of an authorizer without --event: the function gets the event its gateway sends it for a
 * sample request to a route it guards (the one dev sends), where it got `{}` and failed on its first key.
 */
const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };
const invoke = (app: string, functionName: string) => invokeOnce({ dir: `${FIXTURES}projects/${app}`, functionName, python: testPython(), hostEnv });

describe('pylambda invoke of an authorizer, without --event', () => {
  it('a serverless.yml http authorizer gets a TOKEN event: its policy allows the route\'s method ARN', async () => {
    const { result, sampleEvent } = await invoke('serverless-authorizers', 'token');
    expect(sampleEvent).toBe('API Gateway TOKEN authorizer sample (authorizer token of GET /secret, ApiGatewayRestApi dev, authorizationToken "allow")');
    expect(result.functionError).toBeUndefined();
    const answer = JSON.parse(result.payload.toString());
    expect(answer.principalId).toBe('ann');
    expect(answer.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: expect.stringMatching(/^arn:aws:execute-api:us-east-1:123456789012:\w{10}\/dev\/GET\/secret$/) });
  });

  // What the gateway makes of the answer: a REST API hands the route's function the context's values as strings.
  it("says what the gateway decides: the route's function runs with requestContext.authorizer as the gateway writes it", async () => {
    const { authorizerAnswer } = await invoke('serverless-authorizers', 'token');
    expect(authorizerAnswer && authorizerAnswerJson(authorizerAnswer)).toEqual({
      gateway: 'REST API ApiGatewayRestApi', route: 'GET /secret', allowed: true, authorizer: { tier: 'gold', level: '3', principalId: 'ann', integrationLatency: 0 },
    });
    expect(authorizerAnswerLine(authorizerAnswer!, plainStyle)).toBe('the REST API ApiGatewayRestApi lets GET /secret through to its function, whose event has requestContext.authorizer {"tier":"gold","level":"3","principalId":"ann","integrationLatency":0}');
  });

  it('a SAM HTTP API authorizer gets the 2.0 request event: identitySource and routeKey as dev sends them', async () => {
    const { result, sampleEvent } = await invoke('authorizers', 'SimpleGateFunction');
    expect(sampleEvent).toBe('HTTP API Lambda authorizer (payload 2.0) sample (authorizer SimpleGate of GET /simple, ServerlessHttpApi $default, Authorization "allow")');
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toEqual({ isAuthorized: false, context: { user: 'ann', roles: ['reader'], route: 'GET /simple' } });
  });

  it("says what the gateway answers when the authorizer refuses", async () => {
    const { authorizerAnswer } = await invoke('authorizers', 'SimpleGateFunction');
    expect(authorizerAnswer && authorizerAnswerJson(authorizerAnswer)).toEqual({
      gateway: 'HTTP API ServerlessHttpApi', route: 'GET /simple', allowed: false, statusCode: 403, body: '{"message":"Forbidden"}', reason: 'authorizer SimpleGate answered isAuthorized: false',
    });
    expect(authorizerAnswerLine(authorizerAnswer!, plainStyle)).toBe('the HTTP API ServerlessHttpApi answers GET /simple with 403 {"message":"Forbidden"}: authorizer SimpleGate answered isAuthorized: false');
  });
});
