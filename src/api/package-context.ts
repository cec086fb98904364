/**
 * What every build of one `pylambda package` run shares: the tools, the child environment, the
 * project's Python, the installer (chosen once, on first need) and the Python that compiles bytecode
 * for each runtime version (looked up once per version).
 */
import type { PythonInfo } from '../adapters/python.js';
import { UserError } from '../core/errors.js';
import { installerEnvironment } from '../core/packaging/installer-env.js';
import { MIN_PIP_VERSION, MIN_UV_VERSION, pipArgs, uvArgs, versionAtLeast, type InstallOptions } from '../core/packaging/installer-args.js';
import { noBytecodeWarning } from '../core/packaging/bytecode.js';
import type { PackageTarget } from '../core/packaging/platform.js';
import type { Env, PackageNotice, PackageOptions, PackageProgress, PackageTools } from './package-types.js';

export interface InstallerChoice {
  readonly name: 'pip' | 'uv';
  readonly version: string;
  /** `uv 0.5.11`, `pip 24.0 on Python 3.12.4`. */
  readonly label: string;
  readonly args: (options: InstallOptions) => string[];
  /** The uv executable, when uv is the installer (it can also find Pythons). */
  readonly uv?: string;
}

export interface BuildContext {
  readonly tools: PackageTools;
  /** The environment of every child process. */
  readonly env: Record<string, string>;
  readonly hostEnv: Env;
  readonly projectPython: PythonInfo;
  readonly cacheRoot: string;
  readonly noCache: boolean;
  readonly excludeBoto3: boolean;
  readonly layer: boolean;
  readonly notice: (level: PackageNotice['level'], message: string) => void;
  readonly progress: (event: PackageProgress) => void;
  installer(): Promise<InstallerChoice>;
  /** A Python of the target's minor version for bytecode, or undefined (after one warning per version). */
  compilePython(target: PackageTarget): Promise<PythonInfo | undefined>;
}

export function createContext(options: PackageOptions, tools: PackageTools, projectPython: PythonInfo, cacheRoot: string): BuildContext {
  const env = installerEnvironment(options.hostEnv);
  // Several builds can meet the same fact (the same missing Python, the same pip): say it once.
  const said = new Set<string>();
  const notice = (level: PackageNotice['level'], message: string) => {
    if (said.has(message)) return;
    said.add(message);
    options.onNotice?.({ level, message });
  };
  let installer: Promise<InstallerChoice> | undefined;
  const compilers = new Map<string, Promise<PythonInfo | undefined>>();

  const context: BuildContext = {
    tools,
    env,
    hostEnv: options.hostEnv,
    projectPython,
    cacheRoot,
    noCache: options.noCache ?? false,
    excludeBoto3: options.excludeBoto3 ?? false,
    layer: options.layer ?? false,
    notice,
    progress: (event) => options.onProgress?.(event),
    installer() {
      installer ??= chooseInstaller(options.installer ?? 'auto', tools, env, projectPython, notice);
      return installer;
    },
    compilePython(target) {
      let found = compilers.get(target.pythonVersion);
      if (!found) {
        found = findCompiler(context, target);
        compilers.set(target.pythonVersion, found);
      }
      return found;
    },
  };
  return context;
}

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

async function findCompiler(ctx: BuildContext, target: PackageTarget): Promise<PythonInfo | undefined> {
  if (minor(ctx.projectPython.version) === target.pythonVersion) return ctx.projectPython;
  const uv = ctx.tools.findOnPath('uv', ctx.env);
  const search = await ctx.tools.findPythonVersion(target.pythonVersion, ctx.env, uv);
  if (search.python) return search.python;
  ctx.notice('warning', noBytecodeWarning(target, [`the project's Python (${ctx.projectPython.version})`, ...search.looked]));
  return undefined;
}

/**
 * uv when it is on PATH (it evaluates environment markers for the target, pip cannot), else pip in the
 * project's Python. `--installer` forces one.
 */
async function chooseInstaller(
  wanted: 'auto' | 'pip' | 'uv',
  tools: PackageTools,
  env: Env,
  python: PythonInfo,
  notice: (level: PackageNotice['level'], message: string) => void,
): Promise<InstallerChoice> {
  if (wanted !== 'pip') {
    const uv = tools.findOnPath('uv', env);
    const version = uv ? await tools.uvVersion(uv, env) : undefined;
    if (uv && version && versionAtLeast(version, MIN_UV_VERSION)) {
      return { name: 'uv', version, label: `uv ${version}`, uv, args: (o) => uvArgs(uv, { ...o, python: python.executable }) };
    }
    const why = !uv ? 'uv is not on PATH' : !version ? `${uv} --version did not answer` : `uv ${version} is older than ${MIN_UV_VERSION}, which knows Lambda's platforms`;
    if (wanted === 'uv') throw new UserError(`--installer uv: ${why}`, { hint: 'Install uv (https://docs.astral.sh/uv/), or leave --installer out to use pip.' });
    if (uv) notice('note', `${why}; installing with pip`);
  }
  const version = await tools.pipVersion(python.executable, env);
  if (!version) {
    throw new UserError(`pip is not installed in ${python.executable} (Python ${python.version}), and uv is not on PATH`, {
      hint: `Install uv, or add pip to that Python (${python.executable} -m ensurepip), or name another one with --python.`,
    });
  }
  if (!versionAtLeast(version, MIN_PIP_VERSION)) {
    throw new UserError(`pip ${version} in ${python.executable} is too old: installing for Lambda's platforms needs pip ${MIN_PIP_VERSION} or later`, {
      hint: `${python.executable} -m pip install --upgrade pip`,
    });
  }
  return { name: 'pip', version, label: `pip ${version} on Python ${python.version}`, args: (o) => pipArgs(python.executable, o) };
}
