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


/** Where dev listens, and which of the two the command line gave (the file cannot change those). */
export interface DevListening {
  readonly host: string;
  readonly port: number;
  readonly given: { readonly host: boolean; readonly port: boolean };
  /** dev's own, for a file that stops setting them. */
  readonly defaults: { readonly host: string; readonly port: number };
}

/**
 * What a reload that finds the samconfig file's port or host changed says: dev goes on listening where it started,
 * as `sam local start-api` reads the file once, at its start, and its servers cannot move without dropping the
 * requests in flight. Undefined when nothing that dev took from the file changed.
 */
export function listenChange(listening: DevListening, now: { readonly host?: string; readonly port?: number }, file: string): string | undefined {
  const changes: string[] = [];
  const port = now.port ?? listening.defaults.port;
  const host = now.host ?? listening.defaults.host;
  if (!listening.given.port && port !== listening.port) changes.push(now.port === undefined ? `no longer sets port (the default is ${port})` : `now sets port = ${port}`);
  if (!listening.given.host && host !== listening.host) changes.push(now.host === undefined ? `no longer sets host (the default is ${host})` : `now sets host = "${host}"`);
  if (changes.length === 0) return undefined;
  return `${file} ${changes.join(' and ')}, but dev goes on listening on ${listening.host}:${listening.port}, where it started: restart dev to listen there`;
}
