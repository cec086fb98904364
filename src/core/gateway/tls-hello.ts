/**
 * A client that calls `https://` (or `wss://`) on one of dev's plain ports opens with a TLS record, not a request
 * line: what the first bytes of a connection say, and what dev tells the user about it.
 */

/** `tls`: a TLS handshake record; `plain`: anything else (HTTP); `undecided`: too few bytes to tell yet. */
export type FirstBytes = 'tls' | 'plain' | 'undecided';

/** TLS record content type 22, handshake (RFC 8446 5.1): a client's first record carries its ClientHello. */
const HANDSHAKE = 0x16;
/** The record version's major byte: 3 from SSL 3.0 on. */
const MAJOR = 0x03;
/** Record versions 3.0 (SSL 3) to 3.4; TLS 1.3 clients send 3.1 (RFC 8446 5.1: "MUST be set to 0x0303 ... or 0x0301"). */
const LAST_MINOR = 0x04;

/**
 * Whether `bytes`, the start of a connection, open a TLS handshake. Three bytes decide; fewer that match so far
 * are `undecided`. No HTTP request starts with 0x16, so a plain request is `plain` from its first byte.
 */
export function firstBytes(bytes: Uint8Array): FirstBytes {
  if (bytes.length === 0) return 'undecided';
  if (bytes[0] !== HANDSHAKE) return 'plain';
  if (bytes.length === 1) return 'undecided';
  if (bytes[1] !== MAJOR) return 'plain';
  if (bytes.length === 2) return 'undecided';
  return bytes[2]! <= LAST_MINOR ? 'tls' : 'plain';
}

/**
 * A browser retries a refused handshake at once, a few times, and a client in a loop tries again and again: an
 * attempt starts a new warning only after this long without one on the same port.
 */
export const TLS_QUIET_MS = 5_000;

/** Whether a TLS attempt at `now` (ms) is the first of a burst, the previous one on the port being at `previousAt`. */
export function startsBurst(previousAt: number | undefined, now: number, quietMs = TLS_QUIET_MS): boolean {
  return previousAt === undefined || now - previousAt >= quietMs;
}

/** One of dev's plain listeners, as its warning names it. */
export interface PlainListener {
  /** `the REST API Api`, `the Lambda API`. */
  readonly name: string;
  /** What the client asked for: `https://`, or `wss:// or https://` on a WebSocket API's port. */
  readonly asked: string;
  /** The listener's own URL (`http://127.0.0.1:3000`, `ws://127.0.0.1:3001`). */
  readonly url: string;
  /** What it serves: `plain HTTP`. */
  readonly serves: string;
  /** What to call instead: `http://127.0.0.1:3000`, or a boto3 hint. */
  readonly use: string;
}

/** `a client spoke TLS (https://) to the REST API Api at http://127.0.0.1:3000, which serves plain HTTP: use http://127.0.0.1:3000`. */
export function tlsWarning(listener: PlainListener): string {
  return `a client spoke TLS (${listener.asked}) to ${listener.name} at ${listener.url}, which serves ${listener.serves}: use ${listener.use}`;
}
