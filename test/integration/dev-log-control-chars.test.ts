import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { formatDevEvent } from '../../src/ui/dev-output.js';
import { styleFor } from '../../src/ui/io.js';
import { fnTemplate, rawExchange, scratchDir, startDev } from '../helpers.js';

/**
 * Bytes a client sends reach the developer's terminal: found by hand, 2026-11. A request line Node's parser
 * refuses is logged with its target as sent (client-error.ts reads it from the raw packet), control
 * characters and all: `get /\x1b]0;pwned\x07 HTTP/1.1` set the terminal's title, `\x1b[2J` cleared it, a NUL
 * went out as is. With --host 0.0.0.0 any machine on the network can write there.
 */

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const plain = styleFor({ isTTY: false }, {});

describe('a refused request line with control characters', () => {
  it.each([
    ['an OSC title sequence', 'get /\x1b]0;pwned\x07 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a CSI clear-screen', 'GET /a\x1b[2J HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a NUL', 'GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n'],
  ])('%s: 400, and its log line holds no control character', async (_what, bytes) => {
    const dir = scratchDir('ctl');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Http: { Type: HttpApi, Properties: { Path: /a, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const answer = await rawExchange(dev.session.endpoints[0]!.url, bytes);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    let line: Extract<DevEvent, { type: 'request' }> | undefined;
    for (let i = 0; i < 100 && !line; i++) {
      line = dev.events.find((e): e is Extract<DevEvent, { type: 'request' }> => e.type === 'request');
      if (!line) await new Promise((r) => setTimeout(r, 20));
    }
    expect(line).toMatchObject({ status: 400 });
    const text = formatDevEvent(line!, plain, { verbose: false })!;
    expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
  });
});

describe('a CONNECT request (a proxy tunnel)', () => {
  it('gets 400 and its line, instead of a connection closed unanswered', async () => {
    const dir = scratchDir('connect');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Http: { Type: HttpApi, Properties: { Path: /a, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const answer = await rawExchange(dev.session.endpoints[0]!.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    const line = dev.events.find((e) => e.type === 'request');
    expect(line).toMatchObject({ method: 'CONNECT', path: 'example.com:443', status: 400, reason: 'a proxy tunnel (CONNECT), which the front doors do not open' });
  });

  // Node no longer tracks a socket handed to 'connect': a client that kept its side open held dev's stop.
  it('does not hold up dev stopping when its client keeps the connection open', async () => {
    const dir = scratchDir('connect-open');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Http: { Type: HttpApi, Properties: { Path: /a, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');
    const dev = await startDev(dir);
    const { port } = new URL(dev.session.endpoints[0]!.url);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('data', r));
    const started = performance.now();
    await dev.session.stop();
    expect(performance.now() - started).toBeLessThan(2000);
    socket.destroy();
  });
});

describe('a CONNECT request whose client resets the connection', () => {
  // Node takes its error handler off a socket it hands to 'connect': the reset made an uncaught ECONNRESET that ended dev.
  it('leaves dev serving', async () => {
    const dir = scratchDir('connect-reset');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Http: { Type: HttpApi, Properties: { Path: /a, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const url = dev.session.endpoints[0]!.url;
    const { port } = new URL(url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
          if (i % 2 === 0) socket.resetAndDestroy();
          else setTimeout(() => socket.resetAndDestroy(), 0);
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
    }
    const res = await fetch(`${url}/a`);
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
  });
});
