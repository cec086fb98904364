/**
 * The soak's clients (bench/soak.mjs, bench/soak-heap.mjs): each kind of request the dev server is soaked with, sent to
 * the REST API, HTTP API, load balancer or function URL in turn (n % 4), with keep-alive or not (n % 3), plus clients
 * that hang up mid-request or mid-response, 11 MB bodies and WebSocket connections closed or dropped.
 */
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';

/** The kinds of `traffic(...).send`, in the order of the soak's mix (bench/soak.mjs). */
export const KINDS = ['ok', 'raise', 'crash', 'timeout', 'memory', 'print', 'slow-abort', 'big-abort', 'half-request', 'huge-body', 'ws', 'inline', 'big'];

/** The soak's mix: of every 20 requests, 6 ok, 2 WebSockets, 2 big, and one of each other kind. */
export function mixedKind(n) {
  const pick = Math.floor(n / 4) % 20;
  if (pick < 6) return 'ok';
  if (pick <= 14) return KINDS[pick - 5];
  if (pick <= 16) return 'ws';
  return pick === 17 ? 'inline' : 'big';
}

/** Clients sharing one keep-alive agent of `concurrency` sockets; `destroy()` closes its idle sockets. */
export function traffic(concurrency) {
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  function request(url, { method = 'GET', body, agent = keepAlive, abortAfterMs, abortOnData } = {}) {
    return new Promise((resolve) => {
      const req = http.request(url, { method, agent, headers: agent ? {} : { connection: 'close' }, timeout: 20_000 }, (res) => {
        res.on('data', () => {
          if (abortOnData) req.destroy();
        });
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('close', () => resolve(abortOnData ? 'aborted-response' : String(res.statusCode)));
      });
      req.on('error', (error) => resolve(abortAfterMs || abortOnData ? 'aborted' : `error ${error.code ?? error.message}`));
      req.on('timeout', () => req.destroy());
      if (abortAfterMs) setTimeout(() => req.destroy(), abortAfterMs);
      req.end(body);
    });
  }

  /** A request whose body stops short: the client hangs up mid-request. */
  function halfRequest(base) {
    const { hostname, port } = new URL(base);
    return new Promise((resolve) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(`POST /h/ok HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(1000)}`);
        setTimeout(() => socket.destroy(), 30);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve('aborted-request'));
    });
  }

  function webSocket(url) {
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      const done = (what) => {
        ws.terminate();
        resolve(what);
      };
      const timer = setTimeout(() => done('ws-timeout'), 10_000);
      ws.on('error', () => done('ws-error'));
      ws.on('open', () => ws.send(JSON.stringify({ action: 'x' })));
      ws.on('message', () => {
        clearTimeout(timer);
        if (Math.random() < 0.5) {
          ws.close();
          ws.once('close', () => resolve('ws'));
        } else done('ws-terminated');
      });
    });
  }

  /** One request of `kind` (one of KINDS); `n` picks the front door and whether the connection is kept alive. */
  function send(kind, urls, n) {
    const base = [urls.rest, urls.http, urls.alb, urls.url][n % 4];
    const prefix = base === urls.rest ? '/r' : base === urls.http ? '/h' : base === urls.alb ? '/a' : '/u';
    const agent = n % 3 === 0 ? false : keepAlive;
    switch (kind) {
      case 'slow-abort': return request(`${base}${prefix}/slow`, { agent, abortAfterMs: 100 });
      case 'big-abort': return request(`${base}${prefix}/big`, { agent, abortOnData: true });
      case 'half-request': return halfRequest(urls.http);
      case 'huge-body': return request(`${urls.http}/h/ok`, { method: 'POST', body: Buffer.alloc(11 * 1024 * 1024, 97), agent: false });
      case 'ws': return webSocket(urls.ws);
      case 'inline': return request(`${urls.http}/inline`, { agent });
      default: return request(`${base}${prefix}/${kind}`, { agent });
    }
  }

  return { send, destroy: () => keepAlive.destroy() };
}
