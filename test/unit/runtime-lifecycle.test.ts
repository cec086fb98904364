import { describe, expect, it } from 'vitest';
import { mistypedPythonRuntime, PYTHON_RUNTIMES } from '../../src/core/model/limits.js';
import { readSamTemplate } from '../../src/core/model/sam/read.js';
import { problems } from './serverless-helpers.js';
import { deprecatedRuntimeWarnings, deprecationLabel, isoDate, PYTHON_RUNTIME_LIFECYCLE, retiredRuntimeReason, runtimeDeprecation } from '../../src/core/model/runtime-lifecycle.js';
import { validateFunction } from '../../src/core/model/validate.js';
import { FUNCTION_DEFAULTS, type FunctionModel } from '../../src/core/model/project.js';

describe('the Python runtimes\' lifecycle table', () => {
  it('has the dates of every runtime pylambda knows, each in order: deprecated, then no creates, then no updates', () => {
    expect(Object.keys(PYTHON_RUNTIME_LIFECYCLE).sort()).toEqual(PYTHON_RUNTIMES.map((r) => r.name).sort());
    for (const [runtime, dates] of Object.entries(PYTHON_RUNTIME_LIFECYCLE)) {
      for (const date of Object.values(dates)) expect(date, runtime).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(dates.deprecated < dates.blockCreate && dates.blockCreate < dates.blockUpdate, runtime).toBe(true);
    }
  });

  it('has python3.9 deprecated on 2025-12-15 (Lambda runtimes page)', () => {
    expect(PYTHON_RUNTIME_LIFECYCLE['python3.9']!.deprecated).toBe('2025-12-15');
  });
});

describe('runtimeDeprecation', () => {
  it.each([
    ['2025-12-14', undefined],
    ['2025-12-15', 'deprecated'],
    ['2027-01-31', 'deprecated'],
    ['2027-02-01', 'create-blocked'],
    ['2027-03-02', 'create-blocked'],
    ['2027-03-03', 'update-blocked'],
  ])('python3.9 on %s: %s', (today, phase) => {
    expect(runtimeDeprecation('python3.9', today)?.phase).toBe(phase);
  });

  it('knows nothing of a runtime outside the table', () => {
    expect(runtimeDeprecation('python2.7', '2030-01-01')).toBeUndefined();
  });

  it('labels each phase with the date that matters', () => {
    const label = (today: string) => deprecationLabel(runtimeDeprecation('python3.9', today)!);
    expect([label('2026-01-01'), label('2027-02-01'), label('2027-03-03')]).toEqual([
      'deprecated 2025-12-15',
      'deprecated 2025-12-15, no new functions since 2027-02-01',
      'deprecated 2025-12-15, no creates or updates since 2027-03-03',
    ]);
  });

  it('judges a day in UTC', () => {
    expect(isoDate(new Date('2025-12-14T23:30:00-02:00'))).toBe('2025-12-15');
  });
});

describe('deprecatedRuntimeWarnings: what dev, invoke, package and coldstart say', () => {
  const fn = (id: string, runtime: string) => ({ id, runtime, source: { path: `Resources.${id}` } });

  it('one warning per deprecated runtime, naming its functions, at the first of them', () => {
    const warnings = deprecatedRuntimeWarnings([fn('A', 'python3.9'), fn('B', 'python3.12'), fn('C', 'python3.9')], 'template.yaml', '2026-01-10');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', file: 'template.yaml', path: 'Resources.A' });
    expect(warnings[0]!.message).toMatch(/^A, C run on python3\.9\. Lambda deprecated python3\.9 on 2025-12-15: it gets no security patches.*\. Move to a supported runtime \(python3\.\d+ is the newest\)\.$/);
  });

  it('nothing while every runtime is supported, or before its date', () => {
    expect(deprecatedRuntimeWarnings([fn('A', 'python3.12')], 'template.yaml', '2026-11-27')).toEqual([]);
    expect(deprecatedRuntimeWarnings([fn('A', 'python3.9')], 'template.yaml', '2025-12-14')).toEqual([]);
  });
});

describe('a runtime older than those pylambda runs', () => {
  const fn = (runtime: string): FunctionModel => ({
    ...FUNCTION_DEFAULTS, id: 'Fn', name: 'Fn', handler: 'app.handler', codeUri: '.', runtime, architecture: 'x86_64', environment: {}, events: [], source: { file: 'template.json', path: 'Resources.Fn' },
  } as FunctionModel);
  const said = (runtime: string) => validateFunction(fn(runtime), { runtime: 'Resources.Fn.Properties.Runtime' }, 'template.json').map((d) => `${d.severity} ${d.path}: ${d.message}`);

  it.each([
    // AWS CDK samples still use it, and Lambda creates functions on it until 2027-02-01 (cfn-lint's LmbdRuntimeLifecycle.json).
    ['python3.8', []],
    ['python3.7', ["error Resources.Fn.Properties.Runtime: 'python3.7': Lambda deprecated python3.7 on 2023-12-04 and created no functions on it from 2024-01-09, and updates none from 2027-03-03: pylambda does not run it. Move to a supported runtime (python3.8 to python3.14; python3.14 is the newest)"]],
    ['python3.6', ["error Resources.Fn.Properties.Runtime: 'python3.6': Lambda deprecated python3.6 on 2022-07-18, and updates none from 2022-08-29: pylambda does not run it. Move to a supported runtime (python3.8 to python3.14; python3.14 is the newest)"]],
    ['python3.15', ["error Resources.Fn.Properties.Runtime: 'python3.15' is not a supported Python runtime (supported: python3.8, python3.9, python3.10, python3.11, python3.12, python3.13, python3.14)"]],
  ])('%s', (runtime, expected) => {
    expect(said(runtime)).toEqual(expected);
  });

  it('is said only of runtimes Lambda had', () => {
    expect(retiredRuntimeReason('python3.15')).toBeUndefined();
    expect(retiredRuntimeReason('python3.8')).toBeUndefined();
  });

  it('warns of python3.8 as of every deprecated runtime it runs', () => {
    expect(deprecatedRuntimeWarnings([{ id: 'Fn', runtime: 'python3.8', source: { path: 'Resources.Fn' } }], 'template.json', '2026-11-28').map((d) => d.message)).toEqual([
      'Fn runs on python3.8. Lambda deprecated python3.8 on 2024-10-14: it gets no security patches; functions on it still run, but from 2027-02-01 Lambda creates none and from 2027-03-03 updates none. Move to a supported runtime (python3.14 is the newest).',
    ]);
  });
});

describe('a Python runtime mistyped (user29: the function was skipped as "not Python" before)', () => {
  const TAIL = 'Lambda refuses it when the function is deployed';
  it.each([
    ['Python3.12', `'Python3.12' is not a Lambda runtime (did you mean python3.12?): ${TAIL}`],
    ['pyhton3.11', `'pyhton3.11' is not a Lambda runtime (did you mean python3.11?): ${TAIL}`],
    ['pytohn3.13', `'pytohn3.13' is not a Lambda runtime (did you mean python3.13?): ${TAIL}`],
    [' python3.12', `' python3.12' is not a Lambda runtime (did you mean python3.12?): ${TAIL}`],
    ['nodejs20.x', undefined],
    ['provided.al2023', undefined],
    ['java21', undefined],
    ['python3.15', undefined],
  ])('%s', (runtime, expected) => {
    expect(mistypedPythonRuntime(runtime)).toBe(expected);
  });

  it('is an error of the SAM template and of serverless.yml, not a skipped function', () => {
    const sam = readSamTemplate('Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: app.handler, Runtime: Python3.12, CodeUri: .}\n', { file: 'template.yaml' });
    expect(sam.diagnostics.map((d) => `${d.severity} ${d.path}: ${d.message}`)).toEqual([`error Resources.Fn.Properties.Runtime: 'Python3.12' is not a Lambda runtime (did you mean python3.12?): ${TAIL}`]);
    expect(problems('service: s\nprovider: {name: aws, runtime: pyhton3.11}\nfunctions:\n  hello: {handler: app.handler}\n')).toContain(`error provider.runtime: 'pyhton3.11' is not a Lambda runtime (did you mean python3.11?): ${TAIL}`);
  });
});
