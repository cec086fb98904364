import { describe, expect, it } from 'vitest';
import { line, problems, read } from './serverless-helpers.js';

const API = `
service: shop
provider:
  name: aws
  runtime: python3.12
  apiGateway:
    binaryMediaTypes: ['image/png']
  httpApi:
    payload: '1.0'
    cors: true
functions:
  users:
    handler: app.users
    events:
      - http: GET users/{id}
      - http:
          path: /users/
          method: post
          cors:
            origins: [https://a.example, https://b.example]
            headers: [Content-Type]
            allowCredentials: true
            maxAge: 60
      - http: { path: users, method: get, cors: true }
      - httpApi: '*'
      - httpApi: 'GET /things/{id}'
      - httpApi: { method: '*', path: /any }
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2
          priority: 2
          multiValueHeaders: true
          conditions:
            path: [/admin, /admin/*]
            method: [get, post]
      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
      - s3: { bucket: uploads, event: 's3:ObjectRemoved:*' }
      - schedule: { rate: ['rate(1 hour)', 'cron(0 12 * * ? *)'] }
      - sns: topic
      - schedule: { rate: 'rate(1 day)', name: nightly, input: { job: nightly } }
      - eventBridge: { pattern: { source: [my.app], detail-type: [OrderPlaced] }, input: { fixed: 1 } }
      - eventBridge: { eventBus: 'arn:aws:events:eu-west-2:111122223333:event-bus/shared', pattern: { source: [my.app] } }
`;

/** A service with one function on the `Listener` of its resources (of these properties), at /a and on `more`. */
const albService = (listenerProperties: string, more = '') => `
service: s
provider: { name: aws, runtime: python3.12 }
functions:
  a:
    handler: app.a
    events:
      - alb: { listenerArn: !Ref Listener, priority: 1, conditions: { path: /a } }
      ${more}
resources:
  Resources:
    Listener: { Type: AWS::ElasticLoadBalancingV2::Listener, Properties: ${listenerProperties} }
`;

describe('serverless.yml events and endpoints', () => {
  it('turns events into event sources', () => {
    expect(read(API).project?.functions[0]?.events).toEqual([
      { kind: 'api', id: 'http-1', path: '/users/{id}', method: 'GET' },
      { kind: 'api', id: 'http-2', path: '/users', method: 'POST' },
      { kind: 'api', id: 'http-3', path: '/users', method: 'GET' },
      { kind: 'httpApi', id: 'httpApi-4' },
      { kind: 'httpApi', id: 'httpApi-5', path: '/things/{id}', method: 'GET' },
      { kind: 'httpApi', id: 'httpApi-6', path: '/any', method: 'ANY' },
      { kind: 'other', id: 'alb-7', type: 'alb' },
      { kind: 'sqs', id: 'sqs-8', queue: 'arn:aws:sqs:us-east-1:123456789012:jobs' },
      { kind: 's3', id: 's3-9', bucket: 'uploads', events: ['s3:ObjectRemoved:*'] },
      { kind: 'schedule', id: 'schedule-10.1', schedule: 'rate(1 hour)' },
      { kind: 'schedule', id: 'schedule-10.2', schedule: 'cron(0 12 * * ? *)' },
      { kind: 'other', id: 'sns-11', type: 'sns', topic: 'topic' },
      // The Framework sends `input` as the target's Input: what the function gets in place of the event.
      { kind: 'schedule', id: 'schedule-12', schedule: 'rate(1 day)', rule: 'nightly', input: '{"job":"nightly"}' },
      { kind: 'other', id: 'eventBridge-13', type: 'eventBridge', pattern: { source: 'my.app', detailType: 'OrderPlaced' }, input: '{"fixed":1}' },
      // An existing bus by ARN: its region and account are those of the events on it.
      { kind: 'other', id: 'eventBridge-14', type: 'eventBridge', pattern: { source: 'my.app' }, bus: { region: 'eu-west-2', accountId: '111122223333' } },
    ]);
  });

  it('keeps what a stream or topic trigger reads: the stream\'s kind and ARN, the table of resources, the topic', () => {
    const text = `
service: orders
provider: { name: aws, runtime: python3.12, region: eu-west-1 }
functions:
  fn:
    handler: app.handler
    events:
      - stream: { type: kinesis, arn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders' }
      - stream: arn:aws:kinesis:eu-west-1:123456789012:stream/clicks
      - stream: { type: dynamodb, arn: { Fn::GetAtt: [Things, StreamArn] } }
      - stream: { type: kinesis, arn: { Fn::GetAtt: [Clicks, Arn] } }
      - stream: { arn: { Fn::ImportValue: shared } }
      - sns: { arn: { Ref: Topic }, topicName: ignored }
      - sns: arn:aws:sns:eu-west-1:123456789012:alerts
resources:
  Resources:
    Things:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: things
        KeySchema: [{ AttributeName: pk, KeyType: HASH }]
        AttributeDefinitions: [{ AttributeName: pk, AttributeType: N }]
        StreamSpecification: { StreamViewType: NEW_IMAGE }
    Clicks: { Type: AWS::Kinesis::Stream, Properties: { Name: clicks-stream, ShardCount: 1 } }
    Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: orders-topic } }
`;
    expect(read(text).project?.functions[0]?.events).toEqual([
      { kind: 'other', id: 'stream-1', type: 'stream', stream: { service: 'kinesis', stream: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders' }, mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10 } },
      { kind: 'other', id: 'stream-2', type: 'stream', stream: { service: 'kinesis', stream: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks' }, mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10 } },
      { kind: 'other', id: 'stream-3', type: 'stream', stream: { service: 'dynamodb', table: { name: 'things', keys: [{ name: 'pk', type: 'N' }], viewType: 'NEW_IMAGE' } }, mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10 } },
      { kind: 'other', id: 'stream-4', type: 'stream', stream: { service: 'kinesis', stream: 'clicks-stream' }, mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10 } },
      { kind: 'other', id: 'stream-5', type: 'stream', mapping: { startingPosition: 'TRIM_HORIZON', batchSize: 10 } },
      { kind: 'other', id: 'sns-6', type: 'sns', topic: 'orders-topic' },
      { kind: 'other', id: 'sns-7', type: 'sns', topic: 'arn:aws:sns:eu-west-1:123456789012:alerts' },
    ]);
    expect(problems(text.replace('type: kinesis, arn: \'', 'type: kafka, arn: \''))).toEqual(["error functions.fn.events[0].stream.type: must be kinesis or dynamodb, not 'kafka'"]);
  });

  it('builds the REST API, the HTTP API and one ALB endpoint per listener', () => {
    const { project, diagnostics } = read(API, { stage: 'prod' });
    expect(diagnostics).toEqual([]);
    const [rest, http, alb] = project!.endpoints;
    // validate.js merges the path's events, the later one's lists first; `origins` stay patterns beside `cors: true`'s origin.
    const preflight = {
      allowOrigins: ['https://a.example'],
      allowMethods: ['OPTIONS', 'GET', 'POST'],
      allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'],
      exposeHeaders: [],
      allowCredentials: true,
      maxAge: 60,
      originPatterns: ['https://a[.]example', 'https://b[.]example'],
    };
    const at = (i: number) => ({ file: 'serverless.yml', path: `functions.users.events[${i}]` });
    expect(rest).toEqual({
      id: 'ApiGatewayRestApi',
      kind: 'rest',
      stage: 'prod',
      // Its OPTIONS methods are the Framework's (api-gateway/lib/cors.js): no body, the first origin as the static one.
      preflight: 'serverless',
      binaryMediaTypes: ['image/png'],
      routes: [
        { method: 'GET', path: '/users/{id}', functionId: 'users', source: at(0) },
        // cors is per path: every event on /users shares the merged settings
        { method: 'POST', path: '/users', functionId: 'users', source: at(1), cors: preflight },
        { method: 'GET', path: '/users', functionId: 'users', source: at(2), cors: preflight },
      ],
      source: at(0),
    });
    expect(http).toEqual({
      id: 'HttpApi',
      kind: 'http',
      stage: '$default',
      binaryMediaTypes: [],
      cors: {
        allowOrigins: ['*'],
        allowMethods: ['OPTIONS', 'DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'],
        allowHeaders: ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'],
        exposeHeaders: [],
        allowCredentials: false,
      },
      routes: [
        { method: 'ANY', path: '$default', functionId: 'users', source: at(3), payloadFormatVersion: '1.0' },
        { method: 'GET', path: '/things/{id}', functionId: 'users', source: at(4), payloadFormatVersion: '1.0' },
        { method: 'ANY', path: '/any', functionId: 'users', source: at(5), payloadFormatVersion: '1.0' },
      ],
      source: at(3),
    });
    expect(alb).toMatchObject({
      id: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2',
      kind: 'alb',
      multiValueHeaders: true,
      routes: [
        { method: 'GET', path: '/admin', priority: 2, targetGroup: 'UsersAlbTargetGroupf2f7dc8efc522ab2' },
        { method: 'POST', path: '/admin', priority: 2 },
        { method: 'GET', path: '/admin/*', priority: 2 },
        { method: 'POST', path: '/admin/*', priority: 2 },
      ],
    });
  });

  it('takes !Ref Listener as the ALB listener', () => {
    const { project } = read(albService('{}', '- alb: { listenerArn: !Ref Listener, priority: 2, conditions: { method: POST } }'));
    expect(project?.endpoints.map((e) => [e.id, e.kind, e.routes.map((r) => `${r.priority} ${r.method} ${r.path}`)])).toEqual([
      ['Listener', 'alb', ['1 ANY /a', '2 POST *']],
    ]);
  });

  // What no rule matches gets the listener's DefaultActions, as the SAM reader gives it (sam/alb.ts).
  it.each<[string, string, unknown, string[]]>([
    ['a fixed response', "[{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404', ContentType: application/json, MessageBody: '{\"error\": \"Not found\"}' } }]",
      { kind: 'fixed-response', statusCode: 404, contentType: 'application/json', body: '{"error": "Not found"}' }, []],
    ['a redirect', '[{ Type: redirect, RedirectConfig: { StatusCode: HTTP_301, Protocol: HTTPS, Port: "443" } }]',
      { kind: 'redirect', statusCode: 301, protocol: 'HTTPS', host: '#{host}', port: '443', path: '/#{path}', query: '#{query}' }, []],
    ['a forward (to a target group outside the functions)', '[{ Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1 }]', undefined, []],
    ['a status code no fixed response has', "[{ Type: fixed-response, FixedResponseConfig: { StatusCode: '104' } }]", undefined,
      ['error resources.Resources.Listener.Properties.DefaultActions[0].FixedResponseConfig.StatusCode: must be a status code from 200 to 599 (2XX, 4XX or 5XX)']],
  ])('answers what no alb rule matches with the listener\'s default action: %s', (_, actions, answer, diagnostics) => {
    const { project, diagnostics: said } = read(albService(`{ DefaultActions: ${actions} }`));
    expect(said.map(line)).toEqual(diagnostics);
    if (diagnostics.length > 0) return;
    const routes = project!.endpoints[0]!.routes;
    expect(routes.map((r) => `${r.priority ?? '-'} ${r.method} ${r.path} ${r.functionId || 'listener'}`)).toEqual(['1 ANY /a a', ...(answer ? ['- ANY * listener'] : [])]);
    expect(routes[1]?.albAnswer).toEqual(answer);
    if (answer) expect(routes[1]!.source).toEqual({ file: 'serverless.yml', path: 'resources.Resources.Listener.Properties.DefaultActions' });
  });

  it.each<[string, string, string[]]>([
    ['http without a method', '- http: users', ["error functions.a.events[0].http: 'users' is not \"METHOD path\" (for example \"GET users/{id}\")"]],
    ['http object without a path', '- http: { method: get }', ['error functions.a.events[0].http.path: is required (for example users/{id})']],
    ['httpApi with a bad string', "- httpApi: 'GET users'", ["error functions.a.events[0].httpApi: 'GET users' is not '*' or \"METHOD /path\" (for example \"GET /users/{id}\")"]],
    ['httpApi with a bad method', '- httpApi: { method: FETCH, path: /x }', ["error functions.a.events[0].httpApi.method: 'FETCH' is not one of ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE or *"]],
    ['httpApi * with a method', "- httpApi: { method: GET, path: '*' }", ["error functions.a.events[0].httpApi: the path '*' catches every method; leave out method or make it '*'"]],
    ['alb without listener, priority or conditions', '- alb: { conditions: {} }', [
      'error functions.a.events[0].alb.listenerArn: is required (an ALB listener ARN, or !Ref Listener)',
      'error functions.a.events[0].alb.priority: is required (1 to 50000, lower first)',
      'error functions.a.events[0].alb.conditions: needs at least one condition (path or method)',
    ]],
    ['alb conditions it cannot check', '- alb: { listenerArn: arn:l, priority: 1, conditions: { host: [a.example], ip: [10.0.0.0/8] } }', [
      'warning functions.a.events[0].alb.conditions.ip: ip conditions are not checked locally; the rule matches as if they held',
    ]],
    ['an event that is not one type', '- {}', ['error functions.a.events[0]: must be a mapping with one event type, as in "- http: GET /hello"']],
    ['an event type the Framework does not have', '- foo: bar', ["warning functions.a.events[0]: 'foo' is not an event type of the Serverless Framework (v3): check its name"]],
    ['a WebSocket event', '- websocket: $connect', []],
    ['a WebSocket event without a route', '- websocket: { routeResponseSelectionExpression: $default }', ['error functions.a.events[0].websocket.route: needs a route key ($connect, $disconnect, $default or one a message selects), as in "websocket: $connect"']],
    ['a WebSocket authorizer', '- websocket: { route: $connect, authorizer: auth }', ['warning functions.a.events[0].websocket.authorizer: is a WebSocket authorizer, which pylambda dev does not run: the route is served without it']],
  ])('%s', (_, event, expected) => {
    expect(problems(`
service: s
provider: { name: aws, runtime: python3.12 }
functions:
  a:
    handler: app.a
    events:
      ${event}
`)).toEqual(expected);
  });

  it('names both functions when two claim one route, and checks the REST stage name', () => {
    expect(problems(`
service: s
provider: { name: aws, runtime: python3.12, stage: 'v1.0' }
functions:
  a: { handler: app.a, events: [{ http: 'GET items/{id}' }] }
  b: { handler: app.b, events: [{ http: 'get /items/{key}/' }] }
`)).toEqual([
      "error provider.stage: 'v1.0' is not a stage name API Gateway accepts (letters, digits, - and _)",
      'error functions.b.events[0]: GET /items/{key} on REST API ApiGatewayRestApi is claimed by two functions: a (serverless.yml: functions.a.events[0]) (as GET /items/{id}) and b (serverless.yml: functions.b.events[0]); a route calls one function',
    ]);
  });
});

describe("serverless.yml's httpApi.payload", () => {
  it.each<[string, string, string, string[]]>([
    ["'1.0' quoted", "provider:\n  name: aws\n  runtime: python3.12\n  httpApi: { payload: '1.0' }\n", '1.0', []],
    ['1.0 unquoted: the number 1, which the Framework gives API Gateway as 1', 'provider:\n  name: aws\n  runtime: python3.12\n  httpApi: { payload: 1.0 }\n', '1.0',
      ["warning provider.httpApi.payload: is the number 1 (YAML reads 1.0 unquoted as one), which the Framework gives API Gateway as '1', not '1.0': write '1.0' in quotes"]],
    ["a function's own, unquoted", 'provider:\n  name: aws\n  runtime: python3.12\n', '2.0',
      ["warning functions.a.httpApi.payload: is the number 2 (YAML reads 2.0 unquoted as one), which the Framework gives API Gateway as '2', not '2.0': write '2.0' in quotes"]],
  ])('%s', (_, provider, version, said) => {
    const own = said[0]?.includes('functions.a') ? '    httpApi: { payload: 2.0 }\n' : '';
    const result = read(`service: s\n${provider}functions:\n  a:\n    handler: h.a\n${own}    events:\n      - httpApi: GET /a\n`);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual(said);
    expect(result.project?.endpoints[0]?.routes[0]?.payloadFormatVersion ?? '2.0').toBe(version);
  });
});

describe("serverless.yml http events' cors, as the Framework compiles it (api-gateway/lib/validate.js getCors, cors.js)", () => {
  const DEFAULTS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];
  const base = { allowMethods: ['OPTIONS', 'GET'], allowHeaders: DEFAULTS, exposeHeaders: [], allowCredentials: false };
  const corsOf = (events: string) => {
    const { project, diagnostics } = read(`service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  a:\n    handler: h.a\n    events:\n${events}`);
    expect(diagnostics).toEqual([]);
    return project?.endpoints[0]?.routes.map((r) => r.cors);
  };
  it.each<[string, string, unknown]>([
    ["cors: true: origin '*', no template", 'true', { ...base, allowOrigins: ['*'] }],
    ["origin '*' is sent as written", "{ origin: '*' }", { ...base, allowOrigins: ['*'] }],
    ["origins ['*']: the template's .+ (the request's Origin)", "{ origins: ['*'] }", { ...base, allowOrigins: ['*'], originPatterns: ['.+'] }],
    ['an origin with commas stands for origins', "{ origin: 'https://a.example, https://*.b.example' }",
      { ...base, allowOrigins: ['https://a.example'], originPatterns: ['https://a[.]example', 'https://.+[.]b[.]example'] }],
    ['only the first * becomes .+', "{ origins: ['https://*.example.*'] }", { ...base, allowOrigins: ['https://*.example.*'], originPatterns: ['https://.+[.]example[.]*'] }],
    ['origins win over an origin without commas', "{ origin: 'https://x.example', origins: [https://y.example] }",
      { ...base, allowOrigins: ['https://y.example'], originPatterns: ['https://y[.]example'] }],
    ['maxAge 0 is left out (`if (config.maxAge)`), cacheControl kept', "{ maxAge: 0, cacheControl: 'max-age=600' }", { ...base, allowOrigins: ['*'], cacheControl: 'max-age=600' }],
    ['maxAge and cacheControl', "{ maxAge: 600, cacheControl: 'no-store' }", { ...base, allowOrigins: ['*'], maxAge: 600, cacheControl: 'no-store' }],
  ])('%s', (_, cors, expected) => {
    expect(corsOf(`      - http: { path: x, method: get, cors: ${cors} }\n`)).toEqual([expected]);
  });

  it("merges a path's events as validate.js: lists new first, the last origin, the last maxAge and cacheControl set", () => {
    const merged = {
      allowOrigins: ['https://b.example'],
      originPatterns: ['https://b[.]example', 'https://a[.]example'],
      allowMethods: ['OPTIONS', 'POST', 'GET'],
      allowHeaders: ['X-B', 'X-A'],
      exposeHeaders: [],
      allowCredentials: true,
      maxAge: 60,
      cacheControl: 'no-store',
    };
    expect(corsOf([
      "      - http: { path: x, method: get, cors: { origins: [https://a.example], headers: [X-A], maxAge: 60, cacheControl: 'max-age=1' } }",
      "      - http: { path: x, method: post, cors: { origins: [https://b.example], headers: [X-B], allowCredentials: true, maxAge: 0, cacheControl: 'no-store' } }",
    ].join('\n') + '\n')).toEqual([merged, merged]);
  });
});

describe('serverless.yml function URLs', () => {
  it('url: true makes a function URL endpoint; url.cors sets its CORS', () => {
    const { project, diagnostics } = read(`service: s
provider: { name: aws, runtime: python3.12 }
functions:
  api:
    handler: h.api
    url: true
  web:
    handler: h.web
    url:
      cors:
        allowedOrigins: [https://example.com]
        maxAge: 60
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project?.endpoints.map((e) => [e.kind, e.id, e.routes.map((r) => `${r.method} ${r.path} ${r.functionId}`)])).toEqual([
      ['url', 'ApiLambdaFunctionUrl', ['ANY /* api']],
      ['url', 'WebLambdaFunctionUrl', ['ANY /* web']],
    ]);
    expect(project?.endpoints[1]?.cors).toMatchObject({ allowOrigins: ['https://example.com'], maxAge: 60 });
  });

  const HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amzn-Trace-Id'];
  it.each<[string, string, unknown]>([
    ['cors: true is the defaults', 'true', { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: HEADERS, exposeHeaders: [], allowCredentials: false }],
    ['an empty mapping too', '{}', { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: HEADERS, exposeHeaders: [], allowCredentials: false }],
    ['settings given replace the defaults, repeated ones once', '{ allowedOrigins: [https://a.example, https://a.example], allowedMethods: [GET], allowCredentials: true, exposedResponseHeaders: [X-Total], maxAge: 60 }',
      { allowOrigins: ['https://a.example'], allowMethods: ['GET'], allowHeaders: HEADERS, exposeHeaders: ['X-Total'], allowCredentials: true, maxAge: 60 }],
    ['null leaves a default out', '{ allowedHeaders: null, allowedMethods: null }', { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false }],
  ])("url.cors as the Framework compiles it (compileFunctionUrl): %s", (_, cors, expected) => {
    const { project, diagnostics } = read(`service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  web:\n    handler: h.web\n    url:\n      cors: ${cors}\n`);
    expect(diagnostics).toEqual([]);
    expect(project?.endpoints[0]?.cors).toEqual(expected);
  });

  it("an http event's empty path is the root, as / is (the Framework's schema allows it)", () => {
    const { project, diagnostics } = read(`service: s
provider: { name: aws, runtime: python3.12 }
functions:
  home:
    handler: h.home
    events:
      - http: { path: '', method: get }
      - http: { path: /, method: post }
`);
    expect(diagnostics).toEqual([]);
    expect(project?.endpoints.map((e) => e.routes.map((r) => `${r.method} ${r.path}`))).toEqual([['GET /', 'POST /']]);
  });

  it('refuses more than the five layers Lambda allows a function, where the function or provider lists them', () => {
    const arns = [1, 2, 3, 4, 5, 6].map((n) => `arn:aws:lambda:us-east-1:123456789012:layer:l${n}:1`);
    const errors = (text: string) => problems(text).filter((p) => p.startsWith('error'));
    expect(errors(`service: s\nprovider: { name: aws, runtime: python3.12 }\nfunctions:\n  a:\n    handler: h.a\n    layers: [${arns.join(', ')}]\n`))
      .toEqual(["error functions.a.layers: lists 6 layers, above Lambda's maximum of 5 a function"]);
    expect(errors(`service: s\nprovider: { name: aws, runtime: python3.12, layers: [${arns.join(', ')}] }\nfunctions:\n  a:\n    handler: h.a\n`))
      .toEqual(["error provider.layers: lists 6 layers, above Lambda's maximum of 5 a function"]);
  });
});
