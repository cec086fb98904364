import type { SamconfigCommand } from '../core/model/sam/samconfig.js';
import type { LoadOptions } from './project.js';
import type { SamconfigReader, SamconfigSelection } from './samconfig.js';

/** How each command (dev, invoke, coldstart, package) is told which project to read, and how. */
export interface ProjectSelection extends SamconfigSelection {
  /** The project directory (default: the current directory). */
  readonly dir?: string;
  /**
   * The project directory as the user named it (dev's DIR), for the `--template` a hint suggests: --template is
   * read from the current directory, as `sam local -t` reads it, so a path inside DIR must start with DIR.
   */
  readonly shownDir?: string;
  readonly template?: string;
  readonly stage?: string;
  /** serverless.yml's `${param:KEY}`s (--param KEY=VALUE). */
  readonly params?: Readonly<Record<string, string>>;
  /** --region: where the functions run (LoadOptions.region). */
  readonly region?: string;
  /** SAM template parameters (--parameter-overrides). */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** The project's Python (default: .venv, then $VIRTUAL_ENV, then python3). */
  readonly python?: string;
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
  /** The directory of the samconfig file whose template_file named `template` (default: the template's). */
  readonly samconfigDir?: string;
  /** The command's samconfig reader, holding the read it made for its options (default: the project's read reads it). */
  readonly samconfigReader?: SamconfigReader;
}

/** The project as a command reads it: what it was given, and the samconfig tables of `command` (sam local invoke's for coldstart). */
export function loadOptionsFor(options: ProjectSelection & { readonly envVarsFile?: string }, command: SamconfigCommand): LoadOptions {
  return {
    env: options.hostEnv,
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.shownDir ? { shownDir: options.shownDir } : {}),
    ...(options.template ? { template: options.template } : {}),
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.params ? { params: options.params } : {}),
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.python ? { python: options.python } : {}),
    ...(options.envVarsFile ? { envVarsFile: options.envVarsFile } : {}),
    configEnv: options.configEnv,
    configFile: options.configFile,
    samconfigCommand: command,
    ...(options.samconfigReader ? { samconfigReader: options.samconfigReader } : {}),
    ...(options.samconfigDir ? { samconfigDir: options.samconfigDir } : {}),
  };
}
