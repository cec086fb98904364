import { UserError } from '../core/errors.js';
import type { Project } from '../core/model/project.js';
import type { DevOptions } from './dev-types.js';

/** Which of dev's listening options its caller left at their defaults, for the project's own to replace (DevOptions.unset). */
export type ListenOption = 'port' | 'host' | 'lambdaPort';

/** What the project changed of where dev listens: said with an error about that port or host. */
export interface ListenApplied {
  readonly from: string;
  readonly file: string;
  readonly port?: number;
  readonly host?: string;
}

/**
 * The options with the project's listening defaults (serverless.yml's custom.serverless-offline httpPort, host and
 * lambdaPort, as serverless-offline takes them) in place of those the caller did not set: the command line wins.
 */
export function withListenDefaults(options: DevOptions, project: Project): { options: DevOptions; applied?: ListenApplied } {
  const defaults = project.devDefaults;
  const unset = new Set(options.unset ?? []);
  if (!defaults || unset.size === 0) return { options };
  const port = unset.has('port') ? defaults.port : undefined;
  const host = unset.has('host') ? defaults.host : undefined;
  const lambdaPort = unset.has('lambdaPort') ? defaults.lambdaPort : undefined;
  if (port === undefined && host === undefined && lambdaPort === undefined) return { options };
  return {
    options: { ...options, ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}), ...(lambdaPort !== undefined ? { lambdaPort } : {}) },
    applied: { from: defaults.from, file: project.configFile, ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}) },
  };
}

/**
 * An error about the port or host dev listens on, said with the setting that gave it: the user never typed the
 * --port or --host, and the serverless.yml is what to change (emulator/host-error.ts names the option in details).
 */
export function saidAsListenDefault(error: unknown, applied: ListenApplied | undefined): unknown {
  if (!(error instanceof UserError) || !applied) return error;
  const option = error.details?.['option'];
  const keep = { exitCode: error.exitCode, ...(error.details ? { details: error.details } : {}), cause: error };
  const setting = `${applied.file}'s ${applied.from}`;
  if (option === 'port' && applied.port !== undefined) {
    return new UserError(error.message, { ...keep, hint: `The port is ${setting}.httpPort (${applied.port}), which --port overrides. ${error.hint ?? ''}`.trimEnd() });
  }
  if (option === 'host' && applied.host !== undefined) {
    const hint = `Fix it in ${applied.file}, or pass --host, which wins over it. ${error.hint ?? ''}`.trimEnd();
    return new UserError(error.message.replace(/^--host /, `${setting}.host `), { ...keep, hint });
  }
  return error;
}
