// `pylambda package --layer` and `--exclude-boto3` end to end on the file system, with a fake installer in place of
// pip: where the dependencies go, and what leaving out the SDK drops and what the report says of it. No network.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFunctions } from '../../src/api/package.js';
import { styleFor } from '../../src/ui/io.js';
import { formatPackageReport } from '../../src/ui/package-report.js';
import { APP, dist, fakeInstaller, makeProject, options, removeTemporary, zipNames, type Files } from './package-helpers.js';

afterAll(removeTemporary);

describe('package --layer and --exclude-boto3 (fake installer)', () => {
  it('--layer puts the dependencies under python/ in their own zip', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'fastlib\n' } });
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': '', ...dist('fastlib', '1') } })]);
    const outcome = await packageFunctions(options(dir, fake.runTool, { layer: true }).opts);
    const out = join(dir, '.aws-sam', 'pylambda', 'package');
    expect(zipNames(join(out, 'Fn.zip'))).toEqual(['app.py', 'requirements.txt']);
    expect(zipNames(join(out, 'Fn.layer.zip'))).toEqual(['python/fastlib-1.dist-info/METADATA', 'python/fastlib-1.dist-info/RECORD', 'python/fastlib/__init__.py']);
    const [fn, layer] = outcome.builds[0]!.artifacts;
    expect(fn!.unzippedLeft).toBe(layer!.unzippedLeft);
    expect(fn!.unzippedLeft).toBe(250 * 1024 * 1024 - fn!.unzippedBytes - layer!.unzippedBytes);

    await packageFunctions(options(dir, fake.runTool).opts);
    expect(readdirSync(out).sort()).toEqual(['Fn.zip', 'manifest.json']);
  });

  it.each([
    ['only comments in requirements.txt', { 'src/requirements.txt': '# nothing yet\n' }, 'requirements.txt lists no packages', 'none: requirements.txt lists no packages'],
    ['no requirements.txt', {}, 'no requirements.txt', 'none: no requirements.txt (nor pyproject.toml dependencies, Pipfile.lock)'],
  ])('--layer with no dependencies (%s): only the function zip, and a note that says why', async (_what, files, why, depsLine) => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, ...files } });
    const fake = fakeInstaller([]);
    const { opts, notices } = options(dir, fake.runTool, { layer: true });
    const outcome = await packageFunctions(opts);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'package')).sort()).toEqual(['Fn.zip', 'manifest.json']);
    expect(notices).toContainEqual({ level: 'note', message: `Fn: --layer, but no dependencies to put in one (${why}): only the function's zip is written` });
    expect(fake.calls).toEqual([]);
    expect(formatPackageReport(outcome, { cwd: dir, style: styleFor({ isTTY: false }, {}) })).toContain(`  deps    ${depsLine}\n`);
  });

  it('--layer --exclude-boto3 with only boto3 listed: the note says the flag left it out', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'boto3\n' } });
    const fake = fakeInstaller([() => ({ files: { 'boto3/__init__.py': '', ...dist('boto3', '1.35.0', ['botocore']), 'botocore/__init__.py': '', ...dist('botocore', '1.35.0') } })]);
    const { opts, notices } = options(dir, fake.runTool, { layer: true, excludeBoto3: true });
    await packageFunctions(opts);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'package')).sort()).toEqual(['Fn.zip', 'manifest.json']);
    expect(notices).toContainEqual({ level: 'note', message: "Fn: --layer, but no dependencies to put in one (what requirements.txt lists is left out by --exclude-boto3): only the function's zip is written" });
  });

  it('--exclude-boto3: the modules counted for compiling are those left, not those dropped', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler', runtime: 'python3.11' } }, files: { ...APP, 'src/requirements.txt': 'boto3\nsix\n' } });
    const fake = fakeInstaller([() => ({ files: {
      'boto3/__init__.py': '', 'boto3/session.py': '', ...dist('boto3', '1.35.0', ['botocore (<1.36)']),
      'botocore/__init__.py': '', 'botocore/client.py': '', ...dist('botocore', '1.35.0'),
      'six.py': '', ...dist('six', '1.16.0'),
    } })]);
    const steps: string[] = [];
    await packageFunctions(options(dir, fake.runTool, { excludeBoto3: true, onProgress: (e) => (e.kind === 'step' && e.step === 'compile' ? steps.push(e.detail ?? '') : undefined) }).opts);
    expect(fake.calls.some((c) => c.includes('compileall'))).toBe(true);
    expect(steps.filter((step) => /^\d+ modules?$/.test(step))).toEqual(['1 module']);
  });

  it('--exclude-boto3 drops the SDK and what only it needed', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'boto3\nsix\n' } });
    const files: Files = {
      'boto3/__init__.py': '', ...dist('boto3', '1.35.0', ['botocore (<1.36)', 'jmespath', 's3transfer']),
      'botocore/__init__.py': '', ...dist('botocore', '1.35.0', ['jmespath', 'python-dateutil', 'urllib3']),
      's3transfer/__init__.py': '', ...dist('s3transfer', '0.10.0', ['botocore']),
      'jmespath/__init__.py': '', ...dist('jmespath', '1.0.1'),
      'dateutil/__init__.py': '', ...dist('python-dateutil', '2.9.0', ['six']),
      'urllib3/__init__.py': '', ...dist('urllib3', '2.2.0'),
      'six.py': '', ...dist('six', '1.16.0'),
    };
    const fake = fakeInstaller([() => ({ files })]);
    const { opts, notices } = options(dir, fake.runTool, { excludeBoto3: true });
    const outcome = await packageFunctions(opts);
    const names = zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'Fn.zip'));
    expect(names.filter((n) => !n.includes('.dist-info/'))).toEqual(['app.py', 'requirements.txt', 'six.py']);
    expect(outcome.builds[0]!.dependencies.distributions).toEqual(['six 1.16.0']);
    expect(notices.map((n) => n.message)).toContain("six 1.16.0 stays in the package (requirements.txt lists it); the runtime's boto3 will import this copy instead of its own");
  });

  it('without --exclude-boto3, the note counts what the flag would leave out: the SDK and what only it needs', async () => {
    const dir = makeProject({ functions: { Fn: { handler: 'app.handler' } }, files: { ...APP, 'src/requirements.txt': 'boto3\nsix\n' } });
    const kb = 'x'.repeat(1024);
    const fake = fakeInstaller([() => ({ files: {
      'boto3/__init__.py': kb, ...dist('boto3', '1.35.0', ['botocore (<1.36)', 'jmespath']),
      'botocore/__init__.py': kb, 'botocore/data/s3.json': kb.repeat(4), ...dist('botocore', '1.35.0', ['jmespath', 'urllib3']),
      'jmespath/__init__.py': kb, ...dist('jmespath', '1.0.1'),
      'urllib3/__init__.py': kb, ...dist('urllib3', '2.2.0'),
      'six.py': kb.repeat(50), ...dist('six', '1.16.0'),
    } })]);
    const { opts, notices } = options(dir, fake.runTool);
    await packageFunctions(opts);
    const note = notices.find((n) => n.message.includes('--exclude-boto3 leaves them out'))!.message;
    // 8 KB of modules and data, and their .dist-info; not six, which requirements.txt lists.
    expect(note).toMatch(/^boto3 and what only it needs \(boto3, botocore, jmespath, urllib3\) take (8\.\d|9\.\d) KB of Fn's package before compiling;/);
  });
});
