/** Shared pieces of the `pylambda package` tests: projects on disk, zip listings, the CLI in-process. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { testPython } from '../helpers.js';

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
export async function cli(argv: string[], cwd: string, env: Record<string, string | undefined> = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string | Uint8Array) => (stdout += typeof t === 'string' ? t : Buffer.from(t).toString()) },
    stderr: { write: (t: string | Uint8Array) => (stderr += typeof t === 'string' ? t : Buffer.from(t).toString()) },
    env,
    cwd,
    readStdin: async () => Buffer.alloc(0),
  });
  return { code, stdout, stderr };
}
