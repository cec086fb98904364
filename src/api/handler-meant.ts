/** The did-you-mean of a Runtime.HandlerNotFound, said by invoke and by dev. */
import { join } from 'node:path';
import { readTextIfThere } from '../adapters/fs.js';
import { handlerModuleFile, missingHandlerFunction } from '../core/packaging/handler-function.js';

export interface HandlerMeant {
  /** The module, relative to the code directory. */
  readonly file: string;
  /** The function the handler names, which the module does not define. */
  readonly name: string;
  /** The handler with the closest name the module defines. */
  readonly handler: string;
}

/** The handler a Runtime.HandlerNotFound most likely meant: a name of its module close to the one written. */
export async function handlerMeant(codeDir: string, handler: string): Promise<HandlerMeant | undefined> {
  const file = handlerModuleFile(handler);
  for (const candidate of [file, file.replace(/\.py$/, '/__init__.py')]) {
    const source = await readTextIfThere(join(codeDir, candidate));
    if (source === undefined) continue;
    const missing = missingHandlerFunction(handler, source);
    return missing?.meant ? { file: candidate, name: missing.name, handler: `${handler.slice(0, handler.lastIndexOf('.'))}.${missing.meant}` } : undefined;
  }
  return undefined;
}
