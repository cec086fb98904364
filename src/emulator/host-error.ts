import { UserError } from '../core/errors.js';

/** A port that something else listens on: a caller that looks for a free port (dev's Lambda API) tries the next. */
export class PortInUse extends UserError {}

/** A --host that a server cannot listen on, said the same for every server dev starts; undefined for other errors. */
export function hostError(error: NodeJS.ErrnoException, host: string): UserError | undefined {
  switch (error.code) {
    case 'EADDRNOTAVAIL':
      return new UserError(`--host ${host} is not an address of this machine`, { hint: 'Pass one it has: 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of its own.' });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`--host ${host} is not a name this machine can resolve`, { hint: 'Pass an address: 127.0.0.1 (the default) or 0.0.0.0 for every interface.' });
    default:
      return undefined;
  }
}
