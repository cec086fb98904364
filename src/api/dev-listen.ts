import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { chosenListen, lambdaPortClash, listenChange, saidAsListenSource, type DevListen, type ListenSettings, type ListenValues } from '../core/model/dev-listen.js';
import { samconfigOptionValues } from '../core/model/sam/samconfig-options.js';
import type { DevOptions } from './dev-types.js';
import type { LoadedProject } from './project.js';
import { samconfigOptions, type SamconfigOptionsFound } from './samconfig-options.js';
import { SamconfigReader } from './samconfig.js';

/** What the caller gave of where dev listens (the command line's --port, --host and --lambda-port). */
export function givenListen(options: DevOptions): ListenValues {
  return {
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.lambdaPort === undefined ? {} : { lambdaPort: options.lambdaPort }),
  };
}

/**
 * Where dev listens before its project is read (to refuse a port in use before it waits for a fix): the caller's,
 * else its samconfig file's, read through the command's reader, which keeps the read for the project's; and the
 * template that file's template_file names, without --template.
 */
export async function earlyListen(options: DevOptions, reader: SamconfigReader): Promise<{ listen: DevListen; chosen?: SamconfigOptionsFound['chosen'] }> {
  const query = { dir: resolve(options.dir), ...(options.template ? { template: options.template } : {}), ...(options.configFile ? { configFile: options.configFile } : {}), ...(options.configEnv ? { configEnv: options.configEnv } : {}),
    ...(options.samconfigDir ? { samconfigDir: options.samconfigDir } : {}) };
  const { file, port, host, chosen } = await samconfigOptions(query, 'dev', reader);
  return { ...(chosen ? { chosen } : {}), listen: chosenListen({ commandLine: givenListen(options), ...(file ? { samconfig: { file, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) } } : {}) }) };
}

/**
 * Where dev listens with its project read: the caller's, else the samconfig file's (as read with the project), else
 * serverless.yml's custom.serverless-offline, else the defaults. A samconfig value that is not a port (a reload's:
 * the first read refused it) is a UserError.
 */
export function projectListen(options: DevOptions, loaded: LoadedProject): DevListen {
  const settings: { -readonly [K in keyof ListenSettings]: ListenSettings[K] } = { commandLine: givenListen(options) };
  const { samconfig } = loaded;
  if (samconfig) {
    const { port, host } = samconfigOptionValues(samconfig.document, 'dev', samconfig.file, options.configEnv);
    settings.samconfig = { file: samconfig.file, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) };
  }
  const defaults = loaded.project.devDefaults;
  if (defaults) {
    const { from, port, host, lambdaPort } = defaults;
    settings.settings = { file: loaded.project.configFile, from, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }), ...(lambdaPort === undefined ? {} : { lambdaPort }) };
  }
  return chosenListen(settings);
}

/** projectListen after a reload, none when the samconfig file now holds a value that is not a port (the next start says it). */
export function reloadedListen(options: DevOptions, loaded: LoadedProject): DevListen | undefined {
  try {
    return projectListen(options, loaded);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/**
 * DevSession.start's frame: where dev listens before the project is read, from one read of the samconfig file (the
 * caller's, or this one) that the project's read takes over, and the template its template_file names (pylambda dev
 * has applied it already); then `start`, whose errors about the port or host are said as the setting's that gave it.
 */
export async function startListening<T>(asked: DevOptions, start: (given: DevOptions, early: DevListen, chosen: (listen: DevListen) => void) => Promise<T>): Promise<T> {
  const reader = asked.samconfigReader ?? new SamconfigReader();
  const early = await earlyListen({ ...asked, samconfigReader: reader }, reader);
  let { listen } = early;
  const given = { ...asked, samconfigReader: reader, ...early.chosen };
  try {
    const clash = lambdaPortClash(listen);
    if (clash) throw clash;
    return await start(given, listen, (chosen) => {
      listen = chosen;
    });
  } catch (error) {
    throw saidAsListenSource(error, listen);
  }
}

/**
 * Where a running dev listens, for the reloads: one that finds a file's port or host changed says so once, as dev
 * goes on listening where it started (sam local start-api and serverless-offline read their settings once, too).
 */
export class ListenWatch {
  private said: string | undefined;

  /** `bound`: the port its first endpoint listens on, once it listens (DevGateways.firstPort). */
  constructor(private readonly started: DevListen, private readonly asked: DevOptions, private readonly bound: () => number | undefined) {}

  /** What the reload that read `full` says: undefined when nothing changed, or the same change was said last. */
  change(full: LoadedProject): string | undefined {
    const now = reloadedListen(this.asked, full);
    const change = now && listenChange(this.started, now, this.bound());
    const fresh = change !== this.said ? change : undefined;
    this.said = change;
    return fresh;
  }
}
