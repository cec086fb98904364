import { fileURLToPath } from 'node:url';
import type { Clock } from '../adapters/clock.js';
import type { PythonInfo } from '../adapters/python.js';
import { randomHex } from '../adapters/random.js';
import type { FunctionModel } from '../core/model/project.js';
import { debugPythonFlags } from '../core/runtime/debugger.js';
import { lambdaEnvironment, logStreamName } from '../core/runtime/environment.js';
import { appendPath, LAYOUT_KEYS, pythonPathEnvironment } from '../core/runtime/python-path.js';
import type { LaunchSpec } from './invocation.js';

/** pylambda's own runtime client, shipped with the package. */
export const RUNTIME_DIR = fileURLToPath(new URL('../../runtime/python/', import.meta.url));

export type RuntimeClient = 'pylambda' | 'awslambdaric';

export interface DebugAddress {
  readonly host: string;
  readonly port: number;
}

/** What a function's runtime process is started with (a part of LocalFunctionOptions). */
export interface RuntimeLaunchOptions {
  readonly fn: FunctionModel;
  /** The function's code directory, absolute. */
  readonly taskRoot: string;
  readonly python: PythonInfo;
  readonly runtimeClient?: RuntimeClient;
  /**
   * Run the environments under debugpy, listening at this address (invoke and dev --debug-port), as `sam local invoke -d`
   * runs a function: one environment at a time (one process can hold the port), never frozen (the debugger's threads
   * must answer between invocations), kept while idle, and without deadline or init limit (a breakpoint holds it).
   */
  readonly debug?: DebugAddress;
  /** The host environment the passthrough variables are read from. */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  readonly envOverrides?: Readonly<Record<string, string>>;
  /** Extra interpreter flags and variables (the cold-start profiler uses them). */
  readonly pythonFlags?: readonly string[];
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/**
 * How a function's runtime is started: pylambda's client or awslambdaric as Lambda's bootstrap starts it, behind
 * the function's exec wrapper, with the environment Lambda gives it (its PYTHONPATH, layers, the Runtime API).
 */
export function launchSpec(options: RuntimeLaunchOptions, clock: Clock, version: string | undefined): LaunchSpec {
  const { fn, python, taskRoot } = options;
  const client = options.runtimeClient ?? 'pylambda';
  // extraEnv's PYTHONPATH is the layers' directories: the function's own PYTHONPATH decides what becomes of them.
  const {
    PYTHONPATH: packages, AWS_LAMBDA_EXEC_WRAPPER: wrapper,
    [LAYOUT_KEYS.codePaths]: codePaths, [LAYOUT_KEYS.layerBins]: bins, [LAYOUT_KEYS.layerLibs]: libs, ...extraEnv
  } = options.extraEnv ?? {};
  const split = (list: string | undefined) => (list ? list.split(':') : []);
  const path = pythonPathEnvironment({
    value: options.envOverrides?.PYTHONPATH ?? fn.environment.PYTHONPATH,
    codePaths: split(codePaths),
    packagePaths: split(packages),
    taskRoot,
  });
  const { debug } = options;
  const flags = [...(options.pythonFlags ?? []), ...(debug ? debugPythonFlags(python.version) : [])];
  // The function's exec wrapper, found locally (api/exec-wrapper.ts): Lambda runs it with the runtime's command.
  const runtime = client === 'awslambdaric'
    // As Lambda's bootstrap.py starts it (pylambda_awslambdaric.py), not as `python -m awslambdaric` in an image.
    ? [python.executable, ...flags, `${RUNTIME_DIR}pylambda_awslambdaric.py`]
    // The handler is in _HANDLER only (sys.argv holds the bootstrap alone), no -u: Lambda runs `python bootstrap.py`.
    : [python.executable, ...flags, `${RUNTIME_DIR}pylambda_bootstrap.py`];
  const argv = wrapper ? [wrapper, ...runtime] : runtime;
  return {
    argv,
    cwd: taskRoot,
    watchesStdin: client === 'pylambda',
    unixSocket: client === 'pylambda',
    env: (runtimeApi, unixSocket) => withLayerDirs({
      ...lambdaEnvironment({
        fn,
        taskRoot,
        runtimeDir: RUNTIME_DIR.replace(/\/$/, ''),
        runtimeApi,
        logStreamName: logStreamName(new Date(clock.now()), randomHex(16), version),
        ...(version === undefined ? {} : { version }),
        host: options.hostEnv,
        ...(options.envOverrides ? { overrides: options.envOverrides } : {}),
      }),
      ...extraEnv,
      ...(path.PYTHONPATH !== undefined ? { PYTHONPATH: path.PYTHONPATH } : {}),
      ...(path.siteDirs ? { _PYLAMBDA_SITE_DIRS: path.siteDirs } : {}),
      ...(client === 'pylambda' ? { _PYLAMBDA_WATCH_PARENT: '1' } : {}),
      ...(unixSocket ? { _PYLAMBDA_RUNTIME_API_SOCKET: unixSocket } : {}),
      // The bootstrap starts debugpy there before the runtime client (pylambda_debug.py).
      ...(debug ? { _PYLAMBDA_DEBUG_LISTEN: `${debug.host}:${debug.port}` } : {}),
    }, split(bins), split(libs)),
  };
}

/** The final PATH and LD_LIBRARY_PATH (the function's or --env-vars' own included) with the layers' bin/ and lib/ after them. */
function withLayerDirs(env: Record<string, string>, bins: readonly string[], libs: readonly string[]): Record<string, string> {
  const path = appendPath(env.PATH, bins);
  const libraries = appendPath(env.LD_LIBRARY_PATH, libs);
  return { ...env, ...(path === undefined ? {} : { PATH: path }), ...(libraries === undefined ? {} : { LD_LIBRARY_PATH: libraries }) };
}
