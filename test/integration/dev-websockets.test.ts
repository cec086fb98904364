import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { startDev, waitUntil } from '../helpers.js';
import { project, webSocketApiResources } from '../websocket-templates.js';
import { closed, connect, logs, opened, received, records, webSocketsOf } from '../websocket-clients.js';

/**
 * WebSocket APIs under pylambda dev, from a CloudFormation template, a serverless.yml and a Chalice app: a real
 * client (the `ws` package) connects, sends, gets the echo its function posts back through boto3's
 * apigatewaymanagementapi client (no endpoint_url: AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI, or Chalice's own
 * app.websocket_api.send), and disconnects; $disconnect runs, and $connect refuses a handshake with its status.
 */

/** boto3 signs the @connections requests: any credentials do. */
const HOST_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

const RAW_HANDLER = `import json
import time
import boto3

def handler(event, context):
    ctx = event["requestContext"]
    route = ctx["routeKey"]
    if route == "$connect":
        token = (event.get("queryStringParameters") or {}).get("token")
        print("connect", ctx["eventType"], ctx["stage"], event["headers"].get("X-Client"))
        if token == "slow":
            time.sleep(25)
        return {"statusCode": 401 if token == "bad" else 200}
    if route == "$disconnect":
        print("disconnect", ctx["eventType"], ctx["disconnectStatusCode"])
        return {"statusCode": 200}
    if route == "ping":
        return {"statusCode": 200, "body": "pong " + ctx["connectionId"]}
    client = boto3.client("apigatewaymanagementapi")
    info = client.get_connection(ConnectionId=ctx["connectionId"])
    text = json.loads(event["body"]).get("text", "") if route == "sendMessage" else event["body"]
    if text == "bye":
        client.delete_connection(ConnectionId=ctx["connectionId"])
        return {"statusCode": 200}
    client.post_to_connection(ConnectionId=ctx["connectionId"], Data=("echo %s %s %s" % (route, text, info["Identity"]["SourceIp"])).encode())
    try:
        client.post_to_connection(ConnectionId="R1kmxc2VNjMCFIA=", Data=b"x")
    except client.exceptions.GoneException:
        client.post_to_connection(ConnectionId=ctx["connectionId"], Data=b"gone")
    return {"statusCode": 200, "body": "not sent: no route response"}
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ChatFunction:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src/, Handler: app.handler, Runtime: python3.12 }${webSocketApiResources({ api: 'ChatApi', integration: 'ChatIntegration', fn: 'ChatFunction', stage: 'prod', expression: '$request.body.action' })}
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: $connect, Target: !Join [/, [integrations, !Ref ChatIntegration]] }
  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: $disconnect, Target: !Sub 'integrations/\${ChatIntegration}' }
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: sendMessage, Target: !Join ['', [integrations/, !Ref ChatIntegration]] }
  PingRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: ping, Target: !Join ['', [integrations/, !Ref ChatIntegration]] }
  PingResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref ChatApi, RouteId: !Ref PingRoute, RouteResponseKey: $default }
`;

const SERVERLESS = `service: chat
provider: { name: aws, runtime: python3.12, stage: dev }
functions:
  chat:
    handler: app.handler
    events:
      - websocket: $connect
      - websocket: { route: $disconnect }
      - websocket: { route: $default }
      - websocket: { route: ping, routeResponseSelectionExpression: $default }
`;

const CHALICE_APP = `import boto3
from chalice import Chalice

app = Chalice(app_name="chat")
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.websocket_api.session = boto3.session.Session()


@app.on_ws_connect()
def connect(event):
    print("connect", event.connection_id)


@app.on_ws_message()
def message(event):
    app.websocket_api.send(event.connection_id, "echo $default %s %s" % (event.body, app.websocket_api.info(event.connection_id)["Identity"]["SourceIp"]))
    return {"statusCode": 200, "body": "never sent"}


@app.on_ws_disconnect()
def disconnect(event):
    print("disconnect", event.connection_id)
`;

describe.each([
  ['a CloudFormation template', { 'template.yaml': TEMPLATE, 'src/app.py': RAW_HANDLER }, 'ChatApi', 'prod', 'ChatFunction', 'sendMessage'],
  ['a serverless.yml', { 'serverless.yml': SERVERLESS, 'app.py': RAW_HANDLER }, 'WebsocketsApi', 'dev', 'chat', '$default'],
])('a WebSocket API of %s', (_, files, apiId, stage, functionId, messageRoute) => {
  let dir: string;
  let session: DevSession;
  let events: DevEvent[];
  let url: string;

  beforeAll(async () => {
    dir = project(files);
    ({ session, events } = await startDev(dir, { hostEnv: HOST_ENV }));
    const [api] = webSocketsOf(events);
    url = api!.url;
  }, 60_000);
  afterAll(async () => {
    await session?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is said with its ws:// URL, @connections endpoint and routes', () => {
    const [api] = webSocketsOf(events);
    expect(api).toMatchObject({ id: apiId, stage, routeSelectionExpression: '$request.body.action' });
    expect(api!.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/${stage.replace('$', '\\$')}$`));
    expect(api!.connections).toBe(api!.url.replace(/^ws:/, 'http:'));
    expect(api!.routes.find((r) => r.routeKey === 'ping')).toEqual({ routeKey: 'ping', functionId, respond: true });
    expect(session.webSockets).toEqual([api]);
    expect(events.some((e) => e.type === 'ready' && e.unserved.length === 0)).toBe(true);
  });

  it('connects with the handshake in $connect, echoes through boto3, answers a route response, and runs $disconnect', async () => {
    const client = await opened(url, { 'X-Client': 'vitest' });
    expect(logs(events)).toContain(`connect CONNECT ${stage} vitest`);
    const text = messageRoute === 'sendMessage' ? JSON.stringify({ action: 'sendMessage', text: 'hi' }) : 'hi';
    client.socket.send(text);
    expect(await received(client, 2)).toEqual([`echo ${messageRoute} hi 127.0.0.1`, 'gone']);
    client.socket.send(JSON.stringify({ action: 'ping' }));
    const [pong] = await received(client, 1);
    expect(pong).toMatch(/^pong [A-Za-z0-9_=-]{16}$/);
    expect(await closed(client)).toBe(1000);
    expect(await waitUntil(() => logs(events).includes('disconnect DISCONNECT 1000'), 20_000)).toBe(true);
    expect(records(events)).toEqual(expect.arrayContaining([`$connect 101 ${functionId}`, `${messageRoute} 200 ${functionId}`, 'GetConnection 200', 'PostToConnection 200', 'PostToConnection 410', `ping 200 ${functionId}`, `$disconnect 200 ${functionId}`]));
  }, 60_000);

  // Only the template's API has no $default route (serverless.yml's has one): defined there alone, no test is skipped.
  if (messageRoute === 'sendMessage') it("a message no route takes, with no $default, gets API Gateway's Forbidden frame", async () => {
    const client = await opened(url);
    client.socket.send('not json');
    const [frame] = await received(client, 1);
    expect(JSON.parse(frame!)).toEqual({ message: 'Forbidden', connectionId: expect.stringMatching(/^[A-Za-z0-9_=-]{16}$/), requestId: expect.stringMatching(/^[A-Za-z0-9_=-]{16}$/) });
    expect(await closed(client)).toBe(1000);
  });

  it('closes a connection the function deletes through @connections, and runs $disconnect', async () => {
    const client = await opened(url);
    const code = new Promise<number>((resolve) => client.socket.on('close', resolve));
    client.socket.send(messageRoute === 'sendMessage' ? JSON.stringify({ action: 'sendMessage', text: 'bye' }) : 'bye');
    expect(await code).toBe(1000);
    const deleted = () => events.find((e) => e.type === 'websocket' && e.routeKey === 'DeleteConnection' && e.status === 204);
    expect(await waitUntil(() => deleted() !== undefined, 20_000)).toBe(true);
    const { connectionId } = deleted() as Extract<DevEvent, { type: 'websocket' }>;
    expect(await waitUntil(() => events.some((e) => e.type === 'websocket' && e.routeKey === '$disconnect' && e.connectionId === connectionId && e.status === 200), 20_000)).toBe(true);
  });

  it("refuses the handshake with $connect's status", async () => {
    expect(await connect(`${url}?token=bad`)).toEqual({ refused: 401 });
  });

  it('answers 410 GoneException at @connections for a connection that is not open, and 404 elsewhere', async () => {
    const [api] = webSocketsOf(events);
    const res = await fetch(`${api!.connections}/@connections/nope`, { method: 'POST', body: 'x' });
    expect([res.status, res.headers.get('x-amzn-errortype')]).toEqual([410, 'GoneException']);
    expect((await fetch(url.replace(/^ws:/, 'http:').replace(/\/[^/]*$/, '/other/@connections/x'))).status).toBe(404);
  });
});


describe('a Chalice app (WEBSOCKETS feature flag), unchanged', () => {
  let dir: string;
  let session: DevSession;
  let events: DevEvent[];

  beforeAll(async () => {
    dir = project({ 'app.py': CHALICE_APP, '.chalice/config.json': JSON.stringify({ version: '2.0', app_name: 'chat', stages: { dev: { api_gateway_stage: 'api' } } }) });
    ({ session, events } = await startDev(dir, { hostEnv: HOST_ENV }));
  }, 60_000);
  afterAll(async () => {
    await session?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("app.websocket_api.send reaches the client, the handler's return value does not, and on_ws_disconnect runs", async () => {
    const [api] = webSocketsOf(events);
    expect(api).toMatchObject({ id: 'WebsocketAPI', stage: 'api', routes: [
      { routeKey: '$connect', functionId: 'websocket_connect' }, { routeKey: '$default', functionId: 'websocket_message' }, { routeKey: '$disconnect', functionId: 'websocket_disconnect' },
    ] });
    const client = await opened(api!.url);
    client.socket.send('hello');
    expect(await received(client, 1)).toEqual(['echo $default hello 127.0.0.1']);
    // Nothing more arrives: the return value has no route response to go out through.
    client.socket.send('again');
    expect(await received(client, 1)).toEqual(['echo $default again 127.0.0.1']);
    expect(await waitUntil(() => records(events).filter((r) => r === '$default 200 websocket_message').length === 2, 20_000)).toBe(true);
    expect(await closed(client)).toBe(1000);
    expect(await waitUntil(() => logs(events).some((l) => l.startsWith('disconnect ')), 20_000)).toBe(true);
    expect(client.messages).toEqual([]);
  }, 60_000);
});

describe('a WebSocket API across a reload, and when dev stops', () => {
  it('a route the template adds is served on the same port with the connection still open; stop() closes it with 1001, going away', async () => {
    const dir = project({ 'template.yaml': TEMPLATE, 'src/app.py': RAW_HANDLER });
    const { session, events } = await startDev(dir, { hostEnv: HOST_ENV });
    try {
      const [before] = webSocketsOf(events);
      const client = await opened(before!.url);
      writeFileSync(join(dir, 'template.yaml'), `${TEMPLATE}  ShoutRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref ChatApi, RouteKey: shout, Target: !Join ['', [integrations/, !Ref ChatIntegration]] }
`);
      await session.reload([join(dir, 'template.yaml')]);
      const [after] = webSocketsOf(events);
      expect(after!.url).toBe(before!.url);
      expect(after!.routes.map((r) => r.routeKey)).toEqual(['$connect', '$disconnect', 'sendMessage', 'ping', 'shout']);
      client.socket.send('{"action":"shout"}');
      expect(await received(client, 2)).toEqual(['echo shout {"action":"shout"} 127.0.0.1', 'gone']);
      const code = new Promise<number>((resolve) => client.socket.on('close', resolve));
      await session.stop();
      expect(await code).toBe(1001);
    } finally {
      await session.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stop() does not wait for a handshake whose $connect is still running', async () => {
    const dir = project({ 'template.yaml': TEMPLATE.replace('Runtime: python3.12 }', 'Runtime: python3.12, Timeout: 30 }'), 'src/app.py': RAW_HANDLER });
    const { session, events } = await startDev(dir, { hostEnv: HOST_ENV });
    try {
      const [api] = webSocketsOf(events);
      const handshake = connect(`${api!.url}?token=slow`).catch((error: Error) => error.message);
      expect(await waitUntil(() => logs(events).includes('connect CONNECT prod None'), 20_000)).toBe(true);
      const started = performance.now();
      await session.stop();
      expect(performance.now() - started).toBeLessThan(5000);
      expect(await handshake).toBe('socket hang up');
    } finally {
      await session.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
