import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { shellEnv } from './cli-run.js';
import { ROOT, testPython } from './helpers.js';

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `run` with a port something else listens on (127.0.0.1), released after. */
export async function withHeldPort(run: (port: number) => Promise<void>): Promise<void> {
  const held = createServer();
  await new Promise<void>((r) => held.listen(0, '127.0.0.1', r));
  try {
    await run((held.address() as AddressInfo).port);
  } finally {
    held.close();
  }
}

/**
 * `pylambda dev DIR` (`--no-watch` unless `watch`) in a child process until it is ready (or has exited); its output so
 * far, and a stop that waits for its exit.
 */
export async function devChild(dir: string, args: readonly string[] = [], watch = false) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--python', testPython(), ...(watch ? [] : ['--no-watch']), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: shellEnv() });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let code: number | null | undefined;
  const exited = new Promise<void>((r) => child.on('exit', (c) => ((code = c), r())));
  const deadline = Date.now() + 15_000;
  while (!out.includes('Ctrl-C stops') && code === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return { out: () => out, code: () => code, stop: () => (child.kill('SIGINT'), exited) };
}
