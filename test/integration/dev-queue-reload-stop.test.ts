import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { eventually, fnTemplate, scratchDir, startDev } from '../helpers.js';

/**
 * Requests waiting for a concurrency slot when a reload replaces their function, or when dev stops: found by
 * hand, 2026-11. The replaced function kept its queue and shut down (timeout + 1) s after the reload: the
 * invocations still queued then failed with a plain Error, each an `internal error: pylambda is shutting down`
 * line and a text/plain 500 `pylambda: pylambda is shutting down` to the client, and those it had started
 * shortly before were killed (Runtime.ExitError, signal: killed, a 502). docs/dev.md: environments on the
 * old code "finish what they are doing and go"; the requests waiting are the new version's to serve.
 * A Ctrl-C with requests queued, or an environment starting, printed the same internal error for each.
 */

const APP = 'import time\n\n\ndef handler(event, context):\n    time.sleep(0.6)\n    return {"statusCode": 200, "body": "done"}\n';

const template = (memory: number) => fnTemplate({
  properties: ['Timeout: 1', `MemorySize: ${memory}`, 'ReservedConcurrentExecutions: 1'],
  events: ['Http: { Type: HttpApi, Properties: { Path: /slow, Method: get } }'],
});

/** Once an invocation has begun (its START line): dev has the requests sent with it, and its environment is up. */
const running = (events: readonly DevEvent[]) => eventually(() => (events.some((e) => e.type === 'log' && e.event.kind === 'platform' && e.event.text.startsWith('START ')) ? true : undefined), 20_000);

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('requests waiting for a concurrency slot', () => {
  it('are served when a reload replaces their function, with no internal error', async () => {
    const dir = scratchDir('queue-reload');
    writeFileSync(join(dir, 'template.yaml'), template(128));
    writeFileSync(join(dir, 'app.py'), APP);
    const dev = await startDev(dir);
    session = dev.session;
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    const answers = Array.from({ length: 6 }, () => fetch(`${base}/slow`).then(async (r) => `${r.status} ${await r.text()}`));
    await new Promise((r) => setTimeout(r, 300));
    // A new MemorySize: the function is replaced, and the old one retires 2 s later (Timeout 1 + 1).
    writeFileSync(join(dir, 'template.yaml'), template(256));
    await dev.session.reload([join(dir, 'template.yaml')]);
    expect(await Promise.all(answers)).toEqual(Array(6).fill('200 done'));
    expect(dev.events.filter((e) => e.type === 'error')).toEqual([]);
  });

  // The function gone from the template: the requests routed to it finish on the old code, as those in flight do.
  it('are served by the old version when a reload removes their function', async () => {
    const dir = scratchDir('queue-removed');
    const other = ['Other: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: app.handler, Events: { O: { Type: Api, Properties: { Path: /other, Method: get } } } } }'];
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: other,
      properties: ['Timeout: 1', 'ReservedConcurrentExecutions: 1'],
      events: ['Http: { Type: HttpApi, Properties: { Path: /slow, Method: get } }'],
    }));
    writeFileSync(join(dir, 'app.py'), APP);
    const dev = await startDev(dir);
    session = dev.session;
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    const answers = Array.from({ length: 4 }, () => fetch(`${base}/slow`).then(async (r) => `${r.status} ${await r.text()}`));
    // Not a fixed 300 ms: a request dev had not read by the time the reload closed the endpoint would be refused.
    await running(dev.events);
    writeFileSync(join(dir, 'template.yaml'), ['Transform: AWS::Serverless-2016-10-31', 'Resources:', ...other.map((l) => `  ${l}`), ''].join('\n'));
    await dev.session.reload([join(dir, 'template.yaml')]);
    expect(dev.session.endpoints.map((e) => e.kind)).toEqual(['rest']);
    expect(await Promise.all(answers)).toEqual(Array(4).fill('200 done'));
    expect(dev.events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('when dev stops: no internal error for any of them', async () => {
    const dir = scratchDir('queue-stop');
    writeFileSync(join(dir, 'template.yaml'), template(128));
    writeFileSync(join(dir, 'app.py'), APP);
    const dev = await startDev(dir);
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    const answers = Array.from({ length: 4 }, () => fetch(`${base}/slow`).then((r) => r.status, (e: Error) => e.name));
    await new Promise((r) => setTimeout(r, 100));
    await dev.session.stop();
    await Promise.all(answers);
    // Stopping is no bug: the requests cut short are the client's to see (a reset), not internal errors.
    expect(dev.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(dev.events.filter((e) => e.type === 'request' && e.status === 500)).toEqual([]);
  });

  // The environment killed under a running invocation by the stop is no function failure (it logged a 500).
  it('when dev stops during an invocation: its line says dev stopped, not that the function failed', async () => {
    const dir = scratchDir('stop-in-flight');
    writeFileSync(join(dir, 'template.yaml'), template(128).replace('Timeout: 1', 'Timeout: 10'));
    writeFileSync(join(dir, 'app.py'), APP.replace('0.6', '5'));
    const dev = await startDev(dir);
    const base = dev.session.endpoints.find((e) => e.kind === 'http')!.url;
    const answer = fetch(`${base}/slow`).then((r) => r.status, (e: Error) => e.name);
    // Past the cold start (which a fixed 1.5 s may not be, on a loaded machine), the handler sleeping.
    await running(dev.events);
    await dev.session.stop();
    expect(await answer).toBe('TypeError');
    // The request's line comes once its invocation has ended, killed by the stop.
    await eventually(() => (dev.events.some((e) => e.type === 'request') ? true : undefined), 20_000);
    expect(dev.events.filter((e) => e.type === 'request').map((e) => [e.type === 'request' && e.status, e.type === 'request' && e.reason])).toEqual([[499, 'dev stopped before the function answered']]);
  });
});
