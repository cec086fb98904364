import { describe, expect, it } from 'vitest';
import { analyzeIndex } from '../../src/core/coldstart/analysis.js';
import { buildFindings, heavyModules } from '../../src/core/coldstart/findings.js';
import { HANDLER_IMPORT_MARKER, INVOKE_MARKER, parseImportTime } from '../../src/core/coldstart/importtime.js';
import { MIN_COMPILE_BYTES, packageFindings } from '../../src/core/coldstart/package-findings.js';
import { slowStartup } from '../../src/core/coldstart/startup.js';
import { buildColdstartReport } from '../../src/core/coldstart/report.js';
import { indexTree, rootPhases, RUNTIME_MODULES } from '../../src/core/coldstart/tree-index.js';
import { formatColdstartReport } from '../../src/ui/coldstart-report.js';
import { styleFor } from '../../src/ui/io.js';

const line = (self: number, cumulative: number, depth: number, name: string) =>
  `import time: ${String(self).padStart(9)} | ${String(cumulative).padStart(10)} | ${'  '.repeat(depth)}${name}`;

/**
 * The runtime client's marker (pylambda_bootstrap.py prints it under -X importtime just before the
 * handler import): with it, a handler whose first import is one the runtime also uses (`importlib.util`,
 * `threading`) is still the user's.
 */
const stderr = [
  line(1000, 1000, 0, 'site'),
  line(300, 300, 0, '_socket'),
  line(500, 500, 0, 'json'),
  line(100, 100, 0, 'pylambda_logging'),
  line(90, 90, 0, 'importlib.machinery'),
  line(400, 400, 1, '_weakrefset'),
  line(900, 1300, 0, 'threading'),
  HANDLER_IMPORT_MARKER,
  line(2000, 2000, 0, 'importlib.util'),
  'a line the handler printed',
  line(30000, 30000, 1, 'numpy'),
  line(25000, 55000, 0, 'pandas'),
  line(60000, 60000, 1, 'botocore'),
  line(40000, 100000, 0, 'boto3'),
  line(8000, 8000, 0, 'src.small'),
].join('\n');

describe('the handler-import marker', () => {
  const tree = parseImportTime(stderr);

  it('records where the handler\'s imports start, and is not an import itself', () => {
    expect(tree.handlerImportAt).toBe(6);
    expect(tree.roots.map((r) => r.name)).toEqual(['site', '_socket', 'json', 'pylambda_logging', 'importlib.machinery', 'threading', 'importlib.util', 'pandas', 'boto3', 'src.small']);
    expect(tree.lineCount).toBe(13);
  });

  it('splits the phases exactly at the marker', () => {
    const phases = indexTree(tree, { handlerModule: 'lambda_function' }).nodes.filter((i) => !i.parent).map((i) => i.node.name + ':' + i.phase);
    expect(phases).toEqual([
      'site:startup', '_socket:runtime', 'json:runtime', 'pylambda_logging:runtime', 'importlib.machinery:runtime', 'threading:runtime',
      'importlib.util:user', 'pandas:user', 'boto3:user', 'src.small:user',
    ]);
    // Without the marker, `importlib.util` would be taken for the runtime's (its top level is importlib).
    const guessed = rootPhases(tree.roots, RUNTIME_MODULES.pylambda);
    expect(guessed[6]).toBe('runtime');
  });

  it.each([
    ['the handler imported nothing new', [line(1, 1, 0, 'site'), line(1, 1, 0, 'json'), HANDLER_IMPORT_MARKER], ['startup', 'runtime'], 2],
    ['only the first marker counts', [line(1, 1, 0, 'site'), HANDLER_IMPORT_MARKER, line(1, 1, 0, 'x'), HANDLER_IMPORT_MARKER, line(1, 1, 0, 'y')], ['startup', 'user', 'user'], 1],
    ['no site (python -S)', [line(1, 1, 0, 'json'), HANDLER_IMPORT_MARKER, line(1, 1, 0, 'x')], ['runtime', 'user'], 1],
  ])('%s', (_name, lines, phases, at) => {
    const parsed = parseImportTime(lines.join('\n'));
    expect(parsed.handlerImportAt).toBe(at);
    expect(rootPhases(parsed.roots, RUNTIME_MODULES.pylambda, parsed.handlerImportAt)).toEqual(phases);
  });

  it('is absent from output without a marker (awslambdaric)', () => {
    expect(parseImportTime(line(1, 1, 0, 'site')).handlerImportAt).toBeUndefined();
    expect(Object.keys(parseImportTime(line(1, 1, 0, 'site')))).toEqual(['roots', 'lineCount', 'cachedCount', 'truncated']);
  });
});

describe('the first-invocation marker: imports the handler makes while it runs (lazy ones)', () => {
  const lazy = [
    line(1000, 1000, 0, 'site'),
    line(500, 500, 0, 'json'),
    HANDLER_IMPORT_MARKER,
    line(3000, 3000, 0, 'src.handlers'),
    INVOKE_MARKER,
    line(90000, 90000, 1, 'botocore'),
    line(70000, 160000, 0, 'boto3'),
    line(2000, 2000, 0, 'src.extra'),
  ].join('\n');
  const tree = parseImportTime(lazy);
  const index = indexTree(tree, { handlerModule: 'lambda_function' });

  it('splits them off as the invoke phase, with an origin that says so', () => {
    expect(tree.invokeAt).toBe(3);
    expect(index.nodes.map((i) => `${i.node.name}:${i.phase}`)).toEqual(['site:startup', 'json:runtime', 'src.handlers:user', 'boto3:invoke', 'botocore:invoke', 'src.extra:invoke']);
    const analysis = analyzeIndex(index);
    expect(analysis.phases.user).toEqual({ ms: 3, modules: 1 });
    expect(analysis.phases.invoke).toEqual({ ms: 162, modules: 3 });
    expect(analysis.packages.map((p) => p.name)).toEqual(['src']);
    // Named apart, heaviest first: the first request pays them.
    expect(analysis.invokePackages.map((p) => [p.name, p.firstImport.cumulativeMs])).toEqual([['botocore', 90], ['boto3', 160], ['src', 2]]);
  });

  it("names the first invocation's heaviest imports in the terminal report", () => {
    const report = buildColdstartReport({
      function: { name: 'Fn', handler: 'lambda_function.handler', runtime: 'python3.12', memorySizeMb: 128 },
      initDurationsMs: [100], importtimeStderr: lazy, lint: [],
    });
    expect(formatColdstartReport(report, { style: styleFor({}, {}), width: 100 })).toContain("\n  first invocation's imports: boto3 160 ms, src 2.00 ms\n");
  });

  it('reports boto3 imported lazily as the first invocation\'s cost, without telling to move it back', () => {
    const analysis = analyzeIndex(index, { modules: { python: '3.12.0', packages: {}, stdlib: [] } });
    const [boto3] = buildFindings({ lint: [], index, analysis }).filter((f) => f.rule === 'boto3-import');
    expect(boto3!.message).toBe("boto3 costs 160 ms of each environment's first invocation (with botocore and what they pull in): it is imported while the handler runs, not during the init, so Init Duration leaves it out and the first request pays it.");
    expect(boto3!.fix).toMatch(/^Nothing to change if that is the design/);
  });

  it('counts only after the handler-import marker, and only once', () => {
    expect(parseImportTime([INVOKE_MARKER, line(1, 1, 0, 'x')].join('\n')).invokeAt).toBeUndefined();
    const twice = parseImportTime([HANDLER_IMPORT_MARKER, line(1, 1, 0, 'a'), INVOKE_MARKER, line(1, 1, 0, 'b'), INVOKE_MARKER, line(1, 1, 0, 'c')].join('\n'));
    expect(twice.invokeAt).toBe(1);
    expect(rootPhases(twice.roots, RUNTIME_MODULES.pylambda, twice.handlerImportAt, twice.invokeAt)).toEqual(['user', 'invoke', 'invoke']);
  });
});

describe('heavy modules for the review (--heavy)', () => {
  const index = indexTree(parseImportTime(stderr), { handlerModule: 'lambda_function' });

  it('lists the user\'s first imports over the threshold, without the AWS SDK', () => {
    expect(heavyModules(index)).toEqual(['pandas', 'numpy']);
    expect(heavyModules(index, 5)).toEqual(['pandas', 'numpy', 'src.small']);
    expect(heavyModules(index, 1000)).toEqual([]);
  });

  it('leaves out what boto3 pulls in: it is part of the cost the boto3-import finding reports', () => {
    const sdk = indexTree(parseImportTime([
      line(1000, 1000, 0, 'site'),
      HANDLER_IMPORT_MARKER,
      line(60000, 60000, 2, 'urllib3'),
      line(50000, 110000, 1, 'botocore'),
      line(10000, 120000, 0, 'boto3'),
      line(70000, 70000, 0, 'requests'),
    ].join('\n')), { handlerModule: 'lambda_function' });
    expect(heavyModules(sdk)).toEqual(['requests']);
    const analysis = analyzeIndex(sdk, { modules: { python: '3.12.0', packages: {}, stdlib: [] } });
    expect(buildFindings({ lint: [], index: sdk, analysis }).map((f) => `${f.rule} ${f.module}`)).toEqual(['slow-import requests', 'boto3-import boto3']);
  });

  it('does not report a slow module body twice when the review already says to defer its import', () => {
    const analysis = analyzeIndex(index, { modules: { python: '3.12.0', packages: {}, stdlib: [], local: ['src'] } });
    const lint = [{ rule: 'heavy-import', file: 'lambda_function.py', line: 3, column: 1, message: 'm', fix: 'f', module: 'src.small' }];
    const withReview = buildFindings({ lint, index, analysis, slowImportMs: 5, moduleFiles: { 'src.small': 'src/small.py' } });
    expect(withReview.filter((f) => f.module === 'src.small').map((f) => f.rule)).toEqual(['heavy-import']);
    const without = buildFindings({ lint: [], index, analysis, slowImportMs: 5, moduleFiles: { 'src.small': 'src/small.py' } });
    expect(without.find((f) => f.rule === 'slow-module-body')).toMatchObject({ module: 'src.small', file: 'src/small.py' });
  });
});

describe('package findings', () => {
  it('no bytecode: reported with the measured compile time as its savings', () => {
    const [finding] = packageFindings({ bytecode: 'absent', pythonVersion: '3.12', compile: { files: 3, bytes: 61_440, ms: 31.5 } });
    expect(finding).toMatchObject({ rule: 'no-bytecode', severity: 'warning', savingsMs: 31.5 });
    expect(finding!.message).toContain('Compiling the 3 files it imports (60 KB) costs about 32 ms here.');
    expect(finding!.fix).toContain('python3.12 -m compileall -q --invalidation-mode unchecked-hash');
    expect(finding!.fix).toMatch(/^pylambda package ships them/);
  });

  it('no bytecode but little code: not worth a line, decided on the size, not the time (it came and went between runs)', () => {
    expect(packageFindings({ bytecode: 'absent', compile: { files: 1, bytes: 900, ms: 0.2 } })).toEqual([]);
    expect(packageFindings({ bytecode: 'absent', compile: { files: 2, bytes: MIN_COMPILE_BYTES - 1, ms: 2.75 } })).toEqual([]);
    expect(packageFindings({ bytecode: 'absent', compile: { files: 2, bytes: MIN_COMPILE_BYTES, ms: 1.5 } })).toHaveLength(1);
    expect(packageFindings({ bytecode: 'present' })).toEqual([]);
  });

  it('says why timestamp-based .pyc do not count', () => {
    const [finding] = packageFindings({ bytecode: 'absent', staleBytecodeFiles: 4 });
    expect(finding!.message).toContain('The 4 timestamp-based .pyc beside the sources do not count');
    expect(finding!.savingsMs).toBeUndefined();
  });

  it.each([
    ['well under the limit', 100 * 1024 * 1024, []],
    ['close to the limit', 210 * 1024 * 1024, ['package-size close to']],
    ['over the limit', 300 * 1024 * 1024, ['package-size over']],
  ])('code size %s', (_name, bytes, expected) => {
    const found = packageFindings({ codeSizeBytes: bytes }).map((f) => `${f.rule} ${/(close to|over) Lambda/.exec(f.message)?.[1]}`);
    expect(found).toEqual(expected);
  });

  it('a bundled boto3', () => {
    expect(packageFindings({ boto3Bundled: true })).toMatchObject([{ rule: 'boto3-bundled', severity: 'info', module: 'boto3' }]);
    expect(packageFindings({ boto3Bundled: false })).toEqual([]);
    // Listed in requirements.txt: the package will bundle it, though the code directory does not hold it yet.
    const listed = packageFindings({ boto3Bundled: false, boto3Listed: true });
    expect(listed).toMatchObject([{ rule: 'boto3-bundled', severity: 'info', module: 'boto3' }]);
    expect(listed[0]!.message).toMatch(/^requirements\.txt lists boto3, so the package bundles it/);
    expect(packageFindings({ boto3Bundled: true, boto3Listed: true })).toHaveLength(1);
  });
});

describe('a slow interpreter start-up (site-packages .pth files)', () => {
  const startup = (certifiUs: number) => indexTree(parseImportTime([
    line(4000, 4000, 1, 'os'),
    line(certifiUs, certifiUs, 1, 'certifi'),
    line(200, 200, 1, '_distutils_hack'),
    line(1000, 5200 + certifiUs, 0, 'site'),
    HANDLER_IMPORT_MARKER,
    line(900, 900, 0, 'app_dep'),
  ].join('\n')), { handlerModule: 'lambda_function' });

  it('is what site imported beyond the standard start-up, the heavy ones named', () => {
    expect(slowStartup(startup(26_000))).toEqual({ ms: 26.2, culprits: [{ module: 'certifi', ms: 26 }] });
  });

  it('says nothing about a normal start-up', () => {
    expect(slowStartup(startup(1_000))).toBeUndefined();
  });
});
