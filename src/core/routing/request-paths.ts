/**
 * The request path each gateway routes on. REST APIs route on the path as it arrived, percent-encoded;
 * HTTP APIs decode it first. The router and the HTTP API codecs (rawPath, http.path, payload 1.0 `path`)
 * both take the path from here, so an event's path and its path parameters cannot disagree.
 */

/** The path part of a request target: everything before `?` or `#`. */
export function pathOnly(target: string): string {
  const end = target.search(/[?#]/);
  return end < 0 ? target : target.slice(0, end);
}

export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * REST API segments, still percent-encoded. A trailing slash is ignored (`/todos/` reaches `/todos`:
 * Powertools' end-to-end test test_api_gateway_rest_trailing_slash against a deployed API; SAM's translator
 * notes "API Gateway treats /path and /path/ as the same resource"), and so are extra leading slashes
 * (LocalStack's router, test_route_request_with_double_slash_and_trailing).
 */
export function restSegments(rawPath: string): string[] {
  const path = pathOnly(rawPath).replace(/^\/+/, '/').replace(/(.)\/+$/, '$1');
  return path === '/' || path === '' ? [] : path.slice(1).split('/');
}

/**
 * The path an HTTP API routes on and puts in `rawPath` and `requestContext.http.path`, or undefined when
 * API Gateway answers 400. Observed on a deployed HTTP API (hotsock/voker, vokerhttp/testdata/ingress-paths.json,
 * captured live): the path is percent-decoded, cut at a decoded `?` (`question%3Fvalue` arrives as `question`;
 * the query string is untouched), then decoded once more (`%252F` arrives as `/`, `%2525` as `%`), and a path
 * whose second decoding fails (`percent%25done`) is rejected with 400. A decoded `#` stays (`hash#value`).
 */
export function httpApiPath(rawPath: string): string | undefined {
  const once = safeDecode(pathOnly(rawPath));
  if (once === undefined) return undefined;
  const cut = once.indexOf('?');
  return safeDecode(cut < 0 ? once : once.slice(0, cut));
}

/** HTTP API segments of a decoded path; a trailing slash is significant (`/todos/` does not reach `/todos`). */
export function httpApiSegments(path: string): string[] {
  return path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
}
