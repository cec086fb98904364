import { UserError } from '../core/errors.js';

/** Which of dev's listening options came from a samconfig file rather than the command line, and the file. */
export interface SamconfigSource {
  readonly file: string;
  readonly host?: string;
  readonly port?: number;
}

/**
 * An error about the host or port dev listens on, said in the terms of the samconfig file that gave the value: the
 * user never typed the `--host` the message names, and the file is what to fix (a stale `port = 3000` there is why dev
 * keeps starting on a port that is in use). The error itself says which option it is about (details.option).
 */
export function saidAsSamconfig(error: unknown, source: SamconfigSource | undefined): unknown {
  if (!(error instanceof UserError) || !source) return error;
  const option = error.details?.['option'];
  const keep = { exitCode: error.exitCode, ...(error.details ? { details: error.details } : {}), cause: error };
  if (option === 'host' && source.host !== undefined) {
    const hint = `Fix it in ${source.file}, or pass --host, which wins over the file. ${error.hint ?? ''}`.trimEnd();
    return new UserError(error.message.replace(/^--host /, `${source.file}'s host `), { ...keep, hint });
  }
  if (option === 'port' && source.port !== undefined) {
    const hint = `The port is ${source.file}'s (port = ${source.port}), which --port overrides. ${error.hint ?? ''}`.trimEnd();
    return new UserError(error.message, { ...keep, hint });
  }
  return error;
}

