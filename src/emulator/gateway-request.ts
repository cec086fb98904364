import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { randomHex } from '../adapters/random.js';
import { httpApiRequestId, type HttpRequest } from '../core/events/http/request.js';
import type { EndpointKind } from '../core/model/project.js';

// How the gateways read a request off the wire: its body, its headers as pairs, and the ids a front door gives it.

/** The client closed the connection before its request was read in full. */
export class ClientGone extends Error {}

/** The body, or undefined when it is over `limit` (what was sent is then discarded, not kept). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    // Closed before the end of its body: the client went away (or the connection broke).
    req.on('error', () => reject(new ClientGone()));
    req.on('close', () => {
      if (!req.complete) reject(new ClientGone());
    });
  });
}

/** Enough of a request for a gateway's own error response (its request id headers). */
export function gatewayRequest(req: IncomingMessage, rawPath: string, kind: EndpointKind): HttpRequest {
  return {
    method: req.method ?? 'GET', rawPath, rawQuery: '', headers: [], body: Buffer.alloc(0), sourceIp: '127.0.0.1',
    protocol: `HTTP/${req.httpVersion}`, timeEpochMs: Date.now(), requestId: gatewayRequestId(kind),
  };
}

/** A request target's path and query, as a request's line shows them (the query apart). */
export function pathAndQuery(target: string): { path: string; query?: string } {
  const query = target.indexOf('?');
  return query < 0 ? { path: target } : { path: target.slice(0, query), query: target.slice(query + 1) };
}

export function pairs(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** REST APIs use UUIDs; HTTP APIs ids like `LV7fzho-PHcEJPw=`; function URLs the invocation's own id. */
export function gatewayRequestId(kind: EndpointKind): string {
  // Both draw from pools (randomUUID's inside Node): a call into OpenSSL per request costs a share of it.
  return kind === 'http' ? httpApiRequestId(randomHex(11)) : randomUUID();
}
