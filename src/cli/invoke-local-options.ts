import { dirname } from 'node:path';
import { readInvokeLocalEvent } from '../api/event-input.js';
import { UserError } from '../core/errors.js';
import { parseEnvOptions } from '../core/model/serverless/invoke-local.js';
import { listOption, stringOption, type OptionSpec, type ParsedArgs } from './command.js';

/**
 * `serverless invoke local`'s options that mean the same here (Framework v3, lib/cli/commands-schema/aws-service.js,
 * 'invoke local'), so a Serverless user's habit works: -f, -p, -d, --raw, --env. Its -e (--env) stays sam local
 * invoke's --event, and its --context and --contextPath, a made-up context's attributes, are refused
 * (serverless-peer-options.ts): the context here is Lambda's.
 */
export const INVOKE_LOCAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  function: { type: 'string', short: 'f', value: 'NAME', description: 'The function, as serverless invoke local -f takes it (the same as the first argument)' },
  path: { type: 'string', short: 'p', value: 'FILE', description: "The event from a file, as serverless invoke local --path reads it: relative to the project's directory, a .json file JSON, a .yml or .yaml one YAML, any other's text JSON or else a string" },
  data: { type: 'string', short: 'd', value: 'TEXT', description: "The event itself, as serverless invoke local --data takes it: JSON ('{\"key\": 1}'), or else a string (hello sends \"hello\")" },
  raw: { type: 'boolean', description: "With --data or --path: the text is the event as a string, even when it is JSON (serverless invoke local's --raw)" },
  env: { type: 'string', multiple: true, value: 'NAME=VALUE', description: "A variable of the function's environment, over serverless.yml's and --env-vars' (serverless invoke local's --env); repeated for several" },
};

export interface InvokeLocalChoice {
  readonly functionName?: string;
  /** --path's or --data's event. */
  readonly event?: { readonly payload: Buffer; readonly label: string };
  readonly env?: Record<string, string>;
}

/** What serverless invoke local's options ask for; a clash with pylambda's own (--event, the first argument) is an error. */
export async function invokeLocalChoice(args: ParsedArgs, cwd: string, template: string | undefined): Promise<InvokeLocalChoice> {
  const named = stringOption(args, 'function');
  const positional = args.positionals[0];
  if (named !== undefined && positional !== undefined && named !== positional) {
    throw new UserError(`--function ${named} and the first argument ${positional} name two functions: give one`, { exitCode: 2 });
  }
  const path = stringOption(args, 'path');
  const data = stringOption(args, 'data');
  const event = stringOption(args, 'event');
  const given = [['--event', event], ['--path', path], ['--data', data]].filter(([, v]) => v !== undefined).map(([k]) => k!);
  if (given.length > 1) {
    // sam local invoke's -d is its debugger's port: `-e event.json -d 5858` from habit.
    const sam = event !== undefined && data !== undefined && /^\d+$/.test(data) ? `; sam local invoke's -d ${data} is --debug-port ${data} here` : '';
    throw new UserError(`${given.join(' and ')} each give the event: give one${sam}`, { exitCode: 2 });
  }
  if (args.values.raw === true && path === undefined && data === undefined) {
    throw new UserError('--raw says how --data or --path is read: give one of them (an --event file is JSON)', { exitCode: 2 });
  }
  const env = parseEnvOptions(listOption(args, 'env'));
  if ('error' in env) throw new UserError(env.error, { exitCode: 2 });
  const raw = args.values.raw === true;
  // The Framework reads --path from the service's directory (validateFile), wherever it runs.
  const read = path !== undefined ? await readInvokeLocalEvent({ path, dir: template ? dirname(template) : cwd }, raw)
    : data !== undefined ? await readInvokeLocalEvent({ data }, raw) : undefined;
  return {
    ...(named !== undefined ? { functionName: named } : {}),
    ...(read ? { event: read } : {}),
    ...(Object.keys(env.env).length > 0 ? { env: env.env } : {}),
  };
}
