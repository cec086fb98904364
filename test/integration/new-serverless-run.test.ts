import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, type NewResult } from '../../src/api/new.js';
import { ROOT, startDev, testPython } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { SERVERLESS_PROJECTS } from '../new-projects.js';
import { zipNames } from './package-helpers.js';

/**
 * The projects of `pylambda new --framework serverless`, run by pylambda as their READMEs say: `dev` serves
 * each route with the example's answers (the todo against `--local-aws`), `invoke` runs one event of the
 * project's kind, `package` builds the zip. new-serverless.test.ts checks the Framework accepts them.
 */
const PROJECTS = SERVERLESS_PROJECTS;

const EVENT_KINDS = { rest: 'apigw-rest', http: 'http-api', alb: 'alb' } as const;
const JSON_TYPE = { 'Content-Type': 'application/json' };
const work = mkdtempSync(join(tmpdir(), 'pylambda-new-sls-run-'));
const results = new Map<string, NewResult>();

beforeAll(async () => {
  for (const [name, example, api] of PROJECTS) {
    results.set(name, await createProject({
      name, cwd: work, given: { framework: 'serverless', example, api }, python: testPython(), env: { PATH: process.env.PATH },
    }));
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (argv: string[], cwd: string, stdin?: string) =>
  runCaptured(argv, { cwd, env: shellEnv({ VIRTUAL_ENV: join(ROOT, '.venv-test'), AWS_REGION: undefined }), ...(stdin === undefined ? {} : { stdin, stdinIsPiped: true }) });

async function send(url: string, method = 'GET', body?: unknown): Promise<{ status: number; type: string | null; text: string; location: string | null }> {
  const res = await fetch(url, { method, ...(body === undefined ? {} : { headers: JSON_TYPE, body: JSON.stringify(body) }) });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), location: res.headers.get('location') };
}

describe.each(PROJECTS)('%s, served by pylambda dev', (name, example, api) => {
  it('answers the example\'s requests with their status and body', { timeout: 180_000 }, async () => {
    const result = results.get(name)!;
    const todo = example === 'todo';
    const dev = await startDev(result.dir, { localAws: todo, hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME } });
    try {
      const base = dev.session.endpoints[0]!.url;
      if (!todo) {
        expect(await send(`${base}/hello`)).toEqual({ status: 200, type: 'application/json', text: '{"message": "Hello, world!"}', location: null });
        expect(await send(`${base}/hello/Ada`)).toEqual({ status: 200, type: 'application/json', text: '{"message": "Hello, Ada!"}', location: null });
        expect(await send(`${base}/hello/R2D2`)).toEqual({
          status: 400, type: 'application/json', text: '{"error": "name must be 1 to 40 letters, spaces, hyphens or apostrophes, starting with a letter"}', location: null,
        });
        // The listener rule forwards /hello and /hello/* only: another path never reaches the function, and gets the
        // fixed response of the listener's DefaultActions in serverless.yml resources.
        if (api === 'alb') expect(await send(`${base}/other`)).toEqual({ status: 404, type: 'application/json', text: '{"error": "Not found"}', location: null });
        return;
      }
      const created = await send(`${base}/todos`, 'POST', { title: 'Buy milk' });
      expect([created.status, created.type]).toEqual([201, 'application/json']);
      const item = JSON.parse(created.text) as { id: string };
      expect(item).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), title: 'Buy milk', done: false });
      expect(created.location).toBe(`/todos/${item.id}`);
      expect(await send(`${base}/todos`)).toMatchObject({ status: 200, text: `{"items": [{"id": "${item.id}", "title": "Buy milk", "done": false}]}` });
      expect(await send(`${base}/todos/${item.id}`, 'PATCH', { done: true })).toMatchObject({ status: 200, text: `{"id": "${item.id}", "title": "Buy milk", "done": true}` });
      expect(await send(`${base}/todos/${item.id}`, 'DELETE')).toMatchObject({ status: 204, text: '' });
      expect(await send(`${base}/todos/${item.id}`)).toMatchObject({ status: 404, type: 'application/json', text: `{"error": "Todo ${item.id} not found"}` });
      expect(await send(`${base}/todos`, 'POST', { done: true })).toMatchObject({ status: 400, text: '{"error": "Missing field(s): title"}' });
    } finally {
      await dev.session.stop();
    }
  });
});

describe.each(PROJECTS)('%s, run by pylambda invoke and package', (name, example, api) => {
  it('invokes the function with an event of its API\'s kind', { timeout: 180_000 }, async () => {
    const dir = results.get(name)!.dir;
    const path = example === 'todo' ? '/todos' : '/hello/Ada';
    const event = await cli(['events', 'generate', EVENT_KINDS[api], '--path', path], dir);
    expect(event.code, event.stderr).toBe(0);
    const invoked = await cli(['invoke', '--event', '-', '--python', testPython(), ...(example === 'todo' ? ['--local-aws'] : [])], dir, event.stdout);
    expect(invoked.code, invoked.stderr).toBe(0);
    const answer = JSON.parse(invoked.stdout) as { statusCode: number; body: string };
    expect([answer.statusCode, answer.body]).toEqual(example === 'todo' ? [200, '{"items": []}'] : [200, '{"message": "Hello, Ada!"}']);
  });

  it('packages the function: its code and requirements.txt, not its tests', { timeout: 300_000 }, async () => {
    const dir = results.get(name)!.dir;
    const packaged = await cli(['package', '--python', testPython()], dir);
    expect(packaged.code, packaged.stderr).toBe(0);
    const names = zipNames(join(dir, '.pylambda', 'package', `${example}.zip`));
    expect(names).toEqual(expect.arrayContaining(['lambda_function.py', 'src/__init__.py', 'src/handlers.py', 'src/utils.py']));
    expect(names.filter((n) => n.startsWith('tests/') || n.startsWith('.venv/') || n === 'serverless.yml')).toEqual([]);
    expect(names.some((n) => n.startsWith('boto3/'))).toBe(example === 'todo');
  });
});
