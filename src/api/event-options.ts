import { UserError } from '../core/errors.js';
import { jsonMessage } from '../core/json-position.js';

/** A JSON option's value, or a UserError that names the flag. */
export function jsonOption(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${flag} must be JSON: ${jsonMessage((error as Error).message)}`, { exitCode: 2 });
  }
}

/** A JSON option that must be an object (`why`: the AWS rule that says so). */
export function jsonObjectOption(flag: string, text: string, why?: string): Record<string, unknown> {
  const value = jsonOption(flag, text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new UserError(`${flag} must be a JSON object, like {"id": "1"}, not ${kind}${why ? ` (${why})` : ''}`, { exitCode: 2 });
  }
  return value as Record<string, unknown>;
}
