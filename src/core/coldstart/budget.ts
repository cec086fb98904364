import { UserError } from '../errors.js';

/**
 * The cold-start budget gate: `pylambda coldstart --budget MS` fails when the median Init Duration is
 * over MS, so CI can hold the line. The median, not the maximum, because one slow run on a busy CI
 * machine must not fail a build; p90 is shown beside it.
 *
 * Without a budget the seed's targets are shown for reference (shared/seed/aws-lambda-python-integration.md,
 * "Choose Your Approach"): a raw handler cold-starts in under 100 ms, a Chalice app in under 200 ms.
 */
export interface ReferenceTarget {
  readonly name: string;
  readonly targetMs: number;
}

export const REFERENCE_TARGETS: readonly ReferenceTarget[] = [
  { name: 'raw handler', targetMs: 100 },
  { name: 'Chalice app', targetMs: 200 },
];

export interface BudgetDecision {
  /** `pass`/`fail` against --budget; `none` when no budget was given. */
  readonly status: 'pass' | 'fail' | 'none';
  readonly medianMs: number;
  readonly budgetMs?: number;
  /** How far over the budget the median is (only when it fails). */
  readonly overByMs?: number;
  /** The seed's targets, each with whether the median meets it. */
  readonly references: readonly (ReferenceTarget & { readonly met: boolean })[];
}

export function decideBudget(medianMs: number, budgetMs?: number): BudgetDecision {
  if (!Number.isFinite(medianMs) || medianMs < 0) throw new RangeError(`median Init Duration must be a non-negative number, got ${medianMs}`);
  if (budgetMs !== undefined && !(Number.isFinite(budgetMs) && budgetMs > 0)) {
    throw new UserError(`--budget must be a positive number of milliseconds, got ${budgetMs}`);
  }
  const references = REFERENCE_TARGETS.map((t) => ({ ...t, met: medianMs <= t.targetMs }));
  if (budgetMs === undefined) return { status: 'none', medianMs, references };
  // A median exactly on the budget passes: the budget is the largest acceptable value.
  const pass = medianMs <= budgetMs;
  return { status: pass ? 'pass' : 'fail', medianMs, budgetMs, ...(pass ? {} : { overByMs: medianMs - budgetMs }), references };
}
