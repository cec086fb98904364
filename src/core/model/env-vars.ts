import { UserError, type Diagnostic } from '../errors.js';
import { notValidJson } from '../json-position.js';
import { RESERVED_ENVIRONMENT_KEYS } from './limits.js';
import { parseSamDotenv } from './sam-dotenv.js';
import { SAVE_AS_UTF8_HINT, decodeUtf8Text } from './text-encoding.js';

/**
 * An --env-vars file, in SAM CLI's format: `Parameters` applies to every function, a section named
 * after a function (its logical id or name) to that function only, and wins; or a .env file, whose
 * variables are the Parameters.
 */

const FORMAT_HINT = 'An --env-vars file (as in sam local) is {"Parameters": {"NAME": "value"}, "<FunctionId>": {"NAME": "value"}}, or a .env file of NAME=value lines for every function.';

export type EnvVars = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** `env`: the shell's environment, which a .env file's `${NAME}` reads as SAM CLI's own (sam-dotenv.ts). */
export function parseEnvVars(bytes: Uint8Array, file: string, env: Readonly<Record<string, string | undefined>>): EnvVars {
  // SAM CLI reads the file as UTF-8 (a .env file too): another byte is refused, not read as U+FFFD into a value.
  const decoded = decodeUtf8Text(bytes);
  if (!decoded.ok) throw new UserError(`${file} ${decoded.problem}; an --env-vars file is UTF-8 (JSON, or a .env file)`, { hint: SAVE_AS_UTF8_HINT });
  const text = decoded.text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // SAM CLI 1.156 reads a file that is not JSON as a .env file, its variables for every function
    // (invoke_context.py, _parse_dotenv_file: {"Parameters": dotenv_values(file)}). One that starts as JSON
    // does is broken JSON: its own error says more than "not a .env file".
    const startsAsJson = /^\s*[[{"]/.test(text);
    const dotenv = startsAsJson ? {} : parseSamDotenv(text, env);
    if (Object.keys(dotenv).length === 0) {
      throw new UserError(startsAsJson ? `${file} ${notValidJson(error, text)}` : `${file} is neither JSON nor a .env file (NAME=value lines)`, { hint: FORMAT_HINT });
    }
    json = { Parameters: dotenv };
  }
  const parsed = envVarsSections(json);
  if (!parsed.ok) {
    const { path } = parsed;
    const what = path.length === 0 ? 'the file' : path.join('.');
    const expected = path.length < 2 ? 'an object' : 'a string, number, boolean or null';
    throw new UserError(`${file}: ${what} is ${typeName(valueAt(json, path))}, not ${expected}`, { hint: FORMAT_HINT });
  }
  for (const [section, variables] of Object.entries(parsed.value)) {
    for (const [name, value] of Object.entries(variables)) {
      // Reserved names (`_HANDLER`) are left out with a warning where the file is applied.
      const problem = RESERVED_ENVIRONMENT_KEYS.has(name) ? undefined : envVarProblem(name, value);
      if (problem) throw new UserError(`${file}: ${section}.${name === '' ? '""' : name} ${problem}`);
    }
  }
  return parsed.value;
}

/**
 * The file's sections, each an object of scalars, values as strings; or the path of the first thing that is not
 * (sections and names in the file's order). Checked by hand, not with a zod schema: zod was the largest module a
 * dev start compiled, for this file alone. A `__proto__` key is passed over, as the schema passed it over.
 */
function envVarsSections(json: unknown): { ok: true; value: Record<string, Record<string, string>> } | { ok: false; path: string[] } {
  if (!isObject(json)) return { ok: false, path: [] };
  const value: Record<string, Record<string, string>> = {};
  for (const [section, variables] of Object.entries(json)) {
    if (section === '__proto__') continue;
    if (!isObject(variables)) return { ok: false, path: [section] };
    const strings: Record<string, string> = {};
    for (const [name, v] of Object.entries(variables)) {
      if (name === '__proto__') continue;
      // SAM CLI sets a null value to "" (samcli/local/lambdafn/env_vars.py, _stringify_value): an env.json
      // that blanks a variable with null works there, so it works here.
      if (v === null) strings[name] = '';
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') strings[name] = String(v);
      else return { ok: false, path: [section, name] };
    }
    value[section] = strings;
  }
  return { ok: true, value };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Why a variable cannot be set (Lambda's rule for names; no process can hold a NUL), or undefined.
 * The template's Environment is checked by the same rule (validate.ts).
 */
export function envVarProblem(name: string, value: string): string | undefined {
  if (!/^[a-zA-Z]\w*$/.test(name)) return 'is not a valid variable name (letters, digits and _, starting with a letter)';
  if (value.includes('\0')) return 'has a NUL character in its value, which no environment variable can hold';
  return undefined;
}

function valueAt(json: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), json);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * What an --env-vars file sets for one function (Parameters, then the section named after it, which wins),
 * without the names Lambda reserves; and what the user should hear about it.
 */
export function envFileOverrides(
  envVars: EnvVars | undefined,
  fn: { readonly id: string; readonly name: string; readonly environment: Readonly<Record<string, string>> },
  file: string,
): { env: Record<string, string>; diagnostics: Diagnostic[] } {
  if (!envVars) return { env: {}, diagnostics: [] };
  // One section, whole: the first of the logical id's and the name's that has variables, as sam local picks it
  // (local_lambda.py, _make_env_vars: `get(logical_id) or get(function_id) or get(function_name) ...`).
  const sections = [...new Set([fn.id, fn.name])].filter((name) => Object.keys(envVars[name] ?? {}).length > 0);
  const env: Record<string, string> = { ...envVars.Parameters, ...(sections[0] !== undefined ? envVars[sections[0]] : {}) };
  const diagnostics: Diagnostic[] = [];
  if (sections.length > 1) {
    diagnostics.push({ severity: 'warning', path: file, message: `${sections.join(' and ')} both name ${fn.id}: ${sections[0]}'s variables apply, and ${sections[1]}'s are not read, as sam local reads one section per function (its logical id's first): merge them` });
  }
  // Lambda sets these itself (a template cannot either): left out, said so.
  const reserved = Object.keys(env).filter((name) => RESERVED_ENVIRONMENT_KEYS.has(name)).sort();
  for (const name of reserved) delete env[name];
  if (reserved.length > 0) {
    diagnostics.push({ severity: 'warning', path: file, message: `${reserved.join(', ')} ${isAre(reserved)} reserved by Lambda, which sets ${reserved.length === 1 ? 'it' : 'them'} itself: not set from this file` });
  }
  // `sam local` only overrides declared variables (aws-sam-cli#1553) and on Lambda the others do not exist:
  // code that needs one works here and fails once deployed. pylambda sets them, and says so.
  const undeclared = Object.keys(env).filter((name) => !(name in fn.environment)).sort();
  if (undeclared.length > 0) {
    diagnostics.push({ severity: 'warning', path: file, message: `${undeclared.join(', ')} ${isAre(undeclared)} set for ${fn.id} but not declared in its Environment: set here, missing on Lambda (and ignored by sam local)` });
  }
  return { env, diagnostics };
}

/**
 * Sections of an --env-vars file that name no function of the project (a typo, or a function renamed):
 * their variables silently reach nothing, in sam local as here. `known` holds every id and name a section
 * may use, including functions pylambda skips.
 */
export function unknownEnvVarsSections(envVars: EnvVars | undefined, known: ReadonlySet<string>, configFile: string, file: string): Diagnostic[] {
  const unknown = Object.keys(envVars ?? {}).filter((section) => section !== 'Parameters' && !known.has(section)).sort();
  if (unknown.length === 0) return [];
  return [{
    severity: 'warning',
    path: file,
    message: `${unknown.join(', ')} ${isAre(unknown)} not a function of ${configFile}, so ${unknown.length === 1 ? 'its' : 'their'} variables go nowhere (a section is named after a function's logical id or name, or is Parameters for all)`,
  }];
}

/** What an --env-vars file sets that cannot work as it should, for some functions of a project (all of dev's, invoke's one). */
export function envFileDiagnostics(
  envVars: EnvVars | undefined,
  functions: ReadonlyArray<Parameters<typeof envFileOverrides>[1]>,
  known: ReadonlySet<string>,
  configFile: string,
  file: string,
): Diagnostic[] {
  return [...unknownEnvVarsSections(envVars, known, configFile, file), ...functions.flatMap((fn) => envFileOverrides(envVars, fn, file).diagnostics)];
}

const isAre = (names: readonly string[]) => (names.length === 1 ? 'is' : 'are');
