import { fileExists, readTextSync } from '../adapters/fs.js';

/** A file serverless.yml's `${file()}` or a SAM API's definition names: its text, or undefined when there is none. */
export function readServiceFile(path: string): string | undefined {
  if (!fileExists(path)) return undefined;
  // A configuration fragment, not data: past this size it is a mistake (a build artefact named by accident).
  return readTextSync(path, 10 * 1024 * 1024);
}
