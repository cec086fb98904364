// A function with tenant isolation never shares an environment between tenants (Lambda developer guide, "Tenant
// isolation"): at its concurrency limit, a tenant waiting behind another's invocation gets an environment of its own
// once that one ends.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../src/emulator/local-function.js';
import { fixtureFunction } from '../helpers.js';

const live: LocalFunction[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.shutdown()));
});

describe('the environments of a function with tenant isolation', () => {
  it('at the concurrency limit, runs a waiting tenant in a new environment once the busy one is done', async () => {
    const { local } = fixtureFunction({ handler: 'counter.handler', tenantIsolation: true, reservedConcurrency: 1 });
    live.push(local);
    const run = (tenantId: string, sleep = 0) => local.invoke({ payload: JSON.stringify({ sleep }), tenantId }).then((r) => JSON.parse(r.payload.toString()) as { pid: number; count: number });
    const first = run('acme', 0.3);
    const second = run('globex');
    const [a, b] = await Promise.all([first, second]);
    expect(b.pid).not.toBe(a.pid);
    expect([a.count, b.count]).toEqual([1, 1]);
    // The same tenant again: its warm environment serves it.
    const c = await run('globex');
    expect([c.pid, c.count]).toEqual([b.pid, 2]);
  });

  it('runs the first tenant in the environment a reload started ahead, which no tenant has used, not in another one', async () => {
    const { local } = fixtureFunction({ handler: 'counter.handler', tenantIsolation: true, reservedConcurrency: 1 });
    live.push(local);
    // Started ahead, as dev does when the code changes: the invocation waits for the slot it takes while it starts.
    local.recycle(1);
    const result = await local.invoke({ payload: '{}', tenantId: 'acme' });
    // The first environment the pool made (ids count from 1), not a second one started after stopping it.
    expect(result.environmentId).toBe(1);
    expect(JSON.parse(result.payload.toString())).toMatchObject({ count: 1 });
    const again = await local.invoke({ payload: '{}', tenantId: 'acme' });
    expect([again.environmentId, JSON.parse(again.payload.toString()).count]).toEqual([1, 2]);
  });
});
