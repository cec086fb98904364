import { spawn } from 'node:child_process';
import { startedServer, stopChild } from './chalice-local.js';
import { freePort } from './dev-child.js';
import { ROOT } from './helpers.js';

/**
 * uvicorn (test/requirements.txt) serving an ASGI app, `module:attribute` imported from `appDir`, for the
 * differential tests that send it and `pylambda dev` (the same app behind Mangum) the same requests.
 */
export async function startUvicorn(appDir: string, app: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(`${ROOT}.venv-test/bin/python`, ['-m', 'uvicorn', app, '--host', '127.0.0.1', '--port', String(port), '--no-access-log'], {
    cwd: appDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 60 s: FastAPI's and uvicorn's imports did not end in 15 s on a loaded 2-core machine (the hook has 120 s).
  await startedServer(child, 'uvicorn', 'Uvicorn running on', 60_000);
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
