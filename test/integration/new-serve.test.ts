import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject, type NewResult } from '../../src/api/new.js';
import type { GivenChoices } from '../../src/core/templates/choices.js';
import type { DevEvent } from '../../src/api/dev.js';
import { formatDevEvent } from '../../src/ui/dev-output.js';
import { styleFor } from '../../src/ui/io.js';
import { startDev, testPython } from '../helpers.js';

/**
 * Every generated project served by `pylambda dev` and checked over HTTP with the requests its example
 * describes; the todo projects do their create / list / get / update / delete round trip against
 * `--local-aws`, and the data is looked up in the local DynamoDB itself.
 */
const work = mkdtempSync(join(tmpdir(), 'pylambda-new-serve-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROJECTS: Array<[string, Record<string, string>]> = [
  ['raw-hello-rest', { style: 'raw', example: 'hello', api: 'rest' }],
  ['raw-hello-http', { style: 'raw', example: 'hello', api: 'http' }],
  ['raw-hello-alb', { style: 'raw', example: 'hello', api: 'alb' }],
  ['chalice-hello', { style: 'chalice', example: 'hello' }],
  ['raw-todo-rest', { style: 'raw', example: 'todo', api: 'rest' }],
  ['raw-todo-http', { style: 'raw', example: 'todo', api: 'http' }],
  ['raw-todo-alb', { style: 'raw', example: 'todo', api: 'alb' }],
  ['chalice-todo', { style: 'chalice', example: 'todo' }],
];

/** Items in a table of the local DynamoDB, read with boto3 from the test venv. */
function scan(endpoint: string, table: string): Array<Record<string, unknown>> {
  const code = `import boto3, json, sys; t = boto3.resource("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing").Table(sys.argv[2]); print(json.dumps(t.scan()["Items"], default=str))`;
  return JSON.parse(execFileSync(testPython(), ['-c', code, endpoint, table], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
}

describe.each(PROJECTS)('%s, served by pylambda dev', (name, choices) => {
  it('answers every request of its example with the expected status', { timeout: 120_000 }, async () => {
    const result: NewResult = await createProject({
      name,
      cwd: work,
      given: { ...choices, ...(choices.style === 'raw' ? { runtime: 'python3.12' } : {}), arch: 'x86_64' } as GivenChoices,
      python: testPython(),
      env: { PATH: process.env.PATH },
    });
    const todo = choices.example === 'todo';
    const dev = await startDev(result.dir, { localAws: todo, hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' } });
    try {
      const endpoint = dev.session.endpoints[0]!;
      const local = dev.events.find((e): e is Extract<DevEvent, { type: 'local-aws' }> => e.type === 'local-aws');
      // The wait for moto is announced before it, not after.
      if (todo) expect(dev.events.map((e) => e.type).filter((t) => t.startsWith('local-aws'))).toEqual(['local-aws-starting', 'local-aws']);
      const table = local?.created.find((c) => c.kind === 'table')?.name;
      // The listing gives a URL to try, behind a load balancer as behind an API.
      const ready = dev.events.find((e) => e.type === 'ready')!;
      const base = todo ? '/todos' : '/hello';
      expect(formatDevEvent(ready, styleFor({ isTTY: false }, {}), { verbose: false })).toContain(`  ${endpoint.url}${base}\n`);
      let id: string | undefined;
      for (const sample of result.samples) {
        const path = sample.path.replace('{id}', id ?? 'missing');
        const query = sample.query ? `?${new URLSearchParams(sample.query as Record<string, string>)}` : '';
        const body = sample.body === undefined ? undefined : typeof sample.body === 'string' ? sample.body : JSON.stringify(sample.body);
        // Sent exactly as listed (no header of the test's own), as a user replays them with curl.
        const res = await fetch(`${endpoint.url}${path}${query}`, {
          method: sample.method,
          ...(sample.headers ? { headers: sample.headers } : {}),
          ...(body === undefined ? {} : { body }),
        });
        const text = await res.text();
        expect(res.status, `${sample.method} ${path} (${sample.description}): ${text}`).toBe(sample.status);
        const parsed = text.startsWith('{') ? (JSON.parse(text) as { id?: string }) : {};
        if (parsed.id) id = parsed.id;
        if (todo && table && sample.method === 'POST' && res.status === 201) {
          // The create really wrote to the local DynamoDB.
          expect(scan(local!.endpoint, table).map((item) => item.id)).toContain(id);
        }
        if (todo && table && sample.method === 'DELETE' && res.status < 300) {
          expect(scan(local!.endpoint, table).map((item) => item.id)).not.toContain(id);
        }
      }
      if (todo) {
        expect(table, 'the local AWS endpoint created the table').toBeDefined();
        // The request logs say which todo a request was about: the path as sent, not the route template.
        const logged = dev.events
          .flatMap((e) => (e.type === 'log' && e.event.kind === 'function' && e.event.text.startsWith('{') ? [JSON.parse(e.event.text) as Record<string, unknown>] : []))
          .filter((r) => r.eventType === 'REQUEST' && r.method === 'GET');
        expect(logged.map((r) => r.path)).toContain(`/todos/${id}`);
      }
    } finally {
      await dev.session.stop();
    }
  });
});
