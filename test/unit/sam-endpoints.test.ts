import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { samFunction } from './sam-helpers.js';

const read = (text: string) => readSamTemplate(text, { file: 'template.yaml' });
const errors = (text: string) => read(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.message}`);
const warnings = (text: string) => read(text).diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.path}: ${d.message}`);

function endpoints(text: string): Endpoint[] {
  const { project, diagnostics } = read(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return [...project!.endpoints];
}

/** `id kind stage: METHOD path -> Fn, ...` for compact, exact comparisons. */
const summary = (list: Endpoint[]) =>
  list.map((e) => `${e.id} ${e.kind} ${e.stage}: ${e.routes.map((r) => `${r.priority ?? ''}${r.priority === undefined ? '' : ' '}${r.method} ${r.path} -> ${r.functionId}`).join(', ')}`);

const fn = (name: string, events: string, extra = '') => samFunction(name, { events, properties: extra });

describe('SAM implicit APIs', () => {
  const TEMPLATE = `
Globals:
  Api:
    BinaryMediaTypes: ['image~1png', '*~1*']
    Cors: "'*'"
Resources:${fn('Items', `
        List: { Type: Api, Properties: { Path: /items/, Method: get } }
        Any: { Type: Api, Properties: { Path: '/items/{id}', Method: any } }
        Catch: { Type: HttpApi }
        Get: { Type: HttpApi, Properties: { Path: '/things/{id}', Method: GET, PayloadFormatVersion: '1.0' } }
        Queue: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:1:q } }`)}${fn('Node', `
        Hello: { Type: Api, Properties: { Path: /node, Method: get } }`).replace('python3.12', 'nodejs20.x')}
`;

  it('puts Api events on ServerlessRestApi (stage Prod) and HttpApi events on ServerlessHttpApi', () => {
    const list = endpoints(TEMPLATE);
    expect(summary(list)).toEqual([
      'ServerlessRestApi rest Prod: GET /items -> Items, ANY /items/{id} -> Items',
      'ServerlessHttpApi http $default: ANY $default -> Items, GET /things/{id} -> Items',
    ]);
    expect(list[0]).toMatchObject({
      binaryMediaTypes: ['image/png', '*/*'],
      cors: { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false },
      source: { file: 'template.yaml', path: 'Resources.Items.Properties.Events.List' },
    });
    expect(list[0]!.routes[0]!.source).toEqual({ file: 'template.yaml', path: 'Resources.Items.Properties.Events.List' });
    expect(list[1]!.routes[1]).toMatchObject({ payloadFormatVersion: '1.0' });
    expect(list[1]).not.toHaveProperty('cors');
  });
});

describe('PayloadFormatVersion written without quotes', () => {
  // YAML reads an unquoted 1.0 as the number 1; templates write it so, and cfn-lint accepts it.
  it.each<[string, string | undefined]>([['1.0', '1.0'], ['2.0', '2.0'], ["'1.0'", '1.0']])('%s is read as %s', (written, version) => {
    const list = endpoints(`Resources:${fn('A', `
        Get: { Type: HttpApi, Properties: { Path: /x, Method: GET, PayloadFormatVersion: ${written} } }`)}`);
    expect(list[0]!.routes[0]!.payloadFormatVersion).toBe(version);
  });

  // samtranslator writes the version into the $default route's integration as into any other's (checked with
  // aws-sam-translator 1.115: `$default: x-amazon-apigateway-any-method: payloadFormatVersion: "1.0"`).
  it.each<[string, string | undefined]>([["'1.0'", '1.0'], ['2.0', '2.0']])('an event with neither Path nor Method (the $default route) takes %s too', (written, version) => {
    const list = endpoints(`Resources:${fn('A', `
        Catch: { Type: HttpApi, Properties: { PayloadFormatVersion: ${written}, TimeoutInMillis: 5000 } }`)}`);
    expect(list[0]!.routes[0]).toMatchObject({ method: 'ANY', path: '$default', payloadFormatVersion: version, integrationTimeoutMs: 5000 });
  });

  it('1.5 is still an error', () => {
    expect(errors(`Resources:${fn('A', `
        Get: { Type: HttpApi, Properties: { Path: /x, Method: GET, PayloadFormatVersion: 1.5 } }`)}`)).toEqual(["Resources.A.Properties.Events.Get.Properties.PayloadFormatVersion: '1.5' is not 1.0 or 2.0"]);
  });
});

describe('TimeoutInMillis: the integration timeout of a route', () => {
  it('is read on Api and HttpApi events, the $default route included', () => {
    const list = endpoints(`Resources:${fn('A', `
        Rest: { Type: Api, Properties: { Path: /r, Method: get, TimeoutInMillis: 2000 } }
        Http: { Type: HttpApi, Properties: { Path: /h, Method: get, TimeoutInMillis: 5000 } }
        Default: { Type: HttpApi, Properties: { TimeoutInMillis: 7000 } }
        Plain: { Type: Api, Properties: { Path: /p, Method: get } }`)}`);
    expect(list.flatMap((e) => e.routes.map((r) => [e.kind, r.path, r.integrationTimeoutMs]))).toEqual([
      ['rest', '/r', 2000], ['rest', '/p', undefined], ['http', '/h', 5000], ['http', '$default', 7000],
    ]);
  });

  it('refuses what API Gateway refuses', () => {
    expect(errors(`Resources:${fn('A', `
        Http: { Type: HttpApi, Properties: { Path: /h, Method: get, TimeoutInMillis: 31000 } }
        Rest: { Type: Api, Properties: { Path: /r, Method: get, TimeoutInMillis: 10 } }
        Long: { Type: Api, Properties: { Path: /l, Method: get, TimeoutInMillis: 300001 } }`)}`)).toEqual([
      "Resources.A.Properties.Events.Http.Properties.TimeoutInMillis: 31000 is outside an HTTP API integration's 50 to 30000",
      "Resources.A.Properties.Events.Rest.Properties.TimeoutInMillis: 10 is outside a REST integration's 50 to 300000 (past 29000 with a raised quota)",
      "Resources.A.Properties.Events.Long.Properties.TimeoutInMillis: 300001 is outside a REST integration's 50 to 300000 (past 29000 with a raised quota)",
    ]);
  });
});

describe('SAM explicit APIs', () => {
  const TEMPLATE = `
Parameters:
  Stage: { Type: String, Default: v1 }
Globals:
  HttpApi:
    CorsConfiguration: true
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      BinaryMediaTypes: ['application~1octet-stream']
      Variables: { TABLE: items, LIMIT: 10 }
      Cors:
        AllowOrigin: "'https://example.com'"
        AllowMethods: "'get, post'"
        AllowHeaders: "'Content-Type,X-Amz-Date'"
        MaxAge: "'600'"
        AllowCredentials: true
  MyHttp:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: live
      StageVariables: { MODE: fast }
      CorsConfiguration:
        AllowOrigins: [https://a.example]
        AllowMethods: [get]
        ExposeHeaders: [x-id]
        MaxAge: 60
  Other:
    Type: AWS::Serverless::HttpApi
${fn('Api', `
        Rest: { Type: Api, Properties: { Path: /, Method: GET, RestApiId: !Ref MyApi } }
        Http: { Type: HttpApi, Properties: { Path: /h, Method: POST, ApiId: !Ref MyHttp } }
        Plain: { Type: HttpApi, Properties: { ApiId: !Ref Other } }`)}
`;

  it('reads StageName, BinaryMediaTypes, Cors, Variables, CorsConfiguration and StageVariables', () => {
    const [rest, http, other] = endpoints(TEMPLATE);
    expect(rest).toEqual({
      id: 'MyApi',
      kind: 'rest',
      stage: 'v1',
      binaryMediaTypes: ['application/octet-stream'],
      cors: {
        allowOrigins: ['https://example.com'],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['Content-Type', 'X-Amz-Date'],
        exposeHeaders: [],
        allowCredentials: true,
        maxAge: 600,
      },
      stageVariables: { TABLE: 'items', LIMIT: '10' },
      routes: [{ method: 'GET', path: '/', functionId: 'Api', source: { file: 'template.yaml', path: 'Resources.Api.Properties.Events.Rest' } }],
      source: { file: 'template.yaml', path: 'Resources.MyApi' },
    });
    expect(http).toMatchObject({
      id: 'MyHttp',
      kind: 'http',
      stage: 'live',
      binaryMediaTypes: [],
      stageVariables: { MODE: 'fast' },
      cors: { allowOrigins: ['https://a.example'], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: ['x-id'], allowCredentials: false, maxAge: 60 },
    });
    // Globals.HttpApi applies to explicit HTTP APIs that say nothing themselves
    expect(other).toMatchObject({ id: 'Other', stage: '$default', cors: { allowOrigins: ['*'] }, routes: [{ method: 'ANY', path: '$default' }] });
  });
});

describe('SAM function URLs', () => {
  it('makes an endpoint <Function>Url that takes every request', () => {
    const [url] = endpoints(`
Resources:${fn('Hello', ' {}', `
      FunctionUrlConfig:
        AuthType: NONE
        Cors: { AllowOrigins: ['*'], AllowMethods: [GET, post], MaxAge: 10 }`)}
`);
    expect(url).toEqual({
      id: 'HelloUrl',
      kind: 'url',
      stage: '$default',
      binaryMediaTypes: [],
      cors: { allowOrigins: ['*'], allowMethods: ['GET', 'POST'], allowHeaders: [], exposeHeaders: [], allowCredentials: false, maxAge: 10 },
      routes: [{ method: 'ANY', path: '/*', functionId: 'Hello', source: { file: 'template.yaml', path: 'Resources.Hello.Properties.FunctionUrlConfig' } }],
      source: { file: 'template.yaml', path: 'Resources.Hello.Properties.FunctionUrlConfig' },
    });
  });
});

describe('SAM ALB targets', () => {
  const TEMPLATE = `
Resources:${fn('Web', ' {}')}${fn('Admin', ' {}', `
      FunctionName: admin-fn`)}
  LB:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  WebTG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Web.Arn }]
  AdminTG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Admin.Arn }]
      TargetGroupAttributes:
        - { Key: lambda.multi_value_headers.enabled, Value: 'true' }
  InstanceTG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: instance, Port: 80, Protocol: HTTP }
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LB
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref WebTG }]
  AdminRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 10
      Conditions:
        - { Field: path-pattern, PathPatternConfig: { Values: ['/admin/*', '/adm?n'] } }
        - { Field: http-request-method, HttpRequestMethodConfig: { Values: [GET, POST] } }
      Actions:
        - Type: forward
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: !Ref AdminTG, Weight: 1 }] }
  LegacyRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 5
      Conditions: [{ Field: path-pattern, Values: [/old] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref WebTG }]
  InstanceRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 1
      Conditions: [{ Field: path-pattern, Values: [/static/*] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref InstanceTG }]
  ExternalRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2
      Priority: 3
      Conditions:
        - { Field: host-header, Values: [a.example.com] }
        - { Field: http-header, HttpHeaderConfig: { HttpHeaderName: X-Mode, Values: [multi*] } }
        - { Field: query-string, QueryStringConfig: { Values: [{ Key: mode, Value: multi }, { Value: any }] } }
        - { Field: source-ip, SourceIpConfig: { Values: [10.0.0.0/8] } }
      Actions: [{ Type: forward, TargetGroupArn: !Ref WebTG }]
`;

  it('makes one endpoint per listener: rules by priority, the default action last', () => {
    const list = endpoints(TEMPLATE);
    expect(summary(list)).toEqual([
      'Http alb $default: 10 GET /admin/* -> Admin, 10 POST /admin/* -> Admin, 10 GET /adm?n -> Admin, 10 POST /adm?n -> Admin, 5 ANY /old -> Web, ANY * -> Web',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2 alb $default: 3 ANY * -> Web',
    ]);
    expect(list[0]!.routes.map((r) => r.multiValueHeaders)).toEqual([true, true, true, true, false, false]);
    expect(list[0]!.routes.map((r) => r.targetGroup)).toEqual(['AdminTG', 'AdminTG', 'AdminTG', 'AdminTG', 'WebTG', 'WebTG']);
    // target groups disagree, so each route says which event shape it gets
    expect(list[0]).not.toHaveProperty('multiValueHeaders');
    expect(list[1]).toMatchObject({ multiValueHeaders: false, source: { path: 'Resources.ExternalRule' } });
    expect(list[0]!.routes[5]!.source.path).toBe('Resources.Http.Properties.DefaultActions');
  });

  it('reads host-header, http-header and query-string conditions, and warns about the one it cannot check', () => {
    expect(endpoints(TEMPLATE)[1]!.routes[0]!.albConditions).toEqual({
      hosts: ['a.example.com'],
      headers: [{ name: 'X-Mode', values: ['multi*'] }],
      query: [{ key: 'mode', value: 'multi' }, { value: 'any' }],
    });
    expect(warnings(TEMPLATE)).toEqual([
      'Resources.ExternalRule.Properties.Conditions[3].Field: source-ip conditions are not checked locally; the rule matches as if they held',
    ]);
  });

  it('accepts !Ref Fn and an ARN built by hand as targets', () => {
    const list = endpoints(`
Resources:${fn('Web', ' {}', `
      FunctionName: web-fn`)}
  TG1:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: lambda, Targets: [{ Id: !Ref Web }] }
  TG2:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: lambda, Targets: [{ Id: !Sub 'arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:web-fn' }] }
  L1:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { DefaultActions: [{ Type: forward, TargetGroupArn: !Ref TG1 }] }
  L2:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { DefaultActions: [{ Type: forward, TargetGroupArn: !GetAtt TG2.TargetGroupArn }] }
`);
    expect(summary(list)).toEqual(['L1 alb $default: ANY * -> Web', 'L2 alb $default: ANY * -> Web']);
  });
});

describe('SAM endpoint problems', () => {
  it('reports every bad value at once, each with its path', () => {
    expect(errors(`
Resources:
  NoStage:
    Type: AWS::Serverless::Api
    Properties:
      Cors: { AllowOrigin: "*", AllowMethods: "'GET'", Colour: red }
  Creds:
    Type: AWS::Serverless::Api
    Properties:
      StageName: bad stage
      Cors: { AllowOrigin: "'*'", AllowCredentials: true }
${fn('A', `
        One: { Type: Api, Properties: { Path: /x, Method: get, RestApiId: !Ref NoStage } }
        Two: { Type: Api, Properties: { Path: /y, Method: get, RestApiId: !Ref Creds } }
        Three: { Type: Api, Properties: { Path: /z, Method: get, RestApiId: Missing } }
        Four: { Type: HttpApi, Properties: { Path: /w } }
        Five: { Type: HttpApi, Properties: { Path: /v, Method: GET, PayloadFormatVersion: '3.0' } }
        Same: { Type: HttpApi, Properties: { Path: '/items/{id}', Method: GET } }`, `
      FunctionUrlConfig: { Cors: { AllowOrigins: '*' } }`)}${fn('B', `
        Same: { Type: HttpApi, Properties: { Path: '/items/{key}', Method: get } }`)}
  TG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt A.Arn }, { Id: !GetAtt B.Arn }]
      TargetGroupAttributes: [{ Key: lambda.multi_value_headers.enabled, Value: maybe }]
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      Conditions: [{ Field: path-pattern, Values: ['/${'x'.repeat(130)}'] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref TG }]
`)).toEqual([
      'Resources.A.Properties.Events.Three.Properties.RestApiId: \'Missing\' is not a resource of this template; name an AWS::Serverless::Api (for example !Ref MyApi)',
      'Resources.A.Properties.Events.Four.Properties.Method: is required when Path is set (leave out both for the $default route)',
      "Resources.A.Properties.Events.Five.Properties.PayloadFormatVersion: '3.0' is not 1.0 or 2.0",
      'Resources.NoStage.Properties.StageName: is required for an AWS::Serverless::Api (for example StageName: Prod)',
      'Resources.NoStage.Properties.Cors.Colour: is not a CORS setting (known: AllowMethods, AllowHeaders, AllowOrigin, MaxAge, AllowCredentials)',
      'Resources.NoStage.Properties.Cors.AllowOrigin: must be quoted for API Gateway, as in "\'*\'" (single quotes inside the string)',
      "Resources.Creds.Properties.StageName: 'bad stage' is not a stage name API Gateway accepts (letters, digits, - and _)",
      'Resources.Creds.Properties.Cors.AllowCredentials: cannot be true when AllowOrigin is "\'*\'" (browsers refuse credentials with a wildcard origin)',
      'Resources.A.Properties.FunctionUrlConfig.AuthType: is required: AWS_IAM or NONE',
      'Resources.TG.Properties.Targets: lists 2 functions; a lambda target group invokes one',
      'Resources.TG.Properties.TargetGroupAttributes[0].Value: must be true or false, not string "maybe"',
      'Resources.Rule.Properties.ListenerArn: is required',
      'Resources.Rule.Properties.Priority: is required',
      'Resources.B.Properties.Events.Same: GET /items/{key} on HTTP API ServerlessHttpApi is claimed by two functions: A (template.yaml: Resources.A.Properties.Events.Same) (as GET /items/{id}) and B (template.yaml: Resources.B.Properties.Events.Same); a route calls one function',
    ]);
  });

  it('skips routes it cannot serve, with a warning', () => {
    const text = `
Resources:
  Classic:
    Type: AWS::ApiGateway::RestApi
${fn('A', `
        One: { Type: Api, Properties: { Path: /x, Method: get, RestApiId: !Ref Classic } }`, `
      FunctionUrlConfig: { AuthType: AWS_IAM, InvokeMode: RESPONSE_STREAM }`)}
`;
    expect(warnings(text)).toEqual([
      "Resources.A.Properties.Events.One.Properties.RestApiId: points at AWS::ApiGateway::RestApi Classic, to which SAM adds no route (only the permission for it to invoke the function): the API's own methods are its routes, and this event adds none",
      'Resources.Classic: has no methods, so it is not served',
      'Resources.A.Properties.FunctionUrlConfig.AuthType: is not enforced locally: the URL answers without IAM signatures (AWS answers 403 to an unsigned request)',
      'Resources.A.Properties.FunctionUrlConfig.InvokeMode: is RESPONSE_STREAM; pylambda sends the whole response at once',
    ]);
    expect(summary(read(text).project!.endpoints as Endpoint[])).toEqual(['AUrl url $default: ANY /* -> A']);
  });

  it('has no endpoints when nothing is served over HTTP', () => {
    expect(endpoints(`Resources:${fn('A', ' {}')}`)).toEqual([]);
  });
});

// aws-sam-translator reads an Api or HttpApi event's route as written, before CloudFormation evaluates anything.
describe('an intrinsic function in an Api or HttpApi event\'s Path or Method', () => {
  const PARAMETERS = 'Parameters:\n  Stage: { Type: String, Default: v1 }\n  Route: { Type: String, Default: /a }\nConditions:\n  IsV1: !Equals [!Ref Stage, v1]\n';
  it.each<[string, string, string[]]>([
    ['a parameter\'s Ref in Path', "Type: Api, Properties: { Path: !Ref Route, Method: get }", [
      'Resources.A.Properties.Events.E.Properties.Path: must be a route path starting with / as written: SAM refuses Ref here ("Property \'Path\' should be a string."), so the template cannot be deployed',
    ]],
    ['Fn::Sub in an HttpApi Path', "Type: HttpApi, Properties: { Path: !Sub '/${Stage}/a', Method: get }", [
      'Resources.A.Properties.Events.E.Properties.Path: must be a route path starting with / as written: SAM refuses Fn::Sub here ("Property \'Path\' should be a string."), so the template cannot be deployed',
    ]],
    ['Fn::If in Method', 'Type: Api, Properties: { Path: /a, Method: !If [IsV1, get, post] }', [
      'Resources.A.Properties.Events.E.Properties.Method: must be an HTTP method (GET, POST, ANY, ...) as written: SAM refuses Fn::If here ("Property \'Method\' should be a string."), so the template cannot be deployed',
    ]],
    ['strings', 'Type: HttpApi, Properties: { Path: /a, Method: get }', []],
  ])('%s', (_what, event, expected) => {
    expect(errors(`${PARAMETERS}Resources:${fn('A', `\n        E: { ${event} }`)}`)).toEqual(expected);
  });
});
