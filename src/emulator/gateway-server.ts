import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomHex } from '../adapters/random.js';
import { asError, UserError } from '../core/errors.js';
import { GATEWAY_ERRORS, GATEWAY_LIMITS, requestHeadProblem, requestUrlProblem } from '../core/events/http/gateway-errors.js';
import { fromWireText } from '../core/events/http/headers.js';
import { originForm, traceRootOf, withForwardedHeaders, type HttpRequest, type InvokeOutput } from '../core/events/http/request.js';
import { newTraceHeader, newTraceRoot } from '../core/runtime/protocol.js';
import { routeRequest, type GatewayConfig } from '../core/gateway/route-request.js';
import { endpointLabel } from '../core/routing/compile.js';
import { RequestParser, encodeResponse } from '../core/runtime/http-parser.js';
import { MAX_REQUEST_HEAD_BYTES } from './client-error.js';
import { badRequest, ParserRefusals } from './parser-refusals.js';
import { ClientGone, gatewayRequest, gatewayRequestId, pairs, pathAndQuery, readBody } from './gateway-request.js';
import { internalError, send } from './gateway-response.js';
import { InvocationWithdrawn, PoolClosed } from './invocation.js';
import { AuthorizerCache, settleAuthorizer } from './gateway-authorizer.js';
import { withTimeout } from './with-timeout.js';
import { KEEP_ALIVE_TIMEOUT_MS } from './keep-alive.js';
import { refuseTls } from './tls-refusal.js';
import { answerExpectations } from './expectations.js';
import { cloudFrontEdge, type EdgeResponse } from '../core/events/http/cloudfront.js';
import { apiId } from '../core/gateway/identity.js';
import { listenError } from './host-error.js';
import type { EndpointKind } from '../core/model/project.js';

/** Runs a function for a request; `traceId` is its Lambda trace header, `wanted` whether the gateway still waits (FunctionPool.run). */
export type Invoker = (functionId: string, event: Buffer, requestId: string, traceId: string, wanted: () => boolean, target?: InvokeTarget) => Promise<InvokeDone>;

/** What a route's integration invokes beyond the function: an alias or version (`live`), a tenant (REST X-Amz-Tenant-Id). */
export interface InvokeTarget {
  readonly qualifier?: string | undefined;
  readonly tenantId?: string | undefined;
}

export interface InvokeDone {
  readonly output: InvokeOutput;
  readonly cold: boolean;
  readonly lambdaRequestId: string;
  /** Lambda refused the invocation itself, no function ran: why, and the status (404 no such alias or version, 429 throttled, 413 too large). */
  readonly rejected?: string;
  readonly lambdaStatus?: number;
}

/** What a front door's line says of the function it ran: the status, how long, the invocation. */
export interface InvocationRecord {
  readonly status: number;
  readonly durationMs: number;
  readonly functionId?: string;
  readonly cold?: boolean;
  readonly lambdaRequestId?: string;
  /** Why the gateway answered by itself (no route, preflight, too large, timeout). */
  readonly reason?: string;
}

/** One request as the dev server logs it. */
export interface RequestRecord extends InvocationRecord {
  readonly endpointId: string;
  readonly kind: EndpointKind;
  readonly method: string;
  readonly path: string;
  /** The query string as sent, without its `?`; absent when the request had none. */
  readonly query?: string;
  /** What AWS would do differently with this request (over a limit a local server does not have). */
  readonly warning?: string;
}

export interface GatewayServerOptions {
  readonly config: GatewayConfig;
  readonly host: string;
  readonly port: number;
  readonly invoke: Invoker;
  readonly onRequest: (record: RequestRecord) => void;
  /** Internal failures (bugs): the request gets a 500, the server goes on. */
  readonly onError: (error: Error) => void;
  /** What the user should know that is no request's (a client that spoke TLS to the plain port). */
  readonly onWarning: (message: string) => void;
  /** A shorter integration timeout than the service's, for tests (REST's is 29 s). */
  readonly integrationTimeoutMs?: number;
  /** A function a debugger may hold at a breakpoint (--debug-port): the gateway waits for it without its integration timeout. */
  readonly untimed?: (functionId: string) => boolean;
  /** A shorter time to receive a request than RECEIVE_TIMEOUT_MS, for tests. */
  readonly receiveTimeoutMs?: number;
}

/**
 * How long a client may take to send its whole request (Node's requestTimeout, a total from its first byte,
 * answered 408), and its head within HEAD_TIMEOUT_MS. Without a limit a body announced and never sent held its
 * connection for good, with no line; an ALB answers 408 once a client is idle for 60 s. A total must leave room
 * for a slow upload (10 MB at 100 KB/s takes 100 s): Node's own default. Node checks every quarter, at most 30 s.
 */
const RECEIVE_TIMEOUT_MS = 300_000;
const HEAD_TIMEOUT_MS = 60_000;

/** Anything over this is refused without reading it all (the largest gateway limit is 10 MB). */
const HARD_BODY_LIMIT = 11 * 1024 * 1024;

/**
 * The HTTP front door of one endpoint (a REST API, an HTTP API, an ALB listener, a function URL) on its
 * own port. The rules live in core (routeRequest and the codecs); this only moves bytes and time.
 */
export class GatewayServer {
  private config: GatewayConfig;
  /** Closing: what is still answered closes its connection after (close). */
  private draining = false;
  /**
   * The request each connection sent last. Node runs pipelined requests at once and writes their answers in
   * order: a `Connection: close` on an earlier one ended the connection before the later ones' answers, which
   * were logged 200 and never sent. Draining, only the last request's answer closes its connection.
   */
  private readonly lastRequest = new WeakMap<Socket, IncomingMessage>();
  /** Closed by dev's stop: connections cut, environments killed under the invocations in flight. */
  private aborted = false;
  private readonly refusals: ParserRefusals;
  private readonly authorizations = new AuthorizerCache();
  /** What the API's CloudFront distribution adds to each response (edge-optimized REST APIs), worked out per config. */
  private edge: EdgeResponse;

  private constructor(private readonly server: Server, private readonly options: GatewayServerOptions, readonly url: string) {
    this.config = options.config;
    this.edge = edgeOf(options.config);
    this.refusals = new ParserRefusals(() => ({ endpoint: this.config.endpoint, edge: this.edge }), options.onRequest);
  }

  static async start(options: GatewayServerOptions): Promise<GatewayServer> {
    // Headers up to 64 KB reach the gateway, which serves them with a warning past API Gateway's 10240 bytes;
    // at Node's default of 16 KB they got a bare 431 and no log line.
    // requestTimeout covers receiving the request only: ALB and function URLs then wait for the function as long
    // as it runs (up to 900 s).
    const receiveMs = options.receiveTimeoutMs ?? RECEIVE_TIMEOUT_MS;
    const server = createServer({
      noDelay: true, requestTimeout: receiveMs, headersTimeout: Math.min(HEAD_TIMEOUT_MS, receiveMs), connectionsCheckingInterval: Math.min(30_000, receiveMs / 4),
      keepAlive: true, maxHeaderSize: MAX_REQUEST_HEAD_BYTES,
      // Node answers an HTTP/1.1 request without Host 400 itself, unlogged: handle() does, with its line.
      requireHostHeader: false,
    });
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    // A client that half-closes after its request (`nc -N`, some HTTP/1.0 clients) still gets the answer, as
    // from API Gateway's front end; Node otherwise aborts the request at the client's FIN and closes.
    // httpAllowHalfOpen is not in Node's documented API (lib/_http_server.js reads it in socketOnEnd); a
    // test (dev-request-edges) says if a Node release drops it.
    (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
    if (options.port > 65535) {
      throw new UserError(`Port ${options.port} is past the last port, 65535: each endpoint takes the next port from --port`, { hint: 'Pass a lower --port, or --port 0 to pick free ports.' });
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options.host, options.port, endpointLabel(options.config.endpoint))));
      server.listen(options.port, options.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const gateway = new GatewayServer(server, options, `http://${host}:${port}`);
    server.on('request', (req, res) => {
      gateway.lastRequest.set(req.socket, req);
      // Closing: a connection whose pipelined answers went out before close() began has none with `Connection:
      // close`, and is shut once they all have (Node's server.close() shuts only the connections idle then).
      res.once('finish', () => gateway.draining && server.closeIdleConnections());
      gateway.refusals.serve(req, res);
      // handle() answers every failure it meets; one past that (its own report threw) is a bug, said and answered 500.
      gateway.handle(req, res).catch((error: unknown) => {
        options.onError(asError(error));
        internalError(res, asError(error).message);
      });
    });
    refuseTls(server, {
      listener: () => ({ name: `the ${endpointLabel(gateway.config.endpoint)}`, asked: 'https://', url: gateway.url, serves: 'plain HTTP', use: gateway.url }),
      onWarning: options.onWarning, otherwise: (error, socket) => gateway.refusals.clientError(error, socket),
    });
    answerExpectations(server, () => ({ endpoint: gateway.config.endpoint, edge: gateway.edge }), options.onRequest);
    gateway.refusals.answerTunnels(server);
    return gateway;
  }

  get endpointId(): string {
    return this.config.endpoint.id;
  }

  /** New routes or settings (the project changed); requests in flight finish with the old ones. */
  setConfig(config: GatewayConfig): void {
    this.config = config;
    this.edge = edgeOf(config);
    this.authorizations.clear();
  }

  /** The code changed: the authorizers' kept answers go, as after a deployment. */
  forgetAuthorizations(): void {
    this.authorizations.clear();
  }

  /**
   * The request path once, with a made-up request and function output, before the gateway listens: V8
   * compiles JavaScript on first use, and this way the first real request does not wait for it.
   */
  static warmUp(config: GatewayConfig): void {
    const request: HttpRequest = {
      method: 'GET', rawPath: '/', rawQuery: 'a=1', headers: [['Host', 'localhost'], ['Accept', '*/*']], body: Buffer.alloc(0),
      sourceIp: '127.0.0.1', protocol: 'HTTP/1.1', timeEpochMs: Date.now(), requestId: gatewayRequestId(config.endpoint.kind),
    };
    try {
      const step = routeRequest(config, request);
      if (step.kind === 'invoke') step.respond({ payload: Buffer.from('{"statusCode":200,"body":"warm"}'), functionError: false });
      new RequestParser(1024).push(Buffer.from('POST /2018-06-01/runtime/invocation/x/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}'));
      encodeResponse(200, { 'content-type': 'application/json' }, Buffer.from('{}'));
    } catch {
      // Only a warm-up: a real request reports whatever this would have hit.
    }
  }

  /**
   * Stops listening. `abort` (stop) ends every connection now; `finish` (an endpoint a reload removed) lets
   * the requests in flight get their answers, each with `Connection: close`: ended at once, as before, the
   * client of a request in flight got a reset while the log said 200. Closing again aborts what is left.
   */
  close(inFlight: 'abort' | 'finish' = 'abort'): Promise<void> {
    this.draining = true;
    if (inFlight === 'abort') this.aborted = true;
    return new Promise((resolve) => {
      // A second close (stop() after a reload's) gets ERR_SERVER_NOT_RUNNING here: closed is closed.
      this.server.close(() => resolve());
      if (inFlight === 'abort') this.server.closeAllConnections();
      else this.server.closeIdleConnections();
    });
  }

  /** Whether the answer to `req` ends its connection: closing, and no request was pipelined after it. */
  private closes(req: IncomingMessage): boolean {
    return this.draining && this.lastRequest.get(req.socket) === req;
  }

  /** The integration timeout to wait for a function with: the service's (or the tests' shorter one), none for one being debugged. */
  private timeoutOf(functionId: string, serviceMs: number | undefined): number | undefined {
    if (serviceMs === undefined || this.options.untimed?.(functionId)) return undefined;
    return this.options.integrationTimeoutMs ?? serviceMs;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const config = this.config;
    const kind = config.endpoint.kind;
    const target = originForm(req.url ?? '/');
    // HTTP/1.1 requires Host (RFC 9112 3.2): a front door answers 400 without one.
    if (req.headers.host === undefined && req.httpVersion === '1.1') {
      const reason = 'an HTTP/1.1 request without a Host header';
      send(res, badRequest(config.endpoint, this.edge, reason), true);
      this.options.onRequest({ endpointId: config.endpoint.id, kind, method: req.method ?? 'GET', ...pathAndQuery(req.url ?? ''), status: 400, durationMs: performance.now() - started, reason });
      return;
    }
    if (target === undefined) {
      const reason = 'the request target is not a path';
      const answer = badRequest(config.endpoint, this.edge, reason);
      send(res, answer, answer.closes === true);
      this.options.onRequest({ endpointId: config.endpoint.id, kind, method: req.method ?? 'GET', path: req.url ?? '', status: 400, durationMs: performance.now() - started, reason });
      return;
    }
    const base = { endpointId: config.endpoint.id, kind, method: req.method ?? 'GET', ...pathAndQuery(target) };
    // Routed to a function: its line names the function even when it could not be run.
    let routed: { functionId: string } | undefined;
    try {
      const body = await readBody(req, Math.min(HARD_BODY_LIMIT, (GATEWAY_LIMITS[kind].maxRequestBodyBytes ?? HARD_BODY_LIMIT) + 1));
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const random = randomHex(20);
      const received = pairs(req.rawHeaders).map(([name, value]): [string, string] => [name, fromWireText(value)]);
      const traceRoot = traceRootOf(received) ?? newTraceRoot(Date.now(), random);
      const request: HttpRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        rawPath: base.path,
        rawQuery: base.query ?? '',
        headers: withForwardedHeaders(kind, received, { sourceIp, port: req.socket.localPort ?? 0, proto: 'http', traceRoot }),
        body: body ?? Buffer.alloc(0),
        sourceIp,
        protocol: `HTTP/${req.httpVersion}`,
        timeEpochMs: Date.now(),
        requestId: gatewayRequestId(kind),
      };
      // What the client sent counts, not the headers the gateway adds.
      const headWarning = [requestHeadProblem(kind, { ...request, headers: received }), requestUrlProblem(kind, request, config.endpoint.endpointType)].filter(Boolean).join('; ');
      const warning = headWarning ? { warning: headWarning } : {};
      let answered = false;
      // Asked only of an invocation that waited for a concurrency slot: nothing is added to the others' path.
      // A client that closed its side while its request waited has most likely gone (a half-close before the
      // answer, as `nc -N` does, cannot be told from a hang-up until a write fails): its request leaves the line.
      const wanted = () => !answered && !req.socket.destroyed && !req.socket.readableEnded;
      const trace = newTraceHeader(request.timeEpochMs, random, traceRoot);
      const routedStep = body === undefined
        ? ({ kind: 'respond', response: GATEWAY_ERRORS[kind].requestTooLarge(request), reason: 'request too large' } as const)
        : routeRequest(config, request);
      // While an authorizer runs, a failure is its function's; then the route's.
      const first = routedStep.authorizer?.functionId ?? (routedStep.kind === 'invoke' ? routedStep.functionId : undefined);
      if (first !== undefined) routed = { functionId: first };
      // The authorizer has the route's integration timeout (a preflight's, the API's).
      const limit = routedStep.kind === 'invoke' ? routedStep.timeoutMs : GATEWAY_LIMITS[kind].integrationTimeoutMs;
      const step = await settleAuthorizer(routedStep, this.authorizations, (functionId, e) =>
        withTimeout(this.options.invoke(functionId, e, randomUUID(), trace, wanted), this.timeoutOf(functionId, limit)));
      if (step.kind === 'respond') {
        send(res, this.edge(step.response, request.requestId), body === undefined || this.closes(req) || step.response.closes === true);
        this.options.onRequest({ ...base, status: step.response.statusCode, durationMs: performance.now() - started, ...(step.functionId ? { functionId: step.functionId } : {}), reason: step.reason, ...warning });
        return;
      }
      routed = { functionId: step.functionId };
      const timeoutMs = this.timeoutOf(step.functionId, step.timeoutMs);
      const event = step.event;
      const invocation = this.options.invoke(step.functionId, event, kind === 'url' ? request.requestId : randomUUID(), trace, wanted, { qualifier: step.qualifier, tenantId: step.tenantId });
      const outcome = await withTimeout(invocation, timeoutMs);
      answered = true;
      // dev stopped: the connection was cut (the client saw a reset), and the environment killed under the
      // invocation: its failure is the stop's, not the function's.
      if (this.aborted && req.socket.destroyed) {
        this.options.onRequest({ ...base, status: 499, durationMs: performance.now() - started, functionId: step.functionId, reason: 'dev stopped before the function answered' });
        return;
      }
      const response = outcome === 'timeout' ? step.timedOut() : outcome.rejected ? step.rejected(outcome.lambdaStatus) : step.respond(outcome.output);
      send(res, this.edge(response, request.requestId), this.closes(req));
      this.options.onRequest({
        ...base,
        status: response.statusCode,
        durationMs: performance.now() - started,
        functionId: step.functionId,
        ...(outcome === 'timeout' ? { reason: 'integration timeout' } : outcome.rejected ? {} : { cold: outcome.cold, lambdaRequestId: outcome.lambdaRequestId }),
        ...(outcome !== 'timeout' && outcome.rejected ? { reason: outcome.rejected } : response.problem ? { reason: response.problem } : {}),
        ...warning,
      });
    } catch (error) {
      this.failed(asError(error), req, res, { ...base, durationMs: performance.now() - started, ...routed });
    }
  }

  /** A request that ended without the function's answer: why, the client's answer when it still gets one, and its line. */
  private failed(e: Error, req: IncomingMessage, res: ServerResponse, record: Omit<RequestRecord, 'status'>): void {
    const kind = this.config.endpoint.kind;
    // The gateway's own answer to a failed integration, as from AWS (its request id headers, no body of ours).
    const failedIntegration = (request = gatewayRequest(req, record.path, kind)) => this.edge(GATEWAY_ERRORS[kind].functionError(request), request.requestId);
    if (e instanceof InvocationWithdrawn) {
      // Its client closed its side while the request waited for a slot. One that only half-closed (`nc -N`)
      // still reads this answer, as when Lambda throttles; for one that is gone the write fails. Either way the
      // connection ends: left open, each such request held a socket until dev stopped.
      if (!res.headersSent) send(res, failedIntegration(), true);
      this.options.onRequest({ ...record, status: 499, reason: 'the client closed its side while the request waited for a concurrency slot' });
      return;
    }
    if (e instanceof ClientGone) {
      // The parser refused the rest of the body (a bad chunk): the client got that answer (clientError).
      const refused = this.refusals.bodyRefusal(res);
      // Else the client went away before its request was read in full: nothing to answer, and no fault here.
      // 499 is nginx's status for it; the client never sees it.
      this.options.onRequest({ ...record, status: refused?.status ?? 499, reason: refused?.reason ?? 'the client closed the connection' });
      return;
    }
    if (e instanceof PoolClosed && !res.headersSent) {
      // pylambda dev is stopping with this request still waiting for a concurrency slot: not a fault here.
      // dev closes its connections as it stops: the client sees the 503 only if its connection outlived that.
      const gone = req.socket.destroyed;
      if (!gone) send(res, { statusCode: 503, headers: [['content-type', 'text/plain']], body: Buffer.from('pylambda dev is stopping\n') }, true);
      this.options.onRequest({ ...record, status: gone ? 499 : 503, reason: 'pylambda dev stopped before a concurrency slot was free' });
      return;
    }
    if (e instanceof UserError && !res.headersSent) {
      // The function could not be run (its code directory is gone, say): the client gets the gateway's answer
      // to a failed integration, and the log says why.
      const response = failedIntegration();
      send(res, response, this.closes(req));
      this.options.onRequest({ ...record, status: response.statusCode, reason: e.message });
      return;
    }
    this.options.onError(e);
    internalError(res, e.message);
    this.options.onRequest({ ...record, status: 500, reason: `pylambda error: ${e.message}` });
  }
}

/** The API's CloudFront additions: REST APIs only, by endpoint type. */
const edgeOf = ({ endpoint }: GatewayConfig): EdgeResponse => cloudFrontEdge(endpoint.kind === 'rest' ? endpoint.endpointType : 'REGIONAL', apiId(endpoint.id));
