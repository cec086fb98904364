import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultEvent } from '../../src/api/sample-event.js';
import { webSocketPort } from '../../src/api/dev-websockets.js';
import { connectEvent, connectOutcome, disconnectEvent, gatewayErrorFrame, messageEvent, routeReply, webSocketSample, type WebSocketConnection } from '../../src/core/events/websocket.js';
import { connectionInfo, connectionsRequest, gone } from '../../src/core/gateway/websocket-connections.js';
import { FrameSizes, refusedMessage } from '../../src/core/gateway/websocket-frames.js';
import { handshakeProblem } from '../../src/core/gateway/websocket-handshake.js';
import { API_GATEWAY_LIMITS, connectionEnd } from '../../src/core/gateway/websocket-lifetime.js';
import { selectRouteKey } from '../../src/core/gateway/websocket-route.js';
import type { ChaliceAppInfo } from '../../src/core/model/chalice/app-info.js';
import { readChaliceProject } from '../../src/core/model/chalice/read.js';
import { read as readServerless, problems } from './serverless-helpers.js';
import { FUNCTIONS, read as readTemplate, said } from './cfn-api-templates.js';
import { webSocketApiResources } from '../websocket-templates.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/events/aws-lambda-go/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Every key path of a JSON value (`requestContext.identity.sourceIp`), to compare shapes. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => (k === 'headers' || k === 'multiValueHeaders' ? [`${prefix}${k}`] : keyPaths(v, `${prefix}${k}.`)));
}

describe('route selection ($request.body.action, API Gateway "Working with routes for WebSocket APIs")', () => {
  const keys = new Set(['$connect', '$disconnect', '$default', 'sendMessage', 'chat/join']);
  const noDefault = new Set(['$connect', 'sendMessage']);
  it.each<[string, string, string, ReadonlySet<string>, string | undefined]>([
    ['the action names a route', '$request.body.action', '{"action":"sendMessage","text":"hi"}', keys, 'sendMessage'],
    ['an action no route has: $default', '$request.body.action', '{"action":"nope"}', keys, '$default'],
    ['no action: $default', '$request.body.action', '{"text":"hi"}', keys, '$default'],
    ['not JSON: $default', '$request.body.action', 'hello', keys, '$default'],
    ['a number is not a route key here', '$request.body.action', '{"action":1}', keys, '$default'],
    ['an object is no key', '$request.body.action', '{"action":{"x":1}}', keys, '$default'],
    ['a predefined key is never selected by a message', '$request.body.action', '{"action":"$connect"}', keys, '$default'],
    ['a nested property', '$request.body.message.type', '{"message":{"type":"sendMessage"}}', keys, 'sendMessage'],
    ['a template of two properties', '${request.body.service}/${request.body.action}', '{"service":"chat","action":"join"}', keys, 'chat/join'],
    ['a template with one missing: $default', '${request.body.service}/${request.body.action}', '{"action":"join"}', keys, '$default'],
    ['no route and no $default: none (API Gateway answers Forbidden)', '$request.body.action', '{"action":"nope"}', noDefault, undefined],
    ['not JSON and no $default: none', '$request.body.action', 'hello', noDefault, undefined],
  ])('%s', (_, expression, message, routeKeys, expected) => expect(selectRouteKey(expression, message, routeKeys)).toBe(expected));

  it("API Gateway's own frame for a message no route takes", () => {
    expect(JSON.parse(gatewayErrorFrame('Forbidden', 'R1kmxc2VNjMCFIA=', 'R1knPH17NjMFftw='))).toEqual({ message: 'Forbidden', connectionId: 'R1kmxc2VNjMCFIA=', requestId: 'R1knPH17NjMFftw=' });
  });
});

describe('frames API Gateway refuses before any route', () => {
  it.each<[string, { binary: boolean }, number | undefined]>([
    ['a text frame is routed', { binary: false }, undefined],
    ['a binary frame closes the connection with 1003 ("Binary media types for WebSocket APIs")', { binary: true }, 1003],
  ])('%s', (_, message, code) => expect(refusedMessage(message)?.code).toBe(code));

  /** A client's masked frame of `size` payload bytes (RFC 6455 5.2): the 7-bit, 16-bit or 64-bit length form. */
  const frame = (size: number, fin = true) => {
    const length = size < 126 ? [size] : size < 65536 ? [126, size >> 8, size & 255] : [127, 0, 0, 0, 0, 0, (size >> 16) & 255, (size >> 8) & 255, size & 255];
    return Buffer.concat([Buffer.from([fin ? 0x81 : 0x01, 0x80 | length[0]!, ...length.slice(1), 1, 2, 3, 4]), Buffer.alloc(size, 0x61)]);
  };
  const inChunks = (bytes: Buffer, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  it.each<[string, Buffer[], number | undefined]>([
    ['small frames pass', [Buffer.concat([frame(5), frame(125), frame(126), frame(1000)])], undefined],
    ['a frame of 32 KB passes', [frame(32 * 1024)], undefined],
    ['a frame of 32 KB + 1 is over (16-bit length)', [Buffer.concat([frame(3), frame(32 * 1024 + 1)])], 32 * 1024 + 1],
    ['a frame of 70000 bytes is over (64-bit length)', [frame(70_000)], 70_000],
    ['a 96 KB message in three 32 KB frames passes', [Buffer.concat([frame(32 * 1024, false), frame(32 * 1024, false), frame(32 * 1024)])], undefined],
    ['headers split across chunks, a byte at a time', inChunks(Buffer.concat([frame(200), frame(40_000)]), 1), 40_000],
    ['payloads split across chunks', inChunks(Buffer.concat([frame(30_000), frame(20_000), frame(33_000)]), 1000), 33_000],
  ])('frame sizes (quota: 32 KB a frame, else 1009): %s', (_, chunks, over) => {
    const sizes = new FrameSizes();
    expect(chunks.map((c) => sizes.push(c)).find((n) => n !== undefined)).toBe(over);
  });
});

describe("a connection's lifetime (quotas: 10 minutes idle, 2 hours in all)", () => {
  const min = 60_000;
  it.each<[string, number, number, number, string]>([
    ['just connected: idle at 10 min', 0, 0, 10 * min, 'no message either way for 10 min: API Gateway closes the connection with 1001'],
    ['a frame at 30 min: idle at 40 min', 0, 30 * min, 40 * min, 'no message either way for 10 min: API Gateway closes the connection with 1001'],
    ['a frame at 115 min: the 2 hours end first', 0, 115 * min, 120 * min, "open for 2 h, API Gateway's longest: it closes the connection with 1001"],
  ])('%s', (_, connectedAt, lastTrafficAt, at, why) => {
    expect(connectionEnd({ connectedAt, lastTrafficAt }, API_GATEWAY_LIMITS)).toEqual({ at, refusal: { code: 1001, label: expect.any(String), why } });
  });

  it('says the limits it was given (tests shorten them)', () => {
    expect(connectionEnd({ connectedAt: 0, lastTrafficAt: 0 }, { idleMs: 1500, maxMs: 3000 }).refusal.why).toBe('no message either way for 1500 ms: API Gateway closes the connection with 1001');
  });
});

describe('the opening handshake (RFC 6455 4.2.1), checked before $connect runs', () => {
  const good = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' };
  it.each<[string, string, Record<string, string | undefined>, string | undefined]>([
    ["a browser's", 'GET', good, undefined],
    ['tokens in any case, among others', 'GET', { ...good, upgrade: 'WebSocket', connection: 'keep-alive, Upgrade' }, undefined],
    ['not GET', 'POST', good, 'not a WebSocket handshake: method POST'],
    ['another protocol', 'GET', { ...good, upgrade: 'h2c' }, 'not a WebSocket handshake: Upgrade h2c'],
    ['no Connection: Upgrade', 'GET', { ...good, connection: 'keep-alive' }, 'not a WebSocket handshake: no Connection: Upgrade'],
    ['no key', 'GET', { ...good, 'sec-websocket-key': undefined }, 'not a WebSocket handshake: no valid Sec-WebSocket-Key (16 bytes, base64)'],
    ['a key of 15 bytes', 'GET', { ...good, 'sec-websocket-key': Buffer.alloc(15, 1).toString('base64') }, 'not a WebSocket handshake: no valid Sec-WebSocket-Key (16 bytes, base64)'],
    ['an old version', 'GET', { ...good, 'sec-websocket-version': '8' }, 'not a WebSocket handshake: Sec-WebSocket-Version 8, where API Gateway speaks 13'],
  ])('%s', (_, method, headers, problem) => expect(handshakeProblem(method, headers)).toBe(problem));
});

describe("the events: the keys of AWS's live captures (aws-lambda-go testdata)", () => {
  const conn: WebSocketConnection = { apiId: 'dl7ptocha9', stage: 'prod', domainName: '127.0.0.1:3001', connectionId: 'R1kmxc2VNjMCFIA=', connectedAt: 1705751697419, sourceIp: '127.0.0.1', userAgent: 'test-agent' };

  it('MESSAGE has the send-message capture\'s keys, its body as text', () => {
    const event = messageEvent(conn, { requestId: 'R1knPH17NjMFftw=', timeEpochMs: 1705751700453, routeKey: '$default', messageId: 'R1knPc2ntjMCFIA=', body: '{"a":1}' });
    expect(keyPaths(event).sort()).toEqual(keyPaths(fixture('apigw-websocket-request-send-message')).sort());
    expect(event).toMatchObject({ body: '{"a":1}', isBase64Encoded: false, requestContext: { eventType: 'MESSAGE', routeKey: '$default', requestTime: '20/Jan/2024:11:55:00 +0000', messageDirection: 'IN', stage: 'prod' } });
  });

  it('DISCONNECT has the disconnect capture\'s keys, with the close code and reason', () => {
    const event = disconnectEvent(conn, { requestId: 'R1koeHsUtjMFbRw=', timeEpochMs: 1705751708326, statusCode: 1001, reason: '' });
    expect(keyPaths(event).sort()).toEqual(keyPaths(fixture('apigw-websocket-request-disconnect')).sort());
    expect(event).toMatchObject({ requestContext: { eventType: 'DISCONNECT', routeKey: '$disconnect', disconnectStatusCode: 1001, disconnectReason: '' } });
  });

  it("CONNECT has the handshake's headers and query, and the capture's context keys", () => {
    const event = connectEvent(conn, { requestId: 'r1', timeEpochMs: 1705751697419, headers: [['Host', '127.0.0.1:3001'], ['Sec-WebSocket-Key', 'k'], ['User-Agent', 'test-agent']], rawQuery: 'token=a&token=b' });
    expect(event).toMatchObject({
      headers: { Host: '127.0.0.1:3001', 'Sec-WebSocket-Key': 'k', 'User-Agent': 'test-agent' },
      multiValueHeaders: { Host: ['127.0.0.1:3001'] },
      queryStringParameters: { token: 'b' },
      multiValueQueryStringParameters: { token: ['a', 'b'] },
      requestContext: { eventType: 'CONNECT', routeKey: '$connect', connectionId: 'R1kmxc2VNjMCFIA=', identity: { sourceIp: '127.0.0.1', userAgent: 'test-agent' } },
      isBase64Encoded: false,
    });
    const context = Object.keys((event.requestContext as object)).sort();
    const captured = Object.keys(fixture('apigw-websocket-request-send-message').requestContext as object).filter((k) => k !== 'messageId').sort();
    expect(context).toEqual(captured);
    expect(connectEvent(conn, { requestId: 'r', timeEpochMs: 0, headers: [], rawQuery: '' })).not.toHaveProperty('queryStringParameters');
  });
});

describe('what a result means', () => {
  const out = (value: unknown, functionError = false) => ({ payload: Buffer.from(JSON.stringify(value)), functionError });
  it.each<[string, ReturnType<typeof out>, ReturnType<typeof connectOutcome>]>([
    ['200 accepts', out({ statusCode: 200 }), { accept: true }],
    ['no statusCode accepts', out(null), { accept: true }],
    ['a Sec-WebSocket-Protocol header, in any case, is the subprotocol', out({ statusCode: 200, headers: { 'sec-websocket-protocol': 'graphql-ws' } }), { accept: true, protocol: 'graphql-ws' }],
    ['a refusal takes no subprotocol', out({ statusCode: 400, headers: { 'Sec-WebSocket-Protocol': 'graphql-ws' } }), { accept: false, status: 400, why: '$connect returned statusCode 400' }],
    ['401 refuses with 401', out({ statusCode: 401 }), { accept: false, status: 401, why: '$connect returned statusCode 401' }],
    ['a function error refuses with 502', out({ errorMessage: 'x' }, true), { accept: false, status: 502, why: 'the function failed' }],
  ])('$connect: %s', (_, output, expected) => expect(connectOutcome(output)).toEqual(expected));

  it.each<[string, unknown, string | undefined]>([
    ['the body', { statusCode: 200, body: 'pong' }, 'pong'],
    ['a body that is not text, as JSON', { body: { a: 1 } }, '{"a":1}'],
    ['no body: nothing', { statusCode: 200 }, undefined],
    ['not an object: nothing', 'pong', undefined],
  ])('a route response sends %s', (_, value, expected) => expect(routeReply({ payload: Buffer.from(JSON.stringify(value)) })).toBe(expected));
});

describe('the @connections API (botocore apigatewaymanagementapi)', () => {
  it.each<[string, string, string, unknown]>([
    ['POST sends', 'POST', '/prod/@connections/R1kmxc2VNjMCFIA%3D', { operation: 'PostToConnection', connectionId: 'R1kmxc2VNjMCFIA=' }],
    ['GET describes', 'GET', '/prod/@connections/abc', { operation: 'GetConnection', connectionId: 'abc' }],
    ['DELETE closes', 'DELETE', '/prod/@connections/abc', { operation: 'DeleteConnection', connectionId: 'abc' }],
    ['without the stage too', 'POST', '/@connections/abc', { operation: 'PostToConnection', connectionId: 'abc' }],
  ])('%s', (_, method, path, expected) => expect(connectionsRequest(method, path, 'prod')).toEqual(expected));

  it('another stage or path is not found, another method not allowed', () => {
    expect(connectionsRequest('POST', '/dev/@connections/abc', 'prod')).toMatchObject({ answer: { status: 404, headers: { 'x-amzn-ErrorType': 'NotFoundException' } } });
    expect(connectionsRequest('PUT', '/prod/@connections/abc', 'prod')).toMatchObject({ answer: { status: 405 } });
  });

  it('410 GoneException, and the connection as GetConnection answers it', () => {
    expect(gone()).toEqual({ status: 410, headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': 'GoneException' }, body: '{"message":null}' });
    expect(JSON.parse(connectionInfo({ connectedAt: 0, lastActiveAt: 1000, sourceIp: '127.0.0.1' }).body)).toEqual({
      connectedAt: '1970-01-01T00:00:00.000Z', identity: { sourceIp: '127.0.0.1', userAgent: '' }, lastActiveAt: '1970-01-01T00:00:01.000Z',
    });
  });
});

const CFN = `Resources:${FUNCTIONS}${webSocketApiResources({ api: 'Chat', integration: 'ItemsIntegration', fn: 'ItemsFn', stage: 'prod', expression: '$request.body.type' })}
  MockIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Chat, IntegrationType: MOCK }
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: $connect, Target: !Join [/, [integrations, !Ref ItemsIntegration]] }
  PingRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: ping, Target: !Sub 'integrations/\${ItemsIntegration}' }
  PingResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref Chat, RouteId: !Ref PingRoute, RouteResponseKey: $default }
  MockRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: mock, Target: !Join ['', [integrations/, !Ref MockIntegration]] }
`;

describe('the readers', () => {
  it('CloudFormation: a WEBSOCKET Api, its routes through AWS_PROXY integrations, route responses and its stage', () => {
    const { project, diagnostics } = readTemplate(CFN);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project!.endpoints).toEqual([]);
    expect(project!.webSockets).toEqual([{
      id: 'Chat', name: 'chat', stage: 'prod', routeSelectionExpression: '$request.body.type',
      routes: [
        { routeKey: '$connect', functionId: 'ItemsFn', source: { file: 'template.yaml', path: 'Resources.ConnectRoute' } },
        { routeKey: 'ping', functionId: 'ItemsFn', respond: true, source: { file: 'template.yaml', path: 'Resources.PingRoute' } },
      ],
      // Still selected by a message, which gets API Gateway's error frame rather than $default.
      unservedRoutes: [{ routeKey: 'mock', why: 'it calls a mock integration' }],
      source: { file: 'template.yaml', path: 'Resources.Chat' },
    }]);
    expect(said(CFN, 'warning')).toEqual(['Resources.MockRoute: mock calls a mock integration, so this route is not served']);
  });

  it("CloudFormation as CDK's WebSocketApi synthesizes it: a Join of the function's ARN, a route response from returnResponse", () => {
    const text = `Resources:${FUNCTIONS}
  ChatApi1A2B3C4D:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: ChatApi, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  ChatApiDefaultRouteIntegration5E6F7A8B:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: { Ref: ChatApi1A2B3C4D }
      IntegrationType: AWS_PROXY
      IntegrationUri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [OtherFn, Arn] }, /invocations]] }
  ChatApidefaultRoute9C0D1E2F:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: { Ref: ChatApi1A2B3C4D }
      RouteKey: $default
      AuthorizationType: NONE
      Target: { 'Fn::Join': ['', [integrations/, { Ref: ChatApiDefaultRouteIntegration5E6F7A8B }]] }
  ChatApidefaultRouteResponse3A4B5C6D:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: { Ref: ChatApi1A2B3C4D }, RouteId: { Ref: ChatApidefaultRoute9C0D1E2F }, RouteResponseKey: $default }
  ChatStage7E8F9A0B:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: { Ref: ChatApi1A2B3C4D }, StageName: dev, AutoDeploy: true }
`;
    const { project, diagnostics } = readTemplate(text);
    expect(diagnostics).toEqual([]);
    expect(project!.webSockets!.map((api) => [api.id, api.stage, api.routes.map((r) => [r.routeKey, r.functionId, r.respond])])).toEqual([
      ['ChatApi1A2B3C4D', 'dev', [['$default', 'OtherFn', true]]],
    ]);
  });

  it('CloudFormation: two routes of one API with the same key are an error, as API Gateway refuses the second (ConflictException)', () => {
    const text = `${CFN}  PingAgain:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: ping, Target: !Sub 'integrations/\${ItemsIntegration}' }
  MockAgain:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: mock, Target: !Sub 'integrations/\${ItemsIntegration}' }
`;
    expect(said(text, 'error')).toEqual([
      'Resources.PingAgain.Properties.RouteKey: ping is the key of Resources.PingRoute already: an API has one route per key (API Gateway refuses the second with a ConflictException)',
      'Resources.MockAgain.Properties.RouteKey: mock is the key of Resources.MockRoute already: an API has one route per key (API Gateway refuses the second with a ConflictException)',
    ]);
  });

  it('CloudFormation: a WEBSOCKET Api without a RouteSelectionExpression is an error, as API Gateway requires one (no default)', () => {
    const text = CFN.replace(', RouteSelectionExpression: $request.body.type }', ' }');
    expect(said(text, 'error')).toEqual(['Resources.Chat.Properties.RouteSelectionExpression: is required for a WebSocket API, which has no default (API Gateway refuses it without one): $request.body.action is the usual one']);
  });

  it('CloudFormation: a route with an authorizer is served without it, with a warning', () => {
    const text = CFN.replace('RouteKey: $connect,', 'RouteKey: $connect, AuthorizationType: CUSTOM, AuthorizerId: !Ref Auth,');
    expect(said(text, 'warning')).toContain('Resources.ConnectRoute.Properties.AuthorizationType: $connect has an authorizer, which pylambda dev does not run on WebSocket routes: it is served without it');
    expect(readTemplate(text).project!.webSockets![0]!.routes.map((r) => r.routeKey)).toEqual(['$connect', 'ping']);
  });

  it('serverless.yml: websocket events, the route selection expression, the API name and route responses', () => {
    const { project, diagnostics } = readServerless(`
service: chat
provider: { name: aws, runtime: python3.12, stage: prod, websocketsApiRouteSelectionExpression: $request.body.route }
functions:
  connect:
    handler: app.connect
    events: [{ websocket: $connect }, { websocket: { route: $disconnect } }]
  ping:
    handler: app.ping
    events: [{ websocket: { route: ping, routeResponseSelectionExpression: $default } }]
`);
    expect(diagnostics).toEqual([]);
    expect(project!.webSockets).toEqual([{
      id: 'WebsocketsApi', name: 'prod-chat-websockets', stage: 'prod', routeSelectionExpression: '$request.body.route',
      routes: [
        { routeKey: '$connect', functionId: 'connect', source: { file: 'serverless.yml', path: 'functions.connect.events' } },
        { routeKey: '$disconnect', functionId: 'connect', source: { file: 'serverless.yml', path: 'functions.connect.events' } },
        { routeKey: 'ping', functionId: 'ping', respond: true, source: { file: 'serverless.yml', path: 'functions.ping.events' } },
      ],
      source: { file: 'serverless.yml', path: 'functions.connect.events' },
    }]);
  });

  it('serverless.yml: one route, two functions, is an error; websocketsApiName names the API', () => {
    const text = (extra: string) => `
service: chat
provider: { name: aws, runtime: python3.12${extra} }
functions:
  a: { handler: app.a, events: [{ websocket: $default }] }
  b: { handler: app.b, events: [{ websocket: $default }] }
`;
    expect(problems(text(''))).toEqual(["error functions.b.events: the WebSocket route $default is a's already: a route calls one function"]);
    expect(readServerless(text(', websocketsApiName: talk').replace('b: { handler: app.b, events: [{ websocket: $default }] }', '')).project!.webSockets![0]!.name).toBe('talk');
  });

  it("Chalice: on_ws_connect, on_ws_message and on_ws_disconnect on api_gateway_stage, never sending a handler's result", () => {
    const info: ChaliceAppInfo = {
      ok: true, chalice_version: '1.34.0', python_version: '3.12.4', lambda_python_version: 'python3.12', app_name: 'chat', routes: [], binary_types: [], missing_feature_flags: [],
      functions: [
        { name: 'websocket_connect', kind: 'websocket', handler: 'app.connect', route_key: '$connect' },
        { name: 'websocket_message', kind: 'websocket', handler: 'app.message', route_key: '$default' },
        { name: 'websocket_disconnect', kind: 'websocket', handler: 'app.disconnect', route_key: '$disconnect' },
      ],
    };
    const { project, diagnostics } = readChaliceProject(JSON.stringify({ version: '2.0', app_name: 'chat', stages: { dev: { api_gateway_stage: 'v1' } } }), info, { file: '.chalice/config.json' });
    expect(diagnostics).toEqual([]);
    expect(project!.webSockets!.map((api) => ({ ...api, routes: api.routes.map((r) => `${r.routeKey} ${r.functionId}${'respond' in r ? ' respond' : ''}`) }))).toEqual([{
      id: 'WebsocketAPI', name: 'chat-dev-websocket-api', stage: 'v1', routeSelectionExpression: '$request.body.action',
      routes: ['$connect websocket_connect', '$default websocket_message', '$disconnect websocket_disconnect'],
      source: { file: 'app.py', path: 'app.connect' },
    }]);
  });
});

describe('sample events: events generate apigw-websocket, and what pylambda invoke sends a function behind a route', () => {
  const ctx = { nowMs: 1705751700453, newId: () => '0123456789abcdef0123456789abcdef', region: 'eu-west-1' };
  const sample = (routeKey: string, body?: string) => webSocketSample(ctx, { routeKey, ...(body === undefined ? {} : { body }), apiId: 'abcdef1234', stage: 'prod', routeSelectionExpression: '$request.body.action' });

  it('a message has the live capture\'s keys; a custom route\'s body selects it', () => {
    expect(keyPaths(sample('sendMessage')).sort()).toEqual(keyPaths(fixture('apigw-websocket-request-send-message')).sort());
    expect(sample('sendMessage')).toMatchObject({ body: '{"action":"sendMessage"}', requestContext: { routeKey: 'sendMessage', connectionId: 'ASNFZ4mrze8BI0U=', domainName: 'abcdef1234.execute-api.eu-west-1.amazonaws.com' } });
    expect(sample('$default')).toMatchObject({ body: '{}' });
    expect(sample('$default', 'hello')).toMatchObject({ body: 'hello' });
    const nested = webSocketSample(ctx, { routeKey: 'join', apiId: 'a', stage: 's', routeSelectionExpression: '$request.body.message.type' });
    expect(nested.body).toBe('{"message":{"type":"join"}}');
  });

  it('$disconnect has the capture\'s keys; $connect a handshake\'s headers', () => {
    expect(keyPaths(sample('$disconnect')).sort()).toEqual(keyPaths(fixture('apigw-websocket-request-disconnect')).sort());
    expect(sample('$connect')).toMatchObject({ headers: { 'Sec-WebSocket-Version': '13' }, requestContext: { eventType: 'CONNECT', routeKey: '$connect' } });
  });

  it("invoke: a CloudFormation API's first route of the function, with the API's id and stage", () => {
    const { project } = readTemplate(CFN);
    const event = defaultEvent(project!.functions.find((f) => f.id === 'ItemsFn')!, project!, { AWS_REGION: 'eu-west-1' });
    expect(event.label).toBe('apigw-websocket sample (route $connect of Chat, stage prod)');
    expect(JSON.parse(event.payload.toString())).toMatchObject({ requestContext: { routeKey: '$connect', apiId: 'Chat', stage: 'prod', eventType: 'CONNECT' } });
  });

  it("invoke: a serverless.yml function's first websocket event's route, its message selecting it", () => {
    const { project } = readServerless(`
service: chat
provider: { name: aws, runtime: python3.12 }
functions:
  send:
    handler: app.send
    events: [{ websocket: sendMessage }, { websocket: $default }]
`);
    const event = defaultEvent(project!.functions[0]!, project!, {});
    expect(event.label).toBe('apigw-websocket sample (route sendMessage of WebsocketsApi, stage dev)');
    expect(JSON.parse(event.payload.toString())).toMatchObject({ body: '{"action":"sendMessage"}', requestContext: { routeKey: 'sendMessage', apiId: 'WebsocketsApi', stage: 'dev' } });
  });
});

describe("the WebSocket APIs' ports under dev", () => {
  it.each<[string, number, number, number | undefined, number]>([
    ['after the endpoints and the Lambda API that follows them', 3000, 2, 3002, 3003],
    ['after the endpoints when --lambda-port put the Lambda API elsewhere', 3000, 2, 9001, 3002],
    ['free ones with --port 0', 0, 2, 41234, 0],
  ])('%s', (_, port, endpoints, lambdaPort, expected) => expect(webSocketPort(port, endpoints, lambdaPort)).toBe(expected));
});
