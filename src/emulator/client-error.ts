/**
 * Requests Node's HTTP parser refuses before there is a request to route (a lower-case or unknown method,
 * Content-Length next to Transfer-Encoding, headers past the 64 KB the gateways read): what to answer, and what
 * the dev log says of them, from the parser's error and the bytes it saw. Node's own answers (431, 408,
 * else 400) are kept where no front door's own is known; an edge-optimized API's CloudFront gives its own
 * (parser-refusals.ts).
 */

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { originForm, type HttpResponse } from '../core/events/http/request.js';

/** What Node's `clientError` event hands over (an llhttp parse error carries `reason`, `rawPacket`, `bytesParsed`). */
export interface ParserError {
  readonly code?: string;
  readonly reason?: string;
  readonly rawPacket?: Buffer;
  readonly bytesParsed?: number;
}

export interface RefusedRequest {
  readonly status: number;
  readonly statusText: string;
  /** As far as the bytes tell: `-` when there is no request line to read. */
  readonly method: string;
  readonly path: string;
  readonly query?: string;
  readonly reason: string;
  /** The Transfer-Encoding the parser refused (HPE_INVALID_TRANSFER_ENCODING), as sent: a load balancer's answer depends on it. */
  readonly transferEncoding?: string;
}

/** The largest request head the gateways read; API Gateway's own limit (10240 bytes) is a warning below it. */
export const MAX_REQUEST_HEAD_BYTES = 64 * 1024;

/** The connection ended before the parser saw a whole request: a client that went away, not one that spoke badly. */
const CONNECTION_ENDED = new Set(['ECONNRESET', 'EPIPE', 'HPE_INVALID_EOF_STATE']);

/**
 * The answer to a request the parser refused, or undefined when there is none to give: the connection broke
 * or ended (ECONNRESET, EPIPE, a close in the middle of a request) rather than carried something that is not HTTP.
 */
export function refusedRequest(error: ParserError): RefusedRequest | undefined {
  const code = error.code ?? '';
  if (CONNECTION_ENDED.has(code)) return undefined;
  const line = requestLine(error);
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, statusText: 'Request Header Fields Too Large', ...line, reason: 'the request headers are over the 64 KB pylambda reads' };
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return { status: 413, statusText: 'Payload Too Large', ...line, reason: 'the chunk extensions of the body are over what Node reads' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, statusText: 'Request Timeout', ...line, reason: 'the request headers did not arrive in time' };
  if (!code.startsWith('HPE_')) return undefined;
  const transferEncoding = code === 'HPE_INVALID_TRANSFER_ENCODING' ? headerValue(error, 'transfer-encoding') : undefined;
  return { status: 400, statusText: 'Bad Request', ...line, reason: `malformed request: ${why(code, error, line.method)}`, ...(transferEncoding === undefined ? {} : { transferEncoding }) };
}

/** The raw response Node would have sent (Connection: close: the parser cannot find where the next request starts). */
export function refusalBytes(refused: RefusedRequest): string {
  return `HTTP/1.1 ${refused.status} ${refused.statusText}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
}

/** A front door's own answer to a refused request as raw bytes, ending the connection as Node's does. */
export function responseBytes(response: HttpResponse): Buffer {
  const head = [
    `HTTP/1.1 ${response.statusCode} ${STATUS_CODES[response.statusCode] ?? 'Unknown'}`, ...response.headers.map(([name, value]) => `${name}: ${value}`),
    `Date: ${new Date().toUTCString()}`, `Content-Length: ${response.body.length}`, 'Connection: close', '', '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), response.body]);
}

/**
 * Node's own answer to a request its parser refused, for a server that listens to `clientError` only to find
 * TLS clients (tls-refusal.ts): with a listener, Node leaves the answer to it.
 */
export function refuseAsNode(error: ParserError, socket: Duplex): void {
  const refused = refusedRequest(error);
  if (refused && socket.writable) socket.end(refusalBytes(refused), () => socket.destroy());
  else socket.destroy();
}

function why(code: string, error: ParserError, method: string): string {
  if (code === 'HPE_INVALID_METHOD' && method !== '-' && method !== method.toUpperCase()) return `method '${method}' is not one Node's HTTP parser knows (methods are case-sensitive: ${method.toUpperCase()})`;
  if (code === 'HPE_INVALID_METHOD' && method !== '-') return `method '${method}' is not one Node's HTTP parser knows`;
  return `${error.reason ?? code} (Node's HTTP parser, ${code})`;
}

/** A request line: a method token, a space, a target (origin, absolute or asterisk form). */
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\/\S*|\*|[a-z][a-z0-9+.-]*:\/\/\S*)/i;

/**
 * The method and target of the request the parser stopped in. `rawPacket` may hold earlier requests of the same
 * connection (pipelined) before it: the last request line at or before the line it stopped on is this one's.
 */
function requestLine(error: ParserError): { method: string; path: string; query?: string } {
  const unknown = { method: '-', path: '-' };
  if (!error.rawPacket) return unknown;
  const text = error.rawPacket.subarray(0, MAX_REQUEST_HEAD_BYTES).toString('latin1');
  const stop = Math.min(error.bytesParsed ?? 0, text.length);
  const lineEnd = text.indexOf('\n', stop);
  const lines = (lineEnd < 0 ? text : text.slice(0, lineEnd)).split('\n').map((l) => l.replace(/\r$/, ''));
  for (let i = lines.length - 1; i >= 0; i--) {
    const found = REQUEST_LINE.exec(lines[i]!);
    if (!found) continue;
    const target = originForm(found[2]!) ?? found[2]!;
    const q = target.indexOf('?');
    return { method: found[1]!, ...(q < 0 ? { path: target } : { path: target.slice(0, q), query: target.slice(q + 1) }) };
  }
  return unknown;
}

/** The last value of a header in the head the parser stopped in, up to the line it stopped on. */
function headerValue(error: ParserError, name: string): string | undefined {
  if (!error.rawPacket) return undefined;
  const text = error.rawPacket.subarray(0, MAX_REQUEST_HEAD_BYTES).toString('latin1');
  const lineEnd = text.indexOf('\n', Math.min(error.bytesParsed ?? 0, text.length));
  let value: string | undefined;
  for (const line of (lineEnd < 0 ? text : text.slice(0, lineEnd)).split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).toLowerCase() === name) value = line.slice(colon + 1).trim();
  }
  return value;
}
