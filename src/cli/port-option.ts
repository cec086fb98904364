import { UserError } from '../core/errors.js';
import { portNumber } from '../core/model/port.js';

/** A port number given on the command line; 0 (pick a free one) where `zero` allows it. */
export function portOption(text: string, option: string, zero = true): number {
  const least = zero ? 0 : 1;
  const port = portNumber(text, least);
  if (port === undefined) throw new UserError(`${option} must be a port number (${least}-65535), not '${text}'`, { exitCode: 2 });
  return port;
}
