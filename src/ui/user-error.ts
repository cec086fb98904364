import type { UserError } from '../core/errors.js';
import type { Style } from './io.js';

/** A UserError as the terminal shows it: `error: message`, then its hint. */
export function userErrorText(error: UserError, style: Style): string {
  return `${style.red('error:')} ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`;
}

/** A UserError as --json's `error` object: its details (a ConfigError's file and problems), message and hint. */
export function userErrorJson(error: UserError): Record<string, unknown> {
  return { ...error.details, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
}
