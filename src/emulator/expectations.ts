import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { declaredBodyTooLarge, GATEWAY_ERRORS } from '../core/events/http/gateway-errors.js';
import type { Endpoint } from '../core/model/project.js';
import type { EdgeResponse } from '../core/events/http/cloudfront.js';
import { gatewayRequest, gatewayRequestId, pathAndQuery } from './gateway-request.js';
import { send } from './gateway-response.js';
import type { RequestRecord } from './gateway-server.js';

/** Answers a request's `Expect` header as the front door would, and logs the requests it refuses. */
export function answerExpectations(server: Server, endpointOf: () => { endpoint: Endpoint; edge: EdgeResponse }, onRequest: (record: RequestRecord) => void): void {
  // Without this listener Node sent 100 Continue for any length: a client declaring a body over the limit
  // sent it all before its 413, or waited on a 100 that asked for bytes dev would throw away.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const { endpoint, edge } = endpointOf();
    if (!declaredBodyTooLarge(endpoint.kind, req.headers['content-length'])) {
      res.writeContinue();
      server.emit('request', req, res);
      return;
    }
    const target = pathAndQuery(req.url ?? '');
    const request = gatewayRequest(req, target.path, endpoint.kind);
    send(res, edge(GATEWAY_ERRORS[endpoint.kind].requestTooLarge(request), request.requestId), true);
    onRequest({ endpointId: endpoint.id, kind: endpoint.kind, method: req.method ?? 'GET', ...target, status: 413, durationMs: 0, reason: `request too large: Content-Length ${String(req.headers['content-length'])}, refused before its body (Expect: 100-continue)` });
  });
  // An Expect other than 100-continue: Node answers 417 itself, unlogged, without this listener. An edge-optimized
  // API's distribution passes the request's headers on (its event has them all, cloudfront.ts), Expect among them:
  // Node's 417 is kept, and comes back through CloudFront with its headers.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const { endpoint, edge } = endpointOf();
    send(res, edge({ statusCode: 417, headers: [], body: Buffer.alloc(0) }, gatewayRequestId(endpoint.kind)), true);
    onRequest({ endpointId: endpoint.id, kind: endpoint.kind, method: req.method ?? 'GET', ...pathAndQuery(req.url ?? ''), status: 417, durationMs: 0, reason: `Expect: ${String(req.headers.expect)}, where only 100-continue is known` });
  });
}
