/**
 * A REST API's compressed request bodies, from AWS's "Call an API method with a compressed payload"
 * (api-gateway-make-request-with-compressed-payload): "it verifies if the specified content coding is supported.
 * Then, it attempts to decompress the payload ... If the decompression is successful, it dispatches the request to
 * the integration endpoint. If the specified coding isn't supported or the supplied payload isn't compressed with
 * specified coding, API Gateway returns the 415 Unsupported Media Type error response".
 *
 * - Every REST API does it, minimumCompressionSize or not: "By default, API Gateway supports decompression of the
 *   method request payload. However, you must configure your API to enable compression of the method response
 *   payload" (api-gateway-gzip-compression-decompression).
 * - The codings are those of "Content codings supported by API Gateway": gzip, deflate and identity.
 * - A Lambda proxy integration gets the decompressed body, as text (`isBase64Encoded: false`) unless its
 *   Content-Type is a binary media type, with the `Content-Encoding` header still in the event: a deployed API
 *   reported by dougmoscrop/serverless-http#194 ("the event.body ... is already decompressed and
 *   isBase64Encoded=false. However, the event.headers['Content-Encoding'] is still present"), and with every media
 *   type binary in serverless/serverless#2797 ("APIGateway may ungzip the request body, without removing the
 *   Content-Encoding header").
 * - HTTP APIs, load balancers and function URLs document no such step: their functions get the bytes as sent.
 *
 * AWS documents no limit of its own for the decompressed payload; the API's 10 MB payload quota is held on it here
 * (the event over Lambda's 6 MB is refused after, as for any body), so a small gzip bomb cannot grow without end.
 */

import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { headerValues } from './headers.js';

/** The codings API Gateway decodes ("Content codings supported by API Gateway"). */
export const REQUEST_CODINGS = ['gzip', 'deflate', 'identity'] as const;

export type DecodedBody =
  | { readonly kind: 'as-sent' }
  | { readonly kind: 'decoded'; readonly body: Buffer; readonly codings: readonly string[] }
  /** 415: a coding API Gateway does not have, or a body that is not in the coding it names. */
  | { readonly kind: 'unsupported'; readonly why: string }
  /** Decoded, it would be over `limit` bytes. */
  | { readonly kind: 'too-large'; readonly limit: number };

/**
 * The codings a request's Content-Encoding lists, in the order they were applied (RFC 9110 8.4: "the codings
 * applied ... listed in the order in which they were applied"), lower case; repeated headers are one list.
 */
export function requestCodings(headers: ReadonlyArray<readonly [string, string]>): string[] {
  return headerValues(headers, 'content-encoding').flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
}

/**
 * The body a REST API's integration gets for a request with these headers: as sent when there is no coding to
 * undo (none, only identity, or no body), decoded, or why API Gateway refuses it. `limit` bounds the decoded size.
 */
export function decodeRequestBody(headers: ReadonlyArray<readonly [string, string]>, body: Buffer, limit: number): DecodedBody {
  const codings = requestCodings(headers);
  const unknown = codings.find((c) => !(REQUEST_CODINGS as readonly string[]).includes(c));
  if (unknown !== undefined) return { kind: 'unsupported', why: `Content-Encoding ${unknown} is not a coding API Gateway decodes (${REQUEST_CODINGS.join(', ')})` };
  const applied = codings.filter((c) => c !== 'identity');
  if (applied.length === 0 || body.length === 0) return { kind: 'as-sent' };
  let bytes = body;
  // The last coding applied is undone first.
  for (const coding of [...applied].reverse()) {
    const step = decodeOnce(coding as 'gzip' | 'deflate', bytes, limit);
    if (step.kind !== 'decoded') return step;
    bytes = step.body;
  }
  return { kind: 'decoded', body: bytes, codings: applied };
}

function decodeOnce(coding: 'gzip' | 'deflate', body: Buffer, limit: number): DecodedBody {
  // maxOutputLength stops zlib as soon as the output would pass the limit, before it is allocated.
  const options = { maxOutputLength: Math.max(1, limit) };
  const attempts = coding === 'gzip' ? [gunzipSync] : [inflateSync, inflateRawSync];
  for (const attempt of attempts) {
    try {
      return { kind: 'decoded', body: attempt(body, options), codings: [coding] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { kind: 'too-large', limit };
      // `deflate` is zlib's format (RFC 9110 8.4.1.2), but some clients send raw deflate (RFC 1951, which AWS's
      // list of codings names): the raw form is tried next, as browsers and curl read both.
    }
  }
  return { kind: 'unsupported', why: `the body is not ${coding} data, as its Content-Encoding says` };
}
