import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigRun, ServerlessConfigFormat } from '../core/model/serverless/config-file.js';
import { runToEnd } from './process.js';

/** The loader that runs a configuration written as code and answers with its object (runtime/node/pylambda_load_config.mjs). */
export const NODE_CONFIG_SCRIPT = fileURLToPath(new URL('../../runtime/node/pylambda_load_config.mjs', import.meta.url));

/** How long a configuration in code may take to give its object: ts-node's first compile takes a few seconds. */
export const NODE_CONFIG_TIMEOUT_MS = 30_000;

export interface NodeConfigOptions {
  /** The configuration file, absolute: the process runs in its directory, as the Framework runs in the service's. */
  readonly path: string;
  readonly format: ServerlessConfigFormat;
  /** The command line's options, as the file's process.argv gives them after the program (`--stage`, `prod`). */
  readonly args?: readonly string[];
  /** The user's environment: the file reads process.env as it would under the Framework. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Stops the run (a newer save of the file is being read): resolves as soon as the process is gone. */
  readonly signal?: AbortSignal;
  /** Called at 2 s, 5 s, 10 s, ... while it runs. */
  readonly onWaiting?: (seconds: number) => void;
}

/** An environment as a process takes it: the variables set, without those a read unset (undefined). */
export function definedEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Runs the file with the Node that runs pylambda, in a process of its own; what it prints is kept from pylambda's output. */
export function runNodeConfig(options: NodeConfigOptions): Promise<ConfigRun> {
  return runLoader([options.path, options.format], dirname(options.path), options);
}

async function runLoader(head: readonly string[], cwd: string, options: Omit<NodeConfigOptions, 'format' | 'path'>): Promise<ConfigRun> {
  const env = definedEnv(options.env);
  const timeoutMs = options.timeoutMs ?? NODE_CONFIG_TIMEOUT_MS;
  const run = await runToEnd([process.execPath, NODE_CONFIG_SCRIPT, ...head, ...(options.args ?? [])], {
    cwd, env, timeoutMs, signal: options.signal, onWaiting: options.onWaiting,
  });
  return { ...run, timeoutMs };
}
