/** What a load balancer answers itself before its rules route a request (alb-refusals.ts). */

import { describe, expect, it } from 'vitest';
import { albRefusal, unsupportedTransferCoding } from '../../src/core/events/http/alb-refusals.js';
import { request } from './http-test-support.js';

const HOST: [string, string] = ['Host', 'localhost:3000'];
/** An X-Forwarded-For value of `n` addresses, as the load balancer passes it on: the caller's appended. */
const addresses = (n: number) => [...Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}`), '127.0.0.1'].join(', ');
/** A request line `GET <path> HTTP/1.1` of exactly `bytes` bytes. */
const pathOfLine = (bytes: number) => `/${'p'.repeat(bytes - 'GET / HTTP/1.1'.length)}`;

describe('albRefusal', () => {
  const cases: ReadonlyArray<[string, Parameters<typeof request>[0], number | undefined, string | undefined]> = [
    ['a GET', {}, undefined, undefined],
    ['TRACE', { method: 'TRACE' }, 405, '405 Not Allowed'],
    ['PROPFIND (any other method is routed)', { method: 'PROPFIND' }, undefined, undefined],
    ['Transfer-Encoding: chunked', { headers: [HOST, ['Transfer-Encoding', 'chunked']] }, undefined, undefined],
    ['Transfer-Encoding: identity', { headers: [HOST, ['transfer-encoding', 'Identity']] }, undefined, undefined],
    ['Transfer-Encoding: gzip, chunked', { headers: [HOST, ['Transfer-Encoding', 'gzip, chunked']] }, 501, '501 Not Implemented'],
    ['a header line of 16384 bytes', { headers: [HOST, ['X-Big', 'a'.repeat(16384 - 'X-Big: '.length)]] }, undefined, undefined],
    ['a header line of 16385 bytes', { headers: [HOST, ['X-Big', 'a'.repeat(16385 - 'X-Big: '.length)]] }, 400, '400 Bad Request'],
    ['a request line of 16384 bytes', { rawPath: pathOfLine(16384) }, undefined, undefined],
    ['a request line of 16385 bytes', { rawPath: pathOfLine(16385) }, 400, '400 Bad Request'],
    ['X-Forwarded-For with 30 addresses', { headers: [HOST, ['X-Forwarded-For', addresses(30)]] }, undefined, undefined],
    ['X-Forwarded-For with 31 addresses', { headers: [HOST, ['X-Forwarded-For', addresses(31)]] }, 463, '463'],
    ['none sent (the caller\'s own alone)', { headers: [HOST, ['X-Forwarded-For', '127.0.0.1']] }, undefined, undefined],
    ['a request line of 16385 bytes with its query', { rawPath: pathOfLine(16380), rawQuery: 'a=bc' }, 400, '400 Bad Request'],
  ];
  it.each(cases)('%s', (_name, overrides, status, title) => {
    const answer = albRefusal(request(overrides));
    expect(answer?.statusCode).toBe(status);
    if (!answer) return;
    expect(answer.headers).toEqual([['Server', 'awselb/2.0'], ['Content-Type', 'text/html']]);
    expect(answer.body.toString()).toBe(`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`);
    // The 400 and 501 pages end the connection, as a load balancer's do; its 405 and 463 do not.
    expect(answer.closes === true).toBe(status !== 405 && status !== 463);
  });

  it('says why, in the line dev prints', () => {
    expect(albRefusal(request({ headers: [HOST, ['X-Forwarded-For', addresses(31)]] }))?.problem).toBe('X-Forwarded-For holds 31 addresses, over the 30 a load balancer takes (463)');
    expect(albRefusal(request({ headers: [HOST, ['X-Big', 'a'.repeat(20000)]] }))?.problem).toBe('the X-Big header is over the 16384 bytes a load balancer reads in one header line');
    expect(albRefusal(request({ headers: [HOST, ['Transfer-Encoding', 'br, chunked']] }))?.problem).toBe('a load balancer takes the Transfer-Encoding codings chunked and identity only, not br (501)');
  });
});

describe('unsupportedTransferCoding', () => {
  it.each([
    ['chunked', undefined], ['identity', undefined], ['Chunked', undefined], ['chunked, identity', undefined], [' , chunked', undefined],
    ['gzip', 'gzip'], ['gzip, chunked', 'gzip'], ['chunked, deflate', 'deflate'], ['x-custom', 'x-custom'],
  ] as const)('%s', (value, coding) => {
    expect(unsupportedTransferCoding(value)).toBe(coding);
  });
});
