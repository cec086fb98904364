import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { rawExchange, startDev, waitUntil } from '../helpers.js';
import { project, webSocketApiResources } from '../websocket-templates.js';
import { closedWith, connect, logs, opened, received, records, webSocketsOf } from '../websocket-clients.js';

/**
 * What API Gateway does to a WebSocket client at its edges, under pylambda dev with a real `ws` client: the frames it
 * refuses, and the handshake's subprotocol.
 */

const HANDLER = `import boto3

def handler(event, context):
    ctx = event["requestContext"]
    route = ctx["routeKey"]
    if route == "$connect":
        offered = [p.strip() for p in event["headers"].get("Sec-WebSocket-Protocol", "").split(",")]
        # The API Gateway developer guide's example: the handshake names the subprotocol the function chose.
        if "myprotocol" in offered:
            return {"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": "myprotocol"}}
    if route == "$disconnect":
        print("disconnect", ctx["connectionId"], ctx["disconnectStatusCode"])
    if route in ("$connect", "$disconnect"):
        return {"statusCode": 200}
    if event["body"].startswith("post "):
        client = boto3.client("apigatewaymanagementapi")
        try:
            client.post_to_connection(ConnectionId=ctx["connectionId"], Data=b"x" * int(event["body"][5:]))
        except client.exceptions.PayloadTooLargeException as e:
            return {"statusCode": 200, "body": "too large: " + e.response["Error"]["Message"]}
        return {"statusCode": 200, "body": "posted"}
    print("message", event["isBase64Encoded"], event["body"][:20])
    return {"statusCode": 200, "body": "got " + event["body"]}
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  EdgeFunction:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src/, Handler: app.handler, Runtime: python3.12 }${webSocketApiResources({ api: 'EdgeApi', integration: 'EdgeIntegration', fn: 'EdgeFunction', stage: 'prod', expression: '$request.body.action' })}
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref EdgeApi, RouteKey: $connect, Target: !Sub 'integrations/\${EdgeIntegration}' }
  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref EdgeApi, RouteKey: $disconnect, Target: !Sub 'integrations/\${EdgeIntegration}' }
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref EdgeApi, RouteKey: $default, Target: !Sub 'integrations/\${EdgeIntegration}' }
  DefaultResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref EdgeApi, RouteId: !Ref DefaultRoute, RouteResponseKey: $default }
  MockIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref EdgeApi, IntegrationType: MOCK }
  MockRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref EdgeApi, RouteKey: mock, Target: !Sub 'integrations/\${MockIntegration}' }
`;

/** boto3 signs the @connections requests: any credentials do. */
const HOST_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };

describe('a WebSocket API at its edges', () => {
  let dir: string;
  let session: DevSession;
  let events: DevEvent[];
  let url: string;

  beforeAll(async () => {
    dir = project({ 'template.yaml': TEMPLATE, 'src/app.py': HANDLER });
    ({ session, events } = await startDev(dir, { hostEnv: HOST_ENV }));
    url = webSocketsOf(events)[0]!.url;
  }, 60_000);
  afterAll(async () => {
    await session?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // API Gateway developer guide, "Binary media types for WebSocket APIs": binary frames in incoming messages are not
  // supported; API Gateway rejects one and disconnects the client with 1003.
  it('closes the connection with 1003 on a binary frame, without running a route, and runs $disconnect', async () => {
    const client = await opened(url);
    client.socket.send('text first');
    expect(await received(client, 1)).toEqual(['got text first']);
    const code = closedWith(client);
    client.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
    expect(await code).toBe(1003);
    const line = events.find((e) => e.type === 'websocket' && e.status === 1003);
    expect(line).toMatchObject({ routeKey: '(binary frame)', reason: 'API Gateway does not take binary frames: it closes the connection with 1003' });
    const { connectionId } = line as Extract<DevEvent, { type: 'websocket' }>;
    expect(await waitUntil(() => logs(events).includes(`disconnect ${connectionId} 1003`), 20_000)).toBe(true);
    expect(logs(events).filter((l) => l.startsWith('message '))).toEqual(['message False text first']);
    expect(records(events).filter((r) => r.startsWith('$default'))).toEqual(['$default 200 EdgeFunction']);
  }, 30_000);

  // API Gateway developer guide, "Set up a $connect route that requires a WebSocket subprotocol": the handshake's
  // Sec-WebSocket-Protocol is the one $connect's result names; without one, none, and a client that asked fails.
  it("answers a handshake with the subprotocol $connect's result names, and with none when it names none", async () => {
    const chosen = await connect(url, {}, ['other', 'myprotocol']);
    if ('refused' in chosen) throw new Error(`refused with ${chosen.refused}`);
    expect(chosen.socket.protocol).toBe('myprotocol');
    chosen.socket.close();
    await expect(connect(url, {}, ['chat1'])).rejects.toThrow('Server sent no subprotocol');
    const plain = await opened(url);
    expect(plain.socket.protocol).toBe('');
    plain.socket.close();
  }, 30_000);

  // API Gateway quotas for WebSocket APIs: a message payload of 128 KB; past it the connection closes with 1009, and
  // PostToConnection answers 413 PayloadTooLargeException.
  it('takes a 128 KB message, closes the connection with 1009 past it, and answers PostToConnection past 128 KB with 413', async () => {
    const client = await opened(url);
    client.socket.send(`post ${128 * 1024}`);
    expect((await received(client, 2)).map((m) => m.length)).toEqual([128 * 1024, 'posted'.length]);
    client.socket.send(`post ${128 * 1024 + 1}`);
    expect(await received(client, 1)).toEqual([`too large: Message too long: ${128 * 1024 + 1} bytes, the limit is ${128 * 1024}`]);
    const code = closedWith(client);
    // In frames of 32 KB, as API Gateway wants them, the last one a byte past 128 KB.
    for (let i = 0; i < 4; i++) client.socket.send('y'.repeat(32 * 1024), { fin: false });
    client.socket.send('y', { fin: true });
    expect(await code).toBe(1009);
    const { connectionId } = events.find((e) => e.type === 'websocket' && e.routeKey === 'PostToConnection' && e.status === 413) as Extract<DevEvent, { type: 'websocket' }>;
    expect(events.find((e) => e.type === 'websocket' && e.status === 1009)).toMatchObject({ connectionId, routeKey: '(message too large)', reason: 'over 128 KB: API Gateway closes the connection with 1009' });
    expect(await waitUntil(() => logs(events).includes(`disconnect ${connectionId} 1009`), 20_000)).toBe(true);
  }, 30_000);

  // The quotas' footnote: messages over 32 KB must be split into frames of 32 KB or less; a bigger frame closes the
  // connection with 1009 (what a browser's send() of 40 KB does: it sends one frame).
  it('takes a 96 KB message in frames of 32 KB, and closes the connection with 1009 on a 40 KB frame, running no route', async () => {
    const client = await opened(url);
    const part = 'z'.repeat(32 * 1024);
    client.socket.send(part, { fin: false });
    client.socket.send(part, { fin: false });
    client.socket.send(part, { fin: true });
    expect((await received(client, 1)).map((m) => m.length)).toEqual([4 + 3 * 32 * 1024]);
    const code = closedWith(client);
    client.socket.send('w'.repeat(40 * 1024));
    expect(await code).toBe(1009);
    const line = events.find((e) => e.type === 'websocket' && e.routeKey === '(frame too large)');
    expect(line).toMatchObject({ status: 1009, reason: 'a frame over 32 KB: API Gateway closes the connection with 1009 (split bigger messages into frames of 32 KB)' });
    const { connectionId } = line as Extract<DevEvent, { type: 'websocket' }>;
    expect(await waitUntil(() => logs(events).includes(`disconnect ${connectionId} 1009`), 20_000)).toBe(true);
    expect(logs(events).filter((l) => l.startsWith('message False ww'))).toEqual([]);
  }, 30_000);

  it("sends a message whose route dev cannot serve API Gateway's error frame, not to $default", async () => {
    const client = await opened(url);
    client.socket.send('{"action":"mock"}');
    const [frame] = await received(client, 1);
    expect(JSON.parse(frame!)).toEqual({ message: 'Internal server error', connectionId: expect.any(String), requestId: expect.any(String) });
    expect(events.find((e) => e.type === 'websocket' && e.routeKey === 'mock')).toMatchObject({ status: 500, reason: 'mock is not served locally: it calls a mock integration' });
    expect(logs(events).filter((l) => l.includes('mock'))).toEqual([]);
    client.socket.close();
  }, 30_000);

  it('refuses a handshake that is no WebSocket handshake with 400 before $connect runs, which would have no $disconnect', async () => {
    const connects = () => records(events).filter((r) => r.startsWith('$connect ') && r.endsWith(' EdgeFunction')).length;
    const before = connects();
    const head = (lines: string[]) => ['GET /prod HTTP/1.1', 'Host: 127.0.0.1', 'Connection: Upgrade', ...lines, '', ''].join('\r\n');
    for (const lines of [
      ['Upgrade: websocket', 'Sec-WebSocket-Version: 13'],
      ['Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: short'],
      ['Upgrade: websocket', 'Sec-WebSocket-Version: 7', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='],
      ['Upgrade: h2c'],
    ]) {
      expect((await rawExchange(url.replace(/^ws:/, 'http:'), head(lines))).split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    }
    expect(connects()).toBe(before);
    expect(events.filter((e) => e.type === 'websocket' && e.status === 400).map((e) => e.type === 'websocket' && e.reason)).toEqual([
      'not a WebSocket handshake: no valid Sec-WebSocket-Key (16 bytes, base64)',
      'not a WebSocket handshake: no valid Sec-WebSocket-Key (16 bytes, base64)',
      'not a WebSocket handshake: Sec-WebSocket-Version 7, where API Gateway speaks 13',
      'not a WebSocket handshake: Upgrade h2c',
    ]);
  }, 30_000);
});

// The quotas' idle timeout (10 minutes) and connection duration (2 hours), shortened: both close with 1001.
describe('a WebSocket connection past its limits', () => {
  it('closes an idle connection with 1001, and a busy one when its duration is up, running $disconnect for each', async () => {
    const dir = project({ 'template.yaml': TEMPLATE, 'src/app.py': HANDLER });
    const { session, events } = await startDev(dir, { hostEnv: HOST_ENV, webSocketLimits: { idleMs: 1500, maxMs: 4000 } });
    try {
      const url = webSocketsOf(events)[0]!.url;
      const idle = await opened(url);
      const busy = await opened(url);
      const idleClosed = closedWith(idle);
      const busyClosed = closedWith(busy);
      const started = performance.now();
      const pings = setInterval(() => busy.socket.send('ping'), 400);
      try {
        expect(await idleClosed).toBe(1001);
        expect(performance.now() - started).toBeLessThan(3000);
        expect(busy.socket.readyState).toBe(busy.socket.OPEN);
        expect(await busyClosed).toBe(1001);
        expect(performance.now() - started).toBeGreaterThan(3500);
      } finally {
        clearInterval(pings);
      }
      const ended = events.flatMap((e) => (e.type === 'websocket' && e.status === 1001 ? [[e.routeKey, e.reason]] : []));
      expect(ended).toEqual([
        ['(idle timeout)', 'no message either way for 1500 ms: API Gateway closes the connection with 1001'],
        ['(connection duration)', "open for 4 s, API Gateway's longest: it closes the connection with 1001"],
      ]);
      expect(await waitUntil(() => logs(events).filter((l) => l.startsWith('disconnect ') && l.endsWith(' 1001')).length === 2, 20_000)).toBe(true);
    } finally {
      await session.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

