import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers.js';
import { runCaptured, shellEnv } from '../cli-run.js';

function cli(argv: string[], cwd: string) {
  return runCaptured(argv, { cwd, env: shellEnv() });
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
