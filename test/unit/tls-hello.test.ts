/** Whether a connection's first bytes open a TLS handshake, when dev says so again, and what it says. */

import { describe, expect, it } from 'vitest';
import { firstBytes, startsBurst, tlsWarning, TLS_QUIET_MS, type FirstBytes } from '../../src/core/gateway/tls-hello.js';

const hex = (h: string) => Buffer.from(h, 'hex');
const text = (t: string) => Buffer.from(t, 'latin1');

describe('firstBytes', () => {
  it.each<[string, Buffer, FirstBytes]>([
    // The first 16 bytes each client sent to https://127.0.0.1:PORT on a plain socket (captured on 2026-11-28).
    ['curl 7.88.1 (OpenSSL 3.0)', hex('1603010200010001fc0303152ebaf82e'), 'tls'],
    ['openssl s_client (3.0, TLS 1.3)', hex('16030101240100012003037152d1e6f5'), 'tls'],
    ['openssl s_client -tls1_2', hex('16030100b7010000b303034def9583e4'), 'tls'],
    ['openssl s_client -tls1', hex('16030100630100005f030180ef854644'), 'tls'],
    ['Python 3.11 urllib (ssl)', hex('1603010200010001fc03034dd5d4838b'), 'tls'],
    ['Node 20 tls.connect', hex('1603010158010001540303f77c942b16'), 'tls'],
    // Record versions a client may send (RFC 8446 5.1 allows 3.1 and 3.3; SSL 3.0 sent 3.0).
    ['an SSL 3.0 record', hex('160300'), 'tls'],
    ['a TLS 1.2 record version', hex('160303'), 'tls'],
    ['a 3.4 record version', hex('160304'), 'tls'],
    ['exactly three bytes', hex('160301'), 'tls'],
    ['a minor version past 3.4', hex('16030500'), 'plain'],
    ['a major version other than 3', hex('16020100'), 'plain'],
    ['another record type (an alert, 0x15)', hex('15030100020228'), 'plain'],
    ['GET', text('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 'plain'],
    ['POST', text('POST /2015-03-31/functions/Fn/invocations HTTP/1.1\r\n'), 'plain'],
    ['a lone G', text('G'), 'plain'],
    ['the HTTP/2 preface', text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'plain'],
    ['a lower-case method', text('get / HTTP/1.1\r\n'), 'plain'],
    ['0x16 alone: cannot tell yet', hex('16'), 'undecided'],
    ['0x16 0x03: cannot tell yet', hex('1603'), 'undecided'],
    ['0x16 then a byte that no record version has', hex('1647'), 'plain'],
    ['nothing yet', hex(''), 'undecided'],
  ])('%s', (_what, bytes, expected) => {
    expect(firstBytes(bytes)).toBe(expected);
  });
});

describe('startsBurst', () => {
  it.each<[string, number | undefined, number, boolean]>([
    ['the first attempt on the port', undefined, 0, true],
    ['a browser retrying at once', 1_000, 1_050, false],
    ['just under the quiet time since the last attempt', 0, TLS_QUIET_MS - 1, false],
    ['the quiet time since the last attempt', 0, TLS_QUIET_MS, true],
    ['a minute later', 0, 60_000, true],
  ])('%s', (_what, previousAt, now, expected) => {
    expect(startsBurst(previousAt, now)).toBe(expected);
  });

  it('a shorter quiet time (tests)', () => {
    expect([startsBurst(0, 99, 100), startsBurst(0, 100, 100)]).toEqual([false, true]);
  });
});

describe('tlsWarning', () => {
  it('names the listener, what the client asked for, and what to use', () => {
    expect(tlsWarning({ name: 'the REST API Api', asked: 'https://', url: 'http://127.0.0.1:3000', serves: 'plain HTTP', use: 'http://127.0.0.1:3000' }))
      .toBe('a client spoke TLS (https://) to the REST API Api at http://127.0.0.1:3000, which serves plain HTTP: use http://127.0.0.1:3000');
  });
});
