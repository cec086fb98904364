import { extname, join, relative, resolve } from 'node:path';
import { dirExists, fileExists, readText } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import { parseSamconfig, samconfigSettings, SAMCONFIG_FILES, type ProjectSettings, type SamconfigCommand } from '../core/model/sam/samconfig.js';

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
}

/** A SAM project's settings: its samconfig file's (when it has one) under the command line's. */
export interface SamProjectSettings extends Omit<ProjectSettings, 'envVars'> {
  /** The samconfig file read, absolute. */
  readonly path?: string;
  /** The --env-vars file, absolute when it comes from the samconfig file (relative to the directory the command runs in). */
  readonly envVarsFile?: string;
}

/**
 * Reads the samconfig file beside the template (SAM CLI looks in the template's directory: samconfig_dir in
 * samcli/commands/_utils/options.py), or the one --config-file names, and applies it under the command line.
 */
export async function samProjectSettings(root: string, options: SamconfigOptions, readFiles?: string[]): Promise<SamProjectSettings> {
  const path = samconfigPath(root, options.configFile);
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
  const file = relative(root, path) || path;
  const document = parseSamconfig(await readText(path, 'samconfig file'), file);
  const query = { file, ...(options.configEnv ? { env: options.configEnv } : {}), ...(options.command ? { command: options.command } : {}) };
  const cli = {
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.envVarsFile ? { envVars: options.envVarsFile } : {}),
  };
  const { envVars, ...settings } = samconfigSettings(document, query, cli);
  // Opened by sam local from where it runs, as a path given to --env-vars (click's default), not from the file's directory.
  const envVarsFile = options.envVarsFile ?? (envVars ? resolve(options.baseDir ?? root, envVars) : undefined);
  return { ...settings, path, ...(envVarsFile ? { envVarsFile } : {}) };
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
