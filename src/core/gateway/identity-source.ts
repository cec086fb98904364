import { firstHeader, headerValues } from '../events/http/headers.js';
import { decodeQuery, REST_QUERY_SEPARATORS } from '../events/http/query.js';
import type { HttpRequest } from '../events/http/request.js';
import { isObject } from '../events/http/payload.js';
import type { EndpointKind, IdentitySource } from '../model/project.js';

/**
 * The value of an authorizer's identity source in a request (undefined when it has none), as API Gateway reads
 * it: a header by name in any case; a query parameter (REST: its last value, as in queryStringParameters; HTTP
 * API: its values joined by commas, as in its queryStringParameters); a stage variable; a context variable from
 * the event's requestContext (`identity.sourceIp`, `routeKey`).
 */
export function identityValue(source: IdentitySource, kind: EndpointKind, request: HttpRequest, event: Record<string, unknown>): string | undefined {
  switch (source.in) {
    case 'header':
      return kind === 'http' ? joined(headerValues(request.headers, source.name)) : firstHeader(request.headers, source.name);
    case 'query': {
      const values = decodeQuery(request.rawQuery, kind === 'rest' ? REST_QUERY_SEPARATORS : '&').filter(([name]) => name === source.name).map(([, value]) => value);
      return kind === 'rest' ? values.pop() : joined(values);
    }
    case 'stageVariable':
      return scalar(isObject(event.stageVariables) ? event.stageVariables[source.name] : undefined);
    case 'context': {
      let value: unknown = event.requestContext;
      for (const key of source.name.split('.')) value = isObject(value) ? value[key] : undefined;
      return scalar(value);
    }
  }
}

/** How a message names an identity source. */
export function describeSource(source: IdentitySource): string {
  switch (source.in) {
    case 'header':
      return `${source.name} header`;
    case 'query':
      return `query parameter ${source.name}`;
    case 'stageVariable':
      return `stage variable ${source.name}`;
    case 'context':
      return `context variable ${source.name}`;
  }
}

/** The first source a request lacks (missing or empty), with every source's value. */
export function identityValues(sources: readonly IdentitySource[], kind: EndpointKind, request: HttpRequest, event: Record<string, unknown>): { values: string[]; missing?: IdentitySource } {
  const values = sources.map((source) => identityValue(source, kind, request, event));
  const missing = sources.find((_, i) => values[i] === undefined || values[i] === '');
  return { values: values.map((v) => v ?? ''), ...(missing ? { missing } : {}) };
}

/**
 * An identity source as an HTTP API writes it (`$request.header.Authorization`, `$request.querystring.key`,
 * `$context.routeKey`, `$stageVariables.tier`), or REST's `method.request.header.X` / `context.x` /
 * `stageVariables.x`; undefined when it is neither.
 */
export function parseIdentitySource(text: string): IdentitySource | undefined {
  // A name holds no comma, space or `$`: `A,$request.header.B` is two sources, not one header of that name.
  const match = /^(?:\$request\.|method\.request\.)(header|querystring)\.([^\s,$]+)$/.exec(text.trim()) ?? /^\$?(context|stageVariables)\.([^\s,$]+)$/.exec(text.trim());
  if (!match) return undefined;
  const kind = match[1] === 'header' ? 'header' : match[1] === 'querystring' ? 'query' : match[1] === 'context' ? 'context' : 'stageVariable';
  return { in: kind, name: match[2]! };
}

function joined(values: readonly string[]): string | undefined {
  return values.length === 0 ? undefined : values.join(',');
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
