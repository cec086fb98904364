import { UserError } from '../core/errors.js';
import { stringOption, type OptionSpec, type ParsedArgs } from './command.js';

/**
 * `serverless offline`'s spellings of dev's own options (serverless-offline 13, src/config/commandOptions.js), taken
 * with the same meaning so that a habit (`--httpPort 4000`) works; its -o (--host) is dev's -o.
 */
export const SERVERLESS_OFFLINE_ALIASES: Readonly<Record<string, OptionSpec>> = {
  httpPort: { type: 'string', value: 'PORT', description: "serverless-offline's spelling of --port" },
  lambdaPort: { type: 'string', value: 'PORT', description: "serverless-offline's spelling of --lambda-port" },
};

/** The value of `name` or of its serverless-offline spelling; both, with two values, is an error. */
export function aliasOption(args: ParsedArgs, name: string, alias: string): string | undefined {
  const own = stringOption(args, name);
  const theirs = stringOption(args, alias);
  if (own !== undefined && theirs !== undefined && own !== theirs) {
    throw new UserError(`--${name} ${own} and --${alias} ${theirs} are one option, given twice: give one`, { exitCode: 2 });
  }
  return own ?? theirs;
}
