import type { ServerResponse } from 'node:http';
import { wireText } from '../core/events/http/headers.js';
import type { HttpResponse } from '../core/events/http/request.js';

// How the gateways put a response on the wire: the front doors' answer as Node writes it, and pylambda's own 500.

/**
 * Headers Node manages itself, which a function's response must not set twice. `Trailer` announces trailers
 * that a response with a Content-Length cannot carry: Node's writeHead refuses it ("Trailers are invalid with
 * this transfer encoding"), and the front doors answer with a body of known length.
 */
const MANAGED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'trailer']);

/** Statuses whose responses have no body (RFC 9110 6.4.1): no Content-Length either, whatever the function returned. */
const NO_BODY = new Set([204, 304]);

/** Writes a front door's response; `close` ends the connection after it. */
export function send(res: ServerResponse, response: HttpResponse, close = false): void {
  const flat: string[] = [];
  for (const [name, value] of response.headers) {
    if (!MANAGED.has(name.toLowerCase())) flat.push(name, wireText(value));
  }
  const bodyless = NO_BODY.has(response.statusCode);
  if (!bodyless) flat.push('Content-Length', String(response.body.length));
  if (close) flat.push('Connection', 'close');
  if (response.statusMessage !== undefined) res.writeHead(response.statusCode, wireText(response.statusMessage), flat);
  else res.writeHead(response.statusCode, flat);
  res.end(bodyless ? undefined : response.body);
}

/** The answer to a request pylambda itself failed on; never throws (the response may be half set up). */
export function internalError(res: ServerResponse, message: string): void {
  try {
    if (res.headersSent) throw new Error('headers already sent');
    const body = Buffer.from(`pylambda: ${message}\n`);
    // A writeHead that threw may have left its headers set (a Content-Length of the other body): these replace them.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.writeHead(500, 'Internal Server Error', { 'content-type': 'text/plain', 'content-length': String(body.length) });
    res.end(body);
  } catch {
    res.destroy();
  }
}
