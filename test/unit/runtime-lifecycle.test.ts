import { describe, expect, it } from 'vitest';
import { PYTHON_RUNTIMES } from '../../src/core/model/limits.js';
import { deprecatedRuntimeWarnings, deprecationLabel, isoDate, PYTHON_RUNTIME_LIFECYCLE, runtimeDeprecation } from '../../src/core/model/runtime-lifecycle.js';

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
