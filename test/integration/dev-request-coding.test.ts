// Compressed request bodies under dev, as the deployed front doors treat them: a REST API decodes gzip and deflate
// before the function, minimumCompressionSize or not, and answers 415 for a coding it lacks or a body that is not
// in its coding; an HTTP API passes the bytes on as sent (core/events/http/request-coding.ts has the sources).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devJson, fnTemplate, startDev } from '../helpers.js';

const ECHO = [
  'def handler(event, context):',
  '    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}',
  '    return {"statusCode": 200, "body": __import__("json").dumps({',
  '        "body": event["body"], "isBase64Encoded": event["isBase64Encoded"], "contentEncoding": headers.get("content-encoding")})}',
  '',
].join('\n');

const JSON_BODY = '{"type": "dog", "price": 249.99}';

describe('compressed request bodies under dev', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-request-coding-'));
  beforeAll(async () => {
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      properties: ['CodeUri: .'],
      events: ['Rest: { Type: Api, Properties: { Path: /pets, Method: post } }', 'Http: { Type: HttpApi, Properties: { Path: /pets, Method: post } }'],
    }));
    writeFileSync(join(dir, 'app.py'), ECHO);
    dev = await startDev(dir);
  }, 60_000);
  afterAll(async () => {
    await dev?.session.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (api: string, encoding: string, body: Buffer, contentType = 'application/json') =>
    fetch(`${dev.url(api)}/pets`, { method: 'POST', headers: { 'content-type': contentType, 'content-encoding': encoding, 'accept-encoding': 'identity' }, body });
  const lastLine = () => dev.events.filter((e) => e.type === 'request').at(-1) as { status: number; reason?: string } | undefined;

  it('REST: the function gets the body decompressed, as text, with its Content-Encoding header', async () => {
    for (const [encoding, body] of [['gzip', gzipSync(JSON_BODY)], ['deflate', deflateSync(JSON_BODY)]] as const) {
      const res = await post('ServerlessRestApi', encoding, body);
      expect([res.status, await res.json()]).toEqual([200, { body: JSON_BODY, isBase64Encoded: false, contentEncoding: encoding }]);
    }
  });

  it('REST: 415 for a coding API Gateway lacks and for a body not in its coding, with the reason in the line', async () => {
    for (const [encoding, body, reason] of [
      ['br', Buffer.from(JSON_BODY), 'Content-Encoding br is not a coding API Gateway decodes (gzip, deflate, identity)'],
      ['gzip', Buffer.from(JSON_BODY), 'the body is not gzip data, as its Content-Encoding says'],
    ] as const) {
      const res = await post('ServerlessRestApi', encoding, body);
      expect([res.status, await res.text()]).toEqual([415, '{"message":"Unsupported Media Type"}']);
      expect(lastLine()).toMatchObject({ status: 415, reason });
    }
  });

  it('REST: a gzip bomb is refused at 10 MB decompressed, and dev serves the next request', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    const res = await post('ServerlessRestApi', 'gzip', bomb);
    expect([res.status, await res.text()]).toEqual([413, 'HTTP content length exceeded 10485760 bytes.']);
    expect(lastLine()).toMatchObject({ status: 413, reason: 'request too large: its body decompressed is over 10485760 bytes' });
    const next = await post('ServerlessRestApi', 'gzip', gzipSync(JSON_BODY));
    expect([next.status, await next.json()]).toEqual([200, { body: JSON_BODY, isBase64Encoded: false, contentEncoding: 'gzip' }]);
  });

  it('HTTP API: the compressed bytes as sent, base64 for a binary type, and no 415', async () => {
    const gzipped = gzipSync(JSON_BODY);
    const res = await post('ServerlessHttpApi', 'gzip', gzipped, 'application/octet-stream');
    expect([res.status, await res.json()]).toEqual([200, { body: gzipped.toString('base64'), isBase64Encoded: true, contentEncoding: 'gzip' }]);
    const br = await post('ServerlessHttpApi', 'br', Buffer.from(JSON_BODY));
    expect([br.status, await br.json()]).toEqual([200, { body: JSON_BODY, isBase64Encoded: false, contentEncoding: 'br' }]);
  });
});

describe('compressed request bodies through `pylambda dev --json`, a process of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pylambda-request-coding-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('echoes the decompressed body, and its line says why a br body got 415', async () => {
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['CodeUri: .'], events: ['Rest: { Type: Api, Properties: { Path: /pets, Method: post } }'] }));
    writeFileSync(join(dir, 'app.py'), ECHO);
    const dev = devJson([dir]);
    try {
      const ready = await dev.waitFor('ready') as { endpoints: Array<{ id: string; url: string }> };
      const url = `${ready.endpoints.find((e) => e.id === 'ServerlessRestApi')!.url}/pets`;
      const send = (encoding: string, body: Buffer) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });
      const res = await send('gzip', gzipSync(JSON_BODY));
      expect([res.status, await res.json()]).toEqual([200, { body: JSON_BODY, isBase64Encoded: false, contentEncoding: 'gzip' }]);
      const refused = await send('br', Buffer.from(JSON_BODY));
      expect([refused.status, await refused.text()]).toEqual([415, '{"message":"Unsupported Media Type"}']);
      const deadline = Date.now() + 5000;
      const line = () => dev.lines().find((e) => e.type === 'request' && e.status === 415);
      while (!line() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(line()).toMatchObject({ method: 'POST', path: '/pets', status: 415, reason: 'Content-Encoding br is not a coding API Gateway decodes (gzip, deflate, identity)' });
    } finally {
      expect(await dev.stop()).toBe(130);
    }
  });
});
