import { describe, expect, it } from 'vitest';
import type { PackageOutcome } from '../../src/api/package.js';
import { styleFor } from '../../src/ui/io.js';
import { bar, progressView } from '../../src/ui/package-progress.js';
import { formatPackageReport, packageJson } from '../../src/ui/package-report.js';
import { runCaptured } from '../cli-run.js';

const plain = styleFor({ isTTY: false }, {});

function sink(columns?: number) {
  const out: string[] = [];
  return { out, stream: { write: (t: string) => out.push(t), ...(columns ? { columns } : {}) } };
}

describe('package progress', () => {
  it('prints one line per step for logs, and no counters', () => {
    const { out, stream } = sink();
    const view = progressView(stream, plain, { live: false });
    view.onProgress({ kind: 'step', build: 'Api', step: 'install', detail: 'pip 24.2 on Python 3.12.4' });
    view.onProgress({ kind: 'count', build: 'Api', step: 'install', done: 3 });
    view.onProgress({ kind: 'step', build: 'Api', step: 'zip', detail: '12 files' });
    view.onProgress({ kind: 'count', build: 'Api', step: 'zip', done: 12, total: 12 });
    view.print('warning: x');
    view.onProgress({ kind: 'end', build: 'Api' });
    expect(out.join('')).toBe('Api: installing dependencies (pip 24.2 on Python 3.12.4)\nApi: zipping (12 files)\nwarning: x\n');
  });

  it('redraws one live line on a terminal, at most every 80 ms, and keeps it below printed lines', () => {
    const { out, stream } = sink(60);
    let t = 0;
    const view = progressView(stream, plain, { live: true, now: () => t });
    view.onProgress({ kind: 'step', build: 'Api', step: 'zip' });
    view.onProgress({ kind: 'count', build: 'Api', step: 'zip', done: 1, total: 4 }); // too soon: not drawn
    t = 100;
    view.onProgress({ kind: 'count', build: 'Api', step: 'zip', done: 2, total: 4 });
    view.print('warning: big');
    view.onProgress({ kind: 'count', build: 'Api', step: 'zip', done: 4, total: 4 }); // the last one always
    view.done();
    expect(out).toEqual([
      '\r\u001b[2KApi zipping',
      `\r\u001b[2KApi zipping ${bar(2, 4)} 2/4`,
      '\r\u001b[2K', 'warning: big\n', `Api zipping ${bar(2, 4)} 2/4`,
      `\r\u001b[2KApi zipping ${bar(4, 4)} 4/4`,
      '\r\u001b[2K',
    ]);
    view.onProgress({ kind: 'step', build: 'Api', step: 'install', detail: 'x'.repeat(100) });
    expect(out[out.length - 1]!.length).toBeLessThanOrEqual('\r\u001b[2K'.length + 59);
  });

  it('draws bars proportionally', () => {
    expect(bar(0, 10, 10)).toBe('░'.repeat(10));
    expect(bar(5, 10, 10)).toBe('█'.repeat(5) + '░'.repeat(5));
    expect(bar(12, 10, 10)).toBe('█'.repeat(10));
  });
});

const OUTCOME: PackageOutcome = {
  root: '/p',
  outDir: '/p/.pylambda/package',
  manifest: '/p/.pylambda/package/manifest.json',
  durationMs: 1234,
  builds: [{
    functions: ['Api', 'Worker'],
    runtime: 'python3.12',
    architecture: 'arm64',
    codeDir: '/p/src',
    chalice: false,
    dependencies: { requirements: '/p/src/requirements.txt', installer: 'uv 0.5.11', distributions: ['orjson 3.10.7'], cache: 'hit' },
    bytecode: { python: '3.12.4', files: 3 },
    durationMs: 100,
    artifacts: [{
      kind: 'function', path: '/p/.pylambda/package/Api.zip', paths: ['/p/.pylambda/package/Api.zip', '/p/.pylambda/package/Worker.zip'], functions: ['Api', 'Worker'], runtime: 'python3.12', architecture: 'arm64',
      bytes: 131_072, unzippedBytes: 337_920, sha256: 'ab'.repeat(32), codeSha256: 'q80=', zippedLeft: 52_297_728, unzippedLeft: 261_806_080,
      entries: 17, reused: true, largest: [{ name: 'orjson', bytes: 300_000 }],
    }],
  }],
};

describe('package report', () => {
  it('shows each artifact with its size, SHA-256 and the budget left', () => {
    expect(formatPackageReport(OUTCOME, { cwd: '/p', style: plain })).toBe([
      'Packaged 2 functions in 1.2 s into .pylambda/package/ (manifest: .pylambda/package/manifest.json)',
      '',
      'Api.zip, Worker.zip  python3.12 arm64  128.0 KB (330.0 KB unzipped, 17 files)  unchanged',
      `  sha256  ${'ab'.repeat(32)}  (CodeSha256 q80=)`,
      '  left    49.9 MB of 50.0 MB zipped, 249.7 MB of 250.0 MB unzipped',
      '  deps    1 distribution, from the cache (uv 0.5.11)',
      '  .pyc    3 files for Python 3.12.4',
      '',
    ].join('\n'));
  });

  it('names the wheels built here from source requirements, also in --json', () => {
    const built = [{ requirement: './lib', kind: 'local path' as const, wheel: 'shared-1.0.0-py3-none-any.whl' }, { requirement: 'six @ https://e.com/six-1.16.0.tar.gz', kind: 'source archive' as const, wheel: 'six-1.16.0-py2.py3-none-any.whl' }];
    const outcome = { ...OUTCOME, builds: [{ ...OUTCOME.builds[0]!, dependencies: { ...OUTCOME.builds[0]!.dependencies, distributions: ['shared 1.0.0', 'six 1.16.0'], cache: 'off' as const, built } }] };
    expect(formatPackageReport(outcome, { cwd: '/p', style: plain })).toContain('\n  deps    2 distributions (2 built here: shared-1.0.0-py3-none-any.whl, six-1.16.0-py2.py3-none-any.whl), installed (not cacheable) (uv 0.5.11)\n');
    expect(JSON.parse(packageJson(outcome, [])).builds[0].dependencies.built).toEqual(built);
  });

  it('a zip over the direct-upload limit: how far over, and that it deploys through S3', () => {
    const artifact = { ...OUTCOME.builds[0]!.artifacts[0]!, bytes: 60 * 1024 * 1024, zippedLeft: -10 * 1024 * 1024, unzippedLeft: 100 * 1024 * 1024 };
    const over = { ...OUTCOME, builds: [{ ...OUTCOME.builds[0]!, artifacts: [artifact] }] };
    expect(formatPackageReport(over, { cwd: '/p', style: plain })).toContain('  left    10.0 MB over the 50.0 MB of a direct upload (deploy through S3), 100.0 MB of 250.0 MB unzipped\n');
  });

  it('a build apart for its layers alone writes the same zip: named the same, with its own room left', () => {
    const MB = 1024 * 1024;
    const api = { ...OUTCOME.builds[0]!, functions: ['api'], artifacts: [{ ...OUTCOME.builds[0]!.artifacts[0]!, functions: ['api'], unzippedLeft: 200 * MB, layers: ['DepsLambdaLayer'] }] };
    const worker = { ...OUTCOME.builds[0]!, functions: ['worker'], artifacts: [{ ...OUTCOME.builds[0]!.artifacts[0]!, functions: ['worker'], unzippedLeft: 240 * MB }] };
    const other = { ...worker, functions: ['other'], artifacts: [{ ...worker.artifacts[0]!, functions: ['other'], sha256: 'cd'.repeat(32) }] };
    const lines = formatPackageReport({ ...OUTCOME, builds: [api, worker, other] }, { cwd: '/p', style: plain }).split('\n');
    expect(lines.slice(lines.indexOf('worker.zip  the same zip as api.zip (one artifact, hard-linked; its room left counts its own layers)'))).toEqual([
      'worker.zip  the same zip as api.zip (one artifact, hard-linked; its room left counts its own layers)',
      '  left    49.9 MB of 50.0 MB zipped, 240.0 MB of 250.0 MB unzipped',
      '',
      expect.stringMatching(/^other\.zip {2}python3\.12 arm64 /),
      `  sha256  ${'cd'.repeat(32)}  (CodeSha256 q80=)`,
      '  left    49.9 MB of 50.0 MB zipped, 240.0 MB of 250.0 MB unzipped',
      '  deps    1 distribution, from the cache (uv 0.5.11)',
      '  .pyc    3 files for Python 3.12.4',
      '',
    ]);
  });

  it('a layer of the project: its own block, named after it, with the functions that list it; they say what they count', () => {
    const MB = 1024 * 1024;
    const fn = { ...OUTCOME.builds[0]!.artifacts[0]!, reused: false, unzippedLeft: 200 * MB, layers: ['SharedLayer'], uncountedLayers: ['arn:aws:lambda:us-east-1:1:layer:x:1'] };
    const layer = {
      ...OUTCOME.builds[0]!, functions: ['Api', 'Worker'], layer: { id: 'SharedLayer', contentUri: 'layer/' }, codeDir: '/p/layer',
      dependencies: { distributions: [], cache: 'none' as const }, bytecode: { python: '3.12.4', files: 1 },
      artifacts: [{ ...fn, kind: 'layer' as const, path: '/p/.pylambda/package/SharedLayer.layer.zip', bytes: 2048, unzippedBytes: 50 * MB, entries: 2 }],
    };
    const outcome = { ...OUTCOME, builds: [{ ...OUTCOME.builds[0]!, artifacts: [fn] }, layer] };
    expect(formatPackageReport(outcome, { cwd: '/p', style: plain }).split('\n').slice(2)).toEqual([
      'Api.zip, Worker.zip  python3.12 arm64  128.0 KB (330.0 KB unzipped, 17 files)',
      `  sha256  ${'ab'.repeat(32)}  (CodeSha256 q80=)`,
      '  left    49.9 MB of 50.0 MB zipped, 200.0 MB of 250.0 MB unzipped (with SharedLayer; not counting 1 layer pylambda does not build)',
      '  deps    1 distribution, from the cache (uv 0.5.11)',
      '  .pyc    3 files for Python 3.12.4',
      '',
      'SharedLayer.layer.zip  python3.12 arm64  2.0 KB (50.0 MB unzipped, 2 files)  layer of Api, Worker',
      `  sha256  ${'ab'.repeat(32)}  (CodeSha256 q80=)`,
      '  left    49.9 MB of 50.0 MB zipped, 200.0 MB of 250.0 MB unzipped (the least left among Api, Worker)',
      '  deps    none: the directory is packaged as it is (no BuildMethod)',
      '  .pyc    1 file for Python 3.12.4',
      '',
    ]);
    expect(formatPackageReport(outcome, { cwd: '/p', style: plain })).toMatch(/^Packaged 2 functions /);
    // A serverless.yml layer has a path and no BuildMethod (SAM's word) to miss.
    const sls = { ...outcome, builds: [outcome.builds[0]!, { ...layer, layer: { ...layer.layer, contentUri: 'layer', style: 'serverless' as const } }] };
    expect(formatPackageReport(sls, { cwd: '/p', style: plain }).split('\n').filter((l) => l.startsWith('  deps'))).toEqual([
      '  deps    1 distribution, from the cache (uv 0.5.11)',
      "  deps    none: the layer's path (layer) is packaged as it is, as serverless package zips it",
    ]);
  });

  it('--json gives the whole outcome and the notices, on one line as the other commands\' --json (it took 68)', () => {
    const text = packageJson(OUTCOME, [{ level: 'note', message: 'n' }]);
    expect(text.indexOf('\n')).toBe(text.length - 1);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ outDir: '/p/.pylambda/package', durationMs: 1234, notices: [{ level: 'note', message: 'n' }] });
    expect(doc.builds[0].artifacts[0]).toMatchObject({ sha256: 'ab'.repeat(32), zippedLeft: 52_297_728, reused: true });
  });
});

describe('pylambda package arguments', () => {
  const run = (argv: string[]) => runCaptured(argv, { cwd: '/nonexistent' });

  it.each([
    [['package', '--arch', 'sparc'], /^error: --arch must be x86_64 or arm64, not 'sparc'\n$/],
    [['package', '--installer', 'poetry'], /^error: --installer must be pip or uv, not 'poetry'\n$/],
    [['package', '--layr'], /^error: Unknown option '--layr'/],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('has help', async () => {
    const { code, stdout } = await run(['package', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: pylambda package \[FUNCTION\.\.\.\] \[--arch x86_64\|arm64\] \[--out DIR\] \[--layer\] \[--exclude-boto3\] \[--template FILE\] \[--stage S\] \[--param K=V\] \[--region R\] \[--parameter-overrides K=V\] \[--config-env NAME\] \[--config-file FILE\] \[--python PATH\] \[--installer uv\|pip\] \[--no-cache\] \[--json\]/);
  });
});
