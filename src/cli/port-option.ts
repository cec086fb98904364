import { UserError } from '../core/errors.js';

/** A port number given on the command line; 0 (pick a free one) where `zero` allows it. */
export function portOption(text: string, option: string, zero = true): number {
  // Digits only: Number() reads '' (an unset $PORT) as 0, and '0x50' and '1e3' as numbers.
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  const least = zero ? 0 : 1;
  if (!Number.isInteger(port) || port < least || port > 65535) throw new UserError(`${option} must be a port number (${least}-65535), not '${text}'`, { exitCode: 2 });
  return port;
}
