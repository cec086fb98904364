import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchDir, waitUntil } from '../helpers.js';
import { descendantsOf, devChild, entries, fdCount, halfPost, hit, SOAK_HANDLER, soakTemplate, writeSoakProject } from '../soak-helpers.js';

/**
 * dev left running: requests that succeed, raise, crash, time out, go past their memory, clients that hang up
 * mid-request and mid-response, and reloads of the code and of the template. What dev holds after each round
 * (processes, fds, its environments' TMPDIRs, the state directory) comes back to what it held after the first, and a
 * stop leaves nothing. (bench/soak.mjs is the long form.)
 */

let dev: ReturnType<typeof devChild> | undefined;
afterEach(async () => {
  await dev?.stop();
  dev = undefined;
});

interface Held {
  readonly processes: number;
  /** Its fds but its readers of environments' /proc/PID/status, of which it has one per environment at most (fdCount). */
  readonly fds: number;
  /** Entries of dev's TMPDIR: one per environment, and the directory of the Runtime API's sockets. */
  readonly tmp: number;
  /** Versions of the inline code in the state directory. */
  readonly state: number;
}

describe('dev over many requests and reloads', () => {
  it('holds after 10 rounds (300 requests, 20 reloads) what it held after the first, and nothing after stop', async () => {
    const dir = scratchDir('dev-soak');
    const project = writeSoakProject(dir);
    dev = devChild(dir);
    const running = dev;
    expect(await waitUntil(() => running.events().some((e) => e.type === 'ready'), 15_000)).toBe(true);
    const ready = running.events().find((e) => e.type === 'ready') as unknown as { endpoints: Array<{ kind: string; url: string }> };
    const base = (kind: string) => ready.endpoints.find((e) => e.kind === kind)!.url;
    const bases = [`${base('rest')}/test/r`, `${base('http')}/h`, `${base('url')}/u`];
    const held = (): Held => ({
      processes: descendantsOf(running.pid).length,
      fds: fdCount(running.pid).own,
      tmp: entries(join(dir, 'tmp')).length,
      state: entries(join(project, '.aws-sam', 'pylambda', 'inline')).filter((n) => !n.includes('.lease-')).length,
    });
    let reloads = 0;
    const reload = async (edit: () => void) => {
      const before = running.events().filter((e) => e.type === 'reload').length;
      edit();
      reloads++;
      expect(await waitUntil(() => running.events().filter((e) => e.type === 'reload').length > before, 10_000)).toBe(true);
    };
    const keepAlive = new http.Agent({ keepAlive: true });
    const mix = ['ok', 'raise', 'crash', 'timeout', 'memory', 'print', 'slow', 'abort-response', 'abort-request', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
    const request = (n: number): Promise<unknown> => {
      const url = `${bases[n % 3]}/${mix[n % mix.length]}`;
      const agent = n % 2 ? keepAlive : false;
      if (mix[n % mix.length] === 'abort-response') return hit(url.replace('abort-response', 'slow'), { agent, abortAfterMs: 100 });
      if (mix[n % mix.length] === 'abort-request') return halfPost(base('http'), '/h/ok');
      return hit(url, { agent });
    };
    /** 30 requests, five at a time, a template reload halfway and a code reload at the end; then each function warm once more. */
    const round = async (r: number) => {
      for (let batch = 0; batch < 6; batch++) {
        await Promise.all([0, 1, 2, 3, 4].map((i) => request(r * 30 + batch * 5 + i)));
        if (batch === 2) await reload(() => writeFileSync(join(project, 'template.yaml'), soakTemplate(r + 1)));
      }
      for (const url of [...bases.map((b) => `${b}/ok`), `${base('http')}/inline`]) expect(await hit(url)).toBe('200');
      keepAlive.destroy();
      // A code edit restarts each function with one environment started ahead: a level that does not hang on which requests ran last.
      await reload(() => writeFileSync(join(project, 'src', 'app.py'), `${SOAK_HANDLER}\n# round ${r}\n`));
    };
    /**
     * What dev holds once it has held it for a second and a half: a reload's event comes before its old environments
     * have stopped, and a new environment's runtime connects (an fd) once its init is over.
     */
    const settled = async (want?: Held): Promise<Held> => {
      const deadline = Date.now() + 15_000;
      let last = held();
      let since = Date.now();
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const now = held();
        if (JSON.stringify(now) !== JSON.stringify(last)) [last, since] = [now, Date.now()];
        // Four functions, one environment each, and the directory of their Runtime API sockets.
        const level = now.processes === 4 && now.tmp === 5 && (!want || JSON.stringify(now) === JSON.stringify(want));
        if (level && Date.now() - since >= 1500) break;
      }
      return last;
    };
    await round(0);
    const first = await settled();
    for (let r = 1; r < 10; r++) await round(r);
    const last = await settled(first);
    expect(reloads).toBe(20);
    expect(first).toMatchObject({ processes: 4, tmp: 5, state: 2 });
    expect(last).toEqual(first);
    expect(running.events().filter((e) => e.type === 'error' || e.type === 'reload-failed')).toEqual([]);
    expect(running.stderr()).toBe('');
    expect(await running.stop()).toBe(130);
    dev = undefined;
    expect(descendantsOf(running.pid)).toEqual([]);
    expect(entries(join(dir, 'tmp'))).toEqual([]);
    // Not vitest's 60 s: the 300 requests and 20 reloads took 57 s beside other test runs on 2 cores.
  }, 240_000);
});
