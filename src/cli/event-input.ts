import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';

/** An `--event` argument: a JSON file, or `-` for stdin; checked to be JSON as the Invoke API checks it. */
export async function readEventArgument(source: string, cwd: string, readStdin: () => Promise<Buffer>): Promise<{ payload: Buffer; label: string }> {
  let bytes: Buffer;
  if (source === '-') {
    bytes = await readStdin();
  } else {
    try {
      bytes = await readFile(resolve(cwd, source));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(code === 'ENOENT' ? `The event file ${source} does not exist` : `Cannot read the event file ${source}: ${(error as Error).message}`);
    }
  }
  const where = source === '-' ? 'stdin' : source;
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    // The Invoke API refuses a payload that is not JSON (InvalidRequestContentException).
    throw new UserError(`The event from ${where} is not valid JSON: ${(error as Error).message}`);
  }
  return { payload: bytes, label: where };
}
