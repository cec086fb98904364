/** Binary media type matching, and CORS preflights and response headers for each front door. */

import { describe, expect, it } from 'vitest';
import { firstAcceptType, isBinaryMediaType, isTextContentType, mediaTypeMatches } from '../../src/core/events/http/binary.js';
import { corsPreflight, defaultAllowMethods, withCors, type PreflightOptions } from '../../src/core/events/http/cors.js';
import type { CorsConfig } from '../../src/core/model/project.js';
import { REQUEST_ID, REST_IDS, plain, request } from './http-test-support.js';

describe('binary media types', () => {
  it.each([
    ['image/png', 'image/png', true],
    ['image/png', 'IMAGE/PNG', true],
    ['image/*', 'image/jpeg', true],
    ['*/*', 'application/json', true],
    ['*/*', '*/*', true],
    ['image/png', 'image/png; q=0.9', true],
    ['application/octet-stream', 'application/octet-stream; charset=binary', true],
    ['image~1png', 'image/png', true],
    ['image/png', 'image/jpeg', false],
    ['image/png', '*/*', false],
    ['image/png', 'image/*', false],
    ['image/*', 'text/plain', false],
    ['*', 'image/png', false],
    // A wildcard type before a named subtype covers nothing, not even itself (localstack/localstack
    // test_aws_proxy_binary_response, recorded against AWS on 29-01-2025); `application/*` covers its own Accept.
    ['*/test', 'random/test', false],
    ['*/test', '*/test', false],
    ['application/*', 'application/*', true],
  ])('%s covers %s: %s', (pattern, type, matches) => {
    expect(mediaTypeMatches(pattern, type)).toBe(matches);
  });

  it('needs a Content-Type to match', () => {
    expect(isBinaryMediaType(undefined, ['*/*'])).toBe(false);
    expect(isBinaryMediaType(' ', ['*/*'])).toBe(false);
    expect(isBinaryMediaType('image/gif', ['image/png', 'image/gif'])).toBe(true);
  });

  it.each([
    ['image/webp,image/*,*/*;q=0.8', 'image/webp'],
    [' Text/HTML ; q=1 , image/png', 'text/html'],
    ['', undefined],
    [undefined, undefined],
  ])('the first Accept type of %s is %s', (accept, first) => {
    expect(firstAcceptType(accept)).toBe(first);
  });

  it.each([
    ['text/csv', true], ['application/json; charset=utf-8', true], ['application/xml', true], ['application/javascript', true],
    ['application/x-www-form-urlencoded', false], ['multipart/form-data; boundary=x', false], ['application/ld+json', false], [undefined, false],
  ])('%s is passed as text: %s', (type, text) => {
    expect(isTextContentType(type)).toBe(text);
  });
});

const cors: CorsConfig = {
  allowOrigins: ['https://app.example.com'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['Content-Type', 'X-Api-Key'],
  exposeHeaders: ['X-Request-Id'],
  allowCredentials: true,
  maxAge: 300,
};
const preflight = request({
  method: 'OPTIONS',
  headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'POST']],
});

describe('REST API CORS (SAM Cors: a MOCK OPTIONS method)', () => {
  it('answers any OPTIONS request with the configured headers, whatever the Origin', () => {
    expect(plain(corsPreflight('rest', cors, request({ method: 'OPTIONS', headers: [] }))!)).toEqual({
      status: 200,
      headers: [
        ['Content-Type', 'application/json'],
        ['Access-Control-Allow-Origin', 'https://app.example.com'],
        ['Access-Control-Allow-Headers', 'Content-Type,X-Api-Key'],
        ['Access-Control-Allow-Methods', 'GET,POST'],
        ['Access-Control-Max-Age', '300'],
        ['Access-Control-Allow-Credentials', 'true'],
        ...REST_IDS,
      ],
      body: '{}\n',
    });
  });

  it('a CloudFormation OPTIONS mock (CDK defaultCorsPreflightOptions) answers with its status and only the headers it sets', () => {
    const mock: CorsConfig = { allowOrigins: ['*'], allowMethods: ['OPTIONS', 'GET'], allowHeaders: ['Content-Type', 'Authorization'], exposeHeaders: [], allowCredentials: false, preflightStatus: 204 };
    expect(plain(corsPreflight('rest', mock, preflight, { pathMethods: ['GET', 'POST'], style: 'mock' })!)).toEqual({
      status: 204,
      headers: [
        ['Content-Type', 'application/json'],
        ['Access-Control-Allow-Headers', 'Content-Type,Authorization'],
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Methods', 'OPTIONS,GET'],
        ...REST_IDS,
      ],
      body: '',
    });
    // CDK adds `Vary: 'Origin'` to an origin other than '*' (resource.ts addCorsPreflight).
    const originOnly: CorsConfig = { allowOrigins: ['https://app.example.com'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: true, maxAge: 600, preflightVary: 'Origin' };
    expect(plain(corsPreflight('rest', originOnly, preflight, { style: 'mock' })!).headers.slice(1, -2)).toEqual([
      ['Access-Control-Allow-Origin', 'https://app.example.com'],
      ['Vary', 'Origin'],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Max-Age', '600'],
    ]);
  });

  it("lists the path's methods and OPTIONS when AllowMethods is not set; ANY lists them all", () => {
    expect(defaultAllowMethods(['post', 'GET'])).toBe('GET,OPTIONS,POST');
    expect(defaultAllowMethods(['ANY'])).toBe('DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT');
    const minimal: CorsConfig = { allowOrigins: ['*'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
    expect(plain(corsPreflight('rest', minimal, preflight, { pathMethods: ['GET'] })!).headers.slice(0, 3)).toEqual([
      ['Content-Type', 'application/json'],
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Methods', 'GET,OPTIONS'],
    ]);
  });

  // The Framework's template (api-gateway/lib/cors.js) matches the Origin with Java's String.matches, against
  // `origins` with each `.` as `[.]` and the first `*` as `.+`: whole, case-sensitive; else the first origin.
  it.each<[string, readonly string[], string | undefined, string]>([
    ['a listed origin: itself', ['https://a[.]com', 'https://b[.]com'], 'https://b.com', 'https://b.com'],
    ['one a pattern takes: itself', ['https://a[.]com', 'https://.+[.]example[.]com'], 'https://x.example.com', 'https://x.example.com'],
    ['an unlisted origin: the first of the list', ['https://a[.]com', 'https://.+[.]example[.]com'], 'https://evil.com', 'https://a.com'],
    ['no Origin: the first of the list', ['https://a[.]com', 'https://b[.]com'], undefined, 'https://a.com'],
    ['an Origin of other case: the first (case-sensitive)', ['https://a[.]com', 'https://b[.]com'], 'https://B.com', 'https://a.com'],
    ['an Origin with more after: the first (the whole string)', ['https://a[.]com', 'https://b[.]com'], 'https://b.com.evil', 'https://a.com'],
    ['a second * repeats the [.] before it, as a regular expression', ['https://a[.]com', 'https://.+[.]example[.]*'], 'https://x.example', 'https://x.example'],
    ['a second * repeats: more than dots after it matches nothing', ['https://a[.]com', 'https://.+[.]example[.]*'], 'https://x.example.com', 'https://a.com'],
    ['a pattern API Gateway could not read matches nothing', ['https://a[.]com', 'https://(b'], 'https://(b', 'https://a.com'],
  ])('several origins (serverless.yml cors.origins): %s', (_what, patterns, origin, allowed) => {
    const several: CorsConfig = { allowOrigins: ['https://a.com'], originPatterns: patterns, allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
    const req = request({ method: 'OPTIONS', headers: [...(origin ? [['Origin', origin] as [string, string]] : []), ['Access-Control-Request-Method', 'GET']] });
    expect(plain(corsPreflight('rest', several, req, { pathMethods: ['GET'], style: 'serverless' })!).headers).toContainEqual(['Access-Control-Allow-Origin', allowed]);
  });

  it.each<[string, Partial<CorsConfig>, string | undefined, Array<[string, string]>]>([
    // `origin: '*'` (and `cors: true`) has no template: `*` whatever the Origin.
    ["origin '*': *, with credentials too", { allowOrigins: ['*'] }, 'https://app.example.com', [
      ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'OPTIONS,GET'], ['Access-Control-Allow-Credentials', 'true'],
    ]],
    // `origins: ['*']` is the template `$origin.matches(".+")`: the Origin itself, which a browser takes with credentials.
    ["origins ['*']: the request's Origin", { allowOrigins: ['*'], originPatterns: ['.+'] }, 'https://app.example.com', [
      ['Access-Control-Allow-Origin', 'https://app.example.com'], ['Access-Control-Allow-Methods', 'OPTIONS,GET'], ['Access-Control-Allow-Credentials', 'true'],
    ]],
    ["origins ['*'] and no Origin: *", { allowOrigins: ['*'], originPatterns: ['.+'] }, undefined, [
      ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'OPTIONS,GET'], ['Access-Control-Allow-Credentials', 'true'],
    ]],
    ['maxAge and cacheControl: Max-Age and Cache-Control', { allowOrigins: ['*'], maxAge: 600, cacheControl: 'max-age=600, s-maxage=600' }, undefined, [
      ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'OPTIONS,GET'], ['Access-Control-Max-Age', '600'],
      ['Access-Control-Allow-Credentials', 'true'], ['Cache-Control', 'max-age=600, s-maxage=600'],
    ]],
  ])("the Serverless Framework's preflight headers: %s", (_what, over, origin, expected) => {
    const config: CorsConfig = { allowOrigins: [], allowMethods: ['OPTIONS', 'GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: true, ...over };
    const req = request({ method: 'OPTIONS', headers: [...(origin ? [['Origin', origin] as [string, string]] : []), ['Access-Control-Request-Method', 'GET']] });
    const answer = corsPreflight('rest', config, req, { pathMethods: ['GET'], style: 'serverless' })!;
    expect(plain(answer).headers.slice(1, -2)).toEqual(expected);
  });

  it.each<[string, PreflightOptions['style'], string]>([
    ["SAM's: its template's {}", 'sam', '{}\n'],
    // The Framework's integration response template is '' (or, for `origins`, one that only sets the override).
    ["the Serverless Framework's: none", 'serverless', ''],
  ])('the body of a preflight, %s', (_what, style, body) => {
    const open: CorsConfig = { allowOrigins: ['*'], allowMethods: ['OPTIONS', 'GET'], allowHeaders: ['Content-Type'], exposeHeaders: [], allowCredentials: false };
    const answer = corsPreflight('rest', open, preflight, { pathMethods: ['GET'], style })!;
    expect([answer.statusCode, answer.body.toString(), plain(answer).headers.slice(0, 4)]).toEqual([200, body, [
      ['Content-Type', 'application/json'], ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', 'Content-Type'], ['Access-Control-Allow-Methods', 'OPTIONS,GET'],
    ]]);
  });

  it("SAM's one AllowOrigin, a * in it or not, is sent as written", () => {
    const sam: CorsConfig = { allowOrigins: ['https://*.example.com'], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
    const req = request({ method: 'OPTIONS', headers: [['Origin', 'https://x.example.com'], ['Access-Control-Request-Method', 'GET']] });
    expect(plain(corsPreflight('rest', sam, req, { pathMethods: ['GET'] })!).headers).toContainEqual(['Access-Control-Allow-Origin', 'https://*.example.com']);
  });

  it('adds nothing to the function response (a proxy integration owns its headers)', () => {
    const response = { statusCode: 200, headers: [['x', 'y']] as Array<[string, string]>, body: Buffer.from('') };
    expect(withCors('rest', cors, preflight, response)).toBe(response);
  });

  it('without Cors, OPTIONS is routed like any method', () => {
    expect(corsPreflight('rest', undefined, preflight)).toBeUndefined();
    expect(corsPreflight('rest', cors, request())).toBeUndefined();
  });
});

describe('HTTP API CORS (CorsConfiguration: API Gateway answers itself)', () => {
  it('answers a preflight with 204 and the configured headers', () => {
    expect(plain(corsPreflight('http', cors, preflight)!)).toEqual({
      status: 204,
      headers: [
        ['access-control-allow-origin', 'https://app.example.com'],
        ['access-control-allow-credentials', 'true'],
        ['access-control-allow-methods', 'GET,POST'],
        ['access-control-allow-headers', 'Content-Type,X-Api-Key'],
        ['access-control-max-age', '300'],
        ['apigw-requestid', REQUEST_ID],
      ],
      body: '',
    });
  });

  it('gives an origin it does not allow no CORS headers', () => {
    const other = request({ method: 'OPTIONS', headers: [['Origin', 'https://evil.example'], ['Access-Control-Request-Method', 'GET']] });
    expect(plain(corsPreflight('http', cors, other)!).headers).toEqual([['apigw-requestid', REQUEST_ID]]);
  });

  it('routes an OPTIONS request that is not a preflight', () => {
    expect(corsPreflight('http', cors, request({ method: 'OPTIONS', headers: [['Origin', 'https://app.example.com']] }))).toBeUndefined();
  });

  it("replaces the function's CORS headers with the configured ones", () => {
    const response = {
      statusCode: 200,
      headers: [['Content-Type', 'text/plain'], ['Access-Control-Allow-Origin', '*'], ['access-control-max-age', '1']] as Array<[string, string]>,
      body: Buffer.from('ok'),
    };
    expect(plain(withCors('http', cors, request({ headers: [['Origin', 'https://app.example.com']] }), response)).headers).toEqual([
      ['Content-Type', 'text/plain'],
      ['access-control-allow-origin', 'https://app.example.com'],
      ['access-control-allow-credentials', 'true'],
      ['access-control-expose-headers', 'X-Request-Id'],
    ]);
    expect(plain(withCors('http', cors, request(), response)).headers).toEqual([['Content-Type', 'text/plain']]);
  });

  it('answers every origin with * when * is allowed', () => {
    const open: CorsConfig = { ...cors, allowOrigins: ['*'], allowCredentials: false };
    expect(plain(corsPreflight('http', open, preflight)!).headers[0]).toEqual(['access-control-allow-origin', '*']);
  });
});

describe('function URL CORS (Lambda answers; configured headers take precedence)', () => {
  const ask = (origin: string | undefined, method: string | undefined, headers?: string) => request({
    method: 'OPTIONS',
    headers: [
      ...(origin === undefined ? [] : [['Origin', origin] as [string, string]]),
      ...(method === undefined ? [] : [['Access-Control-Request-Method', method] as [string, string]]),
      ...(headers === undefined ? [] : [['Access-Control-Request-Headers', headers] as [string, string]]),
    ],
  });
  // The configured lists, whatever the preflight asked for (as captured from Lambda: see cors.ts varyOrigin).
  const granted = (origin: string): Array<[string, string]> => [
    ['content-type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID], ['vary', 'Origin'],
    ['access-control-allow-origin', origin],
    ['access-control-allow-credentials', 'true'],
    ['access-control-allow-methods', 'GET,POST'],
    ['access-control-allow-headers', 'Content-Type,X-Api-Key'],
    ['access-control-expose-headers', 'X-Request-Id'],
    ['access-control-max-age', '300'],
  ];
  const refused: Array<[string, string]> = [['content-type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID]];

  it.each([
    ['an allowed origin and method', ask('https://app.example.com', 'POST', 'content-type'), granted('https://app.example.com')],
    ['an allowed origin in other letter case: echoed as sent', ask('HTTPS://APP.EXAMPLE.COM', 'GET'), granted('HTTPS://APP.EXAMPLE.COM')],
    // Assumed (no source shows these): Lambda does not narrow or refuse; the browser refuses by the lists.
    ['a method AllowMethods lacks', ask('https://app.example.com', 'DELETE'), granted('https://app.example.com')],
    ['headers AllowHeaders lacks', ask('https://app.example.com', 'POST', 'x-secret, authorization'), granted('https://app.example.com')],
    ['an origin AllowOrigins lacks: no CORS headers', ask('https://evil.example', 'GET'), refused],
    ['an origin that only starts like an allowed one', ask('https://app.example.com.evil.example', 'GET'), refused],
    ['the literal origin null', ask('null', 'GET'), refused],
  ])('a preflight with %s: 200, answered by Lambda', (_what, preflightRequest, headers) => {
    expect(plain(corsPreflight('url', cors, preflightRequest)!)).toEqual({ status: 200, headers, body: '' });
  });

  it.each([
    ['no Access-Control-Request-Method', ask('https://app.example.com', undefined)],
    ['no Origin', ask(undefined, 'GET')],
  ])('an OPTIONS request with %s is not a preflight: the function gets it', (_what, optionsRequest) => {
    expect(corsPreflight('url', cors, optionsRequest)).toBeUndefined();
  });

  it('answers any origin with * and no Vary when AllowOrigins is *', () => {
    const open: CorsConfig = { ...cors, allowOrigins: ['*'], allowCredentials: false };
    expect(plain(corsPreflight('url', open, ask('https://anyone.example', 'PUT'))!).headers.slice(0, 3)).toEqual([
      ['content-type', 'application/json'], ['x-amzn-RequestId', REQUEST_ID], ['access-control-allow-origin', '*'],
    ]);
  });

  const fromFunction: Array<[string, string]> = [['Content-Type', 'text/plain'], ['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']];
  const added = (origin: string): Array<[string, string]> => [
    ['vary', 'Origin'],
    ['access-control-allow-origin', origin],
    ['access-control-allow-credentials', 'true'],
    ['access-control-expose-headers', 'X-Request-Id'],
  ];
  it.each([
    ['an allowed origin', 'GET', 'https://app.example.com', [['Content-Type', 'text/plain'], ['Access-Control-Allow-Methods', 'PUT'], ...added('https://app.example.com')]],
    // CORS tells browsers what to allow; the function runs and the headers are added whatever the method.
    ['an allowed origin and a method AllowMethods lacks', 'DELETE', 'https://app.example.com', [['Content-Type', 'text/plain'], ['Access-Control-Allow-Methods', 'PUT'], ...added('https://app.example.com')]],
    ['an origin AllowOrigins lacks: the function\'s headers as they are', 'GET', 'https://evil.example', fromFunction],
    ['no Origin: the function\'s headers as they are', 'GET', undefined, fromFunction],
  ])("a response to a request with %s", (_what, method, origin, headers) => {
    const response = { statusCode: 200, headers: fromFunction, body: Buffer.from('ok') };
    const sent = request({ method, headers: origin === undefined ? [] : [['Origin', origin]] });
    expect(plain(withCors('url', cors, sent, response)).headers).toEqual(headers);
  });
});

describe('ALB', () => {
  it('has no CORS setting', () => {
    expect(corsPreflight('alb', cors, preflight)).toBeUndefined();
  });
});
