/**
 * The Runtime API's own request parser (core/runtime/http-parser.ts) against streams of requests: whatever the
 * bytes, it never throws; a stream of valid requests (Content-Length or chunked bodies, pipelined, some with
 * `Expect: 100-continue`) gives back exactly what was sent, however the stream is cut into chunks, as a socket
 * cuts it. Seeded, so a failure repeats.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCases, seededRandom } from './fuzz-random.js';
import { RequestParser, type ParseEvent } from '../../src/core/runtime/http-parser.js';

const CASES = fuzzCases(1500);
const LIMIT = 64;

interface Sent {
  readonly method: string;
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly bytes: Buffer;
  readonly expectContinue: boolean;
}

const TARGETS = ['/2018-06-01/runtime/invocation/next', '/2018-06-01/runtime/invocation/abc-123/response', '/2018-06-01/runtime/invocation/abc-123/error', '/2018-06-01/runtime/init/error', '/x?y=%20'];

function sent(next: () => number): Sent {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const method = pick(['GET', 'POST', 'PUT']);
  const target = pick(TARGETS);
  const size = pick([0, 0, 1, 5, LIMIT - 1, LIMIT, LIMIT + 1, 300]);
  const body = Buffer.from(Array.from({ length: size }, () => Math.floor(next() * 256)));
  const chunked = size > 0 && next() < 0.4;
  const expectContinue = size > 0 && next() < 0.2;
  const headers: Record<string, string> = { 'user-agent': 'fuzz/1.0' };
  if (next() < 0.3) headers['lambda-runtime-function-error-type'] = 'Runtime.Fuzz';
  if (expectContinue) headers.expect = '100-continue';
  if (chunked) headers['transfer-encoding'] = 'chunked';
  else if (size > 0 || next() < 0.5) headers['content-length'] = String(size);
  let head = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${next() < 0.5 ? name : name.toUpperCase()}:${next() < 0.5 ? ' ' : ''}${value}\r\n`;
  let payload = body;
  if (chunked) {
    const parts: Buffer[] = [];
    for (let at = 0; at < size;) {
      const n = Math.min(size - at, 1 + Math.floor(next() * 40));
      parts.push(Buffer.from(`${n.toString(16)}${next() < 0.2 ? ';ext=1' : ''}\r\n`), body.subarray(at, at + n), Buffer.from('\r\n'));
      at += n;
    }
    parts.push(Buffer.from(next() < 0.3 ? '0\r\nX-Trailer: 1\r\n\r\n' : '0\r\n\r\n'));
    payload = Buffer.concat(parts);
  }
  return { method, target, headers: { host: '127.0.0.1:9001', ...headers }, body, bytes: Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), payload]), expectContinue };
}

/** Pushes `bytes` in pieces of random sizes (1 byte to all of it). */
function feed(parser: RequestParser, bytes: Buffer, next: () => number): ParseEvent[] {
  const events: ParseEvent[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = next() < 0.3 ? 1 : 1 + Math.floor(next() * (bytes.length - at));
    events.push(...parser.push(bytes.subarray(at, at + n)));
    at += n;
  }
  return events;
}

describe('the Runtime API request parser', { timeout: 10 * 60_000 }, () => {
  it('gives back a pipelined stream of requests exactly, however it is cut', () => {
    const next = seededRandom(20181129);
    for (let i = 0; i < CASES; i++) {
      const requests = Array.from({ length: 1 + Math.floor(next() * 4) }, () => sent(next));
      const events = feed(new RequestParser(LIMIT), Buffer.concat(requests.map((r) => r.bytes)), next);
      const wanted: ParseEvent[] = requests.flatMap((r) => [
        ...(r.expectContinue ? [{ kind: 'continue' } as const] : []),
        { kind: 'request', request: { method: r.method, target: r.target, headers: r.headers, body: r.body.length > LIMIT ? undefined : r.body, size: r.body.length, close: false } } as const,
      ]);
      expect(events.map(plainEvent), `case ${i}`).toEqual(wanted.map(plainEvent));
    }
  });

  it('never throws on bytes that are not HTTP, and stops at its first error', () => {
    const next = seededRandom(7);
    const valid = Buffer.concat(Array.from({ length: 20 }, () => sent(next).bytes));
    for (let i = 0; i < CASES; i++) {
      // A valid stream with bytes flipped, cut out or inserted.
      const bytes = Buffer.from(valid.subarray(Math.floor(next() * 50), Math.floor(next() * valid.length)));
      for (let k = 0; k < 1 + Math.floor(next() * 6); k++) bytes[Math.floor(next() * bytes.length)] = [0, 10, 13, 32, 58, 59, 48, 102, 255][Math.floor(next() * 9)]!;
      const events = feed(new RequestParser(LIMIT), bytes, next);
      const firstError = events.findIndex((e) => e.kind === 'error');
      expect(firstError === -1 || firstError === events.length - 1, `case ${i}`).toBe(true);
    }
  });
});

/** An event with its body as text and its headers as a plain object, for comparison. */
function plainEvent(event: ParseEvent): unknown {
  if (event.kind !== 'request') return event;
  const { body, headers, ...rest } = event.request;
  return { ...rest, headers: { ...headers }, body: body?.toString('hex') };
}
