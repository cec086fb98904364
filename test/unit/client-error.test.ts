/** Requests Node's HTTP parser refuses: the answer, and what the dev log line says of them. */

import { describe, expect, it } from 'vitest';
import { refusalBytes, refusedRequest, type ParserError } from '../../src/emulator/client-error.js';

/** A parse error as Node's `clientError` hands it over (codes, reasons and offsets as Node 20 reports them). */
const parseError = (code: string, reason: string, raw: string, bytesParsed: number): ParserError => ({ code, reason, rawPacket: Buffer.from(raw, 'latin1'), bytesParsed });

describe('refusedRequest', () => {
  it.each<[string, ParserError, { status: number; method: string; path: string; query?: string; reason: string }]>([
    ['a lower-case method', parseError('HPE_INVALID_METHOD', 'Invalid method encountered', 'get /h/x?q=1 HTTP/1.1\r\nHost: x\r\n\r\n', 0),
      { status: 400, method: 'get', path: '/h/x', query: 'q=1', reason: "malformed request: method 'get' is not one Node's HTTP parser knows (methods are case-sensitive: GET)" }],
    ['an unknown method', parseError('HPE_INVALID_METHOD', 'Invalid method encountered', 'FOO /x HTTP/1.1\r\nHost: x\r\n\r\n', 1),
      { status: 400, method: 'FOO', path: '/x', reason: "malformed request: method 'FOO' is not one Node's HTTP parser knows" }],
    ['Content-Length with Transfer-Encoding', parseError('HPE_INVALID_TRANSFER_ENCODING', "Transfer-Encoding can't be present with Content-Length", 'POST /h/y HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 66),
      { status: 400, method: 'POST', path: '/h/y', reason: "malformed request: Transfer-Encoding can't be present with Content-Length (Node's HTTP parser, HPE_INVALID_TRANSFER_ENCODING)" }],
    ['the second of two pipelined requests: its own line, not the first one\'s', parseError('HPE_INVALID_METHOD', 'Invalid method encountered', 'GET /ok HTTP/1.1\r\nHost: x\r\n\r\nget /second HTTP/1.1\r\nHost: x\r\n\r\n', 29),
      { status: 400, method: 'get', path: '/second', reason: "malformed request: method 'get' is not one Node's HTTP parser knows (methods are case-sensitive: GET)" }],
    ['a bad header line: the request line above it', parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token', 'GET /x HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 29),
      { status: 400, method: 'GET', path: '/x', reason: "malformed request: Invalid header token (Node's HTTP parser, HPE_INVALID_HEADER_TOKEN)" }],
    ['an absolute-form target: its path', parseError('HPE_INVALID_METHOD', 'Invalid method encountered', 'get http://example.com/a/b?c HTTP/1.1\r\n\r\n', 0),
      { status: 400, method: 'get', path: '/a/b', query: 'c', reason: "malformed request: method 'get' is not one Node's HTTP parser knows (methods are case-sensitive: GET)" }],
    // A TLS handshake never gets here (tls-refusal.ts closes it); 0x16 alone, with nothing after it, is no handshake yet.
    ['a lone 0x16', parseError('HPE_INVALID_METHOD', 'Invalid method encountered', '\x16', 0),
      { status: 400, method: '-', path: '-', reason: "malformed request: Invalid method encountered (Node's HTTP parser, HPE_INVALID_METHOD)" }],
    ['headers past 64 KB', parseError('HPE_HEADER_OVERFLOW', 'Header overflow', `GET /big HTTP/1.1\r\nCookie: ${'a'.repeat(70_000)}`, 65_000),
      { status: 431, method: 'GET', path: '/big', reason: 'the request headers are over the 64 KB pylambda reads' }],
    ['headers that never finish arriving', { code: 'ERR_HTTP_REQUEST_TIMEOUT' },
      { status: 408, method: '-', path: '-', reason: 'the request headers did not arrive in time' }],
  ])('%s', (_what, error, expected) => {
    const refused = refusedRequest(error);
    expect(refused).toMatchObject(expected);
    if (expected.query === undefined) expect(refused).not.toHaveProperty('query');
  });

  it.each(['ECONNRESET', 'EPIPE'])('%s: the connection broke, nothing to answer or log', (code) => {
    expect(refusedRequest({ code })).toBeUndefined();
  });

  it('a close in the middle of a body: the client went away (the request\'s own line says so), nothing here', () => {
    expect(refusedRequest(parseError('HPE_INVALID_EOF_STATE', 'Invalid EOF state', 'POST /pid HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc', 0))).toBeUndefined();
  });

  it("answers as Node would, closing the connection (the parser lost the request's end)", () => {
    expect(refusalBytes(refusedRequest(parseError('HPE_INVALID_METHOD', 'Invalid method encountered', 'get / HTTP/1.1\r\n\r\n', 0))!))
      .toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
});
