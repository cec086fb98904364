/**
 * When Lambda stops supporting each Python runtime: one pure table, judged against a date the caller
 * gives (so that tests pin it). Every runtime of `PYTHON_RUNTIMES` (limits.ts) has its row here, as
 * `test/unit/runtime-lifecycle.test.ts` checks.
 */

import type { Diagnostic } from '../errors.js';
import { NEWEST_PYTHON_RUNTIME } from './limits.js';

/** Dates as `YYYY-MM-DD`, UTC. */
export interface RuntimeLifecycle {
  /** Lambda's "Deprecation date": no more security patches; functions on it still run. */
  readonly deprecated: string;
  /** "Block function create": from this day no function can be created on it. */
  readonly blockCreate: string;
  /** "Block function update": from this day no function on it can be updated. */
  readonly blockUpdate: string;
}

/**
 * The Lambda Developer Guide's "Supported runtimes" and "Deprecated runtimes" tables
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), as cfn-lint 1.58.0 carries them
 * for its W2531 / E2531 / E2533 checks (data/AdditionalSpecs/LmbdRuntimeLifecycle.json). AWS has moved
 * these dates before (python3.9's blocks were first set for early 2026): keep them in step with that page.
 */
export const PYTHON_RUNTIME_LIFECYCLE: Readonly<Record<string, RuntimeLifecycle>> = {
  'python3.8': { deprecated: '2024-10-14', blockCreate: '2027-02-01', blockUpdate: '2027-03-03' },
  'python3.9': { deprecated: '2025-12-15', blockCreate: '2027-02-01', blockUpdate: '2027-03-03' },
  'python3.10': { deprecated: '2026-10-31', blockCreate: '2027-02-01', blockUpdate: '2027-03-03' },
  'python3.11': { deprecated: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31' },
  'python3.12': { deprecated: '2028-10-31', blockCreate: '2028-11-30', blockUpdate: '2029-01-10' },
  'python3.13': { deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' },
  'python3.14': { deprecated: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' },
};

/**
 * Older runtimes pylambda does not run, from the same tables: python3.7 ran on Amazon Linux 1 (glibc 2.17, no
 * arm64) and Lambda creates no function on it; on python3.6 and python2.7 it updates none either.
 */
export const RETIRED_PYTHON_RUNTIMES: Readonly<Record<string, RuntimeLifecycle>> = {
  'python3.7': { deprecated: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2027-03-03' },
  'python3.6': { deprecated: '2022-07-18', blockCreate: '2022-07-18', blockUpdate: '2022-08-29' },
  'python2.7': { deprecated: '2021-07-15', blockCreate: '2021-07-15', blockUpdate: '2022-05-30' },
};

/** Why a retired runtime is not run, as a sentence without its full stop; undefined for a name Lambda never had. */
export function retiredRuntimeReason(runtime: string): string | undefined {
  const d = RETIRED_PYTHON_RUNTIMES[runtime];
  if (!d) return undefined;
  const blocks = d.blockCreate === d.deprecated ? '' : ` and created no functions on it from ${d.blockCreate}`;
  return `Lambda deprecated ${runtime} on ${d.deprecated}${blocks}, and updates none from ${d.blockUpdate}: pylambda does not run it`;
}

export type DeprecationPhase = 'deprecated' | 'create-blocked' | 'update-blocked';

export interface Deprecation extends RuntimeLifecycle {
  readonly runtime: string;
  readonly phase: DeprecationPhase;
}

/** A date as the table writes it (`2025-12-15`, UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** How far past its deprecation a runtime is on `today` (`YYYY-MM-DD`); undefined while supported, or unknown. */
export function runtimeDeprecation(runtime: string, today: string): Deprecation | undefined {
  const dates = PYTHON_RUNTIME_LIFECYCLE[runtime];
  // ISO dates compare as strings.
  if (!dates || today < dates.deprecated) return undefined;
  const phase: DeprecationPhase = today >= dates.blockUpdate ? 'update-blocked' : today >= dates.blockCreate ? 'create-blocked' : 'deprecated';
  return { runtime, phase, ...dates };
}

/** A few words for a list of choices: `deprecated 2025-12-15`, and what Lambda refuses already. */
export function deprecationLabel(d: Deprecation): string {
  if (d.phase === 'update-blocked') return `deprecated ${d.deprecated}, no creates or updates since ${d.blockUpdate}`;
  if (d.phase === 'create-blocked') return `deprecated ${d.deprecated}, no new functions since ${d.blockCreate}`;
  return `deprecated ${d.deprecated}`;
}

/** What deploying on it means, as a sentence without its full stop (the caller adds what to do instead). */
export function deprecationWarning(d: Deprecation): string {
  const head = `Lambda deprecated ${d.runtime} on ${d.deprecated}: it gets no security patches`;
  if (d.phase === 'update-blocked') return `${head}, and since ${d.blockUpdate} Lambda neither creates nor updates functions on it`;
  if (d.phase === 'create-blocked') return `${head}, and since ${d.blockCreate} Lambda creates no functions on it (existing ones update until ${d.blockUpdate})`;
  return `${head}; functions on it still run, but from ${d.blockCreate} Lambda creates none and from ${d.blockUpdate} updates none`;
}

/**
 * One warning per deprecated runtime the project's functions use, at the first of them: what `dev`,
 * `invoke`, `package` and `coldstart` say before they run (`new` says it when the project is made).
 */
export function deprecatedRuntimeWarnings(
  functions: readonly { readonly id: string; readonly runtime: string; readonly source: { readonly path: string } }[],
  file: string,
  today: string,
): Diagnostic[] {
  const users = new Map<string, { ids: string[]; path: string }>();
  for (const fn of functions) {
    const entry = users.get(fn.runtime) ?? { ids: [], path: fn.source.path };
    entry.ids.push(fn.id);
    users.set(fn.runtime, entry);
  }
  const out: Diagnostic[] = [];
  for (const [runtime, { ids, path }] of users) {
    const deprecation = runtimeDeprecation(runtime, today);
    if (!deprecation) continue;
    const who = ids.length === 1 ? `${ids[0]} runs` : `${ids.join(', ')} run`;
    out.push({ severity: 'warning', file, path, message: `${who} on ${runtime}. ${deprecationWarning(deprecation)}. Move to a supported runtime (${NEWEST_PYTHON_RUNTIME.name} is the newest).` });
  }
  return out;
}
