import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, fnTemplate, scratchDir, testPython } from '../helpers.js';

/** A function that answers with the API key fields of the event API Gateway sent it. */
const APP = `import json

def handler(event, context):
    identity = event["requestContext"]["identity"]
    return {"statusCode": 200, "body": json.dumps({"apiKey": identity["apiKey"], "apiKeyId": identity["apiKeyId"]})}
`;

/** A REST API whose routes need an API key (but /open), with CORS, and one key of the template's disabled. */
function project(): string {
  const dir = scratchDir('dev-api-keys');
  writeFileSync(join(dir, 'app.py'), APP);
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    resources: [
      'Api:',
      '  Type: AWS::Serverless::Api',
      "  Properties: { StageName: Prod, Cors: \"'*'\", Auth: { ApiKeyRequired: true, AddApiKeyRequiredToCorsPreflight: false } }",
    ],
    events: [
      'Keyed: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /keyed, Method: get } }',
      'Open: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /open, Method: get, Auth: { ApiKeyRequired: false } } }',
    ],
  }));
  return dir;
}

/** `pylambda dev` in a child process until it is ready; its output so far, and a stop that waits for its exit. */
async function dev(dir: string, args: readonly string[] = []) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--port', '0', '--python', testPython(), '--no-watch', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((r) => child.on('exit', r));
  // 20 s: under load the start alone took 5 s.
  const deadline = Date.now() + 20_000;
  const ready = () => (args.includes('--json') ? out.includes('"type":"ready"') : out.includes('Ctrl-C stops'));
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return { out: () => out, stop: () => (child.kill('SIGINT'), exited) };
}

describe('pylambda dev: API keys', () => {
  it('answers 403 Forbidden without the key it printed, and hands the function the key with it', async () => {
    const { out, stop } = await dev(project());
    try {
      const base = /REST API Api, stage Prod {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1];
      const key = /API key \(x-api-key header\): ([0-9a-f]{40}) {2}\(made up by pylambda dev; --api-key KEY sets one\)/.exec(out())?.[1];
      expect([base, key], out()).not.toContain(undefined);
      expect(out()).toMatch(/GET {5}\/keyed {2}Fn {2}http:\/\/\S+\/keyed {2}\(API key\)\n/);

      const missing = await fetch(`${base}/keyed`);
      expect(missing.status).toBe(403);
      expect(await missing.text()).toBe('{"message":"Forbidden"}');
      expect(missing.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
      expect(missing.headers.get('content-type')).toBe('application/json');
      expect(missing.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      const wrong = await fetch(`${base}/keyed`, { headers: { 'x-api-key': `${key}x` } });
      expect([wrong.status, await wrong.text()]).toEqual([403, '{"message":"Forbidden"}']);

      const right = await fetch(`${base}/keyed`, { headers: { 'X-API-Key': key! } });
      expect(right.status).toBe(200);
      const seen = await right.json() as { apiKey: string; apiKeyId: string };
      expect(seen.apiKey).toBe(key);
      expect(seen.apiKeyId).toMatch(/^[a-z0-9]{10}$/);
      // The event's own Auth turns the API's default off; the preflight needs none (AddApiKeyRequiredToCorsPreflight: false).
      expect(await (await fetch(`${base}/open`)).json()).toEqual({ apiKey: null, apiKeyId: null });
      const preflight = await fetch(`${base}/keyed`, { method: 'OPTIONS', headers: { Origin: 'https://example.com', 'Access-Control-Request-Method': 'GET' } });
      expect(preflight.status).toBe(200);

      const deadline = Date.now() + 5000;
      while (!/GET \/keyed 403 .*\(the x-api-key header is not one of the API keys\)/.test(out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(out()).toMatch(/GET \/keyed 403 [\d.]+ ms \(the route needs an API key, and the request has no x-api-key header\)/);
      expect(out()).toMatch(/GET \/keyed 403 [\d.]+ ms \(the x-api-key header is not one of the API keys\)/);
    } finally {
      await stop();
    }
  });

  it('--api-key sets the key, which --json lists in the ready event with the routes that need it', async () => {
    const { out, stop } = await dev(project(), ['--api-key', 'my-own-key-0123456789', '--json']);
    try {
      const ready = out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.type === 'ready') as {
        apiKeys: unknown; endpoints: Array<{ url: string; routes: unknown[] }>;
      };
      expect(ready.apiKeys).toEqual([{ name: '--api-key 1', value: 'my-own-key-0123456789', origin: 'option' }]);
      expect(ready.endpoints[0]!.routes).toEqual([
        { method: 'GET', path: '/keyed', functionId: 'Fn', apiKeyRequired: true },
        { method: 'GET', path: '/open', functionId: 'Fn' },
      ]);
      const res = await fetch(`${ready.endpoints[0]!.url}/keyed`, { headers: { 'x-api-key': 'my-own-key-0123456789' } });
      expect((await res.json() as { apiKey: string }).apiKey).toBe('my-own-key-0123456789');
    } finally {
      await stop();
    }
  });
});
