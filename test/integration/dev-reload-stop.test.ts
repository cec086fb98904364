import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { freePort, portFree } from '../dev-child.js';
import { fnTemplate, oneRouteTemplate, scratchDir, startDev } from '../helpers.js';

/** `pylambda dev`'s reload and stop: cases that once failed (each comment says how). */

const TEMPLATE = (timeout: number, rest = false) => oneRouteTemplate('/pid', { timeout, rest });

const APP = 'import os\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": str(os.getpid())}\n';

let session: DevSession | undefined;
const blockers: Server[] = [];
afterEach(async () => {
  await session?.stop();
  session = undefined;
  await Promise.all(blockers.splice(0).map((b) => new Promise((r) => b.close(r))));
});

function project(timeout = 10): string {
  const dir = scratchDir('dev');
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE(timeout));
  writeFileSync(join(dir, 'app.py'), APP);
  return dir;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`);
const listen = (port: number) => new Promise<Server>((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(port, '127.0.0.1', () => resolve(server));
});

/** A dev session on port p whose next port, p + 1, is taken by someone else. */
async function devBesideTakenPort(dir: string): Promise<{ events: DevEvent[]; taken: number }> {
  for (let attempt = 0; ; attempt++) {
    const blocker = await listen(0);
    const taken = (blocker.address() as { port: number }).port;
    try {
      const dev = await startDev(dir, { port: taken - 1 });
      blockers.push(blocker);
      session = dev.session;
      return { events: dev.events, taken };
    } catch (error) {
      await new Promise((r) => blocker.close(r));
      if (attempt > 20) throw error;
    }
  }
}

describe('dev reload', () => {
  // reload() rejected when a new endpoint's port was in use; the watcher calls it as `void reload()`,
  // so the rejection was unhandled and ended `pylambda dev` (Node 20 exits on an unhandled rejection).
  it('reports a new endpoint whose port is in use as a failed reload, and keeps serving the previous version whole', async () => {
    const dir = project();
    const { events, taken } = await devBesideTakenPort(dir);
    const http = session!.endpoints.find((e) => e.kind === 'http')!;
    const pid = await (await fetch(`${http.url}/pid`)).text();
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(10, true));
    await expect(session!.reload([join(dir, 'template.yaml')])).resolves.toBeUndefined();
    const failed = events.find((e) => e.type === 'reload-failed');
    expect(failed).toMatchObject({ type: 'reload-failed', message: `Port ${taken} on 127.0.0.1, for the REST API ServerlessRestApi, is in use` });
    // The same environment answers: the failed reload replaced no function (it did, before).
    expect(await (await fetch(`${http.url}/pid`)).text()).toBe(pid);
    // Once the port is free, the same reload takes it: no port was used up by the failure.
    await new Promise((r) => blockers.pop()!.close(r));
    await session!.reload([join(dir, 'template.yaml')]);
    expect(session!.endpoints.find((e) => e.kind === 'rest')!.url).toBe(`http://127.0.0.1:${taken}`);
  });

  // A function whose CodeUri does not exist yet (a build step makes it) is skipped with a warning, as sam local
  // goes on with an empty directory: no server listens for its endpoint (one left listening answered 500, 'no
  // function G', and held the port), and making the directory brings it in on the next port.
  it('a reload that adds an endpoint for a function without code skips it with a warning, and serves it once the code is there', async () => {
    const dir = project();
    // A fixed first port, with the next one free too (the REST API the reload adds would take it), below the
    // ephemeral range: a port picked by listen(0) has neighbours other tests' sockets draw from, and one took it.
    const first = await freePort(2);
    // The Lambda API elsewhere: by default it takes the port after the endpoints', which the added one then passes over.
    const dev = await startDev(dir, { port: first, lambdaPort: 0 });
    session = dev.session;
    expect((await fetch(`${dev.url('ServerlessHttpApi')}/pid`)).status).toBe(200);
    const withG = `${TEMPLATE(10)}  G:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: gcode/\n      Events:\n        Rest: { Type: Api, Properties: { Path: /g, Method: get } }\n`;
    writeFileSync(join(dir, 'template.yaml'), withG);
    await dev.session.reload([join(dir, 'template.yaml')]);
    expect(dev.events.filter((e) => e.type === 'reload-failed')).toEqual([]);
    expect(dev.events).toContainEqual({ type: 'warning', diagnostic: { severity: 'warning', file: 'template.yaml', path: 'Resources.G', message: `CodeUri 'gcode/' does not exist (looked in ${join(dir, 'gcode')}), so G is skipped until it exists` } });
    // Its endpoint does not listen, and the others serve on.
    expect(await portFree(first + 1)).toBe(true);
    expect(dev.session.endpoints.map((e) => e.kind)).toEqual(['http']);
    expect(await (await fetch(`${dev.url('ServerlessHttpApi')}/pid`)).text()).toMatch(/^\d+$/);

    // Making the directory brings G in: its files are the change the watcher reports, and the template is read again.
    mkdirSync(join(dir, 'gcode'));
    writeFileSync(join(dir, 'gcode', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "g"}\n');
    await dev.session.reload([join(dir, 'gcode', 'app.py')]);
    expect(dev.events.filter((e) => e.type === 'reload-failed')).toEqual([]);
    expect(dev.url('ServerlessRestApi')).toBe(`http://127.0.0.1:${first + 1}`);
    expect(await (await fetch(`${dev.url('ServerlessRestApi')}/g`)).text()).toBe('g');
  });

  // A reload that removed an endpoint closed its server with every connection: the request in flight got a
  // reset (curl: empty reply) while its line said 200.
  it('lets a request in flight on an endpoint the reload removes get its answer', async () => {
    const dir = project();
    writeFileSync(join(dir, 'app.py'), 'import time\n\n\ndef handler(event, context):\n    time.sleep(1)\n    return {"statusCode": 200, "body": "slow"}\n');
    const dev = await startDev(dir);
    session = dev.session;
    const url = dev.url('ServerlessHttpApi');
    const slow = fetch(`${url}/pid`).then(async (r) => [r.status, r.headers.get('connection'), await r.text()]);
    await until(() => dev.session.pids().length > 0);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: 10'] }));
    await dev.session.reload([join(dir, 'template.yaml')]);
    expect(dev.session.endpoints).toEqual([]);
    expect(await slow).toEqual([200, 'close', 'slow']);
    // No longer listening, and nothing new is answered there.
    expect(await fetch(`${url}/pid`).then(() => 'answered', () => 'refused')).toBe('refused');
  });

  it('gives an API removed from the template and put back its port again', async () => {
    const dir = project();
    const dev = await startDev(dir, { port: 0 });
    session = dev.session;
    await session.stop();
    // A fixed first port, found free just now with the ports after it, below Linux's ephemeral range (32768 on):
    // a port there, free when probed, was taken by another test's Runtime API server before dev listened.
    const first = await freePort(3);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(10, true));
    const fixed = await startDev(dir, { port: first });
    session = fixed.session;
    const restUrl = session.endpoints.find((e) => e.kind === 'rest')!.url;
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(10));
    await session.reload([join(dir, 'template.yaml')]);
    expect(session.endpoints.some((e) => e.kind === 'rest')).toBe(false);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(10, true));
    await session.reload([join(dir, 'template.yaml')]);
    expect(session.endpoints.find((e) => e.kind === 'rest')!.url).toBe(restUrl);
  });

  // Two reloads at once (a save during a slow Chalice import) both started a server for a new endpoint; the
  // first one was never closed, and answered after stop().
  it('runs reloads one at a time: a second one during the first waits, and nothing outlives stop()', async () => {
    const dir = project();
    const dev = await startDev(dir);
    session = dev.session;
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(10, true));
    await Promise.all([dev.session.reload([join(dir, 'template.yaml')]), dev.session.reload([join(dir, 'template.yaml')])]);
    // The second reload begins once the first is over.
    expect(dev.events.filter((e) => e.type === 'reload' || e.type === 'ready').map((e) => e.type).slice(-4)).toEqual(['reload', 'ready', 'reload', 'ready']);
    expect(dev.session.endpoints.filter((e) => e.kind === 'rest')).toHaveLength(1);
    const urls = new Set(dev.events.flatMap((e) => (e.type === 'ready' ? e.endpoints.map((x) => x.url) : [])).filter((u) => u !== ''));
    expect([...urls].filter((u) => dev.session.endpoints.every((e) => e.url !== u))).toEqual([]);
    await dev.session.stop();
    for (const url of urls) expect(await fetch(`${url}/pid`).then(() => true, () => false), url).toBe(false);
  });

  // A reload still loading the project when stop() ran went on afterwards: it started a gateway server for
  // the new endpoint, listening after stop() had resolved.
  it('starts nothing once the session is stopped, even when a reload was under way', async () => {
    const dir = project();
    const dev = await startDev(dir);
    session = dev.session;
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(10, true));
    const reload = dev.session.reload([join(dir, 'template.yaml')]);
    await dev.session.stop();
    await reload;
    const urls = dev.events.flatMap((e) => (e.type === 'ready' ? e.endpoints.map((x) => x.url) : [])).filter((u) => u !== '');
    for (const url of new Set(urls)) {
      const answered = await fetch(`${url}/pid`).then(() => true, () => false);
      expect(answered, url).toBe(false);
    }
  });

  // A function whose configuration changed keeps serving its in-flight invocations for (timeout + 1) s,
  // then shuts down; stop() did not know about it, so its environments outlived the session.
  it('stops the environments of a function replaced by a reload', async () => {
    const dir = project(30);
    const dev = await startDev(dir);
    session = dev.session;
    const http = dev.session.endpoints.find((e) => e.kind === 'http')!;
    const pid = Number(await (await fetch(`${http.url}/pid`)).text());
    expect(alive(pid)).toBe(true);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE(20));
    await dev.session.reload([join(dir, 'template.yaml')]);
    const newer = Number(await (await fetch(`${http.url}/pid`)).text());
    expect(newer).not.toBe(pid);
    // Idle, the replaced function's environment goes at once, not after its 30 s timeout (10 s: a Python
    // process's exit can lag on a loaded machine, and is still far from 30).
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
    await dev.session.stop();
    expect(alive(pid)).toBe(false);
    expect(alive(newer)).toBe(false);
  });
});

describe('requests that cannot be served', () => {
  // The code directory removed while dev runs: the client got pylambda's own text in a 500, and the log
  // an internal error naming the Python executable (spawn's ENOENT) rather than the directory.
  it('a code directory deleted while dev runs: the gateway\'s own error, and the log says why', async () => {
    const dir = scratchDir('gone-code');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.py'), APP);
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/pid', { codeUri: 'src/' }));
    const dev = await startDev(dir);
    session = dev.session;
    rmSync(join(dir, 'src'), { recursive: true });
    const http = dev.session.endpoints.find((e) => e.kind === 'http')!;
    const res = await fetch(`${http.url}/pid`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');
    expect(dev.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(dev.events.find((e) => e.type === 'request')).toMatchObject({ status: 500, functionId: 'Fn', reason: `The code directory ${join(dir, 'src')} no longer exists (deleted or moved since the project was read)` });
  });

  it('a client that goes away in the middle of its body: logged as such, not as an internal error', async () => {
    const dev = await startDev(project());
    session = dev.session;
    const { port } = new URL(dev.session.endpoints.find((e) => e.kind === 'http')!.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /pid HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
    });
    await until(() => dev.events.some((e) => e.type === 'request'));
    expect(dev.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(dev.events.find((e) => e.type === 'request')).toMatchObject({ method: 'POST', path: '/pid', status: 499, reason: 'the client closed the connection' });
  });
});

// Up to 20 s, not 100 polls (2 s when timers are on time): an environment's start on a loaded machine took longer.
async function until(ok: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !ok() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
}

