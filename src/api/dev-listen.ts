import { relative, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { chosenListen, lambdaPortClash, listenChange, listenRefused, saidAsListenSource, type DevListen, type ListenSettings, type ListenValues } from '../core/model/dev-listen.js';
import { samconfigOptionValues } from '../core/model/sam/samconfig-options.js';
import { templateChange, type StartedTemplate } from '../core/model/dev-template-change.js';
import type { DevOptions } from './dev-types.js';
import type { LoadedProject } from './project.js';
import { samconfigOptions, type SamconfigOptionsFound } from './samconfig-options.js';
import { SamconfigReader, type SamconfigFile } from './samconfig.js';

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
    const { from, port, host, lambdaPort, refused } = defaults;
    settings.settings = { file: loaded.project.configFile, from, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }), ...(lambdaPort === undefined ? {} : { lambdaPort }), ...(refused ? { refused } : {}) };
  }
  return chosenListen(settings);
}

/**
 * projectListen for dev's start, given to `chosen` (errors about the port name its setting), refused when the Lambda
 * API would take the first endpoint's port. A samconfig port that is not one (edited in while dev waited for a fix)
 * is a UserError too.
 */
export function checkedListen(options: DevOptions, loaded: LoadedProject, chosen: (listen: DevListen) => void): DevListen {
  const listen = projectListen(options, loaded);
  chosen(listen);
  const clash = lambdaPortClash(listen);
  if (clash) throw clash;
  return listen;
}

/** projectListen after a reload, or its refusal of a value that is not a port (samconfig's, custom.serverless-offline's): the next start's error. */
export function reloadedListen(options: DevOptions, loaded: LoadedProject): DevListen | UserError {
  try {
    return projectListen(options, loaded);
  } catch (error) {
    if (error instanceof UserError) return error;
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
    // The default port may yet give way to serverless.yml's custom.serverless-offline httpPort: checked once it is read.
    const clash = listen.port.source.by === 'default' ? undefined : lambdaPortClash(listen);
    if (clash) throw clash;
    return await start(given, listen, (chosen) => {
      listen = chosen;
    });
  } catch (error) {
    throw saidAsListenSource(error, listen);
  }
}

/** What dev started with: where it listens (`bound`: its first endpoint's port, once it listens) and the template it serves. */
export interface DevStart {
  readonly listen: DevListen;
  readonly asked: DevOptions;
  /** The template's path, absolute. */
  readonly template: string;
  readonly bound: () => number | undefined;
}

/**
 * What a running dev took from the files at its start, for the reloads: one that finds a file's port or host, or
 * the samconfig file's template_file, changed says so once, as dev goes on with what it started with (sam local
 * start-api and serverless-offline read their settings once, too).
 */
export class StartWatch {
  private said: { listen?: string; template?: string } = {};
  /** None when the caller gave the template (--template): the file's template_file has no say then. */
  private readonly template: StartedTemplate | undefined;

  constructor(private readonly start: DevStart) {
    const { asked } = start;
    const named = asked.samconfigDir !== undefined;
    this.template = asked.template !== undefined && !named ? undefined : { shown: shownPath(asked, start.template), named };
  }

  /** What the reload that read `full` says: nothing that did not change, or was said last. */
  changes(full: LoadedProject): string[] {
    const now = reloadedListen(this.start.asked, full);
    const listen = now instanceof UserError ? listenRefused(now.message, this.start.listen, this.start.bound()) : listenChange(this.start.listen, now, this.start.bound());
    const named = this.template && full.samconfig ? namedTemplate(this.start.asked, full.samconfig) : undefined;
    // A samconfig file gone names no template: said in the name of the file it was.
    const template = this.template && templateChange(full.samconfig?.file ?? 'the samconfig file', this.template, named && shownPath(this.start.asked, named));
    const fresh = [listen !== this.said.listen ? listen : undefined, template !== this.said.template ? template : undefined];
    this.said = { ...(listen ? { listen } : {}), ...(template ? { template } : {}) };
    return fresh.filter((notice) => notice !== undefined);
  }
}

/** The template the samconfig file names for dev, absolute; none for a value it cannot take (the next start says it). */
function namedTemplate(asked: DevOptions, samconfig: SamconfigFile): string | undefined {
  try {
    const { template } = samconfigOptionValues(samconfig.document, 'dev', samconfig.file, asked.configEnv);
    return template === undefined ? undefined : resolve(asked.dir, template);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

/** A path as dev's messages show it: from where the samconfig file's template_file is read (dev's DIR). */
function shownPath(asked: DevOptions, path: string): string {
  return relative(resolve(asked.dir), path) || path;
}
