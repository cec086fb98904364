import { UserError } from '../core/errors.js';

/** A port that something else listens on: a caller that looks for a free port (dev's Lambda API) tries the next. */
export class PortInUse extends UserError {}

/**
 * Which of dev's options an error is about (in --json's error too): the command line says it in the terms of the file
 * the value came from when it was not given (samconfig.toml's or serverless.yml's host and port, core/model/dev-listen.ts).
 */
const HOST = { option: 'host' } as const;
const PORT = { option: 'port' } as const;
/** The Lambda API's port (--lambda-port, serverless.yml's custom.serverless-offline.lambdaPort). */
export const LAMBDA_PORT = { option: 'lambdaPort' } as const;

/** A --host that a server cannot listen on, said the same for every server dev starts; undefined for other errors. */
export function hostError(error: NodeJS.ErrnoException, host: string): UserError | undefined {
  switch (error.code) {
    case 'EADDRNOTAVAIL':
      return new UserError(`--host ${host} is not an address of this machine`, { hint: 'Pass one it has: 127.0.0.1 (the default), 0.0.0.0 for every interface, or one of its own.', details: HOST });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`--host ${host} is not a name this machine can resolve`, { hint: 'Pass an address: 127.0.0.1 (the default) or 0.0.0.0 for every interface.', details: HOST });
    default:
      return undefined;
  }
}

/** Why a gateway cannot listen, said in the user's terms; anything else stays an internal error. */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number, endpoint: string): Error {
  // Each endpoint takes the port after the previous one's: the port named may not be the one --port gave.
  const elsewhere = 'pass --port to start elsewhere (each endpoint takes the next port from it; --port 0 picks free ports)';
  switch (error.code) {
    case 'EADDRINUSE':
      return new PortInUse(`Port ${port} on ${host}, for the ${endpoint}, is in use`, { hint: `Stop what uses it, or ${elsewhere}.`, details: PORT });
    case 'EACCES':
      return new UserError(`Port ${port} on ${host}, for the ${endpoint}, needs privileges this user does not have`, { hint: `Ports below 1024 are reserved: ${elsewhere}.`, details: PORT });
    default:
      return hostError(error, host) ?? error;
  }
}
