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

/** The project `pylambda new my-api --yes` makes, with `pylambda` on a PATH directory beside it, and a command's examples. */
async function newProject(name: string): Promise<{ dir: string; bin: string; examples: string[] }> {
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
  return { dir: join(dir, 'my-api'), bin, examples };
}

/**
 * A line of a shell that starts a server: resolves with its output once `ready` is in it, after stopping it (the
 * whole process group, so the shell's children too), or once it exits without getting there.
 */
function untilReady(line: string, cwd: string, bin: string, env: Record<string, string>, ready: string): Promise<{ ready: boolean; code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', line], { cwd, detached: true, env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}` } });
    let output = '';
    let seen = false;
    const read = (d: Buffer) => {
      output += d.toString();
      if (seen || !output.includes(ready)) return;
      seen = true;
      process.kill(-child.pid!, 'SIGTERM');
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', reject);
    child.on('close', (code) => resolve({ ready: seen, code, output }));
  });
}

describe("the examples of invoke's, coldstart's and package's --help", () => {
  // A new user copies them into the project `pylambda new my-api` made: they named functions (Api, Worker) and an
  // event file no such project has, so each failed with exit 2 before running anything.
  it.each(['invoke', 'coldstart', 'package'])('%s: each runs in a project pylambda new made', async (name) => {
    const { dir, bin, examples } = await newProject(name);
    for (const example of examples) {
      const { code, output } = await shell(example, dir, bin);
      // coldstart's --budget may be missed on a loaded machine (exit 1): the example still ran.
      const ran = name === 'coldstart' ? [0, 1] : [0];
      expect(ran, `${example}\n${output}`).toContain(code);
    }
  }, 180_000);
});

describe("the examples of dev's --help", () => {
  // They gave an --env-vars file and a project directory (services/api, with --stage) that such a project lacks: dev
  // refused them (exit 2). Each must get dev to serve the project; it is stopped then.
  it('each starts serving in a project pylambda new made', async () => {
    const { dir, bin, examples } = await newProject('dev');
    // Any free port where an example does not give one: another test's dev may hold dev's default, 3000.
    writeFileSync(join(dir, 'samconfig.toml'), 'version = 0.1\n[default.local_start_api.parameters]\nport = 0\n');
    for (const example of examples) {
      const run = await untilReady(example, dir, bin, { VIRTUAL_ENV: join(ROOT, '.venv-test') }, 'Ctrl-C stops.');
      expect(run.ready, `${example}\n${run.output}`).toBe(true);
      expect(run.output, example).toMatch(/REST API ServerlessRestApi, stage Prod {2}http:\/\/127\.0\.0\.1:\d+\n/);
    }
  }, 300_000);
});
