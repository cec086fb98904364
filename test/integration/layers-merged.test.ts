// Two layers that both ship python/mypkg/ run as Lambda extracts them into /opt, in the function's order: one
// merged mypkg with the modules of both, the later layer's file where both have one (core/runtime/layer-merge.ts).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheEntries, fnTemplate, ROOT, probeUntil, scratchDir, startDev, testPython } from '../helpers.js';
import { cli } from './invoke-cli.js';

const HANDLER = [
  'import mypkg, mypkg.shared',
  'from mypkg import first, second',
  '',
  'def handler(event, context):',
  '    import importlib',
  '    extra = importlib.import_module("mypkg.third").TEXT if importlib.util.find_spec("mypkg.third") else None',
  '    return {"statusCode": 200, "body": __import__("json").dumps([mypkg.INIT, first.TEXT, second.TEXT, mypkg.shared.TEXT, extra])}',
  '',
].join('\n');

/** A project whose function lists First then Second, both with python/mypkg/ (__init__.py and shared.py in both). */
function project(): string {
  const dir = scratchDir('layers-merged');
  for (const [layer, own] of [['first', 'first.py'], ['second', 'second.py']] as const) {
    const pkg = join(dir, layer, 'python', 'mypkg');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, '__init__.py'), `INIT = "${layer}"\n`);
    writeFileSync(join(pkg, 'shared.py'), `TEXT = "shared from ${layer}"\n`);
    writeFileSync(join(pkg, own), `TEXT = "${layer} only"\n`);
  }
  writeFileSync(join(dir, 'template.yaml'), fnTemplate({
    resources: [
      'First:', '  Type: AWS::Serverless::LayerVersion', '  Properties: { ContentUri: first/ }',
      'Second:', '  Type: AWS::Serverless::LayerVersion', '  Properties: { ContentUri: second/ }',
    ],
    properties: ['CodeUri: src/', 'Layers: [!Ref First, !Ref Second]'],
    events: ['Get: { Type: HttpApi, Properties: { Path: /mods, Method: get } }'],
  }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), HANDLER);
  return dir;
}

const MERGED = ['second', 'first only', 'second only', 'shared from second', null];

describe('layers that overlap under /opt/python', () => {
  it('invoke: the handler imports modules of both layers, and the later layer\'s version of a file both have', async () => {
    const dir = project();
    const { code, stdout, stderr } = await cli(['invoke'], { cwd: dir });
    expect([code, stderr.includes('Traceback') ? stderr : '', JSON.parse(JSON.parse(stdout).body)]).toEqual([0, '', MERGED]);
    // The view lives in the state directory, one per set of layers.
    expect(cacheEntries(join(dir, '.aws-sam', 'pylambda', 'layers'))).toHaveLength(1);
  });

  it('the order is the function\'s: listed the other way round, the first layer\'s files win', async () => {
    const dir = project();
    const template = join(dir, 'template.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]'));
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(JSON.parse(stdout).body)]).toEqual([0, ['first', 'first only', 'second only', 'shared from first', null]]);
  });

  it('a layer whose ContentUri is a zip merges from where it is unzipped', async () => {
    const dir = project();
    execFileSync(testPython(), ['-c', 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])', join(dir, 'second'), join(dir, 'second')]);
    rmSync(join(dir, 'second'), { recursive: true });
    const template = join(dir, 'template.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('ContentUri: second/', 'ContentUri: second.zip'));
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(JSON.parse(stdout).body)]).toEqual([0, MERGED]);
  });

  it('layers that share no name get no view: each one\'s python/ is on the path as before', async () => {
    const dir = project();
    writeFileSync(join(dir, 'second', 'python', 'mypkg', '__init__.py'), '');
    renameSync(join(dir, 'second', 'python', 'mypkg'), join(dir, 'second', 'python', 'otherpkg'));
    writeFileSync(join(dir, 'src', 'app.py'), 'import mypkg, otherpkg.second\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": __import__("json").dumps([mypkg.INIT, otherpkg.second.TEXT])}\n');
    const { code, stdout } = await cli(['invoke'], { cwd: dir });
    expect([code, JSON.parse(JSON.parse(stdout).body)]).toEqual([0, ['first', 'second only']]);
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'layers'))).toBe(false);
  });

  it('dev: views no function uses any more are removed when it starts and when a reload makes them anew', async () => {
    const dir = project();
    const views = join(dir, '.aws-sam', 'pylambda', 'layers');
    const template = join(dir, 'template.yaml');
    const listed = () => readdirSync(views).sort();
    // An earlier run's view of the layers the other way round; one being made by another pylambda that runs, and one
    // left half made by a pylambda that is gone.
    writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]'));
    expect((await cli(['invoke'], { cwd: dir })).code).toBe(0);
    const stale = cacheEntries(views);
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    const making = `0123456789abcdef-0123456789abcdef.partial-${other.pid}`;
    mkdirSync(join(views, making));
    mkdirSync(join(views, 'fedcba9876543210-fedcba9876543210.partial-999999'));
    writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref Second, !Ref First]', '[!Ref First, !Ref Second]'));
    const dev = await startDev(dir, { watch: true });
    try {
      const get = async () => (await fetch(`${dev.url('ServerlessHttpApi')}/mods`)).json() as Promise<unknown[]>;
      expect(await get()).toEqual(MERGED);
      const started = cacheEntries(views);
      expect([started.length, stale.includes(started[0]!)]).toEqual([1, false]);
      expect(listed().filter((name) => name.includes('.partial-'))).toEqual([making]);
      // The function's layers change: its new view is made, and the one it had goes once the function that ran from
      // it has stopped (a timeout after the reload replaced it) and dev reloads again.
      writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]'));
      expect(await probeUntil(async () => (await get())[0], 'first')).toBe('first');
      expect(cacheEntries(views).sort()).toEqual([...started, ...stale].sort());
      expect(await probeUntil(async () => {
        await dev.session.reload([template]);
        return JSON.stringify(cacheEntries(views));
      }, JSON.stringify(stale))).toBe(JSON.stringify(stale));
    } finally {
      other.kill();
      await dev.session.stop();
    }
  });

  it('another pylambda\'s view stays while it runs from it, and goes once it has stopped', async () => {
    const dir = project();
    const views = join(dir, '.aws-sam', 'pylambda', 'layers');
    // An invoke of the layers the other way round, whose handler imports from them only after a while: dev,
    // started meanwhile, would have removed that view (no function of its own uses it) from under the import.
    writeFileSync(join(dir, 'src', 'slow.py'), 'import time\n\ndef handler(event, context):\n    time.sleep(3)\n    from mypkg import second, shared\n    return [second.TEXT, shared.TEXT]\n');
    writeFileSync(join(dir, 'other.yaml'), readFileSync(join(dir, 'template.yaml'), 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]').replace('Handler: app.handler', 'Handler: slow.handler\n      Timeout: 10'));
    const invoke = spawn(process.execPath, [join(ROOT, 'bin', 'pylambda.js'), 'invoke', '--template', 'other.yaml', '--python', testPython()], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = new Promise<[number | null, string, string]>((resolve) => {
      let out = '';
      let err = '';
      invoke.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      invoke.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      invoke.on('close', (code) => resolve([code, out, err]));
    });
    expect(await probeUntil(async () => existsSync(views) && cacheEntries(views).length === 1, true)).toBe(true);
    const [held] = cacheEntries(views);
    const dev = await startDev(dir);
    try {
      expect(await (await fetch(`${dev.url('ServerlessHttpApi')}/mods`)).json()).toEqual(MERGED);
      expect(cacheEntries(views)).toContain(held!);
      const [code, out, err] = await output;
      expect([code, err.includes('Traceback') ? err : '', JSON.parse(out)]).toEqual([0, '', ['second only', 'shared from first']]);
      // The invoke is gone, its lease with it: the next pruning (a reload of dev's) removes its view.
      await dev.session.reload([join(dir, 'template.yaml')]);
      expect(cacheEntries(views)).toHaveLength(1);
      expect(cacheEntries(views)).not.toContain(held!);
    } finally {
      invoke.kill();
      await dev.session.stop();
    }
  });

  it('dev: the merged view is made anew when a layer gains a file, and an edit shows through', async () => {
    const dir = project();
    const dev = await startDev(dir, { watch: true });
    try {
      const get = async () => (await fetch(`${dev.url('ServerlessHttpApi')}/mods`)).json() as Promise<unknown[]>;
      expect(await get()).toEqual(MERGED);
      writeFileSync(join(dir, 'first', 'python', 'mypkg', 'third.py'), 'TEXT = "added to first"\n');
      expect(await probeUntil(async () => (await get())[4], 'added to first')).toBe('added to first');
      writeFileSync(join(dir, 'second', 'python', 'mypkg', 'shared.py'), 'TEXT = "edited in second"\n');
      expect(await probeUntil(async () => (await get())[3], 'edited in second')).toBe('edited in second');
    } finally {
      await dev.session.stop();
    }
  });
});


describe('a reload while an invocation runs from the layers\' merged view', () => {
  it('the invocation in flight keeps its view until it ends; the next reload removes it', async () => {
    const dir = project();
    const views = join(dir, '.aws-sam', 'pylambda', 'layers');
    const template = join(dir, 'template.yaml');
    // The handler imports from the layers only after a while: a reload meanwhile made a new view and removed the
    // one its environment runs from.
    writeFileSync(join(dir, 'src', 'slow.py'), 'import time\n\ndef handler(event, context):\n    time.sleep(2)\n    from mypkg import second, shared\n    return {"statusCode": 200, "body": __import__("json").dumps([second.TEXT, shared.TEXT])}\n');
    writeFileSync(template, readFileSync(template, 'utf8').replace('Handler: app.handler', 'Handler: slow.handler\n      Timeout: 3'));
    const dev = await startDev(dir);
    try {
      const slow = fetch(`${dev.url('ServerlessHttpApi')}/mods`);
      slow.catch(() => undefined);
      expect(await probeUntil(async () => existsSync(views) && cacheEntries(views).length === 1, true)).toBe(true);
      const [held] = cacheEntries(views);
      await new Promise((resolve) => setTimeout(resolve, 300));
      writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]'));
      await dev.session.reload([template]);
      expect(cacheEntries(views)).toContain(held!);
      const response = await slow;
      expect([response.status, await response.json()]).toEqual([200, ['second only', 'shared from second']]);
      // Its function stops once a timeout has passed with nothing to do: a reload after that removes the view.
      const gone = await probeUntil(async () => {
        await dev.session.reload([template]);
        return cacheEntries(views).includes(held!);
      }, false);
      expect([gone, cacheEntries(views).length]).toEqual([false, 1]);
    } finally {
      await dev.session.stop();
    }
  });
});
