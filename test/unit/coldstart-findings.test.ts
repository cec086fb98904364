import { describe, expect, it } from 'vitest';
import { analyzeIndex } from '../../src/core/coldstart/analysis.js';
import { buildFindings, moduleOfFile, parseLintOutput, severityOf, type LintFinding } from '../../src/core/coldstart/findings.js';
import { parseImportTime } from '../../src/core/coldstart/importtime.js';
import type { ModuleMap } from '../../src/core/coldstart/modules.js';
import { indexTree } from '../../src/core/coldstart/tree-index.js';

const line = (self: number, cumulative: number, depth: number, name: string) =>
  `import time: ${String(self).padStart(9)} | ${String(cumulative).padStart(10)} | ${'  '.repeat(depth)}${name}`;

// lambda_function imports pandas (which pulls numpy), reports (which imports openpyxl), scipy and
// scipy.stats (`from scipy import stats`), src.handlers (slow own code), slowlib and boto3.
const stderr = [
  line(1000, 1000, 0, 'site'),
  line(500, 500, 0, 'json'),
  line(100, 100, 0, 'pylambda_logging'),
  line(120000, 120000, 1, 'numpy'),
  line(180000, 300000, 0, 'pandas'),
  line(40000, 40000, 1, 'openpyxl'),
  line(1000, 41000, 0, 'reports'),
  line(20000, 20000, 0, 'scipy'),
  line(30000, 30000, 0, 'scipy.stats'),
  line(60000, 60000, 0, 'src.handlers'),
  line(80000, 80000, 0, 'slowlib'),
  line(90000, 90000, 1, 'botocore'),
  line(50000, 140000, 0, 'boto3'),
].join('\n');
const modules: ModuleMap = {
  python: '3.12.4',
  packages: {
    pandas: [{ name: 'pandas', version: '2.2.3' }], numpy: [{ name: 'numpy', version: '2.1.0' }],
    openpyxl: [{ name: 'openpyxl', version: '3.1.5' }], scipy: [{ name: 'scipy', version: '1.14.1' }],
    slowlib: [{ name: 'slow-lib', version: '0.1' }], boto3: [{ name: 'boto3', version: '1.35.0' }], botocore: [{ name: 'botocore', version: '1.35.0' }],
  },
  stdlib: ['json'],
  local: ['lambda_function', 'reports', 'src'],
};
const index = indexTree(parseImportTime(stderr), { handlerModule: 'lambda_function' });
const analysis = analyzeIndex(index, { modules });

const lint = (rule: string, file: string, lineNo: number, extra: Partial<LintFinding> = {}): LintFinding =>
  ({ rule, file, line: lineNo, column: 1, message: `${rule} message.`, fix: `${rule} fix.`, ...extra });

describe('lint findings merged with the import tree', () => {
  const findings = buildFindings({
    lint: [
      lint('env-unchecked', 'lambda_function.py', 9),
      lint('heavy-import', 'lambda_function.py', 3, { module: 'pandas', names: [] }),
      lint('heavy-import', 'reports/__init__.py', 1, { module: 'openpyxl', names: [] }),
      lint('heavy-import', 'lambda_function.py', 5, { module: 'scipy', names: ['stats'] }),
      lint('heavy-import', 'lambda_function.py', 4, { module: 'numpy', names: [] }),
      lint('heavy-import', 'lambda_function.py', 6, { module: 'matplotlib.pyplot', names: [] }),
      lint('client-in-handler', 'lambda_function.py', 20),
    ],
    index,
    analysis,
    bytecode: 'absent',
    pythonVersion: '3.12',
  });
  const find = (rule: string, module?: string) => findings.find((f) => f.rule === rule && (module === undefined || f.module === module));

  it.each([
    ['the cumulative time of a module it imports first', 'pandas', 300],
    ['a module imported first by a package\'s __init__', 'openpyxl', 40],
    ['`from scipy import stats`: the package and the submodule imported beside it', 'scipy', 50],
  ])('attaches the savings: %s', (_name, module, savingsMs) => {
    expect(find('heavy-import', module)!.savingsMs).toBe(savingsMs);
  });

  it('attaches no savings when something else imports the module first, and says what', () => {
    const numpy = find('heavy-import', 'numpy')!;
    expect(numpy.savingsMs).toBeUndefined();
    expect(numpy.message).toBe('heavy-import message. It is first pulled in by lambda_function -> pandas -> numpy, so that import would have to move too.');
  });

  it('says a saving needs the other files that import the module at module level deferred too', () => {
    const two = buildFindings({
      lint: [
        lint('heavy-import', 'lambda_function.py', 3, { module: 'pandas', names: [] }),
        lint('heavy-import', 'lib/other.py', 1, { module: 'pandas', names: [] }),
      ],
      index, analysis,
    });
    expect(two.find((f) => f.file === 'lambda_function.py')!.message).toBe('heavy-import message. The saving needs lib/other.py:1 deferred too, which imports it at module level as well.');
  });

  it('attaches no savings for a module the profile does not show', () => {
    expect(find('heavy-import', 'matplotlib.pyplot')!.savingsMs).toBeUndefined();
  });

  it('keeps file, line, column, message and fix, with the severity of the rule', () => {
    expect(find('client-in-handler')).toEqual({
      rule: 'client-in-handler', severity: 'warning', file: 'lambda_function.py', line: 20, column: 1,
      message: 'client-in-handler message.', fix: 'client-in-handler fix.',
    });
    expect(find('env-unchecked')!.severity).toBe('info');
  });

  it('adds findings from the tree alone: slow dependencies, slow own modules, boto3, no bytecode', () => {
    expect(find('slow-import', 'slowlib')!.message).toBe(
      'slowlib (slow-lib 0.1) costs 80 ms of import time in its own module; its first import, by lambda_function -> slowlib, took 80 ms with what it pulled in.');
    expect(find('slow-module-body', 'src.handlers')!.message).toBe(
      'Your module src.handlers spends 60 ms running its own top-level code at import (imported by lambda_function).');
    expect(find('boto3-import')).toMatchObject({ severity: 'info', module: 'boto3' });
    expect(find('boto3-import')!.message).toContain('boto3 costs 140 ms');
    expect(find('no-bytecode')!.fix).toContain('python3.12 -m compileall -q --invalidation-mode unchecked-hash');
  });

  // client-in-handler's fix, AWS and the seed all say to create clients at module level: not a fault there.
  it('says a slow module body that creates clients at module level is where they belong: info, no move', () => {
    const withClients = buildFindings({
      lint: [{ rule: 'module-client', file: 'src/handlers.py', line: 4, column: 1, message: 'creates a boto3 client at module level', fix: '', module: 'src.handlers' }],
      index, analysis, bytecode: 'present', pythonVersion: '3.12',
    });
    expect(withClients.some((f) => f.rule === 'module-client')).toBe(false);
    expect(withClients.find((f) => f.rule === 'slow-module-body')).toMatchObject({
      severity: 'info',
      message: 'Your module src.handlers spends 60 ms running its own top-level code at import (imported by lambda_function); it creates a boto3 client at module level, which is most of that and where clients belong: each environment pays once, and every invocation reuses them.',
      fix: 'Keep the clients at module level. Only what else runs there, if it is not needed on every invocation, could move into the functions that use it.',
    });
  });

  it('does not repeat a package the review already reports, nor the AWS SDK, nor one under the threshold', () => {
    const slow = findings.filter((f) => f.rule === 'slow-import').map((f) => f.module);
    expect(slow).toEqual(['slowlib']);
  });

  it('orders warnings first, the largest savings first, then by place', () => {
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.module ?? f.file ?? ''}`)).toEqual([
      'warning heavy-import pandas',
      'warning heavy-import scipy',
      'warning heavy-import openpyxl',
      'warning heavy-import numpy',
      'warning heavy-import matplotlib.pyplot',
      'warning client-in-handler lambda_function.py',
      'warning no-bytecode ',
      'warning slow-import slowlib',
      'warning slow-module-body src.handlers',
      'info env-unchecked lambda_function.py',
      'info boto3-import boto3',
    ]);
  });
});

describe('findings without an import profile', () => {
  it('passes the review through unchanged but for severities', () => {
    const findings = buildFindings({ lint: [lint('syntax-error', 'a.py', 3), lint('snapstart', 'a.py', 1)] });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['syntax-error', 'warning'], ['snapstart', 'info']]);
  });

  it.each([
    ['client-in-handler', 'warning'], ['network-at-import', 'warning'], ['heavy-import', 'warning'], ['env-required', 'warning'],
    ['env-unchecked', 'info'], ['snapstart', 'info'], ['syntax-error', 'warning'], ['a-future-rule', 'info'],
  ])('%s is %s', (rule, severity) => {
    expect(severityOf(rule)).toBe(severity);
  });
});

describe('helpers', () => {
  it.each([
    ['lambda_function.py', 'lambda_function'],
    ['src/handlers.py', 'src.handlers'],
    ['reports/__init__.py', 'reports'],
  ])('module of %s is %s', (file, module) => {
    expect(moduleOfFile(file)).toBe(module);
  });

  it('validates the lint script output', () => {
    const ok = [{ rule: 'heavy-import', file: 'a.py', line: 1, column: 1, message: 'm', fix: 'f', module: 'pandas', names: [] }];
    expect(parseLintOutput(ok)).toEqual(ok);
    expect(() => parseLintOutput([{ rule: 'x', file: 'a.py', line: 'one' }])).toThrow(/0\.line/);
    expect(() => parseLintOutput({})).toThrow(/pylambda_lint\.py output/);
  });
});

// Powertools: `from aws_lambda_powertools.event_handler import APIGatewayRestResolver` (needed at module level by the
// routes' decorators) loads event_handler.exceptions, which the same file also imports for one branch.
describe('a heavy import that another module-level import of the same file loads anyway', () => {
  const tree = indexTree(parseImportTime([
    line(1000, 1000, 0, 'site'),
    line(30000, 30000, 2, 'aws_lambda_powertools.event_handler.exceptions'),
    line(40000, 70000, 1, 'aws_lambda_powertools.event_handler'),
    line(500, 70500, 0, 'm'),
  ].join('\n')), { handlerModule: 'm' });
  it('is information, with nothing saved, not a warning', () => {
    const [finding] = buildFindings({
      lint: [lint('heavy-import', 'm.py', 4, { module: 'aws_lambda_powertools.event_handler.exceptions', names: ['NotFoundError'] })],
      index: tree, analysis: analyzeIndex(tree), bytecode: 'present', pythonVersion: '3.12',
    }).filter((f) => f.rule === 'heavy-import');
    expect(finding).toMatchObject({
      severity: 'info', savingsMs: 0,
      message: 'heavy-import message. It is loaded anyway by m -> aws_lambda_powertools.event_handler -> aws_lambda_powertools.event_handler.exceptions, '
        + 'an import of this file that runs at module level: deferring this one saves nothing.',
    });
  });
});
