import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RUNTIME_DIR } from '../../src/emulator/runtime-launch.js';
import { ACCEPTED_BYTES } from '../../src/emulator/runtime-api-server.js';
import { HANDLERS, testPython } from '../helpers.js';

/**
 * pylambda's runtime client retried an exchange on a new connection when the connection closed and no
 * bytes were left unread. After a 202 for the result had been read in full, that was the case too: the
 * result went out a second time. A request is re-sent only if the server answered nothing at all (what
 * curl, under awslambdaric, does for a reused connection that died).
 */

const event = (id: string) => `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nlambda-runtime-aws-request-id: ${id}\r\nlambda-runtime-deadline-ms: ${Date.now() + 60_000}\r\ncontent-length: 2\r\n\r\n{}`;
const accepted = 'HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"status":"OK"}';

describe('the runtime client never posts a result twice', () => {
  it('does not re-send a result whose 202 it read, when the connection then closes', async () => {
    const posts: string[] = [];
    const sockets = new Set<Socket>();
    let connections = 0;
    const server = createServer((socket) => {
      sockets.add(socket);
      const connection = ++connections;
      let buffer = '';
      socket.on('data', (d) => {
        buffer += d.toString('latin1');
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buffer.slice(0, end);
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? '0');
          if (buffer.length < end + 4 + length) return;
          buffer = buffer.slice(end + 4 + length);
          const line = head.split('\r\n')[0]!;
          if (line.startsWith('POST')) {
            posts.push(line);
            socket.write(accepted);
          } else if (line.startsWith('GET') && connection === 1 && posts.length === 0) {
            socket.write(event('req-1'));
          } else if (line.startsWith('GET') && connection === 1) {
            // The 202 went out; the server goes away before it has a next event.
            socket.destroy();
            return;
          }
          // Any other GET next: held, as a server without work does.
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const child = spawn(testPython(), ['-u', `${RUNTIME_DIR}pylambda_bootstrap.py`], {
      cwd: HANDLERS,
      env: { PATH: process.env.PATH, AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`, LAMBDA_TASK_ROOT: HANDLERS, _HANDLER: 'counter.handler' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Its exit is awaited, not a fixed time: a loaded machine's interpreter took over a second to start. A second post
    // would be made before the exit (the held GET keeps a runtime that re-sent running).
    const outcome = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 30_000))]);
    child.kill('SIGKILL');
    for (const s of sockets) s.destroy();
    server.close();
    expect(posts).toEqual(['POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1']);
    // Like awslambdaric, the runtime ends when it loses the Runtime API.
    expect(outcome).not.toBe('running');
  });
});

describe("the runtime client's reading of the server's replies", () => {
  // The client recognises the reply to an accepted result whole, without parsing it: if the server's bytes
  // changed, every reply would silently take the slower path.
  it("knows the server's reply to an accepted result byte for byte", () => {
    const script = 'import sys; sys.path.insert(0, sys.argv[1]); import pylambda_runtime_api as r; sys.stdout.buffer.write(r._ACCEPTED_REPLY)';
    const out = spawnSync(testPython(), ['-c', script, RUNTIME_DIR], { env: { ...process.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' } });
    expect(out.stderr.toString()).toBe('');
    expect(out.stdout.toString('latin1')).toBe(ACCEPTED_BYTES.toString('latin1'));
    expect(ACCEPTED_BYTES.toString('latin1')).toBe(accepted);
  });

  // The shortcut must also be taken: the reply arrives after the request is sent, into an empty buffer.
  it('takes the reply to an accepted result whole, without parsing it, however the bytes arrive', () => {
    const script = [
      'import _socket, sys',
      'sys.path.insert(0, sys.argv[1])',
      'import pylambda_runtime_api as r',
      'for first in (len(r._ACCEPTED_REPLY), 20):',
      '    ours, theirs = _socket.socketpair()',
      '    api = r.RuntimeApi("127.0.0.1:9")',
      '    api._sock = ours',
      '    theirs.sendall(r._ACCEPTED_REPLY[:first])',
      '    if first < len(r._ACCEPTED_REPLY): theirs.sendall(r._ACCEPTED_REPLY[first:])',
      '    reply = api._read_response()',
      '    print(reply is r._ACCEPTED if first == len(r._ACCEPTED_REPLY) else reply == r._ACCEPTED, api._buffer == b"")',
    ].join('\n');
    const out = spawnSync(testPython(), ['-c', script, RUNTIME_DIR], { env: { ...process.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' } });
    expect(out.stderr.toString()).toBe('');
    expect(out.stdout.toString()).toBe('True True\nTrue True\n');
  });
});
