import { UserError } from '../../errors.js';
import type { EndpointKind } from '../../model/project.js';
import { newTraceRoot } from '../../runtime/protocol.js';
import { isJsonText } from '../../json-position.js';
import { CONTROL_CHARACTERS, isHeaderName } from '../http/headers.js';
import { contentLengthProblem, methodProblem, pathProblem, queryProblem } from './http-sample-rules.js';
import { withForwardedHeaders, type HttpRequest } from '../http/request.js';

/** A flag with a malformed value is a usage error, as an unknown one is: exit 2. */
const USAGE = { exitCode: 2 } as const;

export interface SampleRequestOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  /** `key=value` pairs, in order. */
  readonly query?: readonly string[];
  /** `Name: value` pairs, in order. */
  readonly header?: readonly string[];
  readonly host: string;
  /** The front door the request went through, which adds its X-Forwarded-* and trace headers (https, 443). */
  readonly via?: EndpointKind;
}

/**
 * The method a sample request has without `--method`: POST when it has a body, as `curl -d` sends it (SAM CLI's
 * `generate-event apigateway` samples are POSTs with a body); an edge-optimized API's CloudFront refuses a GET's body.
 */
export function sampleMethod(options: { readonly method?: string | undefined; readonly body?: string | undefined }): string {
  return (options.method ?? (options.body !== undefined ? 'POST' : 'GET')).toUpperCase();
}

/** The request a sample HTTP event describes, built from `events generate` flags. */
export function sampleRequest(options: SampleRequestOptions, nowMs: number, requestId: string): HttpRequest {
  const method = sampleMethod(options);
  if (!/^[A-Z_-]+$/.test(method)) throw new UserError(`--method '${options.method}' is not an HTTP method`, USAGE);
  const methodRefused = methodProblem(method, options.via);
  if (methodRefused) throw new UserError(methodRefused, USAGE);
  const rawTarget = options.path ?? '/';
  const pathRefused = pathProblem(rawTarget);
  if (pathRefused) throw new UserError(pathRefused, USAGE);
  const [rawPath, inlineQuery = ''] = rawTarget.split(/\?(.*)/s);
  const pairs = (options.query ?? []).map((q) => {
    const refused = queryProblem(q);
    if (refused) throw new UserError(refused, USAGE);
    const eq = q.indexOf('=');
    return `${encodeURIComponent(q.slice(0, eq))}=${encodeURIComponent(q.slice(eq + 1))}`;
  });
  const rawQuery = [inlineQuery, ...pairs].filter(Boolean).join('&');
  const headers: Array<[string, string]> = (options.header ?? []).map((h) => {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UserError(`--header '${h}' is not Name:value`, USAGE);
    const [name, value] = [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
    if (!isHeaderName(name)) throw new UserError(`--header '${h}': '${name}' is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only, RFC 9110 5.6.2)`, USAGE);
    if (CONTROL_CHARACTERS.test(value)) throw new UserError(`--header '${h}': a header value holds no control characters (RFC 9110 5.5)`, USAGE);
    return [name, value];
  });
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  if (!has('host')) headers.unshift(['Host', options.host]);
  if (!has('user-agent')) headers.push(['User-Agent', 'pylambda']);
  if (!has('accept')) headers.push(['Accept', '*/*']);
  const body = Buffer.from(options.body ?? '');
  if (body.length > 0 && !has('content-type')) headers.push(['Content-Type', isJsonText(options.body!) ? 'application/json' : 'text/plain']);
  const length = headers.find(([k]) => k.toLowerCase() === 'content-length');
  const lengthRefused = length && contentLengthProblem(length[1], body.length);
  if (lengthRefused) throw new UserError(lengthRefused, USAGE);
  if (body.length > 0 && !length) headers.push(['Content-Length', String(body.length)]);
  const sourceIp = '127.0.0.1';
  // The trace root comes from the request id (random already): one request, one trace.
  const traceRoot = newTraceRoot(nowMs, requestId.replace(/[^0-9a-f]/gi, '').toLowerCase().padEnd(24, '0'));
  const sent = options.via ? withForwardedHeaders(options.via, headers, { sourceIp, port: 443, proto: 'https', traceRoot }) : headers;
  return { method, rawPath: rawPath!, rawQuery, headers: sent, body, sourceIp, protocol: 'HTTP/1.1', timeEpochMs: nowMs, requestId };
}
