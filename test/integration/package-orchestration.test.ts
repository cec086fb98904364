// The package use case end to end on the file system, with a fake installer in place of pip: size
// limits, shared objects, the cache, shared builds, layers, boto3, Chalice. No network.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/adapters/file-walker.js';
import type { RunTool } from '../../src/adapters/tool-runner.js';
import { packageFunctions } from '../../src/api/package.js';
import { UserError } from '../../src/core/errors.js';
import { buildElf } from '../fixtures/packaging/elf-builder.js';
import { APP, dist, failure, fakeInstaller, makeProject, options, removeTemporary, temporary, writeFile, zipNames, type Files } from './package-helpers.js';

afterAll(removeTemporary);

describe('package orchestration (fake installer)', () => {
  it('writes one zip per function, shares a build, and maps them in manifest.json', async () => {
    const dir = makeProject({
      functions: { Api: { handler: 'app.handler' }, Worker: { handler: 'app.handler' }, Other: { handler: 'other.handler', codeUri: 'other/' } },
      files: { ...APP, 'src/requirements.txt': 'fastlib==1.0\n', 'other/other.py': 'def handler(e, c):\n    return 1\n' },
    });
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': 'X = 1\n', ...dist('fastlib', '1.0') } })]);
    const { opts, notices } = options(dir, fake.runTool);
    const outcome = await packageFunctions(opts);

    expect(outcome.builds.map((b) => b.functions)).toEqual([['Api', 'Worker'], ['Other']]);
    expect(fake.installs()).toBe(1);
    // Under .aws-sam, which sam build leaves out when it copies a CodeUri: a .pylambda/ beside the code would ship with it.
    const out = join(dir, '.aws-sam', 'pylambda', 'package');
    // Every file written, as package --help's `jq -r '.builds[].artifacts[].paths[]'` lists them: Worker.zip too.
    expect(outcome.builds.flatMap((b) => b.artifacts.flatMap((a) => a.paths))).toEqual(['Api.zip', 'Worker.zip', 'Other.zip'].map((f) => join(out, f)));
    expect(readdirSync(out).sort()).toEqual(['Api.zip', 'Other.zip', 'Worker.zip', 'manifest.json']);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda')).sort()).toEqual(['cache', 'package']);
    expect(existsSync(join(dir, '.pylambda'))).toBe(false);
    expect(notices.map((n) => n.message).filter((m) => m.includes('earlier pylambda'))).toEqual([]);
    // An earlier version's state is still there: said, since sam build would ship it.
    mkdirSync(join(dir, '.pylambda', 'cache'), { recursive: true });
    const again = options(dir, fake.runTool);
    await packageFunctions(again.opts);
    expect(again.notices).toContainEqual({ level: 'warning', message: `${join(dir, '.pylambda')} is an earlier pylambda's build state: sam build copies it into every function built from CodeUri: . (pylambda now keeps it in ${join('.aws-sam', 'pylambda')}/); delete it` });
    expect(statSync(join(out, 'Api.zip')).ino).toBe(statSync(join(out, 'Worker.zip')).ino);
    expect(zipNames(join(out, 'Api.zip'))).toEqual(['app.py', 'fastlib-1.0.dist-info/METADATA', 'fastlib-1.0.dist-info/RECORD', 'fastlib/__init__.py', 'requirements.txt']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.functions.Api.zip.sha256).toBe(manifest.functions.Worker.zip.sha256);
    expect(manifest.functions.Worker.zip.file).toBe('Worker.zip');
    expect(Buffer.from(manifest.functions.Api.zip.codeSha256, 'base64').toString('hex')).toBe(manifest.functions.Api.zip.sha256);
    expect(notices.filter((n) => n.level === 'warning').map((n) => n.message)).toEqual([
      expect.stringMatching(/^No Python 3\.12 found to compile bytecode \(looked at the project's Python \(3\.11\.9\), python3\.12 on PATH\)/),
      expect.stringMatching(/^pip evaluates environment markers for the machine it runs on, which differs from python3\.12 on x86_64: Python 3\.11, not 3\.12/),
    ]);
  });

  // pip opens `-r /abs/base.txt` as written: read from under the code directory instead, it never reached
  // the key, and a change to it kept the old dependencies.
  it('an include given by an absolute path is part of the cache key', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP } });
    const base = join(dir, 'shared base.txt');
    writeFile(base, 'fastlib==1.0\n');
    writeFile(join(dir, 'src', 'requirements.txt'), `-r "${base}"\n`);
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': '', ...dist('fastlib', '1.0') } })]);
    await packageFunctions(options(dir, fake.runTool).opts);
    await packageFunctions(options(dir, fake.runTool).opts);
    expect(fake.installs()).toBe(1);
    writeFile(base, 'fastlib==1.1\n');
    const changed = await packageFunctions(options(dir, fake.runTool).opts);
    expect([fake.installs(), changed.builds[0]!.dependencies.cache]).toEqual([2, 'miss']);
  });

  // uv records uv_cache.json (a timestamp) in RECORD with its hash: pruned, its line still changed the zip.
  it('a pruned uv_cache.json leaves no line in RECORD, so the zip is the same build after build', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'docopt\n' } });
    let stamp = 0;
    const fake = fakeInstaller([() => ({ files: {
      'docopt.py': '',
      'docopt-0.6.2.dist-info/METADATA': 'Name: docopt\nVersion: 0.6.2\n',
      'docopt-0.6.2.dist-info/uv_cache.json': `{"timestamp": ${++stamp}}`,
      'docopt-0.6.2.dist-info/RECORD': `docopt.py,sha256=x,0\ndocopt-0.6.2.dist-info/uv_cache.json,sha256=${stamp},15\ndocopt-0.6.2.dist-info/RECORD,,\n`,
    } })]);
    const first = await packageFunctions(options(dir, fake.runTool, { noCache: true }).opts);
    const second = await packageFunctions(options(dir, fake.runTool, { noCache: true }).opts);
    expect(fake.installs()).toBe(2);
    expect(second.builds[0]!.artifacts[0]!.sha256).toBe(first.builds[0]!.artifacts[0]!.sha256);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).not.toContain('docopt-0.6.2.dist-info/uv_cache.json');
  });

  it('reuses the cached dependencies and the previous zip; --no-cache rebuilds both', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'fastlib\n' } });
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': '', ...dist('fastlib', '1.0') } })]);
    const first = await packageFunctions(options(dir, fake.runTool).opts);
    const second = await packageFunctions(options(dir, fake.runTool).opts);
    expect(fake.installs()).toBe(1);
    expect(second.builds[0]!.dependencies.cache).toBe('hit');
    expect(second.builds[0]!.artifacts[0]).toMatchObject({ reused: true, sha256: first.builds[0]!.artifacts[0]!.sha256 });

    writeFile(join(dir, 'src', 'app.py'), 'def handler(e, c):\n    return 2\n');
    const edited = await packageFunctions(options(dir, fake.runTool).opts);
    expect(fake.installs()).toBe(1);
    expect(edited.builds[0]!.artifacts[0]!.reused).toBe(false);

    const rebuilt = await packageFunctions(options(dir, fake.runTool, { noCache: true }).opts);
    expect(fake.installs()).toBe(2);
    expect(rebuilt.builds[0]!.dependencies.cache).toBe('miss');
    expect(rebuilt.builds[0]!.artifacts[0]).toMatchObject({ reused: false, sha256: edited.builds[0]!.artifacts[0]!.sha256 });
  });

  it('removes the cached dependencies and bytecode no package used for a month, and keeps what it reuses', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'fastlib\n' } });
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': '', ...dist('fastlib', '1.0') } })]);
    await packageFunctions(options(dir, fake.runTool).opts);
    const cache = join(dir, '.aws-sam', 'pylambda', 'cache');
    const [used] = readdirSync(join(cache, 'deps'));
    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const aged = (path: string, file = false) => {
      if (file) writeFile(path, '');
      else mkdirSync(path, { recursive: true });
      utimesSync(path, monthAgo, monthAgo);
    };
    // Requirements of an earlier branch, a killed install's leftover, modules compiled a month ago and yesterday.
    aged(join(cache, 'deps', 'f'.repeat(64)));
    aged(join(cache, 'deps', `${'e'.repeat(64)}.partial-999999-Ab12Cd`));
    aged(join(cache, 'bytecode', 'old.pyc'), true);
    writeFile(join(cache, 'bytecode', 'recent.pyc'), '');
    aged(join(cache, 'deps', used!));
    const again = await packageFunctions(options(dir, fake.runTool).opts);
    expect([fake.installs(), again.builds[0]!.dependencies.cache]).toEqual([1, 'hit']);
    expect([readdirSync(join(cache, 'deps')), readdirSync(join(cache, 'bytecode'))]).toEqual([[used], ['recent.pyc']]);
    // Used now, so a month from now.
    expect(statSync(join(cache, 'deps', used!)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('removes what a killed run left in the output directory, and only that', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: APP });
    const out = join(dir, '.aws-sam', 'pylambda', 'package');
    const gone = 2147483646; // no process has this id
    writeFile(join(out, `.staging-${gone}-abc123`, 'Fn.zip.partial'), 'PK');
    writeFile(join(out, `manifest.json.partial-${gone}`), '{');
    writeFile(join(out, `manifest.json.partial-${process.ppid}`), '{');
    await packageFunctions(options(dir, fakeInstaller([() => ({})]).runTool).opts);
    expect(readdirSync(out).sort()).toEqual(['Fn.zip', 'manifest.json', `manifest.json.partial-${process.ppid}`]);
  });

  it('fails over 250 MB unzipped with the ten largest packages, and keeps the previous good zip', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'small\n' } });
    const small = fakeInstaller([() => ({ files: { 'small.py': '', ...dist('small', '1') } })]);
    const good = await packageFunctions(options(dir, small.runTool).opts);
    const zip = join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip');
    const before = readFileSync(zip);

    writeFile(join(dir, 'src', 'requirements.txt'), 'huge\n');
    const huge: Files = {};
    for (let i = 1; i <= 12; i++) Object.assign(huge, { [`pkg${String(i).padStart(2, '0')}/data.bin`]: { sparse: (20 + i) * 1024 * 1024 } }, dist(`pkg${String(i).padStart(2, '0')}`, '1'));
    const big = fakeInstaller([() => ({ files: huge })]);
    const error = await failure(packageFunctions(options(dir, big.runTool).opts));
    expect(error.message).toMatch(/^Fn is too large for Lambda:\nThe package is 318\.0 MB unzipped; Lambda allows 250\.0 MB including layers\nThe largest packages:\n  pkg12  +32\.0 MB\n  pkg11  +31\.0 MB\n/);
    expect(error.message.split('\n').filter((l) => /^ {2}pkg/.test(l))).toHaveLength(10);
    expect(error.hint).toMatch(/--exclude-boto3/);
    expect(readFileSync(zip)).toEqual(before);
    expect(JSON.parse(readFileSync(join(dir, '.aws-sam', 'pylambda', 'package', 'manifest.json'), 'utf8')).functions.Fn.zip.sha256).toBe(good.builds[0]!.artifacts[0]!.sha256);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'package')).sort()).toEqual(['Fn.zip', 'manifest.json']);
  });

  it('fails naming a shared object built for another machine', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', architecture: 'arm64' } }, files: { ...APP, 'src/requirements.txt': 'fastlib\n' } });
    const so = 'fastlib/_speed.cpython-312-x86_64-linux-gnu.so';
    const fake = fakeInstaller([() => ({ files: { [so]: buildElf({ machine: 62 }), ...dist('fastlib', '1') } })]);
    const error = await failure(packageFunctions(options(dir, fake.runTool).opts));
    expect(error.message).toBe([
      'A shared object in the dependencies of Fn cannot load on python3.12 (arm64):',
      `  ${so} is built for x86_64, but the function runs on aarch64 (arm64)`,
      `  ${so} is an extension module for x86_64; the function runs on aarch64`,
    ].join('\n'));
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toBe(false);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'cache', 'deps'))).toEqual([]);
  });

  it('refuses a package without the handler\'s module, naming the handler and the file, and writes nothing', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' }, Typo: { handler: 'handlers.orders.create' }, FromRoot: { handler: 'src.app.handler' }, Misspelt: { handler: 'ap.handler' } }, files: APP });
    const fake = fakeInstaller([() => ({})]);
    const error = await failure(packageFunctions(options(dir, fake.runTool).opts));
    expect(error.message).toBe([
      '3 handlers would fail on Lambda with Runtime.ImportModuleError:',
      '  Typo: the handler handlers.orders.create needs handlers/orders.py, which is not in the package built from src/',
      '  FromRoot: the handler src.app.handler needs src/app.py, which is not in the package built from src/: did you mean Handler: app.handler?',
      '  Misspelt: the handler ap.handler needs ap.py, which is not in the package built from src/: did you mean Handler: app.handler?',
    ].join('\n'));
    expect(error.hint).toMatch(/^Check Handler \(module\.function\) and CodeUri/);
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Typo.zip'))).toBe(false);
  });

  // A typo in Handler's function part (lambda_handlr) fails every invoke on Lambda with Runtime.HandlerNotFound;
  // the zip was written and the command succeeded.
  it('refuses a package whose handler module never names the handler\'s function, with the one most likely meant', async () => {
    // Renamed: the function renamed, the template and the module's docstring left naming the old one.
    const renamed = '"""Handler: renamed.lambda_handler"""\n\n\ndef handler(event, context):  # was lambda_handler\n    return {}\n';
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler' }, Typo: { handler: 'app.handlr' }, Other: { handler: 'app.main' }, Renamed: { handler: 'renamed.lambda_handler' }, Many: { handler: 'many.main' } },
      files: { ...APP, 'src/renamed.py': renamed, 'src/many.py': 'def get(event, context):\n    pass\n\n\ndef put(event, context):\n    pass\n' },
    });
    const fake = fakeInstaller([() => ({})]);
    const error = await failure(packageFunctions(options(dir, fake.runTool).opts));
    expect(error.message).toBe([
      '4 handlers would fail on Lambda with Runtime.HandlerNotFound:',
      '  Typo: app.py defines no handlr: did you mean handler?',
      '  Other: app.py defines no main: did you mean handler?',
      '  Renamed: renamed.py defines no lambda_handler: did you mean handler?',
      '  Many: many.py defines no main',
    ].join('\n'));
    expect(error.hint).toBe('The part of Handler after the last dot names a function of its module (module.function).');
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toBe(false);
  });

  // The template reader only warns (the project's other functions run in dev), but no zip of it can ever run.
  it('refuses a package whose handler is not of the form module.function', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' }, Bare: { handler: 'app' } }, files: APP });
    const error = await failure(packageFunctions(options(dir, fakeInstaller([() => ({})]).runTool).opts));
    expect(error.message).toBe('A handler would fail on Lambda with Runtime.MalformedHandlerName:\n  Bare: the handler app is not of the form module.function');
    expect(error.hint).toBe('Write Handler as the module, a dot, and the function: app.handler for def handler in app.py.');
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Bare.zip'))).toBe(false);
  });

  it('keeps the tests/ a package\'s own code imports (astropy), and prunes the others\'', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'astro\nplain\n' } });
    const fake = fakeInstaller([() => ({ files: {
      'astro/__init__.py': 'from .tests.runner import TestRunner\n', 'astro/tests/__init__.py': '', 'astro/tests/runner.py': 'class TestRunner: ...\n', ...dist('astro', '1.0'),
      'astro/io/__init__.py': '', 'astro/io/tests/test_io.py': '', 'astro/conftest.py': 'from astro.io.tests import fixtures\n',
      'plain/__init__.py': '', 'plain/tests/__init__.py': '', 'plain/tests/test_x.py': '', ...dist('plain', '1.0'),
    } })]);
    const { opts, notices } = options(dir, fake.runTool);
    await packageFunctions(opts);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names).toContain('astro/tests/runner.py');
    // Only the tests package the code imports: another one, and one a conftest.py imports, go.
    expect(names.some((n) => n.startsWith('astro/io/tests/'))).toBe(false);
    expect(names.some((n) => n.startsWith('plain/tests/'))).toBe(false);
    expect(notices).toContainEqual({ level: 'note', message: "astro/tests is kept in Fn's package: astro's own code imports it" });
  });

  it('follows a linked directory to one already packaged (both paths are packaged), and warns about a broken link and a loop of links', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/vendored/mypkg/__init__.py': 'X = 42\n' } });
    symlinkSync('vendored/mypkg', join(dir, 'src', 'mypkg'));
    symlinkSync('nowhere', join(dir, 'src', 'dangling'));
    symlinkSync('ping', join(dir, 'src', 'pong'));
    symlinkSync('pong', join(dir, 'src', 'ping'));
    // Emacs' lock file is a dangling link by design, and never packaged: nothing to say about it.
    symlinkSync('me@host.42:1700000000', join(dir, 'src', '.#app.py'));
    symlinkSync('..', join(dir, 'src', 'vendored', 'up'));
    // A link to the code directory's parent: it holds the code directory, so it is a loop too.
    symlinkSync('..', join(dir, 'src', 'parent'));
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    await packageFunctions(opts);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names).toEqual(expect.arrayContaining(['mypkg/__init__.py', 'vendored/mypkg/__init__.py']));
    expect(names.some((n) => n.startsWith('vendored/up/'))).toBe(false);
    expect(notices).toContainEqual({ level: 'warning', message: 'Fn: dangling is not packaged: a broken link (what it points to does not exist)' });
    // A loop of links is no broken link: the fix is another.
    expect(notices).toContainEqual({ level: 'warning', message: 'Fn: ping is not packaged: a loop of links (a -> b -> a, or a link to itself)' });
    expect(notices).toContainEqual({ level: 'warning', message: 'Fn: pong is not packaged: a loop of links (a -> b -> a, or a link to itself)' });
    expect(notices.some((n) => n.message.includes('.#app.py'))).toBe(false);
    expect(notices).toContainEqual({ level: 'warning', message: 'Fn: vendored/up is not packaged: a link back to a directory that holds it (a loop)' });
    expect(notices).toContainEqual({ level: 'warning', message: 'Fn: parent is not packaged: a link back to a directory that holds it (a loop)' });
    expect(names.some((n) => n.startsWith('parent/'))).toBe(false);
  });

  it('stops a walk that links lead through the same directories again and again', () => {
    const root = join(makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP } }), 'src');
    // Each level links twice to the next: 2^12 paths to the last level's file.
    for (let level = 12; level >= 0; level--) {
      const dir = join(root, 'levels', `l${level}`);
      mkdirSync(dir, { recursive: true });
      if (level === 12) writeFile(join(dir, 'x.py'), '');
      else for (const name of ['a', 'b']) symlinkSync(join(root, 'levels', `l${level + 1}`), join(dir, name));
    }
    expect(() => walkFiles(join(root, 'levels', 'l0'), { maxFiles: 1000 })).toThrow(/holds more than 1000 files once its links are followed/);
    expect(walkFiles(join(root, 'levels', 'l0')).files).toHaveLength(4096);
  });

  it('a module the handler\'s import runs that does not compile on the runtime\'s Python fails the build; another module only warns', async () => {
    const dir = makeProject({
      functions: { Fn: { handler: 'app.handler', runtime: 'python3.11' } },
      files: { 'src/app.py': 'from lib import views\n\ndef handler(event, context):\n    return views.x\n', 'src/lib/__init__.py': '', 'src/lib/views.py': 'from .util import y\nx = y\n', 'src/lib/util.py': 'y = 1\n', 'src/extra.py': 'x = 1\n' },
    });
    const base = fakeInstaller([]);
    // What the compile script says of a module Python 3.11 refuses: the error, and the line and its number.
    const compileFailing = (sources: string[], line = 'def f(:\n'): RunTool => async (argv, opts) => {
      if (!argv.some((a) => a.includes('py_compile'))) return base.runTool(argv, opts);
      const jobs = JSON.parse(readFileSync(argv[argv.length - 1]!, 'utf8')) as Array<{ source: string; cfile: string }>;
      for (const job of jobs) writeFile(job.cfile, 'pyc');
      return { code: 0, output: JSON.stringify(jobs.filter((j) => sources.some((s) => j.source.endsWith(s))).map((j) => ({ source: j.source, error: 'SyntaxError: invalid syntax', line, lineno: 3 }))) };
    };
    const handler = await failure(packageFunctions(options(dir, compileFailing(['app.py']), { noCache: true }).opts));
    expect(handler.message).toBe('A handler would fail on Lambda with Runtime.UserCodeSyntaxError:\n  Fn: app.py does not compile on python3.11');
    // A typo no newer Python accepts either: a newer Runtime is no way out.
    expect(handler.hint).toBe('Fix the syntax error the warning above names (its file and line).');
    const newer = await failure(packageFunctions(options(dir, compileFailing(['app.py'], 'type Point = tuple[float, float]\n'), { noCache: true }).opts));
    expect(newer.message).toBe('A handler would fail on Lambda with Runtime.UserCodeSyntaxError:\n  Fn: app.py does not compile on python3.11 (its syntax needs python3.12 or newer)');
    expect(newer.hint).toBe('Use only syntax python3.11 has, or choose Runtime python3.12 or newer in the template (the warning above names the error).');
    // Lambda imports lib/util.py for every invocation, through two top-level imports: as broken as app.py.
    const imported = await failure(packageFunctions(options(dir, compileFailing(['util.py']), { noCache: true }).opts));
    expect(imported.message).toBe('A handler would fail on Lambda with Runtime.UserCodeSyntaxError:\n  Fn: lib/util.py does not compile on python3.11 (imported by app.py -> lib/views.py)');
    const { opts, notices } = options(dir, compileFailing(['extra.py']), { noCache: true });
    await packageFunctions(opts);
    expect(notices.map((n) => n.message)).toContain('Fn: extra.py does not compile on Python 3.11.9 (SyntaxError: invalid syntax, line 3); Lambda will fail to import it');
  });

  it('applies serverless.yml package.patterns as the Framework does: ! excludes, a plain pattern keeps', async () => {
    const dir = temporary('pylambda-sls-patterns-');
    writeFile(join(dir, 'serverless.yml'), "service: s\nprovider: { name: aws, runtime: python3.11 }\npackage: { patterns: ['!docs/**', 'docs/keep.md'] }\nfunctions:\n  api:\n    handler: app.handler\n");
    writeFile(join(dir, 'app.py'), 'def handler(event, context):\n    return 1\n');
    writeFile(join(dir, 'docs', 'big.md'), 'big');
    writeFile(join(dir, 'docs', 'keep.md'), 'keep');
    await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    const names = zipNames(join(dir, '.pylambda', 'package', 'api.zip'));
    expect(names).toContain('docs/keep.md');
    expect(names).not.toContain('docs/big.md');
    // The usual allow-list: everything out, then the code directory back in.
    writeFile(join(dir, 'serverless.yml'), "service: s\nprovider: { name: aws, runtime: python3.11 }\npackage: { patterns: ['!**', 'src/**'] }\nfunctions:\n  api:\n    handler: src/app.handler\n");
    writeFile(join(dir, 'src', 'app.py'), 'def handler(event, context):\n    return 1\n');
    await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    expect(zipNames(join(dir, '.pylambda', 'package', 'api.zip')).filter((n) => !n.endsWith('.pyc'))).toEqual(['src/app.py']);
    // Packaged individually, a function whose own patterns do not take its module back: serverless.yml's words, not SAM's.
    writeFile(join(dir, 'serverless.yml'), "service: s\nprovider: { name: aws, runtime: python3.11 }\npackage: { individually: true, patterns: ['!**'] }\nfunctions:\n  api:\n    handler: src/app.handler\n");
    const error = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool).opts));
    expect(error.message).toBe('A handler would fail on Lambda with Runtime.ImportModuleError:\n  api: the handler src/app.handler needs src/app.py, which is not in the package built from .');
    expect(error.hint).toMatch(/^Check the function's handler \(module\.function.*package\.patterns \(the service's, then the function's own\)/);
  });

  it("installs from serverless-python-requirements' fileName, and says which of its settings it does not apply", async () => {
    const dir = temporary('pylambda-sls-requirements-');
    writeFile(join(dir, 'serverless.yml'), 'service: s\nplugins: [serverless-python-requirements]\ncustom:\n  pythonRequirements: { fileName: requirements/prod.txt, slim: true }\nprovider: { name: aws, runtime: python3.11 }\nfunctions:\n  api:\n    handler: app.handler\n');
    writeFile(join(dir, 'app.py'), 'import fastlib\n\ndef handler(event, context):\n    return 1\n');
    writeFile(join(dir, 'requirements', 'prod.txt'), 'fastlib==1.0\n');
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': 'X = 1\n', ...dist('fastlib', '1.0') } })]);
    const { opts, notices } = options(dir, fake.runTool);
    const outcome = await packageFunctions(opts);
    expect(fake.installs()).toBe(1);
    expect(outcome.builds[0]!.dependencies.requirements).toBe(join(dir, 'requirements', 'prod.txt'));
    expect(zipNames(join(dir, '.pylambda', 'package', 'api.zip'))).toContain('fastlib/__init__.py');
    expect(notices).toContainEqual({ level: 'warning', message: "custom.pythonRequirements.slim: is not applied by pylambda package: it prunes by its own rules (tests/, *.pyi, other Pythons' __pycache__), keeps *.dist-info and strips no .so" });
    // The Framework zips the service directory, where pylambda's own build state is.
    expect(notices).toContainEqual({ level: 'warning', message: "serverless deploy would put .pylambda/ (pylambda's zips and cache) into the package of api: nothing in package.patterns leaves it out; add '!.pylambda/**' to package.patterns in serverless.yml" });
  });

  it('an editable install (-e ../lib) is refused: the package would point at this machine\'s source', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': '-e ../localpkg\n' } });
    // hatchling's way (flit's and setuptools' leave other .pth names): PEP 610 says editable for all of them.
    const fake = fakeInstaller([() => ({ files: {
      '_editable_impl_mylib.pth': '/home/me/localpkg\n', ...dist('mylib', '0.1'),
      'mylib-0.1.dist-info/direct_url.json': '{"url": "file:///home/me/localpkg", "dir_info": {"editable": true}}',
      'plain/__init__.py': '', ...dist('plain', '1.0'), 'plain-1.0.dist-info/direct_url.json': '{"url": "file:///home/me/plain", "dir_info": {}}',
    } })]);
    const failure = await packageFunctions(options(dir, fake.runTool).opts).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe("The requirements of Fn install mylib in editable mode (-e): the package would hold a pointer to this machine's source, not the code");
    expect((failure as UserError).hint).toMatch(/without -e/);
    expect(existsSync(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'))).toBe(false);
  });

  it('--out as a code directory: refused, since the next build would package its zips', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP } });
    const failure = await packageFunctions(options(dir, fakeInstaller([]).runTool, { outDir: 'src' }).opts).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe('--out src is the code directory of Fn: its zips and manifest would be packaged into the next build');
    expect(readdirSync(join(dir, 'src')).sort()).toEqual(['app.py']);
  });

  it('packages a Chalice app as chalice package does, and never a secret', async () => {
    const dir = makeProject({
      functions: { Api: { handler: 'app.app', codeUri: '.' } },
      files: {
        '.chalice/config.json': '{"app_name": "x"}', 'app.py': 'from chalice import Chalice\napp = Chalice(app_name="x")\n',
        'chalicelib/db.py': '', 'vendor/vendored/__init__.py': '', 'other.py': '', 'requirements.txt': 'fastlib\n',
        '.env': 'TOKEN=1', 'chalicelib/id_rsa': '-----BEGIN RSA PRIVATE KEY-----', 'chalicelib/secrets.json': '{}',
        'runtime/chalice/__init__.py': 'from chalice.app import Chalice\n', 'runtime/chalice/app.py': 'class Chalice: ...\n',
      },
    });
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': '', ...dist('fastlib', '1'), 'chalice/cli/__init__.py': '', 'chalice/app.py': 'old', ...dist('chalice', '1.31.0') } })]);
    const { opts, notices } = options(dir, fake.runTool, { tools: { chalicePackageDir: async () => join(dir, 'runtime', 'chalice') } });
    const outcome = await packageFunctions(opts);
    expect(outcome.builds[0]!.chalice).toBe(true);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Api.zip')).filter((n) => !n.includes('.dist-info/'));
    expect(names).toEqual(['app.py', 'chalice/__init__.py', 'chalice/app.py', 'chalicelib/db.py', 'chalicelib/secrets.json', 'fastlib/__init__.py', 'vendored/__init__.py']);
    expect(notices.map((n) => n.message)).toContain('Api: chalicelib/secrets.json looks like a secrets file and will be packaged; exclude it in .pylambdaignore unless the function needs it');
  });

  it('refuses a Chalice app when the project\'s Python has no Chalice', async () => {
    const dir = makeProject({ functions: { Api: { handler: 'app.app', codeUri: '.' } }, files: { '.chalice/config.json': '{}', 'app.py': '' } });
    const error = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool).opts));
    expect(error.message).toMatch(/^This is a Chalice app, and Chalice is not installed in \/fake\/python3\.11/);
  });
});
