import { writeFileSync } from 'node:fs';
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
