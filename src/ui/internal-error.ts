import type { Style } from './io.js';

/**
 * A bug of pylambda's, as every command says it: its message, then its stack with --debug, else how to see it. The
 * same for a command that failed, a cleanup at Ctrl-C that did, and what dev met in work it does not wait for.
 */
export function internalErrorText(error: Error, style: Style, debug: boolean): string {
  const more = debug ? error.stack ?? error.message : 'This is a bug in pylambda. Run again with --debug to see the stack trace, and report it.';
  return `${style.red('internal error:')} ${error.message}\n${more}`;
}
