import { UserError } from '../errors.js';
import type { RefusedPorts } from './project.js';

/**
 * Where `pylambda dev` listens, and what said so. The command line wins over samconfig.toml, as click takes the
 * file's keys as the options' defaults (samcli/cli/cli_config_file.py, ctx.default_map); serverless.yml's
 * custom.serverless-offline httpPort, host and lambdaPort are the settings serverless-offline itself starts from
 * under its --httpPort, --host and --lambdaPort (src/ServerlessOffline.js #mergeOptions spreads the options over them). A project
 * is a SAM template or a serverless.yml, never both, so the two files never compete: samconfig.toml's is put first.
 */

/**
 * sam local start-api's --host and --port defaults. serverless-offline's host is `localhost`, which a machine may
 * resolve to ::1 first: 127.0.0.1 is what boto3's endpoint_url and curl reach the same everywhere.
 */
export const LISTEN_DEFAULTS = { host: '127.0.0.1', port: 3000 } as const;

export type ListenOption = 'port' | 'host' | 'lambdaPort';

export interface ListenValues {
  readonly port?: number;
  readonly host?: string;
  /** The Lambda Invoke API's port; none: the first free one after the endpoints'. */
  readonly lambdaPort?: number;
}

/** What gave a value: the command line (or the library's caller), a file's setting, or dev's default. */
export type ListenSource =
  | { readonly by: 'command-line' }
  | { readonly by: 'samconfig'; readonly file: string }
  /** `from` is the settings' place in the file: custom.serverless-offline. */
  | { readonly by: 'settings'; readonly file: string; readonly from: string }
  | { readonly by: 'default' };

/** Every place that may say where dev listens. */
export interface ListenSettings {
  readonly commandLine: ListenValues;
  /** sam local start-api's port and host in the samconfig file (the Lambda API's is sam local start-lambda's, not read). */
  readonly samconfig?: { readonly file: string } & Omit<ListenValues, 'lambdaPort'>;
  readonly settings?: { readonly file: string; readonly from: string; readonly refused?: RefusedPorts } & ListenValues;
}

export interface Chosen<T> {
  readonly value: T;
  readonly source: ListenSource;
}

export interface DevListen {
  readonly host: Chosen<string>;
  readonly port: Chosen<number>;
  readonly lambdaPort: Chosen<number | undefined>;
}

/** Each option's value and where it came from: the command line, else samconfig.toml, else custom.serverless-offline, else the default. */
export function chosenListen(settings: ListenSettings): DevListen {
  const choose = <K extends ListenOption>(option: K, fallback: ListenValues[K]): Chosen<ListenValues[K]> => {
    const { commandLine, samconfig, settings: offline } = settings;
    if (commandLine[option] !== undefined) return { value: commandLine[option], source: { by: 'command-line' } };
    if (option !== 'lambdaPort' && samconfig?.[option as 'port' | 'host'] !== undefined) {
      return { value: samconfig[option as 'port' | 'host'] as ListenValues[K], source: { by: 'samconfig', file: samconfig.file } };
    }
    if (offline?.[option] !== undefined) return { value: offline[option], source: { by: 'settings', file: offline.file, from: offline.from } };
    const refused = option === 'host' || offline === undefined ? undefined : offline.refused?.[option as keyof RefusedPorts];
    if (offline && refused) {
      throw new UserError(`${offline.file}'s ${offline.from}.${OFFLINE_KEYS[option]} ${refused}`, { hint: `Fix it in ${offline.file}, or pass ${OPTIONS[option]}, which wins over it. serverless-offline 13 does not start on it either.`, exitCode: 2 });
    }
    return { value: fallback, source: { by: 'default' } };
  };
  return {
    host: choose('host', LISTEN_DEFAULTS.host) as Chosen<string>,
    port: choose('port', LISTEN_DEFAULTS.port) as Chosen<number>,
    lambdaPort: choose('lambdaPort', undefined),
  };
}

/** The values alone, as the servers take them. */
export function listenValues(listen: DevListen): { host: string; port: number; lambdaPort?: number } {
  return { host: listen.host.value, port: listen.port.value, ...(listen.lambdaPort.value === undefined ? {} : { lambdaPort: listen.lambdaPort.value }) };
}

const OPTIONS: Readonly<Record<ListenOption, string>> = { port: '--port', host: '--host', lambdaPort: '--lambda-port' };
/** serverless-offline's names of the settings (and of its options). */
const OFFLINE_KEYS: Readonly<Record<ListenOption, string>> = { port: 'httpPort', host: 'host', lambdaPort: 'lambdaPort' };

/** The key that set an option in its file: `port`, `custom.serverless-offline.httpPort`. */
function settingKey(option: ListenOption, source: ListenSource): string {
  return source.by === 'settings' ? `${source.from}.${OFFLINE_KEYS[option]}` : option;
}

/**
 * An error about the host or port dev listens on, said in the terms of the file that gave the value: the user never
 * typed the `--host` the message names, and the file is what to fix (a stale `port = 3000` there is why dev keeps
 * starting on a port in use). The error says which option it is about (details.option, emulator/host-error.ts).
 */
export function saidAsListenSource(error: unknown, listen: DevListen): unknown {
  if (!(error instanceof UserError)) return error;
  const option = error.details?.['option'];
  if (option !== 'host' && option !== 'port' && option !== 'lambdaPort') return error;
  const { source, value } = listen[option];
  if (source.by !== 'samconfig' && source.by !== 'settings') return error;
  const keep = { exitCode: error.exitCode, ...(error.details ? { details: error.details } : {}), cause: error };
  const tail = error.hint ? ` ${error.hint}` : '';
  // samconfig.toml's messages predate the serverless.yml ones and are kept as users have seen them.
  const setting = source.by === 'samconfig' ? `${source.file}'s ${option}` : `${source.file}'s ${settingKey(option, source)}`;
  if (option === 'host') {
    const wins = source.by === 'samconfig' ? 'which wins over the file' : 'which wins over it';
    return new UserError(error.message.replace(/^--host /, `${setting} `), { ...keep, hint: `Fix it in ${source.file}, or pass --host, ${wins}.${tail}` });
  }
  const named = source.by === 'samconfig' ? `${source.file}'s (port = ${value})` : `${setting} (${value})`;
  return new UserError(error.message, { ...keep, hint: `The port is ${named}, which ${OPTIONS[option]} overrides.${tail}` });
}

/**
 * A Lambda API port that is the first endpoint's: the gateways pass over the Lambda API's port (a reload's new API
 * must not take it), so the first endpoint would move off the port asked for without a word.
 */
export function lambdaPortClash(listen: DevListen): UserError | undefined {
  const { port, lambdaPort } = listen;
  if (lambdaPort.value === undefined || lambdaPort.value === 0 || lambdaPort.value !== port.value) return undefined;
  const lambda = lambdaPort.source.by === 'settings' ? `${lambdaPort.source.file}'s ${settingKey('lambdaPort', lambdaPort.source)}` : OPTIONS.lambdaPort;
  const where = port.source.by === 'command-line' ? `${OPTIONS.port}'s` : port.source.by === 'default' ? 'the default port' : `${port.source.file}'s ${settingKey('port', port.source)}`;
  return new UserError(`${lambda} ${lambdaPort.value} is ${where}, where the first endpoint listens: give the Lambda API another port`, { exitCode: 2 });
}

/**
 * What a reload that finds a file's port, host or Lambda API port changed says: dev goes on listening where it
 * started, as `sam local start-api` reads samconfig.toml once, at its start (and serverless-offline its settings),
 * and its servers cannot move without dropping the requests in flight. Undefined when nothing changed that the
 * command line did not give. `bound`: the port dev's first endpoint listens on, which port 0 leaves to the system.
 */
export function listenChange(started: DevListen, now: DevListen, bound?: number): string | undefined {
  const changes: Array<{ option: ListenOption; file: string; text: string }> = [];
  for (const option of ['port', 'host', 'lambdaPort'] as const) {
    const before = started[option];
    const after = now[option];
    if (before.source.by === 'command-line' || after.source.by === 'command-line' || before.value === after.value) continue;
    if (after.source.by === 'samconfig' || after.source.by === 'settings') {
      const key = settingKey(option, after.source);
      const value = option === 'host' ? JSON.stringify(after.value) : String(after.value);
      changes.push({ option, file: after.source.file, text: after.source.by === 'samconfig' ? `now sets ${key} = ${value}` : `now sets ${key}: ${String(after.value)}` });
    } else if (before.source.by === 'samconfig' || before.source.by === 'settings') {
      const fallback = after.value === undefined ? 'the first free port after the endpoints\'' : `the default is ${after.value}`;
      changes.push({ option, file: before.source.file, text: `no longer sets ${settingKey(option, before.source)} (${fallback})` });
    }
  }
  if (changes.length === 0) return undefined;
  const files = [...new Set(changes.map((c) => c.file))];
  const said = files.map((file) => `${file} ${changes.filter((c) => c.file === file).map((c) => c.text).join(' and ')}`).join('; ');
  const lambda = changes.some((c) => c.option === 'lambdaPort') ? ' (its Lambda API on its port)' : '';
  return `${said}, but dev goes on listening on ${listeningAt(started, bound)}${lambda}, where it started: restart dev to listen there`;
}

/**
 * What a reload that finds a file's setting refused says (an httpPort that is not a port, typed in while dev runs):
 * the refusal the next start gives, and that dev goes on where it started, as for a setting that changed.
 */
export function listenRefused(refusal: string, started: DevListen, bound?: number): string {
  return `${refusal}: dev goes on listening on ${listeningAt(started, bound)}, where it started (a restart refuses it until it is fixed)`;
}

/** Where dev listens, as said: the port asked for, or the one bound for it; port 0 with no endpoint served names none. */
function listeningAt(started: DevListen, bound: number | undefined): string {
  const host = started.host.value.includes(':') ? `[${started.host.value}]` : started.host.value;
  const port = bound ?? (started.port.value === 0 ? undefined : started.port.value);
  return port === undefined ? `${host} (on free ports)` : `${host}:${port}`;
}
