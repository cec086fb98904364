import { cpSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, requestLine, scratchDir, startDev } from '../helpers.js';

/**
 * A REST TOKEN authorizer whose answers are kept (ReauthorizeEvery), with the policy most first authorizers write:
 * Allow on the event's methodArn. API Gateway keeps that policy for the token and evaluates it against the token's
 * next request to another method, answering 403 without calling the authorizer; dev answers alike, and its line
 * says that the refusal is the kept answer to another request and what the policy must allow. Before, the line
 * read as the authorizer's own answer to this request ("policy allows nothing that matches .../GET/items/7"), while
 * the authorizer returned Allow for every methodArn it was given.
 */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    CodeUri: code/
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: api
      Auth:
        DefaultAuthorizer: TokenGate
        Authorizers:
          TokenGate:
            FunctionArn: !GetAtt TokenGateFunction.Arn
            Identity:
              ReauthorizeEvery: 300
  TokenGateFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: gates.token
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: echo.handler
      Events:
        List:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /items, Method: get }
        One:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: '/items/{id}', Method: get }
`;

describe('dev: a REST authorizer\'s kept policy refusing another method', () => {
  it('answers 403 as API Gateway does, and the line says the answer was kept for another request', { timeout: 120_000 }, async () => {
    const dir = scratchDir('authorizer-cache');
    writeFileSync(`${dir}/template.yaml`, TEMPLATE);
    cpSync(`${FIXTURES}projects/authorizer-code`, `${dir}/code`, { recursive: true });
    const { session, events, url } = await startDev(dir);
    try {
      const api = url('Api');
      const first = await fetch(`${api}/items`, { headers: { Authorization: 'allow' } });
      expect([first.status, await first.text()]).toEqual([200, expect.stringContaining('"principalId": "ann"')]);
      const second = await fetch(`${api}/items/7`, { headers: { Authorization: 'allow' } });
      expect([second.status, await second.text()]).toEqual([403, '{"Message":"User is not authorized to access this resource"}']);
      const line = await requestLine(events, '/items/7');
      const arn = (path: string) => `arn:aws:execute-api:us-east-1:123456789012:${path}`;
      const stage = /allows nothing that matches arn:aws:execute-api:us-east-1:123456789012:(\w+\/api)\/GET\/items\/7/.exec(line.reason ?? '')?.[1];
      expect(stage).toBeDefined();
      // The answer's age is whole seconds, more than 0 on a loaded machine.
      expect({ ...line, reason: line.reason?.replace(/gave \d+ s ago/, 'gave N s ago') }).toMatchObject({
        status: 403,
        functionId: 'TokenGateFunction',
        reason: `authorizer TokenGate's policy allows nothing that matches ${arn(`${stage}/GET/items/7`)} (principal ann); an answer the authorizer gave N s ago for this identity, kept for 300 s, whose policy allows only ${arn(`${stage}/GET/items`)}: a kept policy must allow every method the identity may call (such as ${arn(`${stage}/*`)}), or the TTL be 0`,
      });
    } finally {
      await session.stop();
    }
  });
});
