import type { FrameRefusal } from './websocket-frames.js';

/**
 * How long API Gateway keeps a WebSocket connection (quotas for WebSocket APIs: "Idle Connection Timeout" 10 minutes,
 * "Connection duration" 2 hours), after which it closes it with 1001, going away, and `$disconnect` runs.
 */

export interface ConnectionLimits {
  /** Without a frame either way for this long, the connection closes. */
  readonly idleMs: number;
  /** Open this long, the connection closes whatever it carries. */
  readonly maxMs: number;
}

export const API_GATEWAY_LIMITS: ConnectionLimits = { idleMs: 10 * 60_000, maxMs: 2 * 3_600_000 };

export const GOING_AWAY = 1001;

/** When the connection ends unless a frame comes first, and why. */
export function connectionEnd(times: { readonly connectedAt: number; readonly lastTrafficAt: number }, limits: ConnectionLimits): { at: number; refusal: FrameRefusal } {
  const idleEnd = times.lastTrafficAt + limits.idleMs;
  const maxEnd = times.connectedAt + limits.maxMs;
  return maxEnd <= idleEnd
    ? { at: maxEnd, refusal: { code: GOING_AWAY, label: '(connection duration)', why: `open for ${duration(limits.maxMs)}, API Gateway's longest: it closes the connection with 1001` } }
    : { at: idleEnd, refusal: { code: GOING_AWAY, label: '(idle timeout)', why: `no message either way for ${duration(limits.idleMs)}: API Gateway closes the connection with 1001` } };
}

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
