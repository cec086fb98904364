import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { READY_MS, ROOT, eventually, oneRouteTemplate, scratchDir, startDev, testPython, waitUntil } from '../helpers.js';

/**
 * Code that writes a file beside itself at import (an OpenAPI spec in development) restarted dev without
 * end: the write reloaded, the environment started ahead for the next request imported the code again,
 * which wrote the file again, about ten times a second, with no request.
 */

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A handler whose module writes `openapi.json` (the Python expression `content`) when it is imported. */
function project(content: string): string {
  const dir = scratchDir('dev-import-writes');
  writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/x'));
  writeFileSync(join(dir, 'app.py'), [
    'import os, time',
    'with open(os.path.join(os.path.dirname(__file__), "openapi.json"), "w") as f:',
    `    f.write(${content})`,
    '',
    '',
    'def handler(event, context):',
    '    return {"statusCode": 200, "body": "ok"}',
    '',
  ].join('\n'));
  return dir;
}

describe('dev and code that writes a file at import', () => {
  it('the same bytes each time: reloads once, for the first write, then settles', async () => {
    const dev = await startDev(project('\'{"openapi": "3.0.0"}\''), { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/x`).then((r) => r.text());
    expect(await get()).toBe('ok');
    await sleep(2500);
    expect(await get()).toBe('ok');
    await sleep(1000);
    expect(dev.events.filter((e) => e.type === 'reload')).toEqual([{ type: 'reload', reason: 'code', files: ['openapi.json'] }]);
  });

  it('other bytes each time: the init of an environment started ahead does not start another', async () => {
    const dev = await startDev(project('repr(time.time())'), { watch: true });
    session = dev.session;
    const get = () => fetch(`${dev.url('ServerlessHttpApi')}/x`).then((r) => r.text());
    expect(await get()).toBe('ok');
    // The request's init wrote it (a reload, and an environment started ahead), then that one's init: no more.
    // The second comes after a cold start, which a loaded machine can stretch past a fixed 3 s; a second more for a third.
    const reloads = () => dev.events.filter((e) => e.type === 'reload');
    await eventually(() => (reloads().length >= 2 ? true : undefined), 20_000);
    await sleep(1000);
    expect(reloads()).toHaveLength(2);
    expect(await waitUntil(() => dev.session.pids().length === 0, 10_000)).toBe(true);
    expect(reloads()).toHaveLength(2);
    expect(await get()).toBe('ok');
  });
});

describe('dev with TMPDIR inside the project', () => {
  // Each environment's own TMPDIR (pylambda-tmp-XXXXXX) and the Runtime API's socket directory landed in the watched
  // tree: every environment's start, and every file a function wrote to its /tmp, reloaded, so each request was cold.
  it('reloads for neither pylambda\'s scratch directories nor what a function writes to its /tmp', async () => {
    const dir = scratchDir('dev-tmpdir-inside');
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(join(dir, 'template.yaml'), oneRouteTemplate('/x'));
    writeFileSync(join(dir, 'app.py'), 'import os\n\ndef handler(event, context):\n    open(os.path.join(os.environ["TMPDIR"], "cache.json"), "w").write("{}")\n    return {"statusCode": 200, "body": "ok"}\n');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--port', '0', '--python', testPython()], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: join(dir, 'tmp') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      expect(await waitUntil(() => out.includes('Ctrl-C stops'), READY_MS), out).toBe(true);
      const base = /HTTP API ServerlessHttpApi {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
      for (let i = 0; i < 3; i++) {
        expect(await (await fetch(`${base}/x`)).text()).toBe('ok');
        await sleep(700);
      }
      expect(readdirSync(join(dir, 'tmp')).some((name) => name.startsWith('pylambda-tmp-')), 'an environment\'s TMPDIR is in the project').toBe(true);
      expect(out).not.toContain('code changed');
      // The last request's line reaches us through a pipe, maybe after its answer.
      await waitUntil(() => (out.match(/GET \/x 200 /g) ?? []).length >= 3, 10_000);
      expect(out.match(/GET \/x 200 [\d.]+ ms (cold|warm)/g)).toEqual([expect.stringMatching(/cold$/), expect.stringMatching(/warm$/), expect.stringMatching(/warm$/)]);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
