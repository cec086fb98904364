import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DevEvent } from '../../src/api/dev.js';
import { ROOT, fnTemplate, openApiFile, processState, runtimesOf, scratchDir, startDev, stillRunning, testPython, waitUntil } from '../helpers.js';

/** `pylambda dev DIR --port 0` in a child process (watching, unless the args say --no-watch), its output so far. */
function dev(dir: string, args: readonly string[] = []) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--port', '0', '--python', testPython(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let code: number | string | null | undefined;
  // 'close', not 'exit': at 'exit' the last of its output can still be in the pipes, and the tests read it then.
  const exited = new Promise<number | string | null>((r) => child.on('close', (c, signal) => r((code = c ?? signal))));
  const events = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  /** Polls until `ready` holds, the process ends, or the time is up; says whether it held. */
  const until = async (ready: () => boolean, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!ready() && code === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return ready();
  };
  return { out: () => out, err: () => err, events, until, exited, running: () => code === undefined, pid: child.pid!, stop: () => (child.kill('SIGINT'), exited) };
}

const WAITING = 'pylambda dev: waiting for a change to fix this (Ctrl-C to stop)';
const ROUTE = 'Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }';
const BROKEN_YAML = fnTemplate({ events: [ROUTE.slice(0, -2)] });

function samProject(template: string): string {
  const dir = scratchDir('dev-wait');
  writeFileSync(join(dir, 'template.yaml'), template);
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "fixed at last"}\n');
  return dir;
}

/** A Chalice app's app.py, with `before` run at its import. */
const app = (before: string) => `from chalice import Chalice\n${before}\napp = Chalice(app_name="demo")\n\n\n@app.route("/")\ndef index():\n    return {"hello": "world"}\n`;

function chaliceProject(appPy: string): string {
  const dir = scratchDir('dev-wait-chalice');
  mkdirSync(join(dir, '.chalice'));
  writeFileSync(join(dir, '.chalice', 'config.json'), '{"version": "2.0", "app_name": "demo"}');
  writeFileSync(join(dir, 'app.py'), appPy);
  return dir;
}

/** The processes `parent` started that still run (an app's import). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent && processState(pid) !== undefined;
    } catch {
      return false;
    }
  });
}

describe('pylambda dev started on a project that cannot be read', () => {
  it('--json: says the error and that it waits, starts once the template is fixed, and serves', async () => {
    const dir = samProject(BROKEN_YAML);
    const d = dev(dir, ['--json']);
    try {
      expect(await d.until(() => d.events().some((e) => e.type === 'waiting-for-fix')), d.out() + d.err()).toBe(true);
      const [failed, waiting] = d.events();
      expect(failed).toEqual({
        type: 'start-failed',
        error: {
          message: 'template.yaml has 1 problem:\n  line 11, column 1: Flow map in block collection must be sufficiently indented and end with a }',
          file: 'template.yaml',
          problems: [{ file: 'template.yaml', path: 'line 11, column 1', message: 'Flow map in block collection must be sufficiently indented and end with a }' }],
        },
      });
      expect(waiting).toEqual({ type: 'waiting-for-fix' });
      // The error as the terminal showed it when dev ended on it, without a stack.
      expect(d.err()).toBe('error: template.yaml has 1 problem:\n  line 11, column 1: Flow map in block collection must be sufficiently indented and end with a }\n');
      await new Promise((r) => setTimeout(r, 300));
      expect(d.running()).toBe(true);

      // Still broken, another way: the new error, and it goes on waiting.
      writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: many'], events: [ROUTE] }));
      expect(await d.until(() => d.events().filter((e) => e.type === 'waiting-for-fix').length === 2), d.out()).toBe(true);
      const again = d.events().slice(2);
      expect(again[0]).toEqual({ type: 'reload', reason: 'config', files: ['template.yaml'] });
      expect(again[1]).toMatchObject({ type: 'start-failed', error: { file: 'template.yaml', message: expect.stringContaining('Timeout') as unknown } });
      expect(again.map((e) => e.type)).toEqual(['reload', 'start-failed', 'waiting-for-fix']);

      writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: [ROUTE] }));
      expect(await d.until(() => d.events().some((e) => e.type === 'ready')), d.out()).toBe(true);
      const ready = d.events().find((e) => e.type === 'ready') as { endpoints: Array<{ id: string; url: string }>; watching: boolean };
      expect(ready.endpoints.map((e) => e.id)).toEqual(['ServerlessHttpApi']);
      expect(ready.watching).toBe(true);
      const res = await fetch(`${ready.endpoints[0]!.url}/x`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('fixed at last');

      // Started, it is the dev it would have been: a later edit reloads.
      writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "edited"}\n');
      expect(await d.until(() => d.events().some((e) => e.type === 'reload' && e.reason === 'code'))).toBe(true);
      expect(await (await fetch(`${ready.endpoints[0]!.url}/x`)).text()).toBe('edited');
      const runtimes = runtimesOf(d.pid);
      expect(runtimes.length).toBeGreaterThan(0);
      expect(await d.stop()).toBe(130);
      expect(stillRunning(runtimes)).toEqual([]);
    } finally {
      if (d.running()) await d.stop();
    }
  });

  it('a Chalice app whose app.py raises at import: waits, then serves its routes once it imports', async () => {
    const dir = chaliceProject(app('raise RuntimeError("boom at import")'));
    const d = dev(dir);
    try {
      expect(await d.until(() => d.err().includes(WAITING)), d.out() + d.err()).toBe(true);
      expect(d.err()).toMatch(/^error: app\.py could not be imported: RuntimeError: boom at import \(app\.py, line 2\)\n/);
      expect(d.err().endsWith(`${WAITING}\n`)).toBe(true);
      expect(d.err()).not.toMatch(/\n {4}at /);
      expect(d.out()).toBe('');
      writeFileSync(join(dir, 'app.py'), app(''));
      expect(await d.until(() => d.out().includes('Ctrl-C stops')), d.out() + d.err()).toBe(true);
      const base = /REST API RestAPI, stage api {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(d.out())?.[1];
      expect(base, d.out()).toBeDefined();
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ hello: 'world' });
      expect(await d.stop()).toBe(130);
    } finally {
      if (d.running()) await d.stop();
    }
  });

  it('a serverless.yml with a variable no source resolves: waits, then serves once it resolves', async () => {
    const dir = scratchDir('dev-wait-sls');
    const yml = (greeting: string) => `service: s\nprovider:\n  name: aws\n  runtime: python3.12\n  environment:\n    GREETING: ${greeting}\nfunctions:\n  hello:\n    handler: app.handler\n    events:\n      - httpApi: GET /x\n`;
    writeFileSync(join(dir, 'serverless.yml'), yml('${nope:thing}'));
    writeFileSync(join(dir, 'app.py'), 'import os\ndef handler(event, context):\n    return {"statusCode": 200, "body": os.environ["GREETING"]}\n');
    const d = dev(dir);
    try {
      expect(await d.until(() => d.err().includes(WAITING)), d.err()).toBe(true);
      expect(d.err()).toBe(`error: serverless.yml has 1 problem:\n  provider.environment.GREETING: \${nope:thing} uses the "nope" variable source, which the Framework does not have and no plugin is listed to provide\n${WAITING}\n`);
      writeFileSync(join(dir, 'serverless.yml'), yml("${env:UNSET_HERE, 'resolved'}"));
      expect(await d.until(() => d.out().includes('Ctrl-C stops')), d.out() + d.err()).toBe(true);
      const base = /HTTP API HttpApi {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(d.out())?.[1];
      expect(base, d.out()).toBeDefined();
      const res = await fetch(`${base}/x`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('resolved');
      expect(await d.stop()).toBe(130);
    } finally {
      if (d.running()) await d.stop();
    }
  });

  it('a template whose DefinitionUri file outside the project has an error: waits, and a fix of that file starts it', async () => {
    const top = scratchDir('dev-wait-shared');
    const dir = join(top, 'service');
    mkdirSync(dir);
    writeFileSync(join(top, 'api.yaml'), openApiFile('/x/{proxy+}/y'));
    const template = 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: ../api.yaml\n'
      + '  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.12\n';
    writeFileSync(join(dir, 'template.yaml'), template);
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": event["rawPath"]}\n');
    const d = dev(dir);
    try {
      expect(await d.until(() => d.err().includes(WAITING)), d.err()).toBe(true);
      expect(d.err()).toBe(`error: template.yaml has 1 problem:\n  ../api.yaml: paths./x/{proxy+}/y.get: route path '/x/{proxy+}/y' the greedy variable '{proxy+}' must be the last segment\n${WAITING}\n`);
      // Only the file outside the project changes: nothing in the project's tree would wake dev.
      writeFileSync(join(top, 'api.yaml'), openApiFile('/shared'));
      expect(await d.until(() => d.out().includes('Ctrl-C stops')), d.out() + d.err()).toBe(true);
      const base = /HTTP API Api {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(d.out())?.[1];
      expect(base, d.out()).toBeDefined();
      const res = await fetch(`${base}/shared`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('/shared');
      expect(await d.stop()).toBe(130);
    } finally {
      if (d.running()) await d.stop();
    }
  });

  it('Ctrl-C while it waits ends it (130), with nothing left running', async () => {
    const d = dev(samProject(BROKEN_YAML));
    expect(await d.until(() => d.err().includes(WAITING)), d.err()).toBe(true);
    expect(await d.stop()).toBe(130);
    expect(d.out()).toBe('');
    expect(runtimesOf(d.pid)).toEqual([]);
  });

  it('Ctrl-C while it reads a Chalice app again (an import that sleeps) stops the import too', async () => {
    const dir = chaliceProject(app('raise RuntimeError("boom at import")'));
    const d = dev(dir);
    expect(await d.until(() => d.err().includes(WAITING)), d.err()).toBe(true);
    writeFileSync(join(dir, 'app.py'), app('import time\ntime.sleep(60)'));
    expect(await d.until(() => childrenOf(d.pid).length > 0), d.out()).toBe(true);
    const importing = childrenOf(d.pid);
    expect(await d.stop()).toBe(130);
    expect(await waitUntil(() => importing.every((pid) => processState(pid) === undefined))).toBe(true);
  });

  it('--no-watch still ends at once: exit 2 and the error', async () => {
    const d = dev(samProject(BROKEN_YAML), ['--no-watch']);
    expect(await d.exited).toBe(2);
    expect(d.err()).toBe('error: template.yaml has 1 problem:\n  line 11, column 1: Flow map in block collection must be sufficiently indented and end with a }\n');
  });

  it('what no edit of the project fixes ends it at once, broken project or not', async () => {
    const none = dev(scratchDir('dev-wait-none'));
    expect(await none.exited).toBe(2);
    expect(none.err()).toMatch(/^error: No project found in /);

    const python = dev(samProject(BROKEN_YAML), ['--python', '/nonexistent/python3']);
    expect(await python.exited).toBe(2);
    expect(python.err()).toMatch(/^error: Cannot run Python interpreter '\/nonexistent\/python3'/);
    expect(python.err()).not.toContain(WAITING);

    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const inUse = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', samProject(BROKEN_YAML), '--port', String(port), '--python', testPython()], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      inUse.stderr.on('data', (d: Buffer) => (err += d.toString()));
      expect(await new Promise((r) => inUse.on('close', (c) => r(c)))).toBe(2);
      expect(err).toBe(`error: Port ${port} on 127.0.0.1, for the first endpoint, is in use\nStop what uses it, or pass --port to start elsewhere (each endpoint takes the next port from it; --port 0 picks free ports).\n`);
    } finally {
      taken.close();
    }
  });
});

describe('DevSession.start with waitForFix', () => {
  it('settles once the project reads, with the session serving it; the signal stops a wait (start rejects)', async () => {
    const dir = samProject(BROKEN_YAML);
    const events: DevEvent[] = [];
    const started = startDev(dir, { watch: true, waitForFix: true, onEvent: (e) => events.push(e) });
    expect(await waitUntil(() => events.some((e) => e.type === 'waiting-for-fix'), 20_000)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['start-failed', 'waiting-for-fix']);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: [ROUTE] }));
    const { session, url } = await started;
    try {
      expect(await (await fetch(`${url('ServerlessHttpApi')}/x`)).text()).toBe('fixed at last');
    } finally {
      await session.stop();
    }

    const stop = new AbortController();
    const waited = startDev(samProject(BROKEN_YAML), { watch: true, waitForFix: true, signal: stop.signal, onEvent: (e) => events.push(e) });
    expect(await waitUntil(() => events.filter((e) => e.type === 'waiting-for-fix').length === 2, 20_000)).toBe(true);
    stop.abort();
    await expect(waited).rejects.toThrow('pylambda dev stopped before the project could be read');
  });

  it('watches a --config-file outside the project that does not parse, and starts once it is fixed', async () => {
    const top = scratchDir('dev-wait-samconfig');
    const dir = join(top, 'service');
    mkdirSync(dir);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: [ROUTE] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "fixed at last"}\n');
    writeFileSync(join(top, 'samconfig.toml'), 'version = 0.1\n[default.global.parameters\n');
    const events: DevEvent[] = [];
    const started = startDev(dir, { watch: true, waitForFix: true, configFile: '../samconfig.toml', onEvent: (e) => events.push(e) });
    expect(await waitUntil(() => events.some((e) => e.type === 'waiting-for-fix'), 20_000)).toBe(true);
    expect(events[0]).toMatchObject({ type: 'start-failed', error: { message: expect.stringMatching(/^\.\.\/samconfig\.toml/) as unknown } });
    writeFileSync(join(top, 'samconfig.toml'), 'version = 0.1\n[default.global.parameters]\nstack_name = "s"\n');
    const { session, url } = await started;
    try {
      expect(await (await fetch(`${url('ServerlessHttpApi')}/x`)).text()).toBe('fixed at last');
    } finally {
      await session.stop();
    }
  });

  it('without waitForFix, start rejects with the error as before, watching or not', async () => {
    await expect(startDev(samProject(BROKEN_YAML), { watch: true })).rejects.toThrow(/^template\.yaml has 1 problem:/);
  });
});
