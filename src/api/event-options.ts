import { UserError } from '../core/errors.js';
import { jsonMessage } from '../core/json-position.js';

/** What a JSON option takes when its option says no more: an object, as most event fields are. */
const OBJECT_EXAMPLE = '{"id": "1"}';
/** A given value is quoted back; a long one only its start, so that the error stays a line or two. */
const SHOWN = 60;

/**
 * A JSON option's value, or a UserError that names the flag, quotes what was given and shows JSON it takes, quoted
 * for the shell: a shell that ate the double quotes (`--detail {id:1}`) is the usual reason it is not JSON.
 */
export function jsonOption(flag: string, text: string, example = OBJECT_EXAMPLE): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const given = text.length > SHOWN ? `${text.slice(0, SHOWN)}...` : text;
    throw new UserError(`${flag} must be JSON, like ${flag} '${example}', not '${given}' (${jsonMessage((error as Error).message)})`, { exitCode: 2 });
  }
}

/** A JSON option that must be an object (`why`: the AWS rule that says so; `example`: one it takes). */
export function jsonObjectOption(flag: string, text: string, why?: string, example = OBJECT_EXAMPLE): Record<string, unknown> {
  const value = jsonOption(flag, text, example);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new UserError(`${flag} must be a JSON object, like ${example}, not ${kind}${why ? ` (${why})` : ''}`, { exitCode: 2 });
  }
  return value as Record<string, unknown>;
}
