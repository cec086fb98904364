import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileExists, dirExists, readText } from '../adapters/fs.js';
import { ConfigError, UserError, hasErrors, type Diagnostic } from '../core/errors.js';
import type { FunctionModel, Project } from '../core/model/project.js';
import { readSamTemplate } from '../core/model/sam/read.js';
import type { ParsedTemplate } from '../core/model/sam/template.js';

export interface LoadOptions {
  /** The project directory (default: the current directory). */
  readonly dir?: string;
  /** An explicit SAM template. */
  readonly template?: string;
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  readonly region?: string;
}

export interface LoadedProject {
  /** The project root, absolute: where the configuration file is. */
  readonly root: string;
  readonly project: Project;
  readonly template?: ParsedTemplate;
  /** Warnings found while reading (errors throw a ConfigError instead). */
  readonly warnings: readonly Diagnostic[];
}

const SAM_NAMES = ['template.yaml', 'template.yml'];

/** Finds and reads the project in a directory, or the template given; every error at once. */
export async function loadProject(options: LoadOptions = {}): Promise<LoadedProject> {
  const cwd = resolve(options.dir ?? '.');
  if (!options.template && !dirExists(cwd)) throw new UserError(`The project directory ${cwd} does not exist`);
  const templatePath = options.template ? resolve(options.template) : SAM_NAMES.map((n) => join(cwd, n)).find(fileExists);
  if (!templatePath) {
    throw new UserError(`No project found in ${cwd}: expected ${SAM_NAMES.join(' or ')}`, {
      hint: 'Pass --template FILE, or create a project with `pylambda new NAME`.',
    });
  }
  const root = dirname(templatePath);
  const file = relative(root, templatePath) || templatePath;
  const text = await readText(templatePath, 'template');
  const result = readSamTemplate(text, {
    file,
    ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  if (!result.project || hasErrors(result.diagnostics)) throw new ConfigError(file, result.diagnostics);
  return {
    root,
    project: result.project,
    ...(result.template ? { template: result.template } : {}),
    warnings: result.diagnostics.filter((d) => d.severity === 'warning'),
  };
}

/** The function a command names, or the only one; a clear error otherwise. */
export function selectFunction(loaded: LoadedProject, name: string | undefined): FunctionModel {
  const { functions } = loaded.project;
  if (functions.length === 0) throw new UserError(`${loaded.project.configFile} defines no Python function`);
  if (!name) {
    if (functions.length === 1) return functions[0]!;
    throw new UserError(`${loaded.project.configFile} defines ${functions.length} functions; name one: ${functions.map((f) => f.id).join(', ')}`);
  }
  const found = functions.find((f) => f.id === name || f.name === name);
  if (!found) throw new UserError(`No function named '${name}' in ${loaded.project.configFile}; there is ${functions.map((f) => f.id).join(', ')}`);
  return found;
}

/** The function's code directory, absolute, checked to exist. */
export function codeDirectory(loaded: LoadedProject, fn: FunctionModel): string {
  const dir = isAbsolute(fn.codeUri) ? fn.codeUri : resolve(loaded.root, fn.codeUri);
  if (!dirExists(dir)) {
    throw new UserError(`${fn.source.path}: CodeUri '${fn.codeUri}' is not a directory (looked in ${dir})`);
  }
  return dir;
}
