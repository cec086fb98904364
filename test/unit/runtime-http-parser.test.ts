import { describe, expect, it } from 'vitest';
import { encodeResponse, RequestParser, type ParseEvent, type ParsedRequest } from '../../src/core/runtime/http-parser.js';

/** Feeds the chunks in order and returns every event. */
function parse(chunks: readonly string[], limit = 1024): ParseEvent[] {
  const parser = new RequestParser(limit);
  return chunks.flatMap((c) => parser.push(Buffer.from(c, 'latin1')));
}

function requests(events: readonly ParseEvent[]): ParsedRequest[] {
  return events.map((e) => {
    if (e.kind !== 'request') throw new Error(`expected a request, got ${JSON.stringify(e)}`);
    return e.request;
  });
}

const NEXT = 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n';
const RESULT = 'POST /2018-06-01/runtime/invocation/abc/response HTTP/1.1\r\nHost: runtime\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\n{"ok":true}';

describe('RequestParser', () => {
  it('reads a request without a body', () => {
    const [request] = requests(parse([NEXT]));
    expect(request).toEqual({ method: 'GET', target: '/2018-06-01/runtime/invocation/next', headers: { host: 'runtime' }, body: Buffer.alloc(0), size: 0, close: false });
  });

  it('reads a body by Content-Length, and header names in lower case', () => {
    const [request] = requests(parse([RESULT]));
    expect(request!.body!.toString()).toBe('{"ok":true}');
    expect(request!.headers).toEqual({ host: 'runtime', 'content-length': '11', 'content-type': 'application/json' });
  });

  // The runtime client posts its result and asks for the next event in one write.
  it('reads pipelined requests from one chunk, in order', () => {
    expect(requests(parse([RESULT + NEXT])).map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('reads the same requests however the bytes are split', () => {
    const whole = RESULT + NEXT;
    for (let at = 1; at < whole.length; at++) {
      const got = requests(parse([whole.slice(0, at), whole.slice(at)]));
      expect(got.map((r) => [r.method, r.body?.toString()])).toEqual([['POST', '{"ok":true}'], ['GET', '']]);
    }
  });

  it('reads a chunked body, extensions and trailers included', () => {
    const chunked = 'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n';
    const [request] = requests(parse([chunked]));
    expect(request!.body!.toString()).toBe('Wikipedia');
    expect(request!.size).toBe(9);
  });

  it('joins a repeated header with ", " and trims values', () => {
    const [request] = requests(parse(['GET / HTTP/1.1\r\nX-A:  1 \r\nx-a: 2\r\n\r\n']));
    expect(request!.headers['x-a']).toBe('1, 2');
  });

  it('keeps headers named like Object properties as plain headers', () => {
    const [request] = requests(parse(['GET / HTTP/1.1\r\n__proto__: a\r\nConstructor: b\r\n\r\n']));
    expect(request!.headers.__proto__).toBe('a');
    expect(request!.headers.constructor).toBe('b');
    expect(Object.keys(request!.headers)).toEqual(['__proto__', 'constructor']);
  });

  it('drops a body over the limit but counts its size', () => {
    const [request] = requests(parse([`POST /x HTTP/1.1\r\nContent-Length: 20\r\n\r\n${'a'.repeat(20)}`], 10));
    expect(request!.body).toBeUndefined();
    expect(request!.size).toBe(20);
  });

  it('answers Expect: 100-continue before the body', () => {
    const events = parse(['POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'hi']);
    expect(events.map((e) => e.kind)).toEqual(['continue', 'request']);
  });

  it.each<[string, string, boolean]>([
    ['HTTP/1.1 keeps the connection', 'GET / HTTP/1.1\r\n\r\n', false],
    ['HTTP/1.1 with Connection: close', 'GET / HTTP/1.1\r\nConnection: Close\r\n\r\n', true],
    ['HTTP/1.0 closes by default', 'GET / HTTP/1.0\r\n\r\n', true],
    ['HTTP/1.0 with keep-alive', 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', false],
  ])('%s', (_what, text, close) => {
    expect(requests(parse([text]))[0]!.close).toBe(close);
  });

  it.each<[string, string, string]>([
    ['a request line without a version', 'GET /\r\n\r\n', "malformed request line 'GET /'"],
    ['another protocol', 'GET / SPDY/3\r\n\r\n', "malformed request line 'GET / SPDY/3'"],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost runtime\r\n\r\n', "malformed header line 'Host runtime'"],
    ['a header line starting with a colon', 'GET / HTTP/1.1\r\n: x\r\n\r\n', "malformed header line ': x'"],
    ['a negative Content-Length', 'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', 'invalid Content-Length'],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n', 'invalid Content-Length'],
    ['a chunk size that is not hex', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'invalid chunk size'],
    ['a chunk size with a letter after its digits', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1g\r\n', 'invalid chunk size'],
    ['a chunk size past 2^48', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000\r\n', 'invalid chunk size'],
    ['a Content-Length in hex', 'POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n', 'invalid Content-Length'],
    ['a Content-Length in exponent form', 'POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n', 'invalid Content-Length'],
  ])('refuses %s', (_what, text, message) => {
    expect(parse([text])).toEqual([{ kind: 'error', message }]);
  });

  it('refuses a head that never ends past 64 KB, and reads nothing after an error', () => {
    const parser = new RequestParser(1024);
    expect(parser.push(Buffer.from(`GET / HTTP/1.1\r\nX: ${'a'.repeat(70 * 1024)}`))).toEqual([{ kind: 'error', message: 'request head too large' }]);
    expect(parser.push(Buffer.from(NEXT))).toEqual([]);
  });
  // A socket's read is a view of a buffer of up to 64 KB: kept after its requests were read, it stayed for as long as
  // the connection (an environment's, idle between invocations) did.
  it.each<[string, readonly string[]]>([
    ['a request without a body', [NEXT]],
    ['a body by Content-Length', [RESULT]],
    ['pipelined requests', [RESULT + NEXT]],
    ['a request split across reads', [RESULT.slice(0, 40), RESULT.slice(40)]],
    ['a chunked body', ['POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n']],
  ])('keeps none of the reads once it has read %s whole', (_, reads) => {
    const parser = new RequestParser(1024);
    const events = reads.flatMap((text) => {
      const read = Buffer.alloc(64 * 1024);
      return parser.push(read.subarray(0, read.write(text, 'latin1')));
    });
    expect(events.every((e) => e.kind === 'request')).toBe(true);
    expect(parser.heldBytes).toBe(0);
  });

  it('keeps the read of a request not yet whole', () => {
    const parser = new RequestParser(1024);
    const read = Buffer.alloc(64 * 1024);
    expect(parser.push(read.subarray(0, read.write(RESULT.slice(0, 40), 'latin1')))).toEqual([]);
    expect(parser.heldBytes).toBe(64 * 1024);
  });
});

describe('encodeResponse', () => {
  it('writes the status line, the headers as given, and the Content-Length', () => {
    const bytes = encodeResponse(202, { 'content-type': 'application/json' }, Buffer.from('{"status":"OK"}'));
    expect(bytes.toString('latin1')).toBe('HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"status":"OK"}');
  });

  it('copies a binary body byte for byte after the head', () => {
    const body = Buffer.from([0x00, 0xff, 0x80, 0x0d, 0x0a, 0xc3]);
    const bytes = encodeResponse(200, { 'x-id': 'a' }, body);
    const head = 'HTTP/1.1 200 OK\r\nx-id: a\r\ncontent-length: 6\r\n\r\n';
    expect(bytes.length).toBe(head.length + 6);
    expect(bytes.subarray(0, head.length).toString('latin1')).toBe(head);
    expect(bytes.subarray(head.length).equals(body)).toBe(true);
  });

  it('names an unknown status Unknown', () => {
    expect(encodeResponse(299, {}, Buffer.alloc(0)).toString('latin1')).toBe('HTTP/1.1 299 Unknown\r\ncontent-length: 0\r\n\r\n');
  });
});
