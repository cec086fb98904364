/** Header lists: look-ups, grouping of repeats, and the checks a gateway makes before sending a header. */

import type { HeaderList } from './request.js';

/** Every value of a header, in order, whatever the case of its name. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

/** The first value of a header, or undefined. */
export function firstHeader(headers: HeaderList, name: string): string | undefined {
  return headerValues(headers, name)[0];
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  return firstHeader(headers, name) !== undefined;
}

/**
 * Repeated headers grouped under one name, in the order first seen. `lowerCase` names them in lower case
 * (HTTP API, ALB, function URLs); otherwise the first spelling received is kept (REST APIs keep the case).
 */
export function groupHeaders(headers: HeaderList, options: { lowerCase: boolean }): Map<string, string[]> {
  const byKey = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const entry = byKey.get(key);
    if (entry) entry.values.push(value);
    else byKey.set(key, { name: options.lowerCase ? key : name, values: [value] });
  }
  return new Map([...byKey.values()].map((e) => [e.name, e.values]));
}

/** The list without the headers `drop` selects (by lower-case name). */
export function withoutHeaders(headers: HeaderList, drop: (lowerName: string) => boolean): HeaderList {
  return headers.filter(([name]) => !drop(name.toLowerCase()));
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Whether a name and value can go on the wire. A gateway answers a function that returns anything else with
 * its malformed-response error; checking here also keeps Node's `setHeader` from throwing in the server.
 */
export function isSendableHeader(name: string, value: string): boolean {
  return TOKEN.test(name) && !/[\r\n\0]/.test(value);
}
