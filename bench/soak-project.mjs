/**
 * The soak's project (bench/soak.mjs): one handler behind a REST API, an HTTP API, a load balancer, a function URL
 * and a WebSocket API, plus an InlineCode function (its code lives in dev's state directory), with paths that
 * succeed, raise, crash (os._exit), time out, go past MemorySize and print a lot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HANDLER = `import json, os, sys, time

def handler(event, context):
    ctx = event.get("requestContext") or {}
    if "routeKey" in ctx and ctx.get("eventType"):
        return {"statusCode": 200, "body": "ws " + ctx["routeKey"]}
    path = event.get("rawPath") or event.get("path") or "/"
    what = path.rstrip("/").rsplit("/", 1)[-1]
    if what == "raise":
        raise ValueError("soak raise")
    if what == "crash":
        sys.stdout.flush()
        os._exit(3)
    if what == "timeout":
        time.sleep(30)
    if what == "memory":
        hog = [bytearray(16 * 1024 * 1024) for _ in range(20)]
        return {"statusCode": 200, "body": str(len(hog))}
    if what == "print":
        for i in range(2000):
            print("line %d %s" % (i, "x" * 100))
    if what == "slow":
        time.sleep(0.3)
    if what == "big":
        return {"statusCode": 200, "body": "b" * 2_000_000}
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": "ok " + what}
`;

const INLINE = (n) => `
          def handler(event, context):
              return {"statusCode": 200, "body": "inline ${n}"}`;

/** The template; `generation` changes an environment variable and the inline code (a reload that makes a new state entry). */
export function template(generation) {
  return `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    CodeUri: src/
    Handler: app.handler
    Timeout: 2
    MemorySize: 128
    Environment: { Variables: { SOAK_GENERATION: '${generation}' } }
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: test }
  RestFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Any: { Type: Api, Properties: { RestApiId: !Ref Api, Path: '/r/{proxy+}', Method: any } }
  HttpFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Any: { Type: HttpApi, Properties: { Path: '/h/{proxy+}', Method: any } }
  InlineFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: null
      Handler: index.handler
      InlineCode: |${INLINE(generation)}
      Events:
        Any: { Type: HttpApi, Properties: { Path: '/inline', Method: get } }
  UrlFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig: { AuthType: NONE }
  AlbFunction:
    Type: AWS::Serverless::Function
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]
  TargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt AlbFunction.Arn }]
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 10
      Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: ['/a/*'] } }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref TargetGroup }]
  WsFunction:
    Type: AWS::Serverless::Function
  WsApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: soak, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  WsStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref WsApi, StageName: prod }
  WsIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WsApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${WsFunction.Arn}/invocations
  WsDefault:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref WsApi, RouteKey: $default, Target: !Join [/, [integrations, !Ref WsIntegration]] }
  WsDefaultResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref WsApi, RouteId: !Ref WsDefault, RouteResponseKey: $default }
`;
}

/** Writes the project into `dir`. */
export function writeProject(dir) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'app.py'), HANDLER);
  writeFileSync(join(dir, 'template.yaml'), template(0));
}

/** A reload: the handler edited (a comment), or the template (its variable and the inline code). */
export function editProject(dir, n) {
  if (n % 2 === 0) writeFileSync(join(dir, 'src', 'app.py'), `${HANDLER}\n# edit ${n}\n`);
  else writeFileSync(join(dir, 'template.yaml'), template(n));
}
