import { join } from 'node:path';
import { heavyModules } from '../core/coldstart/findings.js';
import { medianImportTime, parseImportTime } from '../core/coldstart/importtime.js';
import type { LintFinding } from '../core/coldstart/findings.js';
import type { ModuleMap } from '../core/coldstart/modules.js';
import { buildColdstartReport, type ColdstartReport } from '../core/coldstart/report.js';
import { slowStartup } from '../core/coldstart/startup.js';
import { indexTree } from '../core/coldstart/tree-index.js';
import type { Diagnostic } from '../core/errors.js';
import { LIMITS, pythonRuntime } from '../core/model/limits.js';
import { unregisteredBlueprintNote } from '../core/model/chalice/blueprint-handler.js';
import type { LocalFunction } from '../emulator/local-function.js';
import { defaultEvent } from './sample-event.js';
import { moduleFiles, scanPackage } from './coldstart-package.js';
import { measureRun, profileImports, summarizeRuns, type RunResult, type RunsInput } from './coldstart-runs.js';
import { runLint, runModuleMap } from './coldstart-scripts.js';
import { cacheTag, stageCodeDirectory } from './coldstart-stage.js';
import { setUpFunction } from './function-setup.js';
import type { ProjectSelection } from './project-selection.js';

/** Cold starts profiled with -X importtime; each module's time is the median (one profile alone swings with load). */
const IMPORT_PROFILES = 3;

export const DEFAULT_RUNS = 10;

export type ColdstartProgress =
  | { readonly step: 'run'; readonly run: number; readonly runs: number; readonly result?: RunResult }
  /** `runs` more cold starts under -X importtime; each module's median time is reported. */
  | { readonly step: 'profile'; readonly runs: number }
  | { readonly step: 'review' };

export interface ColdstartOptions extends ProjectSelection {
  readonly functionName?: string;
  /** Cold starts to measure (default 10). */
  readonly runs?: number;
  readonly budgetMs?: number;
  /** The event; by default a sample for the function's first trigger (coldstart-event.ts). */
  readonly event?: { readonly payload: Buffer; readonly label: string };
  readonly envVarsFile?: string;
  readonly onProgress?: (progress: ColdstartProgress) => void;
  readonly onWarning?: (warning: Diagnostic) => void;
  /** Registers work to undo on an interrupt: running environments, the staged code directory. */
  readonly onCleanup?: (cleanup: () => Promise<void> | void) => void;
}

/** The timeout the runs after one that timed out on the event get: Lambda's least. */
const SHORT_TIMEOUT_S = LIMITS.timeoutMinS;

/**
 * `pylambda coldstart`: measure N cold starts of a function as Lambda would run them, explain one with
 * `-X importtime`, review the code and the package, and compose the report (core/coldstart/report.ts).
 */
export async function measureColdstart(options: ColdstartOptions): Promise<ColdstartReport> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const warn = (message: string) => options.onWarning?.({ severity: 'warning', path: '', message });
  const { loaded, fn, codeDir, python, envOverrides, extraEnv, hostEnv } = await setUpFunction(options);
  // Its context.tenant_id is None in these runs, where Lambda never runs it without a tenant (invoke --tenant-id does).
  if (fn.tenantIsolation) warn(`${fn.id} has tenant isolation (TenancyConfig): it is measured without a tenant id, so code that reads context.tenant_id at the first invocation may fail here`);
  const event = options.event ?? defaultEvent(fn, loaded.project, hostEnv);

  const stage = stageCodeDirectory(codeDir, cacheTag(python.version));
  options.onCleanup?.(() => stage.remove());
  try {
    let input: RunsInput = {
      fn,
      taskRoot: stage.dir,
      codeDir,
      python,
      hostEnv,
      envOverrides,
      extraEnv,
      event: event.payload,
      onEnvironment: (local: LocalFunction) => options.onCleanup?.(() => local.shutdown()),
    };
    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run += 1) {
      options.onProgress?.({ step: 'run', run, runs });
      const result = await measureRun(input, run);
      results.push(result);
      if (result.timedOut && input.fn.timeout > SHORT_TIMEOUT_S) {
        // Each run would wait the whole Timeout (up to 15 minutes) for a handler whose init is all that is
        // measured then: the rest stop it sooner. Said now, not after an hour of silence.
        warn(`the function ran past its Timeout (${input.fn.timeout} s) on the event (${event.label}); the remaining runs stop it after ${SHORT_TIMEOUT_S} s, and their Init Duration is measured all the same. Pass --event with an event it accepts.`);
        input = { ...input, fn: { ...input.fn, timeout: SHORT_TIMEOUT_S } };
      }
      options.onProgress?.({ step: 'run', run, runs, result });
    }
    const summary = summarizeRuns(results);
    if (summary.httpErrorStatus) {
      const advice = options.event ? '' : ' Pass --event with a request it serves.';
      warn(`the function answered ${summary.httpErrorStatus} to the event (${event.label}): its cold starts are measured on that path, which may skip what the requests it serves import.${advice}`);
    }
    const timedOut = results.some((r) => r.timedOut);
    if (summary.functionError && !(timedOut && fn.timeout > SHORT_TIMEOUT_S)) {
      const what = timedOut ? `ran past its Timeout (${fn.timeout} s) on` : `returned ${summary.functionError} for`;
      const message = results.find((r) => r.functionErrorMessage)?.functionErrorMessage ?? '';
      const blueprint = loaded.project.style === 'chalice' ? unregisteredBlueprintNote(fn.handler, message) : undefined;
      warn(`the function ${what} the event (${event.label}); its cold starts are measured all the same. ${blueprint ? `Another event fails alike: ${blueprint}.` : 'Pass --event with an event it accepts.'}`);
    }

    options.onProgress?.({ step: 'profile', runs: IMPORT_PROFILES });
    const profiles: string[] = [];
    for (let i = 0; i < IMPORT_PROFILES; i += 1) profiles.push(await profileImports(input));
    const importtimeStderr = medianImportTime(profiles);

    options.onProgress?.({ step: 'review' });
    const handlerModule = fn.handler.replace(/\.[^.]*$/, '').replace(/\//g, '.');
    const index = indexTree(parseImportTime(importtimeStderr), { handlerModule });
    const startup = slowStartup(index);
    if (startup) {
      const what = startup.culprits.slice(0, 3).map((c) => `${c.module} (${c.ms.toFixed(0)} ms)`).join(', ');
      warn(`Python's start-up spent ${startup.ms.toFixed(0)} ms of the profiled cold start importing ${what} for .pth files or a sitecustomize in the interpreter's site-packages. `
        + 'Lambda\'s Python does not, so these Init Durations are higher than Lambda\'s: measure with a virtual environment that holds only the function\'s dependencies (--python .venv/bin/python).');
    }
    const userModules = index.nodes.filter((i) => i.phase === 'user' || i.phase === 'invoke').map((i) => i.node.name);
    const runtimeVersion = pythonRuntime(fn.runtime)?.version ?? python.version;
    const pkg = scanPackage(codeDir, cacheTag(runtimeVersion), fn.requirementsFile);
    const files = moduleFiles(codeDir, [handlerModule, ...userModules]);
    const compile = pkg.bytecode === 'absent' ? Object.values(files).map((file) => join(codeDir, file)) : [];
    const [lint, modules] = await Promise.allSettled([
      runLint(python.executable, { codeDir, handler: fn.handler, heavy: heavyModules(index), configured: Object.keys(fn.environment) }),
      runModuleMap(python.executable, { codeDir, compile, bytecode: [...new Set(index.nodes.filter((i) => i.phase === 'user' || i.phase === 'invoke').map((i) => i.topLevel))] }),
    ]);
    const review: LintFinding[] | undefined = lint.status === 'fulfilled' ? lint.value : undefined;
    const map: ModuleMap | undefined = modules.status === 'fulfilled' ? modules.value : undefined;
    if (lint.status === 'rejected') warn(`the static review failed, so its findings are missing: ${(lint.reason as Error).message}`);
    const uncompiled = Object.entries(map?.no_bytecode ?? {}).filter(([name]) => !map?.local?.includes(name) && !map?.stdlib.includes(name));
    if (uncompiled.length > 0) {
      const names = uncompiled.map(([name, n]) => `${name} (${n.missing} of ${n.files} modules)`).join(', ');
      warn(`${names} ${uncompiled.length === 1 ? 'has' : 'have'} no .pyc for Python ${python.version} in ${python.executable}'s environment (uv installs without compiling): each cold start here compiles ${uncompiled.length === 1 ? 'it' : 'them'}, so these timings are higher than Lambda's from a package with bytecode (pylambda package ships it). `
        + `Compile them once: '${python.executable}' -c "import compileall, sysconfig; p = sysconfig.get_paths(); [compileall.compile_dir(d, quiet=1) for d in {p['purelib'], p['platlib']}]"`);
    }
    if (modules.status === 'rejected') warn(`the module map failed, so imports are not grouped by distribution: ${(modules.reason as Error).message}`);

    return buildColdstartReport({
      function: { name: fn.name, handler: fn.handler, runtime: fn.runtime, memorySizeMb: fn.memorySize, pythonVersion: python.version, runtimeClient: 'pylambda', style: loaded.project.style },
      measuredAt: new Date().toISOString(),
      ...summary,
      event: event.label,
      ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
      importtimeStderr,
      ...(map ? { modules: map } : {}),
      ...(review ? { lint: review } : {}),
      package: { ...pkg, ...(map?.compile ? { compile: map.compile } : {}) },
      moduleFiles: files,
    });
  } finally {
    await stage.remove();
  }
}
