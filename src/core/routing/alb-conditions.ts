import type { AlbConditions } from '../model/project.js';
import { matchesIgnoringCase } from './alb-patterns.js';

/** What of a request an ALB rule's conditions look at, beyond its method and path. */
export interface AlbRequestView {
  /** Header name and value pairs, as received. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The query string, without `?`. */
  readonly rawQuery: string;
}


function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Whether every condition of a rule holds for the request (no conditions: it does). Case-insensitive, as the
 * ELB docs say of host-header, http-header values and query-string conditions.
 */
export function albConditionsHold(conditions: AlbConditions | undefined, request: AlbRequestView): boolean {
  if (!conditions) return true;
  const header = (name: string) => request.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  if (conditions.hosts) {
    const host = (header('host')[0] ?? '').replace(/:\d+$/, '');
    if (!conditions.hosts.some((pattern) => matchesIgnoringCase(pattern, host))) return false;
  }
  for (const { name, values } of conditions.headers ?? []) {
    const sent = header(name);
    if (!sent.some((value) => values.some((pattern) => matchesIgnoringCase(pattern, value)))) return false;
  }
  if (conditions.query) {
    const pairs = request.rawQuery.split('&').filter(Boolean).map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [decode(pair), ''] as const : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))] as const;
    });
    const held = conditions.query.some(({ key, value }) => pairs.some(([k, v]) => (key === undefined || matchesIgnoringCase(key, k)) && matchesIgnoringCase(value, v)));
    if (!held) return false;
  }
  return true;
}
