// A function whose CodeUri is a zip runs as `sam local` runs it (unzipped into a directory it runs from),
// while `pylambda package` leaves it as sam build does; a CodeUri that does not exist yet, or a zip that
// cannot be unzipped safely, leaves that function out of dev and package, not the whole project.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevSession } from '../../src/api/dev.js';
import { invokeOnce } from '../../src/api/invoke.js';
import { packageFunctions } from '../../src/api/package.js';
import { cacheEntries, eventually, probeUntil, scratchDir, startDev, testPython } from '../helpers.js';
import { cli, fakeInstaller, options } from './package-helpers.js';

let session: DevSession | undefined;
afterEach(async () => {
  await session?.stop();
  session = undefined;
});

/**
 * Writes a zip with Python's zipfile: `entries` are [name, text] or [name, text, unix mode] (a mode with
 * 0o120000 is a symbolic link whose text is its target).
 */
function writeZip(path: string, entries: ReadonlyArray<readonly [string, string, number?]>): void {
  const script = [
    'import json, sys, zipfile',
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
    '    for name, text, mode in json.loads(sys.argv[2]):',
    '        info = zipfile.ZipInfo(name)',
    '        if mode:',
    '            info.create_system = 3',
    '            info.external_attr = mode << 16',
    '        z.writestr(info, text)',
  ].join('\n');
  execFileSync(testPython(), ['-c', script, path, JSON.stringify(entries.map(([n, t, m]) => [n, t, m ?? 0]))]);
}

const workerCode = (body: string) => `import helper\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": "${body} " + helper.NAME}\n`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get: { Type: HttpApi, Properties: { Path: /hi, Method: get } }
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: shared.zip
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: worker.zip
      Handler: index.handler
      Runtime: python3.12
      Layers: [!Ref Shared]
      Events:
        Get: { Type: HttpApi, Properties: { Path: /work, Method: get } }
`;

/** Hello (a directory) beside Worker (a zip CodeUri, with a zip layer), and `extra` resources. */
function project(extra = ''): string {
  const dir = scratchDir('zip-code');
  writeFileSync(join(dir, 'template.yaml'), TEMPLATE + extra);
  mkdirSync(join(dir, 'hello'));
  writeFileSync(join(dir, 'hello', 'app.py'), 'def handler(event, context):\n    return {"statusCode": 200, "body": "hi"}\n');
  writeZip(join(dir, 'worker.zip'), [['index.py', workerCode('from the zip')], ['bin/tool.sh', '#!/bin/sh\n', 0o100755]]);
  writeZip(join(dir, 'shared.zip'), [['python/helper.py', 'NAME = "and its layer"\n']]);
  return dir;
}

const MISSING = `  Built:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: build/built/
      Handler: index.handler
      Runtime: python3.12
`;

const hostEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' };
const invoke = (dir: string, functionName: string) => invokeOnce({ dir, functionName, python: testPython(), hostEnv, event: Buffer.from('{}') });
const unzipped = (dir: string) => join(dir, '.aws-sam', 'pylambda', 'unzipped');

describe('a zip CodeUri', () => {
  it('invoke unzips it and its zip layer into the state directory and runs it there; an unchanged zip is not unzipped again', async () => {
    const dir = project();
    const { result } = await invoke(dir, 'Worker');
    expect(JSON.parse(result.payload.toString())).toEqual({ statusCode: 200, body: 'from the zip and its layer' });
    const first = cacheEntries(unzipped(dir));
    expect(first).toEqual([expect.stringMatching(/^shared\.zip-[0-9a-f]{8}-[0-9a-f]{12}$/), expect.stringMatching(/^worker\.zip-[0-9a-f]{8}-[0-9a-f]{12}$/)]);
    const worker = join(unzipped(dir), first[1]!);
    expect(execFileSync('stat', ['-c', '%a', join(worker, 'bin', 'tool.sh')], { encoding: 'utf8' }).trim()).toBe('755');

    await invoke(dir, 'Worker');
    expect(cacheEntries(unzipped(dir))).toEqual(first);

    // Rebuilt: unzipped anew, the earlier version's directory removed.
    writeZip(join(dir, 'worker.zip'), [['index.py', workerCode('rebuilt')]]);
    const again = await invoke(dir, 'Worker');
    expect(JSON.parse(again.result.payload.toString()).body).toBe('rebuilt and its layer');
    const now = cacheEntries(unzipped(dir));
    expect(now[0]).toBe(first[0]);
    expect(now[1]).not.toBe(first[1]);
    expect(existsSync(worker)).toBe(false);
  });

  it("an entry of the state directory unused for over a day goes at the next invoke, unless a live process holds it", async () => {
    const dir = project();
    await invoke(dir, 'Worker');
    const entry = (name: string, ageMs: number) => {
      const path = join(unzipped(dir), name);
      mkdirSync(path);
      const when = new Date(Date.now() - ageMs);
      utimesSync(path, when, when);
    };
    const day = 24 * 60 * 60 * 1000;
    // A zip the project no longer names, an hour and two days since its last use; one a running pylambda holds.
    entry('renamed.zip-00000000-000000000000', 2 * day);
    entry('recent.zip-00000000-000000000000', 60 * 60 * 1000);
    entry('held.zip-00000000-000000000000', 2 * day);
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(join(unzipped(dir), `held.zip-00000000-000000000000.lease-${holder.pid}`), '');
      await invoke(dir, 'Worker');
      expect(cacheEntries(unzipped(dir)).filter((name) => !/^(?:shared|worker)\.zip/.test(name))).toEqual(['held.zip-00000000-000000000000', 'recent.zip-00000000-000000000000']);
    } finally {
      holder.kill();
    }
  });

  it('dev serves it beside the other functions, skips a CodeUri that does not exist yet with a warning, and reloads when the zip is rebuilt', async () => {
    const dir = project(MISSING);
    const dev = await startDev(dir, { watch: true });
    session = dev.session;
    // (The Python version's warning aside.)
    const warnings = dev.events.flatMap((e) => (e.type === 'warning' && e.diagnostic.path ? [`${e.diagnostic.path}: ${e.diagnostic.message}`] : []));
    expect(warnings).toEqual([`Resources.Built: CodeUri 'build/built/' does not exist (looked in ${join(dir, 'build', 'built')}), so Built is skipped until it exists`]);
    const base = dev.url('ServerlessHttpApi');
    expect(await fetch(`${base}/work`).then((r) => r.text())).toBe('from the zip and its layer');
    expect(await fetch(`${base}/hi`).then((r) => r.text())).toBe('hi');
    expect(dev.events.find((e) => e.type === 'ready')).toMatchObject({
      unserved: [], skipped: ['Built'], skippedReasons: { Built: `CodeUri 'build/built/' does not exist (looked in ${join(dir, 'build', 'built')}), so Built is skipped until it exists` },
    });

    writeZip(join(dir, 'worker.zip'), [['index.py', workerCode('rebuilt')]]);
    // A reload starts a Python process: seconds on a loaded machine.
    const deadline = Date.now() + 30_000;
    let body = '';
    while (Date.now() < deadline && body !== 'rebuilt and its layer') body = await fetch(`${base}/work`).then((r) => r.text());
    expect(body).toBe('rebuilt and its layer');
    expect(dev.events).toContainEqual({ type: 'reload', reason: 'config', files: ['worker.zip'] });
    // The unzipped code is under .aws-sam, which dev does not watch: running it reloads nothing.
    expect(dev.events.filter((e) => e.type === 'reload')).toHaveLength(1);

    // The build step makes the missing directory: the function comes in.
    mkdirSync(join(dir, 'build', 'built'), { recursive: true });
    writeFileSync(join(dir, 'build', 'built', 'index.py'), 'def handler(event, context):\n    return "built"\n');
    const until = Date.now() + 30_000;
    while (Date.now() < until && !dev.events.some((e) => e.type === 'ready' && e.unserved.includes('Built'))) await new Promise((r) => setTimeout(r, 20));
    expect(dev.events.filter((e) => e.type === 'ready').at(-1)).toMatchObject({ unserved: ['Built'] });
  });

  it('a zip rebuilt while an invocation runs from it: the invocation ends on its code, and its directory goes after its function stops', async () => {
    const dir = project();
    // The handler reads a module of its zip only after a while: the rebuild's reload removed the directory it ran from.
    const slow = 'import time\n\ndef handler(event, context):\n    time.sleep(2)\n    import late\n    return {"statusCode": 200, "body": late.TEXT}\n';
    writeZip(join(dir, 'worker.zip'), [['index.py', slow], ['late.py', 'TEXT = "first build"\n']]);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE.replace('Handler: index.handler', 'Handler: index.handler\n      Timeout: 3'));
    const dev = await startDev(dir);
    session = dev.session;
    const workers = () => cacheEntries(unzipped(dir)).filter((name) => name.startsWith('worker.zip-'));
    const [first] = workers();
    const inFlight = fetch(`${dev.url('ServerlessHttpApi')}/work`);
    inFlight.catch(() => undefined);
    // The rebuild comes once the invocation runs (its START), where 300 ms could pass first while a loaded machine
    // started the function.
    await eventually(() => dev.events.find((e) => e.type === 'log' && e.event.kind === 'platform' && e.event.text.startsWith('START')), 30_000);
    writeZip(join(dir, 'worker.zip'), [['index.py', slow], ['late.py', 'TEXT = "second build"\n']]);
    await dev.session.reload([join(dir, 'worker.zip')]);
    expect(workers()).toHaveLength(2);
    // Its code changed, not its settings: the reload says the routes are unchanged, and nothing of settings.
    const ready = dev.events.flatMap((e) => (e.type === 'ready' ? [[e.unchanged ?? false, e.settingsChanged]] : []));
    expect(ready).toEqual([[false, undefined], [true, undefined]]);
    const response = await inFlight;
    expect([response.status, await response.text()]).toEqual([200, 'first build']);
    expect(await fetch(`${dev.url('ServerlessHttpApi')}/work`).then((r) => r.text())).toBe('second build');
    // The replaced function stops once its timeout has passed idle; the next unzip of that zip (a reload) removes it.
    const kept = await probeUntil(async () => {
      await dev.session.reload([join(dir, 'worker.zip')]);
      return workers().includes(first!);
    }, false, 30_000);
    expect([kept, workers().length]).toEqual([false, 1]);
  });

  it('package skips it with a note (sam build keeps the zip as it is) and a missing CodeUri with a warning; named, each is an error', async () => {
    const dir = project(MISSING);
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    const outcome = await packageFunctions(opts);
    expect(outcome.builds.map((b) => b.functions)).toEqual([['Hello']]);
    expect(notices.filter((n) => n.message.includes('is skipped'))).toEqual([
      { level: 'note', message: "Worker is skipped: its CodeUri 'worker.zip' is a zip file, which sam build keeps and sam deploy uploads as it is, so pylambda does not package it" },
      { level: 'warning', message: `Built is skipped: its CodeUri 'build/built/' does not exist (looked in ${join(dir, 'build', 'built')})` },
    ]);

    const named = await cli(['package', 'Worker'], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe("error: Worker is skipped: its CodeUri 'worker.zip' is a zip file, which sam build keeps and sam deploy uploads as it is, so pylambda does not package it\nPoint CodeUri at the directory the zip is built from for pylambda to package Worker.\n");
    const missing = await cli(['package', 'Built'], dir);
    expect(missing.stderr).toBe(`error: Resources.Built: CodeUri 'build/built/' does not exist (looked in ${join(dir, 'build', 'built')})\nRun the build step that makes it, or point CodeUri at the directory that holds the code.\n`);
  });

  it('invoke of a function whose CodeUri does not exist is an error that says so', async () => {
    const dir = project(MISSING);
    const run = await cli(['invoke', 'Built'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: Resources.Built: CodeUri 'build/built/' does not exist (looked in ${join(dir, 'build', 'built')})\nRun the build step that makes it, or point CodeUri at the directory that holds the code.\n`);
  });
});

describe('a zip that cannot be unzipped safely', () => {
  it("an entry with '..' is refused by invoke, and dev skips its function with that warning and serves the others", async () => {
    const dir = project();
    writeZip(join(dir, 'worker.zip'), [['index.py', workerCode('x')], ['../escaped.py', 'X = 1\n']]);
    const message = "worker.zip: the entry '../escaped.py' has a '..' in its path, which would be written outside the directory it is unzipped into (zip slip), so the zip is not unzipped";
    const error = await invoke(dir, 'Worker').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UserError', message, hint: 'Build the zip again from the directory that holds the code (cd src && zip -r ../function.zip .).' });
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'escaped.py'))).toBe(false);
    expect(cacheEntries(unzipped(dir)).filter((name) => name.startsWith('worker'))).toEqual([]);

    const dev = await startDev(dir);
    session = dev.session;
    expect(dev.events).toContainEqual({ type: 'warning', diagnostic: { severity: 'warning', file: 'template.yaml', path: 'Resources.Worker', message: `${message}, and Worker is skipped` } });
    expect(await fetch(`${dev.url('ServerlessHttpApi')}/hi`).then((r) => r.text())).toBe('hi');
    // Its route answers as one whose function could not be invoked (HTTP API 500), as sam local answers it (502).
    const work = await fetch(`${dev.url('ServerlessHttpApi')}/work`);
    expect([work.status, await work.text()]).toEqual([500, '{"message":"Internal Server Error"}']);
  });

  it('an absolute entry, and a link out of the directory, are refused', async () => {
    const dir = project();
    writeZip(join(dir, 'worker.zip'), [['/tmp/escaped.py', 'X = 1\n']]);
    await expect(invoke(dir, 'Worker')).rejects.toThrow("worker.zip: the entry '/tmp/escaped.py' is an absolute path, which would be written outside the directory it is unzipped into (zip slip), so the zip is not unzipped");
    writeZip(join(dir, 'worker.zip'), [['index.py', workerCode('x')], ['lib/up', '../../..', 0o120777]]);
    await expect(invoke(dir, 'Worker')).rejects.toThrow("worker.zip: the entry 'lib/up' is a symbolic link to '../../..', outside the directory it is unzipped into, so the zip is not unzipped");
  });

  it("a zip holding more than Lambda's 250 MB unzipped (a zip bomb) is refused before anything is written", async () => {
    const dir = project();
    const script = [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
      '    with z.open("zeros.bin", "w", force_zip64=True) as f:',
      '        chunk = bytes(1 << 20)',
      '        for _ in range(251): f.write(chunk)',
    ].join('\n');
    execFileSync(testPython(), ['-c', script, join(dir, 'worker.zip')]);
    await expect(invoke(dir, 'Worker')).rejects.toThrow("worker.zip holds 251.0 MB unzipped, over the 250.0 MB Lambda takes for a function's code and layers, so it is not unzipped");
    expect(cacheEntries(unzipped(dir)).filter((name) => name.startsWith('worker'))).toEqual([]);
  });

  it('a file that is no zip says so', async () => {
    const dir = project();
    writeFileSync(join(dir, 'worker.zip'), 'PK');
    await expect(invoke(dir, 'Worker')).rejects.toThrow('worker.zip cannot be read as a zip file: End of central directory record signature not found. Either not a zip file, or file is truncated.');
  });
});
