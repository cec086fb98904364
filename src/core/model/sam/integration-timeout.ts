import type { FieldReader } from '../fields.js';

/**
 * An integration's own timeout (an event's `TimeoutInMillis`, an OpenAPI integration's `timeoutInMillis`): the
 * route then answers 504 (REST) or 503 (HTTP API) that much sooner. From 50 ms; an HTTP API's integrations to
 * 30 s, a REST API's to 29 s unless the account's quota was raised (regional APIs, since 2024; 300 s at most),
 * which is not checked here.
 */
export function integrationTimeout(value: unknown, kind: 'rest' | 'http', path: string, r: FieldReader): { integrationTimeoutMs?: number } {
  const ms = r.integer(value, path);
  if (ms === undefined) return {};
  if (ms < 50 || ms > (kind === 'http' ? 30_000 : 300_000)) {
    r.error(path, `${ms} is outside ${kind === 'http' ? "an HTTP API integration's 50 to 30000" : "a REST integration's 50 to 300000 (past 29000 with a raised quota)"}`);
    return {};
  }
  return { integrationTimeoutMs: ms };
}
