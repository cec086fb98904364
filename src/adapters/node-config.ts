import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigRun, ServerlessConfigFormat } from '../core/model/serverless/config-file.js';
import { StringDecoder } from 'node:string_decoder';
import type { JsQuestion, JsReply } from '../core/model/serverless/variables/js-questions.js';
import { runToEnd, type RunToEndOptions } from './process.js';

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

/** Runs the file with the Node that runs pylambda, in a process of its own; what it prints is kept from pylambda's output. */
export function runNodeConfig(options: NodeConfigOptions): Promise<ConfigRun> {
  return runLoader([options.path, options.format], dirname(options.path), options);
}

export interface JsVariableFileOptions extends Omit<NodeConfigOptions, 'format'> {
  /** The service directory: the Framework requires the file from its own process, which runs there. */
  readonly cwd: string;
  /** The addresses to give (`${file(./x.js):a.b}`), null for the whole export. */
  readonly addresses: readonly (string | null)[];
  /** The Framework's `options` a function export is called with: the command line's (`stage`, `region`, `param`). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Answers a function's resolveVariable and resolveConfigurationProperty while it runs. */
  readonly ask: (question: JsQuestion) => Promise<JsReply>;
  /** Told of the loader's answer for `addresses[index]` as soon as it has it, before the others. */
  readonly onSettled: (index: number, answer: unknown) => void;
}

/** Runs a file `${file(./x.js)}` variables name, for their values (runtime/node/file-variables.mjs), in one process. */
export function runJsVariableFile(options: JsVariableFileOptions): Promise<ConfigRun> {
  const { ask, onSettled } = options;
  return runLoader([options.path, 'file-variable', JSON.stringify({ addresses: options.addresses, options: options.options })], options.cwd, {
    ...options,
    stdinPipe: true,
    // Its questions and early values are lines on stdout before the last (pylambda_load_config.mjs asker), answered on stdin.
    onStarted: (child) => {
      const stdin = child.child.stdin;
      // An answer that comes after the process ended (killed at its timeout) goes nowhere.
      stdin?.on('error', () => undefined);
      const decoder = new StringDecoder('utf8');
      let buffered = '';
      child.child.stdout?.on('data', (chunk: Buffer) => {
        buffered += decoder.write(chunk);
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const message = parseLine(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
          if (typeof message?.settled === 'number') onSettled(message.settled, message.answer);
          if (typeof message?.ask !== 'number') continue;
          const id = message.ask;
          ask({ name: message.name as JsQuestion['name'], argument: message.argument, address: typeof message.address === 'string' ? message.address : null })
            .catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }))
            .then((reply) => stdin?.writable && stdin.write(`${JSON.stringify({ answer: id, ...reply })}\n`))
            .catch(() => undefined);
        }
      });
    },
  });
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function runLoader(head: readonly string[], cwd: string, options: Omit<NodeConfigOptions, 'format' | 'path'> & Pick<RunToEndOptions, 'onStarted'> & { stdinPipe?: boolean }): Promise<ConfigRun> {
  const env = Object.fromEntries(Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined));
  const timeoutMs = options.timeoutMs ?? NODE_CONFIG_TIMEOUT_MS;
  const run = await runToEnd([process.execPath, NODE_CONFIG_SCRIPT, ...head, ...(options.args ?? [])], {
    cwd, env, timeoutMs, signal: options.signal, onWaiting: options.onWaiting, onStarted: options.onStarted, ...(options.stdinPipe ? { stdinPipe: true } : {}),
  });
  return { ...run, timeoutMs };
}
