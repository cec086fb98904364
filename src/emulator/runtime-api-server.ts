import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../adapters/process.js';
import { LIMITS } from '../core/model/limits.js';
import { RUNTIME_API_ERRORS } from '../core/runtime/errors.js';
import { RequestParser, encodeResponse, type ParsedRequest } from '../core/runtime/http-parser.js';
import { parseRuntimeRoute } from '../core/runtime/protocol.js';

/** A reply the environment gives to a runtime's call. */
export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
}

/** What an environment does with each Runtime API call; the server only speaks HTTP. */
export interface RuntimeApiHandler {
  /** `GET next`: keep `deliver` and call it when there is an event. `headers` are the request's. */
  next(deliver: (headers: Record<string, string>, body: Buffer) => void, refuse: (reply: ApiReply) => void, headers: Readonly<Record<string, string>>): void;
  result(kind: 'response' | 'error', requestId: string, body: Buffer, headers: Readonly<Record<string, string>>): ApiReply;
  /** A response body over Lambda's limit; the body itself was not kept. */
  tooLarge(requestId: string, size: number): ApiReply;
  initError(body: Buffer, headers: Readonly<Record<string, string>>): ApiReply;
}

export const ACCEPTED: ApiReply = { status: 202, body: { status: 'OK' } };

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * One Runtime API server per execution environment, on loopback and an ephemeral port. Responses on a
 * connection go out in request order, so a held `GET next` also holds anything pipelined behind it.
 */
export class RuntimeApiServer {
  private readonly sockets = new Set<Socket>();
  private closed = false;

  private constructor(private readonly servers: Server[], readonly address: string, readonly unixPath: string | undefined) {}

  /**
   * Listens on loopback TCP (AWS_LAMBDA_RUNTIME_API is host:port, which every runtime client speaks) and,
   * with `unixSocket`, on a Unix socket too: the same protocol, which pylambda's own client prefers.
   */
  static async start(handler: RuntimeApiHandler, options: { unixSocket?: boolean } = {}): Promise<RuntimeApiServer> {
    const tcp = await listen({ port: 0, host: '127.0.0.1' });
    const address = tcp.address();
    if (address === null || typeof address === 'string') throw new Error('Runtime API server has no TCP address');
    const servers = [tcp];
    let unixPath: string | undefined;
    if (options.unixSocket && process.platform !== 'win32') {
      const path = acquireSocketPath(address.port);
      try {
        if (path) servers.push(await listen({ path }));
        unixPath = path;
      } catch {
        // The socket is only a faster way to the same server: without it, the runtime uses TCP.
        releaseSocketPath(path);
      }
    }
    const api = new RuntimeApiServer(servers, `127.0.0.1:${address.port}`, unixPath);
    for (const server of servers) {
      server.on('connection', (socket) => api.serve(socket, handler));
      server.unref();
    }
    return api;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const server of this.servers) server.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (this.unixPath) releaseSocketPath(this.unixPath);
  }

  private serve(socket: Socket, handler: RuntimeApiHandler): void {
    this.sockets.add(socket);
    if (socket.remoteAddress !== undefined) socket.setNoDelay(true);
    socket.unref();
    const parser = new RequestParser(LIMITS.responsePayloadBytes);
    // Replies go out in request order, a slot per request. While a later request of the same batch is
    // still unanswered (the `GET next` our runtime pipelines behind its result), the replies before it
    // wait and leave with it in one write: the runtime reads them only then anyway, and a write on
    // loopback TCP costs more than everything else an invocation does here.
    const slots: Array<{ data?: Buffer; close: boolean }> = [];
    const flush = () => {
      if (slots.some((slot) => slot.data === undefined)) return;
      const out = slots.splice(0);
      if (socket.destroyed) return;
      socket.write(out.length === 1 ? out[0]!.data! : Buffer.concat(out.map((slot) => slot.data!)));
      if (out.some((slot) => slot.close)) socket.end();
    };
    let inBatch = false;
    socket.on('data', (chunk: Buffer) => {
      // Replies given while this chunk's requests are dispatched are written once, at the end of it.
      inBatch = true;
      for (const event of parser.push(chunk)) {
        if (event.kind === 'continue') {
          if (slots.length === 0) socket.write(CONTINUE);
        } else if (event.kind === 'error') {
          socket.end(encodeResponse(400, JSON_TYPE, Buffer.from(JSON.stringify({ errorType: 'InvalidRequest', errorMessage: event.message }))));
          return;
        } else {
          const slot: { data?: Buffer; close: boolean } = { close: event.request.close };
          slots.push(slot);
          dispatch(handler, event.request, (data) => {
            slot.data = data;
            if (!inBatch) flush();
          });
        }
      }
      inBatch = false;
      flush();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }
}

function listen(options: { port: number; host: string } | { path: string }): Promise<Server> {
  const server = createServer({ noDelay: true });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => resolve(server));
  });
}

/**
 * The longest Unix socket path: sun_path holds 108 bytes on Linux and 104 on macOS, the final NUL included.
 * Node truncates a longer path silently and listens there, where the runtime cannot connect.
 */
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;

let socketDir: string | undefined;
let socketUsers = 0;
let exitHooked = false;

/**
 * A path for one server's socket in this process's private directory (0700), or undefined when it would be
 * too long (a long TMPDIR). The directory lives while a socket does: a test worker or a `kill -9` never
 * runs the exit hook, and every run would leave an empty directory behind in /tmp.
 */
function acquireSocketPath(port: number): string | undefined {
  if (!socketDir) {
    try {
      removeOrphanedSocketDirs();
      socketDir = mkdtempSync(join(tmpdir(), `pylambda-${process.pid}-`));
    } catch {
      return undefined;
    }
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', () => {
        if (socketDir) rmSync(socketDir, { recursive: true, force: true });
      });
    }
  }
  socketUsers++;
  const path = join(socketDir, `${port}.sock`);
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH) return path;
  releaseSocketPath(undefined);
  return undefined;
}

let swept = false;

/** Directories of pylambda processes that are gone (killed outright, their exit hook never ran). */
function removeOrphanedSocketDirs(): void {
  if (swept) return;
  swept = true;
  for (const name of readdirSync(tmpdir())) {
    const pid = /^pylambda-(\d+)-[A-Za-z0-9]{6}$/.exec(name)?.[1];
    if (pid && !processAlive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function releaseSocketPath(path: string | undefined): void {
  if (path) rmSync(path, { force: true });
  socketUsers--;
  if (socketUsers === 0 && socketDir) {
    rmSync(socketDir, { recursive: true, force: true });
    socketDir = undefined;
  }
}

/** The reply to every accepted result, encoded once. pylambda_runtime_api.py knows it byte for byte (_ACCEPTED_REPLY). */
export const ACCEPTED_BYTES = encodeResponse(ACCEPTED.status, JSON_TYPE, Buffer.from(JSON.stringify(ACCEPTED.body)));

function dispatch(handler: RuntimeApiHandler, request: ParsedRequest, reply: (data: Buffer) => void): void {
  const json = (r: ApiReply) => reply(r === ACCEPTED ? ACCEPTED_BYTES : encodeResponse(r.status, JSON_TYPE, Buffer.from(JSON.stringify(r.body))));
  const call = parseRuntimeRoute(request.method, request.target);
  switch (call.kind) {
    case 'next':
      handler.next((headers, body) => reply(encodeResponse(200, headers, body)), json, request.headers);
      return;
    case 'initError':
      json(handler.initError(request.body ?? Buffer.alloc(0), request.headers));
      return;
    case 'response':
    case 'error':
      json(request.body === undefined ? handler.tooLarge(call.requestId, request.size) : handler.result(call.kind, call.requestId, request.body, request.headers));
      return;
    case 'unknown':
      json(RUNTIME_API_ERRORS.notFound);
  }
}
