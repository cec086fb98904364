import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import { UserError, type Diagnostic } from '../../errors.js';
import { isRecord } from '../fields.js';
import { parseParameterOverrides } from './parameter-overrides.js';

/**
 * SAM CLI's configuration file (samconfig.toml, .yaml or .yml beside the template): `[env.command.parameters]`
 * tables of command-line defaults. Only what changes how a function runs locally is read: parameter_overrides,
 * region and env_vars (docs: serverless-sam-cli-config; samcli/lib/config/samconfig.py, cli/cli_config_file.py).
 */

/** Looked for in this order, the first found is read (samconfig.py FILE_MANAGER_MAPPER, "keys ordered by priority"). */
export const SAMCONFIG_FILES: readonly string[] = ['samconfig.toml', 'samconfig.yaml', 'samconfig.yml'];

/** SAM CLI's default environment (`--config-env`). */
export const DEFAULT_CONFIG_ENV = 'default';

/** The pylambda commands that read the file, by the SAM CLI command each stands for. */
export type SamconfigCommand = 'invoke' | 'dev' | 'package';

/**
 * The tables each command reads after `global`, a later one's key winning (SamConfig.get_all: the command's
 * table over global's). A table is named after the SAM command, hyphens and spaces as underscores (`to_key`).
 */
const COMMANDS: Readonly<Record<SamconfigCommand, { readonly tables: readonly string[]; readonly sam: string }>> = {
  invoke: { tables: ['local_invoke'], sam: 'sam local invoke' },
  dev: { tables: ['local_start_api'], sam: 'sam local start-api' },
  package: { tables: ['build', 'package'], sam: 'sam build' },
};

const NO_CONTAINERS = 'pylambda runs functions in local Python processes, not Docker containers: it has no equivalent';
const CONTAINER_ENV = 'pylambda has no containers: give the variables in an --env-vars file';

/**
 * The options of both sam local commands that pylambda does not take from the file, and what it does instead
 * (option names from `sam local invoke --help` and `sam local start-api --help`, SAM CLI 1.170).
 */
const SAM_LOCAL: Readonly<Record<string, string>> = {
  ...Object.fromEntries(['docker_network', 'skip_pull_image', 'add_host', 'container_dns', 'container_host', 'container_host_interface', 'docker_volume_basedir',
    'force_image_build', 'invoke_image', 'layer_cache_basedir', 'mount_symlinks', 'no_memory_limit'].map((key) => [key, NO_CONTAINERS])),
  container_env_vars: CONTAINER_ENV,
  log_file: "the functions' logs go to the terminal: redirect them to a file",
  debug_args: "debugpy's address is the debug_port, on 127.0.0.1",
  debugger_path: "debugpy comes from the project's Python: pip install debugpy there",
  runtime: "the functions run on the project's Python (.venv, or --python PATH), whatever their Runtime",
  language_extensions: 'AWS::LanguageExtensions is always expanded here',
  hook_name: 'pylambda reads SAM and CloudFormation templates, not Terraform',
  terraform_plan_file: 'pylambda reads SAM and CloudFormation templates, not Terraform',
};

/**
 * Keys of the tables read that pylambda has no use for, by command, and what it does instead: said rather than
 * ignored, since a SAM user expects the file's settings to apply. Those of the options (port, event) are read by
 * samconfig-options.ts (template_file too). A key that is no option of the command is ignored by SAM CLI too (the `global` table holds
 * `sam deploy`'s `stack_name`), and here.
 */
const NOT_USED: Readonly<Record<SamconfigCommand, Readonly<Record<string, string>>>> = {
  dev: {
    ...SAM_LOCAL,
    warm_containers: "pylambda has no containers: dev keeps each function's environment warm between requests, as Lambda does",
    static_dir: 'dev serves no static files: serve them from another server, python3 -m http.server for one',
    ssl_cert_file: 'dev serves HTTP, not HTTPS',
    ssl_key_file: 'dev serves HTTP, not HTTPS',
    disable_authorizer: "dev runs the routes' authorizers as API Gateway does, always",
  },
  invoke: { ...SAM_LOCAL, tenant_id: 'give the tenant with pylambda invoke --tenant-id ID' },
  package: {},
};

/** sam local start-lambda's table: dev serves its Lambda Invoke API, on --lambda-port. */
const START_LAMBDA = 'local_start_lambda';

/** The keys read; SAM CLI's key is the option's long name with underscores, and it ignores `parameter-overrides`. */
const KEYS = ['parameter_overrides', 'region', 'env_vars', 'profile'] as const;
type Key = (typeof KEYS)[number];

export type SamconfigDocument = Readonly<Record<string, unknown>>;

/** The file's document; a file SAM CLI cannot read either is a UserError. */
export function parseSamconfig(text: string, file: string): SamconfigDocument {
  let document: unknown;
  if (file.endsWith('.toml')) {
    try {
      document = parseToml(text);
    } catch (error) {
      if (!(error instanceof TomlError)) throw error;
      throw new UserError(`${file}: line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]}`, { hint: 'SAM CLI cannot read it either: fix the TOML.' });
    }
  } else {
    const parsed = parseDocument(text);
    const problem = parsed.errors[0];
    if (problem) throw new UserError(`${file}: ${problem.message.split('\n')[0]}`, { hint: 'SAM CLI cannot read it either: fix the YAML.' });
    document = parsed.toJS() ?? {};
  }
  if (!isRecord(document)) throw new UserError(`${file} is not a mapping of environments`);
  // SamConfig._version_sanity_check refuses the file for every command without it.
  if (typeof document.version !== 'number') {
    throw new UserError(`${file}: its 'version' key is missing or not a number, and SAM CLI refuses the file without it`, { hint: 'Add version = 0.1 at the top, as sam init writes it.' });
  }
  return document;
}

export interface SamconfigQuery {
  /** The file's name relative to the project, for messages. */
  readonly file: string;
  /** `--config-env` (default: `default`). */
  readonly env?: string;
  /** The command reading it; without one, only the `global` table is read. */
  readonly command?: SamconfigCommand;
}

/** What the command line gave, which wins over the file. */
export interface CommandLineSettings {
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  readonly envVars?: string;
}

export interface ProjectSettings {
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** Where the overrides came from, for messages: `--parameter-overrides` or `samconfig.toml [default.global.parameters]`. */
  readonly parameterSource?: string;
  /** For a parameter the file sets only where this command does not read it: where, and what to do. */
  readonly parameterHints?: Readonly<Record<string, string>>;
  /** The functions' region (AWS_REGION, AWS::Region). */
  readonly region?: string;
  /** The --env-vars file, as written (the file's is relative to the project). */
  readonly envVars?: string;
  /** sam local's --profile (dev and invoke): the AWS profile the functions run with, its credentials and region. */
  readonly profile?: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The settings a command runs with: the file's `global` table, then the command's, then the command line. As in
 * SAM CLI a value replaces another whole: `--parameter-overrides` replaces the file's list rather than adding to it.
 */
export function samconfigSettings(document: SamconfigDocument, query: SamconfigQuery, cli: CommandLineSettings = {}): ProjectSettings {
  const env = query.env ?? DEFAULT_CONFIG_ENV;
  const diagnostics: Diagnostic[] = [];
  const warn = (path: string, message: string) => diagnostics.push({ severity: 'warning', file: query.file, path: `${query.file} ${path}`.trim(), message });
  if (query.env !== undefined && !isRecord(document[env])) {
    // SAM CLI reads nothing then, without a word: a misspelt environment would run with none of its settings.
    const envs = environments(document);
    throw new UserError(`--config-env ${env}: ${query.file} has no environment '${env}'${envs.length > 0 ? ` (it has ${envs.join(', ')})` : ''}`, { exitCode: 2 });
  }
  const values: Partial<Record<Key, { value: unknown; table: string }>> = {};
  for (const name of readTables(query.command)) {
    const table = `[${env}.${name}.parameters]`;
    const parameters = tableParameters(document, env, name);
    for (const [key, value] of Object.entries(parameters)) {
      if ((KEYS as readonly string[]).includes(key)) values[key as Key] = { value, table };
      const unused = query.command && Object.hasOwn(NOT_USED[query.command], key) ? NOT_USED[query.command][key] : undefined;
      if (unused) warn(`${table} ${key}`, `is not used: ${unused}`);
      const underscored = key.replace(/-/g, '_');
      if (underscored !== key && (KEYS as readonly string[]).includes(underscored)) {
        warn(`${table} ${key}`, `is not read: SAM CLI's key is ${underscored}, with underscores (its option's long name), and it ignores this one too`);
      }
    }
  }
  if (query.command === 'dev') {
    for (const key of Object.keys(tableParameters(document, env, START_LAMBDA))) {
      const instead = key === 'port' ? 'give its port with pylambda dev --lambda-port' : 'it has no equivalent there';
      warn(`[${env}.${START_LAMBDA}.parameters] ${key}`, `is not used: sam local start-lambda's Lambda Invoke API is served by dev; ${instead}`);
    }
  }
  const text = (key: Key): string | undefined => {
    const entry = values[key];
    if (entry === undefined || typeof entry.value === 'string') return entry?.value as string | undefined;
    warn(`${entry.table} ${key}`, `must be a string, not ${describeValue(entry.value)}: it is not read`);
    return undefined;
  };

  const fromFile = values.parameter_overrides === undefined ? undefined : overrides(values.parameter_overrides, query.file, warn);
  const parameterOverrides = cli.parameterOverrides ?? fromFile;
  const parameterSource = cli.parameterOverrides ? '--parameter-overrides' : fromFile ? `${query.file} ${values.parameter_overrides!.table}` : undefined;
  const hints = parameterHints(document, { ...query, env }, cli.parameterOverrides && fromFile ? values.parameter_overrides!.table : undefined);
  const region = text('region');
  const envVars = cli.envVars ?? text('env_vars');
  // An option of sam local's commands (and sam deploy's, whose table is not read); pylambda package runs no function.
  const profile = query.command === 'dev' || query.command === 'invoke' ? text('profile') : undefined;
  return {
    ...(profile ? { profile } : {}),
    ...(parameterOverrides ? { parameterOverrides } : {}),
    ...(parameterSource ? { parameterSource } : {}),
    ...(Object.keys(hints).length > 0 ? { parameterHints: hints } : {}),
    ...(region ? { region } : {}),
    ...(envVars ? { envVars } : {}),
    diagnostics,
  };
}

/** `"A=1 B=2"`, or a list of such strings (click's multiple option, as SAM CLI takes it from the file). */
function overrides(entry: { value: unknown; table: string }, file: string, warn: (path: string, message: string) => void): Record<string, string> | undefined {
  const { value, table } = entry;
  if (typeof value === 'string') return parseParameterOverrides([value], `${file} ${table} parameter_overrides:`);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return parseParameterOverrides(value as string[], `${file} ${table} parameter_overrides:`);
  warn(`${table} parameter_overrides`, `must be a string (A=1 B=2) or a list of strings, not ${describeValue(value)}: it is not read`);
  return undefined;
}

/**
 * For each parameter the file sets where this command does not read it (another environment, another command's
 * table such as `deploy`, where `sam deploy --guided` saves them, a `parameter-overrides` key), or in a list the
 * command line replaced: where it is, and how to use it.
 */
function parameterHints(document: SamconfigDocument, query: SamconfigQuery & { env: string }, replacedTable: string | undefined): Record<string, string> {
  const read = readTables(query.command);
  const sam = query.command ? COMMANDS[query.command].sam : 'sam';
  const places = new Map<string, Array<{ env: string; table: string; key: string }>>();
  for (const env of environments(document)) {
    for (const table of Object.keys(document[env] as Record<string, unknown>)) {
      const parameters = tableParameters(document, env, table);
      for (const key of ['parameter_overrides', 'parameter-overrides']) {
        for (const name of overrideNames(parameters[key])) places.set(name, [...(places.get(name) ?? []), { env, table, key }]);
      }
    }
  }
  const hints: Record<string, string> = {};
  const at = (p: { env: string; table: string }) => `[${p.env}.${p.table}.parameters]`;
  for (const [name, found] of places) {
    const readable = found.filter((p) => read.includes(p.table));
    const here = readable.find((p) => p.env === query.env && p.key === 'parameter_overrides');
    const misspelt = readable.find((p) => p.env === query.env);
    const otherEnv = readable.find((p) => p.env !== query.env && p.key === 'parameter_overrides');
    const elsewhere = found.find((p) => p.env === query.env) ?? found[0]!;
    if (here) {
      if (replacedTable) hints[name] = `${query.file} sets it in ${replacedTable}, but --parameter-overrides replaces that list whole, as with sam`;
    } else if (misspelt) {
      hints[name] = `${query.file} sets it in ${at(misspelt)} under parameter-overrides, which SAM CLI does not read either: write parameter_overrides`;
    } else if (otherEnv) {
      hints[name] = `${query.file} sets it in ${at(otherEnv)}: choose that environment with --config-env ${otherEnv.env}`;
    } else {
      hints[name] = `${query.file} sets it in ${at(elsewhere)} only, which ${sam} does not read either: set it in [${elsewhere.env}.global.parameters]`;
    }
  }
  return hints;
}

/** The parameters a parameter_overrides value names; none when it cannot be read (it is reported where it is read). */
function overrideNames(value: unknown): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  try {
    return Object.keys(parseParameterOverrides(items));
  } catch {
    return [];
  }
}

function readTables(command: SamconfigCommand | undefined): string[] {
  return ['global', ...(command ? COMMANDS[command].tables : [])];
}

/** The `parameters` of `[env.table.parameters]`, none when the file has no such table. */
export function tableParameters(document: SamconfigDocument, env: string, table: string): Record<string, unknown> {
  const envTable = document[env];
  const commandTable = isRecord(envTable) ? envTable[table] : undefined;
  const parameters = isRecord(commandTable) ? commandTable.parameters : undefined;
  return isRecord(parameters) ? parameters : {};
}

/** The file's environments: its top-level tables (SamConfig.get_stage_configuration_names). */
function environments(document: SamconfigDocument): string[] {
  return Object.keys(document).filter((key) => isRecord(document[key]));
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a table';
  return `${typeof value} ${JSON.stringify(value)}`;
}
