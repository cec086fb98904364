import { runCli } from '../src/cli/main.js';
import { testPython } from './helpers.js';

/** Runs `pylambda coldstart ...` in-process with the test Python, as the CLI tests do for invoke. */
export async function coldstartCli(argv: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const text = (t: string | Uint8Array) => (typeof t === 'string' ? t : Buffer.from(t).toString());
  const code = await runCli(['coldstart', ...argv, '--python', testPython()], {
    stdout: { write: (t: string | Uint8Array) => (stdout += text(t)) },
    stderr: { write: (t: string | Uint8Array) => (stderr += text(t)) },
    env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'us-east-1' },
    cwd,
    readStdin: async () => Buffer.from(''),
  });
  // The version warning depends on the machine's Python (the fixtures say python3.11); it is tested on its own.
  return { code, stdout, stderr: stderr.replace(/^warning: .* but the local Python is .*\n/m, '') };
}
