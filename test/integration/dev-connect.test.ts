import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { fnTemplate, rawExchange, scratchDir, startDev } from '../helpers.js';

/**
 * CONNECT asks for a proxy tunnel, which no front door opens: found by hand, 2026-11. With no listener Node
 * closed the connection unanswered and unsaid; with one, Node no longer tracks the socket nor handles its
 * errors, so a client that kept it open held dev's stop, and one that reset it ended dev.
 */

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const CONNECT = 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n';

/** dev serving one HTTP API route, GET /a, that answers "ok". */
async function devOnOneRoute(prefix: string) {
  const dir = scratchDir(prefix);
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Http: { Type: HttpApi, Properties: { Path: /a, Method: get } }'] }));
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n');
  const dev = await startDev(dir);
  return { ...dev, url: dev.session.endpoints[0]!.url };
}

describe('a CONNECT request (a proxy tunnel)', () => {
  it('gets 400 and its line, instead of a connection closed unanswered', async () => {
    const dev = await devOnOneRoute('connect');
    session = dev.session;
    const answer = await rawExchange(dev.url, CONNECT);
    expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    const line = dev.events.find((e) => e.type === 'request');
    expect(line).toMatchObject({ method: 'CONNECT', path: 'example.com:443', status: 400, reason: 'a proxy tunnel (CONNECT), which the front doors do not open' });
  });

  // Node no longer tracks a socket handed to 'connect': a client that kept its side open held dev's stop.
  it('does not hold up dev stopping when its client keeps the connection open', async () => {
    const dev = await devOnOneRoute('connect-open');
    const { port } = new URL(dev.url);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(CONNECT));
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
    const dev = await devOnOneRoute('connect-reset');
    session = dev.session;
    const { url } = dev;
    const { port } = new URL(url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(CONNECT);
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
