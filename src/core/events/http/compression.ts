/**
 * A REST API's payload compression (`minimumCompressionSize`; Chalice `minimum_compression_size`), from AWS's
 * "Receive an API response with a compressed payload" (api-gateway-receive-response-with-compressed-payload) and
 * "Content codings supported by API Gateway" (api-gateway-enable-compression). API Gateway compresses a response
 * only when the API sets a minimum size, the integration's answer has no Content-Encoding of its own (then it is
 * taken as compressed already), its payload is at least that size, and the request's Accept-Encoding prefers a
 * coding API Gateway has: gzip or deflate (identity is the uncompressed one). A missing header means `*`, and
 * `*` alone compresses nothing: "Without an explicit specification of supported Accept-Encoding header values, API
 * Gateway does not compress the payload"; nor does a preferred coding it lacks ("The highest-priority content
 * encoding must be one supported by API Gateway").
 */

import { deflateSync, gzipSync } from 'node:zlib';
import { firstHeader, hasHeader } from './headers.js';
import type { HeaderList, HttpResponse } from './request.js';

export type ResponseCoding = 'gzip' | 'deflate';

/** The values `minimumCompressionSize` may take (API_RestApi: "between 0 and 10485760 (10M bytes)"). */
export const MAX_MINIMUM_COMPRESSION_SIZE = 10485760;

/** Whether API Gateway takes `size` as a minimumCompressionSize (the SAM, CloudFormation and Chalice readers ask). */
export function isMinimumCompressionSize(size: number): boolean {
  return Number.isInteger(size) && size >= 0 && size <= MAX_MINIMUM_COMPRESSION_SIZE;
}

const SUPPORTED: ReadonlySet<string> = new Set(['gzip', 'deflate']);

/**
 * The coding Accept-Encoding prefers, when API Gateway can produce it: of the codings of the highest q-value (RFC 9110
 * 12.5.3; no q is 1, q=0 refuses), the first listed, if it is gzip or deflate. The browsers' `gzip, deflate, br`
 * compresses as the docs say it does, and `br, gzip` does not: "API-GW only considers the first type in the header
 * ... so it will not compress if it comes across an unsupported encodings such `br`", found through a support case
 * (awsdocs/amazon-api-gateway-developer-guide#32, which added "The highest priority content coding must be one
 * supported by API Gateway").
 */
export function preferredCoding(acceptEncoding: string | undefined): ResponseCoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const offers: Array<{ coding: string; q: number }> = [];
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = (name ?? '').trim().toLowerCase();
    if (coding === '') continue;
    const qParam = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isFinite(q) && q > 0) offers.push({ coding, q });
  }
  const best = Math.max(...offers.map((o) => o.q));
  const first = offers.find((o) => o.q === best);
  return first && SUPPORTED.has(first.coding) ? (first.coding as ResponseCoding) : undefined;
}

/** The coding API Gateway answers this request with, or undefined when it sends the payload as it is. */
export function responseCoding(
  requestHeaders: HeaderList,
  response: { readonly headers: HeaderList; readonly bodyLength: number },
  minimumCompressionSize: number | undefined,
): ResponseCoding | undefined {
  if (minimumCompressionSize === undefined) return undefined;
  if (hasHeader(response.headers, 'content-encoding')) return undefined;
  if (response.bodyLength < minimumCompressionSize) return undefined;
  return preferredCoding(firstHeader(requestHeaders, 'accept-encoding'));
}

/** The response compressed as API Gateway would compress it, with its Content-Encoding; else as it was. */
export function compressResponse(response: HttpResponse, requestHeaders: HeaderList, minimumCompressionSize: number | undefined): HttpResponse {
  const coding = responseCoding(requestHeaders, { headers: response.headers, bodyLength: response.body.length }, minimumCompressionSize);
  if (coding === undefined) return response;
  const body = coding === 'gzip' ? gzipSync(response.body) : deflateSync(response.body);
  return { ...response, headers: [...response.headers, ['Content-Encoding', coding]], body };
}
