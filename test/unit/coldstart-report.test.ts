import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildColdstartReport, COLDSTART_SCHEMA_VERSION } from '../../src/core/coldstart/report.js';
import { FIXTURES } from '../helpers.js';

const stderr = readFileSync(`${FIXTURES}coldstart/bootstrap-importtime.txt`, 'utf8');
const fn = { name: 'SlowFunction', handler: 'lambda_function.lambda_handler', runtime: 'python3.12', memorySizeMb: 256 };

describe('buildColdstartReport (the --json document)', () => {
  const report = buildColdstartReport({
    function: fn,
    measuredAt: '2025-01-02T03:04:05.000Z',
    initDurationsMs: [150, 140, 160],
    firstInvokeMs: 3.2,
    warmInvokeMs: 1.1,
    maxMemoryUsedMb: 41,
    budgetMs: 145,
    importtimeStderr: stderr,
    modules: { python: '3.12.4', packages: {}, stdlib: ['email', 'json'], local: ['lambda_function', 'src', 'slowpkg'] },
    package: { bytecode: 'absent' },
  });

  it('has a schema version and a stable set of top-level keys', () => {
    expect(report.schemaVersion).toBe(COLDSTART_SCHEMA_VERSION);
    expect(COLDSTART_SCHEMA_VERSION).toBe(1);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'function', 'measuredAt', 'runs', 'budget', 'imports', 'package', 'findings']);
    expect(Object.keys(report.imports!)).toEqual(
      ['handlerModule', 'totalMs', 'phases', 'packages', 'invokePackages', 'distributions', 'heaviestModules', 'runtimeImports', 'preloadedImports', 'truncated', 'tree', 'rootPhases']);
  });

  it('summarises the runs and decides the budget on the median', () => {
    expect(report.runs).toEqual({
      initDurationsMs: [150, 140, 160], stats: { count: 3, min: 140, max: 160, mean: 150, median: 150, p90: 160 },
      firstInvokeMs: 3.2, warmInvokeMs: 1.1, maxMemoryUsedMb: 41,
    });
    expect(report.budget).toMatchObject({ status: 'fail', medianMs: 150, budgetMs: 145, overByMs: 5 });
  });

  it('explains the imports and turns the tree and the package into findings', () => {
    expect(report.imports!.packages[0]!.firstImport.chain).toEqual(['lambda_function', 'src.handlers', 'slowpkg']);
    expect(report.imports!.rootPhases).toHaveLength(report.imports!.tree.length);
    expect(report.findings.map((f) => [f.rule, f.module])).toEqual([
      ['no-bytecode', undefined],
      ['slow-module-body', 'slowpkg'],
    ]);
    expect(report.findings[0]!.message).toContain('Python 3.12');
  });

  it('survives a JSON round trip unchanged (plain data only)', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('works with only the durations', () => {
    const bare = buildColdstartReport({ function: fn, initDurationsMs: [90] });
    expect(bare).toEqual({
      schemaVersion: 1,
      function: fn,
      runs: { initDurationsMs: [90], stats: { count: 1, min: 90, max: 90, mean: 90, median: 90, p90: 90 } },
      budget: { status: 'none', medianMs: 90, references: [{ name: 'raw handler', targetMs: 100, met: true }, { name: 'Chalice app', targetMs: 200, met: true }] },
      findings: [],
    });
  });

  it('reads the handler module from a package-path handler', () => {
    const nested = buildColdstartReport({ function: { ...fn, handler: 'app/main.handler' }, initDurationsMs: [1], importtimeStderr: '' });
    expect(nested.imports!.handlerModule).toBe('app.main');
  });
});

describe('the snapstart finding', () => {
  const snapstartLint = {
    rule: 'snapstart', file: 'app.py', line: 3, column: 1, fix: 'Only with SnapStart (Python 3.12+): compute it after init.',
    message: 'uuid.uuid4() is computed at import and kept in ID: with SnapStart it is computed once, before the snapshot.',
  };
  const rulesFor = (runtime: string) => buildColdstartReport({ function: { ...fn, runtime }, initDurationsMs: [90], lint: [snapstartLint] }).findings.map((f) => f.rule);

  it.each(['python3.9', 'python3.10', 'python3.11'])('is left out on %s: SnapStart for Python needs 3.12 or later', (runtime) => {
    expect(rulesFor(runtime)).toEqual([]);
  });

  it.each(['python3.12', 'python3.13', 'python3.14'])('is kept on %s, where SnapStart can be turned on', (runtime) => {
    expect(rulesFor(runtime)).toEqual(['snapstart']);
  });
});
