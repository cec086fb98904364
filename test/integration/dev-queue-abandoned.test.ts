import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { eventually, fnTemplate, rawExchange, scratchDir, startDev } from '../helpers.js';

/**
 * Requests waiting for a concurrency slot whose gateway request is over: found by hand, 2026-11. With
 * ReservedConcurrentExecutions 2 and a 0.5 s handler, 200 requests at once got 114 answers and 86 504s at
 * REST's 29 s; the 86 invocations stayed queued and ran anyway, and the next request waited 21.5 s for them.
 * Clients that hung up while queued did the same: each queued invocation ran later, logged 200 to nobody.
 * On Lambda they would have been throttled at once; here they wait (docs/dev.md), but only while someone waits.
 */

const APP = 'import time\n\n\ndef handler(event, context):\n    time.sleep(1)\n    return {"statusCode": 200, "body": "done"}\n';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

function project(): string {
  const dir = scratchDir('queue');
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    properties: ['Timeout: 10', 'ReservedConcurrentExecutions: 1'],
    events: ['Http: { Type: HttpApi, Properties: { Path: /slow, Method: get } }'],
  }));
  writeFileSync(join(dir, 'app.py'), APP);
  return dir;
}

const platform = (events: readonly DevEvent[], word: string) => events.filter((e) => e.type === 'log' && e.event.kind === 'platform' && e.event.text.startsWith(`${word} `)).length;
const starts = (events: readonly DevEvent[]) => platform(events, 'START');

/** When the `n`th invocation has begun (or ended): its START (END) line is out. */
const nth = (events: readonly DevEvent[], word: 'START' | 'END', n: number) => eventually(() => (platform(events, word) >= n ? performance.now() : undefined), 20_000);

/** Connects, sends a GET and hangs up once `over` settles, without reading the answer. */
function hangUpWhen(base: string, path: string, over: Promise<unknown>): Promise<void> {
  const { port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
    void over.finally(() => socket.destroy());
  });
}

describe('a request waiting for a concurrency slot', () => {
  it('whose client hung up never runs, and holds up no later request', async () => {
    const dev = await startDev(project());
    session = dev.session;
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    // The first takes the only slot (and runs to its end, as on Lambda); four more wait for it, then hang up
    // while it runs (its second of sleep; a fixed delay raced its cold start on a loaded machine).
    const firstRuns = nth(dev.events, 'START', 1);
    await Promise.all(Array.from({ length: 5 }, () => hangUpWhen(base, '/slow', firstRuns)));
    const firstEnded = nth(dev.events, 'END', 1);
    const res = await fetch(`${base}/slow`);
    expect(await res.text()).toBe('done');
    // From the first invocation's end: this one's second, not four more seconds of nobody's requests (measured
    // from there, no cold start counts).
    expect(performance.now() - await firstEnded).toBeLessThan(4000);
    expect(starts(dev.events)).toBe(2);
  });

  it('whose gateway answered with its integration timeout never runs, and holds up no later request', async () => {
    const dev = await startDev(project(), { integrationTimeoutMs: 300 });
    session = dev.session;
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    const statuses = await Promise.all(Array.from({ length: 4 }, () => fetch(`${base}/slow`).then((r) => r.status)));
    expect(statuses).toEqual([503, 503, 503, 503]);
    // The first still runs to its end (Lambda does not stop it when the gateway gives up); the three behind
    // it are gone with their requests. With them queued, one started each second.
    await new Promise((r) => setTimeout(r, 3500));
    expect(starts(dev.events)).toBe(1);
  });

  // A half-close (`nc -N`) cannot be told from a hang-up while the request waits: the request leaves the line,
  // and the client, if it still reads, gets the failed-integration answer and its connection ends. Left open,
  // every withdrawn request held a socket until dev stopped.
  it('whose client half-closed is answered as a failed integration, and its connection ends', async () => {
    const dev = await startDev(project());
    session = dev.session;
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    const first = fetch(`${base}/slow`).then((r) => r.text());
    // The first holds the slot once its environment starts: a fixed 200 ms could pass before dev read it.
    await eventually(() => (dev.session.pids().length > 0 ? true : undefined), 20_000);
    const answer = await rawExchange(base, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n', { halfClose: true });
    expect(answer).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer.endsWith('{"message":"Internal Server Error"}')).toBe(true);
    expect(await first).toBe('done');
    expect(starts(dev.events)).toBe(1);
  });
});
