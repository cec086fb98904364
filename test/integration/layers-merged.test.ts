// Two layers that both ship python/mypkg/ run as Lambda extracts them into /opt, in the function's order: one
// merged mypkg with the modules of both, the later layer's file where both have one (core/runtime/layer-merge.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnTemplate, probeUntil, scratchDir, startDev, testPython } from '../helpers.js';
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
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'layers'))).toHaveLength(1);
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
    // An earlier run's view of the layers the other way round, and one being made by another pylambda.
    writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]'));
    expect((await cli(['invoke'], { cwd: dir })).code).toBe(0);
    const stale = listed();
    mkdirSync(join(views, '0123456789abcdef-0123456789abcdef.partial-999999'));
    writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref Second, !Ref First]', '[!Ref First, !Ref Second]'));
    const dev = await startDev(dir, { watch: true });
    try {
      const get = async () => (await fetch(`${dev.url('ServerlessHttpApi')}/mods`)).json() as Promise<unknown[]>;
      expect(await get()).toEqual(MERGED);
      const started = listed().filter((name) => !name.includes('.partial-'));
      expect([started.length, stale.includes(started[0]!)]).toEqual([1, false]);
      expect(listed()).toContain('0123456789abcdef-0123456789abcdef.partial-999999');
      // The function's layers change: its new view is made, the one it had goes.
      writeFileSync(template, readFileSync(template, 'utf8').replace('[!Ref First, !Ref Second]', '[!Ref Second, !Ref First]'));
      expect(await probeUntil(async () => (await get())[0], 'first')).toBe('first');
      expect(listed().filter((name) => !name.includes('.partial-'))).toEqual(stale);
    } finally {
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

