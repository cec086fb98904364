import type { DebugOptions } from '../api/debugger.js';
import { UserError } from '../core/errors.js';
import type { SamconfigOptionValues } from '../core/model/sam/samconfig-options.js';
import { stringOption, type OptionSpec, type ParsedArgs } from './command.js';
import { portOption } from './port-option.js';

export const DEBUG_PORT_OPTION: OptionSpec = {
  type: 'string',
  value: 'PORT',
  description: "Run the function under debugpy (installed in the project's Python), waiting at this port on 127.0.0.1 for a debugger to attach before its code is imported (sam local's -d); no timeout applies meanwhile",
};

/** --debug-port and, for dev, --debug-function; else samconfig's debug_port and debug_function (`fromFile`). */
export function debugOption(args: ParsedArgs, fromFile: SamconfigOptionValues = {}): DebugOptions | undefined {
  const text = stringOption(args, 'debug-port');
  const given = stringOption(args, 'debug-function');
  const port = text === undefined ? fromFile['debug-port'] : portOption(text, '--debug-port', false);
  // The file's debug_function without a debug_port debugs nothing, as with sam.
  const functionName = given ?? fromFile['debug-function'];
  if (port === undefined) {
    if (given !== undefined) throw new UserError('--debug-function names the function --debug-port debugs: give --debug-port too', { exitCode: 2 });
    return undefined;
  }
  return { port, ...(functionName ? { functionName } : {}) };
}
