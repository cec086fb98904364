/** The did-you-mean of a Runtime.HandlerNotFound, or of an ImportModuleError of the handler's own module, said by invoke and by dev. */
import { join } from 'node:path';
import { directoryNames, fileExists, readTextIfThere } from '../adapters/fs.js';
import type { FunctionModel } from '../core/model/project.js';
import { handlerModuleFile, handlerModuleMeant, isHandlerModuleMissing, missingHandlerFunction } from '../core/packaging/handler-function.js';

export interface HandlerMeant {
  /** The module, relative to the code directory: the one that lacks the function, or the missing one. */
  readonly file: string;
  /** The function the handler names, which the module does not define; the module the handler names, when missing. */
  readonly name: string;
  /** The handler it most likely meant. */
  readonly handler: string;
  /** The handler's module is what is missing: the code directory, as CodeUri names it (`hello_world/`; `./` for the project's). */
  readonly codeDir?: string;
  /**
   * The handler's key as its configuration writes it: serverless.yml's `handler`, else SAM's `Handler`; `chalice`
   * when none does: chalice deploy names the handler after the app's own Python names (`app.app`).
   */
  readonly key: 'Handler' | 'handler' | 'chalice';
}

/** The key a function's configuration gives its handler by: serverless.yml's `handler` (under `functions.`), else SAM's `Handler`. */
export function handlerKey(fn: Pick<FunctionModel, 'source'>): HandlerMeant['key'] {
  // Only a Chalice app's functions are defined in Python source (app.py), by decorators.
  if (fn.source.file.endsWith('.py')) return 'chalice';
  return fn.source.path.startsWith('functions.') ? 'handler' : 'Handler';
}

/** A handler as its configuration would write it (`Handler: app.handler`); a Chalice app's, which none writes, bare. */
export function handlerWritten(key: HandlerMeant['key'], handler: string): string {
  return key === 'chalice' ? handler : `${key}: ${handler}`;
}

/**
 * What a function's failed invocation most likely meant to name as its handler, when its error is the handler's.
 * `layerPaths` are the layers' directories on its sys.path (its PYTHONPATH): the handler's module is looked for there
 * too, as Lambda imports it from /opt/python when the code has none (a package a layer shares with the code).
 */
export async function handlerMeantOf(codeDir: string, fn: Pick<FunctionModel, 'codeUri' | 'handler' | 'source'>, result: { errorType?: string; payload: Buffer }, layerPaths: readonly string[] = []): Promise<HandlerMeant | undefined> {
  const { codeUri, handler } = fn;
  const key = handlerKey(fn);
  if (result.errorType === 'Runtime.HandlerNotFound') return handlerMeant(codeDir, handler, key);
  if (result.errorType !== 'Runtime.ImportModuleError' || !isHandlerModuleMissing(handler, errorMessageOf(result.payload))) return undefined;
  const roots = [codeDir, ...layerPaths];
  const meant = handlerModuleMeant(handler, {
    has: (file) => roots.some((root) => fileExists(join(root, file))),
    modules: (dir) => [...new Set(roots.flatMap((root) => directoryNames(join(root, dir)) ?? []))].filter((name) => !name.startsWith('.')).map((name) => name.replace(/\.py$/, '')),
  });
  // As the configuration names it (CodeUri), not where it runs from (a zip's unzipped copy).
  const dir = codeUri.replace(/^\.\/+/, '').replace(/\/*$/, '');
  return meant ? { file: handlerModuleFile(handler), name: handler.slice(0, handler.lastIndexOf('.')), handler: meant, codeDir: dir === '' || dir === '.' ? './' : `${dir}/`, key } : undefined;
}

/** The handler a Runtime.HandlerNotFound most likely meant: a name of its module close to the one written. */
async function handlerMeant(codeDir: string, handler: string, key: HandlerMeant['key']): Promise<HandlerMeant | undefined> {
  const file = handlerModuleFile(handler);
  for (const candidate of [file, file.replace(/\.py$/, '/__init__.py')]) {
    const source = await readTextIfThere(join(codeDir, candidate));
    if (source === undefined) continue;
    const missing = missingHandlerFunction(handler, source);
    return missing?.meant ? { file: candidate, name: missing.name, handler: `${handler.slice(0, handler.lastIndexOf('.'))}.${missing.meant}`, key } : undefined;
  }
  return undefined;
}

/** The errorMessage of a function error's payload, '' when it has none. */
export function errorMessageOf(payload: Buffer): string {
  try {
    return String((JSON.parse(payload.toString('utf8')) as { errorMessage?: unknown }).errorMessage ?? '');
  } catch {
    return '';
  }
}
