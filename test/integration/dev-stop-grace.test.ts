import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import { READY_MS, ROOT, fnTemplate, runtimesOf, scratchDir, startDev, stillRunningAfter, testPython, waitUntil } from '../helpers.js';

/**
 * dev stopped while a request runs: with a grace (the command line's Ctrl-C and SIGTERM give 2 s), the request gets
 * its answer before its connection is cut. Found by hand, 2026-11: the client of a request in flight got a reset.
 */

/** A project whose GET /nap answers after `seconds`, with `Timeout: 30`. */
function napProject(prefix: string): string {
  const dir = scratchDir(prefix);
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: 30'], events: ['Http: { Type: HttpApi, Properties: { Path: /nap, Method: get } }'] }));
  writeFileSync(join(dir, 'app.py'), 'import time\n\ndef handler(event, context):\n    print("napping", event["queryStringParameters"]["s"], flush=True)\n    time.sleep(float(event["queryStringParameters"]["s"]))\n    return {"statusCode": 200, "body": "rested"}\n');
  return dir;
}

/** Whether the handler has begun the nap of `seconds` (its own log line). */
const napping = (events: readonly DevEvent[], seconds: string) => JSON.stringify(events).includes(`napping ${seconds}`);

/** A GET through a connection of its own: its status, Connection header and body, or the error that ended it. */
function get(url: string): Promise<{ status?: number; connection?: string; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection!, body }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end();
  });
}

describe('DevSession.stop with a grace', () => {
  it('answers the request in flight, with Connection: close, then stops', async () => {
    const dev = await startDev(napProject('grace'));
    const url = dev.url('ServerlessHttpApi');
    expect((await get(`${url}/nap?s=0`)).status).toBe(200);
    const answer = get(`${url}/nap?s=0.6`);
    // Waited for as long as a loaded machine may take to bring the request to the handler (5 s was tight).
    expect(await waitUntil(() => napping(dev.events, '0.6'), 20_000)).toBe(true);
    const started = performance.now();
    await dev.session.stop({ graceMs: 5000 });
    expect(await answer).toEqual({ status: 200, connection: 'close', body: 'rested' });
    expect(performance.now() - started).toBeLessThan(4000);
    // Refused once stopped.
    expect((await get(`${url}/nap?s=0`)).error).toBe('ECONNREFUSED');
  });

  it('cuts what is still running when the grace is over', async () => {
    const dev = await startDev(napProject('grace-over'));
    const url = dev.url('ServerlessHttpApi');
    const answer = get(`${url}/nap?s=20`);
    // Its cold start first: 20 s for a loaded machine.
    expect(await waitUntil(() => napping(dev.events, '20'), 20_000)).toBe(true);
    const started = performance.now();
    await dev.session.stop({ graceMs: 300 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect((await answer).error).toBe('ECONNRESET');
  });
});

describe('pylambda dev and Ctrl-C', () => {
  it('answers the request in flight before it exits 130, leaving no runtime behind', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', napProject('grace-cli'), '--port', '0', '--python', testPython(), '--no-watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    expect(await waitUntil(() => out.includes('Ctrl-C stops'), READY_MS), out).toBe(true);
    const base = /HTTP API ServerlessHttpApi {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    expect((await get(`${base}/nap?s=0`)).status).toBe(200);
    const runtimes = runtimesOf(child.pid!);
    const answer = get(`${base}/nap?s=0.8`);
    // Waited for as long as a loaded machine may take to bring the request to the handler (5 s was tight).
    expect(await waitUntil(() => out.includes('napping 0.8'), 20_000), out).toBe(true);
    child.kill('SIGINT');
    expect(await answer).toEqual({ status: 200, connection: 'close', body: 'rested' });
    // 'close', not 'exit': the last lines can still be in the pipe when the process has exited.
    expect(await new Promise((r) => child.on('close', (code) => r(code)))).toBe(130);
    expect(out).toMatch(/GET \/nap\?s=0\.8 200 [\d.]+ ms warm Fn/);
    expect(await stillRunningAfter(runtimes)).toEqual([]);
  });
});
