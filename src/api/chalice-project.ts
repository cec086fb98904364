import { join, relative, resolve } from 'node:path';
import { readChaliceApp } from '../adapters/chalice-app.js';
import { dirExists, fileExists, readText, readTextIfThere } from '../adapters/fs.js';
import type { PythonInfo } from '../adapters/python.js';
import { ConfigError, UserError, hasErrors, type Diagnostic } from '../core/errors.js';
import type { ChaliceAppInfo } from '../core/model/chalice/app-info.js';
import { envFileOverrides, type EnvVars } from '../core/model/env-vars.js';
import { prepareChaliceConfig, readChaliceProject } from '../core/model/chalice/read.js';
import { CHALICE_DEFAULTS, type Found } from '../core/model/chalice/config.js';
import type { Project } from '../core/model/project.js';
import { hostRegion } from '../core/runtime/environment.js';
import { isJsonText } from '../core/json-position.js';

export const CHALICE_CONFIG = '.chalice/config.json';
export const CHALICE_APP = 'app.py';

export interface ChaliceLoadOptions {
  /** `--stage`; Chalice's default is dev. */
  readonly stage?: string;
  /** The project's Python: it imports app.py, so it must have chalice and the app's dependencies. */
  readonly python: PythonInfo;
  /** The caller's environment; the stage's environment_variables are set on top of it for the import. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The module attribute holding the app (Chalice deploys `app.app`). */
  readonly attribute?: string;
  readonly importTimeoutMs?: number;
  /** An --env-vars file and its variables: the import sees those of api_handler, as its function does. */
  readonly envVars?: { readonly file: string; readonly vars: EnvVars };
  /** Abandons the import (readChaliceApp). */
  readonly signal?: AbortSignal;
  /** Told while a slow import runs (readChaliceApp). */
  readonly onWaiting?: (seconds: number) => void;
}

/** What `loadProject` needs (root, project, warnings), plus the stage and what the app defines. */
export interface LoadedChalice {
  readonly root: string;
  readonly project: Project;
  readonly warnings: readonly Diagnostic[];
  readonly stage: string;
  readonly app: ChaliceAppInfo;
}

/** True when a directory looks like a Chalice project (`.chalice/config.json` next to `app.py`). */
export function isChaliceProject(root: string): boolean {
  return fileExists(join(root, CHALICE_CONFIG)) && fileExists(join(root, CHALICE_APP));
}

/**
 * Reads a Chalice project as `chalice deploy` would see it: config.json for the stage, then app.py imported
 * by the project's Python with the stage's variables set, then both into the model. Every configuration
 * problem is reported at once (ConfigError); an app that cannot be imported is a UserError saying why.
 */
export async function loadChaliceProject(dir: string, options: ChaliceLoadOptions): Promise<LoadedChalice> {
  const root = resolve(dir);
  if (!dirExists(root)) throw new UserError(`The project directory ${root} does not exist`);
  const configPath = join(root, CHALICE_CONFIG);
  if (!fileExists(configPath)) {
    throw new UserError(`No Chalice project in ${root}: ${CHALICE_CONFIG} is missing`, { hint: 'Create one with `chalice new-project`, or run pylambda in the project directory.' });
  }
  if (!fileExists(join(root, CHALICE_APP))) {
    throw new UserError(`No ${CHALICE_APP} in ${root}: a Chalice project defines its app there (app = Chalice(app_name="..."))`);
  }
  const text = await readText(configPath, 'Chalice configuration');
  const base = { file: CHALICE_CONFIG, ...(options.stage === undefined ? {} : { stage: options.stage }) };
  const prepared = prepareChaliceConfig(text, base);
  if (hasErrors(prepared.diagnostics)) throw new ConfigError(CHALICE_CONFIG, prepared.diagnostics);

  const python = options.python.executable;
  const inProject = relative(root, python);
  const projectVenv = !inProject.startsWith('..') && inProject.startsWith('.venv');
  // What api_handler will see: the stage's variables, then what --env-vars gives it (Parameters, its section).
  const apiHandler = { id: CHALICE_DEFAULTS.apiHandler, name: prepared.apiHandlerName ?? CHALICE_DEFAULTS.apiHandler, environment: prepared.importEnvironment };
  const fromFile = options.envVars ? envFileOverrides(options.envVars.vars, apiHandler, options.envVars.file).env : {};
  let app: ChaliceAppInfo;
  try {
    app = await readChaliceApp({
      python,
      root,
      // Lambda sets the region in every environment: an app that makes a boto3 client at module level needs it.
      env: { ...definedOnly(options.env), AWS_REGION: hostRegion(options.env), AWS_DEFAULT_REGION: hostRegion(options.env), ...prepared.importEnvironment, ...fromFile },
      ...(options.attribute ? { attribute: options.attribute } : {}),
      ...(options.importTimeoutMs === undefined ? {} : { timeoutMs: options.importTimeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
      problem: {
        python: projectVenv ? inProject : python, projectVenv, stage: prepared.stage, configFile: CHALICE_CONFIG,
        ...(options.envVars ? { envVarsFile: options.envVars.file } : {}),
      },
    });
  } catch (error) {
    throw withConfigProblems(error, text, { ...base, pythonVersion: options.python.version });
  }

  const result = readChaliceProject(text, app, {
    ...base,
    pythonVersion: options.python.version,
    ...(options.attribute ? { attribute: options.attribute } : {}),
  });
  if (!result.project || hasErrors(result.diagnostics)) {
    const files = new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    throw new ConfigError([...files].join(' and ') || CHALICE_CONFIG, result.diagnostics);
  }
  const policy = result.apiPolicyFile ? await policyFileProblem(root, result.apiPolicyFile) : undefined;
  return {
    root,
    project: result.project,
    warnings: [...result.diagnostics.filter((d) => d.severity === 'warning'), ...(policy ? [policy] : [])],
    stage: result.stage,
    app,
  };
}

/**
 * The REST API's resource policy (api_gateway_policy_file), which `chalice deploy` reads from .chalice/ and stops
 * without ("Unable to load IAM policy file", deploy/deployer.py); dev does not need it.
 */
async function policyFileProblem(root: string, found: Found): Promise<Diagnostic | undefined> {
  const file = `.chalice/${String(found.value)}`;
  const text = await readTextIfThere(join(root, file));
  const problem = text === undefined ? 'cannot be read' : isJsonText(text) ? undefined : 'is not JSON';
  if (!problem) return undefined;
  return { severity: 'warning', file: CHALICE_CONFIG, path: found.path, message: `${file} ${problem}: chalice deploy reads the REST API's resource policy from it and stops there (dev serves the API without it)` };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

/** An app with one route, to check the configuration of its API handler when the real app cannot be imported. */
const STAND_IN_APP: ChaliceAppInfo = {
  ok: true, chalice_version: null, python_version: '3.12', lambda_python_version: null, app_name: 'app', binary_types: [], functions: [], missing_feature_flags: [],
  routes: [{ path: '/', method: 'GET', view_name: 'index', content_types: ['application/json'], api_key_required: false, authorizer: null, cors: null }],
};

/**
 * The app could not be imported: the configuration's own errors (a timeout over 900, a memory size Lambda
 * has not) are said with it, rather than one round later, once the import is fixed.
 */
function withConfigProblems(error: unknown, configText: string, options: Parameters<typeof readChaliceProject>[2]): unknown {
  if (!(error instanceof UserError)) return error;
  const problems = readChaliceProject(configText, STAND_IN_APP, options).diagnostics.filter((d) => d.severity === 'error' && d.file === CHALICE_CONFIG);
  if (problems.length === 0) return error;
  const lines = problems.map((d) => `  ${d.path}: ${d.message}`);
  const also = `${CHALICE_CONFIG} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} too:\n${lines.join('\n')}`;
  return new UserError(error.message, { hint: error.hint ? `${error.hint}\n${also}` : also, exitCode: error.exitCode });
}

