import { describe, expect, it } from 'vitest';
import { decideBudget, REFERENCE_TARGETS } from '../../src/core/coldstart/budget.js';
import { median, percentile, summarize } from '../../src/core/coldstart/stats.js';
import { UserError } from '../../src/core/errors.js';

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 10, 40], 10],
    [[0.5, 0.25], 0.375],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('percentile (nearest rank: the smallest value with at least p % of the values at or below it)', () => {
  const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  it.each([
    [ten, 90, 90],
    [ten, 50, 50],
    [ten, 10, 10],
    [ten, 91, 100],
    [ten, 100, 100],
    [ten, 1, 10],
    [[7], 90, 7],
    [[1, 2, 3, 4, 5], 90, 5],
    [[1, 2, 3, 4, 5], 80, 4],
    [[3, 1, 2], 50, 2],
    [Array.from({ length: 20 }, (_, i) => i + 1), 90, 18],
    [Array.from({ length: 100 }, (_, i) => i + 1), 90, 90],
  ])('of %j at p%s is %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it.each([0, -5, 101, Number.NaN])('refuses p = %s', (p) => {
    expect(() => percentile([1], p)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives count, min, max, mean, median and p90 of unsorted durations without changing them', () => {
    const runs = [212.4, 180.1, 195.5, 240.9, 188.0, 201.3, 199.9, 185.2, 230.0, 190.7];
    const copy = [...runs];
    const stats = summarize(runs);
    expect(stats).toMatchObject({ count: 10, min: 180.1, max: 240.9, p90: 230.0 });
    expect(stats.mean).toBeCloseTo(202.4, 9);
    expect(stats.median).toBeCloseTo(197.7, 9);
    expect(runs).toEqual(copy);
  });

  it.each([[[]], [[1, Number.NaN]], [[Number.POSITIVE_INFINITY]]])('refuses %j', (values) => {
    expect(() => summarize(values)).toThrow(RangeError);
  });
});

describe('budget', () => {
  it.each([
    [90, 100, 'pass', undefined],
    [100, 100, 'pass', undefined],
    [100.01, 100, 'fail', 0.01],
    [250, 200, 'fail', 50],
  ])('median %s ms against a %s ms budget: %s', (medianMs, budgetMs, status, overBy) => {
    const decision = decideBudget(medianMs, budgetMs);
    expect(decision.status).toBe(status);
    expect(decision.budgetMs).toBe(budgetMs);
    if (overBy === undefined) expect(decision.overByMs).toBeUndefined();
    else expect(decision.overByMs).toBeCloseTo(overBy, 9);
  });

  it.each([
    [80, [true, true]],
    [150, [false, true]],
    [200, [false, true]],
    [201, [false, false]],
  ])('without a budget, shows the seed targets (raw 100 ms, Chalice 200 ms) for a %s ms median', (medianMs, met) => {
    const decision = decideBudget(medianMs);
    expect(decision.status).toBe('none');
    expect(decision.references).toEqual(REFERENCE_TARGETS.map((t, i) => ({ ...t, met: met[i] })));
    expect(REFERENCE_TARGETS.map((t) => [t.name, t.targetMs])).toEqual([['raw handler', 100], ['Chalice app', 200]]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a budget of %s as a user error', (budget) => {
    expect(() => decideBudget(100, budget)).toThrow(UserError);
  });

  it('refuses a median that is not a duration', () => {
    expect(() => decideBudget(Number.NaN, 100)).toThrow(RangeError);
  });
});
