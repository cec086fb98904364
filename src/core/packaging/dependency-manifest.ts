/**
 * Where a function's dependencies are declared when its code directory has no requirements.txt: a
 * `pyproject.toml` with `[project] dependencies` (PEP 621), pinned by a `uv.lock` beside it, or a
 * `Pipfile.lock`. Without this choice such a project was packaged with no dependencies at all, and
 * every invoke ended in `Runtime.ImportModuleError`. requirements.txt always wins, as in SAM's
 * python_uv workflow (`detect_uv_manifest`: "Look for requirements.txt first").
 */
import { posix } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { UserError } from '../errors.js';
import { isRecord } from '../model/fields.js';
import { pipfileLockRequirements } from './pipfile-lock.js';
import { requirementName } from './installer-output.js';

/** The files of the code directory this rule reads: present or not, with the content of those it parses. */
export interface ManifestFiles {
  readonly pyproject?: string;
  /**
   * The nearest uv.lock, in the code directory or above it: a workspace keeps one lock at its root, for
   * every member (`[tool.uv.workspace]` in the pyproject.toml there, given as `rootPyproject`).
   */
  readonly uvLock?: { readonly dir: string; readonly here: boolean; readonly rootPyproject?: string };
  readonly pipfile?: string;
  readonly pipfileLock?: string;
  readonly poetryLock: boolean;
}

export type DependencySource =
  | { readonly kind: 'none' }
  /**
   * `uv export`, run in the code directory, turns the lock into requirements; `lockDir` is where the paths it
   * writes start from, and `fallback` what to install when uv is not there (none when `[tool.uv.sources]`
   * says where some come from: only uv reads that).
   */
  | { readonly kind: 'uv-lock'; readonly manifest: 'uv.lock'; readonly lockDir: string; readonly member?: string; readonly direct: readonly string[]; readonly fallback?: string }
  /** Requirements written from the manifest itself. */
  | { readonly kind: 'lines'; readonly manifest: 'pyproject.toml' | 'Pipfile.lock'; readonly content: string; readonly direct: readonly string[]; readonly notes: readonly string[] };

const EXPORT_HINT = 'or write requirements.txt beside it (uv pip compile pyproject.toml -o requirements.txt), which pylambda installs first';

/** `dir`: the code directory as messages name it (`functions/api/`, empty for the project's own). */
export function dependencySource(files: ManifestFiles, dir = ''): DependencySource {
  const pyproject = `${dir}pyproject.toml`;
  const project = files.pyproject === undefined ? undefined : readPyproject(files.pyproject, pyproject);
  if (project && project.dependencies.length > 0) {
    const direct = [...new Set(project.dependencies.map(requirementName))];
    const content = `${project.dependencies.join('\n')}\n`;
    const lock = files.uvLock;
    if (lock && (lock.here || isWorkspaceRoot(lock.rootPyproject))) {
      const member = !lock.here && project.name ? { member: project.name } : {};
      return { kind: 'uv-lock', manifest: 'uv.lock', lockDir: lock.dir, ...member, direct, ...(project.uvSources.length === 0 ? { fallback: content } : {}) };
    }
    if (project.uvSources.length > 0) {
      // [project] names `shared`; only uv's own sources (or its lock) say it is ../libs/shared, not PyPI's shared.
      throw new UserError(`${pyproject} takes ${project.uvSources.join(', ')} from [tool.uv.sources], which only uv's lock resolves, and there is no uv.lock beside it`, {
        hint: `Run uv lock in that directory, ${EXPORT_HINT}.`,
      });
    }
    const notes = files.poetryLock ? [`${dir}poetry.lock is not read: the [project] dependencies of ${pyproject} are installed as ranges, which may resolve other versions than the lock's (poetry export -f requirements.txt -o requirements.txt installs the lock's)`] : [];
    return { kind: 'lines', manifest: 'pyproject.toml', content, direct, notes };
  }
  if (project?.dynamic) {
    throw new UserError(`${pyproject} declares its dependencies dynamic (dynamic = ["dependencies"]): only its build backend knows them, so pylambda cannot install them`, {
      hint: `List them in [project] dependencies, ${EXPORT_HINT}.`,
    });
  }
  if (project && project.poetry.length > 0) {
    throw new UserError(`${pyproject} lists its dependencies (${project.poetry.slice(0, 3).join(', ')}${project.poetry.length > 3 ? ', ...' : ''}) in [tool.poetry.dependencies], in Poetry's own syntax, which pylambda does not read`, {
      hint: 'Export them: poetry export -f requirements.txt --output requirements.txt (Poetry 2 needs poetry-plugin-export), or list them in [project] dependencies as Poetry 2 does.',
    });
  }
  if (files.pipfileLock !== undefined) return { kind: 'lines', manifest: 'Pipfile.lock', ...pipfileLockRequirements(files.pipfileLock, `${dir}Pipfile.lock`), notes: [] };
  if (files.pipfile !== undefined && pipfilePackages(files.pipfile, `${dir}Pipfile`) > 0) {
    throw new UserError(`${dir}Pipfile has no Pipfile.lock beside it: pylambda installs the lock's [default] packages, which pipenv writes`, {
      hint: 'Run pipenv lock, or export the requirements: pipenv requirements > requirements.txt.',
    });
  }
  return { kind: 'none' };
}

/** How many packages a Pipfile's `[packages]` lists (its `[dev-packages]` never ship). */
function pipfilePackages(text: string, file: string): number {
  const doc = parseTomlFile(text, file, 'pipenv');
  return isRecord(doc.packages) ? Object.keys(doc.packages).length : 0;
}

function isWorkspaceRoot(pyproject: string | undefined): boolean {
  try {
    const doc = pyproject === undefined ? {} : parseToml(pyproject);
    return isRecord(doc.tool) && isRecord(doc.tool.uv) && isRecord(doc.tool.uv.workspace);
  } catch {
    return false; // uv cannot read that workspace either; its lock is not this project's
  }
}

interface Pyproject {
  readonly name?: string;
  readonly dependencies: readonly string[];
  readonly dynamic: boolean;
  /** The names `[tool.uv.sources]` maps to a path, a repository, a URL or an index. */
  readonly uvSources: readonly string[];
  /** The names of `[tool.poetry.dependencies]`, without `python`. */
  readonly poetry: readonly string[];
}

function readPyproject(text: string, file: string): Pyproject {
  const doc = parseTomlFile(text, file, 'pip and uv');
  const project = isRecord(doc.project) ? doc.project : {};
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const uv = isRecord(tool.uv) ? tool.uv : {};
  const poetry = isRecord(tool.poetry) && isRecord(tool.poetry.dependencies) ? tool.poetry.dependencies : {};
  const dependencies = project.dependencies;
  if (dependencies !== undefined && !(Array.isArray(dependencies) && dependencies.every((d) => typeof d === 'string'))) {
    throw new UserError(`${file}: [project] dependencies must be a list of strings (PEP 621)`, { hint: 'dependencies = ["requests>=2.31", "orjson"]' });
  }
  return {
    ...(typeof project.name === 'string' ? { name: project.name } : {}),
    dependencies: (dependencies ?? []).map((d) => d.trim()).filter((d) => d !== ''),
    dynamic: Array.isArray(project.dynamic) && project.dynamic.includes('dependencies'),
    uvSources: isRecord(uv.sources) ? Object.keys(uv.sources) : [],
    poetry: Object.keys(poetry).filter((name) => name.toLowerCase() !== 'python'),
  };
}

function parseTomlFile(text: string, file: string, readers: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new UserError(`${file}: line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]}`, { hint: `${readers} cannot read it either: fix the TOML.` });
  }
}

/**
 * What `uv export` wrote, ready to install for Lambda. A workspace member or path source comes out as
 * `-e ./packages/shared` (uv exports path sources editable unless told `--no-editable`, which older uv
 * lacks): an editable install would ship a pointer to this machine's directory (package-deps.ts refuses
 * it), so the path is installed as it is, built and copied. Its path starts from the lock's directory,
 * the workspace root, where the installer runs in the code directory: it is made absolute.
 */
export function exportedRequirements(text: string, lockDir: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map((line) => {
    const plain = line.replace(/^(?:-e|--editable)(?:\s*=\s*|\s+)/, '');
    const path = /^(\.{1,2}(?:\/\S*)?)(\s.*)?$/.exec(plain);
    return path ? `${posix.join(lockDir, path[1]!)}${path[2] ?? ''}` : plain;
  }).join('\n');
}
