/**
 * What a gateway server does with the requests Node's HTTP parser refuses before there is one to route (a lower-case
 * or unknown method, Content-Length with Transfer-Encoding, headers past 64 KB, a head that never arrives) and with
 * proxy tunnels (CONNECT): each is answered as the front door would and gets its line, as every request does.
 * Without these listeners Node answered by itself and dev printed nothing.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EdgeResponse } from '../core/events/http/cloudfront.js';
import { cloudFrontParserRefusal } from '../core/events/http/cloudfront-errors.js';
import { albBadRequest, unsupportedTransferCoding } from '../core/events/http/alb-refusals.js';
import { albPageResponse, API_GATEWAY_MAX_REQUEST_HEAD_BYTES } from '../core/events/http/gateway-errors.js';
import type { HttpResponse } from '../core/events/http/request.js';
import type { Endpoint } from '../core/model/project.js';
import { refusalBytes, refusedRequest, responseBytes, type ParserError, type RefusedRequest } from './client-error.js';
import type { RequestRecord } from './gateway-server.js';

export interface FrontDoor {
  readonly endpoint: Endpoint;
  /** What the API's CloudFront distribution adds to each answer (edge-optimized REST APIs), else the identity. */
  readonly edge: EdgeResponse;
}

export class ParserRefusals {
  /** The connection's last request and its response: a parse error in its body is that request's end. */
  private readonly serving = new WeakMap<Duplex, { readonly req: IncomingMessage; readonly res: ServerResponse }>();
  /** What the parser refused in the body of a request in the handler, for that request's line. */
  private readonly bodyRefusals = new WeakMap<ServerResponse, RefusedRequest>();

  /** `frontDoor` is asked per refusal: a reload may have changed the endpoint. */
  constructor(private readonly frontDoor: () => FrontDoor, private readonly onRequest: (record: RequestRecord) => void) {}

  /** Kept until the connection's next request replaces it: a listener per response to forget it would cost every request. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    this.serving.set(req.socket, { req, res });
  }

  /** Why the parser cut the body of the request `res` answers, when it did. */
  bodyRefusal(res: ServerResponse): RefusedRequest | undefined {
    return this.bodyRefusals.get(res);
  }

  /** Answers proxy tunnels, which no front door opens: without a listener Node closed the connection unanswered and unsaid. */
  answerTunnels(server: Server): void {
    server.on('connect', (req: IncomingMessage, socket: Duplex) => {
      // Node no longer tracks a socket it handed to 'connect', nor handles its errors: a reset while the answer
      // goes out would be uncaught and end dev, and one left half-open would keep close() waiting.
      socket.on('error', () => socket.destroy());
      const { endpoint, edge } = this.frontDoor();
      const refused: RefusedRequest = { status: 400, statusText: 'Bad Request', method: 'CONNECT', path: req.url ?? '', reason: 'a proxy tunnel (CONNECT), which the front doors do not open' };
      const own = ownAnswer(endpoint, edge, refused);
      socket.end(own ? responseBytes(own) : refusalBytes(refused), () => socket.destroy());
      this.onRequest({ endpointId: endpoint.id, kind: endpoint.kind, method: 'CONNECT', path: refused.path, status: 400, durationMs: 0, reason: refused.reason });
    });
  }

  /** A request the parser refused: answered unless the connection broke or a response has begun on it. */
  clientError(error: ParserError, socket: Duplex): void {
    const refused = refusedRequest(error);
    const last = this.serving.get(socket);
    const inFlight = last && !last.res.writableEnded ? last : undefined;
    const { endpoint, edge } = this.frontDoor();
    // What the front door sends, and so what the line says: an edge-optimized API's CloudFront turns a 431 into its 413.
    const own = refused && ownAnswer(endpoint, edge, refused);
    const answer = (refused: RefusedRequest) => (own ? responseBytes(own) : refusalBytes(refused));
    if (inFlight && inFlight.req.complete) {
      // A bad request pipelined behind one still in the handler: responses go in request order, so its 400
      // follows that one's answer (sent now, the client would take it for the first request's), then the
      // connection ends.
      if (refused) inFlight.res.once('finish', () => (socket.writable ? socket.end(answer(refused)) : socket.destroy()));
      else socket.destroy();
    } else {
      // The connection ends either way.
      if (refused && socket.writable && !inFlight?.res.headersSent) socket.end(answer(refused));
      else socket.destroy();
      // A bad chunk in the body of the request in the handler, or a body that did not arrive in time: its own line says how it ended.
      if (refused && inFlight) {
        const sent = own ? { ...refused, status: own.statusCode } : refused;
        this.bodyRefusals.set(inFlight.res, refused.status === 408 ? { ...sent, reason: 'the request body did not arrive in time' } : sent);
        return;
      }
    }
    if (!refused) return;
    const { method, path, query, reason } = refused;
    const status = own?.statusCode ?? refused.status;
    const tooLarge = status === 431 && (endpoint.kind === 'rest' || endpoint.kind === 'http');
    this.onRequest({
      endpointId: endpoint.id, kind: endpoint.kind, method, path, ...(query === undefined ? {} : { query }), status, durationMs: 0, reason,
      ...(tooLarge ? { warning: `API Gateway refuses more than ${API_GATEWAY_MAX_REQUEST_HEAD_BYTES} bytes of request headers` } : {}),
    });
  }
}

/**
 * The front door's own answer to a refused request, every one ending its connection; undefined where Node's stands.
 * An edge-optimized REST API's CloudFront answers what it cannot read itself, with its page and headers
 * (cloudFrontParserRefusal), and a load balancer with its own (albAnswer). API Gateway and function URLs get Node's
 * answer: no capture shows their body for one. Each port serves one endpoint, so its API, and whether CloudFront
 * fronts it, is known before a byte is parsed.
 */
function ownAnswer(endpoint: Endpoint, edge: EdgeResponse, refused: RefusedRequest): HttpResponse | undefined {
  return cloudFrontAnswer(endpoint, edge, refused.status) ?? (endpoint.kind === 'alb' ? albAnswer(refused) : undefined);
}

/**
 * A load balancer's page for what it cannot read (alb-refusals.ts): 400, headers past 64K among them, and 501 for a
 * Transfer-Encoding it does not take; a head that never arrives keeps Node's 408 (no capture of ALB's).
 */
function albAnswer(refused: RefusedRequest): HttpResponse | undefined {
  if (refused.transferEncoding !== undefined && unsupportedTransferCoding(refused.transferEncoding)) return albPageResponse(501, 'Not Implemented');
  return refused.status === 400 || refused.status === 431 ? albBadRequest(refused.reason) : undefined;
}

/**
 * The answer to a request the handler cannot route (an HTTP/1.1 request without Host, a target that is not a path):
 * in front of an edge-optimized API CloudFront, which reads the request first, answers it with its 400 page; the
 * other front doors' answer is not captured, and gets a plain one.
 */
export function badRequest(endpoint: Endpoint, edge: EdgeResponse, problem: string): HttpResponse {
  if (endpoint.kind === 'alb') return albBadRequest(problem);
  return cloudFrontAnswer(endpoint, edge, 400) ?? { statusCode: 400, headers: [['content-type', 'text/plain']], body: Buffer.from('Bad Request\n') };
}

function cloudFrontAnswer(endpoint: Endpoint, edge: EdgeResponse, status: number): HttpResponse | undefined {
  const requestId = randomUUID();
  const cloudFront = cloudFrontParserRefusal(endpoint.kind === 'rest' ? endpoint.endpointType : 'REGIONAL', status, requestId);
  return cloudFront && edge(cloudFront, requestId);
}
