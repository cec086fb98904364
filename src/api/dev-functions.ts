/** The functions dev serves, for one version of the project: kept across a reload when nothing of theirs changed. */
import type { PythonInfo } from '../adapters/python.js';
import { useDirectories } from '../adapters/versioned-dir.js';
import type { FunctionModel } from '../core/model/project.js';
import { LocalFunction, type DebugAddress, type LocalFunctionOptions } from '../emulator/local-function.js';
import type { DevCode } from './dev-code.js';
import { errorEvent } from './dev-error-event.js';
import { warningEvent, type DevOptions } from './dev-types.js';
import { functionHostEnv, localPackageEnvironment, type LoadedProject } from './project.js';

export interface DevFunctionContext {
  readonly python: PythonInfo;
  readonly options: DevOptions;
  /** --debug-port: the function run under debugpy, and its address. */
  readonly debugged?: { readonly functionId: string; readonly address: DebugAddress };
  /** What a function's environment gets on top of its own (--local-aws, --env-vars, the caller's extras). */
  readonly envOverrides: (fn: FunctionModel) => Record<string, string>;
  readonly onLog: LocalFunctionOptions['onLog'];
}

/** The functions of a version of the project; those unchanged are kept, their environments recycled if the code may have changed. */
export function devFunctions(context: DevFunctionContext, loaded: LoadedProject, code: DevCode, previous?: Map<string, LocalFunction>, codeChanged = true): Map<string, LocalFunction> {
  const { options } = context;
  const out = new Map<string, LocalFunction>();
  for (const fn of loaded.project.functions) {
    const before = previous?.get(fn.id);
    const local = code.code.get(fn.id)!;
    const extraEnv = localPackageEnvironment(loaded, fn, local);
    const envOverrides = context.envOverrides(fn);
    // A zip unzipped anew (it changed) is another task root, or other layer directories: a function of its own.
    if (before && JSON.stringify([before.model, before.envOverrides, before.taskRoot, before.extraEnv]) === JSON.stringify([fn, envOverrides, local.codeDir, extraEnv])) {
      if (codeChanged) before.recycle(before.environmentCount > 0 ? 1 : 0);
      out.set(fn.id, before);
      continue;
    }
    const made = new LocalFunction({
      fn,
      taskRoot: local.codeDir,
      python: context.python,
      hostEnv: functionHostEnv(loaded, options.hostEnv),
      envOverrides,
      extraEnv,
      ...(options.runtimeClient ? { runtimeClient: options.runtimeClient } : {}),
      ...(options.freeze === false ? { freeze: false } : {}),
      ...(context.debugged?.functionId === fn.id ? { debug: context.debugged.address } : {}),
      ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
      onLog: context.onLog,
      onWarning: (message) => options.onEvent(warningEvent(message)),
      onError: errorEvent(options.onEvent),
    });
    // Its code stays in the state directory until it has stopped, whatever a reload makes meanwhile (versioned-dir.ts).
    released.set(made, useDirectories([local.codeDir, ...local.layerDirs.values(), ...(local.layerView ? [local.layerView] : [])]));
    out.set(fn.id, made);
  }
  return out;
}

const released = new WeakMap<LocalFunction, () => void>();

/**
 * The functions a reload replaced because their settings changed (the template's model: an environment variable,
 * Timeout, MemorySize; --env-vars, --local-aws), not only their code: a zip unzipped anew is a function of its own
 * too. Its extra environment is left out: it holds the paths of its code and layers, which an unzip changes.
 */
export function settingsChanged(before: ReadonlyMap<string, LocalFunction>, after: ReadonlyMap<string, LocalFunction>): string[] {
  const settings = (fn: LocalFunction) => JSON.stringify([fn.model, fn.envOverrides]);
  return [...after].flatMap(([id, fn]) => {
    const old = before.get(id);
    return old && old !== fn && settings(old) !== settings(fn) ? [id] : [];
  });
}

/** Shuts a function of dev's down, and gives up the directories of the state directory it ran from. */
export async function shutDownFunction(fn: LocalFunction): Promise<void> {
  try {
    await fn.shutdown();
  } finally {
    released.get(fn)?.();
  }
}

/**
 * A function a reload replaced: idle environments stop now, busy ones once their invocation ends, and the invocations
 * waiting for a slot go to the new version (retire). It shuts down once a timeout has passed with nothing to do (a
 * removed function serves the requests routed to it, however many wait); the session's stop() shuts it down too.
 */
export function retire(fn: LocalFunction, retiring: Set<LocalFunction>, onEvent: DevOptions['onEvent']): void {
  fn.retire();
  retiring.add(fn);
  const shutDownWhenIdle = (): void => {
    setTimeout(() => {
      if (fn.busy) return shutDownWhenIdle();
      retiring.delete(fn);
      shutDownFunction(fn).catch(errorEvent(onEvent));
    }, (fn.model.timeout + 1) * 1000).unref();
  };
  shutDownWhenIdle();
}
