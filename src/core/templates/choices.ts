/**
 * The choices of `pylambda new`: what each may be, the project name's rule, the defaults, and which
 * question comes next when a terminal can answer it.
 */
import { UserError } from '../errors.js';
import { NEWEST_PYTHON_RUNTIME, PYTHON_RUNTIMES, pythonRuntime, type PythonRuntime } from '../model/limits.js';
import type { Architecture } from '../model/project.js';
import { deprecationLabel, deprecationWarning, retiredRuntimeReason, runtimeDeprecation } from '../model/runtime-lifecycle.js';

export type ScaffoldStyle = 'raw' | 'chalice';
export type ScaffoldExample = 'hello' | 'todo';
export type ScaffoldApi = 'rest' | 'http' | 'alb';
/** What describes and deploys a raw project; a Chalice app is its own. */
export type ScaffoldFramework = 'sam' | 'serverless';

export interface ScaffoldChoices {
  readonly name: string;
  readonly style: ScaffoldStyle;
  readonly example: ScaffoldExample;
  readonly api: ScaffoldApi;
  /** Raw only: a SAM template.yaml or a Serverless Framework v3 serverless.yml. */
  readonly framework?: ScaffoldFramework;
  /** `python3.12`. Chalice: the runtime of the local Python, which `chalice deploy` uses. */
  readonly runtime: string;
  readonly architecture: Architecture;
}

export type ChoiceKey = 'style' | 'framework' | 'example' | 'api' | 'runtime' | 'architecture';
export type GivenChoices = Partial<Record<ChoiceKey, string>>;

export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
}

export const OPTIONS: Readonly<Record<Exclude<ChoiceKey, 'runtime'>, readonly ChoiceOption[]>> = {
  style: [
    { value: 'raw', label: 'raw handler: lambda_function.py and a SAM template.yaml or serverless.yml' },
    { value: 'chalice', label: 'AWS Chalice: app.py with routes and .chalice/config.json' },
  ],
  framework: [
    { value: 'sam', label: 'AWS SAM: template.yaml, deployed with sam deploy' },
    { value: 'serverless', label: 'Serverless Framework v3: serverless.yml, deployed with serverless deploy' },
  ],
  example: [
    { value: 'hello', label: 'hello: two GET routes, no AWS service' },
    { value: 'todo', label: 'todo: a CRUD API over DynamoDB' },
  ],
  api: [
    { value: 'rest', label: 'API Gateway REST API (payload format 1.0)' },
    { value: 'http', label: 'API Gateway HTTP API (payload format 2.0)' },
    { value: 'alb', label: 'Application Load Balancer' },
  ],
  architecture: [
    { value: 'x86_64', label: 'x86_64' },
    { value: 'arm64', label: 'arm64 (Graviton: cheaper per GB-second)' },
  ],
};

export interface Question {
  readonly key: ChoiceKey;
  readonly message: string;
  readonly options: readonly ChoiceOption[];
  readonly default: string;
}

/** What applies when nothing is said: the defaults, and the runtime of the local Python. */
export interface ScaffoldDefaults {
  readonly runtime: string;
}

/**
 * The project name becomes the CloudFormation stack name of a SAM deploy and Chalice's `app_name`.
 * A stack name "can contain only alphanumeric characters (case-sensitive) and hyphens. It must start with
 * an alphabetic character" (CloudFormation User Guide, "Create a stack"). Chalice names its function
 * `<app_name>-<stage>` and Lambda function names are at most 64 characters (Lambda API, CreateFunction),
 * so the name leaves room for `-prod`: 64 - 5 = 59.
 */
export const MAX_NAME_LENGTH = 59;

/** The rule a project name breaks, or undefined when it is valid. */
export function projectNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a project name is required';
  // With the u flag, an emoji is one character, not half a surrogate pair printed as U+FFFD. macOS input often
  // writes é as e and a combining accent: composed first, and a mark shown with the letter it sits on.
  const bad = /[A-Za-z0-9-]?\p{M}+|[^A-Za-z0-9-]\p{M}*/u.exec(name.normalize('NFC'));
  // `café` is made of letters, but CloudFormation's stack name pattern is [a-zA-Z][-a-zA-Z0-9]*.
  if (bad && /[\p{L}\p{M}]/u.test(bad[0])) return `'${bad[0]}' is not allowed: a CloudFormation stack name takes only the letters A-Z and a-z (no accents), digits and hyphens`;
  if (!/^[A-Za-z]/.test(name)) return 'it must start with a letter (it becomes a CloudFormation stack name)';
  if (bad) return `'${bad[0]}' is not allowed: use letters, digits and hyphens only (it becomes a CloudFormation stack name)`;
  if (name.length > MAX_NAME_LENGTH) {
    return `it is ${name.length} characters long; the most is ${MAX_NAME_LENGTH} (Chalice names the function <name>-<stage>, and Lambda allows 64)`;
  }
  return undefined;
}

/**
 * The runtime for a local Python version: its own when Lambda has it, else the newest Lambda runtime
 * not newer than it, else the newest. Undefined version (no Python found): the newest.
 */
export function defaultRuntime(localVersion: string | undefined): PythonRuntime {
  if (!localVersion) return NEWEST_PYTHON_RUNTIME;
  const [major, minor] = localVersion.split('.').map(Number);
  const older = PYTHON_RUNTIMES.filter((r) => {
    const [rMajor, rMinor] = r.version.split('.').map(Number);
    return rMajor! < major! || (rMajor === major && rMinor! <= minor!);
  });
  return older[older.length - 1] ?? NEWEST_PYTHON_RUNTIME;
}

/**
 * The first choice not given that applies to the style (the style itself comes first). `today`
 * (`YYYY-MM-DD`) marks the runtimes Lambda has deprecated by then: still offered, since functions on
 * them still run, but not as ordinary choices.
 */
export function nextQuestion(given: GivenChoices, defaults: ScaffoldDefaults, today: string): Question | undefined {
  for (const key of applicableKeys(given.style)) {
    if (given[key] !== undefined) continue;
    if (key === 'runtime') {
      return {
        key,
        message: 'Python runtime',
        options: [...PYTHON_RUNTIMES].reverse().map((r) => {
          const deprecation = runtimeDeprecation(r.name, today);
          return { value: r.name, label: deprecation ? `${r.name} (${deprecationLabel(deprecation)})` : r.name };
        }),
        default: defaults.runtime,
      };
    }
    const messages: Record<Exclude<ChoiceKey, 'runtime'>, string> = {
      style: 'Project style',
      framework: 'Deployed with',
      example: 'Example',
      api: 'HTTP front door',
      architecture: 'Architecture',
    };
    return { key, message: messages[key], options: OPTIONS[key], default: OPTIONS[key][0]!.value };
  }
  return undefined;
}

/** Chalice has REST APIs only, and deploys on the runtime of the Python that runs it. */
function applicableKeys(style: string | undefined): ChoiceKey[] {
  return style === 'chalice' ? ['style', 'example', 'architecture'] : ['style', 'framework', 'example', 'api', 'runtime', 'architecture'];
}

/** Checks each value given on its own, so that a wrong flag fails before any question is asked. */
export function checkGiven(given: GivenChoices): void {
  for (const key of ['style', 'framework', 'example', 'api', 'architecture'] as const) {
    const value = given[key];
    if (value !== undefined) oneOf(key, value);
  }
  if (given.style === 'chalice' && given.framework !== undefined) throw chaliceFramework(given.framework);
  if (given.runtime !== undefined && !pythonRuntime(given.runtime)) {
    // python3.7 and older were Lambda runtimes: saying they are none would be untrue, and the dates say why not.
    const retired = retiredRuntimeReason(given.runtime);
    if (retired) {
      throw new UserError(`--runtime '${given.runtime}': ${retired}`, { hint: `Choose one of ${PYTHON_RUNTIMES.map((r) => r.name).join(', ')}`, exitCode: 2 });
    }
    // A Python version for the runtime's name (3.12, Python3.12, 3.12.4): Lambda's name is python3.12.
    const version = /^(?:python|py)?\s*(3\.\d+)(?:\.\d+)?$/i.exec(given.runtime.trim())?.[1];
    const meant = version && pythonRuntime(`python${version}`) ? `: did you mean python${version}?` : '';
    throw new UserError(`--runtime '${given.runtime}' is not a Lambda Python runtime${meant}`, {
      hint: `Choose one of ${PYTHON_RUNTIMES.map((r) => r.name).join(', ')}`,
      exitCode: 2,
    });
  }
}

/** Every choice, checked, with the defaults for those not given. */
export function resolveChoices(name: string, given: GivenChoices, defaults: ScaffoldDefaults): ScaffoldChoices {
  checkGiven(given);
  const style = (given.style ?? 'raw') as ScaffoldStyle;
  const example = (given.example ?? 'hello') as ScaffoldExample;
  const api = (given.api ?? 'rest') as ScaffoldApi;
  const architecture = (given.architecture ?? 'x86_64') as Architecture;
  const runtime = given.runtime ?? defaults.runtime;
  if (style === 'chalice') {
    if (given.framework !== undefined) throw chaliceFramework(given.framework);
    if (api !== 'rest') throw chaliceOnly(`--api ${api}`, 'Chalice puts routes behind an API Gateway REST API only; use --style raw for an HTTP API or a load balancer');
    if (given.runtime !== undefined && given.runtime !== defaults.runtime) {
      throw chaliceOnly(`--runtime ${given.runtime}`, `Chalice deploys on the runtime of the Python that runs it (here ${defaults.runtime}); run pylambda new with that Python, or use --style raw`);
    }
  }
  if (style === 'chalice') return { name, style, example, api, runtime, architecture };
  return { name, style, framework: (given.framework ?? 'sam') as ScaffoldFramework, example, api, runtime, architecture };
}

/** Checks one flag's value against its options. */
export function oneOf(key: Exclude<ChoiceKey, 'runtime'>, value: string): string {
  const options = OPTIONS[key].map((o) => o.value);
  if (options.includes(value)) return value;
  const flag = key === 'architecture' ? 'arch' : key;
  throw new UserError(`--${flag} must be ${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}, not '${value}'`, { exitCode: 2 });
}

function chaliceFramework(framework: string): UserError {
  return chaliceOnly(`--framework ${framework}`, 'Chalice describes and deploys the app itself (.chalice/config.json, chalice deploy); use --style raw for SAM or the Serverless Framework');
}

function chaliceOnly(flag: string, why: string): UserError {
  return new UserError(`${flag} does not apply to a Chalice project: ${why}`, { exitCode: 2 });
}

/**
 * What to say about the chosen runtime on `today` (`YYYY-MM-DD`): that Lambda deprecated it, and what to
 * choose instead. Chalice takes the runtime of the Python that runs it, so there the advice is that Python.
 */
export function runtimeWarnings(choices: Pick<ScaffoldChoices, 'style' | 'runtime'>, today: string): string[] {
  const deprecation = runtimeDeprecation(choices.runtime, today);
  if (!deprecation) return [];
  const supported = PYTHON_RUNTIMES.filter((r) => !runtimeDeprecation(r.name, today));
  const oldest = supported[0];
  if (!oldest) return [`${deprecationWarning(deprecation)}.`];
  const advice = choices.style === 'chalice'
    ? `Chalice deploys on the runtime of the Python that runs it: make the venv with Python ${oldest.version} or newer`
    : `choose ${oldest.name} or newer (--runtime ${NEWEST_PYTHON_RUNTIME.name} for the newest)`;
  return [`${deprecationWarning(deprecation)}. ${advice.charAt(0).toUpperCase()}${advice.slice(1)}.`];
}
