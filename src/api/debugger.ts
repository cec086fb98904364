/**
 * `--debug-port` (invoke and dev): the function runs under debugpy, from the function's own Python, which waits at
 * that port for a debugger (VS Code's "Remote Attach") before the handler module is imported, as `sam local invoke -d`.
 * No path mapping is needed: the environment runs the project's files where they are.
 */
import { pythonCanImport, type PythonInfo } from '../adapters/python.js';
import { portFree } from '../adapters/port-probe.js';
import { UserError } from '../core/errors.js';
import { functionLabel, type FunctionModel } from '../core/model/project.js';
import type { DebugAddress } from '../emulator/local-function.js';
import type { LoadedProject } from './project.js';
import { selectFunction } from './select-function.js';

export interface DebugOptions {
  readonly port: number;
  /** dev: the function to debug, by the names invoke takes; needed when the project has several. */
  readonly functionName?: string;
}

/** debugpy listens on the loopback only: an open debug port runs any code it is sent. */
export const DEBUG_HOST = '127.0.0.1';

/** The address to debug at, once debugpy is known to be installed and the port free. */
export async function debugAddress(python: PythonInfo, options: DebugOptions): Promise<DebugAddress> {
  if (!await pythonCanImport(python.executable, 'debugpy')) {
    throw new UserError(`--debug-port runs the function under debugpy, which is not installed in ${python.executable}`, {
      hint: `Install it there: ${python.executable} -m pip install debugpy (or pass --python with an interpreter that has it)`,
    });
  }
  if (!await portFree(DEBUG_HOST, options.port)) {
    throw new UserError(`--debug-port ${options.port}: the port is in use on ${DEBUG_HOST}`, {
      hint: 'Stop what listens there (another pylambda or sam debugging session?), or pick another port.',
    });
  }
  return { host: DEBUG_HOST, port: options.port };
}

/** dev's function to debug: the one named, or the project's only one. */
export function debuggedFunction(loaded: LoadedProject, name: string | undefined): FunctionModel {
  const { functions, configFile } = loaded.project;
  if (name === undefined && functions.length > 1) {
    throw new UserError(`--debug-port debugs one function at a time, and ${configFile} defines ${functions.length}: name it with --debug-function`, {
      hint: `Its functions: ${functions.map(functionLabel).join(', ')}`,
    });
  }
  return selectFunction(loaded, name);
}
