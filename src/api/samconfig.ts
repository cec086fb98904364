import { basename, extname, join, relative, resolve } from 'node:path';
import { dirExists, fileExists, readText } from '../adapters/fs.js';
import { UserError, type Diagnostic } from '../core/errors.js';
import type { LoadOptions } from './project.js';
import { parseSamconfig, samconfigSettings, SAMCONFIG_FILES, type ProjectSettings, type SamconfigCommand, type SamconfigDocument } from '../core/model/sam/samconfig.js';

/** `--config-env` and `--config-file`: which samconfig settings a command on a SAM project reads. */
export interface SamconfigSelection {
  /** The environment (default: `default`). */
  readonly configEnv?: string;
  /** Another file than the samconfig.toml beside the template; relative to the template's directory. */
  readonly configFile?: string;
}

export interface SamconfigOptions {
  /** `--config-file`: relative to the template's directory, as SAM CLI joins it to that directory. */
  readonly configFile?: string;
  /** `--config-env` (default: `default`). */
  readonly configEnv?: string;
  readonly command?: SamconfigCommand;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  readonly envVarsFile?: string;
  /** Where the file's relative env_vars is read from: the directory the command runs in (default: the template's). */
  readonly baseDir?: string;
  /** The samconfig file's directory, when not the template's: the one whose template_file named the template. */
  readonly dir?: string;
  /** The command's reader: the read it made for its options, before the project is read, is this one (default: a new reader). */
  readonly reader?: SamconfigReader;
}

/** A samconfig file, read and parsed. */
export interface SamconfigFile {
  /** Absolute. */
  readonly path: string;
  /** For messages: relative to the template's directory. */
  readonly file: string;
  readonly document: SamconfigDocument;
}

/**
 * Reads a command's samconfig file once: the options a command takes from it before the project is read (dev's port,
 * invoke's event) come from the same read as the project's settings (`peek`, then `read`). A later `read` (a dev
 * reload) reads the file again. `readFile` is the file system's, or a stand-in (a test counts the reads).
 */
export class SamconfigReader {
  private readonly kept = new Map<string, Promise<SamconfigFile>>();

  constructor(private readonly readFile: (path: string) => Promise<string> = (path) => readText(path, 'samconfig file')) {}

  /** The file, read for the command's options: kept for the project's read that follows. */
  peek(root: string, path: string): Promise<SamconfigFile> {
    let read = this.kept.get(path);
    if (!read) {
      read = this.parse(root, path);
      // Said when the project is read (the same rejection), not here.
      read.catch(() => undefined);
      this.kept.set(path, read);
    }
    return read;
  }

  /** The file as the project is read with it: the kept read, else a new one. */
  read(root: string, path: string): Promise<SamconfigFile> {
    const kept = this.kept.get(path);
    this.kept.delete(path);
    return kept ?? this.parse(root, path);
  }

  private async parse(root: string, path: string): Promise<SamconfigFile> {
    const file = relative(root, path) || path;
    return { path, file, document: parseSamconfig(await this.readFile(path), file) };
  }
}

/** A SAM project's settings: its samconfig file's (when it has one) under the command line's. */
export interface SamProjectSettings extends Omit<ProjectSettings, 'envVars'> {
  /** The samconfig file read. */
  readonly samconfig?: SamconfigFile;
  /** The --env-vars file, absolute when it comes from the samconfig file (relative to the directory the command runs in). */
  readonly envVarsFile?: string;
}

/**
 * Reads the samconfig file beside the template (SAM CLI looks in the template's directory: samconfig_dir in
 * samcli/commands/_utils/options.py), or the one --config-file names, and applies it under the command line.
 */
export async function samProjectSettings(root: string, options: SamconfigOptions, readFiles?: string[]): Promise<SamProjectSettings> {
  // SAM CLI reads the file where the template's is, or (template_file) where it named the template from.
  const dir = options.dir ?? root;
  const path = samconfigPath(dir, options.configFile);
  // Named before it is read: a file that does not parse is one the user fixes, and dev watches it for that.
  if (path) readFiles?.push(path);
  if (!path) {
    return {
      ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
      ...(options.envVarsFile ? { envVarsFile: options.envVarsFile } : {}),
      diagnostics: options.configEnv
        ? [{ severity: 'warning', path: '', message: `--config-env ${options.configEnv}: there is no samconfig.toml (or .yaml, .yml) beside the template, so nothing is read` }]
        : [],
    };
  }
  const samconfig = await (options.reader ?? new SamconfigReader()).read(dir, path);
  const { file, document } = samconfig;
  const query = { file, ...(options.configEnv ? { env: options.configEnv } : {}), ...(options.command ? { command: options.command } : {}) };
  const cli = {
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.envVarsFile ? { envVars: options.envVarsFile } : {}),
  };
  const { envVars, ...settings } = samconfigSettings(document, query, cli);
  // Opened by sam local from where it runs, as a path given to --env-vars (click's default), not from the file's directory.
  const envVarsFile = options.envVarsFile ?? (envVars ? resolve(options.baseDir ?? root, envVars) : undefined);
  return { ...settings, samconfig, ...(envVarsFile ? { envVarsFile } : {}) };
}

export function samconfigPath(root: string, configFile: string | undefined): string | undefined {
  if (configFile) {
    const path = resolve(root, configFile);
    if (dirExists(path)) throw new UserError(`--config-file ${configFile} is a directory (${path}): name the file, such as samconfig.toml`, { exitCode: 2 });
    if (!fileExists(path)) throw new UserError(`--config-file ${configFile} does not exist (looked in ${path})`, { hint: 'A relative path is read from the template\'s directory, as SAM CLI reads it.', exitCode: 2 });
    if (!['.toml', '.yaml', '.yml'].includes(extname(path))) {
      throw new UserError(`--config-file ${configFile}: SAM CLI reads a configuration file in TOML (.toml) or YAML (.yaml, .yml) only`, { exitCode: 2 });
    }
    return path;
  }
  return SAMCONFIG_FILES.map((name) => join(root, name)).find(fileExists);
}

/** The samconfig options of a project read. */
export function samconfigOptions(options: LoadOptions): SamconfigOptions {
  return {
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.configEnv ? { configEnv: options.configEnv } : {}),
    ...(options.samconfigCommand ? { command: options.samconfigCommand } : {}),
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.envVarsFile ? { envVarsFile: options.envVarsFile } : {}),
    ...(options.samconfigReader ? { reader: options.samconfigReader } : {}),
    ...(options.samconfigDir ? { dir: options.samconfigDir } : {}),
  };
}

/** --config-env and --config-file name SAM CLI's configuration: said when the project is another kind. */
export function samconfigIgnored(options: LoadOptions, configPath: string): Diagnostic[] {
  const given = [options.configEnv ? `--config-env ${options.configEnv}` : '', options.configFile ? `--config-file ${options.configFile}` : ''].filter(Boolean);
  if (given.length === 0) return [];
  return [{ severity: 'warning', path: '', message: `${given.join(' and ')} ${given.length > 1 ? 'apply' : 'applies'} to a SAM template's samconfig.toml, not to ${basename(configPath)}: ignored` }];
}
