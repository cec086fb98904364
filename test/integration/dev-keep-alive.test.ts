import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devForFile, eventually, FIXTURES, fnTemplate, scratchDir, startDev } from '../helpers.js';

/**
 * Kept-alive client connections to dev's front doors. bench/soak.mjs saw a request now and then fail with
 * ECONNRESET: dev closed a connection after Node's idle 5 s (6 s in fact) just as its client, which keeps idle
 * sockets for good (Node's http.Agent, urllib3), sent the next request on it. An ALB keeps an idle client
 * connection 60 s, and so does dev now (KEEP_ALIVE_TIMEOUT_MS).
 */
const dev = devForFile(`${FIXTURES}projects/gateways`);
const doors: ReadonlyArray<readonly [string, string]> = [['Api', '/test/b/ok'], ['ServerlessHttpApi', '/h/ok'], ['Listener', '/a/ok'], ['UrlFunctionUrl', '/u/ok']];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A GET through `agent`: its status, whether it went on a socket an earlier request used, and the Keep-Alive header. */
function get(url: string, agent: http.Agent): Promise<[number | string, boolean, string | undefined]> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve([res.statusCode ?? 0, req.reusedSocket, res.headers['keep-alive'] as string | undefined]));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve([`error ${e.code ?? e.message}`, req.reusedSocket, undefined]));
  });
}

describe.concurrent('a kept-alive connection', () => {
  it.each(doors)('%s: is still open after 6.5 s idle, and the request on it is answered', async (id, path) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const url = `${dev.url(id)}${path}`;
      const first = await get(url, agent);
      // Past Node's default (5 s, and the second Node adds), well short of the ALB's 60 s.
      await sleep(6_500);
      expect([first, await get(url, agent)]).toEqual([[200, false, 'timeout=60'], [200, true, 'timeout=60']]);
    } finally {
      agent.destroy();
    }
  });

  it('the Lambda API: is still open after 6.5 s idle, and the invocation on it is answered', async () => {
    const ready = dev.events.find((e) => e.type === 'ready');
    const base = ready?.type === 'ready' ? ready.lambdaApi : undefined;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const invoke = () => new Promise<[number | string, boolean]>((resolve) => {
      const req = http.request(`${base}/2015-03-31/functions/HttpFunction/invocations`, { method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve([res.statusCode ?? 0, req.reusedSocket]));
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve([`error ${e.code ?? e.message}`, req.reusedSocket]));
      req.end('{"rawPath": "/h/ok"}');
    });
    try {
      const first = await invoke();
      await sleep(6_500);
      expect([first, await invoke()]).toEqual([[200, false], [200, true]]);
    } finally {
      agent.destroy();
    }
  });
});

describe("a WebSocket API's @connections", () => {
  // boto3's apigatewaymanagementapi client keeps its pool between invocations, as the lambda client does.
  it('is still open after 6.5 s idle, and the request on it is answered', async () => {
    const dir = scratchDir('ws-keep-alive');
    writeFileSync(join(dir, 'serverless.yml'), ['service: s', 'provider:', '  name: aws', '  runtime: python3.12', 'functions:', '  ws:', '    handler: app.handler', '    events:', '      - websocket: $default', ''].join('\n'));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200}\n');
    const ws = await startDev(dir);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const ready = ws.events.find((e) => e.type === 'ready');
      const connections = ready?.type === 'ready' ? ready.webSockets?.[0]?.connections : undefined;
      const url = `${connections}/@connections/bm9uZQ==`;
      const first = await get(url, agent);
      await sleep(6_500);
      expect([first, await get(url, agent)]).toEqual([[410, false, 'timeout=60'], [410, true, 'timeout=60']]);
    } finally {
      agent.destroy();
      await ws.session.stop();
    }
  });
});

describe('requests pipelined on one connection', () => {
  // A reload that removed the endpoint answered each request in flight with `Connection: close`: the first
  // answer ended the connection, and the second request, run and logged 200, never got its answer.
  it('both get their answers, in order, when a reload removes their endpoint, and the connection is closed after', async () => {
    const dir = scratchDir('pipelined');
    const template = (events: string[]) => fnTemplate({ properties: ['Timeout: 10'], events });
    writeFileSync(join(dir, 'template.yaml'), template(['Http: { Type: HttpApi, Properties: { Path: "/{p}", Method: ANY } }']));
    // /slow runs until the test lets it go (a fixed sleep lost the race to /second's cold start on a loaded machine).
    const release = join(dir, 'release');
    writeFileSync(join(dir, 'app.py'), `import os, time\n\n\ndef handler(event, context):\n    while event["rawPath"] == "/slow" and not os.path.exists(${JSON.stringify(release)}):\n        time.sleep(0.02)\n    return {"statusCode": 200, "body": event["rawPath"]}\n`);
    const dev = await startDev(dir);
    try {
      const url = dev.session.endpoints[0]!.url;
      await fetch(`${url}/warm`);
      let out = '';
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
      socket.on('error', () => undefined);
      const closed = new Promise<string>((r) => socket.on('close', () => r('closed')));
      socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n');
      // /second is answered (by a second environment) while /slow still runs; then the endpoint goes, then /slow ends.
      await eventually(() => dev.events.find((e) => e.type === 'request' && e.path === '/second'), 20_000);
      writeFileSync(join(dir, 'template.yaml'), template([]));
      await dev.session.reload([join(dir, 'template.yaml')]);
      writeFileSync(release, '');
      expect(await Promise.race([closed, sleep(10_000).then(() => 'still open')])).toBe('closed');
      const answers = out.split('HTTP/1.1 ').slice(1).map((answer) => [answer.slice(0, 3), answer.split('\r\n\r\n')[1]]);
      expect(answers).toEqual([['200', '/slow'], ['200', '/second']]);
      const lines = dev.events.filter((e) => e.type === 'request').map((e) => [e.path, e.status]);
      expect(lines).toEqual([['/warm', 200], ['/second', 200], ['/slow', 200]]);
    } finally {
      await dev.session.stop();
    }
  }, 60_000);
});
