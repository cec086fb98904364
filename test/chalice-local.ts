import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { freePort } from './dev-child.js';
import { ROOT } from './helpers.js';

/**
 * The real `chalice local` (chalice from test/requirements.txt) serving a project, for the differential tests that
 * send it and `pylambda dev` the same requests. Without its reloader: the reloader serves from a child process that
 * stopping the parent would leave behind.
 */
export async function startChaliceLocal(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(`${ROOT}.venv-test/bin/chalice`, ['local', '--port', String(port), '--no-autoreload', '--stage', 'dev'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', AWS_DEFAULT_REGION: 'us-east-1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 60 s, as for uvicorn (test/uvicorn.ts): a Python server's imports outlasted 15 s on a loaded 2-core machine.
  await startedServer(child, 'chalice local', 'Serving on', 60_000);
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/**
 * Resolves once a peer server started as `child` prints `ready` on stdout or stderr; rejects when it exits first,
 * does not start (ENOENT: a failed test, not a worker ended by an unhandled 'error'), or is not ready in time, and
 * then stops it, as no caller gets a stop for it.
 */
export async function startedServer(child: ChildProcess, name: string, ready: string, timeoutMs: number): Promise<void> {
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs / 1000} s: ${output}`)), timeoutMs);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited ${code}: ${output}`));
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  await started.catch(async (error: unknown) => {
    await stopChild(child);
    throw error;
  });
}

/** SIGTERM, then SIGKILL after 5 s: a server that does not end on the first never let the test file end. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.on('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface WireRequest {
  readonly method?: string;
  /** Sent as written: percent-escapes and all. */
  readonly path: string;
  /** An array value is sent as that many headers of the name. */
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: string | Buffer;
}

export interface WireAnswer {
  readonly status: number;
  /** Lower-case names, repeats kept, sorted. */
  readonly headers: readonly string[];
  readonly body: Buffer;
}

/**
 * One request on a connection of its own, with a Content-Length for a body (`chalice local` reads no chunked body,
 * and takes the chunks for the next request).
 */
export function sendRaw(base: string, r: WireRequest): Promise<WireAnswer> {
  const url = new URL(base);
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  return new Promise((resolve, reject) => {
    const req = request({
      host: url.hostname, port: url.port, method: r.method ?? 'GET', path: r.path, agent: false,
      headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...r.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push(`${res.rawHeaders[i]!.toLowerCase()}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode!, headers: headers.sort(), body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What a server writes back to `text` (one byte per character, Latin-1), sent as is on a connection of its own, until it closes it. */
export function rawExchange(base: string, text: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(Buffer.from(text, 'latin1')));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(text)} in 5 s`)));
  });
}
