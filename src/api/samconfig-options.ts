import { dirname, resolve } from 'node:path';
import { fileExists } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import { samconfigOptionValues, type SamconfigOptionValues } from '../core/model/sam/samconfig-options.js';
import type { SamconfigCommand } from '../core/model/sam/samconfig.js';
import { findProject } from './project.js';
import type { ProjectSelection } from './project-selection.js';
import { SamconfigReader, samconfigPath, type SamconfigFile } from './samconfig.js';

export interface SamconfigOptionsQuery {
  /** The project directory: where the command runs, as far as SAM CLI is concerned. */
  readonly dir: string;
  readonly template?: string;
  readonly configFile?: string;
  readonly configEnv?: string;
  /** Where the samconfig file is when it is not beside the template: the one whose template_file named it. */
  readonly samconfigDir?: string;
}

/** What the file gives: the options' values, the file's name, and the template its template_file chose. */
export type SamconfigOptionsFound = Omit<SamconfigOptionValues, 'template'> & {
  readonly file?: string;
  readonly eventBesideFile?: string;
  /** Without --template: the file's template_file (or template), absolute, and the directory of the file, which stays the one read. */
  readonly chosen?: { readonly template: string; readonly samconfigDir: string };
};

/**
 * The option values a SAM project's samconfig file gives dev or invoke, read before the project is: dev listens
 * (and checks its port) before it reads the template. A project or file that cannot be read gives none here: the
 * command reads it again and says why. Its event is made absolute from the project directory, where the command
 * runs; `eventBesideFile` is where it is when it is beside the file instead, for the message that it is not found.
 * The file is read through `reader`, which keeps the read for the project's (SamconfigReader).
 */
export async function samconfigOptions(query: SamconfigOptionsQuery, command: SamconfigCommand, reader: SamconfigReader): Promise<SamconfigOptionsFound> {
  let read: SamconfigFile;
  try {
    read = await located(query, command, reader);
  } catch (error) {
    if (error instanceof UserError) return {};
    throw error;
  }
  const { path, file, document } = read;
  const { template, ...values } = samconfigOptionValues(document, command, file, query.configEnv);
  const chosen = template !== undefined && !query.template ? { template: resolve(query.dir, template), samconfigDir: query.dir } : undefined;
  if (chosen && !fileExists(chosen.template)) {
    throw new UserError(`${file}'s template_file ${template} does not exist (looked in ${chosen.template})`, {
      hint: 'SAM CLI reads it from where it runs, as a path given to --template: fix it there, or pass --template FILE, which wins over it.', exitCode: 2,
    });
  }
  // From the directory the command runs in, not the file's: the file's value is click's default for --event, which
  // sam local invoke opens as a path typed there would be (click.open_file in commands/local/invoke/cli.py).
  const event = values.event && values.event !== '-' ? resolve(query.dir, values.event) : values.event;
  const besideFile = values.event && values.event !== '-' ? resolve(dirname(path), values.event) : undefined;
  const misplaced = event && besideFile && besideFile !== event && !fileExists(event) && fileExists(besideFile);
  return { ...values, ...(event ? { event } : {}), ...(misplaced ? { eventBesideFile: besideFile } : {}), file, ...(chosen ? { chosen } : {}) };
}

/**
 * The selection a command reads its project with: given no template, the one its samconfig file's template_file
 * names, with that file's directory (`chosen`). invoke, coldstart and package take it here, from the command line
 * and as a library alike; dev takes it from earlyListen's read (DevSession.start). The file is read through the
 * selection's reader, or one the selection then holds, which keeps the read for the project's.
 */
export async function withFileTemplate<T extends ProjectSelection>(selection: T, command: SamconfigCommand): Promise<T> {
  if (selection.template || selection.samconfigDir) return selection;
  const reader = selection.samconfigReader ?? new SamconfigReader();
  const { configFile, configEnv } = selection;
  const query = { dir: resolve(selection.dir ?? '.'), ...(configFile ? { configFile } : {}), ...(configEnv ? { configEnv } : {}) };
  const { chosen } = await samconfigOptions(query, command, reader);
  return { ...selection, samconfigReader: reader, ...chosen };
}

/**
 * The samconfig file a command reads: without --template, the one where it runs, which may name the template
 * (SAM CLI reads the file before the template: its samconfig_dir is the default template's directory, the current
 * one, in get_or_default_template_file_name); else the one beside the template (or where template_file was read).
 * A UserError when there is none, or the project is no SAM template.
 */
async function located(query: SamconfigOptionsQuery, command: SamconfigCommand, reader: SamconfigReader): Promise<SamconfigFile> {
  const here = query.template || query.samconfigDir ? undefined : samconfigPath(query.dir, query.configFile);
  if (here) {
    const read = await reader.peek(query.dir, here);
    if (namesTemplate(read, command, query.configEnv)) return read;
  }
  const found = query.samconfigDir ? undefined : findProject(query.dir, query.template);
  // Another kind of project's directory may hold a samconfig file: only one that names the template is read.
  if (found && found.style !== 'sam') throw new UserError(`${found.path} is no SAM template`);
  const root = query.samconfigDir ?? dirname(found!.path);
  const path = samconfigPath(root, query.configFile);
  if (!path) throw new UserError(`no samconfig file in ${root}`);
  return reader.peek(root, path);
}

/** Whether the file names the template; a value it cannot take is said by samconfigOptions. */
function namesTemplate(read: SamconfigFile, command: SamconfigCommand, configEnv: string | undefined): boolean {
  try {
    return samconfigOptionValues(read.document, command, read.file, configEnv).template !== undefined;
  } catch (error) {
    if (error instanceof UserError) return false;
    throw error;
  }
}
