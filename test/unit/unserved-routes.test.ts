import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import { unservedTable } from '../../src/core/gateway/unserved-routes.js';
import { withoutFunctions } from '../../src/core/model/local-code.js';
import type { Endpoint, Project } from '../../src/core/model/project.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { compileRoutes } from '../../src/core/routing/index.js';
import { request } from './http-test-support.js';
import { samFunction } from './sam-helpers.js';
import { problems, read } from './serverless-helpers.js';

const NODE = 'Orders is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only';

describe('an API\'s routes pylambda does not serve, read with why (Endpoint.unservedRoutes)', () => {
  const unserved = (template: string) => readSamTemplate(template, { file: 'template.yaml' }).project!.endpoints.map((e) => [e.id, e.unservedRoutes]);

  it.each<[string, string, unknown]>([
    ['a skipped function\'s Api and HttpApi events, on the implicit APIs the served ones are on', `Resources:${samFunction('Hello', { events: `
        Get: { Type: Api, Properties: { Path: /hello, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /hello, Method: get } }` })}${samFunction('Orders', { runtime: 'nodejs20.x', events: `
        Get: { Type: Api, Properties: { Path: '/orders/{id}', Method: get } }
        Http: { Type: HttpApi }` })}`,
    [['ServerlessRestApi', [{ method: 'GET', path: '/orders/{id}', why: NODE, skipped: 'Orders' }]], ['ServerlessHttpApi', [{ method: 'ANY', path: '$default', why: NODE, skipped: 'Orders' }]]]],
    ['an OpenAPI operation calling a skipped function, and a mock one', `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        paths:
          /hello: { get: { x-amazon-apigateway-integration: { type: aws_proxy, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Hello.Arn}/invocations' } } }
          /orders: { get: { x-amazon-apigateway-integration: { type: aws_proxy, uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Orders.Arn}/invocations' } } }
          /health: { get: { x-amazon-apigateway-integration: { type: mock } } }${samFunction('Hello')}${samFunction('Orders', { runtime: 'nodejs20.x' })}`,
    [['Api', [{ method: 'GET', path: '/orders', why: NODE, skipped: 'Orders' }, { method: 'GET', path: '/health', why: 'a mock integration' }]]]],
    ['none when every route is served', `Resources:${samFunction('Hello', { events: `
        Get: { Type: Api, Properties: { Path: /hello, Method: get } }` })}`, [['ServerlessRestApi', undefined]]],
  ])('%s', (_name, template, expected) => {
    expect(unserved(template)).toEqual(expected);
  });

  it('dev keeps the routes of a function whose code is missing as the API\'s unserved routes (withoutFunctions)', () => {
    const source = { file: 'template.yaml', path: 'Resources' };
    const project: Project = {
      style: 'sam', configFile: 'template.yaml', functions: [],
      endpoints: [{ id: 'Api', kind: 'rest', stage: 'Prod', binaryMediaTypes: [], source, routes: [
        { method: 'GET', path: '/a', functionId: 'A', source },
        { method: 'GET', path: '/b', functionId: 'B', source },
      ] }],
    };
    expect(withoutFunctions(project, { B: 'B is skipped: its CodeUri build/ does not exist' }).endpoints[0]).toMatchObject({
      routes: [{ method: 'GET', path: '/a', functionId: 'A' }],
      unservedRoutes: [{ method: 'GET', path: '/b', why: 'B is skipped: its CodeUri build/ does not exist', skipped: 'B' }],
    });
  });
});

describe('routeRequest: a request to a route pylambda does not serve', () => {
  const source = { file: 'template.yaml', path: 'Resources' };
  const endpoint = (kind: 'rest' | 'http'): Endpoint => ({
    id: 'Api', kind, stage: kind === 'rest' ? 'Prod' : '$default', binaryMediaTypes: [], source,
    routes: [{ method: 'GET', path: '/hello', functionId: 'Hello', source }, { method: 'ANY', path: '/{proxy+}', functionId: 'Proxy', source }],
    unservedRoutes: [
      { method: 'GET', path: '/orders', why: NODE, skipped: 'Orders' },
      { method: 'GET', path: '/health', why: 'a mock integration' },
      // A served route on the same method and path wins (an event's route over its API definition's operation).
      { method: 'GET', path: '/hello', why: 'a mock integration' },
    ],
  });
  const seen = (kind: 'rest' | 'http', method: string, path: string) => {
    const api = endpoint(kind);
    const s = routeRequest({ endpoint: api, table: compileRoutes(api).table, unserved: unservedTable(api), region: 'us-east-1', accountId: '123456789012' }, request({ method, rawPath: path }));
    return s.kind === 'respond' ? [s.response.statusCode, s.response.body.toString(), s.reason] : [s.functionId];
  };

  it.each<[string, 'rest' | 'http', string, string, unknown]>([
    // sam local start-api answers a route whose function it cannot find 502 "No function defined for resource method".
    ['REST: a skipped function\'s route is a function that could not be invoked (502), not an unknown route', 'rest', 'GET', '/orders',
      [502, '{"message": "Internal server error"}', `GET /orders is not served locally: ${NODE}`]],
    ['REST: the same with the stage in the path, which only the unserved route tells from a resource', 'rest', 'GET', '/Prod/orders',
      [502, '{"message": "Internal server error"}', `GET /orders is not served locally: ${NODE}`]],
    ['HTTP API: the same is 500', 'http', 'GET', '/orders', [500, '{"message":"Internal Server Error"}', `GET /orders is not served locally: ${NODE}`]],
    // The more specific route wins on AWS, and it is the skipped function's, not the greedy one's.
    ['a skipped function\'s route beats a served {proxy+}', 'rest', 'GET', '/orders', [502, '{"message": "Internal server error"}', `GET /orders is not served locally: ${NODE}`]],
    // sam local does not route a mock integration either: the unknown route's answer, and why.
    ['REST: a mock integration\'s route gets the unknown route\'s answer, with why', 'rest', 'GET', '/health',
      [403, '{"message":"Missing Authentication Token"}', 'GET /health is not served locally: a mock integration']],
    ['HTTP API: 404, with why', 'http', 'GET', '/health', [404, '{"message":"Not Found"}', 'GET /health is not served locally: a mock integration']],
    ['the served route on the same method and path answers', 'rest', 'GET', '/hello', ['Hello']],
    ['another method of a skipped route\'s path goes to the greedy route', 'rest', 'POST', '/orders', ['Proxy']],
  ])('%s', (_name, kind, method, path, expected) => {
    expect(seen(kind, method, path)).toEqual(expected);
  });

  it('an unknown route stays "no route"', () => {
    const api: Endpoint = { ...endpoint('rest'), routes: [{ method: 'GET', path: '/hello', functionId: 'Hello', source }] };
    const s = routeRequest({ endpoint: api, table: compileRoutes(api).table, unserved: unservedTable(api), region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: '/other' }));
    expect(s.kind === 'respond' ? [s.response.statusCode, s.reason] : s.kind).toEqual([403, 'no route']);
  });
});

describe('serverless.yml: the routes of a function pylambda skips (withSkippedRoutes)', () => {
  const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2';
  const yml = `service: s
provider: { name: aws, runtime: python3.12 }
functions:
  hello:
    handler: app.handler
    events:
      - http: GET hello
      - httpApi: GET /hello
      - alb: { listenerArn: ${LISTENER}, priority: 2, conditions: { path: /hello } }
  orders:
    handler: index.handler
    runtime: nodejs20.x
    events:
      - http: GET orders/{id}
      - httpApi: { method: POST, path: /orders }
      - alb: { listenerArn: ${LISTENER}, priority: 1, conditions: { path: /orders, header: { name: x-tenant, values: [a] } } }
      - http: { method: GET, path: broken, integration: mock, cors: 7 }
  image:
    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:latest
    events:
      - httpApi: GET /image
`;
  const NODE_SLS = 'orders is skipped: its runtime is nodejs20.x; pylambda runs Python functions only';
  const IMAGE = 'image is skipped: it is a container image; pylambda runs zip functions only';
  const project = () => read(yml).project!;

  it('each API and listener lists them with why, and the skipped function\'s own problems are not said', () => {
    expect(project().endpoints.map((e) => [e.kind, e.unservedRoutes])).toEqual([
      ['rest', [{ method: 'GET', path: '/orders/{id}', why: NODE_SLS, skipped: 'orders' }, { method: 'GET', path: '/broken', why: NODE_SLS, skipped: 'orders' }]],
      ['http', [{ method: 'POST', path: '/orders', why: NODE_SLS, skipped: 'orders' }, { method: 'GET', path: '/image', why: IMAGE, skipped: 'image' }]],
      ['alb', [{ method: 'ANY', path: '/orders', why: NODE_SLS, skipped: 'orders', priority: 1, albConditions: { headers: [{ name: 'x-tenant', values: ['a'] }] } }]],
    ]);
    expect(problems(yml)).toEqual([
      'warning functions.orders.runtime: is nodejs20.x; pylambda runs Python functions only, so orders is skipped',
      'warning functions.image.image: is a container image; pylambda runs zip functions only, so image is skipped',
    ]);
  });

  it('an API only skipped functions are behind is not served, as in a SAM project', () => {
    const only = read('service: s\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  a: { handler: index.handler, events: [{ http: GET a }] }\n').project!;
    expect([only.endpoints, only.skipped]).toEqual([[], { a: 'its runtime is nodejs20.x; pylambda runs Python functions only' }]);
  });

  const seen = (kind: 'rest' | 'http' | 'alb', method: string, path: string, headers: Array<[string, string]> = []) => {
    const api = project().endpoints.find((e) => e.kind === kind)!;
    const rawPath = kind === 'rest' ? `/dev${path}` : path;
    const s = routeRequest({ endpoint: api, table: compileRoutes(api).table, unserved: unservedTable(api), region: 'us-east-1', accountId: '123456789012' }, request({ method, rawPath, headers }));
    return s.kind === 'respond' ? [s.response.statusCode, s.reason] : [s.functionId];
  };

  it.each<[string, 'rest' | 'http' | 'alb', string, string, Array<[string, string]>, unknown]>([
    ['http: a function that could not be invoked (REST 502)', 'rest', 'GET', '/orders/7', [], [502, `GET /orders/{id} is not served locally: ${NODE_SLS}`]],
    ['httpApi: 500', 'http', 'POST', '/orders', [], [500, `POST /orders is not served locally: ${NODE_SLS}`]],
    ['httpApi: a container image\'s route', 'http', 'GET', '/image', [], [500, `GET /image is not served locally: ${IMAGE}`]],
    // ELB answers 502 Bad Gateway when its Lambda target cannot be invoked (ELB "Troubleshoot", HTTP 502).
    ['alb: a rule whose conditions hold is the skipped function\'s: 502', 'alb', 'GET', '/orders', [['x-tenant', 'a']], [502, `ANY /orders is not served locally: ${NODE_SLS}`]],
    ['alb: one whose conditions do not hold is no rule: 404', 'alb', 'GET', '/orders', [['x-tenant', 'b']], [404, 'no route']],
    ['the served routes still answer', 'alb', 'GET', '/hello', [], ['hello']],
    ['an unknown route stays the unknown route\'s 404', 'http', 'GET', '/nowhere', [], [404, 'no route']],
  ])('%s', (_name, kind, method, path, headers, expected) => {
    expect(seen(kind, method, path, headers)).toEqual(expected);
  });
});

describe('SAM: the load balancer rules of a function pylambda skips', () => {
  const template = `Resources:${samFunction('Web')}${samFunction('Node', { runtime: 'nodejs20.x' })}
  WebTG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: lambda, Targets: [{ Id: !GetAtt Web.Arn }] }
  NodeTG:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: lambda, Targets: [{ Id: !GetAtt Node.Arn }] }
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { DefaultActions: [{ Type: forward, TargetGroupArn: !Ref WebTG }] }
  NodeRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 1
      Conditions: [{ Field: path-pattern, Values: [/node/*] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref NodeTG }]
  NodeOnly:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { DefaultActions: [{ Type: forward, TargetGroupArn: !Ref NodeTG }] }
`;
  const NODE_ALB = 'Node is skipped: its Runtime is nodejs20.x; pylambda runs Python functions only';
  const endpoints = () => readSamTemplate(template, { file: 'template.yaml' }).project!.endpoints;

  it('keeps them on their listener with why; a listener only skipped functions are behind is not served', () => {
    expect(endpoints().map((e) => [e.id, e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`), e.unservedRoutes])).toEqual([
      ['Http', ['ANY * Web'], [{ method: 'ANY', path: '/node/*', why: NODE_ALB, skipped: 'Node', priority: 1 }]],
    ]);
  });

  it.each<[string, string, unknown]>([
    // ELB answers 502 when its Lambda target cannot be invoked.
    ['the skipped function\'s rule: 502, with why', '/node/x', [502, `ANY /node/* is not served locally: ${NODE_ALB}`]],
    ['the default action still answers', '/web', ['Web']],
  ])('%s', (_what, path, expected) => {
    const alb = endpoints()[0]!;
    const s = routeRequest({ endpoint: alb, table: compileRoutes(alb).table, unserved: unservedTable(alb), region: 'us-east-1', accountId: '123456789012' }, request({ rawPath: path }));
    expect(s.kind === 'respond' ? [s.response.statusCode, s.reason] : [s.functionId]).toEqual(expected);
  });
});
