/**
 * Reading a function's result the way the gateways do, and writing request bodies into events. Every reader
 * returns undefined for a malformed field; each codec turns that into its gateway's own error response.
 */

import { isSendableHeader } from './headers.js';
import type { HttpRequest } from './request.js';

export type JsonObject = Record<string, unknown>;

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** The payload as JSON; a result that is not JSON at all (a handler returning bytes) is not ok. */
export function parsePayload(payload: Buffer): Parsed {
  try {
    return { ok: true, value: JSON.parse(payload.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A final HTTP status: an integer 200-599. A string of digits is read as its number, as SAM CLI's
 * emulation does (`int(statusCode)` in samcli/local/apigw/local_apigw_service.py). A 1xx is an interim
 * response in HTTP/1.1 (RFC 9110 15.2): sent as the answer, the client would wait for a final one that
 * never comes.
 */
export function statusCodeOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 200 && n <= 599 ? n : undefined;
}

/**
 * How a gateway reads a header value: `scalars` takes numbers and booleans as their text (`true`, `3`), as API
 * Gateway and function URLs send them; `strings` takes only strings, as a load balancer does (HeaderValues).
 */
export type HeaderValues = 'scalars' | 'strings';

function headerText(value: unknown, values: HeaderValues): string | undefined {
  if (typeof value === 'string') return value;
  if (values === 'scalars' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  return undefined;
}

type HeaderPairs = Array<[string, string]>;

/** A `headers` map of single values. Absent or null is no headers; a null value drops that header. */
export function readHeaders(value: unknown, values: HeaderValues = 'scalars'): HeaderPairs | undefined {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) return undefined;
  const out: HeaderPairs = [];
  for (const [name, raw] of Object.entries(value)) {
    if (raw === null) continue;
    const text = headerText(raw, values);
    if (text === undefined || !isSendableHeader(name, text)) return undefined;
    out.push([name, text]);
  }
  return out;
}

/** A `multiValueHeaders` map of arrays. Absent or null is no headers. */
export function readMultiValueHeaders(value: unknown, values: HeaderValues = 'scalars'): HeaderPairs | undefined {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) return undefined;
  const out: HeaderPairs = [];
  for (const [name, raw] of Object.entries(value)) {
    if (raw === null) continue;
    if (!Array.isArray(raw)) return undefined;
    for (const item of raw) {
      const text = headerText(item, values);
      if (text === undefined || !isSendableHeader(name, text)) return undefined;
      out.push([name, text]);
    }
  }
  return out;
}

/** `body`: a string, or absent/null for none. Anything else is malformed ("body must be a string"). */
export function readBody(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/** `isBase64Encoded`: a boolean; absent or null is false. SAM CLI also accepts "true"/"false" strings. */
export function readFlag(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

/** Strict base64: gateways fail the response rather than send half-decoded bytes. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

/** The event's `body` and `isBase64Encoded` for a request body, text as UTF-8 or binary as base64. */
export function eventBody(request: HttpRequest, asBase64: boolean): { body: string; isBase64Encoded: boolean } {
  if (request.body.length === 0) return { body: '', isBase64Encoded: false };
  return asBase64
    ? { body: request.body.toString('base64'), isBase64Encoded: true }
    : { body: request.body.toString('utf8'), isBase64Encoded: false };
}
