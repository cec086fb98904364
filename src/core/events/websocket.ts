import { groupHeaders, firstHeader } from './http/headers.js';
import { decodeQuery, lastValueMap, multiValueMap } from './http/query.js';
import { clfTime, type HeaderList } from './http/request.js';
import { CONNECT, DISCONNECT } from '../model/websocket-api.js';
import { urlSuffixOf } from '../partition.js';

/**
 * API Gateway's WebSocket events (API Gateway developer guide, "WebSocket API Lambda proxy integration"), shaped
 * like live captures: aws-lambda-go events/testdata/apigw-websocket-request-send-message.json and
 * -disconnect.json (test/fixtures/events/websocket-*.json). A CONNECT event carries the handshake's headers and
 * query; a MESSAGE one the frame's body and no headers; a DISCONNECT one a few fixed headers and why it closed.
 */

/** What stays the same for the life of a connection. */
export interface WebSocketConnection {
  readonly apiId: string;
  readonly stage: string;
  readonly domainName: string;
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent?: string;
}

/** One invocation's own: the route, the gateway's request id and when it came. */
export interface WebSocketRequest {
  readonly requestId: string;
  readonly timeEpochMs: number;
}

export function connectEvent(conn: WebSocketConnection, request: WebSocketRequest & { readonly headers: HeaderList; readonly rawQuery: string }): Record<string, unknown> {
  const grouped = groupHeaders(request.headers, { lowerCase: false });
  const query = decodeQuery(request.rawQuery);
  return {
    headers: Object.fromEntries([...grouped].map(([k, vs]) => [k, vs[vs.length - 1]!])),
    multiValueHeaders: Object.fromEntries(grouped),
    // Only with a query string: a live $connect without one has neither key.
    ...(query.length > 0 ? { queryStringParameters: lastValueMap(query), multiValueQueryStringParameters: multiValueMap(query) } : {}),
    requestContext: requestContext(conn, request, CONNECT, 'CONNECT', {}, firstHeader(request.headers, 'user-agent')),
    isBase64Encoded: false,
  };
}

/** A text frame's message: API Gateway closes the connection on a binary frame (core/gateway/websocket-frames.ts). */
export function messageEvent(conn: WebSocketConnection, request: WebSocketRequest & { readonly routeKey: string; readonly messageId: string; readonly body: string }): Record<string, unknown> {
  return {
    requestContext: requestContext(conn, request, request.routeKey, 'MESSAGE', { messageId: request.messageId }),
    body: request.body,
    isBase64Encoded: false,
  };
}

/** `statusCode`: the close frame's code (1001 when the client went away, 1005 when it sent none); `reason` its text. */
export function disconnectEvent(conn: WebSocketConnection, request: WebSocketRequest & { readonly statusCode: number; readonly reason: string }): Record<string, unknown> {
  return {
    // The live capture's headers, whatever the client sent.
    headers: { Host: conn.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' },
    multiValueHeaders: { Host: [conn.domainName], 'x-api-key': [''], 'X-Forwarded-For': [''], 'x-restapi': [''] },
    requestContext: requestContext(conn, request, DISCONNECT, 'DISCONNECT', { disconnectStatusCode: request.statusCode, disconnectReason: request.reason }),
    isBase64Encoded: false,
  };
}

/** `own`: what only this event type has (messageId; disconnectStatusCode and disconnectReason). */
function requestContext(conn: WebSocketConnection, request: WebSocketRequest, routeKey: string, eventType: string, own: Record<string, unknown>, userAgent?: string): Record<string, unknown> {
  const agent = userAgent ?? conn.userAgent;
  return {
    routeKey,
    ...own,
    eventType,
    extendedRequestId: request.requestId,
    requestTime: clfTime(request.timeEpochMs),
    messageDirection: 'IN',
    stage: conn.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: request.timeEpochMs,
    identity: { ...(agent !== undefined ? { userAgent: agent } : {}), sourceIp: conn.sourceIp },
    requestId: request.requestId,
    domainName: conn.domainName,
    connectionId: conn.connectionId,
    apiId: conn.apiId,
  };
}

/**
 * The frame API Gateway sends the client itself: `Forbidden` for a message no route takes, `Internal server error`
 * when the integration failed (a function error, a timeout).
 */
export function gatewayErrorFrame(message: 'Forbidden' | 'Internal server error', connectionId: string, requestId: string): string {
  return JSON.stringify({ message, connectionId, requestId });
}

/**
 * What the function's Invoke output means for a `$connect`: the handshake goes on, with the subprotocol the result's
 * `Sec-WebSocket-Protocol` header names (API Gateway developer guide, "Set up a $connect route that requires a
 * WebSocket subprotocol": API Gateway picks none itself), or is refused with a status.
 */
export function connectOutcome(output: { readonly payload: Buffer; readonly functionError: boolean }): { accept: true; protocol?: string } | { accept: false; status: number; why: string } {
  // A failed integration fails the handshake as a bad gateway (wscat: "Unexpected server response: 502").
  if (output.functionError) return { accept: false, status: 502, why: 'the function failed' };
  const result = resultObject(output.payload);
  const status = statusOf(result);
  if (status !== undefined && (status < 200 || status >= 300)) return { accept: false, status, why: `$connect returned statusCode ${status}` };
  const protocol = headerOf(result, 'sec-websocket-protocol');
  return { accept: true, ...(protocol ? { protocol } : {}) };
}

/**
 * What a route with a route response sends back: the result's `body` (a proxy integration's answer), as text. Nothing
 * when the result has none. A route without a route response sends nothing, whatever the function returns.
 */
export function routeReply(output: { readonly payload: Buffer }): string | undefined {
  const body = resultObject(output.payload)?.body;
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function resultObject(payload: Buffer): Record<string, unknown> | undefined {
  const result = parsed(payload);
  return result !== null && typeof result === 'object' && !Array.isArray(result) ? result as Record<string, unknown> : undefined;
}

function statusOf(result: Record<string, unknown> | undefined): number | undefined {
  const code = result?.statusCode;
  const n = typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : undefined;
  return n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/** A result's header by its name in lower case: a proxy result's `headers` may spell it in any case. */
function headerOf(result: Record<string, unknown> | undefined, name: string): string | undefined {
  const headers = result?.headers;
  if (headers === null || typeof headers !== 'object') return undefined;
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof value === 'string' ? value : undefined;
}

function parsed(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A sample event of a route (`pylambda events generate apigw-websocket`, `pylambda invoke`'s default): `$connect` with a
 * browser's handshake headers, `$disconnect` as a client going away (1001), any other route a message. A custom route's
 * message, without a body given, is one the route selection expression takes to it (`{"action": "sendMessage"}`).
 */
export function webSocketSample(ctx: { nowMs: number; newId: () => string; region: string }, options: { routeKey: string; body?: string; apiId: string; stage: string; routeSelectionExpression: string }): Record<string, unknown> {
  const id = () => Buffer.from(ctx.newId().replace(/-/g, '').slice(0, 22), 'hex').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const domainName = `${options.apiId}.execute-api.${ctx.region}.${urlSuffixOf(ctx.region)}`;
  const conn: WebSocketConnection = { apiId: options.apiId, stage: options.stage, domainName, connectionId: id(), connectedAt: ctx.nowMs, sourceIp: '192.0.2.1', userAgent: SAMPLE_AGENT };
  const request = { requestId: id(), timeEpochMs: ctx.nowMs };
  if (options.routeKey === CONNECT) {
    const headers: Array<[string, string]> = [['Host', domainName], ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Sec-WebSocket-Version', '13'], ['User-Agent', SAMPLE_AGENT], ['X-Forwarded-For', '192.0.2.1'], ['X-Forwarded-Port', '443'], ['X-Forwarded-Proto', 'https']];
    return connectEvent(conn, { ...request, headers, rawQuery: '' });
  }
  if (options.routeKey === DISCONNECT) return disconnectEvent(conn, { ...request, statusCode: 1001, reason: '' });
  const body = options.body ?? selectingBody(options.routeSelectionExpression, options.routeKey);
  return messageEvent(conn, { ...request, routeKey: options.routeKey, messageId: id(), body });
}

const SAMPLE_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** `{"action": "sendMessage"}` for `$request.body.action`; `{}` for `$default` or an expression of several properties. */
function selectingBody(expression: string, routeKey: string): string {
  const path = /^\$request\.body\.([\w.]+)$/.exec(expression)?.[1];
  if (!path || routeKey.startsWith('$')) return '{}';
  return JSON.stringify(path.split('.').reduceRight<unknown>((value, key) => ({ [key]: value }), routeKey));
}
