import { analyzeIndex, type ImportAnalysis } from './analysis.js';
import { decideBudget, type BudgetDecision } from './budget.js';
import { buildFindings, type Finding, type LintFinding } from './findings.js';
import { parseImportTime, type ImportNode } from './importtime.js';
import { pythonRuntime } from '../model/limits.js';
import type { ModuleMap } from './modules.js';
import type { PackageFacts } from './package-findings.js';
import { summarize, type DurationStats } from './stats.js';
import { indexTree, type Phase, type TreeIndex } from './tree-index.js';

/**
 * Everything `pylambda coldstart` found about one function: what `--json` prints and what the HTML
 * page draws. Bump the schema version on any change that breaks a reader.
 */
export const COLDSTART_SCHEMA_VERSION = 1;

export interface ColdstartReport {
  readonly schemaVersion: typeof COLDSTART_SCHEMA_VERSION;
  readonly function: {
    readonly name: string;
    /** `lambda_function.lambda_handler` */
    readonly handler: string;
    /** `python3.12` */
    readonly runtime: string;
    readonly memorySizeMb: number;
    /** The interpreter that ran it, `3.12.4`. */
    readonly pythonVersion?: string;
    readonly runtimeClient?: string;
    /** How the project is written: the seed's cold-start target depends on it (100 ms raw, 200 ms Chalice). */
    readonly style?: 'sam' | 'serverless' | 'chalice';
  };
  /** ISO time of the measurement, given by the caller (core reads no clock). */
  readonly measuredAt?: string;
  readonly runs: {
    /** Init Duration of each cold start, as its REPORT line gives it, in run order. */
    readonly initDurationsMs: readonly number[];
    readonly stats: DurationStats;
    /** The event each invocation was given (`apigw-rest sample (Api trigger Hello)`, a file name). */
    readonly event?: string;
    /** Set when the function returned an error for the event: its errorType (the durations still count). */
    readonly functionError?: string;
    /** Duration of the first invocation after a cold start, and of a warm one (medians over the runs). */
    readonly firstInvokeMs?: number;
    /** The first invocation timed out on the event: firstInvokeMs is the run that went to the Timeout. */
    readonly firstInvokeTimedOut?: true;
    readonly warmInvokeMs?: number;
    readonly maxMemoryUsedMb?: number;
  };
  readonly budget: BudgetDecision;
  /**
   * From one cold start's `-X importtime`: the analysis, and the tree itself for the chart, with the
   * phase of each top-level import (`rootPhases[i]` is the phase of `tree[i]`).
   */
  readonly imports?: ImportAnalysis & { readonly tree: readonly ImportNode[]; readonly rootPhases: readonly Phase[] };
  readonly package?: {
    readonly bytecode: 'present' | 'absent' | 'unknown';
    readonly boto3Bundled?: boolean;
    readonly boto3Listed?: boolean;
    readonly codeSizeBytes?: number;
    /** .py files the package would ship, and how many of them have a hash-based .pyc for the runtime's Python. */
    readonly pythonFiles?: number;
    readonly pythonFilesWithBytecode?: number;
    readonly staleBytecodeFiles?: number;
    readonly compile?: PackageFacts['compile'];
  };
  readonly findings: readonly Finding[];
}

/** What the runs measured goes into the report's `runs` as it is. */
type MeasuredRuns = Pick<ColdstartReport['runs'], 'initDurationsMs' | 'event' | 'functionError' | 'firstInvokeMs' | 'firstInvokeTimedOut' | 'warmInvokeMs' | 'maxMemoryUsedMb'>;

export interface ReportInput extends MeasuredRuns {
  readonly function: ColdstartReport['function'];
  readonly measuredAt?: string;
  readonly budgetMs?: number;
  /** stderr of one cold start run with `-X importtime`. */
  readonly importtimeStderr?: string;
  readonly modules?: ModuleMap;
  readonly runtimeModules?: readonly string[];
  readonly lint?: readonly LintFinding[];
  readonly package?: ColdstartReport['package'];
  /** Files of the function's own modules, relative to the code directory (see FindingsInput). */
  readonly moduleFiles?: Readonly<Record<string, string>>;
  readonly slowImportMs?: number;
  readonly topModules?: number;
}

function rootPhasesOf(index: TreeIndex): Phase[] {
  return index.nodes.filter((info) => !info.parent).map((info) => info.phase);
}

/** Composes the pure parts into the report: stats, budget, import analysis, findings. */
export function buildColdstartReport(input: ReportInput): ColdstartReport {
  const stats = summarize(input.initDurationsMs);
  const handlerModule = input.function.handler.replace(/\.[^.]*$/, '');
  const index = input.importtimeStderr === undefined
    ? undefined
    : indexTree(parseImportTime(input.importtimeStderr), { handlerModule, ...(input.runtimeModules ? { runtimeModules: input.runtimeModules } : {}) });
  const analysis = index
    ? analyzeIndex(index, { ...(input.modules ? { modules: input.modules } : {}), ...(input.topModules ? { top: input.topModules } : {}) })
    : undefined;
  const pythonMinor = /^python(\d+\.\d+)$/.exec(input.function.runtime)?.[1];
  // The review's SnapStart hazards matter only where SnapStart can be on: python3.12 and later.
  const snapStart = pythonRuntime(input.function.runtime)?.snapStart ?? false;
  const findings = buildFindings({
    lint: (input.lint ?? []).filter((f) => snapStart || f.rule !== 'snapstart'),
    ...(index ? { index } : {}),
    ...(analysis ? { analysis } : {}),
    ...(input.slowImportMs !== undefined ? { slowImportMs: input.slowImportMs } : {}),
    ...(input.moduleFiles ? { moduleFiles: input.moduleFiles } : {}),
    ...(input.package ? { bytecode: input.package.bytecode, package: { ...input.package } } : {}),
    ...(pythonMinor ? { pythonVersion: pythonMinor } : {}),
  });
  return {
    schemaVersion: COLDSTART_SCHEMA_VERSION,
    function: input.function,
    ...(input.measuredAt ? { measuredAt: input.measuredAt } : {}),
    runs: {
      initDurationsMs: [...input.initDurationsMs],
      stats,
      ...(input.event !== undefined ? { event: input.event } : {}),
      ...(input.functionError !== undefined ? { functionError: input.functionError } : {}),
      ...(input.firstInvokeMs !== undefined ? { firstInvokeMs: input.firstInvokeMs } : {}),
      ...(input.firstInvokeTimedOut ? { firstInvokeTimedOut: true as const } : {}),
      ...(input.warmInvokeMs !== undefined ? { warmInvokeMs: input.warmInvokeMs } : {}),
      ...(input.maxMemoryUsedMb !== undefined ? { maxMemoryUsedMb: input.maxMemoryUsedMb } : {}),
    },
    budget: decideBudget(stats.median, input.budgetMs),
    ...(analysis && index ? { imports: { ...analysis, tree: index.tree.roots, rootPhases: rootPhasesOf(index) } } : {}),
    ...(input.package ? { package: input.package } : {}),
    findings,
  };
}
