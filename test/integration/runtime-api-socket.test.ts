import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeApiServer, type RuntimeApiHandler } from '../../src/emulator/runtime-api-server.js';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction, scratchDir } from '../helpers.js';

/**
 * A Unix socket's path is at most 107 bytes (sun_path is 108 on Linux, 104 on macOS). Node silently
 * truncated a longer one, so the server listened somewhere else (a stray socket file outside its
 * directory) and the runtime failed with "AF_UNIX path too long": every invocation a Runtime.ExitError.
 * Runs in its own file: the socket directory is chosen once per process, from TMPDIR.
 */

const live: LocalFunction[] = [];
const savedTmp = process.env.TMPDIR;
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

const stub: RuntimeApiHandler = {
  next: () => undefined,
  result: () => ({ status: 202, body: {} }),
  tooLarge: () => ({ status: 413, body: {} }),
  initError: () => ({ status: 202, body: {} }),
};

describe('Runtime API Unix socket', () => {
  // First in this file: the sweep runs once per process, when the first socket directory is made.
  it("removes the socket directories of pylambda processes that are gone, and keeps a live one's", async () => {
    const tmp = scratchDir('sock-sweep');
    process.env.TMPDIR = tmp;
    const dead = spawnSync('true').pid!;
    mkdirSync(join(tmp, `pylambda-${dead}-AbC123`));
    mkdirSync(join(tmp, `pylambda-${process.ppid}-XyZ789`));
    mkdirSync(join(tmp, 'pylambda-notmine'));
    const server = await RuntimeApiServer.start(stub, { unixSocket: true });
    expect(dirname(server.unixPath!)).toMatch(new RegExp(`/pylambda-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(readdirSync(tmp).sort()).toEqual([basename(dirname(server.unixPath!)), `pylambda-${process.ppid}-XyZ789`, 'pylambda-notmine'].sort());
    server.close();
  });

  it('falls back to TCP alone when TMPDIR is too long for a socket path, and leaves no stray socket', async () => {
    const base = scratchDir('sock');
    const long = join(base, 'd'.repeat(Math.max(1, 110 - base.length)));
    mkdirSync(long);
    process.env.TMPDIR = long;
    const { local } = fixtureFunction({ handler: 'counter.handler' });
    live.push(local);
    const result = await local.invoke({ payload: '{}' });
    expect(result.errorType).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toMatchObject({ count: 1 });
    await local.shutdown();
    // Nothing was created at a truncated path beside the directory.
    expect(readdirSync(base)).toEqual([long.slice(base.length + 1)]);
  });

  it('removes its socket directory once the last server closes', async () => {
    const one = await RuntimeApiServer.start(stub, { unixSocket: true });
    const two = await RuntimeApiServer.start(stub, { unixSocket: true });
    const dir = dirname(one.unixPath!);
    expect(dirname(two.unixPath!)).toBe(dir);
    one.close();
    expect(existsSync(two.unixPath!)).toBe(true);
    two.close();
    // The directory went with the last socket, not only at a clean exit of Node (a test worker or a
    // `kill -9` never runs the exit hook: /tmp filled with empty pylambda-XXXXXX directories).
    expect(existsSync(dir)).toBe(false);
    const three = await RuntimeApiServer.start(stub, { unixSocket: true });
    expect(existsSync(three.unixPath!)).toBe(true);
    three.close();
  });
});
