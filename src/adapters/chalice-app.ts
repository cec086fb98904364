import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import {
  chaliceImportProblem, parseChaliceScriptOutput, type ChaliceAppInfo, type ImportProblemContext,
} from '../core/model/chalice/app-info.js';
import { runToEnd } from './process.js';

/** The helper that imports app.py and prints what it defines (runtime/python/pylambda_chalice_app.py). */
export const CHALICE_APP_SCRIPT = fileURLToPath(new URL('../../runtime/python/pylambda_chalice_app.py', import.meta.url));

export const CHALICE_IMPORT_TIMEOUT_MS = 30_000;

/** The read was abandoned (its signal aborted): a newer version of the files is being read. */
export class ChaliceReadAborted extends Error {
  constructor() {
    super('the route read was abandoned for a newer one');
  }
}

export interface ChaliceAppOptions {
  /** The project's Python executable (it must have chalice installed). */
  readonly python: string;
  /** The project directory, holding app.py. */
  readonly root: string;
  /** The whole environment of the import: the caller's variables and the stage's. */
  readonly env: Readonly<Record<string, string>>;
  readonly attribute?: string;
  readonly timeoutMs?: number;
  /** For the message when the app cannot be imported. */
  readonly problem: ImportProblemContext;
  /** Abandons the read: the import is stopped and ChaliceReadAborted thrown. */
  readonly signal?: AbortSignal;
  /** Called at 2 s, 5 s, 10 s, ... while the import runs. */
  readonly onWaiting?: (seconds: number) => void;
}

/**
 * Runs the helper with the project's Python in the project directory. `-B` keeps the import from writing
 * `__pycache__` into the project; the app's own output goes to stderr, the JSON alone to stdout.
 */
export async function readChaliceApp(options: ChaliceAppOptions): Promise<ChaliceAppInfo> {
  const { signal, onWaiting } = options;
  if (signal?.aborted) throw new ChaliceReadAborted();
  const argv = [options.python, '-B', CHALICE_APP_SCRIPT, options.root, ...(options.attribute ? ['--attribute', options.attribute] : [])];
  const timeoutMs = options.timeoutMs ?? CHALICE_IMPORT_TIMEOUT_MS;
  const { code, stdout, stderr, timedOut } = await runToEnd(argv, { cwd: options.root, env: options.env, timeoutMs, signal, onWaiting });
  if (signal?.aborted) throw new ChaliceReadAborted();
  const err = stderr.trim();
  if (timedOut) {
    throw new UserError(`app.py took more than ${timeoutMs / 1000} s to import, so pylambda stopped it`, {
      hint: 'Importing app.py should only define the app; move slow work (network calls, large downloads) into the views.',
    });
  }
  if (code === 127 && stdout.length === 0) {
    throw new UserError(`Cannot run Python interpreter '${options.python}'`, { hint: "Create the project's virtual environment: python3 -m venv .venv" });
  }
  const text = stdout.trim();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const tail = err.split('\n').slice(-15).join('\n');
    throw new UserError(`Reading app.py with ${options.python} failed (exit code ${String(code)})${tail ? `:\n${tail}` : ''}`);
  }
  const output = parseChaliceScriptOutput(json);
  if (output.ok) return output;
  const { message, hint } = chaliceImportProblem(output.error, options.problem);
  throw new UserError(message, { hint });
}
