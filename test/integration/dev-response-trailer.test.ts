import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { fnTemplate, rawExchange, scratchDir, startDev } from '../helpers.js';

/**
 * A function result whose headers Node's writeHead refuses (a `Trailer` header next to the Content-Length
 * the gateway sets): found by hand, 2026-11. writeHead threw, and the internal-error answer went out with
 * the Content-Length the failed writeHead had left (2, for the function's "ok") and a 59-byte body, so a
 * keep-alive client read "py" as the body and "lambda: Trailers are invalid ..." as the next response.
 */

const APP = [
  'import json',
  '',
  '',
  'def handler(event, context):',
  '    if (event.get("rawPath") or event.get("path")) == "/trailer":',
  '        return {"statusCode": 200, "headers": {"Trailer": "Expires"}, "body": "ok"}',
  '    return {"statusCode": 200, "body": "second"}',
  '',
].join('\n');

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

/** The responses in raw bytes, each cut at its own Content-Length; what is left over is returned too. */
function splitResponses(raw: string): { responses: Array<{ status: number; body: string }>; rest: string } {
  const responses: Array<{ status: number; body: string }> = [];
  let rest = raw;
  for (;;) {
    const head = /^HTTP\/1\.1 (\d{3}) [^\r]*\r\n((?:[^\r]+\r\n)*)\r\n/.exec(rest);
    if (!head) return { responses, rest };
    const length = Number(/^content-length: (\d+)\r$/im.exec(head[2]!)?.[1] ?? 0);
    responses.push({ status: Number(head[1]), body: rest.slice(head[0].length, head[0].length + length) });
    rest = rest.slice(head[0].length + length);
  }
}

describe('a function result with a Trailer header', () => {
  it.each(['ServerlessHttpApi', 'ServerlessRestApi'])('%s: the connection stays in step, and no internal error', async (endpoint) => {
    const dir = scratchDir('trailer');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      events: ["Http: { Type: HttpApi, Properties: { Path: '/{p}', Method: get } }", "Rest: { Type: Api, Properties: { Path: '/{p}', Method: get } }"],
    }));
    writeFileSync(join(dir, 'app.py'), APP);
    const dev = await startDev(dir);
    session = dev.session;
    const base = dev.session.endpoints.find((e) => e.id === endpoint)!.url;
    const raw = await rawExchange(base, 'GET /trailer HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const { responses, rest } = splitResponses(raw);
    // Two answers, each as long as it says, and nothing after them.
    expect(responses).toHaveLength(2);
    expect(rest).toBe('');
    expect(responses[1]).toEqual({ status: 200, body: 'second' });
    // Not pylambda's own 500: the function's answer reaches the client as the gateway passes it on.
    expect(dev.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(responses[0]).toEqual({ status: 200, body: 'ok' });
  });
});
