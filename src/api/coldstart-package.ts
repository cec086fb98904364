import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ColdstartReport } from '../core/coldstart/report.js';
import { requirementNames } from '../core/packaging/requirements.js';
import { selectProjectFiles } from '../core/packaging/select.js';
import { isHashBasedPyc } from './coldstart-stage.js';

export type PackageFactsFound = NonNullable<ColdstartReport['package']>;

/**
 * Folders skipped while listing the code directory: the packager leaves them out anyway (see
 * DEFAULT_EXCLUSIONS in core/packaging/select.ts) and they can hold tens of thousands of files.
 */
const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.aws-sam', '.serverless', '.pylambda', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.tox', '.nox']);

interface Listed {
  readonly path: string;
  readonly size: number;
}

function listFiles(root: string): Listed[] {
  const files: Listed[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED.has(entry.name) || existsSync(join(path, 'pyvenv.cfg'))) continue;
        walk(path, `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        files.push({ path: `${prefix}${entry.name}`, size: statSync(path).size });
      } else if (entry.isSymbolicLink()) {
        try {
          const target = statSync(path);
          if (target.isFile()) files.push({ path: `${prefix}${entry.name}`, size: target.size });
        } catch {
          // a dangling link ships nothing
        }
      }
    }
  };
  walk(root, '');
  return files;
}

/** `src/__pycache__/app.cpython-312.pyc` for `src/app.py`. */
function pycPath(source: string, tag: string): string {
  const slash = source.lastIndexOf('/');
  const dir = slash < 0 ? '' : source.slice(0, slash + 1);
  return `${dir}__pycache__/${source.slice(slash + 1, -'.py'.length)}.${tag}.pyc`;
}

/**
 * What the package would hold, judged with the packager's own file selection (its default exclusions
 * and the project's .pylambdaignore): its size, whether boto3 is bundled, and how many of its .py files
 * have a .pyc that Lambda's Python (`runtimeTag`, `cpython-312`) would use.
 */
export function scanPackage(codeDir: string, runtimeTag: string, requirementsFile = 'requirements.txt'): PackageFactsFound {
  const files = listFiles(codeDir);
  const ignoreFile = existsSync(join(codeDir, '.pylambdaignore')) ? readFileSync(join(codeDir, '.pylambdaignore'), 'utf8') : undefined;
  const selection = selectProjectFiles(files.map((f) => ({ path: f.path })), ignoreFile === undefined ? {} : { ignoreFile });
  const included = new Set(selection.included.map((f) => f.source));
  const all = new Set(files.map((f) => f.path));
  let pythonFiles = 0;
  let withBytecode = 0;
  let stale = 0;
  for (const path of included) {
    if (!path.endsWith('.py')) continue;
    pythonFiles += 1;
    const pyc = pycPath(path, runtimeTag);
    if (!all.has(pyc)) continue;
    if (isHashBasedPyc(join(codeDir, pyc))) withBytecode += 1;
    else stale += 1;
  }
  return {
    bytecode: pythonFiles === 0 ? 'unknown' : withBytecode === pythonFiles ? 'present' : 'absent',
    boto3Bundled: included.has('boto3/__init__.py'),
    boto3Listed: listsBoto3(join(codeDir, requirementsFile)),
    codeSizeBytes: files.filter((f) => included.has(f.path)).reduce((sum, f) => sum + f.size, 0),
    pythonFiles,
    pythonFilesWithBytecode: withBytecode,
    ...(stale > 0 ? { staleBytecodeFiles: stale } : {}),
  };
}

/** The requirements file names boto3 or botocore: the packager installs them into the package. */
function listsBoto3(file: string): boolean {
  if (!existsSync(file)) return false;
  return requirementNames(readFileSync(file, 'utf8')).some((name) => name === 'boto3' || name === 'botocore');
}

/**
 * The source files of the code directory behind module names, relative to it and `/`-separated
 * (`src.handlers` -> `src/handlers.py`, `slowpkg` -> `slowpkg/__init__.py`); other modules are left out.
 */
export function moduleFiles(codeDir: string, modules: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of new Set(modules)) {
    const base = name.split('.').join('/');
    const file = [`${base}.py`, `${base}/__init__.py`].find((candidate) => existsSync(join(codeDir, candidate)));
    if (file) found[name] = file;
  }
  return found;
}
