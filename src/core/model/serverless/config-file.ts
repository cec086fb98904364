import type { Diagnostic } from '../../errors.js';

/**
 * The names the Serverless Framework v3 looks for in the service directory, in its order: the first that
 * exists is the configuration (lib/cli/resolve-configuration-path.js, `supportedExtensions`).
 */
export const SERVERLESS_CONFIG_NAMES: readonly string[] = ['yml', 'yaml', 'json', 'js', 'mjs', 'cjs', 'ts'].map((ext) => `serverless.${ext}`);

/**
 * How a configuration file is read, by its extension, as lib/configuration/read.js reads it: YAML, JSON, or
 * code run by Node for the object it exports (`commonjs`: `require`d, `.js` and `.cjs`; `esm`: `import`ed,
 * its default export; `typescript`: `require`d through ts-node).
 */
export type ServerlessConfigFormat = 'yaml' | 'json' | 'commonjs' | 'esm' | 'typescript';

const FORMATS: Readonly<Record<string, ServerlessConfigFormat>> = {
  '.yml': 'yaml', '.yaml': 'yaml', '.json': 'json', '.js': 'commonjs', '.cjs': 'commonjs', '.mjs': 'esm', '.ts': 'typescript',
};

/** The format of a file by its name; undefined for an extension the Framework does not read. */
export function serverlessConfigFormat(name: string): ServerlessConfigFormat | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? FORMATS[name.slice(dot).toLowerCase()] : undefined;
}

/** A configuration only Node can read: it is run, in a process of its own, for the object it exports. */
export function isCodeConfig(format: ServerlessConfigFormat | undefined): boolean {
  return format === 'commonjs' || format === 'esm' || format === 'typescript';
}

/** serverless.json, parsed as the Framework parses it (`JSON.parse`): its value, or why it is not one. */
export function parseServerlessJson(text: string, file: string): { value: unknown } | { diagnostics: Diagnostic[] } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { diagnostics: [{ severity: 'error', file, path: '', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
}

/**
 * What the loader (runtime/node/pylambda_load_config.mjs) answers on its stdout, one JSON line, with `files`:
 * the service's own modules the file required, absolute.
 */
export type ConfigAnswer = { readonly files?: readonly string[] } & (
  | { readonly config: unknown }
  | { readonly error: 'thrown'; readonly message: string; readonly stack?: string }
  | { readonly error: 'ts-node'; readonly message: string }
  | { readonly error: 'not-object'; readonly type: string }
  | { readonly error: 'not-json'; readonly message: string }
  | { readonly error: 'unsettled' }
  | { readonly error: 'exited'; readonly code: number });

/** How a run of the loader ended, as the adapter saw it. */
export interface ConfigRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
}

/** Why a configuration in code gave no configuration: a message and a hint for a UserError. */
export interface ConfigProblem {
  readonly message: string;
  readonly hint?: string;
}

/**
 * The configuration a run of the loader gave, or what the user is told instead. `file` is the name shown,
 * `path` the file's absolute path (to find its line in a stack).
 */
export function configFromRun(run: ConfigRun, file: string, path: string): ({ value: unknown } | { problem: ConfigProblem }) & { files?: readonly string[] } {
  if (run.timedOut) {
    return { problem: {
      message: `Cannot load ${file}: it gave no configuration within ${run.timeoutMs / 1000} s, so pylambda stopped it (a Promise that never settles?)`,
      hint: `Its export must be the configuration, or a Promise that resolves to it; PYLAMBDA_CONFIG_TIMEOUT sets the limit in seconds.`,
    } };
  }
  const answer = lastAnswer(run.stdout);
  const files = answer?.files?.length ? { files: answer.files } : {};
  if (!answer) {
    const said = tail(run.stderr);
    return { problem: { message: `Cannot load ${file}: Node stopped with exit code ${run.code ?? 'none'} before it gave the configuration${said ? `:\n${said}` : ''}` } };
  }
  if ('config' in answer) return defaultOnly(answer.config) ? { problem: DEFAULT_ONLY(file), ...files } : { value: answer.config, ...files };
  return { problem: answerProblem(answer, file, path), ...files };
}

/**
 * `export default config` compiled to CommonJS (ts-node's, TypeScript's `module: commonjs`) leaves module.exports
 * `{default: config}`, which the Framework v3 takes as it is (lib/configuration/read.js reads module.exports) and
 * then finds no service in: said at its cause.
 */
function defaultOnly(config: unknown): boolean {
  return typeof config === 'object' && config !== null && !Array.isArray(config) && Object.keys(config).join() === 'default';
}

const DEFAULT_ONLY = (file: string): ConfigProblem => ({
  message: `Invalid configuration in ${file}: its one export is \`default\`, and the Serverless Framework v3 reads module.exports, where \`export default\` puts the configuration under a \`default\` key`,
  hint: file.endsWith('.ts') ? 'End it with `export = config;` (or `module.exports = config;`).' : 'End it with `module.exports = config;`.',
});

function answerProblem(answer: Exclude<ConfigAnswer, { config: unknown }>, file: string, path: string): ConfigProblem {
  switch (answer.error) {
    case 'thrown': {
      const at = userStackLine(answer.stack, path);
      return { message: `Cannot load ${file}: ${answer.message}${at ? `\n    at ${at}` : ''}` };
    }
    case 'ts-node':
      return {
        message: `Cannot load ${file}: the Serverless Framework reads TypeScript through ts-node, which is not installed in the service (nor globally)`,
        hint: 'Install it in the service directory: npm install --save-dev ts-node typescript',
      };
    case 'not-object':
      return {
        message: `Invalid configuration in ${file}: it exports ${answer.type}, where the Serverless Framework expects a plain object`,
        hint: answer.type === 'a function'
          ? 'The Framework v3 does not call an exported function: export the object, or a Promise of it (module.exports = build()).'
          : 'Export the configuration object (module.exports = {...}), or a Promise that resolves to it.',
      };
    case 'unsettled':
      return { message: `Cannot load ${file}: its export is a Promise that never settled (Node had nothing left to run)`, hint: 'Resolve the Promise with the configuration object.' };
    case 'exited':
      return { message: `Cannot load ${file}: it ended the process (process.exit(${answer.code})) before it gave the configuration` };
    case 'not-json':
      return { message: `Invalid configuration in ${file}: it is not plain JSON data (${answer.message})` };
  }
}

/**
 * The first line of a stack that is in the configuration's own files (not Node's, not node_modules'), from the
 * service directory and without its function's name: `serverless.js:4:9` says where the error is, where the
 * whole stack says nothing more.
 */
export function userStackLine(stack: string | undefined, path: string): string | undefined {
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const at = /^\s*at (?:.*? \()?((?:file:\/\/)?(\/[^()]*?):\d+:\d+)\)?$/.exec(line);
    if (!at) continue;
    const where = at[2]!;
    if (where.startsWith(dir) && !where.includes('/node_modules/')) return at[1]!.replace(/^file:\/\//, '').slice(dir.length);
  }
  return undefined;
}

function lastAnswer(stdout: string): ConfigAnswer | undefined {
  const line = stdout.trimEnd().split('\n').at(-1);
  if (!line) return undefined;
  try {
    const answer = JSON.parse(line) as unknown;
    return typeof answer === 'object' && answer !== null && ('config' in answer || 'error' in answer) ? answer as ConfigAnswer : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of what the process said: its own error, without a long stack. */
function tail(text: string): string {
  return text.trim().split('\n').slice(-10).join('\n');
}
