import { asError } from '../core/errors.js';
import type { DevEvent } from './dev-types.js';

/**
 * The rejection handler of work dev does not wait for (a server closing, a queued Event invocation, a poller): what
 * rejects there is pylambda's bug, said as an `error` event (its stack under --debug), where Node 20 would have ended
 * dev on the unhandled rejection.
 */
export function errorEvent(onEvent: (event: DevEvent) => void): (error: unknown) => void {
  return (error) => onEvent({ type: 'error', error: asError(error) });
}
