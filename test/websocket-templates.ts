import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A project directory with these files (paths relative to it); the caller removes it. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-websockets-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * A WebSocket API as template resources (YAML, two-space indented under `Resources:`): the `WEBSOCKET` Api, its Stage
 * and one AWS_PROXY Integration whose IntegrationUri is the `${fn.Arn}` Sub form; routes are the test's own.
 */
export function webSocketApiResources(o: { api: string; integration: string; fn: string; stage: string; expression: string }): string {
  return `
  ${o.api}:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: ${o.expression} }
  ${o.api}Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref ${o.api}, StageName: ${o.stage} }
  ${o.integration}:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ${o.api}
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${o.fn}.Arn}/invocations`;
}
