import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDirectory } from '../adapters/fs.js';
import { resolvePython, type PythonInfo } from '../adapters/python.js';
import { findPythonVersion } from '../adapters/python-tools.js';
import { UserError } from '../core/errors.js';
import { isoDate } from '../core/model/runtime-lifecycle.js';
import { SERVERLESS_CONFIG_NAMES } from '../core/model/serverless/config-file.js';
import {
  checkGiven,
  defaultRuntime,
  nextQuestion,
  projectNameProblem,
  resolveChoices,
  runtimeWarnings,
  type GivenChoices,
  type Question,
  type ScaffoldChoices,
} from '../core/templates/choices.js';
import { EXAMPLES, functionId, nextSteps, type ExampleRoute, type SampleRequest } from '../core/templates/examples.js';
import { planProject, type TemplateFile } from '../core/templates/scaffold.js';

/** The scaffold templates, shipped with the package (package.json `files`). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface NewOptions {
  /** Where the project directory is created. */
  readonly cwd: string;
  /** The project's directory, relative to `cwd` or absolute; its last part is the project's name. */
  readonly name: string;
  /** Choices given on the command line; the others are asked (with `ask`) or defaulted. */
  readonly given: GivenChoices;
  /** Write into a directory that is not empty (files of the same name are replaced). */
  readonly force?: boolean;
  /** Asks one question in a terminal and returns the answer's value; absent: defaults apply. */
  readonly ask?: (question: Question) => Promise<string>;
  /** The interpreter whose version picks the default runtime (default: $VIRTUAL_ENV's, else python3). */
  readonly python?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Shapes the printed commands (`.venv\Scripts\pip` on Windows, `npx pylambda` under npx). */
  readonly windows?: boolean;
  readonly npx?: boolean;
  readonly templatesDir?: string;
  /** The day runtimes' deprecations are judged at (default: today). */
  readonly today?: Date;
}

export interface NewResult {
  /** The project directory, absolute. */
  readonly dir: string;
  readonly choices: ScaffoldChoices;
  /** Every file written, relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** The function that serves the routes: the SAM logical id or serverless.yml's function key (raw), or Chalice's `api_handler`. */
  readonly functionId: string;
  /** The routes the project serves, relative to the API's root. */
  readonly routes: readonly ExampleRoute[];
  /** Requests to send in order, with the status each must get (`{id}`: the id the last response returned). */
  readonly samples: readonly SampleRequest[];
  readonly nextSteps: readonly string[];
  /** Things the user should know (the local Python differs from the runtime, no Python found). */
  readonly notes: readonly string[];
  /** Things to act on: the runtime is one Lambda has deprecated. */
  readonly warnings: readonly string[];
}

/** `pylambda new`: checks the name and the directory, settles the choices, writes the project. */
export async function createProject(options: NewOptions): Promise<NewResult> {
  // resolve() reads '' as the current directory: an unset shell variable must not scaffold here.
  if (options.name === '') throw new UserError("A project name is required: '' is empty (use . for the current directory)", { exitCode: 2 });
  const dir = resolve(options.cwd, options.name);
  // As with `chalice new-project` and `sam init`, the directory's name is the project's (and stack's) name.
  const name = basename(dir);
  const problem = projectNameProblem(name);
  if (problem) throw new UserError(`Invalid project name '${name}'${name === options.name ? '' : ` (from ${options.name})`}: ${problem}`, { exitCode: 2 });
  await checkDirectory(dir, options.force === true);
  checkGiven(options.given);
  // Before any question, when the style (and a raw project's framework) is already known.
  const early = options.given.style === 'chalice' ? 'chalice' : options.given.style === 'raw' ? options.given.framework : undefined;
  if (early === 'chalice' || early === 'sam' || early === 'serverless') checkStyleMix(dir, early);

  const found = await localPython(options);
  const local = found.python;
  const defaults = { runtime: defaultRuntime(local?.version).name };
  const today = isoDate(options.today ?? new Date());
  const given: GivenChoices = { ...options.given };
  if (options.ask) {
    for (let question = nextQuestion(given, defaults, today); question; question = nextQuestion(given, defaults, today)) {
      given[question.key] = await options.ask(question);
    }
  }
  const choices = resolveChoices(name, given, defaults);

  const files = planProject(choices, await readTemplates(options.templatesDir ?? TEMPLATES_DIR));
  checkStyleMix(dir, choices.framework ?? 'chalice');
  await makeDirectory(dir, 'the project directory');
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  const example = EXAMPLES[choices.example];
  return {
    dir,
    choices,
    files: files.map((f) => f.path),
    functionId: choices.style === 'chalice' ? 'api_handler' : functionId(choices.example, choices.framework),
    routes: example.routes,
    samples: example.samples,
    nextSteps: nextSteps(choices, {
      cd: relative(options.cwd, dir),
      ...(local ? { localVersion: local.version } : {}),
      ...(await runtimePython(choices.runtime, local, options)),
      windows: options.windows === true,
      npx: options.npx === true,
    }),
    notes: notes(choices, found),
    warnings: runtimeWarnings(choices, today),
  };
}

const IGNORED_ENTRIES = new Set(['.git', '.DS_Store', 'Thumbs.db']);

async function checkDirectory(dir: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new UserError(`${dir} exists and is not a directory`);
    // A repository made first (`git init`, then `pylambda new .`) holds nothing the project would replace.
    entries = (await readdir(dir)).filter((name) => !IGNORED_ENTRIES.has(name));
  } catch (error) {
    // Missing, or under a path that cannot hold it (makeDirectory says why, before anything is written).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw error;
  }
  if (entries.length > 0 && !force) {
    throw new UserError(`${dir} is not empty (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'})`, {
      hint: 'Choose another name, or pass --force to write the project into it (files with the same names are replaced).',
    });
  }
}

type ProjectKind = 'sam' | 'serverless' | 'chalice';

/**
 * Project files that are not the kind's own (a SAM project's is template.yaml: a .yml or .json beside it is
 * another; a Serverless Framework one's is serverless.yml: a serverless.ts beside it is another).
 */
const OTHER_STYLES_FILES: Readonly<Record<ProjectKind, readonly string[]>> = {
  sam: [join('.chalice', 'config.json'), ...SERVERLESS_CONFIG_NAMES, 'template.yml', 'template.json'],
  serverless: [join('.chalice', 'config.json'), 'template.yaml', 'template.yml', 'template.json', ...SERVERLESS_CONFIG_NAMES.filter((n) => n !== 'serverless.yml')],
  chalice: ['template.yaml', 'template.yml', 'template.json', ...SERVERLESS_CONFIG_NAMES],
};
const OWN_FILES: Readonly<Record<ProjectKind, string>> = { sam: 'template.yaml', serverless: 'serverless.yml', chalice: '.chalice/config.json' };

/**
 * --force writes over files of the same names and keeps the rest: over a project of the other style, the
 * old project's configuration would stay beside the new one's and win (template.yaml before
 * .chalice/config.json), so that `dev` served the old code and the new tests ran against it.
 */
function checkStyleMix(dir: string, kind: ProjectKind): void {
  const found = OTHER_STYLES_FILES[kind].find((file) => existsSync(join(dir, file)));
  if (!found) return;
  const what = found.startsWith('.chalice') ? 'a Chalice project' : found.startsWith('serverless') ? 'a Serverless Framework project' : 'a SAM project';
  throw new UserError(`${dir} holds ${found}, ${what}: the ${kind === 'chalice' ? 'Chalice' : 'raw-handler'} project would put its ${OWN_FILES[kind]} beside it, and leave two projects in one directory`, {
    exitCode: 2,
    hint: `Choose another directory, or remove ${found} (and that project's code) first.`,
  });
}

/** The Python the user works with; none found is not an error here (the newest runtime is chosen). */
/**
 * Where the runtime's Python is when it is not the local one and `python3.X` would not start it: a pyenv
 * install that is not selected (its shim fails), or one uv manages. Nothing when `python3.X` works or none is found.
 */
async function runtimePython(runtime: string, local: PythonInfo | undefined, options: NewOptions): Promise<{ runtimePython?: string }> {
  const wanted = runtime.replace(/^python/, '');
  if (options.windows || local?.version.split('.').slice(0, 2).join('.') === wanted) return {};
  const search = await findPythonVersion(wanted, options.env);
  // Found at the first place looked (python3.X on PATH, not a pyenv shim): that name works as it is.
  if (!search.python || search.looked.length === 1) return {};
  return { runtimePython: search.python.executable };
}

/** The local Python, or why the one found was refused (a `python3` that is Python 2, say). */
async function localPython(options: NewOptions): Promise<{ python?: PythonInfo; refused?: string }> {
  const venv = options.env.VIRTUAL_ENV;
  const candidate = options.python ?? (venv ? join(venv, options.windows ? 'Scripts' : 'bin', options.windows ? 'python.exe' : 'python') : 'python3');
  try {
    return { python: await resolvePython(candidate, options.env) };
  } catch (error) {
    // Not there at all (spawn ENOENT), or there and refused: a Python 2 `python3`, a broken one.
    const missing = !(error instanceof Error) || (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    return missing ? {} : { refused: error.message.split('\n')[0]! };
  }
}

function notes(choices: ScaffoldChoices, found: { python?: PythonInfo; refused?: string }): string[] {
  const local = found.python;
  if (!local && found.refused) return [`The local Python cannot run the project (${found.refused}), so it targets ${choices.runtime}; install that Python to run it locally.`];
  if (!local) return [`No local Python was found, so the project targets ${choices.runtime}; install that Python to run it locally.`];
  const localMinor = local.version.split('.').slice(0, 2).join('.');
  const wanted = choices.runtime.replace(/^python/, '');
  if (localMinor === wanted) return [];
  return [`The local Python is ${local.version} and the project targets ${choices.runtime}: create its venv with Python ${wanted} so it runs locally as on Lambda.`];
}

/** Every file under the templates directory, with `/`-separated paths. */
async function readTemplates(root: string): Promise<TemplateFile[]> {
  const out: TemplateFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === '__pycache__') continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.push({ path: relative(root, path).split(sep).join('/'), text: await readFile(path, 'utf8') });
    }
  };
  await walk(root);
  return out;
}
