import { join } from 'node:path';
import { runCaptured, shellEnv, withoutVersionWarning, type CliResult } from '../cli-run.js';
import { FIXTURES, testPython } from '../helpers.js';

/** A SAM project with one function (`Hello`) and its events. */
export const BASIC = join(FIXTURES, 'projects', 'basic');

/** `pylambda ARGV` from a shell in us-east-1, in BASIC unless told; invoke runs the test Python. */
export function cli(argv: string[], options: { cwd?: string; stdin?: string; stdinIsTTY?: boolean; stdinIsPiped?: boolean; env?: Record<string, string> } = {}): Promise<CliResult> {
  const args = argv[0] === 'invoke' && !argv.includes('--python') ? [...argv, '--python', testPython()] : argv;
  return runCaptured(args, { ...options, cwd: options.cwd ?? BASIC, env: shellEnv({ AWS_REGION: 'us-east-1', ...options.env }) }).then(withoutVersionWarning);
}
