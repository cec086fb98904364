/**
 * Shared pieces of the `pylambda package` tests: projects on disk, zip listings, the CLI in-process, and
 * the use case with a fake installer in place of pip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunTool, ToolRun } from '../../src/adapters/tool-runner.js';
import type { PackageNotice, PackageOptions } from '../../src/api/package.js';
import { UserError } from '../../src/core/errors.js';
import { ROOT, testPython } from '../helpers.js';
import { runCaptured, type CliResult } from '../cli-run.js';

const created: string[] = [];

/** A temporary directory that `removeTemporary` deletes. */
export function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Deletes the test's temporary directories (made writable first: some were made read-only). */
export function removeTemporary(): void {
  for (const dir of created.splice(0)) {
    execFileSync('chmod', ['-R', 'u+w', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A SAM project in a fresh temporary directory: `files` relative to it, and a template of `functions`. */
export function makeProject(options: {
  functions: Record<string, { handler: string; codeUri?: string; runtime?: string; architecture?: 'x86_64' | 'arm64' }>;
  files: Record<string, string | Uint8Array>;
}): string {
  const dir = temporary('pylambda-pkg-');
  const resources = Object.entries(options.functions).map(([id, f]) => [
    `  ${id}:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    `      CodeUri: ${f.codeUri ?? 'src/'}`,
    `      Handler: ${f.handler}`,
    `      Runtime: ${f.runtime ?? 'python3.12'}`,
    ...(f.architecture ? ['      Architectures:', `        - ${f.architecture}`] : []),
  ].join('\n'));
  writeFileSync(join(dir, 'template.yaml'), `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n${resources.join('\n')}\n`);
  for (const [path, content] of Object.entries(options.files)) writeFile(join(dir, path), content);
  return dir;
}

export function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Entry names of a zip, in the archive's order (Python's zipfile, which Lambda's extraction agrees with). */
export function zipNames(zip: string): string[] {
  const out = execFileSync(testPython(), ['-c', 'import json, sys, zipfile; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))', zip], { encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

/** Extracts a zip into a new empty directory. */
export function unzipTo(zip: string): string {
  const dir = temporary('pylambda-unzip-');
  execFileSync(testPython(), ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir]);
  return dir;
}

/** The test Python's minor version and the runtime that matches it, so bytecode can be compiled for it. */
export function testRuntime(): { version: string; runtime: string; base: string } {
  const out = execFileSync(testPython(), ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys._base_executable)'], { encoding: 'utf8' });
  const [version, base] = out.trim().split('\n') as [string, string];
  return { version, runtime: `python${version}`, base };
}

/** `pylambda ...` in-process, with the machine's environment (pip's configuration, PATH). */
export function cli(argv: string[], cwd: string, env: Record<string, string | undefined> = process.env): Promise<CliResult> {
  return runCaptured(argv, { cwd, env });
}

export type Files = Record<string, string | Uint8Array | { sparse: number }>;

/** A distribution's metadata, as pip installs it. */
export const dist = (name: string, version: string, requires: string[] = []): Files => ({
  [`${name.replace(/-/g, '_')}-${version}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n${requires.map((r) => `Requires-Dist: ${r}\n`).join('')}\n`,
  [`${name.replace(/-/g, '_')}-${version}.dist-info/RECORD`]: '',
});

/** A stand-in for pip: each `install` call writes the files the test chose, or fails with its output. */
export function fakeInstaller(installs: ((call: number) => { files?: Files; code?: number; output?: string })[], wheel?: (requirement: string) => string) {
  const calls: string[][] = [];
  const runTool: RunTool = async (argv): Promise<ToolRun> => {
    calls.push([...argv]);
    if (argv.includes('install')) {
      const result = installs[Math.min(calls.filter((c) => c.includes('install')).length - 1, installs.length - 1)]!(calls.length);
      const target = argv[argv.indexOf('--target') + 1]!;
      for (const [path, content] of Object.entries(result.files ?? {})) {
        if (typeof content === 'object' && 'sparse' in content) {
          writeFile(join(target, path), '');
          truncateSync(join(target, path), content.sparse);
        } else writeFile(join(target, path), content);
      }
      return { code: result.code ?? 0, output: result.output ?? 'Collecting x\nInstalling collected packages: x\n' };
    }
    // The bytecode step (a function on the project's Python, 3.11): nothing written, as a compiler that failed.
    if (argv.includes('compileall')) return { code: 0, output: '' };
    if (argv.some((a) => a.includes('py_compile'))) {
      for (const job of JSON.parse(readFileSync(argv[argv.length - 1]!, 'utf8')) as Array<{ cfile: string }>) writeFile(job.cfile, 'pyc');
      return { code: 0, output: '[]' };
    }
    if (argv.includes('wheel') && wheel) {
      const name = wheel(argv[argv.length - 1]!);
      writeFile(join(argv[argv.indexOf('--wheel-dir') + 1]!, name), 'PK');
      return { code: 0, output: `Saved ./${name}` };
    }
    throw new Error(`unexpected tool: ${argv.join(' ')}`);
  };
  return { calls, installs: () => calls.filter((c) => c.includes('install')).length, runTool };
}

/** The project's Python is 3.11 and there is no 3.12 anywhere: no bytecode, no compiler process. */
export function options(dir: string, runTool: RunTool, extra: Partial<PackageOptions> = {}) {
  const notices: PackageNotice[] = [];
  const opts: PackageOptions = {
    dir,
    hostEnv: { PATH: '/nowhere', HOME: dir },
    onNotice: (n) => notices.push(n),
    ...extra,
    tools: {
      runTool,
      resolvePython: async () => ({ executable: '/fake/python3.11', version: '3.11.9' }),
      findOnPath: () => undefined,
      pipVersion: async () => '24.2',
      findPythonVersion: async () => ({ looked: ['python3.12 on PATH'] }),
      chalicePackageDir: async () => undefined,
      ...extra.tools,
    },
  };
  return { opts, notices };
}

/** The UserError a promise rejects with (anything else fails the test). */
export async function failure(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

export const APP = { 'src/app.py': 'import fastlib\n\ndef handler(event, context):\n    return {}\n' };

/** The test environment's uv, and a PATH that puts it first. */
export const UV_BIN = join(ROOT, '.venv-test', 'bin');
export const UV_ENV = { ...process.env, PATH: `${UV_BIN}:${process.env.PATH}` };

/**
 * Whether tests that install `project` from PyPI with uv can say anything here, and the words a skipped
 * test's title adds when they cannot.
 */
export async function pypiWithUv(project: string): Promise<{ online: boolean; skipped: string }> {
  let reachable = false;
  try {
    reachable = (await fetch(`https://pypi.org/simple/${project}/`, { method: 'HEAD', signal: AbortSignal.timeout(5000) })).ok;
  } catch {
    reachable = false;
  }
  const online = reachable && existsSync(join(UV_BIN, 'uv'));
  return { online, skipped: online ? '' : ' (skipped: PyPI is not reachable, or the test environment has no uv)' };
}
