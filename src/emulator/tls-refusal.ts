/**
 * A TLS client (`https://`, `wss://`, boto3 with an https endpoint_url) on one of dev's plain ports: its connection
 * closes without an answer, and dev says once per burst which URL to use instead. Without this the client read Node's
 * `HTTP/1.1 400` as a TLS record ("wrong version number") and dev printed nothing, or a bare 400.
 */

import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { firstBytes, startsBurst, tlsWarning, type PlainListener } from '../core/gateway/tls-hello.js';
import type { ParserError } from './client-error.js';

export interface TlsRefusalOptions {
  /** The listener as the warning names it; asked for when a warning is due (a server's URL is known once it listens). */
  readonly listener: () => PlainListener;
  readonly onWarning: (message: string) => void;
  /** Every other request Node's parser refuses: the server's own answer to it. */
  readonly otherwise: (error: ParserError, socket: Duplex) => void;
}

/** How long a connection whose first bytes could still be TLS (0x16 alone) waits for the rest before it is not. */
const UNDECIDED_WAIT_MS = 1_000;

/**
 * Watches `server`'s connections for a TLS handshake. It is found where Node's HTTP parser refuses it (0x16 starts
 * no method) in the first bytes, which the parser hands over with its error: a plain request costs nothing more.
 * A peek ahead of the parser would cost every connection: Node reads a socket straight into llhttp, and hands it
 * back to JavaScript streams for good once a 'data' listener is added (_http_server.js, generateSocketListenerWrapper).
 */
export function refuseTls(server: Server, options: TlsRefusalOptions): void {
  let lastAt: number | undefined;
  /** Connections whose first bytes did not tell yet: the rest comes through their own data listener. */
  const waiting = new WeakSet<Duplex>();
  const refuse = (socket: Duplex): void => {
    socket.destroy();
    const now = performance.now();
    if (startsBurst(lastAt, now)) options.onWarning(tlsWarning(options.listener()));
    lastAt = now;
  };
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    // The parser keeps refusing what a waiting connection sends: wait() reads those bytes itself.
    if (waiting.has(socket)) return;
    const first = error.bytesParsed === 0 && error.rawPacket ? firstBytes(error.rawPacket) : 'plain';
    if (first === 'tls') refuse(socket);
    else if (first === 'plain') options.otherwise(error, socket);
    else wait(socket, error);
  });

  /** A client that sent 0x16 (and 0x03) alone: a TLS handshake once its next bytes say so, else the parser's refusal. */
  function wait(socket: Duplex, error: ParserError): void {
    waiting.add(socket);
    let seen = Buffer.from(error.rawPacket ?? []);
    const decide = (verdict: 'tls' | 'plain'): void => {
      clearTimeout(timer);
      socket.off('data', more).off('end', ended);
      if (socket.destroyed) return;
      if (verdict === 'tls') refuse(socket);
      else options.otherwise(error, socket);
    };
    const more = (chunk: Buffer): void => {
      seen = Buffer.concat([seen, chunk]);
      const verdict = firstBytes(seen);
      if (verdict !== 'undecided') decide(verdict);
    };
    const ended = (): void => decide('plain');
    const timer = setTimeout(ended, UNDECIDED_WAIT_MS);
    timer.unref();
    socket.on('data', more).on('end', ended);
  }
}
