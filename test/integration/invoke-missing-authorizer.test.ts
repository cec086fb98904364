import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers.js';
import { cli } from './invoke-cli.js';

/**
 * `events generate http-api --path /orders/5 | pylambda invoke Orders --event -` for a route behind a Lambda
 * authorizer: the event has no requestContext.authorizer (as sam local generate-event writes none), which API Gateway
 * always gives the function there, so a handler reading it failed with KeyError: 'authorizer' and invoke said only
 * that the gateway answers 500. A note now says why, and what the function gets on AWS.
 */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: TokenAuth
        Authorizers:
          TokenAuth:
            FunctionArn: !GetAtt Gate.Arn
            AuthorizerPayloadFormatVersion: '2.0'
            EnableSimpleResponses: true
            Identity: { Headers: [Authorization] }
  Gate:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.gate }
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.orders
      Events:
        Get: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: '/orders/{id}', Method: get } }
`;
const APP = `def gate(event, context):
    return {"isAuthorized": True, "context": {"user": "ann"}}


def orders(event, context):
    return {"statusCode": 200, "body": event["requestContext"]["authorizer"]["lambda"]["user"]}
`;

describe('invoke: an API event without the authorizer its route always gets', () => {
  it('says that the gateway gives requestContext.authorizer there, after the KeyError', { timeout: 120_000 }, async () => {
    const dir = scratchDir('missing-authorizer');
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'app.py'), APP);
    const event = await cli(['events', 'generate', 'http-api', '--path', '/orders/5', '--header', 'Authorization: Bearer x'], { cwd: dir });
    expect(event.code).toBe(0);
    const run = await cli(['invoke', 'Orders', '--event', '-'], { cwd: dir, stdin: event.stdout });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ errorType: 'KeyError', errorMessage: "'authorizer'" });
    expect(run.stderr).toContain("\nnote: GET /orders/{id} of Api is behind authorizer TokenAuth, so API Gateway always gives the function requestContext.authorizer with its principal and context (pylambda invoke Gate shows what the gateway makes of its answer; pylambda dev runs it); this event has none, as events generate writes it: add it to the event for what AWS sends\n");
    // --json carries the note too, for a tool that reads stdout alone.
    const json = await cli(['invoke', 'Orders', '--event', '-', '--json'], { cwd: dir, stdin: event.stdout });
    expect(json.code).toBe(1);
    const notes = (JSON.parse(json.stdout) as { notes?: string[] }).notes;
    expect(notes).toEqual([expect.stringMatching(/^GET \/orders\/\{id\} of Api is behind authorizer TokenAuth, so API Gateway always gives/)]);
    // With the authorizer's context in the event, as the gateway sends it, nothing is said.
    const withContext = JSON.parse(event.stdout) as { requestContext: Record<string, unknown> };
    withContext.requestContext.authorizer = { lambda: { user: 'ann' } };
    const ok = await cli(['invoke', 'Orders', '--event', '-'], { cwd: dir, stdin: JSON.stringify(withContext) });
    expect([ok.code, ok.stdout]).toEqual([0, '{"statusCode": 200, "body": "ann"}\n']);
    expect(ok.stderr).not.toContain('note:');
    const okJson = await cli(['invoke', 'Orders', '--event', '-', '--json'], { cwd: dir, stdin: JSON.stringify(withContext) });
    expect(okJson.code).toBe(0);
    expect(JSON.parse(okJson.stdout)).not.toHaveProperty('notes');
  });
});
