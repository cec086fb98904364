import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/registry.js';
import { runCaptured, shellEnv } from '../cli-run.js';
import { ROOT, scratchDir } from '../helpers.js';

/** A line of a shell, with `pylambda` on its PATH as `npm link` puts it there. */
function shell(line: string, cwd: string, bin: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', line], { cwd, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe("the examples of invoke's, coldstart's and package's --help", () => {
  // A new user copies them into the project `pylambda new my-api` made: they named functions (Api, Worker) and an
  // event file no such project has, so each failed with exit 2 before running anything.
  it.each(['invoke', 'coldstart', 'package'])('%s: each runs in a project pylambda new made', async (name) => {
    const dir = scratchDir('help-examples');
    const made = await runCaptured(['new', 'my-api', '--yes'], { cwd: dir, env: shellEnv() });
    expect(made.code).toBe(0);
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pylambda'), `#!/bin/sh\nexec node ${JSON.stringify(join(ROOT, 'bin', 'pylambda.js'))} "$@"\n`);
    chmodSync(join(bin, 'pylambda'), 0o755);
    const command = await COMMANDS[name]!.load();
    const examples = (command.details?.split('\nExamples:\n')[1]?.split('\n') ?? []).map((line) => line.trim());
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const { code, output } = await shell(example, join(dir, 'my-api'), bin);
      // coldstart's --budget may be missed on a loaded machine (exit 1): the example still ran.
      const ran = name === 'coldstart' ? [0, 1] : [0];
      expect(ran, `${example}\n${output}`).toContain(code);
    }
  }, 180_000);
});
