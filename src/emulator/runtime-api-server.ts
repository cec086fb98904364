import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '../core/model/limits.js';
import { RUNTIME_API_ERRORS } from '../core/runtime/errors.js';
import { parseRuntimeRoute } from '../core/runtime/protocol.js';

/** A reply the environment gives to a runtime's call. */
export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
}

/** What an environment does with each Runtime API call; the server only speaks HTTP. */
export interface RuntimeApiHandler {
  /** `GET next`: keep `deliver` and call it when there is an event. */
  next(deliver: (headers: Record<string, string>, body: Buffer) => void, refuse: (reply: ApiReply) => void): void;
  result(kind: 'response' | 'error', requestId: string, body: Buffer, headers: IncomingMessage['headers']): ApiReply;
  /** A response body over Lambda's limit; the body itself was not kept. */
  tooLarge(requestId: string, size: number): ApiReply;
  initError(body: Buffer, headers: IncomingMessage['headers']): ApiReply;
}

const ACCEPTED: ApiReply = { status: 202, body: { status: 'OK' } };
export { ACCEPTED };

/** One Runtime API server per execution environment, on loopback and an ephemeral port. */
export class RuntimeApiServer {
  private readonly server: Server;

  private constructor(server: Server, readonly address: string) {
    this.server = server;
  }

  static async start(handler: RuntimeApiHandler): Promise<RuntimeApiServer> {
    const server = createServer({ requestTimeout: 0, headersTimeout: 0, noDelay: true }, (req, res) => route(handler, req, res));
    // The runtime holds `GET next` open for as long as the environment is idle.
    server.keepAliveTimeout = 0;
    server.timeout = 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    server.unref();
    return new RuntimeApiServer(server, `127.0.0.1:${port}`);
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }
}

function route(handler: RuntimeApiHandler, req: IncomingMessage, res: ServerResponse): void {
  const call = parseRuntimeRoute(req.method ?? 'GET', req.url ?? '/');
  if (call.kind === 'next') {
    req.resume();
    handler.next(
      (headers, body) => {
        res.writeHead(200, { ...headers, 'content-length': body.length });
        res.end(body);
      },
      (reply) => send(res, reply),
    );
    return;
  }
  if (call.kind === 'unknown') {
    req.resume();
    send(res, RUNTIME_API_ERRORS.notFound);
    return;
  }
  readBody(req, LIMITS.responsePayloadBytes, (body, size) => {
    if (call.kind === 'initError') return send(res, handler.initError(body ?? Buffer.alloc(0), req.headers));
    if (body === undefined) return send(res, handler.tooLarge(call.requestId, size));
    send(res, handler.result(call.kind, call.requestId, body, req.headers));
  });
}

/** Reads a body up to `limit` bytes; past it, counts the rest without keeping it. */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | undefined, size: number) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on('end', () => done(size <= limit ? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) : undefined, size));
  req.on('error', () => undefined);
}

function send(res: ServerResponse, reply: ApiReply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
