import { spawnOwned } from '../adapters/process.js';
import { parseLintOutput, type LintFinding } from '../core/coldstart/findings.js';
import { parseModuleMap, type ModuleMap } from '../core/coldstart/modules.js';
import { LAMBDA_SET_VARIABLES } from '../core/runtime/environment.js';
import { RUNTIME_DIR } from '../emulator/runtime-launch.js';

/**
 * The helper scripts of runtime/python/, run with the project's own Python (standard library only,
 * 3.9+): the static review and the module -> distribution map. Neither imports the user's code.
 */

const SCRIPT_TIMEOUT_MS = 60_000;

async function runScript(python: string, script: string, args: readonly string[], cwd: string): Promise<string> {
  // The environment is explicit and small: the scripts need nothing from ours, and write no bytecode
  // next to themselves (pylambda may be installed read-only).
  const child = spawnOwned([python, `${RUNTIME_DIR}${script}`, ...args], { cwd, env: { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' } });
  // spawnOwned unrefs its processes; this one is awaited, so it must keep Node running.
  child.child.ref();
  let stdout = '';
  let stderr = '';
  child.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
  const closed = new Promise<void>((resolve) => child.child.once('close', () => resolve()));
  const { code, signal } = await child.exited;
  await closed;
  clearTimeout(timer);
  if (code !== 0) {
    const why = signal ? `was killed (${signal})` : `exited with ${code}`;
    throw new Error(`${script} ${why}: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`);
  }
  return stdout;
}

export interface LintRequest {
  readonly codeDir: string;
  readonly handler: string;
  /** Modules the import profile found slow (pylambda_lint.py --heavy). */
  readonly heavy: readonly string[];
  /** The variables the function's configuration sets (its template's Environment): set wherever it is deployed. */
  readonly configured?: readonly string[];
}

export async function runLint(python: string, request: LintRequest): Promise<LintFinding[]> {
  // Lambda sets these in every environment: `os.environ.get("AWS_REGION")` is never None there; nor is a
  // variable the function's own configuration sets.
  const set = [...new Set([...LAMBDA_SET_VARIABLES, ...(request.configured ?? [])])];
  const args = ['--root', request.codeDir, '--handler', request.handler, '--lambda-env', set.join(','), '--json'];
  if (request.heavy.length > 0) args.push('--heavy', request.heavy.join(','));
  const out = await runScript(python, 'pylambda_lint.py', args, request.codeDir);
  return parseLintOutput(JSON.parse(out));
}

export interface ModulesRequest {
  readonly codeDir: string;
  /** Source files to time compiling (the function's own imported files), for the bytecode finding. */
  readonly compile: readonly string[];
  /** Top-level import names to check for .pyc in the interpreter's environment. */
  readonly bytecode?: readonly string[];
}

export async function runModuleMap(python: string, request: ModulesRequest): Promise<ModuleMap> {
  const args = ['--path', request.codeDir, '--root', request.codeDir];
  if (request.compile.length > 0) args.push('--compile', ...request.compile);
  if (request.bytecode && request.bytecode.length > 0) args.push('--bytecode', ...request.bytecode);
  const out = await runScript(python, 'pylambda_modules.py', args, request.codeDir);
  return parseModuleMap(JSON.parse(out));
}
