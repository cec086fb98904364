/**
 * Compiles the project's own modules to bytecode files of the caller's choosing (the bytecode cache,
 * not the user's source tree: an unchecked `.pyc` beside a source the user then edits would run the
 * old code locally). `py_compile` is what compileall calls for each file; `dfile` is the name recorded
 * in the bytecode, the module's path in the package.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunTool } from './tool-runner.js';

export interface CompileJob {
  readonly source: string;
  readonly cfile: string;
  readonly dfile: string;
}

/** A module Python refused: its error, and the line it refused (with its number) when Python names one. */
export interface CompileFailure {
  readonly source: string;
  readonly error: string;
  readonly line?: string;
  readonly lineno?: number | null;
}

const SCRIPT = `
import json, py_compile, sys
failed = []
for job in json.load(open(sys.argv[1], encoding="utf-8")):
    try:
        py_compile.compile(job["source"], cfile=job["cfile"], dfile=job["dfile"], doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    except py_compile.PyCompileError as e:
        # The refused line and its number: what tells a typo from syntax of a newer Python (newer-syntax.ts).
        v = e.exc_value
        failed.append({"source": job["source"], "error": e.msg.strip().splitlines()[-1],
                       "line": getattr(v, "text", None) or "", "lineno": getattr(v, "lineno", None)})
print(json.dumps(failed))
`;

export async function compileFiles(
  runTool: RunTool,
  python: string,
  jobs: readonly CompileJob[],
  options: { readonly cwd: string; readonly env: Readonly<Record<string, string>> },
): Promise<{ failed: CompileFailure[] }> {
  if (jobs.length === 0) return { failed: [] };
  const dir = await mkdtemp(join(tmpdir(), 'pylambda-compile-'));
  try {
    const list = join(dir, 'jobs.json');
    await writeFile(list, JSON.stringify(jobs));
    const run = await runTool([python, '-I', '-c', SCRIPT, list], options);
    const last = run.output.trim().split('\n').pop() ?? '';
    if (run.code !== 0 || !last.startsWith('[')) throw new Error(`compiling the project's modules with ${python} failed:\n${run.output}`);
    return { failed: JSON.parse(last) as CompileFailure[] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
