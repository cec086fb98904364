import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { fnTemplate, rawExchange, scratchDir, startDev } from '../helpers.js';

/**
 * A request whose body never arrives (Content-Length: 10 and nothing after it, or `Expect: 100-continue` and
 * no body) held its connection for good, with no line in the log: found by hand, 2026-11. An ALB answers 408
 * once the client has been idle its 60 s; dev gives a client that long to send its request (shortened here).
 */

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

async function dev(handler = 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n') {
  const dir = scratchDir('receive-timeout');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: 5'], events: ['Http: { Type: HttpApi, Properties: { Path: /a, Method: ANY } }'] }));
  writeFileSync(join(dir, 'app.py'), handler);
  const started = await startDev(dir, { receiveTimeoutMs: 600 });
  session = started.session;
  return { base: started.session.endpoints[0]!.url, events: started.events };
}

const requests = (events: readonly DevEvent[]) => events.filter((e): e is Extract<DevEvent, { type: 'request' }> => e.type === 'request');

describe('a request that does not arrive in time', () => {
  it.each([
    ['a body announced and never sent', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n'],
    ['a body half sent', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'],
    ['Expect: 100-continue and no body', 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n'],
  ])('%s: 408, the connection closed, and a line that says so', async (_what, bytes) => {
    const { base, events } = await dev();
    const answer = await rawExchange(base, bytes);
    expect(answer).toMatch(/HTTP\/1\.1 408 Request Timeout\r\n/);
    for (let i = 0; i < 50 && requests(events).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(requests(events).map((r) => [r.method, r.path, r.status, r.reason])).toEqual([['POST', '/a', 408, 'the request body did not arrive in time']]);
  });

  it('does not cut off a function that runs longer than that, once the request is in', async () => {
    const { base } = await dev('import time\n\n\ndef handler(event, context):\n    time.sleep(1.5)\n    return {"statusCode": 200, "body": "late"}\n');
    const res = await fetch(`${base}/a`, { method: 'POST', body: 'x' });
    expect([res.status, await res.text()]).toEqual([200, 'late']);
  });
});
