/**
 * An incremental HTTP/1.1 request parser for the Runtime API. The protocol is tiny (four endpoints, one
 * client per environment), and Node's general-purpose server adds tens of microseconds per request and
 * stalls pipelined requests, which the runtime uses to post a result and ask for the next event in one
 * round trip. Bytes in, requests out: pure and table-tested.
 */

export interface ParsedRequest {
  readonly method: string;
  readonly target: string;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, or undefined when it was over the limit (then `size` says how big it was). */
  readonly body: Buffer | undefined;
  readonly size: number;
  /** The client asked to close the connection after this request. */
  readonly close: boolean;
}

export type ParseEvent =
  | { readonly kind: 'request'; readonly request: ParsedRequest }
  /** `Expect: 100-continue`: the client waits for a 100 before it sends the body (curl does for large bodies). */
  | { readonly kind: 'continue' }
  | { readonly kind: 'error'; readonly message: string };

const MAX_HEAD = 64 * 1024;
const NOTHING = Buffer.alloc(0);

type State =
  | { readonly name: 'head' }
  | { readonly name: 'body'; readonly head: Head; remaining: number }
  | { readonly name: 'chunkSize'; readonly head: Head }
  | { readonly name: 'chunkData'; readonly head: Head; remaining: number }
  | { readonly name: 'chunkEnd'; readonly head: Head; last: boolean }
  | { readonly name: 'failed' };

interface Head {
  readonly method: string;
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly close: boolean;
  readonly chunks: Buffer[];
  size: number;
}

export class RequestParser {
  private buffer: Buffer = NOTHING;
  private state: State = { name: 'head' };

  constructor(private readonly bodyLimit: number) {}

  push(chunk: Buffer): ParseEvent[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: ParseEvent[] = [];
    for (;;) {
      const before = this.buffer.length;
      const state = this.state.name;
      this.step(events);
      if (this.state.name === 'failed' || (this.buffer.length === before && this.state.name === state)) break;
    }
    // Read to its end, the chunk goes: an empty view of it kept the whole chunk (up to the 64 KB a socket reads at
    // once) for as long as its connection idled, which is an environment's, between invocations, for minutes.
    if (this.buffer.length === 0) this.buffer = NOTHING;
    return events;
  }

  /** The bytes of what was read that the parser still holds: none once every request read is whole. */
  get heldBytes(): number {
    return this.buffer.buffer.byteLength;
  }

  private step(events: ParseEvent[]): void {
    const state = this.state;
    switch (state.name) {
      case 'head': {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buffer.length > MAX_HEAD) this.fail(events, 'request head too large');
          return;
        }
        const head = parseHead(this.buffer.toString('latin1', 0, end));
        this.buffer = this.buffer.subarray(end + 4);
        if (typeof head === 'string') return this.fail(events, head);
        if (head.headers.expect?.toLowerCase() === '100-continue') events.push({ kind: 'continue' });
        if (head.headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
          this.state = { name: 'chunkSize', head };
          return;
        }
        // Digits only (RFC 9110 8.6), as Node's parser takes it: Number() alone reads 0x10 as 16 and 1e3 as 1000.
        const declared = head.headers['content-length'] ?? '0';
        if (!/^\d+$/.test(declared)) return this.fail(events, 'invalid Content-Length');
        const length = Number(declared);
        if (length === 0) return this.finish(events, head);
        this.state = { name: 'body', head, remaining: length };
        return;
      }
      case 'body': {
        const take = Math.min(state.remaining, this.buffer.length);
        if (take === 0) return;
        this.collect(state.head, this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        state.remaining -= take;
        if (state.remaining === 0) this.finish(events, state.head);
        return;
      }
      case 'chunkSize': {
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        // Hex digits, then any extension after `;` (RFC 9112 7.1): parseInt alone reads `1g` as 1.
        const digits = this.buffer.toString('latin1', 0, end).split(';')[0]!.trim();
        this.buffer = this.buffer.subarray(end + 2);
        if (!/^[0-9a-f]{1,12}$/i.test(digits)) return this.fail(events, 'invalid chunk size');
        const size = Number.parseInt(digits, 16);
        this.state = size === 0 ? { name: 'chunkEnd', head: state.head, last: true } : { name: 'chunkData', head: state.head, remaining: size };
        return;
      }
      case 'chunkData': {
        const take = Math.min(state.remaining, this.buffer.length);
        if (take === 0) return;
        this.collect(state.head, this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        state.remaining -= take;
        if (state.remaining === 0) this.state = { name: 'chunkEnd', head: state.head, last: false };
        return;
      }
      case 'chunkEnd': {
        // After the last chunk come optional trailers, then an empty line.
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = this.buffer.subarray(0, end);
        this.buffer = this.buffer.subarray(end + 2);
        if (!state.last) this.state = { name: 'chunkSize', head: state.head };
        else if (line.length === 0) this.finish(events, state.head);
        return;
      }
      case 'failed':
        return;
    }
  }

  private collect(head: Head, data: Buffer): void {
    head.size += data.length;
    if (head.size <= this.bodyLimit) head.chunks.push(Buffer.from(data));
    else head.chunks.length = 0;
  }

  private finish(events: ParseEvent[], head: Head): void {
    const body = head.size > this.bodyLimit ? undefined : head.chunks.length === 1 ? head.chunks[0]! : Buffer.concat(head.chunks);
    events.push({ kind: 'request', request: { method: head.method, target: head.target, headers: head.headers, body, size: head.size, close: head.close } });
    this.state = { name: 'head' };
  }

  private fail(events: ParseEvent[], message: string): void {
    this.state = { name: 'failed' };
    events.push({ kind: 'error', message });
  }
}

function parseHead(text: string): Head | string {
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const [method, target, version] = requestLine.split(' ');
  if (!method || !target || !version?.startsWith('HTTP/1.')) return `malformed request line '${requestLine}'`;
  // No prototype: a header named __proto__ or constructor is a header like any other.
  const headers = Object.create(null) as Record<string, string>;
  for (let start = lineEnd < 0 ? text.length : lineEnd + 2; start < text.length;) {
    const found = text.indexOf('\r\n', start);
    const end = found < 0 ? text.length : found;
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end) return `malformed header line '${text.slice(start, end)}'`;
    const name = text.slice(start, colon).trim().toLowerCase();
    const value = text.slice(colon + 1, end).trim();
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
    start = end + 2;
  }
  const connection = headers.connection?.toLowerCase();
  const close = version === 'HTTP/1.0' ? connection !== 'keep-alive' : connection === 'close';
  return { method, target, headers, close, chunks: [], size: 0 };
}

const REASONS: Readonly<Record<number, string>> = { 200: 'OK', 202: 'Accepted', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 500: 'Internal Server Error' };

/** A complete HTTP/1.1 response with a Content-Length. */
export function encodeResponse(status: number, headers: Readonly<Record<string, string>>, body: Buffer): Buffer {
  let head = `HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  head += `content-length: ${body.length}\r\n\r\n`;
  // One buffer, head and body written in place: Buffer.from then Buffer.concat would allocate twice.
  const out = Buffer.allocUnsafe(head.length + body.length);
  out.write(head, 0, 'latin1');
  body.copy(out, head.length);
  return out;
}
