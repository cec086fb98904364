import { testPython } from './helpers.js';
import { runCaptured, shellEnv, withoutVersionWarning, type CliResult } from './cli-run.js';

/** Runs `pylambda coldstart ...` in-process with the test Python, as the CLI tests do for invoke. */
export function coldstartCli(argv: readonly string[], cwd: string): Promise<CliResult> {
  return runCaptured(['coldstart', ...argv, '--python', testPython()], { cwd, env: shellEnv({ AWS_REGION: 'us-east-1' }) }).then(withoutVersionWarning);
}
