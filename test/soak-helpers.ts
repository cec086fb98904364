import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { ROOT, testPython } from './helpers.js';

/**
 * A long-running dev seen from outside (dev-soak.test.ts, as bench/soak.mjs sees it): its project, with handlers that
 * succeed, raise, crash, time out and go past their memory, a child `pylambda dev` with a TMPDIR of its own, and what
 * it holds (fds, processes under it, its environments' TMPDIRs, its state directory's entries).
 */

export const SOAK_HANDLER = `import os, sys, time

def handler(event, context):
    what = (event.get("rawPath") or event.get("path") or "/").rsplit("/", 1)[-1]
    if what == "raise":
        raise ValueError("soak raise")
    if what == "crash":
        os._exit(3)
    if what == "timeout":
        time.sleep(30)
    if what == "memory":
        hog = [bytearray(16 * 1024 * 1024) for _ in range(20)]
    if what == "print":
        for i in range(500):
            print("line", i, "x" * 100)
    if what == "slow":
        time.sleep(0.3)
    return {"statusCode": 200, "body": "ok " + what}
`;

/** REST, HTTP API and function URL over one handler, and an InlineCode function whose code (`generation`) lives in the state directory. */
export function soakTemplate(generation: number): string {
  return `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Runtime: python3.12, CodeUri: src/, Handler: app.handler, Timeout: 1, MemorySize: 128, Environment: { Variables: { GENERATION: '${generation}' } } }
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: test }
  RestFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events: { Any: { Type: Api, Properties: { RestApiId: !Ref Api, Path: '/r/{proxy+}', Method: any } } }
  HttpFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events: { Any: { Type: HttpApi, Properties: { Path: '/h/{proxy+}', Method: any } } }
  UrlFunction:
    Type: AWS::Serverless::Function
    Properties: { FunctionUrlConfig: { AuthType: NONE } }
  InlineFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: null
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {"statusCode": 200, "body": "inline ${generation}"}
      Events: { Any: { Type: HttpApi, Properties: { Path: '/inline', Method: get } } }
`;
}

/** The project in `dir/project`, and `dir/tmp` for dev's TMPDIR (outside the project: dev would reload for each environment's). */
export function writeSoakProject(dir: string): string {
  const project = join(dir, 'project');
  mkdirSync(join(project, 'src'), { recursive: true });
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(project, 'src', 'app.py'), SOAK_HANDLER);
  writeFileSync(join(project, 'template.yaml'), soakTemplate(0));
  return project;
}

/** `pylambda dev --json` run in `dir/project` with `dir/tmp` for TMPDIR, and its events as they come. */
export function devChild(dir: string) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'dev', '--port', '0', '--python', testPython(), '--json'], {
    cwd: join(dir, 'project'), env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1', TMPDIR: join(dir, 'tmp') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const events = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
  const exited = new Promise<number | string | null>((r) => child.on('exit', (code, signal) => r(code ?? signal)));
  return { pid: child.pid!, events, stderr: () => err, exited, stop: () => (child.kill('SIGINT'), exited) };
}

/** The processes under `pid`, by their parent in /proc/PID/stat (zombies left out). */
export function descendantsOf(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const stat = readProc(`/proc/${name}/stat`);
    if (!stat) continue;
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z') parent.set(Number(name), Number(ppid));
  }
  const found = new Set<number>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [child, up] of parent) {
      if ((up === pid || found.has(up)) && !found.has(child)) grew = found.add(child).size > 0;
    }
  }
  return [...found];
}

/**
 * `pid`'s open fds: those it holds of its own, and its handles on /proc/PID/status apart. An environment opens one to
 * read its runtime's peak memory on its first read (adapters/memory.ts), which an init that ends within a poll skips.
 */
export function fdCount(pid: number): { own: number; statusReaders: number } {
  const targets = readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
  const statusReaders = targets.filter((t) => /^\/proc\/\d+\/status$/.test(t)).length;
  return { own: targets.length - statusReaders, statusReaders };
}

export function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A request's status (or how the client gave up on it), never a rejection. */
export function hit(url: string, options: { method?: string; body?: Buffer; agent?: http.Agent | false; abortAfterMs?: number; abortOnData?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent: options.agent ?? false, timeout: 20_000 }, (res) => {
      res.on('data', () => options.abortOnData && req.destroy());
      res.on('close', () => resolve(options.abortOnData ? 'aborted' : String(res.statusCode)));
      res.resume();
    });
    req.on('error', () => resolve('aborted'));
    if (options.abortAfterMs) setTimeout(() => req.destroy(), options.abortAfterMs);
    req.end(options.body);
  });
}

/** A POST whose body stops short: the client hangs up mid-request. */
export function halfPost(base: string, path: string): Promise<void> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(1000)}`);
      setTimeout(() => socket.destroy(), 30);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}
