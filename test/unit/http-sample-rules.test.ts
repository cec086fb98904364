import { describe, expect, it } from 'vitest';
import { contentLengthProblem, methodProblem, pathProblem, queryProblem } from '../../src/core/events/sources/http-sample-rules.js';
import { sampleRequest } from '../../src/core/events/sources/http-sample.js';
import type { EndpointKind } from '../../src/core/model/project.js';

const API = 'GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS';

describe('events generate: the methods each front door takes', () => {
  it.each<[EndpointKind | undefined, string, string | undefined]>([
    ['rest', 'GET', undefined],
    ['rest', 'OPTIONS', undefined],
    ['http', 'PATCH', undefined],
    ['url', 'HEAD', undefined],
    ['rest', 'FOO', `--method 'FOO' is not one an API Gateway REST API takes: ${API}`],
    ['http', 'FOO', `--method 'FOO' is not one an API Gateway HTTP API takes: ${API}`],
    ['url', 'CONNECT', `--method 'CONNECT' is not one a function URL takes: ${API}`],
    ['http', 'ANY', `--method 'ANY' is not one an API Gateway HTTP API takes: ${API} (ANY is a route's method, matching each of them: a request has one)`],
    ['http', 'TRACE', `--method 'TRACE' is not one an API Gateway HTTP API takes: ${API}`],
    // An ALB forwards any method its rules can name.
    ['alb', 'PURGE', undefined],
    ['alb', 'M-SEARCH', undefined],
    ['alb', 'X'.repeat(40), undefined],
    ['alb', 'X'.repeat(41), `--method '${'X'.repeat(41)}' is not a method an Application Load Balancer takes: up to 40 of A-Z, - and _ (GET, POST ...)`],
    [undefined, 'FOO', undefined],
  ])('%s %s', (via, method, problem) => {
    expect(methodProblem(method, via)).toBe(problem);
  });
});

describe('events generate: --path is a request target as a client sends it', () => {
  it.each<[string, string | undefined]>([
    ['/', undefined],
    ['/items/42?x=1&y=', undefined],
    ['/files/a%20b/c%2F', undefined],
    ['/q?e=%E2%82%AC', undefined],
    ['items', "--path must start with '/' (got 'items')"],
    ['', "--path must start with '/' (got '')"],
    ['/a b', "--path '/a b' holds a space or a control character: write it %-escaped, as a client sends it (a space is %20)"],
    ['/a\tb', "--path '/a\\tb' holds a space or a control character: write it %-escaped, as a client sends it (a space is %20)"],
    ['/a\u0000', "--path '/a\\u0000' holds a space or a control character: write it %-escaped, as a client sends it (a space is %20)"],
    ['/page#top', "--path '/page#top' holds a '#': a fragment is the client's and is never sent (write %23 for a '#' in the path)"],
    ['/100%', "--path '/100%' has a '%' that starts no escape (%XX, two hex digits): write %25 for a '%'"],
    ['/a%zz', "--path '/a%zz' has a '%' that starts no escape (%XX, two hex digits): write %25 for a '%'"],
    ['/a%2', "--path '/a%2' has a '%' that starts no escape (%XX, two hex digits): write %25 for a '%'"],
  ])('%j', (path, problem) => {
    expect(pathProblem(path)).toBe(problem);
  });
});

describe('events generate: --query key=value', () => {
  const notPair = (q: string) => `--query '${q}' is not key=value (a name, '=', then the value, which may be empty: flag=)`;
  it.each<[string, string | undefined]>([
    ['a=1', undefined],
    ['flag=', undefined],
    ['a=b=c', undefined],
    ['name=Ada Lovelace', undefined],
    ['novalue', notPair('novalue')],
    ['=v', notPair('=v')],
    ['', notPair('')],
    ['a=\n', "--query 'a=\\n' holds a control character"],
    ['a=\uD800', "--query 'a=\\ud800' is not well-formed Unicode"],
  ])('%j', (query, problem) => {
    expect(queryProblem(query)).toBe(problem);
  });
});

describe('events generate: a Content-Length header counts --body', () => {
  it.each<[string, number, string | undefined]>([
    ['3', 3, undefined],
    ['0', 0, undefined],
    ['9', 3, "--header 'Content-Length: 9' does not count --body, which has 3 bytes: leave the header out (it is written for the body), or give 3"],
    ['03', 3, "--header 'Content-Length: 03' does not count --body, which has 3 bytes: leave the header out (it is written for the body), or give 3"],
  ])('%s for %d bytes', (value, bytes, problem) => {
    expect(contentLengthProblem(value, bytes)).toBe(problem);
  });

  it('sampleRequest refuses each with exit 2, and takes what passes', () => {
    const make = (options: Partial<Parameters<typeof sampleRequest>[0]>) => () => sampleRequest({ host: 'h', via: 'http', ...options }, 0, 'r');
    for (const options of [{ method: 'FOO' }, { path: '/a b' }, { query: ['=v'] }, { body: 'abc', header: ['Content-Length: 9'] }]) {
      expect(make(options)).toThrow(expect.objectContaining({ name: 'UserError', exitCode: 2 }) as Error);
    }
    expect(make({ method: 'post', body: 'abc', header: ['Content-Length: 3'] })()).toMatchObject({ method: 'POST', headers: expect.arrayContaining([['Content-Length', '3']]) as unknown });
  });
});

describe('events generate: the method without --method', () => {
  it.each<[string, { method?: string; body?: string }, string]>([
    ['no body: GET', {}, 'GET'],
    // As `curl -d` sends it; an edge-optimized API's CloudFront refuses a GET with a body (403).
    ['a body: POST', { body: '{"n":1}' }, 'POST'],
    ['an empty body is a body', { body: '' }, 'POST'],
    ['--method wins, in capitals', { method: 'put', body: 'x' }, 'PUT'],
  ])('%s', (_what, options, expected) => {
    expect(sampleRequest({ host: 'h', via: 'rest', ...options }, 0, 'r').method).toBe(expected);
  });
});
