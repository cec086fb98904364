/**
 * Request paths through every gateway, router and codec together, against live captures: hotsock/voker
 * vokerhttp/testdata/ingress-paths.json (the paths a deployed HTTP API handed its function, or that it refused)
 * and the probe that recorded it, examples/aws-ingress-probe/paths.py, which passed only when the deployed REST
 * API, load balancer and function URL handed over the path exactly as sent (`event.path` / `event.rawPath`)
 * and when the HTTP API refused a path with 400.
 */

import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../src/core/gateway/route-request.js';
import type { Endpoint, EndpointKind, Route } from '../../src/core/model/project.js';
import { compileRoutes, httpApiPath, matchRoute } from '../../src/core/routing/index.js';
import { CAPTURES, request } from './http-test-support.js';


/** The query string the probe sent with every path. */
const QUERY = 'marker=path-probe&value=a%3Fb%25c%23d&repeat=one&repeat=two';

const source = { file: 'template.yaml', path: 'Resources' };

function gateway(kind: EndpointKind, extra: Partial<Route> = {}) {
  const path = kind === 'alb' ? '/capture/*' : kind === 'url' ? '/*' : '/capture/{proxy+}';
  const endpoint: Endpoint = {
    id: 'Capture', kind, stage: kind === 'rest' ? 'live' : '$default', binaryMediaTypes: [], source,
    routes: [{ method: 'ANY', path, functionId: 'Echo', source, ...extra }],
  };
  return { endpoint, table: compileRoutes(endpoint).table, region: 'us-west-2', accountId: '123456789012' };
}

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> & { http?: { path: string } }; pathParameters?: Record<string, string> | null };

function send(kind: EndpointKind, sent: string, extra: Partial<Route> = {}) {
  return routeRequest(gateway(kind, extra), request({ rawPath: sent, rawQuery: QUERY }));
}

function eventOf(step: ReturnType<typeof send>): Event {
  if (step.kind !== 'invoke') throw new Error(`answered by the gateway: ${step.reason}`);
  return JSON.parse(step.event.toString()) as Event;
}

describe('HTTP API (payload 2.0): rawPath, http.path and path parameters are the captured path', () => {
  it.each(CAPTURES.filter(([, captured]) => captured !== undefined))('%s -> %s', (sent, captured) => {
    const event = eventOf(send('http', sent));
    expect(event.rawPath).toBe(captured);
    expect(event.requestContext.http?.path).toBe(captured);
    // The route's variable holds what follows /capture/ in that same path: router and codec agree.
    expect(event.pathParameters).toEqual({ proxy: captured!.slice('/capture/'.length) });
    // A `?` that decoding uncovers cuts the path, and leaves the query string as sent.
    expect(event.rawQueryString).toBe(QUERY);
    expect(httpApiPath(sent)).toBe(captured);
    const match = matchRoute(gateway('http').table, 'GET', sent);
    expect(match.kind === 'match' ? match.path : match.kind).toBe(captured);
  });

  it('refuses percent%25done with 400 Bad Request, as the deployed API did (httpAPIRejected)', () => {
    const step = send('http', '/capture/percent%25done');
    expect(step.kind).toBe('respond');
    if (step.kind !== 'respond') return;
    expect(step.response.statusCode).toBe(400);
    expect(step.response.body.toString()).toBe('{"message":"Bad Request"}');
    expect(step.reason).toMatch(/^bad request path/);
  });
});

describe('HTTP API (payload 1.0): the same path, decoded the same way', () => {
  it.each(CAPTURES.filter(([, captured]) => captured !== undefined))('%s -> %s', (sent, captured) => {
    const event = eventOf(send('http', sent, { payloadFormatVersion: '1.0' }));
    expect(event.path).toBe(captured);
    expect(event.requestContext.path).toBe(captured);
    expect(event.pathParameters).toEqual({ proxy: captured!.slice('/capture/'.length) });
  });

  it('refuses percent%25done with 400 too (the gateway decides before the payload format matters)', () => {
    const step = send('http', '/capture/percent%25done', { payloadFormatVersion: '1.0' });
    expect(step.kind === 'respond' ? step.response.statusCode : step.kind).toBe(400);
  });
});

describe('REST API, load balancer, function URL: the path as it was sent, every row reaching the function', () => {
  it.each(CAPTURES.map(([sent]) => sent))('%s', (sent) => {
    const rest = eventOf(send('rest', sent));
    expect(rest.path).toBe(sent);
    expect(rest.requestContext.path).toBe(`/live${sent}`);
    // Variables stay encoded too ("capture/space%20value" in voker's apigwv1-request.json).
    expect(rest.pathParameters).toEqual({ proxy: sent.slice('/capture/'.length) });
    expect(eventOf(send('alb', sent)).path).toBe(sent);
    expect(eventOf(send('url', sent)).rawPath).toBe(sent);
  });
});

describe('other paths an HTTP API cannot decode', () => {
  // Not in the capture: the same rule, the first decoding failing (`%ZZ`, `%E9` is no UTF-8) or the second (`%25`).
  it.each(['/capture/%25', '/capture/%E9', '/capture/%ZZ'])('%s: 400 from the HTTP API, the function from the others', (sent) => {
    const step = send('http', sent);
    expect(step.kind === 'respond' ? step.response.statusCode : step.kind).toBe(400);
    for (const kind of ['rest', 'alb', 'url'] as const) expect(send(kind, sent).kind).toBe('invoke');
  });
});

describe('REST API: slashes, as a deployed REST API handed them over', () => {
  // localstack/localstack test_lambda_aws_proxy_integration, recorded against AWS on 02-08-2024: a REST API with
  // `/{proxy+}` and `/hardcoded` (ANY) on stage `stage`, called with each URL below. Extra leading slashes are one in
  // `path` and kept in requestContext.path; a trailing slash stays in the path but not in the proxy variable.
  const endpoint: Endpoint = {
    id: 'Slashes', kind: 'rest', stage: 'stage', binaryMediaTypes: [], source,
    routes: [{ method: 'ANY', path: '/{proxy+}', functionId: 'Echo', source }, { method: 'ANY', path: '/hardcoded', functionId: 'Echo', source }],
  };
  const config = { endpoint, table: compileRoutes(endpoint).table, region: 'us-west-2', accountId: '123456789012' };
  it.each<[string, string, string, string, Record<string, string> | null]>([
    ['/stage/proxy-value/', '/{proxy+}', '/proxy-value/', '/stage/proxy-value/', { proxy: 'proxy-value' }],
    ['/stage/proxy-value//double-slash', '/{proxy+}', '/proxy-value//double-slash', '/stage/proxy-value//double-slash', { proxy: 'proxy-value//double-slash' }],
    ['//stage/proxy-value', '/{proxy+}', '/proxy-value', '/stage/proxy-value', { proxy: 'proxy-value' }],
    ['/stage//proxy-value', '/{proxy+}', '/proxy-value', '/stage//proxy-value', { proxy: 'proxy-value' }],
    ['/stage//hardcoded', '/hardcoded', '/hardcoded', '/stage//hardcoded', null],
    // pylambda also serves the routes without the stage (sam local's URLs): the same rule below it.
    ['//proxy-value', '/{proxy+}', '/proxy-value', '/stage//proxy-value', { proxy: 'proxy-value' }],
  ])('%s: %s, path %s, requestContext.path %s', (sent, resource, path, contextPath, pathParameters) => {
    const event = eventOf(routeRequest(config, request({ rawPath: sent })));
    expect([event.resource, event.path, event.requestContext.path, event.pathParameters]).toEqual([resource, path, contextPath, pathParameters]);
  });
});
