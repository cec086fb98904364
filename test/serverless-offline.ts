import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startedServer, stopChild } from './chalice-local.js';
import { freePort } from './dev-child.js';
import { ROOT } from './helpers.js';
import { frameworkBin } from './serverless-framework.js';

/**
 * The real `serverless offline` (serverless-offline 13, beside the Framework test/peers/serverless's lockfile pins)
 * serving a service, for the differential test that sends it and `pylambda dev` the same requests. Its REST routes
 * keep the stage in their URL (its default); both APIs are on one port. It runs the handlers with the `python3` of
 * VIRTUAL_ENV, here .venv-test.
 */
export async function startServerlessOffline(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const httpPort = await freePort(2);
  const lambdaPort = httpPort + 1;
  const home = mkdtempSync(join(tmpdir(), 'pylambda-offline-home-'));
  const venv = join(ROOT, '.venv-test');
  const child = spawn(process.execPath, [frameworkBin(), 'offline', 'start', '--host', '127.0.0.1', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)], {
    cwd: dir,
    env: {
      PATH: `${join(venv, 'bin')}:${process.env.PATH ?? ''}`, VIRTUAL_ENV: venv, HOME: home, PYTHONDONTWRITEBYTECODE: '1',
      AWS_EC2_METADATA_DISABLED: 'true', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The Framework takes 10 s and more to load on a busy 2-CPU machine before the plugin starts.
  const stop = async () => {
    await stopChild(child);
    rmSync(home, { recursive: true, force: true });
  };
  await startedServer(child, 'serverless offline', 'Server ready:', 60_000).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url: `http://127.0.0.1:${httpPort}`, stop };
}
