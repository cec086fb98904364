import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asError, UserError } from '../core/errors.js';
import { INVOKE_LIMITS, type InvokeApiRequest } from '../core/lambda-api/invoke-request.js';
import { invokeApiError, type InvokeApiResponse } from '../core/lambda-api/invoke-response.js';
import { ClientGone, readBody } from './gateway-request.js';
import { hostError, LAMBDA_PORT, PortInUse } from './host-error.js';
import { refuseAsNode } from './client-error.js';
import { refuseTls } from './tls-refusal.js';
import { KEEP_ALIVE_TIMEOUT_MS } from './keep-alive.js';

export interface LambdaApiServerOptions {
  readonly host: string;
  /** 0: a free port. */
  readonly port: number;
  /**
   * Answers a request (core/lambda-api reads it); never rejects for a client's mistake. `connected` says whether
   * its client still waits for the answer.
   */
  readonly handle: (request: InvokeApiRequest, connected: () => boolean) => Promise<InvokeApiResponse>;
  /** Internal failures (bugs): the request gets a 500 ServiceException, the server goes on. */
  readonly onError: (error: Error) => void;
  /** A client that spoke TLS (boto3 with an https endpoint_url) to the plain port. */
  readonly onWarning: (message: string) => void;
}

/**
 * The Lambda Invoke API on its own port, as `sam local start-lambda` serves it: the HTTP side only, the rules are
 * in core/lambda-api and the invocations in the caller's function pools.
 */
export class LambdaApiServer {
  private constructor(private readonly server: Server, readonly port: number, readonly url: string) {}

  static async start(options: LambdaApiServerOptions): Promise<LambdaApiServer> {
    const server = createServer({ keepAlive: true, noDelay: true });
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options.host, options.port)));
      server.listen(options.port, options.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const url = `http://${host}:${port}`;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // answer() turns a failure of the invocation into a 500; one in writing the answer is a bug: said, and the connection cut.
      answer(req, res, options).catch((error: unknown) => {
        options.onError(asError(error));
        res.destroy();
      });
    });
    refuseTls(server, { listener: () => ({ name: 'the Lambda API', asked: 'https://', url, serves: 'plain HTTP', use: `endpoint_url=${url}` }), onWarning: options.onWarning, otherwise: refuseAsNode });
    return new LambdaApiServer(server, port, url);
  }

  /** Stops listening and ends every connection (the invocations in flight end with their functions). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, options: LambdaApiServerOptions): Promise<void> {
  let response: InvokeApiResponse;
  try {
    // Past the largest limit the rest is not kept: core says 413 from the size alone.
    const body = await readBody(req, INVOKE_LIMITS.syncRequestBytes + 1);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    // As the gateways count it: a client that closed its side (`nc -N`) no longer waits either.
    const connected = () => !res.destroyed && !req.socket.destroyed && !req.socket.readableEnded;
    response = await options.handle({ method: req.method ?? 'GET', target: req.url ?? '/', headers, body }, connected);
  } catch (error) {
    if (error instanceof ClientGone) return;
    options.onError(asError(error));
    response = invokeApiError(500, 'ServiceException', 'An internal error of pylambda dev (see its output)');
  }
  if (res.destroyed) return;
  // AWS gives every answer a request id, its errors too (boto3's ResponseMetadata.RequestId); an invocation's is its own.
  res.writeHead(response.status, { 'x-amzn-requestid': randomUUID(), ...response.headers, 'content-length': String(response.body.length) }).end(response.body);
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new PortInUse(`Port ${port} on ${host}, for the Lambda API, is in use`, { hint: 'Stop what uses it, or pass --lambda-port PORT (0 picks a free port).', details: LAMBDA_PORT });
    case 'EACCES':
      return new UserError(`Port ${port} on ${host}, for the Lambda API, needs privileges this user does not have`, { hint: 'Ports below 1024 are reserved: pass --lambda-port PORT (0 picks a free port).', details: LAMBDA_PORT });
    default:
      return hostError(error, host) ?? error;
  }
}
