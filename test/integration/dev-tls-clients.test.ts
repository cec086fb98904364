import { spawn, type ChildProcess } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { FIXTURES, ROOT, pythonJson, startDev, testPython, waitUntil } from '../helpers.js';
import { project } from '../websocket-templates.js';
import { closed, opened } from '../websocket-clients.js';

/**
 * Clients that speak TLS (https://, wss://, boto3 with an https endpoint_url) to dev's plain ports: each fails,
 * dev says once per burst which URL to use, and the port goes on serving plain requests. Before, the client read
 * Node's `HTTP/1.1 400` as a TLS record (Python's SSLError WRONG_VERSION_NUMBER) and dev printed nothing or a 400.
 */

const SERVERLESS = `service: tlsapp
provider: { name: aws, runtime: python3.12, stage: dev }
functions:
  hello:
    handler: app.handler
    events:
      - httpApi: 'GET /hello'
      - websocket: $default
`;

const APP = `def handler(event, context):
    if "eventType" in event.get("requestContext", {}):
        return {"statusCode": 200}
    return {"statusCode": 200, "body": "hello over http"}
`;

/** `pylambda dev` on the command line, with what it printed (stdout and stderr) so far. */
class DevProcess {
  out = '';
  private readonly child: ChildProcess;

  constructor(dir: string, extra: readonly string[] = []) {
    this.child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--port', '0', '--python', testPython(), '--no-watch', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.out += d.toString()));
  }

  /** The first match of `pattern` in the output, once it is there. */
  async find(pattern: RegExp): Promise<RegExpExecArray> {
    await waitUntil(() => pattern.test(this.out), 15_000);
    const found = pattern.exec(this.out);
    if (!found) throw new Error(`no ${String(pattern)} in:\n${this.out}`);
    return found;
  }

  /** How many lines of the output are exactly `line`. */
  count(line: string): number {
    return this.out.split('\n').filter((l) => l === line).length;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.on('exit', r));
    this.child.kill('SIGINT');
    await exited;
  }
}

/** A Node TLS client's handshake with `url`'s port: the error it fails with (it cannot succeed on a plain port). */
function tlsHandshake(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: hostname, port: Number(port), rejectUnauthorized: false, servername: 'localhost' });
    socket.on('secureConnect', () => resolve('connected'));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Python's urllib on `https://` for `url`: the class of the error under its URLError. */
async function urllibHttps(url: string): Promise<unknown> {
  return pythonJson(`import json, urllib.request, urllib.error
try:
    urllib.request.urlopen(${JSON.stringify(url.replace(/^http:/, 'https:'))}, timeout=10)
    print(json.dumps("answered"))
except urllib.error.URLError as e:
    print(json.dumps(type(e.reason).__name__))`);
}

const HUMAN = 'a client spoke TLS';

describe('TLS clients on dev\'s plain ports (the command line)', () => {
  let dir: string;
  let dev: DevProcess;
  let http: string;
  let ws: string;
  let lambda: string;

  beforeAll(async () => {
    dir = project({ 'serverless.yml': SERVERLESS, 'app.py': APP });
    dev = new DevProcess(dir);
    http = (await dev.find(/HTTP API HttpApi {2}(http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    ws = (await dev.find(/WebSocket API WebsocketsApi, stage dev {2}(ws:\/\/127\.0\.0\.1:\d+)\/dev/))[1]!;
    lambda = (await dev.find(/Lambda API: (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  });
  afterAll(async () => {
    await dev?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the HTTP API: the clients fail, one warning line for the burst, and plain requests are still served', async () => {
    // A browser tries a few times at once; curl, Python and Node alike send a ClientHello and get the connection closed.
    expect(await Promise.all([tlsHandshake(http), tlsHandshake(http), tlsHandshake(http)])).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET']);
    expect(await urllibHttps(`${http}/hello`)).toBe('SSLEOFError');
    const line = `warning: a client spoke TLS (https://) to the HTTP API HttpApi at ${http}, which serves plain HTTP: use ${http}`;
    await dev.find(new RegExp(`^${escape(line)}$`, 'm'));
    const res = await fetch(`${http}/hello`);
    expect([res.status, await res.text()]).toEqual([200, 'hello over http']);
    await dev.find(/GET \/hello 200 /);
    expect(dev.count(line)).toBe(1);
    // No 400 line either: the connection had no HTTP request to log.
    expect(dev.out).not.toMatch(/ 400 .*malformed request/);
  });

  it('the Lambda API: boto3 with an https endpoint_url gets an SSLError, one line, and invokes over http after', async () => {
    // botocore retries an SSLError: the retries are the same burst.
    const answer = await pythonJson(`import json, boto3, botocore.exceptions
def client(url):
    return boto3.client("lambda", endpoint_url=url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
try:
    client(${JSON.stringify(lambda.replace(/^http:/, 'https:'))}).invoke(FunctionName="hello", Payload=b"{}")
    secure = "answered"
except botocore.exceptions.SSLError as e:
    secure = type(e).__name__
plain = client(${JSON.stringify(lambda)}).invoke(FunctionName="hello", Payload=b"{}")
print(json.dumps([secure, plain["StatusCode"], json.loads(plain["Payload"].read())]))`);
    expect(answer).toEqual(['SSLError', 200, { statusCode: 200, body: 'hello over http' }]);
    const line = `warning: a client spoke TLS (https://) to the Lambda API at ${lambda}, which serves plain HTTP: use endpoint_url=${lambda}`;
    await dev.find(new RegExp(`^${escape(line)}$`, 'm'));
    expect(dev.count(line)).toBe(1);
  });

  it('the WebSocket API: wss:// and boto3 on https for @connections fail, one line, and ws:// and @connections still work', async () => {
    expect(await tlsHandshake(ws)).toBe('ECONNRESET');
    const answer = await pythonJson(`import json, boto3, botocore.exceptions
def client(url):
    return boto3.client("apigatewaymanagementapi", endpoint_url=url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
try:
    client(${JSON.stringify(`${ws.replace(/^ws:/, 'https:')}/dev`)}).get_connection(ConnectionId="R1kmxc2VNjMCFIA=")
    secure = "answered"
except botocore.exceptions.SSLError as e:
    secure = type(e).__name__
try:
    client(${JSON.stringify(`${ws.replace(/^ws:/, 'http:')}/dev`)}).get_connection(ConnectionId="R1kmxc2VNjMCFIA=")
    plain = "answered"
except botocore.exceptions.ClientError as e:
    plain = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps([secure, plain]))`);
    expect(answer).toEqual(['SSLError', ['GoneException', 410]]);
    const client = await opened(`${ws}/dev`);
    expect(await closed(client)).toBe(1000);
    const http = ws.replace(/^ws:/, 'http:');
    const line = `warning: a client spoke TLS (wss:// or https://) to the WebSocket API WebsocketsApi at ${ws}, which serves plain ws:// and http://: use ${ws}/dev (@connections: ${http}/dev)`;
    await dev.find(new RegExp(`^${escape(line)}$`, 'm'));
    expect(dev.count(line)).toBe(1);
  });
});

describe('TLS clients on dev\'s plain ports (--json)', () => {
  it('the same warning, as a warning event', async () => {
    const dir = project({ 'serverless.yml': SERVERLESS, 'app.py': APP });
    const dev = new DevProcess(dir, ['--json']);
    try {
      const ready = JSON.parse((await dev.find(/^\{"type":"ready".*$/m))[0]) as { endpoints: Array<{ url: string }> };
      const http = ready.endpoints[0]!.url;
      expect(await tlsHandshake(http)).toBe('ECONNRESET');
      const warning = JSON.parse((await dev.find(new RegExp(`^\\{"type":"warning".*${escape(HUMAN)}.*$`, 'm')))[0]) as unknown;
      expect(warning).toEqual({ type: 'warning', path: '', message: `a client spoke TLS (https://) to the HTTP API HttpApi at ${http}, which serves plain HTTP: use ${http}` });
    } finally {
      await dev.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('first bytes that do not tell at once', () => {
  let session: DevSession;
  let events: DevEvent[];
  let base: string;
  let url: (id: string) => string;

  beforeAll(async () => {
    ({ session, events, url } = await startDev(`${FIXTURES}projects/gateways`));
    base = url('ServerlessHttpApi');
  });
  afterAll(async () => {
    await session?.stop();
  });

  const warnings = () => events.filter((e) => e.type === 'warning' && e.diagnostic.message.startsWith(HUMAN));

  it('0x16, then the rest of a TLS record a moment later: closed unanswered, with the warning', async () => {
    const answer = await slowBytes(base, [Buffer.from([0x16]), Buffer.from([0x03]), Buffer.from([0x01, 0x02, 0x00, 0x01])]);
    expect(answer).toBe('');
    expect(await waitUntil(() => warnings().length === 1)).toBe(true);
    expect(warnings()).toEqual([{ type: 'warning', diagnostic: { severity: 'warning', path: '', message: `a client spoke TLS (https://) to the HTTP API ServerlessHttpApi at ${base}, which serves plain HTTP: use ${base}` } }]);
  });

  it('0x16 and nothing after it: after a second, Node\'s 400 and a malformed request line, no warning', async () => {
    const before = warnings().length;
    const started = performance.now();
    const answer = await slowBytes(base, [Buffer.from([0x16])]);
    expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(performance.now() - started).toBeGreaterThan(900);
    expect(await waitUntil(() => events.some((e) => e.type === 'request' && e.path === '-'))).toBe(true);
    expect(events.find((e) => e.type === 'request' && e.path === '-')).toMatchObject({ method: '-', status: 400, reason: "malformed request: Invalid method encountered (Node's HTTP parser, HPE_INVALID_METHOD)" });
    expect(warnings()).toHaveLength(before);
    expect((await fetch(`${url('Api')}/items/ok`)).status).toBe(200);
  });
});

/** Writes each chunk 100 ms after the last, then reads until the server closes; what it answered, in latin1. */
function slowBytes(base: string, chunks: readonly Buffer[]): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    let out = '';
    const socket = netConnect(Number(port), '127.0.0.1', () => {
      chunks.forEach((chunk, i) => setTimeout(() => {
        if (socket.destroyed) return;
        socket.write(chunk);
      }, 100 * (i + 1)));
    });
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(out) : reject(error)));
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
