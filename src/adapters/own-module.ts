import { UserError } from '../core/errors.js';

/**
 * One of pylambda's own modules, loaded when first needed (a WebSocket API's server, the Chalice and Serverless
 * readers, the zip reader): most starts never load them. The command line runs from a bundle whose chunks have
 * content-hashed names, and a rebuild or reinstall while a command runs (`npm test`'s build beside a running dev)
 * deletes the old ones: what a reload loads then is gone, which says so instead of Node's "Cannot find module".
 */
export async function loadOwnModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown } | undefined)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new UserError(`pylambda was rebuilt or reinstalled while it ran, and a part it loads when first needed is gone (${(error as Error).message})`, {
      hint: 'Start the command again.',
    });
  }
}
