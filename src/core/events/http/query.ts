/** Query strings and paths as the gateways read them: order kept, repeats kept, decoding only where they decode. */

export type Pair = readonly [string, string];

/** What separates the pairs of a query string: `&` for every front door (REST APIs: REST_QUERY_SEPARATORS). */
export const QUERY_SEPARATOR = '&';

/**
 * REST APIs also split at a raw `;`: "The semicolon character (;) is not supported for any request URL query
 * string and results in the data being split" (api-gateway-known-issues, REST APIs); `q=X;Y` reaches the
 * function as `X` (aws-amplify/amplify-swift#4274 and amplify-android#3387 encode `;` for this reason).
 */
export const REST_QUERY_SEPARATORS = /[&;]/;

/** `a=1&b=&c&&d=2` -> [a,1] [b,''] [c,''] [d,2], still encoded; empty segments are skipped. */
export function splitQuery(rawQuery: string, separator: string | RegExp = QUERY_SEPARATOR): Pair[] {
  if (rawQuery === '') return [];
  const pairs: Pair[] = [];
  for (const part of rawQuery.split(separator)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * Percent-decoding that never throws: a malformed escape (`%zz`, or bytes that are not UTF-8) is kept as
 * received instead of failing the request (what the gateways do with such bytes is not documented).
 */
export function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
}

/** A run of escapes: whole if it is UTF-8, else character by character, keeping the escapes that are not. */
function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    const escapes = run.match(/%[0-9A-Fa-f]{2}/g) ?? [];
    let out = '';
    for (let i = 0; i < escapes.length; ) {
      const n = [4, 3, 2, 1].find((len) => i + len <= escapes.length && tryDecode(escapes.slice(i, i + len).join('')) !== undefined);
      out += n === undefined ? escapes[i] : tryDecode(escapes.slice(i, i + n).join(''));
      i += n ?? 1;
    }
    return out;
  }
}

function tryDecode(escapes: string): string | undefined {
  try {
    return decodeURIComponent(escapes);
  } catch {
    return undefined;
  }
}

/**
 * Form decoding (`+` is a space). REST and HTTP APIs decode query values this way: `?sort=-+createdAt`
 * arrives as `- createdAt` (aws/aws-cdk#19827; live captures in hotsock/voker vokerhttp/testdata).
 */
export function formDecode(text: string): string {
  return percentDecode(text.replace(/\+/g, ' '));
}

export function decodeQuery(rawQuery: string, separator: string | RegExp = QUERY_SEPARATOR): Pair[] {
  return splitQuery(rawQuery, separator).map(([k, v]) => [formDecode(k), formDecode(v)] as const);
}

/** Every value of each key, in order: `{a: ['1', '2']}`. */
export function multiValueMap(pairs: readonly Pair[]): Record<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const values = map.get(k);
    if (values) values.push(v);
    else map.set(k, [v]);
  }
  return Object.fromEntries(map);
}

/** One value per key: the last one received (REST `queryStringParameters`, ALB without multi-value). */
export function lastValueMap(pairs: readonly Pair[]): Record<string, string> {
  return Object.fromEntries(Object.entries(multiValueMap(pairs)).map(([k, vs]) => [k, vs[vs.length - 1]!]));
}

/** One value per key, repeats joined with commas (HTTP API payload 2.0). */
export function joinedMap(pairs: readonly Pair[]): Record<string, string> {
  return Object.fromEntries(Object.entries(multiValueMap(pairs)).map(([k, vs]) => [k, vs.join(',')]));
}
