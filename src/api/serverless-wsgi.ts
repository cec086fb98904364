/**
 * serverless-wsgi's handler, from the plugin's own package (core/model/serverless/wsgi.ts). The plugin
 * copies its files into the service directory and removes them afterwards; pylambda leaves the user's
 * code alone and keeps a copy for each function in its state directory, which is on the function's path
 * at run time and whose files go to the root of the zip.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileExists, makeDirectory, readText } from '../adapters/fs.js';
import { writeFileAtomic } from '../adapters/package-files.js';
import { UserError } from '../core/errors.js';
import type { FunctionModel } from '../core/model/project.js';
import { WSGI_CONFIG_FILE, WSGI_HANDLER, WSGI_PLUGIN, WSGI_PLUGIN_FILES, WSGI_REQUIREMENTS_FILE } from '../core/model/serverless/wsgi.js';
import { stateDir } from './state-dir.js';

/** Where a function's copy of the handler is: the project's state directory, never the user's code. */
export function wsgiHandlerDir(root: string, fn: FunctionModel): string {
  return join(root, stateDir('serverless'), WSGI_PLUGIN, fn.id);
}

/**
 * The plugin's package, where the Framework's require() finds it from the service directory: its
 * node_modules, or one in a directory above.
 */
export function findWsgiPlugin(root: string): string | undefined {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', WSGI_PLUGIN);
    if (fileExists(join(candidate, WSGI_PLUGIN_FILES[0]))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Copies the plugin's handler files and writes its configuration for each function that uses it. */
export async function prepareWsgiHandlers(root: string, functions: readonly FunctionModel[]): Promise<void> {
  const users = functions.filter((fn) => fn.wsgi);
  if (users.length === 0) return;
  const plugin = findWsgiPlugin(root);
  if (!plugin) {
    throw new UserError(`${users.map((fn) => fn.id).join(', ')}: the handler ${WSGI_HANDLER} is written by the ${WSGI_PLUGIN} plugin, which is not installed (no node_modules/${WSGI_PLUGIN} in ${root} or above)`, {
      hint: `Run npm install in ${root} (npm install --save-dev ${WSGI_PLUGIN} if package.json does not list it): pylambda runs the plugin's own ${WSGI_PLUGIN_FILES.join(' and ')}.`,
    });
  }
  const files = await Promise.all(WSGI_PLUGIN_FILES.map(async (name) => [name, await readText(join(plugin, name), `${WSGI_PLUGIN} file`)] as const));
  for (const fn of users) {
    const dir = wsgiHandlerDir(root, fn);
    await makeDirectory(dir, `the copy of ${WSGI_PLUGIN}'s handler`);
    for (const [name, text] of files) await writeIfChanged(join(dir, name), text);
    await writeIfChanged(join(dir, WSGI_CONFIG_FILE), fn.wsgi!.config);
  }
}

/**
 * The directories the function's Python needs besides its code: the handler's copy, and the app's own
 * directory when custom.wsgi.app names one (`web/api.app`). wsgi_handler.py puts that first on sys.path
 * relative to itself, which here is the copy's directory, not the code's: it is given on the path instead.
 */
export function wsgiPythonPath(root: string, codeDir: string, fn: FunctionModel): string[] {
  if (!fn.wsgi) return [];
  return [wsgiHandlerDir(root, fn), ...(fn.wsgi.appDir ? [join(codeDir, fn.wsgi.appDir)] : [])];
}

/** The files the plugin puts at the root of the package (its configurePackaging adds them to package.patterns). */
export function wsgiPackageFiles(root: string, fn: FunctionModel): Array<{ archivePath: string; source: string }> {
  if (!fn.wsgi) return [];
  const dir = wsgiHandlerDir(root, fn);
  return [...WSGI_PLUGIN_FILES, WSGI_CONFIG_FILE].map((name) => ({ archivePath: name, source: join(dir, name) }));
}

/**
 * The plugin's requirements.txt (werkzeug, which serverless_wsgi.py imports; the plugin installs it into
 * the package unless serverless-python-requirements is listed): where a missing werkzeug is named from.
 */
export function wsgiRequirementsFiles(root: string, fn: { readonly wsgi?: unknown }): string[] {
  const plugin = fn.wsgi ? findWsgiPlugin(root) : undefined;
  return plugin ? [join(plugin, WSGI_REQUIREMENTS_FILE)] : [];
}

/** A requirements file wsgiRequirementsFiles names. */
export function isWsgiRequirementsFile(path: string): boolean {
  return path.endsWith(join('node_modules', WSGI_PLUGIN, WSGI_REQUIREMENTS_FILE));
}

/** An unchanged file keeps its time stamp, and the bytecode Python wrote for it stays valid. */
async function writeIfChanged(path: string, text: string): Promise<void> {
  const before = await readFile(path, 'utf8').catch(() => undefined);
  if (before !== text) await writeFileAtomic(path, text);
}
