/**
 * Every front door's codec against what a handler or a client may send: random results (any key the codecs read,
 * each with a value of any type) and random requests (odd methods, paths, queries, headers and bodies) must give an
 * event that is JSON and a response a server can write (an HTTP status, string headers, a body of bytes), never a
 * throw. A throw here is a 500 from dev itself, or worse. Seeded, so a failure repeats.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCases, seededRandom } from './fuzz-random.js';
import type { HttpRequest, HttpResponse, InvokeOutput } from '../../src/core/events/http/request.js';
import { alb } from '../../src/core/events/http/index.js';
import { albContext, CODECS, request, type CodecName } from './http-test-support.js';

const CASES = fuzzCases(3000);

const STRINGS = ['', 'x', 'ok', '200', '200 OK', 'text/html', 'a=b; Path=/', 'aGVsbG8=', '***', 'ü', '日本', '\u0000', '\r\n', 'a\r\nb: c',
  '%', '%zz', '%E0%A4%A', '/', '//a', '/a/../b', '?', '#', ';', ',', '"', '\\', 'x'.repeat(9000), '\ud800', 'true', 'null', '1e3'];
const NUMBERS = [0, 1, -1, 99, 100, 101, 199, 200, 204, 304, 399, 404, 500, 599, 600, 1000, 1.5, 200.0000001, Number.MAX_SAFE_INTEGER, 1e300];
const KEYS = ['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded', 'cookies', 'statusDescription', 'extra'];

function value(next: () => number, depth = 0): unknown {
  const roll = next();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  if (roll < 0.1) return null;
  if (roll < 0.2) return next() < 0.5;
  if (roll < 0.4) return pick(NUMBERS);
  if (roll < 0.65 || depth > 2) return pick(STRINGS);
  if (roll < 0.8) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick([...STRINGS.slice(0, 12), 'Set-Cookie', 'content-type', 'Content-Length', 'Transfer-Encoding']), value(next, depth + 1)]));
}

function result(next: () => number): InvokeOutput {
  const roll = next();
  if (roll < 0.05) return { payload: Buffer.from(String(value(next))), functionError: false };
  if (roll < 0.1) return { payload: Buffer.from(JSON.stringify(value(next)) ?? ''), functionError: next() < 0.5 };
  const object = Object.fromEntries(KEYS.filter(() => next() < 0.5).map((k) => [k, value(next)]));
  return { payload: Buffer.from(JSON.stringify(object)), functionError: false };
}

const METHODS = ['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'TRACE', 'X'];
const PATHS = ['/', '/items/1', '/a%20b', '/%', '/%zz', '//x//', '/a/./b/../c', '/日本', '/%E6%97%A5', '/a;b', '/' + 'p'.repeat(3000)];
const QUERIES = ['', 'a', 'a=', '=b', 'a=1&a=2', 'a=%', 'a=%zz', 'a+b=c+d', '&&', 'a[]=1&a[]=2', '%E6%97%A5=1', 'x='.repeat(500)];
const HEADER_NAMES = ['Host', 'Content-Type', 'content-type', 'Cookie', 'cookie', 'X-Forwarded-For', 'Origin', 'Accept-Encoding', 'Content-Encoding', 'Content-Length', 'Transfer-Encoding', 'Authorization', 'X-Amzn-Trace-Id', 'X-Custom', 'x-custom'];

function httpRequest(next: () => number): HttpRequest {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const headers = Array.from({ length: Math.floor(next() * 8) }, () => [pick(HEADER_NAMES), String(pick([...STRINGS.filter((s) => !/[\r\n\u0000]/.test(s)), 'a=1; b=2', 'gzip', 'br', 'application/json', 'image/png', '*/*']))] as const);
  const body = next() < 0.5 ? Buffer.alloc(0) : next() < 0.5 ? Buffer.from(pick(STRINGS)) : Buffer.from([0xff, 0xfe, 0x00, 0x80]);
  return request({ method: pick(METHODS), rawPath: pick(PATHS), rawQuery: pick(QUERIES), headers, body });
}

/** What a server needs of a response to write it. */
function writable(response: HttpResponse): boolean {
  return Number.isInteger(response.statusCode) && response.statusCode >= 100 && response.statusCode <= 599
    && Buffer.isBuffer(response.body)
    // Node's writeHead refuses a name that is not a token and a value with a line break or a NUL.
    && response.headers.every(([n, v]) => typeof n === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(n) && typeof v === 'string' && !/[\r\n\0]/.test(v))
    && (response.statusMessage === undefined || typeof response.statusMessage === 'string');
}

const ALB_MULTI = { toEvent: (r: HttpRequest) => alb.toEvent(r, { ...albContext, multiValueHeaders: true }), toResponse: (o: InvokeOutput, r: HttpRequest) => alb.toResponse(o, r, { ...albContext, multiValueHeaders: true }) };
const ALL: Array<[string, typeof ALB_MULTI]> = [...(Object.keys(CODECS) as CodecName[]).map((n) => [n, CODECS[n]] as [string, typeof ALB_MULTI]), ['alb (multi-value headers)', ALB_MULTI]];

describe('the HTTP codecs never throw', { timeout: 30 * 60_000 }, () => {
  it.each(ALL)('%s', (name, codec) => {
    const next = seededRandom(name.length * 104729);
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const req = httpRequest(next);
      const out = result(next);
      try {
        const event = codec.toEvent(req);
        JSON.stringify(event);
        const response = codec.toResponse(out, req);
        if (!writable(response)) failures.push(`not writable: ${JSON.stringify({ status: response.statusCode, headers: response.headers }).slice(0, 300)} for ${out.payload.toString().slice(0, 200)}`);
      } catch (error) {
        const where = (error as Error).stack?.split('\n').find((l) => l.includes('/src/'))?.trim() ?? '';
        failures.push(`${(error as Error).message} ${where} for ${req.method} ${req.rawPath.slice(0, 40)}?${req.rawQuery.slice(0, 40)} ${JSON.stringify(req.headers).slice(0, 200)} -> ${out.payload.toString().slice(0, 200)}`);
      }
    }
    expect([...new Set(failures)].slice(0, 10)).toEqual([]);
  });
});
