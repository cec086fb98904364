import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { scratchDir } from '../helpers.js';

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string | Uint8Array) => (stdout += String(t)) },
    stderr: { write: (t: string | Uint8Array) => (stderr += String(t)) },
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    cwd,
    readStdin: async () => Buffer.alloc(0),
  });
  return { code, stdout, stderr };
}

describe('pylambda new NAME', () => {
  // An empty NAME (`pylambda new "$NAME"` with NAME unset) resolved to the current directory, and the
  // project was written there, named after it: only `.` means the current directory.
  it('refuses an empty name instead of writing into the current directory', async () => {
    const cwd = scratchDir('new-name');
    const result = await cli(['new', '', '--yes'], cwd);
    expect([result.code, result.stderr]).toEqual([2, "error: A project name is required: '' is empty (use . for the current directory)\n"]);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
