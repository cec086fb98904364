import { dirname, resolve } from 'node:path';
import { fileExists } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import { samconfigOptionValues, type SamconfigOptionValues } from '../core/model/sam/samconfig-options.js';
import { findProject } from './project.js';
import { SamconfigReader, samconfigPath, type SamconfigFile } from './samconfig.js';

export interface SamconfigOptionsQuery {
  /** The project directory. */
  readonly dir: string;
  readonly template?: string;
  readonly configFile?: string;
  readonly configEnv?: string;
}

/**
 * The option values a SAM project's samconfig file gives dev or invoke, read before the project is: dev listens
 * (and checks its port) before it reads the template. A project or file that cannot be read gives none here: the
 * command reads it again and says why. Its event is made absolute from the project directory, where the command
 * runs; `eventBesideFile` is where it is when it is beside the file instead, for the message that it is not found.
 * The file is read through `reader`, which keeps the read for the project's (SamconfigReader).
 */
export async function samconfigOptions(query: SamconfigOptionsQuery, command: 'dev' | 'invoke', reader: SamconfigReader): Promise<SamconfigOptionValues & { readonly file?: string; readonly eventBesideFile?: string }> {
  let read: SamconfigFile;
  try {
    const found = findProject(query.dir, query.template);
    if (found.style !== 'sam') return {};
    const root = dirname(found.path);
    const path = samconfigPath(root, query.configFile);
    if (!path) return {};
    read = await reader.peek(root, path);
  } catch (error) {
    if (error instanceof UserError) return {};
    throw error;
  }
  const { path, file, document } = read;
  const values = samconfigOptionValues(document, command, file, query.configEnv);
  // From the directory the command runs in, not the file's: the file's value is click's default for --event, which
  // sam local invoke opens as a path typed there would be (click.open_file in commands/local/invoke/cli.py).
  const event = values.event && values.event !== '-' ? resolve(query.dir, values.event) : values.event;
  const besideFile = values.event && values.event !== '-' ? resolve(dirname(path), values.event) : undefined;
  const misplaced = event && besideFile && besideFile !== event && !fileExists(event) && fileExists(besideFile);
  return { ...values, ...(event ? { event } : {}), ...(misplaced ? { eventBesideFile: besideFile } : {}), file };
}
