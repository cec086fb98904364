import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevEvent, DevSession } from '../../src/api/dev.js';
import { runCaptured, shellEnv, withoutVersionWarning } from '../cli-run.js';
import { FIXTURES, READY_MS, ROOT, devJson, fnTemplate, json, rawExchange, runtimesOf, scratchDir, startDev, stillRunning, stillRunningAfter, testPython, waitUntil } from '../helpers.js';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

describe('serverless.yml projects', () => {
  it('serves http and httpApi events with the stage and variables resolved', async () => {
    const dev = await startDev(`${FIXTURES}projects/serverless`, { stage: 'qa', hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, GREETER_GREETING: 'Howdy' } });
    session = dev.session;
    expect(session.endpoints.map((e) => [e.kind, e.stage])).toEqual([['rest', 'qa'], ['http', '$default']]);
    const rest = await json(await fetch(`${dev.url('ApiGatewayRestApi')}/hello/ann`));
    expect(rest).toEqual({ message: 'Howdy, ann!', stage: 'qa', function: 'greeter-qa-hello', region: 'eu-central-1' });
    const http = await json(await fetch(`${dev.url('HttpApi')}/hi/bob`));
    expect(http.message).toBe('Howdy, bob!');
  });
});

describe('pylambda dev on the command line', () => {
  it('prints the routes, logs each request, and leaves nothing behind after Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', join(ROOT, 'examples'), '--port', '0', '--python', testPython(), '--no-watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // A wait each: one deadline from the spawn left the log lines no time when the start and the cold start were slow.
    await waitUntil(() => out.includes('Ctrl-C stops'), READY_MS);
    const base = /REST API ServerlessRestApi, stage Prod {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(base, out).toBeDefined();
    const res = await fetch(`${base}/hello/cli`);
    expect(await res.json()).toEqual({ message: 'Hello, cli!' });
    await waitUntil(() => /GET \/hello\/cli 200 [\d.]+ ms cold HelloFunction/.test(out), 10_000);
    expect(out).toMatch(/GET \/hello\/cli 200 [\d.]+ ms cold HelloFunction/);
    expect(out).toMatch(/\[HelloFunction [0-9a-f]{8}\] \[INFO\]\t/);
    const runtimes = runtimesOf(child.pid!);
    expect(runtimes.length).toBe(1);
    // A request Node's parser refuses has its line too (it had none: only the bare 400).
    expect(await rawExchange(base!, 'get /hello/lower HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    await waitUntil(() => out.includes('get /hello/lower 400'), 10_000);
    expect(out).toMatch(/get \/hello\/lower 400 0\.0 ms \(malformed request: method 'get' is not one Node's HTTP parser knows/);
    child.kill('SIGINT');
    expect(await new Promise((r) => child.on('exit', (code) => r(code)))).toBe(130);
    expect(await stillRunningAfter(runtimes)).toEqual([]);
  });
});

describe('pylambda dev --json', () => {
  it('prints every event as one JSON object per line', async () => {
    const dev = devJson([join(ROOT, 'examples')]);
    const ready = await dev.waitFor('ready') as { endpoints: Array<{ id: string; url: string; routes: unknown[] }> };
    expect(ready.endpoints.map((e) => e.id)).toEqual(['ServerlessRestApi', 'ServerlessHttpApi', 'Listener']);
    await fetch(`${ready.endpoints[0]!.url}/hello/json?format=text`);
    expect(await dev.waitFor('request')).toMatchObject({ type: 'request', method: 'GET', path: '/hello/json', query: 'format=text', status: 200, functionId: 'HelloFunction', cold: true });
    expect(dev.lines().some((e) => e.type === 'log' && e.kind === 'function' && e.function === 'HelloFunction')).toBe(true);
    await rawExchange(ready.endpoints[0]!.url, 'FOO /hello/foo HTTP/1.1\r\nHost: x\r\n\r\n');
    const refused = () => dev.lines().find((e) => e.type === 'request' && e.path === '/hello/foo');
    for (let i = 0; i < 200 && !refused(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(refused()).toMatchObject({ type: 'request', endpointId: 'ServerlessRestApi', method: 'FOO', path: '/hello/foo', status: 400, reason: expect.stringMatching(/^malformed request: method 'FOO'/) as unknown });
    expect(await dev.stop()).toBe(130);
  });
});

describe('pylambda dev | head', () => {
  // The reader gone, the next line's write failed with EPIPE, which Node threw with its stack trace.
  it('stops as on SIGPIPE once nothing reads its output: exit 141, no stack, no Python left', async () => {
    const dir = scratchDir('dev-epipe');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "x"}\n');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', dir, '--port', '0', '--python', testPython(), '--no-watch', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitUntil(() => out.includes('"type":"ready"'), 20_000);
    const url = /"url":"(http:[^"]+)"/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect(await (await fetch(`${url}/x`)).text()).toBe('x');
    await waitUntil(() => runtimesOf(child.pid!).length > 0, 10_000);
    const runtimes = runtimesOf(child.pid!);
    child.stdout.destroy();
    // The request's line is the first write with no one reading.
    await fetch(`${url}/x`).catch(() => undefined);
    expect(await exited).toBe(141);
    expect(err).toBe('');
    expect(stillRunning(runtimes)).toEqual([]);
  });
});

describe('pylambda dev when its terminal closes (SIGHUP)', () => {
  // Node's default for SIGHUP is to die at once: nothing was stopped in order, and the exit said nothing.
  it('stops everything as for Ctrl-C, then ends by SIGHUP (129 to the shell)', async () => {
    const dir = scratchDir('dev-hup');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /x, Method: get } }'] }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "x"}\n');
    const dev = devJson([dir]);
    const ready = await dev.waitFor('ready') as { endpoints: Array<{ url: string }> } | undefined;
    expect(await (await fetch(`${ready!.endpoints[0]!.url}/x`)).text()).toBe('x');
    const runtimes = runtimesOf(dev.pid);
    expect(runtimes.length).toBeGreaterThan(0);
    // Ended by the signal itself, once everything is stopped: the shell reports 129.
    expect(await dev.stop('SIGHUP')).toBe('SIGHUP');
    expect(stillRunning(runtimes)).toEqual([]);
  });
});

describe('pylambda dev with nothing to serve', () => {
  const project = () => {
    const dir = scratchDir('dev-nothing');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate());
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return 1\n');
    return dir;
  };

  it('waits for a change, and for Ctrl-C (it exited at once, silently, with code 13)', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', project(), '--port', '0', '--python', testPython(), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitUntil(() => out.includes('"type":"ready"'), 20_000);
    try {
      const ready = out.split('\n').find((line) => line.includes('"type":"ready"'));
      expect(JSON.parse(ready!)).toMatchObject({ type: 'ready', endpoints: [], unserved: ['Fn'], watching: true });
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
  });

  // A function without HTTP events (a queue's worker) is served by the Lambda API, watched or not.
  it('with --no-watch, serves a function without HTTP events through the Lambda API until Ctrl-C', async () => {
    const dev = devJson([project()]);
    try {
      const ready = await dev.waitFor('ready') as { endpoints: unknown[]; lambdaApi: string };
      expect(ready).toMatchObject({ endpoints: [], unserved: ['Fn'], watching: false, lambdaApi: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      const res = await fetch(`${ready.lambdaApi}/2015-03-31/functions/Fn/invocations`, { method: 'POST', body: '{}' });
      expect([res.status, await res.text()]).toEqual([200, '1']);
      expect(await dev.waitFor('invoke')).toMatchObject({ type: 'invoke', name: 'Fn', functionId: 'Fn', invocationType: 'RequestResponse', status: 200, cold: true });
    } finally {
      expect(await dev.stop()).toBe(130);
    }
  });

  // It waited for Ctrl-C with nothing that could ever change: a script or CI job hung.
  it('with --no-watch and no function to run, none can ever come: exit 2 and the reason, as sam local start-api does', async () => {
    const dir = scratchDir('dev-nothing-runs');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate().replace('Runtime: python3.12', 'Runtime: nodejs20.x'));
    const { code, stdout, stderr } = await runCaptured(['dev', '--no-watch', '--port', '0', '--python', testPython()], { cwd: dir, env: shellEnv() });
    expect(code).toBe(2);
    expect(stdout.split('\n').slice(-2)).toEqual(['No HTTP endpoints: the project has no function pylambda can run (see the warnings above).', '']);
    expect(withoutVersionWarning({ code, stdout, stderr }).stderr).toMatch(new RegExp('error: No function to serve, and with --no-watch none will come: dev stops\n'
      + 'Fix what the lines above say, or run dev without --no-watch: it then serves what a change to the project adds.\n$'));
  });
});

describe('pylambda dev --parameter-overrides', () => {
  it('resolves the template\'s parameters with the values given, as sam local start-api does', async () => {
    const dir = scratchDir('dev-params');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      sections: ['Parameters:', '  Greeting: { Type: String, Default: Hello }'],
      properties: ['Environment: { Variables: { GREETING: !Ref Greeting } }'],
      events: ['Get: { Type: HttpApi, Properties: { Path: /, Method: get } }'],
    }));
    writeFileSync(join(dir, 'app.py'), 'import os\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": os.environ["GREETING"]}\n');
    const dev = devJson([dir, '--parameter-overrides', 'Greeting=Howdy']);
    const ready = await dev.waitFor('ready') as { endpoints: Array<{ url: string }> };
    const res = await fetch(`${ready.endpoints[0]!.url}/`);
    expect(await res.text()).toBe('Howdy');
    expect(await dev.stop()).toBe(130);
  });
});



describe('pylambda dev without --local-aws', () => {
  const project = () => {
    const dir = scratchDir('dev-hint');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200}\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({
      resources: ['Items: { Type: AWS::Serverless::SimpleTable }'],
      events: ['Get: { Type: HttpApi, Properties: { Path: /, Method: get } }'],
    }));
    return dir;
  };
  const hints = (events: DevEvent[]) => events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('--local-aws') ? [e.diagnostic.message] : []));

  it('says what the template declares that the functions would reach in real AWS', async () => {
    const dev = await startDev(project());
    session = dev.session;
    expect(hints(dev.events)).toEqual(['declares Items (DynamoDB table): without --local-aws the functions call real AWS, with your credentials if you have any. pylambda dev --local-aws serves it from a local endpoint (moto).']);
  });

  it("names the project's own configuration file, and a serverless.yml s3 event's bucket", async () => {
    const dir = scratchDir('dev-hint-sls');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200}\n');
    writeFileSync(join(dir, 'serverless.yml'), [
      'service: hint',
      'provider: { name: aws, runtime: python3.12 }',
      'functions:',
      '  api: { handler: app.handler, events: [{ httpApi: "GET /" }, { s3: uploads }] }',
      'resources:',
      '  Resources:',
      '    Items: { Type: AWS::DynamoDB::Table, Properties: { AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }], KeySchema: [{ AttributeName: pk, KeyType: HASH }], BillingMode: PAY_PER_REQUEST } }',
      '',
    ].join('\n'));
    const dev = await startDev(dir);
    session = dev.session;
    const hint = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.message.includes('--local-aws') ? [e.diagnostic] : []));
    expect(hint.map((d) => [d.file, d.message.split(':')[0]])).toEqual([['serverless.yml', 'declares Items (DynamoDB table), S3BucketUploads (S3 bucket)']]);
  });

  it('says nothing when AWS_ENDPOINT_URL already points somewhere', async () => {
    const dev = await startDev(project(), { hostEnv: { PATH: process.env.PATH, AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' } });
    session = dev.session;
    expect(hints(dev.events)).toEqual([]);
  });
});


describe('pylambda dev after a reload that changes no route', () => {
  it('says the routes are unchanged instead of listing them again; a reload that adds one lists them', async () => {
    const dir = scratchDir('dev-routes-unchanged');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200}\n');
    const template = fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /a, Method: get } }'] });
    writeFileSync(join(dir, 'template.yaml'), template);
    const dev = await startDev(dir);
    session = dev.session;
    writeFileSync(join(dir, 'template.yaml'), `${template}\n# a comment\n`);
    await dev.session.reload([join(dir, 'template.yaml')]);
    // An environment variable added: no route changed, the function did, and the line says so.
    writeFileSync(join(dir, 'template.yaml'), template.replace('Properties:\n', 'Properties:\n      Environment: { Variables: { COLOR: blue } }\n'));
    await dev.session.reload([join(dir, 'template.yaml')]);
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ events: ['Get: { Type: HttpApi, Properties: { Path: /a, Method: get } }', 'Post: { Type: HttpApi, Properties: { Path: /b, Method: post } }'] }));
    await dev.session.reload([join(dir, 'template.yaml')]);
    const ready = dev.events.flatMap((e) => (e.type === 'ready' ? [[e.unchanged ?? false, e.settingsChanged]] : []));
    expect(ready).toEqual([[false, undefined], [true, undefined], [true, ['Fn']], [false, undefined]]);
  });
});

describe("pylambda dev and a route's TimeoutInMillis", () => {
  // SAM writes it into the route's integration: the gateway stops waiting that much sooner than 29 s / 30 s.
  it('answers 504 (REST) and 503 (HTTP API) once the route waited that long', async () => {
    const dir = scratchDir('dev-route-timeout');
    writeFileSync(join(dir, 'app.py'), 'import time\n\ndef handler(event, context):\n    time.sleep(2)\n    return {"statusCode": 200}\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['Timeout: 10'], events: ['Get: { Type: HttpApi, Properties: { Path: /slow, Method: get, TimeoutInMillis: 300 } }', 'Rest: { Type: Api, Properties: { Path: /slow, Method: get, TimeoutInMillis: 300 } }'] }));
    const dev = await startDev(dir);
    session = dev.session;
    const timed = async (url: string) => {
      const started = performance.now();
      const res = await fetch(url);
      return { status: res.status, body: await res.text(), ms: performance.now() - started };
    };
    const http = await timed(`${dev.url('ServerlessHttpApi')}/slow`);
    expect([http.status, http.body]).toEqual([503, '{"message":"Service Unavailable"}']);
    expect(http.ms).toBeLessThan(1900);
    const rest = await timed(`${dev.url('ServerlessRestApi')}/slow`);
    expect([rest.status, rest.body]).toEqual([504, '{"message": "Endpoint request timed out"}']);
    expect(rest.ms).toBeLessThan(1900);
  });
});

describe('pylambda dev and a throttled function', () => {
  // ReservedConcurrentExecutions: 0 throttles every invocation: no function runs, so no cold or warm either.
  it('logs that Lambda refused the invocation, not that the function failed', async () => {
    const dir = scratchDir('dev-throttled');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200}\n');
    writeFileSync(join(dir, 'template.yaml'), fnTemplate({ properties: ['ReservedConcurrentExecutions: 0'], events: ['Get: { Type: HttpApi, Properties: { Path: /zero, Method: get } }', 'Rest: { Type: Api, Properties: { Path: /zero, Method: get } }'] }));
    const dev = await startDev(dir);
    session = dev.session;
    const res = await fetch(`${dev.url('ServerlessHttpApi')}/zero`);
    expect(res.status).toBe(500);
    // A REST API answers a Lambda invocation error 500, where a function's own error is a 502.
    const rest = await fetch(`${dev.url('ServerlessRestApi')}/zero`);
    expect([rest.status, await rest.text(), rest.headers.get('x-amzn-errortype')]).toEqual([500, '{"message": "Internal server error"}', 'InternalServerErrorException']);
    const line = dev.events.find((e) => e.type === 'request');
    expect(line).toMatchObject({ status: 500, functionId: 'Fn', reason: 'Lambda refused the invocation: TooManyRequestsException: Rate Exceeded. (reserved concurrency 0)' });
    expect(line).not.toHaveProperty('cold');
  });
});
