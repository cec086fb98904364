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

/**
 * A response's headers with those `renamed` selects (by lower-case name) sent as `x-amzn-Remapped-<name as the
 * function wrote it>`, as REST APIs and function URLs do with headers they keep for themselves
 * (`x-amzn-Remapped-www-authenticate` in the captures that apigw-rest and function-url cite).
 */
export function remapHeaders(headers: HeaderList, renamed: ReadonlySet<string>): Array<[string, string]> {
  return headers.map(([name, value]) => [renamed.has(name.toLowerCase()) ? `x-amzn-Remapped-${name}` : name, value]);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether text is a field name: a token, so no spaces, colons or quotes (RFC 9110 5.1 and 5.6.2). */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

/** Control characters, which no header value or reason phrase may hold; tab is the one allowed (RFC 9110 5.5). */
export const CONTROL_CHARACTERS = /[\0-\x08\x0a-\x1f\x7f]/;

/**
 * Whether a name and value can go on the wire. A gateway answers a function that returns anything else with
 * its malformed-response error; checking here also keeps Node's `setHeader` from throwing in the server.
 * Characters past ASCII can: they go out as their UTF-8 bytes (see wireText).
 */
export function isSendableHeader(name: string, value: string): boolean {
  return isHeaderName(name) && !CONTROL_CHARACTERS.test(value);
}

/** Whether header text holds anything but printable ASCII and tab: then its characters are not its bytes. */
export function pastAscii(text: string): boolean {
  return /[^\t\x20-\x7e]/.test(text);
}

/**
 * Text for a header value or reason phrase as Node must be given it to send its UTF-8 bytes: Node writes
 * header strings as Latin-1, one byte per character, and refuses characters past U+00FF. `日本.pdf` in a
 * Content-Disposition goes out as the UTF-8 bytes a client decodes back, as from the real gateways.
 */
export function wireText(text: string): string {
  return pastAscii(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/**
 * A request header value as the function gets it: Node reads header bytes as Latin-1, one character per
 * byte, where a client sends UTF-8 (`café`): decoded back to the text that was sent.
 */
export function fromWireText(value: string): string {
  if (!pastAscii(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  const text = bytes.toString('utf8');
  // Bytes that are not UTF-8 stay the Latin-1 characters they were.
  return Buffer.from(text, 'utf8').equals(bytes) ? text : value;
}
