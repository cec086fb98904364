/**
 * Which front door an event came through, read from its shape (the keys each one sends: LAMBDA-FACTS sections 4-7), and
 * the response that front door makes of the function's output: for `pylambda invoke --event` with an event a gateway
 * sends (one `events generate` printed, or one captured from a deployed API), where no project route says which.
 */
import { alb, http, httpV1, rest, url, type HttpRequest, type HttpResponse, type InvokeOutput } from '../events/http/index.js';
import { ENDPOINT_LABEL, type Endpoint, type EndpointKind } from '../model/project.js';

export interface EventGateway {
  /** The endpoint kind the shape says (HTTP API payload 1.0 is `http`). */
  readonly kind: EndpointKind;
  /** `REST API`, `HTTP API (payload 1.0)`, ... */
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly respond: (output: InvokeOutput) => HttpResponse;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The gateway of an event, or undefined for any other event. `endpoints`: the project's, whose settings that matter to
 * a response (a REST API's binary media types and compression) are taken from the first of the event's kind.
 */
export function eventGateway(event: unknown, endpoints: readonly Endpoint[] = []): EventGateway | undefined {
  if (!isObject(event) || !isObject(event.requestContext)) return undefined;
  const ctx = event.requestContext;
  const request = requestOf(event, ctx);
  if (!request) return undefined;
  const base = { method: request.method, path: request.rawPath };
  if (event.version === '2.0' && isObject(ctx.http)) {
    // A function URL's domain is `<url-id>.lambda-url.<region>.on.aws`; its event is otherwise an HTTP API's.
    const isUrl = /\.lambda-url\./.test(text(ctx.domainName) ?? '');
    return isUrl
      ? { ...base, kind: 'url', label: ENDPOINT_LABEL.url, respond: (output) => url.toResponse(output, request, { urlId: 'local', region: 'us-east-1' }) }
      : { ...base, kind: 'http', label: ENDPOINT_LABEL.http, respond: (output) => http.toResponse(output, request, { routeKey: text(event.routeKey) ?? '$default', pathParameters: null, stage: '$default', apiId: 'local', accountId: '', region: '', stageVariables: null }) };
  }
  const elb = ctx.elb;
  if (isObject(elb)) {
    const multiValueHeaders = isObject(event.multiValueHeaders) && !isObject(event.headers);
    return { ...base, kind: 'alb', label: ENDPOINT_LABEL.alb, respond: (output) => alb.toResponse(output, request, { targetGroupArn: text(elb.targetGroupArn) ?? '', multiValueHeaders }) };
  }
  if (typeof event.httpMethod !== 'string') return undefined;
  // An HTTP API's payload 1.0 event says version 1.0 and has its route key as resourceId (`GET /items`, `$default`);
  // a REST API's resourceId is the resource's own id (`roq9wj`), and some REST samples say version 1.0 too.
  const routeKeyId = /^(\$default|[A-Z]+ \/.*)$/.test(text(ctx.resourceId) ?? '');
  if (event.version === '1.0' && routeKeyId) return { ...base, kind: 'http', label: `${ENDPOINT_LABEL.http} (payload 1.0)`, respond: (output) => httpV1.toResponse(output, request) };
  const api = endpoints.find((e) => e.kind === 'rest');
  return {
    ...base, kind: 'rest', label: ENDPOINT_LABEL.rest,
    respond: (output) => rest.toResponse(output, request, {
      resourcePath: text(ctx.resourcePath) ?? request.rawPath, pathParameters: null, stage: text(ctx.stage) ?? '', apiId: text(ctx.apiId) ?? '', accountId: '', region: '',
      binaryMediaTypes: api?.binaryMediaTypes ?? [], stageVariables: null,
      ...(api?.minimumCompressionSize === undefined ? {} : { minimumCompressionSize: api.minimumCompressionSize }),
    }),
  };
}

/** The request an event stands for, as far as a response depends on it: its method, path and headers. */
function requestOf(event: Json, ctx: Json): HttpRequest | undefined {
  const method = text(isObject(ctx.http) ? ctx.http.method : undefined) ?? text(event.httpMethod);
  const path = text(event.rawPath) ?? text(event.path);
  if (!method || !path) return undefined;
  const headers: Array<readonly [string, string]> = [];
  if (isObject(event.multiValueHeaders)) {
    for (const [name, values] of Object.entries(event.multiValueHeaders)) if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') headers.push([name, v]);
  } else if (isObject(event.headers)) {
    for (const [name, value] of Object.entries(event.headers)) if (typeof value === 'string') headers.push([name, value]);
  }
  return {
    method: method.toUpperCase(), rawPath: path, rawQuery: text(event.rawQueryString) ?? '', headers, body: Buffer.alloc(0),
    sourceIp: '127.0.0.1', protocol: 'HTTP/1.1', timeEpochMs: 0, requestId: text(ctx.requestId) ?? '',
  };
}
