import { dirname, relative, resolve } from 'node:path';
import { readText } from '../adapters/fs.js';
import { UserError } from '../core/errors.js';
import { parseSamconfig, type SamconfigDocument } from '../core/model/sam/samconfig.js';
import { samconfigOptionValues, type SamconfigOptionValues } from '../core/model/sam/samconfig-options.js';
import { findProject } from './project.js';
import { samconfigPath } from './samconfig.js';

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
 * command reads it again and says why. Its event is made absolute from the file's directory.
 */
export async function samconfigOptions(query: SamconfigOptionsQuery, command: 'dev' | 'invoke'): Promise<SamconfigOptionValues & { readonly file?: string }> {
  let path: string | undefined;
  let file: string;
  let document: SamconfigDocument;
  try {
    const found = findProject(query.dir, query.template);
    if (found.style !== 'sam') return {};
    const root = dirname(found.path);
    path = samconfigPath(root, query.configFile);
    if (!path) return {};
    file = relative(root, path) || path;
    document = parseSamconfig(await readText(path, 'samconfig file'), file);
  } catch (error) {
    if (error instanceof UserError) return {};
    throw error;
  }
  const values = samconfigOptionValues(document, command, file, query.configEnv);
  // Beside the file, as its env_vars is read: the same file gives the same event wherever the command runs.
  const event = values.event && values.event !== '-' ? resolve(dirname(path), values.event) : values.event;
  return { ...values, ...(event ? { event } : {}), file };
}
