import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, onTestFinished } from 'vitest';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The test virtual environment's interpreter (scripts/test-env.mjs makes it). */
export function testPython(): string {
  const python = `${ROOT}.venv-test/bin/python`;
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`node scripts/test-env.mjs\` (npm test does)`);
  return python;
}

/**
 * How long a child dev may take to say it is ready (dev-child.ts devChild), or to print an event (devJson). Waited for
 * only as long as it takes: under a full run on two loaded cores a cold dev reading Chalice or serverless.yml took more
 * than the 15 s this was. Within the tests' 60 s limit, so that a dev that never gets there fails with what it said,
 * not with the test's time-out.
 */
export const READY_MS = 45_000;

/** A fresh directory under the system's temp directory, removed when the calling test finishes. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pylambda-${prefix}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

import type { FunctionModel } from '../src/core/model/project.js';
import { LocalFunction, type LocalFunctionOptions, type RuntimeClient } from '../src/emulator/local-function.js';
import type { LogEvent } from '../src/core/runtime/logs.js';

export const HANDLERS = `${FIXTURES}handlers`;

export function functionModel(overrides: Partial<FunctionModel> & { handler: string }): FunctionModel {
  return {
    id: 'Fn',
    name: 'Fn',
    codeUri: '.',
    runtime: 'python3.12',
    architecture: 'x86_64',
    memorySize: 512,
    timeout: 5,
    environment: {},
    events: [],
    source: { file: 'template.yaml', path: 'Resources.Fn' },
    ...overrides,
  };
}

/** A function over the fixture handlers, run by the test venv's Python, with its logs collected. */
export function fixtureFunction(
  fn: Partial<FunctionModel> & { handler: string },
  options: { runtimeClient?: RuntimeClient; taskRoot?: string } & Partial<LocalFunctionOptions> = {},
): { local: LocalFunction; logs: LogEvent[] } {
  const logs: LogEvent[] = [];
  const local = new LocalFunction({
    fn: functionModel(fn),
    taskRoot: options.taskRoot ?? HANDLERS,
    python: { executable: testPython(), version: '3.11.7' },
    hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' },
    onLog: (e) => logs.push(e),
    ...options,
  });
  return { local, logs };
}

/** Function log lines with request ids and times replaced, so two runs compare equal. */
export function normalizedLines(logs: readonly LogEvent[], requestIds: readonly string[] = []): string[] {
  return logs
    .filter((l) => l.kind === 'function')
    .map((l) => {
      let text = l.text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
      for (const id of requestIds) text = text.replaceAll(id, '<id>');
      return text;
    });
}

import { DevSession, type DevEvent, type DevOptions } from '../src/api/dev.js';

/** A dev session on free ports, with its events collected. */
export async function startDev(dir: string, options: Partial<DevOptions> = {}): Promise<{ session: DevSession; events: DevEvent[]; url: (id: string) => string }> {
  const events: DevEvent[] = [];
  const session = await DevSession.start({
    dir,
    host: '127.0.0.1',
    port: 0,
    python: testPython(),
    hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' },
    watch: false,
    onEvent: (e) => events.push(e),
    ...options,
  });
  const url = (id: string) => {
    const endpoint = session.endpoints.find((e) => e.id === id);
    if (!endpoint) throw new Error(`no endpoint ${id}: ${session.endpoints.map((e) => e.id).join(', ')}`);
    return endpoint.url;
  };
  return { session, events, url };
}

/** A dev session for the tests of one file: started before them, stopped after them. Read its fields inside tests. */
export function devForFile(dir: string, options: Partial<DevOptions> = {}): Awaited<ReturnType<typeof startDev>> {
  const dev = {} as Awaited<ReturnType<typeof startDev>>;
  beforeAll(async () => {
    Object.assign(dev, await startDev(dir, options));
  });
  afterAll(async () => {
    await dev.session?.stop();
  });
  return dev;
}

/** dev's line for the last request to `path`, once it is printed (a refused request's as its connection closes). */
export function requestLine(events: readonly DevEvent[], path: string): Promise<Extract<DevEvent, { type: 'request' }>> {
  return eventually(() => events.findLast((e): e is Extract<DevEvent, { type: 'request' }> => e.type === 'request' && e.path === path));
}

/** A response's JSON body, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(res: Response): Promise<any> {
  return res.json();
}

/** A JWT with these claims, whose signature nothing checks: pylambda dev cannot fetch an issuer's keys. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64urlJson({ alg: 'RS256', kid: 'k' })}.${base64urlJson(claims)}.c2lnbmF0dXJl`;
}

/** A value as a JWT's header or payload writes it: JSON, base64url-encoded. */
export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A SAM template with one function, Fn (python3.12, app.handler): `properties` and `events` are lines
 * under its Properties and Events (an event per line, in flow style), `sections` top-level lines before
 * Resources (Parameters, Globals), `resources` other resources after it.
 */
export function fnTemplate(options: { properties?: string[]; events?: string[]; sections?: string[]; resources?: string[] } = {}): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    ...(options.sections ?? []),
    'Resources:',
    ...(options.resources ?? []).map((line) => `  ${line}`),
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: python3.12',
    '      Handler: app.handler',
    ...(options.properties ?? []).map((line) => `      ${line}`),
    ...(options.events ? ['      Events:', ...options.events.map((line) => `        ${line}`)] : []),
    '',
  ].join('\n');
}

/** An HTTP API's OpenAPI file (a DefinitionUri's) with one GET route, `path`, to the function `fnId`. */
export function openApiFile(path: string, fnId = 'Fn'): string {
  return `openapi: 3.0.1\ninfo: {title: api, version: '1'}\npaths:\n  ${path}:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        payloadFormatVersion: '2.0'\n`
    + `        uri:\n          Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations\n`;
}

/** fnTemplate behind an HTTP API route (GET path) and, if asked, a REST one. */
export function oneRouteTemplate(path: string, options: { timeout?: number; rest?: boolean; codeUri?: string } = {}): string {
  return fnTemplate({
    properties: [`Timeout: ${options.timeout ?? 10}`, ...(options.codeUri ? [`CodeUri: ${options.codeUri}`] : [])],
    events: [`Get: { Type: HttpApi, Properties: { Path: ${path}, Method: get } }`, ...(options.rest ? [`Rest: { Type: Api, Properties: { Path: ${path}, Method: get } }`] : [])],
  });
}


/**
 * Sends bytes as they are (what fetch cannot: a lower-case method, a bad chunk) and reads until the server
 * closes; `halfClose` ends the client's side after them, as `nc -N` does.
 */
export function rawExchange(base: string, bytes: string, { halfClose = false } = {}): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    let out = '';
    const socket = connect(Number(port), '127.0.0.1', () => (halfClose ? socket.end(bytes) : socket.write(bytes)));
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

/**
 * The runtime processes (pylambda_bootstrap.py) a pylambda process started, found through /proc by their
 * parent: other test files run the same handlers and projects at the same time. `handler` narrows them.
 */
export function runtimesOf(parent: number, handler?: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    const stat = procFile(pid, 'stat');
    // The parent pid is the second field after the command, which is in parentheses and may hold spaces.
    return stat !== undefined && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent && isRuntime(pid, handler);
  });
}

/** The keepers of frozen groups (pylambda_keeper.py) a pylambda process started, found through /proc by their parent. */
export function keepersOf(parent: number): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    const stat = procFile(pid, 'stat');
    return stat !== undefined && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent
      && (procFile(pid, 'cmdline')?.split('\0') ?? []).some((a) => a.endsWith('pylambda_keeper.py'));
  });
}

/** A process's state letter from /proc (T: stopped, as a frozen environment is), or undefined once it is gone or a zombie. */
export function processState(pid: number): string | undefined {
  const letter = procFile(pid, 'stat')?.replace(/^.*\) /s, '')[0];
  return letter === 'Z' ? undefined : letter;
}

/** Waits until `done` holds, or `ms` passed; says whether it holds. */
export async function waitUntil(done: () => boolean, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return done();
}

/** Asks `probe` until it answers `want` or `ms` passed; returns its last answer (a request's body, say). */
export async function probeUntil<T>(probe: () => Promise<T>, want: T, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value === want || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Polls until `find` finds something, and returns it; fails after `ms`, naming what it looked for. 30 s by default:
 * it returns as soon as it finds, and 10 s was eaten on two cores under a full run by a cold start or a reload.
 */
export async function eventually<T>(find: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`nothing found in ${ms} ms by ${find.toString().slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Those of the pids still running a runtime (a zombie's cmdline is empty; a pid given again runs something else). */
export function stillRunning(pids: readonly number[]): number[] {
  return pids.filter((pid) => isRuntime(pid));
}

/**
 * Those of the pids still running a runtime once they all ended or `ms` passed. For runtimes told to end (a signal,
 * their stdin closed): a loaded machine may take seconds to run them to their end, and one left behind is still there.
 */
export async function stillRunningAfter(pids: readonly number[], ms = 10_000): Promise<number[]> {
  await waitUntil(() => stillRunning(pids).length === 0, ms);
  return stillRunning(pids);
}

function isRuntime(pid: number, handler?: string): boolean {
  const cmdline = procFile(pid, 'cmdline')?.split('\0') ?? [];
  // The handler is in the runtime's environment (_HANDLER), not its command line.
  return cmdline.some((a) => a.endsWith('pylambda_bootstrap.py'))
    && (handler === undefined || (procFile(pid, 'environ')?.split('\0') ?? []).includes(`_HANDLER=${handler}`));
}

function procFile(pid: number, name: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** An event file in a scratch directory, for `--event FILE`. */
export function eventFile(content: string): string {
  const file = join(scratchDir('event'), 'event.json');
  writeFileSync(file, content);
  return file;
}

/** A GET's raw answer, its Content-Encoding and body as sent: fetch would decompress it. */
export function rawGet(url: string, headers: Record<string, string>): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/** Runs a Python script of the test venv with dummy AWS credentials (no AWS config read), and returns what it printed as JSON. */
export function pythonJson(script: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(testPython(), ['-c', script], {
      env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (exit) => {
      if (exit !== 0) reject(new Error(`python script exited ${exit}: ${err}`));
      else resolve(JSON.parse(out));
    });
  });
}

/** A handler `slow` to add to an app: it prints "working", then works for 30 s. */
export const SLOW_HANDLER = '\nimport time\n\ndef slow(event, context):\n    print("working")\n    time.sleep(30)\n';

/** Waits until the slow handler works, then stops dev under it: how long the stop took. */
export async function stopWhileWorking(dev: { session: DevSession; events: readonly DevEvent[] }): Promise<number> {
  await eventually(() => (dev.events.some((e) => e.type === 'log' && e.event.kind === 'function' && e.event.text === 'working') ? true : undefined), 20_000);
  const started = Date.now();
  await dev.session.stop();
  return Date.now() - started;
}

/** The messages of a queue of the local endpoint, read with boto3 (waiting up to 5 s for the first). */
export async function receive(endpoint: string, queue: string): Promise<Array<{ body: unknown; attributes: Record<string, unknown> }>> {
  return await pythonJson([
    'import json, boto3',
    `s = boto3.client("sqs", endpoint_url=${JSON.stringify(endpoint)}, region_name="us-east-1")`,
    `url = s.get_queue_url(QueueName=${JSON.stringify(queue)})["QueueUrl"]`,
    'got = s.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=5, MessageAttributeNames=["All"]).get("Messages", [])',
    'print(json.dumps([{"body": json.loads(m["Body"]), "attributes": m.get("MessageAttributes", {})} for m in got]))',
  ].join('\n')) as Array<{ body: unknown; attributes: Record<string, unknown> }>;
}

/**
 * `pylambda dev ... --json` in a child process, and the events it printed so far. `waitFor` waits for an event of a
 * type, as long as READY_MS (a wait of its own for each: on a loaded machine dev's start alone took half of 10 s from
 * the spawn), and fails with dev's stderr if none comes or dev exits first.
 */
export function devJson(args: readonly string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', ...args, '--port', '0', '--python', testPython(), '--no-watch', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  // Read, too: a stderr pipe nobody reads fills up and blocks dev at its next warning.
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  // Known at 'close', once its output is all read: at 'exit' an event it printed last may be still in the pipe.
  let code: number | string | null | undefined;
  child.on('close', (c, signal) => (code = c ?? signal));
  const exited = new Promise<number | string | null>((r) => child.on('exit', (c, signal) => r(c ?? signal)));
  const waitFor = async (type: string): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + READY_MS;
    const found = () => lines().find((e) => e.type === type);
    while (!found() && code === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const event = found();
    if (event) return event;
    const why = code === undefined ? `within ${READY_MS / 1000} s` : `before it exited (${code})`;
    throw new Error(`pylambda dev ${args.join(' ')} --json printed no '${type}' event ${why}; its stderr so far:\n${err}`);
  };
  const stop = (signal: NodeJS.Signals = 'SIGINT') => {
    child.kill(signal);
    return exited;
  };
  return { lines, waitFor, stop, pid: child.pid! };
}

/** The entries of one of pylambda's cache directories, sorted: without the leases and partial copies of processes (core/state/cache-pruning.ts). */
export function cacheEntries(dir: string): string[] {
  return readdirSync(dir).filter((name) => !/\.(?:lease|partial)-\d+/.test(name)).sort();
}

/**
 * Runs `work` when fewer than `size` others given to this limiter are running: CI has two cores, and a
 * generated project's pytest (moto's set-up) or a `serverless package` is CPU-bound.
 */
export function slotLimiter(size = 2): <T>(work: () => Promise<T>) => Promise<T> {
  const slots = { free: size, waiting: [] as Array<() => void> };
  return async (work) => {
    if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
    else slots.free--;
    try {
      return await work();
    } finally {
      const next = slots.waiting.shift();
      if (next) next();
      else slots.free++;
    }
  };
}
