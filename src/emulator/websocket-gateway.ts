import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { randomHex } from '../adapters/random.js';
import { httpApiRequestId } from '../core/events/http/request.js';
import { connectEvent, connectOutcome, disconnectEvent, gatewayErrorFrame, messageEvent, routeReply, type WebSocketConnection } from '../core/events/websocket.js';
import { connectionInfo, connectionsRequest, deleted, gone, MAX_POST_BYTES, payloadTooLarge, posted, type ConnectionsAnswer } from '../core/gateway/websocket-connections.js';
import { FRAME_TOO_LARGE, FrameSizes, MAX_MESSAGE_BYTES, refusedMessage, TOO_LARGE, type FrameRefusal } from '../core/gateway/websocket-frames.js';
import { handshakeProblem } from '../core/gateway/websocket-handshake.js';
import { API_GATEWAY_LIMITS, connectionEnd, type ConnectionLimits } from '../core/gateway/websocket-lifetime.js';
import { selectRouteKey } from '../core/gateway/websocket-route.js';
import { newTraceHeader } from '../core/runtime/protocol.js';
import { CONNECT, DISCONNECT, type WebSocketApi, type WebSocketRoute } from '../core/model/websocket-api.js';
import type { GatewayServerOptions, InvocationRecord, InvokeDone } from './gateway-server.js';
import { listenError } from './host-error.js';
import { refuseAsNode } from './client-error.js';
import { refuseTls } from './tls-refusal.js';
import { withTimeout } from './with-timeout.js';
import { KEEP_ALIVE_TIMEOUT_MS } from './keep-alive.js';

/** One thing a WebSocket API did, as the dev server logs it: a handshake, a message, a disconnect, an @connections call. */
export interface WebSocketRecord extends InvocationRecord {
  readonly apiId: string;
  readonly connectionId: string;
  /** `$connect`, `$disconnect`, a route key; or the @connections operation (`PostToConnection`). */
  readonly routeKey: string;
}

/** As an HTTP gateway's: `integrationTimeoutMs` shortens API Gateway's 29 s, for tests. */
export interface WebSocketGatewayOptions extends Pick<GatewayServerOptions, 'host' | 'port' | 'invoke' | 'onError' | 'onWarning' | 'integrationTimeoutMs' | 'untimed'> {
  readonly api: WebSocketApi;
  /** API Gateway's 10 minutes idle and 2 hours in all, unless shorter ones are given (tests). */
  readonly limits?: ConnectionLimits;
  readonly onRecord: (record: WebSocketRecord) => void;
}

/** API Gateway's integration timeout for WebSocket APIs (quotas: 50 ms - 29 s). */
const INTEGRATION_TIMEOUT_MS = 29_000;

interface Open {
  readonly socket: WebSocket;
  readonly conn: WebSocketConnection;
  lastActiveAt: number;
  /** The last frame either way (a client's message, a PostToConnection): the idle timeout counts from it. */
  lastTrafficAt: number;
  /** Closes the connection when its idle timeout or duration is up. */
  timer?: NodeJS.Timeout;
  /** The code the gateway closed the connection with: $disconnect's, whatever the client answers (or fails to). */
  closedWith?: number;
}

/**
 * A WebSocket API on a port of its own: handshakes run `$connect` (a non-2xx refuses them), messages the route their
 * body selects, a close `$disconnect`; plain HTTP on the same port is the @connections management API the functions
 * call through boto3 (AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI).
 */
export class WebSocketGateway {
  private readonly open = new Map<string, Open>();
  /** Handshakes whose $connect is running: stop() ends them rather than wait up to the integration timeout. */
  private readonly pending = new Set<Duplex>();
  /** The subprotocol each handshake's $connect chose, for handleProtocols. */
  private readonly protocols = new WeakMap<IncomingMessage, string>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: (_, req) => this.protocols.get(req) ?? false });
  private closing = false;

  private constructor(private readonly server: Server, private api: WebSocketApi, private readonly options: WebSocketGatewayOptions) {}

  static async start(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
    const server = createServer();
    // boto3's apigatewaymanagementapi client keeps its pool between invocations: Node's 5 s reset its reuses (keep-alive.ts).
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    const gateway = new WebSocketGateway(server, options.api, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void gateway.manage(req, res).catch((error: Error) => {
      options.onError(error);
      if (!res.headersSent) res.writeHead(500).end();
    }));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void gateway.upgrade(req, socket, head).catch((error: Error) => {
      options.onError(error);
      refuse(socket, 500);
    }));
    // One port, two protocols: a wss:// client and boto3 with an https endpoint_url for @connections both open with TLS.
    refuseTls(server, {
      listener: () => ({
        name: `the WebSocket API ${gateway.api.id}`, asked: 'wss:// or https://', url: `ws://${hostPart(options.host)}:${gateway.port}`,
        serves: 'plain ws:// and http://', use: `${gateway.url} (@connections: ${gateway.connectionsUrl})`,
      }),
      onWarning: options.onWarning, otherwise: refuseAsNode,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options.host, options.port, `WebSocket API ${options.api.id}`)));
      server.listen(options.port, options.host, () => resolve());
    });
    return gateway;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `ws://127.0.0.1:PORT/STAGE`, what a client connects to (the root works too). */
  get url(): string {
    return `ws://${hostPart(this.options.host)}:${this.port}/${this.api.stage}`;
  }

  /** `http://127.0.0.1:PORT/STAGE`: the @connections endpoint, boto3's endpoint_url for `apigatewaymanagementapi`. */
  get connectionsUrl(): string {
    const host = ['0.0.0.0', '::'].includes(this.options.host) ? '127.0.0.1' : hostPart(this.options.host);
    return `http://${host}:${this.port}/${this.api.stage}`;
  }

  /** A reload's new version of the API: new messages take its routes; open connections stay. */
  setApi(api: WebSocketApi): void {
    this.api = api;
  }

  /** Closes every connection (1001, going away: `$disconnect` runs for each, as when a stage is redeployed) and stops listening. */
  async close(): Promise<void> {
    this.closing = true;
    for (const socket of this.pending) socket.destroy();
    for (const open of this.open.values()) {
      clearTimeout(open.timer);
      open.closedWith = 1001;
      open.socket.close(1001, 'Going away');
    }
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      // A client that does not answer the close frame is cut off.
      setTimeout(() => {
        for (const { socket } of this.open.values()) socket.terminate();
      }, 1000).unref();
    });
  }

  private route(key: string): WebSocketRoute | undefined {
    return this.api.routes.find((r) => r.routeKey === key);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const started = performance.now();
    const [path = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const connectionId = httpApiRequestId(randomHex(11));
    if (path !== '/' && path.replace(/\/$/, '') !== `/${this.api.stage}`) {
      refuse(socket, 404);
      this.record({ connectionId, routeKey: CONNECT, status: 404, started, reason: `no WebSocket API at ${path}: connect to / or /${this.api.stage}` });
      return;
    }
    const problem = handshakeProblem(req.method ?? 'GET', req.headers);
    if (problem) {
      refuse(socket, 400);
      this.record({ connectionId, routeKey: CONNECT, status: 400, started, reason: problem });
      return;
    }
    const now = Date.now();
    const conn: WebSocketConnection = {
      apiId: this.api.id, stage: this.api.stage, domainName: req.headers.host ?? `127.0.0.1:${this.port}`, connectionId, connectedAt: now,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    };
    const route = this.route(CONNECT);
    if (route) {
      const headers = pairsOf(req.rawHeaders);
      const requestId = httpApiRequestId(randomHex(11));
      this.pending.add(socket);
      const done = await this.run(route, connectEvent(conn, { requestId, timeEpochMs: now, headers, rawQuery }), requestId).finally(() => this.pending.delete(socket));
      const outcome = 'output' in done ? connectOutcome(done.output) : { accept: false as const, status: 502, why: done.why };
      if (!outcome.accept) {
        refuse(socket, outcome.status);
        this.record({ connectionId, routeKey: CONNECT, status: outcome.status, started, done, reason: outcome.why });
        return;
      }
      if (outcome.protocol) this.protocols.set(req, outcome.protocol);
      this.record({ connectionId, routeKey: CONNECT, status: 101, started, done });
    } else {
      this.record({ connectionId, routeKey: CONNECT, status: 101, started });
    }
    if (this.closing || socket.destroyed) {
      refuse(socket, 410);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.opened(ws, conn, socket));
  }

  /** `raw`: the connection's TCP socket, whose frames' sizes are checked as they come (ws sees only messages). */
  private opened(socket: WebSocket, conn: WebSocketConnection, raw: Duplex): void {
    const open: Open = { socket, conn, lastActiveAt: Date.now(), lastTrafficAt: Date.now() };
    this.open.set(conn.connectionId, open);
    this.expire(open);
    const sizes = new FrameSizes();
    // Before ws's own listener, which emits the frame's message before this one would see it.
    raw.prependListener('data', (chunk: Buffer) => {
      if (open.closedWith !== undefined || sizes.push(chunk) === undefined) return;
      this.refuse(open, FRAME_TOO_LARGE, performance.now());
      socket.close(FRAME_TOO_LARGE.code);
    });
    socket.on('message', (data: RawData, binary: boolean) => {
      open.lastActiveAt = open.lastTrafficAt = Date.now();
      this.message(open, toBuffer(data), binary).catch((error: Error) => this.options.onError(error));
    });
    socket.on('error', (error: Error & { code?: string }) => {
      // ws has closed the connection with 1009 already (maxPayload).
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.refuse(open, TOO_LARGE, performance.now());
    });
    socket.on('close', (code: number, reason: Buffer) => {
      clearTimeout(open.timer);
      this.open.delete(conn.connectionId);
      this.disconnected(conn, open.closedWith ?? code, reason.toString('utf8')).catch((error: Error) => this.options.onError(error));
    });
  }

  private async message(open: Open, body: Buffer, binary: boolean): Promise<void> {
    const started = performance.now();
    const { conn, socket } = open;
    // A frame over 32 KB closed the connection: the rest of its message goes nowhere.
    if (open.closedWith !== undefined) return;
    const refusal = refusedMessage({ binary });
    if (refusal) {
      this.refuse(open, refusal, started);
      socket.close(refusal.code);
      return;
    }
    const requestId = httpApiRequestId(randomHex(11));
    const text = body.toString('utf8');
    const unserved = this.api.unservedRoutes ?? [];
    const key = selectRouteKey(this.api.routeSelectionExpression, text, new Set([...this.api.routes, ...unserved].map((r) => r.routeKey)));
    const notHere = unserved.find((r) => r.routeKey === key);
    if (notHere) {
      send(socket, gatewayErrorFrame('Internal server error', conn.connectionId, requestId));
      this.record({ connectionId: conn.connectionId, routeKey: notHere.routeKey, status: 500, started, reason: `${notHere.routeKey} is not served locally: ${notHere.why}` });
      return;
    }
    const route = key === undefined ? undefined : this.route(key);
    if (!route) {
      send(socket, gatewayErrorFrame('Forbidden', conn.connectionId, requestId));
      this.record({ connectionId: conn.connectionId, routeKey: '(none)', status: 403, started, reason: `no route for the message and no $default (${this.api.routeSelectionExpression})` });
      return;
    }
    const event = messageEvent(conn, { requestId, timeEpochMs: Date.now(), routeKey: route.routeKey, messageId: httpApiRequestId(randomHex(11)), body: text });
    const done = await this.run(route, event, requestId);
    if (!('output' in done) || done.output.functionError) {
      send(socket, gatewayErrorFrame('Internal server error', conn.connectionId, requestId));
      this.record({ connectionId: conn.connectionId, routeKey: route.routeKey, status: 502, started, done, reason: 'why' in done ? done.why : 'the function failed' });
      return;
    }
    const reply = route.respond ? routeReply(done.output) : undefined;
    if (reply !== undefined) send(socket, reply);
    this.record({ connectionId: conn.connectionId, routeKey: route.routeKey, status: 200, started, done, ...(route.respond ? {} : { reason: 'no route response: the result is not sent back' }) });
  }

  /** Arms the connection's timer for when it ends unless a frame comes first; fired early, it arms itself again. */
  private expire(open: Open): void {
    const { at, refusal } = connectionEnd({ connectedAt: open.conn.connectedAt, lastTrafficAt: open.lastTrafficAt }, this.options.limits ?? API_GATEWAY_LIMITS);
    const wait = at - Date.now();
    if (wait > 0) {
      open.timer = setTimeout(() => this.expire(open), wait);
      return;
    }
    if (open.closedWith !== undefined) return;
    this.refuse(open, refusal, performance.now());
    open.socket.close(refusal.code, 'Going away');
  }

  private refuse(open: Open, refusal: FrameRefusal, started: number): void {
    open.closedWith = refusal.code;
    this.record({ connectionId: open.conn.connectionId, routeKey: refusal.label, status: refusal.code, started, reason: refusal.why });
  }

  private async disconnected(conn: WebSocketConnection, code: number, reason: string): Promise<void> {
    const started = performance.now();
    const route = this.route(DISCONNECT);
    if (!route) return;
    const requestId = httpApiRequestId(randomHex(11));
    const done = await this.run(route, disconnectEvent(conn, { requestId, timeEpochMs: Date.now(), statusCode: code, reason }), requestId);
    this.record({ connectionId: conn.connectionId, routeKey: DISCONNECT, status: 'output' in done && !done.output.functionError ? 200 : 502, started, done });
  }

  /** The route's function with the event, within the integration timeout. */
  private async run(route: WebSocketRoute, event: Record<string, unknown>, requestId: string): Promise<InvokeDone | { why: string }> {
    const trace = newTraceHeader(Date.now(), randomHex(20));
    const payload = Buffer.from(JSON.stringify(event));
    try {
      const timeout = this.options.untimed?.(route.functionId) ? undefined : this.options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
      const done = await withTimeout(this.options.invoke(route.functionId, payload, requestId, trace, () => true, { qualifier: route.qualifier }), timeout);
      return done === 'timeout' ? { why: `the integration timed out after ${timeout} ms` } : done;
    } catch (error) {
      return { why: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The @connections API: POST sends, GET describes, DELETE closes; 410 for a connection not open. */
  private async manage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const body = await readAll(req);
    const parsed = connectionsRequest(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!, this.api.stage);
    const answer = 'answer' in parsed ? parsed.answer : this.operate(parsed.operation, parsed.connectionId, body);
    res.writeHead(answer.status, answer.headers).end(answer.body);
    if (!('answer' in parsed)) this.record({ connectionId: parsed.connectionId, routeKey: parsed.operation, status: answer.status, started });
  }

  private operate(operation: string, connectionId: string, body: Buffer): ConnectionsAnswer {
    const open = this.open.get(connectionId);
    if (!open || open.socket.readyState !== open.socket.OPEN) return gone();
    if (operation === 'GetConnection') {
      const { conn } = open;
      return connectionInfo({ connectedAt: conn.connectedAt, lastActiveAt: open.lastActiveAt, sourceIp: conn.sourceIp, ...(conn.userAgent ? { userAgent: conn.userAgent } : {}) });
    }
    if (operation === 'DeleteConnection') {
      open.socket.close(1000);
      return deleted();
    }
    if (body.length > MAX_POST_BYTES) return payloadTooLarge(body.length);
    open.lastTrafficAt = Date.now();
    // Text frames for text, binary frames for the rest (what a browser's onmessage gets as a string or a Blob).
    open.socket.send(body, { binary: !isUtf8(body) });
    return posted();
  }

  private record(r: { connectionId: string; routeKey: string; status: number; started: number; done?: InvokeDone | { why: string }; reason?: string }): void {
    const done = r.done && 'output' in r.done ? r.done : undefined;
    this.options.onRecord({
      apiId: this.api.id, connectionId: r.connectionId, routeKey: r.routeKey, status: r.status, durationMs: performance.now() - r.started,
      ...(r.done ? { functionId: this.route(r.routeKey)?.functionId } : {}),
      ...(done ? { cold: done.cold, lambdaRequestId: done.lambdaRequestId } : {}),
      ...(r.reason ?? done?.rejected ? { reason: r.reason ?? done?.rejected } : {}),
    });
  }
}

/** A frame to a client that may have gone while its function ran. */
function send(socket: WebSocket, data: string): void {
  if (socket.readyState === socket.OPEN) socket.send(data);
}

function refuse(socket: Duplex, status: number): void {
  if (!socket.writable) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

function pairsOf(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function toBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
