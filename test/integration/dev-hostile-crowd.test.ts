import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { devForFile, fnTemplate, runtimesOf } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pylambda-hostile-crowd-'));
// Registered before dev's: after hooks run last-first, so the project goes once dev stopped.
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(`${dir}/template.yaml`, fnTemplate({
  properties: ['ReservedConcurrentExecutions: 1', 'Timeout: 30'],
  events: ["Get: { Type: HttpApi, Properties: { Path: '/{p}', Method: get } }"],
}));
writeFileSync(`${dir}/app.py`, 'def handler(event, context):\n    if event["rawPath"] == "/big":\n        return {"statusCode": 200, "body": "x" * (5 * 1024 * 1024)}\n    return {"statusCode": 200, "body": "ok"}\n');
/** Many clients at once, and one that reads slowly, against one function that can run once at a time. */
const dev = devForFile(dir);

describe('a crowd and a slow reader', () => {
  it('200 connections at once to a function with reserved concurrency 1: queued on one environment, all answered', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${dev.url('ServerlessHttpApi')}/x`).then(async (r) => `${r.status} ${await r.text()}`)));
    expect(new Set(answers)).toEqual(new Set(['200 ok']));
    expect(runtimesOf(process.pid)).toHaveLength(1);
  }, 60_000); // 11.3 s under load, one invocation at a time

  it('a 5 MB answer to a client that does not read: memory stays bounded, and it all arrives once the client reads', async () => {
    const before = process.memoryUsage().rss;
    const socket = connect(Number(new URL(dev.url('ServerlessHttpApi')).port), '127.0.0.1');
    socket.write('GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    socket.pause();
    await new Promise((r) => setTimeout(r, 1500)); // a client that does not read: nothing to poll for
    // The result is held once (it is one JSON document from the runtime): not copied per write the client refuses.
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.resume();
    await new Promise((r) => socket.on('close', r));
    const answer = Buffer.concat(chunks).toString('latin1');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe('x'.repeat(5 * 1024 * 1024));
  }, 20_000);
});
