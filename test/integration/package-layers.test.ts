// The project's layers in `pylambda package`, with a fake installer in place of pip: each layer a packaged
// function lists gets its own zip, built as `sam build` (or the Serverless Framework) builds it, an entry in
// manifest.json, and a place in every function's 250 MB budget. No network.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFunctions } from '../../src/api/package.js';
import { styleFor } from '../../src/ui/io.js';
import { formatPackageReport } from '../../src/ui/package-report.js';
import { buildElf } from '../fixtures/packaging/elf-builder.js';
import { testPython } from '../helpers.js';
import { dist, failure, fakeInstaller, options, removeTemporary, temporary, writeFile, zipNames } from './package-helpers.js';

afterAll(removeTemporary);

const MB = 1024 * 1024;
const ARN = 'arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-arm64:7';

/** A SAM project: `layer` is the SharedLayer resource's extra YAML (Metadata), `fn` the function's Layers (and more). */
function samProject(files: Record<string, string>, layer: string, fn = '', handler = 'app.handler'): string {
  const dir = temporary('pylambda-layers-');
  writeFile(join(dir, 'template.yaml'), [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  SharedLayer:',
    '    Type: AWS::Serverless::LayerVersion',
    '    Properties:',
    '      ContentUri: layer/',
    '      CompatibleRuntimes: [python3.12]',
    layer,
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: src/',
    `      Handler: ${handler}`,
    '      Runtime: python3.12',
    fn || '      Layers: [!Ref SharedLayer]',
    '',
  ].filter((l) => l !== '').join('\n'));
  for (const [path, content] of Object.entries(files)) writeFile(join(dir, path), content);
  return dir;
}

/** What the zip holds unzipped, as Lambda counts it. */
function unzippedSize(zip: string): number {
  return Number(execFileSync(testPython(), ['-c', 'import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))', zip], { encoding: 'utf8' }));
}

const APP = { 'src/app.py': 'import shared\n\ndef handler(event, context):\n    return shared.X\n' };
const plain = styleFor({ isTTY: false }, {});

describe('package: the project\'s layers (fake installer)', () => {
  it('builds a BuildMethod layer as sam build does, lists it in manifest.json, and counts it in the function\'s budget', async () => {
    const dir = samProject(
      { ...APP, 'layer/shared.py': 'X = 1\n', 'layer/requirements.txt': 'fastlib\n', 'layer/tests/test_shared.py': '' },
      '    Metadata:\n      BuildMethod: python3.12\n      BuildArchitecture: arm64',
      `      Architectures: [arm64]\n      Layers: [!Ref SharedLayer, ${ARN}]`,
    );
    const fake = fakeInstaller([() => ({ files: { 'fastlib/__init__.py': 'Y = 2\n', ...dist('fastlib', '1') } })]);
    const { opts, notices } = options(dir, fake.runTool);
    const outcome = await packageFunctions(opts);

    const out = join(dir, '.aws-sam', 'pylambda', 'package');
    expect(readdirSync(out).sort()).toEqual(['Fn.zip', 'SharedLayer.layer.zip', 'manifest.json']);
    const layerZip = join(out, 'SharedLayer.layer.zip');
    expect(zipNames(layerZip)).toEqual(['python/fastlib-1.dist-info/METADATA', 'python/fastlib-1.dist-info/RECORD', 'python/fastlib/__init__.py', 'python/requirements.txt', 'python/shared.py']);
    expect(zipNames(join(out, 'Fn.zip'))).toEqual(['app.py']);
    // Installed from the layer's requirements, for its BuildMethod runtime and BuildArchitecture.
    const install = fake.calls.find((c) => c.includes('install'))!;
    expect(install[install.indexOf('-r') + 1]).toBe(join(dir, 'layer', 'requirements.txt'));
    expect([install[install.indexOf('--python-version') + 1], install.filter((a) => a.endsWith('_aarch64')).length > 0]).toEqual(['3.12', true]);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const sha256 = createHash('sha256').update(readFileSync(layerZip)).digest('hex');
    expect(manifest.functions.Fn.layers).toEqual(['SharedLayer']);
    expect(manifest.layers).toEqual({
      SharedLayer: {
        runtime: 'python3.12', architecture: 'arm64', contentUri: 'layer/', buildMethod: 'python3.12',
        zip: { file: 'SharedLayer.layer.zip', sha256, codeSha256: Buffer.from(sha256, 'hex').toString('base64'), bytes: statSync(layerZip).size, unzippedBytes: unzippedSize(layerZip), buildKey: expect.any(String) },
      },
    });

    const fnBuild = outcome.builds.find((b) => !b.layer)!;
    const layerBuild = outcome.builds.find((b) => b.layer)!;
    const fn = fnBuild.artifacts[0]!;
    expect(fn.unzippedLeft).toBe(250 * MB - fn.unzippedBytes - manifest.layers.SharedLayer.zip.unzippedBytes);
    expect([fn.layers, fn.uncountedLayers]).toEqual([['SharedLayer'], [ARN]]);
    expect(layerBuild).toMatchObject({ functions: ['Fn'], layer: { id: 'SharedLayer', contentUri: 'layer/', buildMethod: 'python3.12' }, dependencies: { distributions: ['fastlib 1'], cache: 'miss' } });
    expect(layerBuild.artifacts[0]!.unzippedLeft).toBe(fn.unzippedLeft);
    expect(notices).toContainEqual({ level: 'note', message: `Fn lists a layer pylambda does not build (${ARN}): Lambda counts its unzipped size in the 250 MB limit, and the room left shown here does not` });

    const report = formatPackageReport(outcome, { cwd: dir, style: plain });
    expect(report).toMatch(/^Packaged 1 function in /);
    expect(report).toContain('unzipped (with SharedLayer; not counting 1 layer pylambda does not build)\n');
    expect(report).toMatch(/\nSharedLayer\.layer\.zip {2}python3\.12 arm64 {2}.* \(\d+ B unzipped, 5 files\) {2}layer of Fn\n/);

    // Unchanged: the cached dependencies and the same zip.
    const again = await packageFunctions(options(dir, fake.runTool).opts);
    expect(fake.installs()).toBe(1);
    expect(again.builds.find((b) => b.layer)!.artifacts[0]).toMatchObject({ reused: true, sha256 });
  });

  it('fails a function over 250 MB unzipped with its layers, and writes nothing', async () => {
    const dir = samProject({ ...APP, 'src/requirements.txt': 'heavy\n', 'layer/shared.py': '', 'layer/requirements.txt': 'big\n' }, '    Metadata:\n      BuildMethod: python3.12');
    // The layer is built first (the function's check counts it), then the function.
    const fake = fakeInstaller([
      () => ({ files: { 'big/data.bin': { sparse: 60 * MB }, ...dist('big', '1') } }),
      () => ({ files: { 'heavy/data.bin': { sparse: 200 * MB }, ...dist('heavy', '1') } }),
    ]);
    const error = await failure(packageFunctions(options(dir, fake.runTool).opts));
    expect(error.message).toMatch(/^Fn is too large for Lambda:\nThe package is 260\.0 MB unzipped with 60\.0 MB of layers; Lambda allows 250\.0 MB including layers\nThe largest packages:\n {2}heavy +200\.0 MB\n {2}big +60\.0 MB\n/);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'package')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('packages a layer without BuildMethod as its directory is; its handler may come from it', async () => {
    const dir = samProject({
      'src/helper.py': '', 'layer/python/shared.py': 'def handler(e, c):\n    return 1\n', 'layer/requirements.txt': 'fastlib\n', 'layer/tests/test_shared.py': '',
    }, '', '', 'shared.handler');
    const fake = fakeInstaller([]);
    const { opts, notices } = options(dir, fake.runTool);
    const outcome = await packageFunctions(opts);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'SharedLayer.layer.zip'))).toEqual(['python/shared.py', 'requirements.txt']);
    expect(fake.calls).toEqual([]);
    expect(notices).toContainEqual({ level: 'note', message: "SharedLayer: its requirements.txt is packaged as a file, not installed: sam build installs a layer's requirements only with Metadata BuildMethod (python3.12)" });
    expect(notices.filter((n) => n.message.includes('handler'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(dir, '.aws-sam', 'pylambda', 'package', 'manifest.json'), 'utf8'));
    expect(manifest.layers.SharedLayer).toMatchObject({ runtime: 'python3.12', architecture: 'x86_64', contentUri: 'layer/' });
    expect(manifest.layers.SharedLayer.buildMethod).toBeUndefined();
    expect(formatPackageReport(outcome, { cwd: dir, style: plain })).toContain('  deps    none: the directory is packaged as it is (no BuildMethod)\n');
  });

  it('says when a BuildMethod layer holds python/: sam build nests it where Lambda does not look', async () => {
    const dir = samProject({ ...APP, 'layer/python/shared.py': 'X = 1\n' }, '    Metadata:\n      BuildMethod: python3.12');
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    await packageFunctions(opts);
    expect(zipNames(join(dir, '.aws-sam', 'pylambda', 'package', 'SharedLayer.layer.zip'))).toEqual(['python/python/shared.py']);
    expect(notices.filter((n) => n.level === 'warning').map((n) => n.message)).toContainEqual(expect.stringMatching(/^Resources\.SharedLayer: with BuildMethod python3\.12, sam build copies ContentUri into python\/, so layer\/python\/ lands in \/opt\/python\/python/));
  });

  it('fails when a native library of the layer cannot load in a function that lists it (SAM builds x86_64 without BuildArchitecture)', async () => {
    const dir = samProject({ ...APP, 'layer/shared.py': '', 'layer/requirements.txt': 'fastlib\n' }, '    Metadata:\n      BuildMethod: python3.12', '      Architectures: [arm64]\n      Layers: [!Ref SharedLayer]');
    const so = 'fastlib/_speed.cpython-312-x86_64-linux-gnu.so';
    const fake = fakeInstaller([() => ({ files: { [so]: buildElf({ machine: 62 }), ...dist('fastlib', '1') } })]);
    const error = await failure(packageFunctions(options(dir, fake.runTool).opts));
    expect(error.message).toBe([
      'A shared object in layer SharedLayer (built for python3.12 x86_64: no Metadata.BuildArchitecture, so SAM builds it for x86_64), which Fn lists, cannot load on python3.12 (arm64):',
      `  ${so} is built for x86_64, but the function runs on aarch64 (arm64)`,
      `  ${so} is an extension module for x86_64; the function runs on aarch64`,
    ].join('\n'));
    expect(error.hint).toBe("Set SharedLayer's Metadata BuildMethod and BuildArchitecture to what Fn runs on (python3.12, arm64), or give Fn a layer built for it.");
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'package')).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('skips a Makefile layer with a warning, and says the function\'s budget leaves it out', async () => {
    const dir = samProject({ ...APP, 'layer/Makefile': 'build-SharedLayer:\n\ttrue\n' }, '    Metadata:\n      BuildMethod: makefile');
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    const outcome = await packageFunctions(opts);
    expect(readdirSync(join(dir, '.aws-sam', 'pylambda', 'package')).sort()).toEqual(['Fn.zip', 'manifest.json']);
    expect(notices).toContainEqual({ level: 'warning', message: 'SharedLayer is not packaged: its BuildMethod is makefile: sam build runs its Makefile, which pylambda does not (build it with sam build)' });
    expect(notices).toContainEqual({ level: 'note', message: 'Fn lists a layer pylambda does not build (SharedLayer): Lambda counts its unzipped size in the 250 MB limit, and the room left shown here does not' });
    expect(outcome.builds[0]!.artifacts[0]!.unzippedLeft).toBe(250 * MB - outcome.builds[0]!.artifacts[0]!.unzippedBytes);
  });

  it('packages a serverless.yml layer from its path, and leaves that path out of the function, as the Framework does', async () => {
    const dir = temporary('pylambda-layers-sls-');
    writeFile(join(dir, 'serverless.yml'), 'service: s\nprovider:\n  name: aws\n  runtime: python3.12\nlayers:\n  deps: { path: layer }\nfunctions:\n  f:\n    handler: app.handler\n    layers: [{ Ref: DepsLambdaLayer }]\n');
    writeFile(join(dir, 'app.py'), 'import shared\n\ndef handler(event, context):\n    return shared.X\n');
    writeFile(join(dir, 'layer', 'python', 'shared.py'), 'X = 1\n');
    const outcome = await packageFunctions(options(dir, fakeInstaller([]).runTool).opts);
    const out = join(dir, '.pylambda', 'package');
    // In the Framework's words: a layer has a path, packaged as it is; BuildMethod is SAM's.
    expect(formatPackageReport(outcome, { cwd: dir, style: plain })).toContain("  deps    none: the layer's path (layer) is packaged as it is, as serverless package zips it\n");
    expect(outcome.builds.find((b) => b.layer)!.layer).toEqual({ id: 'DepsLambdaLayer', contentUri: 'layer', style: 'serverless' });
    expect(zipNames(join(out, 'f.zip'))).toEqual(['app.py']);
    expect(zipNames(join(out, 'DepsLambdaLayer.layer.zip'))).toEqual(['python/shared.py']);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).functions.f.layers).toEqual(['DepsLambdaLayer']);
    // The module at the layer's root, beside no python/: in the zip as written, and said, as Lambda will not import it.
    writeFile(join(dir, 'layer', 'util.py'), 'Y = 2\n');
    rmSync(join(dir, 'layer', 'python'), { recursive: true });
    const { opts, notices } = options(dir, fakeInstaller([]).runTool);
    await packageFunctions(opts);
    expect(notices).toContainEqual({ level: 'warning', message: "layers.deps: layer holds util.py at its root, which Lambda extracts into /opt, off Python's path (a layer's modules import from /opt/python): they will not import, on Lambda nor here. Move them into layer/python/" });
  });

  // serverless package writes one .serverless/s.zip that every function of the service deploys, whatever layers each
  // lists (test/.peers' Framework v3); pylambda keeps a file per function (hard-linked) and counted each apart.
  it("collects a serverless.yml service's code once for functions that list other layers, and says the zips are one", async () => {
    const dir = temporary('pylambda-layers-sls-shared-');
    writeFile(join(dir, 'serverless.yml'), "service: s\nprovider:\n  name: aws\n  runtime: python3.12\npackage: { patterns: ['!.pylambda/**'] }\nlayers:\n  deps: { path: layer }\nfunctions:\n  api:\n    handler: app.handler\n    layers: [{ Ref: DepsLambdaLayer }]\n  worker:\n    handler: worker.handler\n");
    writeFile(join(dir, 'app.py'), 'import shared\n\ndef handler(event, context):\n    return shared.X\n');
    writeFile(join(dir, 'worker.py'), 'def handler(event, context):\n    return 2\n');
    writeFile(join(dir, 'layer', 'python', 'shared.py'), 'X = 1\n');
    const collected: string[] = [];
    const outcome = await packageFunctions(options(dir, fakeInstaller([]).runTool, { onProgress: (p) => (p.kind === 'step' && p.step === 'files' ? collected.push(p.build) : undefined) }).opts);
    expect(collected).toEqual(['DepsLambdaLayer', 'api']);
    const out = join(dir, '.pylambda', 'package');
    expect(statSync(join(out, 'api.zip')).ino).toBe(statSync(join(out, 'worker.zip')).ino);
    const report = formatPackageReport(outcome, { cwd: dir, style: plain }).split('\n');
    expect(report.slice(report.indexOf('worker.zip  the same zip as api.zip (one artifact, hard-linked; its room left counts its own layers)'), -1).slice(0, 3)).toEqual([
      'worker.zip  the same zip as api.zip (one artifact, hard-linked; its room left counts its own layers)',
      expect.stringMatching(/^ {2}left {4}50\.0 MB of 50\.0 MB zipped, 250\.0 MB of 250\.0 MB unzipped$/),
      '',
    ]);
    expect(report.filter((l) => l.startsWith('  sha256'))).toHaveLength(2);
  });

  it('refuses a serverless.yml layer the service\'s package.patterns leave empty, as serverless package does', async () => {
    const dir = temporary('pylambda-layers-sls-empty-');
    writeFile(join(dir, 'serverless.yml'), "service: s\nprovider:\n  name: aws\n  runtime: python3.12\npackage:\n  individually: true\n  patterns: ['!**']\nlayers:\n  common: { path: layer }\nfunctions:\n  f:\n    handler: app.handler\n    package: { patterns: [app.py] }\n    layers: [{ Ref: CommonLambdaLayer }]\n");
    writeFile(join(dir, 'app.py'), 'import shared\n\ndef handler(event, context):\n    return shared.X\n');
    writeFile(join(dir, 'layer', 'python', 'shared.py'), 'X = 1\n');
    const error = await failure(packageFunctions(options(dir, fakeInstaller([]).runTool).opts));
    expect(error.message).toBe('layers.common: no file of layer is left by its package patterns (!**), and serverless package refuses the layer with "No file matches include / exclude patterns"');
    expect(error.hint).toBe("The service's package.patterns apply to a layer's path too: take its files back in the layer's own patterns (layers.common.package.patterns: ['python/**']).");
  });
});
