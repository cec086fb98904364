/**
 * What an Application Load Balancer answers itself, before a rule routes the request to a Lambda target, with its
 * own nginx-style pages (Server: awselb/2.0). The statuses are those ELB's "Troubleshoot your Application Load
 * Balancers" gives under "The load balancer generates an HTTP error":
 * - 400: "The client sent a malformed request that does not meet the HTTP specification", "The request header
 *   exceeded 16K per request line, 16K per single header, or 64K for the entire header". The page is the one AWS's
 *   knowledge center shows for an ALB's 400 (api-gateway-private-integration-errors, desync mitigation "strictest"),
 *   sent with Connection: close (VWS-Python/vws-python-mock's capture of a Content-Length that is not a number).
 * - 405: "The client used the TRACE method, which is not supported by Application Load Balancers".
 * - 501: "a Transfer-Encoding header with an unsupported value. The supported values for Transfer-Encoding are chunked
 *   and identity".
 * - 463: "The load balancer received an X-Forwarded-For request header with too many IP addresses. The upper limit for
 *   IP addresses is 30." nginx has no phrase for 463, so its page says the status alone.
 * The 405 and 501 pages take nginx's phrases (Not Allowed, Not Implemented), as the captured 503 (Service Temporarily
 * Unavailable) and 504 (Gateway Time-out) pages do; no capture of either was found.
 */

import { albPageResponse, textBytes } from './gateway-errors.js';
import type { HttpRequest, HttpResponse } from './request.js';

/** ALB's limits on a request line and on one header line, in bytes ("16K"); the whole head's 64K is Node's parser's too. */
export const ALB_MAX_REQUEST_LINE_BYTES = 16 * 1024;
export const ALB_MAX_HEADER_LINE_BYTES = 16 * 1024;

/** The most addresses a load balancer takes in the X-Forwarded-For it receives, before it appends the caller's. */
export const ALB_MAX_FORWARDED_ADDRESSES = 30;

/** The Transfer-Encoding codings a load balancer takes. */
const SUPPORTED_CODINGS = new Set(['chunked', 'identity']);

/** A load balancer's 400 page, after which it ends the connection. */
export function albBadRequest(problem: string): HttpResponse {
  return { ...albPageResponse(400, 'Bad Request'), problem, closes: true };
}

/** A Transfer-Encoding value with a coding the load balancer does not take (`gzip, chunked`), else undefined. */
export function unsupportedTransferCoding(value: string): string | undefined {
  return value.split(',').map((c) => c.trim().toLowerCase()).find((c) => c !== '' && !SUPPORTED_CODINGS.has(c));
}

/** The load balancer's own answer to a request it refuses before routing, or undefined for one it routes. */
export function albRefusal(request: HttpRequest): HttpResponse | undefined {
  if (request.method === 'TRACE') return { ...albPageResponse(405, 'Not Allowed'), problem: 'a load balancer does not take TRACE (405)' };
  for (const [name, value] of request.headers) {
    if (name.length + 2 + textBytes(value) > ALB_MAX_HEADER_LINE_BYTES) {
      return albBadRequest(`the ${name} header is over the ${ALB_MAX_HEADER_LINE_BYTES} bytes a load balancer reads in one header line`);
    }
    if (name.toLowerCase() === 'transfer-encoding') {
      const coding = unsupportedTransferCoding(value);
      if (coding) return { ...albPageResponse(501, 'Not Implemented'), problem: `a load balancer takes the Transfer-Encoding codings chunked and identity only, not ${coding} (501)`, closes: true };
    }
  }
  // The request holds X-Forwarded-For as the load balancer passes it on, the caller's address appended (request.ts
  // withForwardedHeaders); the limit is on the addresses it received.
  const forwarded = request.headers.filter(([name]) => name.toLowerCase() === 'x-forwarded-for').flatMap(([, value]) => value.split(',')).filter((a) => a.trim() !== '').length - 1;
  if (forwarded > ALB_MAX_FORWARDED_ADDRESSES) {
    return { ...albPageResponse(463, ''), problem: `X-Forwarded-For holds ${forwarded} addresses, over the ${ALB_MAX_FORWARDED_ADDRESSES} a load balancer takes (463)` };
  }
  const target = request.rawQuery ? `${request.rawPath}?${request.rawQuery}` : request.rawPath;
  const line = request.method.length + 1 + Buffer.byteLength(target, 'latin1') + 1 + request.protocol.length;
  if (line > ALB_MAX_REQUEST_LINE_BYTES) return albBadRequest(`the request line is over the ${ALB_MAX_REQUEST_LINE_BYTES} bytes a load balancer reads`);
  return undefined;
}
