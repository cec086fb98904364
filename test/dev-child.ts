import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { shellEnv } from './cli-run.js';
import { READY_MS, ROOT, testPython } from './helpers.js';

const listenOn = (port: number) => new Promise<Server>((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(port, '127.0.0.1', () => resolve(server));
});

/** Whether something could listen on the port now (127.0.0.1). */
export const portFree = (port: number) => listenOn(port).then((server) => new Promise<boolean>((r) => server.close(() => r(true))), () => false);

/**
 * The first of `count` consecutive ports nothing listens on now, below the ephemeral range (ephemeralStart):
 * dev takes the next ports after the one it is given, and a port port 0 handed out was followed, under a full CI
 * run, by one an outgoing connection of another test held (dev failed with the HTTP API's port in use).
 */
export async function freePort(count = 1): Promise<number> {
  const below = ephemeralStart();
  for (;;) {
    const first = below - 12_000 + Math.floor(Math.random() * (12_000 - count));
    let free = true;
    for (let p = first; p < first + count && free; p++) free = await portFree(p);
    if (free) return first;
  }
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
 * far, and a stop that waits for its exit. Fails, with its stderr, if it is neither by READY_MS.
 */
export async function devChild(dir: string, args: readonly string[] = [], watch = false) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--python', testPython(), ...(watch ? [] : ['--no-watch']), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: shellEnv() });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => ((out += d.toString()), (err += d.toString())));
  // Known at 'close', once its output is all read: at 'exit' the error it ended with may be still in the pipe.
  let code: number | null | undefined;
  child.on('close', (c) => (code = c));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const deadline = Date.now() + READY_MS;
  while (!out.includes('Ctrl-C stops') && code === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (!out.includes('Ctrl-C stops') && code === undefined) {
    child.kill('SIGINT');
    throw new Error(`pylambda dev ${[dir, ...args].join(' ')} neither printed its ready line ("Ctrl-C stops") nor exited within ${READY_MS / 1000} s; its stderr so far:\n${err}`);
  }
  return { out: () => out, code: () => code, stop: () => (child.kill('SIGINT'), exited) };
}

/** Where the ports the kernel hands out (port 0, outgoing connections) begin: Linux's setting, else its default. */
function ephemeralStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 13_024 ? low : 32_768;
  } catch {
    return 32_768;
  }
}
